"""Chapter 2's contagion scenario: a shock to a lending platform's borrowers, spread by DebtRank.

The platform arranges two pools of loans (consumer and small-business). Lenders fund them: the
platform's own lending entities, partner banks (co-lending) and securitisation investors. Banks
also lend to each other and to the platform's lending entities. A shock makes the pools lose a
share ``shock`` of their value; each lender loses its exposure times that share, relative to its
equity, and the distress then travels along the other exposures (:mod:`antbook.models.debtrank`).

``own_share`` is the share of the consumer pool that the platform's own entities fund; the
partners' shares of the rest keep the proportions of the data. The data table describes the
platform at its reported share; the model rescales the other consumer-pool exposures so the pool
stays fully funded.

Examples
--------
>>> from antbook.data import load_table
>>> nodes, exposures = load_table("contagion_nodes"), load_table("contagion_exposures")
>>> frame = contagion_losses(nodes, exposures, shock=0.0, own_share=0.02)
>>> float(frame["total_loss"].max())
0.0
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .debtrank import debtrank, impact_matrix

__all__ = ["PLATFORM_LENDER", "POOL", "contagion_losses", "exposure_matrix",
           "joint_hit_probability", "simulate_joint_hits"]

POOL = "consumer_pool"
"""The pool whose funding split ``own_share`` changes."""
PLATFORM_LENDER = "ant_lenders"
"""The platform's own lending entities."""


def exposure_matrix(nodes: pd.DataFrame, exposures: pd.DataFrame, own_share: float
                    ) -> np.ndarray:
    """Lender-by-borrower exposures (RMB billion), with the consumer pool split at ``own_share``.

    Raises ``ValueError`` if ``own_share`` is outside ``(0, 1)``, if an exposure names an
    unknown node, or if the consumer pool has no platform lender or no other lender.
    """
    if not 0 < own_share < 1:
        raise ValueError(f"own_share must lie in (0, 1), got {own_share}")
    index = {node: k for k, node in enumerate(nodes["node_id"])}
    size = dict(zip(nodes["node_id"], nodes["size_rmb_bn"], strict=True))
    matrix = np.zeros((len(index), len(index)))
    pool_rows = exposures[exposures["borrower"] == POOL]
    own = pool_rows[pool_rows["lender"] == PLATFORM_LENDER]
    others = pool_rows[pool_rows["lender"] != PLATFORM_LENDER]
    if own.empty or others.empty:
        raise ValueError(f"{POOL} needs a {PLATFORM_LENDER} row and at least one other lender")
    pool_size = float(size[POOL])
    others_total = float(others["amount_rmb_bn"].sum())
    for row in exposures.itertuples(index=False):
        for end in (row.lender, row.borrower):
            if end not in index:
                raise ValueError(f"exposure {row.exposure_id}: no node {end!r}")
        amount = float(row.amount_rmb_bn)
        if row.borrower == POOL:
            amount = (own_share * pool_size if row.lender == PLATFORM_LENDER
                      else amount / others_total * (1 - own_share) * pool_size)
        matrix[index[row.lender], index[row.borrower]] += amount
    return matrix


