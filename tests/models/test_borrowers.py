"""Tests of the synthetic-borrower generator (chapter 3)."""

import math
from dataclasses import fields

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antbook.data import load_table
from antbook.models.borrowers import (
    DEFAULT_SEED,
    PLATFORM_FEATURES,
    SHOCK_DEBT,
    SHOCK_LEVEL,
    TRADITIONAL_FEATURES,
    BorrowerDesign,
    design_table,
    downturn_probability,
    generate_borrowers,
)
from antbook.models.credit_models import split_borrowers
from antbook.models.thresholds import INTEREST_RATE, LOSS_GIVEN_DEFAULT

N = 20_000


@pytest.fixture(scope="module")
def frame():
    return generate_borrowers(N, seed=DEFAULT_SEED)


def test_same_seed_same_frame_other_seed_other_frame():
    a = generate_borrowers(500, seed=7)
    pd.testing.assert_frame_equal(a, generate_borrowers(500, seed=7))
    assert not a.equals(generate_borrowers(500, seed=8))


def test_columns_and_types(frame):
    for column in TRADITIONAL_FEATURES + PLATFORM_FEATURES + ["group", "thin_file",
                                                              "default_probability", "defaulted"]:
        assert column in frame.columns
    assert frame["borrower_id"].is_unique
    assert set(frame["group"]) == {"A", "B"}
    assert set(frame["defaulted"]) == {0, 1}


def test_population_shares_match_the_design(frame):
    d = BorrowerDesign()
    # Binomial standard error at n = 20,000 is about 0.003; allow 0.015.
    assert abs(frame["thin_file"].mean() - d.thin_share) < 0.015
    assert abs((frame["group"] == "B").mean() - d.group_b_share) < 0.015


def test_history_and_bureau_score_follow_the_thin_file_rule(frame):
    d = BorrowerDesign()
    thin = frame["thin_file"]
    assert (frame.loc[thin, "history_years"] <= d.thin_file_years).all()
    assert (frame.loc[~thin, "history_years"] >= d.thin_file_years).all()
    assert frame.loc[thin, "bureau_score"].isna().all()
    assert frame.loc[~thin, "bureau_score"].notna().all()
    assert abs(frame.loc[~thin, "history_years"].mean() - d.thick_history_mean) < 0.15


def test_feature_distributions_within_tolerance(frame):
    d = BorrowerDesign()
    log_income = np.log(frame["income"])
    assert abs(log_income.mean() - d.income_log_mean) < 0.02
    assert abs(log_income.std() - d.income_log_sd) < 0.02
    assert abs(frame["debt_to_income"].mean() - d.dti_a / (d.dti_a + d.dti_b)) < 0.01
    assert frame["payment_regularity"].between(0, 1).all()
    assert frame["merchant_rating"].between(1, 5).all()
    # Mean of Poisson(exp(mu + 0.35 z)) over z ~ N(0, 1) is exp(mu + 0.35^2 / 2) in group A.
    group_a = frame.loc[frame["group"] == "A", "transaction_diversity"]
    expected = math.exp(d.diversity_log_mean + 0.35 ** 2 / 2)
    assert abs(group_a.mean() / expected - 1) < 0.03


def test_reliability_is_standard_normal_and_drives_default(frame):
    assert abs(frame["reliability"].mean()) < 0.03
    assert abs(frame["reliability"].std() - 1) < 0.03
    low = frame["reliability"] < -1
    assert frame.loc[low, "defaulted"].mean() > 2 * frame.loc[~low, "defaulted"].mean()
    # Defaults are drawn from the latent probability: the means agree within sampling error.
    assert abs(frame["defaulted"].mean() - frame["default_probability"].mean()) < 0.01


def test_groups_are_equally_creditworthy_by_construction(frame):
    by_group = frame.groupby("group")["default_probability"].mean()
    assert abs(by_group["A"] - by_group["B"]) < 0.01
    div = frame.groupby("group")["transaction_diversity"].mean()
    assert div["B"] < 0.7 * div["A"]          # the proxy: group B shops in fewer categories


