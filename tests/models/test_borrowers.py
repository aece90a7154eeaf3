"""Tests of the synthetic-borrower generator (chapter 3)."""

import math

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
