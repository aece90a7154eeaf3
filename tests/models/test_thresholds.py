"""Tests of the approval-threshold metrics (chapter 3)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antbook.models.thresholds import (
    INTEREST_RATE,
    LOSS_GIVEN_DEFAULT,
    METRICS,
    ThresholdTable,
    check_threshold,
    downturn_profit_curve,
    segment_tables,
    segments_at,
    threshold_metrics,
)

outcomes = st.integers(1, 60).flatmap(lambda n: st.tuples(
    st.lists(st.floats(0, 1), min_size=n, max_size=n),
    st.lists(st.integers(0, 1), min_size=n, max_size=n)))


def test_known_small_case():
    m = threshold_metrics([0.1, 0.2, 0.3, 0.4], [0, 1, 1, 1], threshold=0.25,
                          interest_rate=0.1, loss_given_default=0.5)
    assert (m["approved"], m["rejected"]) == (2, 2)
    assert m["approval_rate"] == 0.5
    assert m["default_rate_approved"] == 0.5
    assert m["expected_loss"] == pytest.approx(100 * (0.1 + 0.2) * 0.5 / 4)
    assert m["profit"] == pytest.approx(100 * (1 * 0.1 - 1 * 0.5) / 4)


@settings(max_examples=80, deadline=None)
@given(data=outcomes, threshold=st.floats(0, 1))
def test_identities_hold_for_any_scores(data, threshold):
    risk, y = data
    m = threshold_metrics(risk, y, threshold)
    assert m["approved"] + m["rejected"] == m["applicants"] == len(risk)
    assert m["approved"] == sum(r <= threshold for r in risk)
    for key in ("approval_rate", "default_rate_approved"):
        assert 0.0 <= m[key] <= 1.0
    assert m["expected_loss"] >= 0
    if m["approved"] == 0:
        assert m["expected_loss"] == 0 and m["profit"] == 0 and m["default_rate_approved"] == 0


@settings(max_examples=40, deadline=None)
@given(data=outcomes, a=st.floats(0, 1), b=st.floats(0, 1))
def test_a_looser_cut_off_approves_at_least_as_many(data, a, b):
    risk, y = data
    low, high = sorted([a, b])
    table = ThresholdTable.build(risk, y)
    out = table.at([low, high])
    assert out["approved"][0] <= out["approved"][1]
    assert out["expected_loss"][0] <= out["expected_loss"][1] + 1e-12


def test_a_cut_off_that_approves_nobody_loses_nothing():
    risk = np.array([0.2, 0.5, 0.9])
    m = threshold_metrics(risk, [1, 1, 1], threshold=0.1)
    assert m["approved"] == 0
    assert m["expected_loss"] == 0 and m["profit"] == 0
    assert threshold_metrics(risk, [1, 1, 1], threshold=0.0)["approved"] == 0


def test_cut_off_one_approves_everyone():
    m = threshold_metrics([0.2, 0.99, 1.0], [0, 1, 1], threshold=1.0)
    assert m["approval_rate"] == 1.0


@pytest.mark.parametrize("bad", [-0.01, 1.01, 5, float("nan"), "0.5", None])
def test_threshold_outside_unit_interval_is_refused(bad):
    with pytest.raises(ValueError, match="threshold"):
        threshold_metrics([0.1], [0], bad)
    with pytest.raises(ValueError, match="threshold"):
        check_threshold(bad)


def test_bad_scores_and_outcomes_are_refused():
    with pytest.raises(ValueError, match="empty"):
        threshold_metrics([], [], 0.5)
    with pytest.raises(ValueError, match="equal length"):
        threshold_metrics([0.1, 0.2], [0], 0.5)
    with pytest.raises(ValueError, match="probabilities"):
        threshold_metrics([1.5], [0], 0.5)
    with pytest.raises(ValueError, match="0 and 1"):
        threshold_metrics([0.5], [2], 0.5)


def test_table_agrees_with_direct_computation():
    rng = np.random.default_rng(0)
    risk, y = rng.random(500), (rng.random(500) < 0.2).astype(int)
    table = ThresholdTable.build(risk, y)
    for t in (0.0, 0.13, 0.5, 0.77, 1.0):
        approved = risk <= t
        out = table.at([t])
        assert out["approved"][0] == approved.sum()
        expected = y[approved].mean() if approved.any() else 0.0
        assert out["default_rate_approved"][0] == pytest.approx(expected)


def test_downturn_curve_profit_falls_when_defaults_rise():
    rng = np.random.default_rng(1)
    risk = rng.random(1000) * 0.3
    calm = downturn_profit_curve(risk, risk, [0.1, 0.2])
    worse = downturn_profit_curve(risk, np.minimum(risk * 2, 1), [0.1, 0.2])
    assert (worse["profit"] < calm["profit"]).all()
    with pytest.raises(ValueError, match="threshold"):
        downturn_profit_curve(risk, risk, [1.5])


# -- exact values, segments and every refusal ----------------------------------------------------
def test_table_metrics_by_hand_at_several_thresholds():
    table = ThresholdTable.build([0.4, 0.1, 0.3, 0.2], [1, 0, 0, 1], interest_rate=0.1,
                                 loss_given_default=0.5)
    out = table.at([0.0, 0.1, 0.25, 0.3, 1.0])
    assert out["approved"].tolist() == [0, 1, 2, 3, 4]  # a risk equal to the cut-off is approved
    assert out["rejected"].tolist() == [4, 3, 2, 1, 0]
    assert out["applicants"].tolist() == [4] * 5
    assert out["approval_rate"].tolist() == [0, 0.25, 0.5, 0.75, 1.0]
    assert out["default_rate_approved"].tolist() == pytest.approx([0, 0, 0.5, 1 / 3, 0.5])
    assert out["expected_loss"].tolist() == pytest.approx(
        [0, 100 * 0.1 * 0.5 / 4, 100 * 0.3 * 0.5 / 4, 100 * 0.6 * 0.5 / 4, 100 * 1.0 * 0.5 / 4])
    # repaid loans earn 0.1 each, defaults lose 0.5 each, per 100 applicants
    assert out["profit"].tolist() == pytest.approx(
        [0, 100 * 0.1 / 4, 100 * (0.1 - 0.5) / 4, 100 * (0.2 - 0.5) / 4, 100 * (0.2 - 1.0) / 4])
    assert table.applicants == 4


def test_defaults_of_the_table():
    table = ThresholdTable.build([0.5], [0])
    assert (table.interest_rate, table.loss_given_default) == (INTEREST_RATE, LOSS_GIVEN_DEFAULT)
    m = threshold_metrics([0.2, 0.6], [0, 1], 1.0)
    assert m["profit"] == pytest.approx(100 * (INTEREST_RATE - LOSS_GIVEN_DEFAULT) / 2)
    assert m["expected_loss"] == pytest.approx(100 * 0.8 * LOSS_GIVEN_DEFAULT / 2)
    assert isinstance(m["approved"], int) and isinstance(m["profit"], float)
    assert set(m) == {"applicants", "approved", "rejected", *METRICS}


def test_downturn_profit_by_hand():
    # ranked by risk, but the true default probabilities are p
    curve = downturn_profit_curve([0.3, 0.1, 0.4, 0.2], [0.6, 0.2, 0.8, 0.4], [0.0, 0.25, 1.0],
                                  interest_rate=0.1, loss_given_default=0.5)
    assert list(curve.columns) == ["threshold", "approval_rate", "default_rate_approved",
                                   "profit"]
    assert curve["threshold"].tolist() == [0.0, 0.25, 1.0]
    assert curve["approval_rate"].tolist() == [0.0, 0.5, 1.0]
    # approved at 0.25: risks 0.1 and 0.2, expected defaults 0.2 + 0.4 = 0.6 of 2 loans
    assert curve["default_rate_approved"].tolist() == pytest.approx([0.0, 0.3, 0.5])
    assert curve["profit"].tolist() == pytest.approx(
        [0.0, 100 * ((2 - 0.6) * 0.1 - 0.6 * 0.5) / 4, 100 * ((4 - 2.0) * 0.1 - 2.0 * 0.5) / 4])


def test_downturn_defaults_and_a_single_threshold():
    curve = downturn_profit_curve([0.1, 0.2], [0.0, 0.0], 0.5)
    assert curve["profit"].tolist() == pytest.approx([100 * 2 * INTEREST_RATE / 2])
    curve = downturn_profit_curve([0.1, 0.2], [1.0, 1.0], 0.5)
    assert curve["profit"].tolist() == pytest.approx([-100 * LOSS_GIVEN_DEFAULT])


@pytest.mark.parametrize("risk, p, message", [
    ([0.1, 0.2], [0.1], r"equal length; got shapes \(2,\) and \(1,\)$"),
    ([], [], r"non-empty"),
    ([[0.1]], [[0.1]], r"1-D"),
    ([0.1, 1.2], [0.1, 0.1], r"^risk\[1\] = 1.2: risks and probabilities must lie in \[0, 1\]$"),
    ([0.1, 0.2], [-0.1, 0.1], r"^shocked_probability\[0\] = -0.1: risks and probabilities"),
    ([0.1, 0.2], [0.1, np.nan], r"^shocked_probability\[1\] = nan"),
])
def test_downturn_refuses_bad_inputs(risk, p, message):
    with pytest.raises(ValueError, match=message):
        downturn_profit_curve(risk, p, [0.5])


@pytest.mark.parametrize("kwargs, message", [
    ({"interest_rate": -0.1}, r"^interest_rate must lie in \[0, 1\], got -0.1$"),
    ({"interest_rate": 1.5}, r"^interest_rate must lie in \[0, 1\], got 1.5$"),
    ({"loss_given_default": 1.01}, r"^loss_given_default must lie in \[0, 1\], got 1.01$"),
    ({"loss_given_default": -1}, r"^loss_given_default must lie in \[0, 1\], got -1$"),
])
def test_rates_outside_the_unit_interval_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ThresholdTable.build([0.1], [0], **kwargs)


def test_rates_at_the_bounds_are_allowed():
    table = ThresholdTable.build([0.1], [0], interest_rate=0.0, loss_given_default=1.0)
    assert table.at([1.0])["profit"].tolist() == [0.0]
    assert ThresholdTable.build([0.1], [1], interest_rate=1.0,
                                loss_given_default=0.0).at([1.0])["profit"].tolist() == [0.0]


@pytest.mark.parametrize("thresholds, shown", [([0.5, 1.5], r"\[1.5\]"), ([-0.2], r"\[-0.2\]"),
                                               ([np.nan], r"\[nan\]")])
def test_table_thresholds_outside_the_unit_interval(thresholds, shown):
    table = ThresholdTable.build([0.1], [0])
    with pytest.raises(ValueError, match=rf"^thresholds must lie in \[0, 1\], got {shown}$"):
        table.at(thresholds)


def test_table_thresholds_at_the_bounds():
    assert ThresholdTable.build([0.0, 1.0], [0, 1]).at([0.0, 1.0])["approved"].tolist() == [1, 2]


@pytest.mark.parametrize("bad, message", [
    (True, "threshold must be a number in [0, 1], got True"),
    ("0.5", "threshold must be a number in [0, 1], got '0.5'"),
    (1.2, "threshold must lie in [0, 1] (it is a probability of default), got 1.2"),
    (float("nan"), "threshold must lie in [0, 1] (it is a probability of default), got nan"),
])
def test_check_threshold_messages(bad, message):
    with pytest.raises(ValueError) as error:
        check_threshold(bad)
    assert str(error.value) == message


def test_check_threshold_accepts_numbers_of_every_kind():
    assert check_threshold(1) == 1.0 and isinstance(check_threshold(1), float)
    assert check_threshold(np.float32(0.5)) == 0.5
    assert check_threshold(0) == 0.0


@pytest.mark.parametrize("risk, y, message", [
    ([0.1, np.nan], [0, 1], r"risk\[1\] = nan$"),
    ([0.1, -0.3], [0, 1], r"risk\[1\] = -0.3$"),
    ([0.1, 0.2], [0, 0.5], r"^defaulted must hold only 0 and 1: defaulted\[1\] = 0.5$"),
    ([[0.1]], [[0]], r"1-D and of equal length, got shapes \(1, 1\) and \(1, 1\)$"),
])
def test_bad_scores_name_the_entry(risk, y, message):
    with pytest.raises(ValueError, match=message):
        ThresholdTable.build(risk, y)


@pytest.fixture()
def applicants():
    test = pd.DataFrame({
        "defaulted": [0, 1, 0, 1, 0, 0],
        "thin_file": [True, True, False, False, False, True],
        "group": ["A", "B", "A", "B", "B", "A"]})
    return test, np.array([0.1, 0.6, 0.2, 0.3, 0.5, 0.4])


def test_segment_tables_split_by_file_and_group(applicants):
    test, risk = applicants
    tables = segment_tables(test, risk, interest_rate=0.2, loss_given_default=0.6)
    assert list(tables) == ["All applicants", "Thick file", "Thin file", "Group A", "Group B"]
    expected = {"All applicants": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
                "Thick file": [0.2, 0.3, 0.5], "Thin file": [0.1, 0.4, 0.6],
                "Group A": [0.1, 0.2, 0.4], "Group B": [0.3, 0.5, 0.6]}
    for name, table in tables.items():
        assert table.sorted_risk.tolist() == expected[name], name
        assert (table.interest_rate, table.loss_given_default) == (0.2, 0.6)
    assert tables["Thin file"].cum_defaults.tolist() == [0, 0, 0, 1]
    assert tables["Group B"].cum_defaults.tolist() == [0, 1, 1, 2]


def test_segments_at_is_the_long_table_of_every_metric(applicants):
    test, risk = applicants
    tables = segment_tables(test, risk)
    frame = segments_at(tables, 0.35)
    assert list(frame.columns) == ["segment", "metric", "value"]
    assert len(frame) == 5 * len(METRICS)
    assert list(frame["metric"][:4]) == list(METRICS.values())
    thin = frame[frame["segment"] == "Thin file"].set_index("metric")["value"]
    assert thin["Approval rate"] == pytest.approx(1 / 3)
    assert thin["Default rate among the approved"] == 0.0
    direct = tables["Group B"].at([0.35])
    group_b = frame[frame["segment"] == "Group B"].set_index("metric")["value"]
    for key, label in METRICS.items():
        assert group_b[label] == pytest.approx(float(direct[key][0]))
    with pytest.raises(ValueError, match="threshold must lie in"):
        segments_at(tables, 1.3)


def test_any_real_numbers_are_taken_as_floats():
    from fractions import Fraction

    quarter = Fraction(1, 4)
    m = threshold_metrics([quarter, Fraction(3, 4)], [0, 1], 0.5)
    assert (m["approved"], m["default_rate_approved"]) == (1, 0.0)
    table = ThresholdTable.build([0.1, 0.3], [0, 1])
    assert table.at([quarter, Fraction(1, 2)])["approved"].tolist() == [1, 2]
    curve = downturn_profit_curve([0.1, 0.3], [quarter, Fraction(1, 2)], [1.0])
    assert curve["default_rate_approved"].tolist() == pytest.approx([0.375])


def test_counts_are_whole_numbers():
    m = threshold_metrics([0.1, 0.3], [0, 1], 0.2)
    assert all(isinstance(m[k], int) for k in ("applicants", "approved", "rejected"))
    assert (m["applicants"], m["approved"], m["rejected"]) == (2, 1, 1)


def test_empty_input_message():
    with pytest.raises(ValueError, match=r"^no applicants: risk and defaulted are empty$"):
        ThresholdTable.build([], [])


def test_downturn_approves_a_risk_equal_to_the_cut_off():
    curve = downturn_profit_curve([0.3, 0.1, 0.2], [0.5, 0.5, 0.5], [0.1, 0.2])
    assert curve["approval_rate"].tolist() == pytest.approx([1 / 3, 2 / 3])


def test_segments_from_a_loaded_table_with_nullable_booleans(applicants):
    test, risk = applicants
    test = test.astype({"thin_file": "boolean", "group": "string"})
    tables = segment_tables(test, risk)
    assert tables["Thin file"].sorted_risk.tolist() == [0.1, 0.4, 0.6]
    assert tables["Thick file"].sorted_risk.tolist() == [0.2, 0.3, 0.5]


def test_a_zero_one_thin_file_column_is_a_flag(applicants):
    test, risk = applicants
    tables = segment_tables(test.astype({"thin_file": int}), risk)
    assert tables["Thin file"].sorted_risk.tolist() == [0.1, 0.4, 0.6]
    assert tables["Thick file"].sorted_risk.tolist() == [0.2, 0.3, 0.5]


def test_one_approved_applicant_gives_its_own_default_rate():
    assert ThresholdTable.build([0.1, 0.5], [1, 0]).at([0.2])["default_rate_approved"].tolist() \
        == [1.0]
    curve = downturn_profit_curve([0.1, 0.5], [0.4, 0.5], [0.2])
    assert curve["default_rate_approved"].tolist() == pytest.approx([0.4])


def test_downturn_takes_real_number_risks():
    from fractions import Fraction

    curve = downturn_profit_curve([Fraction(1, 10), Fraction(1, 2)], [0.4, 0.5], [0.2])
    assert curve["approval_rate"].tolist() == [0.5]


def test_the_message_shows_at_most_three_bad_thresholds():
    with pytest.raises(ValueError, match=r"got \[1.1, 1.2, 1.3\]$"):
        ThresholdTable.build([0.1], [0]).at([1.1, 1.2, 1.3, 1.4])