def test_longer_history_makes_the_bureau_score_sharper(frame):
    thick = frame[~frame["thin_file"]]
    short = thick[thick["history_years"] < 3]
    long = thick[thick["history_years"] >= 6]
    corr_short = short["bureau_score"].corr(short["reliability"])
    corr_long = long["bureau_score"].corr(long["reliability"])
    assert corr_long > corr_short + 0.1


@pytest.mark.parametrize("bad", [-1, 0, -100])
def test_non_positive_sample_size_is_refused(bad):
    with pytest.raises(ValueError, match="sample size"):
        generate_borrowers(bad)


@pytest.mark.parametrize("bad", [2.5, "100", None, True])
def test_non_integer_sample_size_is_refused(bad):
    with pytest.raises(ValueError, match="sample size"):
        generate_borrowers(bad)


def test_bad_design_is_refused():
    with pytest.raises(ValueError, match="thin_share"):
        BorrowerDesign(thin_share=1.5)
    with pytest.raises(ValueError, match="bureau_noise"):
        BorrowerDesign(bureau_noise=0)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 300), seed=st.integers(0, 2**32 - 1))
def test_any_size_and_seed_give_valid_borrowers(n, seed):
    f = generate_borrowers(n, seed=seed)
    assert len(f) == n
    assert f["default_probability"].between(0, 1, inclusive="neither").all()
    assert f["defaulted"].isin([0, 1]).all()


def test_design_table_in_data_matches_the_code():
    table = load_table("synthetic_borrowers_design").set_index("parameter")
    assert (table["status"] == "illustrative").all()
    for row in design_table().itertuples():
        assert table.loc[row.parameter, "value"] == pytest.approx(row.value)
    assert table.loc["interest_rate", "value"] == pytest.approx(INTEREST_RATE)
    assert table.loc["loss_given_default", "value"] == pytest.approx(LOSS_GIVEN_DEFAULT)
    assert table.loc["shock_level", "value"] == pytest.approx(SHOCK_LEVEL)
    assert table.loc["shock_debt", "value"] == pytest.approx(SHOCK_DEBT)
    assert table.loc["seed", "value"] == DEFAULT_SEED


@settings(max_examples=40, deadline=None)
@given(p=st.floats(1e-6, 1 - 1e-6), dti=st.floats(0, 1), s1=st.floats(0, 1), s2=st.floats(0, 1))
def test_a_worse_downturn_never_lowers_default_probability(p, dti, s1, s2):
    low, high = sorted([s1, s2])
    a = downturn_probability(np.array([p]), np.array([dti]), low)[0]
    b = downturn_probability(np.array([p]), np.array([dti]), high)[0]
    assert b >= a - 1e-12
    assert downturn_probability(np.array([p]), np.array([dti]), 0.0)[0] == pytest.approx(p)


@pytest.mark.parametrize("bad", [-0.1, 1.1, float("nan")])
def test_downturn_outside_unit_interval_is_refused(bad):
    with pytest.raises(ValueError, match="shock"):
        downturn_probability(np.array([0.1]), np.array([0.2]), bad)


def test_split_has_no_overlap(frame):
    train, test = split_borrowers(frame, 0.3, seed=1)
    assert set(train["borrower_id"]).isdisjoint(test["borrower_id"])
    assert len(train) + len(test) == len(frame)