def contagion_losses(nodes: pd.DataFrame, exposures: pd.DataFrame, shock: float,
                     own_share: float, platform_capital_ratio: float | None = None
                     ) -> pd.DataFrame:
    """Each lender's loss, first round and after contagion, for a shock to both loan pools.

    The first round is each lender's direct loss on the pools, ``sum(exposure * shock) / equity``
    (at most 1). That distress then spreads among the lenders by DebtRank over the lenders'
    exposures to each other (:func:`antbook.models.debtrank.debtrank`).

    Parameters
    ----------
    nodes, exposures : DataFrame
        The tables ``contagion_nodes`` and ``contagion_exposures``.
    shock : float
        Share of the pools' value lost, in ``[0, 1]``.
    own_share : float
        Share of the consumer pool the platform funds itself, in ``(0, 1)``.
    platform_capital_ratio : float, optional
        If given (in ``(0, 1]``), the platform's own lending entities hold this share of the
        loans they fund as equity, so their equity grows with ``own_share``, instead of the
        fixed ``equity_rmb_bn`` of the data. The introduction's capital-light model makes the
        same assumption (an illustrative 10 %).

    Returns
    -------
    DataFrame
        One row per lender: ``node_id``, ``label``, ``kind``, ``equity_rmb_bn``,
        ``first_round`` and ``total_loss`` (shares of equity lost, in ``[0, 1]``),
        ``loss_rmb_bn``; and, the same in every row, ``system_loss`` (equity-weighted share of
        all lenders' equity lost) and ``debtrank`` (the part of it added by contagion).
    """
    if not 0 <= shock <= 1:
        raise ValueError(f"shock must lie in [0, 1], got {shock}")
    exposure = exposure_matrix(nodes, exposures, own_share)
    pools = (nodes["kind"] == "loan_pool").to_numpy()
    lenders = ~pools
    nodes = nodes.copy()
    if platform_capital_ratio is not None:
        if not 0 < platform_capital_ratio <= 1:
            raise ValueError("platform_capital_ratio must lie in (0, 1], got "
                             f"{platform_capital_ratio}")
        platform = (nodes["node_id"] == PLATFORM_LENDER).to_numpy()
        own_loans = exposure[platform][:, pools].sum()
        nodes["equity_rmb_bn"] = nodes["equity_rmb_bn"].astype("float64")
        nodes.loc[platform, "equity_rmb_bn"] = platform_capital_ratio * own_loans
    equity = nodes["equity_rmb_bn"].astype("float64").to_numpy()[lenders]
    if np.any(~(equity > 0)):
        bad = nodes.loc[lenders].iloc[int(np.argmax(~(equity > 0)))]
        raise ValueError(f"node {bad['node_id']}: every lender needs a positive equity_rmb_bn, "
                         f"got {bad['equity_rmb_bn']}")
    direct = np.minimum(1.0, exposure[np.ix_(lenders, pools)].sum(axis=1) * shock / equity)
    W = impact_matrix(exposure[np.ix_(lenders, lenders)], equity)
    result = debtrank(W, direct, values=equity)
    frame = nodes.loc[lenders, ["node_id", "label", "kind", "equity_rmb_bn"]].copy()
    frame["first_round"] = direct
    frame["total_loss"] = result.h
    frame["loss_rmb_bn"] = frame["total_loss"] * frame["equity_rmb_bn"]
    weights = equity / equity.sum()
    frame["system_loss"] = float(weights @ result.h)
    frame["debtrank"] = result.value
    return frame.reset_index(drop=True)


# -- correlated, not diversified -----------------------------------------------------------------
def _normal_cdf(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def joint_hit_probability(threshold: float, mean: float, sd: float, correlation: float) -> float:
    """Chance that at least half of very many lenders lose more than ``threshold`` at once.

    Each lender's loss rate is ``mean + sd * (sqrt(rho) * Z + sqrt(1 - rho) * e_i)``, with one
    common factor ``Z`` and a factor ``e_i`` of its own, all standard normal (a one-factor model;
    ``rho`` is ``correlation``). With many lenders the share above ``threshold``, given ``Z``, is
    the chance for one lender given ``Z``; it exceeds one half exactly when
    ``sqrt(rho) * Z > (threshold - mean) / sd``. So the answer is
    ``Phi(-(threshold - mean) / (sd * sqrt(rho)))``: for ``rho = 1`` (every lender holds a slice
    of the same loans, scored by the same model) the chance for one lender, and it falls to 0
    (for a threshold above the mean) as ``rho`` falls to 0 (independent loan books).
    """
    if sd <= 0:
        raise ValueError(f"sd must be positive, got {sd}")
    if not 0 <= correlation <= 1:
        raise ValueError(f"correlation must lie in [0, 1], got {correlation}")
    gap = (threshold - mean) / sd
    if correlation == 0:
        return 0.0 if gap > 0 else (0.5 if gap == 0 else 1.0)
    return _normal_cdf(-gap / math.sqrt(correlation))


def simulate_joint_hits(n_lenders: int, threshold: float, mean: float, sd: float,
                        correlation: float, draws: int = 20_000, seed: int = 0) -> float:
    """Monte Carlo of :func:`joint_hit_probability` for ``n_lenders`` lenders: the share of
    ``draws`` in which at least half of them lose more than ``threshold`` (fixed ``seed``)."""
    if n_lenders < 1 or draws < 1:
        raise ValueError("n_lenders and draws must be positive")
    if not 0 <= correlation <= 1:
        raise ValueError(f"correlation must lie in [0, 1], got {correlation}")
    rng = np.random.default_rng(seed)
    common = rng.standard_normal((draws, 1))
    own = rng.standard_normal((draws, n_lenders))
    loss = mean + sd * (math.sqrt(correlation) * common + math.sqrt(1 - correlation) * own)
    return float(((loss > threshold).mean(axis=1) >= 0.5).mean())
