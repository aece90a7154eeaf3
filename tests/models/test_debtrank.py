"""DebtRank (antbook.models.debtrank) and the contagion scenario (antbook.models.contagion)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antbook.data import load_table
from antbook.models.contagion import contagion_losses, exposure_matrix
from antbook.models.debtrank import debtrank, impact_matrix


# -- hand-computed examples --------------------------------------------------------------------
def test_chain_matches_hand_computation():
    # P is shocked by 0.5; A lent 20 to P (equity 40): W = 0.5; B lent 10 to A (equity 20): W = 0.5.
    exposure = np.array([[0, 0, 0], [20, 0, 0], [0, 10, 0]], dtype=float)
    W = impact_matrix(exposure, np.array([1.0, 40.0, 20.0]))
    assert W[0, 1] == 0.5 and W[1, 2] == 0.5 and W.sum() == 1.0
    result = debtrank(W, np.array([0.5, 0.0, 0.0]), values=np.array([0.0, 40.0, 20.0]))
    assert result.h.tolist() == [0.5, 0.25, 0.125]
    assert result.first_round.tolist() == [0.5, 0.25, 0.0]
    # value-weighted by equity: (40 * 0.25 + 20 * 0.125) / 60
    assert result.total == pytest.approx((40 * 0.25 + 20 * 0.125) / 60)
    assert result.value == result.total  # the shocked pool carries no value


def test_cycle_passes_distress_on_only_once():
    # A and B are exposed to each other with impact 0.5 both ways; A starts at 0.4.
    W = np.array([[0.0, 0.5], [0.5, 0.0]])
    result = debtrank(W, np.array([0.4, 0.0]))
    # step 1: B = 0.2; step 2: B passes 0.1 back to A, which is inactive and passes nothing on.
    assert result.h == pytest.approx([0.5, 0.2])
    assert len(result.history) == 3


def test_impact_is_capped_at_one():
    W = impact_matrix(np.array([[0.0, 0.0], [50.0, 0.0]]), np.array([1.0, 10.0]))
    assert W[0, 1] == 1.0
    assert debtrank(W, np.array([1.0, 0.0])).h.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("kwargs, message", [
    ({"W": [[0, 2], [0, 0]], "h0": [1, 0]}, "exceeds 1"),
    ({"W": [[0, -0.1], [0, 0]], "h0": [1, 0]}, "negative"),
    ({"W": [[0, 0.1], [0, 0]], "h0": [1.5, 0]}, r"\[0, 1\]"),
    ({"W": [[0, 0.1], [0, 0]], "h0": [1, 0, 0]}, "shape"),
    ({"W": [[0, 0.1, 0], [0, 0, 0]], "h0": [1, 0]}, "square"),
    ({"W": [[0, np.nan], [0, 0]], "h0": [1, 0]}, "missing"),
])
def test_bad_input_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        debtrank(**kwargs)


def test_impact_matrix_needs_equity_for_lenders():
    with pytest.raises(ValueError, match="equity"):
        impact_matrix(np.array([[0.0, 0.0], [5.0, 0.0]]), np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match="itself"):
        impact_matrix(np.array([[1.0, 0.0], [0.0, 0.0]]), np.array([1.0, 1.0]))


# -- properties over generated networks ---------------------------------------------------------
@st.composite
def networks(draw, max_nodes: int = 7):
    n = draw(st.integers(2, max_nodes))
    cells = st.one_of(st.just(0.0), st.floats(0.0, 100.0, allow_nan=False))
    exposure = np.array([[draw(cells) if i != j else 0.0 for j in range(n)] for i in range(n)])
    equity = np.array([draw(st.floats(0.5, 100.0)) for _ in range(n)])
    shocked = draw(st.lists(st.booleans(), min_size=n, max_size=n).filter(any))
    pattern = np.array([draw(st.floats(0.05, 1.0)) if s else 0.0 for s in shocked])
    return impact_matrix(exposure, equity), pattern, equity


@settings(max_examples=150, deadline=None)
@given(networks(), st.floats(0.0, 1.0))
def test_every_distress_lies_in_unit_interval(net, scale):
    W, pattern, equity = net
    result = debtrank(W, scale * pattern, values=equity)
    assert np.all(result.h >= 0) and np.all(result.h <= 1)
    assert np.all(result.history >= 0) and np.all(result.history <= 1)
    assert 0.0 <= result.value <= result.total + 1e-12 <= 1.0 + 2e-12


@settings(max_examples=100, deadline=None)
@given(networks())
def test_zero_shock_gives_zero_loss(net):
    W, pattern, equity = net
    result = debtrank(W, 0.0 * pattern, values=equity)
    assert not result.h.any() and result.value == 0.0 and result.total == 0.0


@settings(max_examples=150, deadline=None)
@given(networks(), st.floats(0.01, 1.0), st.floats(0.0, 1.0))
def test_larger_shock_never_gives_smaller_loss(net, high, fraction):
    W, pattern, equity = net
    low = high * fraction
    small = debtrank(W, low * pattern, values=equity) if low > 0 else None
    large = debtrank(W, high * pattern, values=equity)
    if small is not None:
        assert np.all(large.h >= small.h - 1e-12)
        assert large.total >= small.total - 1e-12


@settings(max_examples=150, deadline=None)
@given(networks(), st.floats(0.01, 1.0))
def test_node_without_path_from_shock_loses_nothing(net, scale):
    W, pattern, equity = net
    result = debtrank(W, scale * pattern, values=equity)
    reach = pattern > 0
    for _ in range(len(reach)):  # nodes reachable along edges of positive impact
        reach = reach | ((W[reach] > 0).any(axis=0))
    assert not result.h[~reach].any()


# -- the chapter's scenario -------------------------------------------------------------------
@pytest.fixture(scope="module")
def tables():
    return load_table("contagion_nodes"), load_table("contagion_exposures")


def test_scenario_keeps_the_consumer_pool_fully_funded(tables):
    nodes, exposures = tables
    index = list(nodes["node_id"])
    pool_size = float(nodes.set_index("node_id").at["consumer_pool", "size_rmb_bn"])
    for share in (0.02, 0.3):
        matrix = exposure_matrix(nodes, exposures, share)
        column = matrix[:, index.index("consumer_pool")]
        assert column.sum() == pytest.approx(pool_size)
        assert column[index.index("ant_lenders")] == pytest.approx(share * pool_size)


def test_scenario_properties(tables):
    nodes, exposures = tables
    zero = contagion_losses(nodes, exposures, 0.0, 0.02)
    assert not zero[["first_round", "total_loss", "system_loss"]].to_numpy().any()
    previous = None
    for shock in (0.05, 0.1, 0.2, 0.3):
        frame = contagion_losses(nodes, exposures, shock, 0.02)
        assert (frame["total_loss"] >= frame["first_round"] - 1e-12).all()
        assert frame["total_loss"].between(0, 1).all()
        if previous is not None:
            assert (frame["total_loss"].to_numpy() >= previous - 1e-12).all()
        previous = frame["total_loss"].to_numpy()
    # the platform's own entities lose more when they fund more of the pool themselves
    low = contagion_losses(nodes, exposures, 0.1, 0.02).set_index("node_id")
    high = contagion_losses(nodes, exposures, 0.1, 0.30).set_index("node_id")
    assert high.at["ant_lenders", "first_round"] > low.at["ant_lenders", "first_round"]


def test_scenario_refuses_bad_settings(tables):
    nodes, exposures = tables
    with pytest.raises(ValueError, match="shock"):
        contagion_losses(nodes, exposures, 1.5, 0.02)
    with pytest.raises(ValueError, match="own_share"):
        contagion_losses(nodes, exposures, 0.1, 1.0)


def test_platform_capital_scales_with_own_share(tables):
    nodes, exposures = tables
    pool = float(nodes.set_index("node_id").at["consumer_pool", "size_rmb_bn"])
    for share in (0.02, 0.3):
        frame = contagion_losses(nodes, exposures, 0.05, share,
                                 platform_capital_ratio=0.1).set_index("node_id")
        assert frame.at["ant_lenders", "equity_rmb_bn"] == pytest.approx(0.1 * share * pool)
        # a 5 % loss on loans backed by 10 % capital costs half the platform's equity
        assert frame.at["ant_lenders", "first_round"] == pytest.approx(0.5)
    # the fixed-equity data are untouched
    assert float(nodes.set_index("node_id").at["ant_lenders", "equity_rmb_bn"]) == 40
    with pytest.raises(ValueError, match="platform_capital_ratio"):
        contagion_losses(nodes, exposures, 0.1, 0.3, platform_capital_ratio=0.0)


# -- DebtRank's value against the total loss, and the inputs it refuses -------------------------
def test_value_is_the_loss_added_to_the_shock():
    """With equal weights the shocked pool counts, so value and total differ by its shock."""
    exposure = np.array([[0, 0, 0], [20, 0, 0], [0, 10, 0]], dtype=float)
    W = impact_matrix(exposure, np.array([1.0, 40.0, 20.0]))
    result = debtrank(W, np.array([0.5, 0.0, 0.0]))
    assert result.total == pytest.approx((0.5 + 0.25 + 0.125) / 3)
    assert result.value == pytest.approx((0.25 + 0.125) / 3)
    assert result.total - result.value == pytest.approx(0.5 / 3)
    weighted = debtrank(W, np.array([0.5, 0.0, 0.0]), values=[2.0, 1.0, 1.0])
    assert weighted.total == pytest.approx((2 * 0.5 + 0.25 + 0.125) / 4)
    assert weighted.value == pytest.approx((0.25 + 0.125) / 4)
    assert [row.tolist() for row in weighted.history] == [
        [0.5, 0.0, 0.0], [0.5, 0.25, 0.0], [0.5, 0.25, 0.125], [0.5, 0.25, 0.125]]


def test_a_shock_that_spreads_nowhere_adds_nothing():
    result = debtrank(np.zeros((3, 3)), [0.0, 0.7, 0.0], values=[1.0, 1.0, 2.0])
    assert result.h.tolist() == [0.0, 0.7, 0.0]
    assert result.value == 0.0 and result.total == pytest.approx(0.7 / 4)
    assert result.first_round.tolist() == [0.0, 0.7, 0.0]
    assert len(result.history) == 2


def test_no_shock_stops_at_once():
    result = debtrank(np.full((2, 2), 0.5) - np.eye(2) * 0.5, [0.0, 0.0])
    assert len(result.history) == 1
    assert result.first_round.tolist() == [0.0, 0.0]


def test_a_long_chain_runs_to_its_end():
    n = 6
    W = np.diag(np.ones(n - 1), k=1)  # each node fully exposed to the one before
    result = debtrank(W, np.eye(n)[0])
    assert result.h.tolist() == [1.0] * n
    assert len(result.history) == n + 1
    assert result.value == pytest.approx((n - 1) / n)


def test_distress_is_capped_at_one_when_two_lenders_hit_one_node():
    W = np.array([[0, 0, 0.8], [0, 0, 0.8], [0, 0, 0]])
    result = debtrank(W, [1.0, 1.0, 0.0])
    assert result.h.tolist() == [1.0, 1.0, 1.0]


def test_empty_network():
    result = debtrank(np.zeros((0, 0)), np.zeros(0))
    assert result.h.shape == (0,) and result.value == 0.0 and result.total == 0.0


def test_impact_matrix_divides_by_the_lenders_equity_and_transposes():
    exposure = np.array([[0.0, 6.0, 0.0], [0.0, 0.0, 0.0], [3.0, 0.0, 0.0]])
    W = impact_matrix(exposure, [12.0, 0.0, 4.0])  # node 1 lends nothing: zero equity is fine
    assert W.tolist() == [[0.0, 0.0, 0.75], [0.5, 0.0, 0.0], [0.0, 0.0, 0.0]]


@pytest.mark.parametrize("kwargs, message", [
    ({"W": [[0, np.nan], [0, 0]], "h0": [1, 0]},
     r"^W\[0, 1\] = nan: missing or infinite entries are not allowed$"),
    ({"W": [[0, 0], [np.inf, 0]], "h0": [1, 0]}, r"^W\[1, 0\] = inf: missing or infinite"),
    ({"W": [[0, 0.1], [0, 0]], "h0": [1, np.nan]}, r"^h0\[1\] = nan: missing or infinite"),
    ({"W": [[0, 0.1], [0, 0]], "h0": [0, -0.5]}, r"^h0\[1\] = -0.5: every initial distress"),
    ({"W": [[0, 0.1], [0, 0]], "h0": [1.0, 1.01]}, r"^h0\[1\] = 1.01: every initial distress"),
    ({"W": [[0, 0.1], [0, 0]], "h0": [1, 0], "values": [1, -1]},
     r"^values\[1\] = -1.0 is negative"),
    ({"W": [[0, 0.1], [0, 0]], "h0": [1, 0], "values": [0, 0]}, r"they sum to 0$"),
    ({"W": [[0, 0.1], [0, 0]], "h0": [1, 0], "values": [1, np.nan]},
     r"^values\[1\] = nan: missing"),
    ({"W": [[0, 0.1], [0, 0]], "h0": [1, 0], "values": [1, 1, 1]},
     r"^values must have shape \(2,\), got \(3,\)$"),
    ({"W": [[0, 0.1], [0, 0]], "h0": [1, 0, 0]}, r"^h0 must have shape \(2,\), got \(3,\)$"),
    ({"W": [[0, 1.5], [0, 0]], "h0": [1, 0]},
     r"^W\[0, 1\] = 1.5 exceeds 1: impacts are shares of equity$"),
    ({"W": [[0, 0], [-0.1, 0]], "h0": [1, 0]}, r"^W\[1, 0\] = -0.1 is negative$"),
    ({"W": [0, 1], "h0": [1, 0]}, r"^W must be a square matrix, got shape \(2,\)$"),
])
def test_bad_input_names_the_argument_and_entry(kwargs, message):
    with pytest.raises(ValueError, match=message):
        debtrank(**kwargs)


def test_bad_impact_inputs_name_the_node():
    with pytest.raises(ValueError, match=r"^node 1 has exposures but equity 0.0; equity must be"):
        impact_matrix([[0.0, 0.0, 0.0], [5.0, 0.0, 0.0], [1.0, 0.0, 0.0]], [1.0, 0.0, 1.0])
    with pytest.raises(ValueError, match=r"^node 2 has exposures but equity -1.0"):
        impact_matrix([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [1.0, 0.0, 0.0]], [1.0, 0.0, -1.0])
    with pytest.raises(ValueError, match=r"^equity\[0\] = nan: missing or infinite"):
        impact_matrix([[0.0, 1.0], [0.0, 0.0]], [np.nan, 1.0])
    with pytest.raises(ValueError, match=r"^exposure\[0, 1\] = -2.0 is negative$"):
        impact_matrix([[0.0, -2.0], [0.0, 0.0]], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"^equity must have shape \(2,\)"):
        impact_matrix([[0.0, 1.0], [0.0, 0.0]], [1.0])
    with pytest.raises(ValueError, match="the diagonal of exposure must be 0"):
        impact_matrix([[0.0, 0.0], [0.0, 3.0]], [1.0, 1.0])


def test_any_real_numbers_are_taken_as_floats():
    from fractions import Fraction

    half = Fraction(1, 2)
    result = debtrank([[0, half], [0, 0]], [1, 0])
    assert result.h.tolist() == [1.0, 0.5] and result.h.dtype == np.float64
    W = impact_matrix([[0, 0], [Fraction(10), 0]], [1, 20])
    assert W.tolist() == [[0.0, 0.5], [0.0, 0.0]]


def test_the_first_entry_above_one_is_named_not_one_equal_to_one():
    with pytest.raises(ValueError, match=r"^W\[1, 0\] = 1.5 exceeds 1"):
        debtrank([[0, 1.0], [1.5, 0]], [1, 0])


def test_the_negative_value_is_named_among_small_positive_ones():
    with pytest.raises(ValueError, match=r"^values\[1\] = -1.0 is negative; values must be "
                                         r"non-negative with a positive sum$"):
        debtrank([[0, 0.1], [0, 0]], [1, 0], values=[0.5, -1])


def test_full_messages_of_the_remaining_refusals():
    with pytest.raises(ValueError, match=r"^a node cannot be exposed to itself: the diagonal of "
                                         r"exposure must be 0$"):
        impact_matrix([[1.0, 0.0], [0.0, 0.0]], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"^values must be non-negative with a positive sum; "
                                         r"they sum to 0$"):
        debtrank([[0, 0.1], [0, 0]], [1, 0], values=[0, 0])


def test_equity_below_one_is_used_as_it_is():
    W = impact_matrix([[0.0, 0.0], [0.25, 0.0]], [1.0, 0.5])
    assert W.tolist() == [[0.0, 0.5], [0.0, 0.0]]


def test_values_summing_to_one_or_less_are_fine_and_a_zero_is_not_negative():
    assert debtrank([[0, 0.5], [0, 0]], [1, 0], values=[0.3, 0.2]).total == pytest.approx(0.6 + 0.2)
    assert debtrank([[0, 0.5], [0, 0]], [1, 0], values=[0.5, 0.5]).value == pytest.approx(0.25)
    with pytest.raises(ValueError, match=r"^values\[1\] = -1.0 is negative"):
        debtrank([[0, 0.1], [0, 0]], [1, 0], values=[0.0, -1.0])