# -- the exact draw, so that a changed constant in the generator is seen ------------------------
# Summary of generate_borrowers(2000, seed=0): mean, standard deviation, minimum, maximum of each
# column. The book's figures are computed from this generator at a fixed seed; if its design is
# changed on purpose, print these numbers again (and update data/synthetic_borrowers_design.csv).
GOLDEN = {
    "thin_file": (0.293000, 0.455252, 0.000000, 1.000000),
    "income": (61.340615, 31.472489, 7.690000, 238.010000),
    "history_years": (4.333405, 3.749973, 0.000000, 26.310000),
    "debt_to_income": (0.287554, 0.157032, 0.002900, 0.881900),
    "bureau_score": (0.001069, 1.375453, -4.771000, 4.405000),
    "payment_regularity": (0.762221, 0.187446, 0.092400, 0.994600),
    "spending_volatility": (0.626830, 0.256939, 0.174200, 2.170300),
    "transaction_diversity": (9.217000, 4.825822, 0.000000, 34.000000),
    "merchant_rating": (4.157975, 0.590017, 1.930000, 5.000000),
    "reliability": (-0.028025, 1.000448, -3.899400, 3.066000),
    "default_probability": (0.085732, 0.145642, 0.000883, 0.996920),
    "defaulted": (0.097500, 0.296712, 0.000000, 1.000000),
}
GROUP_B = 590


def test_the_generator_draws_exactly_the_known_sample():
    f = generate_borrowers(2000, seed=0)
    assert int((f["group"] == "B").sum()) == GROUP_B
    assert f["borrower_id"].tolist() == list(range(1, 2001))
    assert set(f["group"]) == {"A", "B"}
    for column, expected in GOLDEN.items():
        values = f[column].astype(float)
        got = (values.mean(), values.std(), values.min(), values.max())
        assert got == pytest.approx(expected, abs=2e-6), column


def test_thin_files_have_no_bureau_score_and_short_histories():
    f = generate_borrowers(500, seed=3, design=BorrowerDesign(thin_file_years=2.0,
                                                              thick_history_mean=5.0))
    assert f.loc[f["thin_file"], "bureau_score"].isna().all()
    assert f.loc[~f["thin_file"], "bureau_score"].notna().all()
    assert (f.loc[f["thin_file"], "history_years"] <= 2.0).all()
    assert (f.loc[~f["thin_file"], "history_years"] >= 2.0).all()


def test_no_thin_files_or_group_b_when_their_shares_are_zero():
    f = generate_borrowers(300, seed=1, design=BorrowerDesign(thin_share=0.0, group_b_share=0.0))
    assert not f["thin_file"].any() and (f["group"] == "A").all()
    f = generate_borrowers(300, seed=1, design=BorrowerDesign(thin_share=1.0, group_b_share=1.0))
    assert f["thin_file"].all() and (f["group"] == "B").all()


@pytest.mark.parametrize("kwargs, message", [
    ({"thin_share": -0.1}, r"^thin_share must lie in \[0, 1\], got -0.1$"),
    ({"group_b_share": 1.2}, r"^group_b_share must lie in \[0, 1\], got 1.2$"),
    ({"thin_file_years": 0.0}, r"^thin_file_years must be positive, got 0.0$"),
    ({"income_log_sd": -1.0}, r"^income_log_sd must be positive, got -1.0$"),
    ({"dti_a": 0}, r"^dti_a must be positive, got 0$"),
    ({"dti_b": 0}, r"^dti_b must be positive, got 0$"),
    ({"regularity_noise": 0}, r"^regularity_noise must be positive"),
    ({"rating_noise": 0}, r"^rating_noise must be positive"),
    ({"thick_history_mean": 0}, r"^thick_history_mean must be positive"),
    ({"thick_history_mean": 1.0}, r"^thick_history_mean \(1.0\) must exceed thin_file_years "
                                  r"\(1.0\)$"),
])
def test_bad_design_names_the_parameter(kwargs, message):
    with pytest.raises(ValueError, match=message):
        BorrowerDesign(**kwargs)


def test_design_at_its_bounds_is_allowed():
    BorrowerDesign(thin_share=0.0, group_b_share=1.0)
    BorrowerDesign(thin_file_years=1.0, thick_history_mean=1.01)


@pytest.mark.parametrize("n, message", [
    (0, "at least 1, got 0"), (-5, "at least 1, got -5"), (2.0, "an integer, got 2.0"),
    (True, "an integer, got True")])
def test_sample_size_messages(n, message):
    with pytest.raises(ValueError, match=f"^sample size n must be {message}$".replace("(", r"\(")):
        generate_borrowers(n)


