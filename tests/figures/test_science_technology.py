"""Chapter 3's figures (antbook.figures.science_technology)."""

import pandas as pd

from antbook.explorable import Explorable
from antbook.figures.science_technology import threshold_explorable
from antbook.models.borrowers import generate_borrowers
from antbook.models.thresholds import segment_tables


def test_fast_sweep_gives_the_same_data_as_the_model_run_point_by_point():


    frame = generate_borrowers(2000, seed=4)
    fig = threshold_explorable(segment_tables(frame, frame["default_probability"].to_numpy()))
    fast = fig.data_at(threshold=0.12)
    slow = Explorable.data_at(fig, threshold=0.12)
    pd.testing.assert_frame_equal(fast, slow[fast.columns])
