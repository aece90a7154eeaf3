"""The BCBS indicator-based score (antbook.models.systemic)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antbook.data import load_table
from antbook.models.systemic import (
    WeightError,
    category_weights,
    indicator_scores,
    sensitivity,
    two_weight_split,
    wide_indicators,
)


def test_hand_computed_scores():
    values = pd.DataFrame({"size": [30.0, 10.0], "payments": [1.0, 3.0]},
                          index=["bank", "platform"])
    scores = indicator_scores(values, {"size": 0.6, "payments": 0.4})
    # bank: 0.6 * 30/40 + 0.4 * 1/4 = 0.55 -> 5500 bp; platform: 0.6 * 1/4 + 0.4 * 3/4 = 0.45
    assert scores.loc["bank", "score"] == pytest.approx(5500)
    assert scores.loc["platform", "score"] == pytest.approx(4500)
    assert scores.loc["platform", "payments"] == pytest.approx(3000)
    assert scores["score"].sum() == pytest.approx(10_000)


@pytest.mark.parametrize("weights, message", [
    ({"a": 0.5, "b": 0.4}, "sum to 1; these sum to 0.9"),
    ({"a": 0.7, "b": 0.7}, "sum to 1"),
    ({"a": 1.2, "b": -0.2}, "non-negative"),
    ({"a": 1.0}, "no weight for"),
    ({"a": 0.5, "b": 0.25, "c": 0.25}, "unknown indicators"),
])
def test_bad_weights_are_refused(weights, message):
    values = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}, index=["x", "y"])
    with pytest.raises(WeightError, match=message):
        indicator_scores(values, weights)


def test_bad_values_are_refused():
    with pytest.raises(ValueError, match="zero for every institution"):
        indicator_scores(pd.DataFrame({"a": [0.0, 0.0]}), {"a": 1.0})
    with pytest.raises(ValueError, match="non-negative"):
        indicator_scores(pd.DataFrame({"a": [1.0, -1.0]}), {"a": 1.0})
    with pytest.raises(ValueError, match="missing"):
        indicator_scores(pd.DataFrame({"a": [1.0, np.nan]}), {"a": 1.0})


@st.composite
def samples(draw):
    n, k = draw(st.integers(2, 6)), draw(st.integers(1, 5))
    values = pd.DataFrame(
        [[draw(st.floats(0.1, 1000.0)) for _ in range(k)] for _ in range(n)],
        index=[f"i{r}" for r in range(n)], columns=[f"c{c}" for c in range(k)])
    raw = [draw(st.floats(0.01, 1.0)) for _ in range(k)]
    weights = {f"c{c}": w / sum(raw) for c, w in enumerate(raw)}
    return values, weights


@settings(max_examples=150, deadline=None)
@given(samples(), st.floats(1e-3, 1e3))
def test_scaling_every_indicator_leaves_the_ranking_unchanged(sample, factor):
    values, weights = sample
    before = indicator_scores(values, weights)["score"]
    after = indicator_scores(values * factor, weights)["score"]
    assert np.allclose(before, after)
    assert list(before.rank(method="first")) == list(after.rank(method="first"))


@settings(max_examples=100, deadline=None)
@given(samples())
def test_scores_add_up_to_ten_thousand(sample):
    values, weights = sample
    assert indicator_scores(values, weights)["score"].sum() == pytest.approx(10_000)


def test_bcbs_weights_sum_to_one_in_each_version():
    weights = load_table("gsib_weights")
    for version, rows in weights.groupby("version"):
        assert rows["weight"].sum() == pytest.approx(1.0, abs=1e-6), version
    assert set(category_weights(weights, "2013").values()) == {0.2}
    assert category_weights(weights, "2018") == category_weights(weights, "2013")
    with pytest.raises(KeyError, match="2099"):
        category_weights(weights, "2099")


def test_two_weight_split():
    split = two_weight_split(0.2, 0.5)
    assert sum(split.values()) == pytest.approx(1.0)
    assert split["Complexity"] == pytest.approx(0.1)
    with pytest.raises(WeightError):
        two_weight_split(0.6, 0.5)


def test_sensitivity_by_hand():
    values = pd.DataFrame({"size": [3.0, 1.0], "payments": [1.0, 1.0]}, index=["bank", "platform"])
    table = sensitivity(values, {"size": 0.5, "payments": 0.5}, "platform", "payments", [1, 3])
    # payments 1: platform 0.5 * 1/4 + 0.5 * 1/2 = 0.375; payments 3: 0.5/4 + 0.5 * 3/4 = 0.5
    assert table["score"].tolist() == pytest.approx([3750, 5000])
    assert table["rank"].tolist() == [2, 1]  # a tie counts as first
    assert table["share"].iloc[1] == pytest.approx(0.75)
    with pytest.raises(KeyError):
        sensitivity(values, {"size": 0.5, "payments": 0.5}, "nobody", "payments", [1])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.1, 100), min_size=3, max_size=3), st.floats(0.1, 100),
       st.floats(0.1, 100))
def test_a_larger_value_never_lowers_the_score(others, low, extra):
    values = pd.DataFrame({"a": others, "b": [1.0, 2.0, 3.0]}, index=["x", "y", "z"])
    table = sensitivity(values, {"a": 0.6, "b": 0.4}, "x", "a", [low, low + extra])
    assert table["score"].iloc[1] >= table["score"].iloc[0] - 1e-9
    assert table["share"].iloc[1] >= table["share"].iloc[0] - 1e-9


def test_negative_and_missing_values_name_the_institution_and_indicator():
    values = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, -4.0]}, index=["x", "y"])
    with pytest.raises(ValueError, match=r"^value of 'b' for 'y' is -4.0: indicator values must "
                                         r"be non-negative$"):
        indicator_scores(values, {"a": 0.5, "b": 0.5})
    values.loc["x", "a"] = np.nan
    with pytest.raises(ValueError, match=r"^value of 'a' for 'x' is missing$"):
        indicator_scores(values, {"a": 0.5, "b": 0.5})
    with pytest.raises(ValueError, match=r"^indicators \['b'\] are zero for every institution"):
        indicator_scores(pd.DataFrame({"a": [1.0, 2.0], "b": [0.0, 0.0]}), {"a": 0.5, "b": 0.5})


@pytest.mark.parametrize("weight, shown", [("0.5", "'0.5'"), (float("nan"), "nan"),
                                           (-0.1, "-0.1"), (None, "None")])
def test_a_bad_weight_is_named(weight, shown):
    values = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]})
    with pytest.raises(WeightError, match=rf"^weight of 'b' must be a non-negative number, got "
                                          rf"{shown}$"):
        indicator_scores(values, {"a": 1.0, "b": weight})


def test_weights_summing_to_one_within_the_tolerance_are_accepted():
    values = pd.DataFrame({"a": [1.0, 3.0], "b": [3.0, 1.0]})
    scores = indicator_scores(values, {"a": 0.5 + 5e-7, "b": 0.5})
    assert scores["score"].sum() == pytest.approx(10_000, abs=0.01)
    with pytest.raises(WeightError, match=r"^weights must sum to 1; these sum to 1.00001$"):
        indicator_scores(values, {"a": 0.50001, "b": 0.5})
    with pytest.raises(WeightError, match=r"^weights and indicators differ: no weight for "
                                          r"\['b'\], weights for unknown indicators \['c'\]$"):
        indicator_scores(values, {"a": 0.5, "c": 0.5})


def test_contribution_columns_follow_the_indicators_then_score():
    values = pd.DataFrame({"b": [1.0, 3.0], "a": [2.0, 2.0]}, index=["p", "q"])
    scores = indicator_scores(values, {"a": 0.25, "b": 0.75})
    assert list(scores.columns) == ["b", "a", "score"]
    assert list(scores.index) == ["p", "q"]
    assert scores.loc["p"].tolist() == pytest.approx([1875.0, 1250.0, 3125.0])


def test_wide_indicators_keeps_the_table_order():
    long = pd.DataFrame({"institution": ["zeta", "zeta", "alpha", "alpha"],
                         "category": ["Size", "Complexity", "Size", "Complexity"],
                         "value": [1.0, 2.0, 3.0, 4.0]})
    wide = wide_indicators(long)
    assert list(wide.index) == ["zeta", "alpha"]
    assert list(wide.columns) == ["Size", "Complexity"]
    assert wide.loc["alpha", "Complexity"] == 4.0 and wide.loc["zeta", "Size"] == 1.0


def test_category_weights_sum_indicators_within_a_version():
    table = pd.DataFrame({"version": ["v1", "v1", "v1", "v2"],
                          "category": ["Size", "Size", "Other", "Size"],
                          "weight": [0.1, 0.2, 0.7, 1.0]})
    assert category_weights(table, "v1") == {"Size": 0.3, "Other": 0.7}
    assert list(category_weights(table, "v1")) == ["Size", "Other"]
    with pytest.raises(KeyError, match=r"no weights for version 'v3'; versions are \['v1', 'v2'\]"):
        category_weights(table, "v3")


def test_two_weight_split_by_hand_and_at_its_limits():
    split = two_weight_split(0.3, 0.4)
    assert list(split) == ["Size", "Interconnectedness", "Substitutability", "Complexity",
                           "Cross-jurisdictional activity"]
    assert [split[k] for k in split] == pytest.approx([0.3, 0.1, 0.4, 0.1, 0.1])
    assert two_weight_split(0.5, 0.5)["Complexity"] == 0.0
    assert two_weight_split(0.5, 0.5 + 5e-7)["Complexity"] == 0.0  # within tolerance: clipped
    for bad in [(-0.1, 0.5), (0.5, -0.1), (0.6, 0.41)]:
        with pytest.raises(WeightError, match=rf"^size weight {bad[0]} and substitutability "
                                              rf"weight {bad[1]} must be non-negative"):
            two_weight_split(*bad)


def test_a_zero_weight_is_allowed_and_the_negative_value_is_found_among_small_ones():
    values = pd.DataFrame({"a": [0.5, 2.0], "b": [3.0, 1.0]}, index=["x", "y"])
    scores = indicator_scores(values, {"a": 1.0, "b": 0.0})
    assert scores["b"].tolist() == [0.0, 0.0] and scores["score"].sum() == pytest.approx(10_000)
    values.loc["y", "b"] = -1.0
    with pytest.raises(ValueError, match=r"^value of 'b' for 'y' is -1.0"):
        indicator_scores(values, {"a": 0.5, "b": 0.5})


def test_category_weights_round_to_six_decimals_and_zero_weights_split():
    table = pd.DataFrame({"version": ["v"], "category": ["Size"], "weight": [0.1234567]})
    assert category_weights(table, "v") == {"Size": 0.123457}
    assert two_weight_split(0.0, 0.5)["Size"] == 0.0
    assert two_weight_split(0.5, 0.0)["Substitutability"] == 0.0


def test_the_missing_or_negative_cell_is_named_not_the_first_one():
    values = pd.DataFrame({"a": [0.0, 2.0], "b": [3.0, np.nan]}, index=["x", "y"])
    with pytest.raises(ValueError, match=r"^value of 'b' for 'y' is missing$"):
        indicator_scores(values, {"a": 0.5, "b": 0.5})
    values.loc["y", "b"] = -1.0
    with pytest.raises(ValueError, match=r"^value of 'b' for 'y' is -1.0"):
        indicator_scores(values, {"a": 0.5, "b": 0.5})