@pytest.mark.parametrize("seed", [1.5, "1", None, False])
def test_seed_must_be_an_integer(seed):
    with pytest.raises(ValueError, match=rf"^seed must be an integer, got {seed!r}$"):
        generate_borrowers(10, seed=seed)


def test_numpy_integers_are_accepted():
    assert len(generate_borrowers(np.int64(5), seed=np.int32(2))) == 5


@pytest.mark.parametrize("p, index", [([0.5, 0.0], 1), ([1.0, 0.5], 0), ([0.2, np.nan], 1)])
def test_downturn_names_a_probability_outside_the_open_interval(p, index):
    with pytest.raises(ValueError, match=rf"^default_probability\[{index}\] = "):
        downturn_probability(np.array(p), np.array([0.1, 0.1]), 0.5)


def test_downturn_by_hand():
    p = np.array([0.1, 0.5])
    dti = np.array([0.0, 0.4])
    out = downturn_probability(p, dti, 0.5)
    logit = np.log(p / (1 - p)) + 0.5 * (SHOCK_LEVEL + SHOCK_DEBT * dti)
    assert out == pytest.approx(1 / (1 + np.exp(-logit)))
    assert downturn_probability(p, dti, 1)[1] > out[1]
    with pytest.raises(ValueError, match=r"^shock must lie in \[0, 1\], got '0.5'$"):
        downturn_probability(p, dti, "0.5")


def test_design_table_lists_every_parameter_once():
    table = design_table(BorrowerDesign(thin_share=0.25))
    assert list(table.columns) == ["parameter", "part", "value", "unit", "description"]
    assert table["parameter"].is_unique and len(table) == len(fields(BorrowerDesign))
    row = table.set_index("parameter").loc["thin_share"]
    assert (row["part"], row["value"], row["unit"]) == ("population", 0.25, "share")
    assert table.set_index("parameter").at["pd_debt", "value"] == BorrowerDesign().pd_debt


def test_defaults_dtypes_and_the_rating_floor():
    assert len(generate_borrowers()) == 30_000
    f = generate_borrowers(3000, seed=1, design=BorrowerDesign(rating_noise=4.0))
    assert f["merchant_rating"].min() == 1.0 and f["merchant_rating"].max() == 5.0
    assert f["defaulted"].dtype == np.int64


def test_downturn_takes_real_numbers_and_says_why_it_refuses():
    from fractions import Fraction

    out = downturn_probability([Fraction(1, 2)], np.array([0.0]), 0.0)
    assert out.tolist() == pytest.approx([0.5])
    with pytest.raises(ValueError, match=r"default probabilities must lie strictly between 0 "
                                         r"and 1$"):
        downturn_probability(np.array([1.0]), np.array([0.0]), 0.5)


def test_downturn_takes_real_number_debt_ratios():
    from fractions import Fraction

    out = downturn_probability(np.array([0.1]), [Fraction(1, 2)], 1.0)
    logit = np.log(0.1 / 0.9) + SHOCK_LEVEL + SHOCK_DEBT * 0.5
    assert out.tolist() == pytest.approx([1 / (1 + np.exp(-logit))])


def test_thin_histories_spread_over_the_whole_thin_range():
    f = generate_borrowers(500, seed=3, design=BorrowerDesign(thin_file_years=2.0,
                                                              thick_history_mean=5.0))
    assert f.loc[f["thin_file"], "history_years"].max() > 1.5


def test_bureau_noise_shrinks_with_the_square_root_of_history_below_one_year_too():
    design = BorrowerDesign(thin_file_years=0.2, thick_history_mean=0.6)
    f = generate_borrowers(4000, seed=4, design=design)
    thick = f[~f["thin_file"]]
    noise = thick["bureau_score"] - thick["reliability"]
    expected = np.sqrt(np.mean(design.bureau_noise ** 2 / thick["history_years"]))
    assert noise.std() == pytest.approx(expected, rel=0.1)
