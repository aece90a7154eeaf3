"""The contagion scenario's guards and arithmetic (antbook.models.contagion) on small tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from antbook.models.contagion import POOL, contagion_losses, exposure_matrix


def _nodes(**equity):
    rows = [("consumer_pool", "Pool", "loan_pool", np.nan, 100.0),
            ("sme_pool", "SME pool", "loan_pool", np.nan, 50.0),
            ("ant_lenders", "Ant", "platform_lender", equity.get("ant", 10.0), np.nan),
            ("bank", "Bank", "bank", equity.get("bank", 40.0), np.nan),
            ("trust", "Trust", "investor", equity.get("trust", 20.0), np.nan)]
    return pd.DataFrame(rows, columns=["node_id", "label", "kind", "equity_rmb_bn", "size_rmb_bn"])


def _exposures(*extra):
    rows = [("e1", "ant_lenders", POOL, 5.0), ("e2", "bank", POOL, 60.0),
            ("e3", "trust", POOL, 20.0), ("e4", "bank", "sme_pool", 30.0),
            ("e5", "trust", "bank", 10.0), *extra]
    return pd.DataFrame(rows, columns=["exposure_id", "lender", "borrower", "amount_rmb_bn"])


def test_the_pool_is_split_at_own_share_and_the_partners_keep_their_proportions():
    matrix = exposure_matrix(_nodes(), _exposures(), own_share=0.2)
    pool = matrix[:, 0]
    assert pool.tolist() == pytest.approx([0, 0, 20.0, 60.0, 20.0])  # 80 split 3:1
    assert matrix[3, 1] == 30.0 and matrix[4, 3] == 10.0  # other exposures as in the table
    assert matrix.sum() == pytest.approx(100 + 30 + 10)


def test_losses_by_hand():
    frame = contagion_losses(_nodes(), _exposures(), shock=0.1, own_share=0.2).set_index("node_id")
    assert list(frame.index) == ["ant_lenders", "bank", "trust"]
    # first round: exposure to the pools x shock / equity
    assert frame["first_round"].tolist() == pytest.approx([20 * 0.1 / 10, 90 * 0.1 / 40,
                                                           20 * 0.1 / 20])
    # the trust lent 10 to the bank (equity 20): it loses 0.5 x the bank's distress on top
    assert frame.at["trust", "total_loss"] == pytest.approx(0.1 + 0.5 * 0.225)
    assert frame.at["bank", "total_loss"] == pytest.approx(0.225)
    assert frame["loss_rmb_bn"].tolist() == pytest.approx(
        (frame["total_loss"] * frame["equity_rmb_bn"]).tolist())
    weights = np.array([10, 40, 20]) / 70
    assert frame["system_loss"].iloc[0] == pytest.approx(weights @ frame["total_loss"].to_numpy())
    added = weights @ (frame["total_loss"] - frame["first_round"]).to_numpy()
    assert frame["debtrank"].iloc[0] == pytest.approx(added)
    assert frame["debtrank"].iloc[0] < frame["system_loss"].iloc[0]


def test_first_round_is_capped_at_the_lenders_equity():
    frame = contagion_losses(_nodes(ant=1.0), _exposures(), shock=0.5, own_share=0.5)
    assert frame.set_index("node_id").at["ant_lenders", "first_round"] == 1.0


@pytest.mark.parametrize("own_share", [0.0, 1.0, -0.1, 1.5])
def test_own_share_outside_the_open_interval(own_share):
    with pytest.raises(ValueError, match=rf"^own_share must lie in \(0, 1\), got {own_share}$"):
        exposure_matrix(_nodes(), _exposures(), own_share)


@pytest.mark.parametrize("shock", [-0.01, 1.01])
def test_shock_outside_the_unit_interval(shock):
    with pytest.raises(ValueError, match=rf"^shock must lie in \[0, 1\], got {shock}$"):
        contagion_losses(_nodes(), _exposures(), shock, 0.2)


def test_shock_at_the_bounds_is_allowed():
    assert contagion_losses(_nodes(), _exposures(), 0.0, 0.2)["total_loss"].eq(0).all()
    assert contagion_losses(_nodes(), _exposures(), 1.0, 0.2)["total_loss"].le(1).all()


def test_an_exposure_to_an_unknown_node_is_named():
    bad = _exposures(("e9", "bank", "mars_bank", 1.0))
    with pytest.raises(ValueError, match=r"^exposure e9: no node 'mars_bank'$"):
        exposure_matrix(_nodes(), bad, 0.2)
    bad = _exposures(("e8", "venus_fund", "bank", 1.0))
    with pytest.raises(ValueError, match=r"^exposure e8: no node 'venus_fund'$"):
        exposure_matrix(_nodes(), bad, 0.2)


@pytest.mark.parametrize("drop", [["e1"], ["e2", "e3"]])
def test_the_pool_needs_the_platform_and_another_lender(drop):
    exposures = _exposures()
    exposures = exposures[~exposures["exposure_id"].isin(drop)]
    with pytest.raises(ValueError, match="consumer_pool needs a ant_lenders row and at least one"):
        exposure_matrix(_nodes(), exposures, 0.2)


@pytest.mark.parametrize("equity", [0.0, -5.0, np.nan])
def test_a_lender_without_equity_is_named(equity):
    with pytest.raises(ValueError, match=r"^node bank: every lender needs a positive equity"):
        contagion_losses(_nodes(bank=equity), _exposures(), 0.1, 0.2)


@pytest.mark.parametrize("ratio", [0.0, -0.1, 1.2])
def test_platform_capital_ratio_outside_its_interval(ratio):
    with pytest.raises(ValueError, match=rf"^platform_capital_ratio must lie in \(0, 1\], got "
                                         rf"{ratio}$"):
        contagion_losses(_nodes(), _exposures(), 0.1, 0.2, platform_capital_ratio=ratio)


def test_platform_capital_ratio_sets_only_the_platforms_equity():
    nodes = _nodes()
    frame = contagion_losses(nodes, _exposures(), 0.1, 0.2, platform_capital_ratio=1.0)
    frame = frame.set_index("node_id")
    assert frame["equity_rmb_bn"].tolist() == [20.0, 40.0, 20.0]  # 100 % of its 20 of loans
    assert nodes["equity_rmb_bn"].iloc[2] == 10.0  # the caller's table is untouched


def test_the_result_has_exactly_its_columns():
    frame = contagion_losses(_nodes(), _exposures(), 0.1, 0.2)
    assert list(frame.columns) == ["node_id", "label", "kind", "equity_rmb_bn", "first_round",
                                   "total_loss", "loss_rmb_bn", "system_loss", "debtrank"]
    assert list(frame.index) == [0, 1, 2]


def test_platform_capital_on_a_whole_number_equity_column():
    nodes = _nodes()
    nodes["equity_rmb_bn"] = nodes["equity_rmb_bn"].astype("Int64")  # as an integer schema loads
    frame = contagion_losses(nodes, _exposures(), 0.1, 0.2, platform_capital_ratio=0.125)
    assert frame.set_index("node_id").at["ant_lenders", "equity_rmb_bn"] == 2.5


def test_two_rows_for_the_same_pair_add_up():
    matrix = exposure_matrix(_nodes(), _exposures(("e6", "trust", "bank", 5.0)), 0.2)
    assert matrix[4, 3] == 15.0


def test_the_lender_without_equity_is_named_not_a_small_one():
    with pytest.raises(ValueError, match=r"^node bank: every lender needs a positive equity"):
        contagion_losses(_nodes(ant=0.5, bank=0.0), _exposures(), 0.1, 0.2)
