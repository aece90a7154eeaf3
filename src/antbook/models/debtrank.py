"""DebtRank: how distress at a few nodes spreads through a network of exposures.

DebtRank (Battiston, Puliga, Kaushik, Tasca and Caldarelli, *Scientific Reports* 2, 541, 2012)
measures the share of a network's economic value that distress starting at some nodes would
destroy, counting the losses that travel along exposures, not only the first ones.

The model, in the paper's terms
-------------------------------
* ``exposure[j, i]`` is what lender ``j`` has lent to (or invested in) borrower ``i``;
  ``equity[j]`` is ``j``'s capital. The **impact** of ``i`` on ``j`` is
  ``W[i, j] = min(1, exposure[j, i] / equity[j])``: if ``i`` loses everything, ``j`` loses that
  share of its equity (all of it at most).
* Every node carries a **distress** ``h`` in ``[0, 1]`` (the share of its equity lost) and a state:
  undistressed, distressed or inactive. The shocked nodes start distressed with ``h0``.
* At each step every node that became distressed in the previous step passes its distress on,
  once: ``h[j] <- min(1, h[j] + sum_i W[i, j] h[i])`` over those ``i``; then it becomes inactive.
  Nodes whose distress rose from zero become distressed. The process stops when no node is
  distressed, after at most ``n`` steps.
* Passing distress on only once is the paper's rule against counting the same loss twice around a
  cycle.

The **DebtRank** of the shock is the value-weighted distress at the end less that at the start:
``R = sum_j v_j h_j(T) - sum_j v_j h0_j``, the loss the network adds to the shock. The whole loss,
``sum_j v_j h_j(T)``, is reported too.

Properties (tested in ``tests/test_debtrank.py``): every ``h`` lies in ``[0, 1]``; a zero shock
loses nothing; a node with no path of positive impact from a shocked node loses nothing; scaling
the shock up (same shocked nodes) never lowers any loss. Note that the original algorithm is *not*
monotone when a larger shock also adds new shocked nodes: a node shocked at the start passes its
(small) distress on at once instead of a larger amount later.

Examples
--------
A loan pool ``P`` loses half its value; bank ``A`` lent 20 to it and has equity 40; bank ``B``
lent 10 to ``A`` and has equity 20.

>>> import numpy as np
>>> exposure = np.array([[0, 0, 0], [20, 0, 0], [0, 10, 0]], dtype=float)  # rows lend to columns
>>> W = impact_matrix(exposure, equity=np.array([1.0, 40.0, 20.0]))
>>> result = debtrank(W, h0=np.array([0.5, 0.0, 0.0]))
>>> result.h.tolist()
[0.5, 0.25, 0.125]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["DebtRankResult", "debtrank", "impact_matrix"]


def _as_matrix(name: str, value) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise ValueError(f"{name} must be a square matrix, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        i, j = np.argwhere(~np.isfinite(array))[0]
        raise ValueError(f"{name}[{i}, {j}] = {array[i, j]}: missing or infinite entries are "
                         "not allowed")
    if np.any(array < 0):
        i, j = np.argwhere(array < 0)[0]
        raise ValueError(f"{name}[{i}, {j}] = {array[i, j]} is negative")
    return array


def _as_vector(name: str, value, n: int) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    if array.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got {array.shape}")
    if not np.all(np.isfinite(array)):
        i = int(np.argmax(~np.isfinite(array)))
        raise ValueError(f"{name}[{i}] = {array[i]}: missing or infinite entries are not allowed")
    return array


def impact_matrix(exposure, equity) -> np.ndarray:
    """Impact of one node on another: ``W[i, j] = min(1, exposure[j, i] / equity[j])``.

    Parameters
    ----------
    exposure : array (n, n)
        ``exposure[j, i]`` is what ``j`` has lent to or invested in ``i`` (non-negative).
    equity : array (n,)
        Each node's equity; must be positive for every node that has any exposure.

    Returns
    -------
    numpy.ndarray
        ``W`` with entries in ``[0, 1]``, zero on the diagonal.
    """
    exposure = _as_matrix("exposure", exposure)
    n = exposure.shape[0]
    equity = _as_vector("equity", equity, n)
    lenders = exposure.sum(axis=1) > 0
    bad = lenders & ~(equity > 0)
    if np.any(bad):
        j = int(np.argmax(bad))
        raise ValueError(f"node {j} has exposures but equity {equity[j]}; equity must be > 0")
    if np.any(np.diag(exposure) != 0):
        raise ValueError("a node cannot be exposed to itself: the diagonal of exposure must be 0")
    safe = np.where(equity > 0, equity, 1.0)
    return np.minimum(1.0, (exposure / safe[:, None]).T)


@dataclass(frozen=True)
class DebtRankResult:
    """Outcome of :func:`debtrank`.

    Attributes
    ----------
    h : numpy.ndarray
        Final distress of each node, in ``[0, 1]``.
    history : numpy.ndarray
        Distress at each step, shape ``(steps + 1, n)``; ``history[0]`` is the shock and
        ``history[1]`` the losses after the first round.
    value : float
        DebtRank: value-weighted final distress less value-weighted initial distress (the loss
        that the network adds to the shock itself).
    total : float
        Value-weighted final distress: the whole loss, shock included. Unlike ``value``, it never
        falls when the same nodes are shocked harder.
    """

    h: np.ndarray
    history: np.ndarray
    value: float
    total: float

    @property
    def first_round(self) -> np.ndarray:
        """Distress after one step: the direct losses, before any knock-on effect."""
        return self.history[min(1, len(self.history) - 1)]


def debtrank(W, h0, values=None) -> DebtRankResult:
    """Run DebtRank from the initial distress ``h0`` over the impact matrix ``W``.

    Parameters
    ----------
    W : array (n, n)
        Impact matrix with entries in ``[0, 1]`` (see :func:`impact_matrix`).
    h0 : array (n,)
        Initial distress of each node, in ``[0, 1]``; nodes with ``h0 > 0`` are the shocked ones.
    values : array (n,), optional
        Economic weight of each node (non-negative, summing to a positive number); normalised to
        sum to 1. Default: equal weights.

    Returns
    -------
    DebtRankResult
    """
    W = _as_matrix("W", W)
    n = W.shape[0]
    if np.any(W > 1):
        i, j = np.argwhere(W > 1)[0]
        raise ValueError(f"W[{i}, {j}] = {W[i, j]} exceeds 1: impacts are shares of equity")
    h = _as_vector("h0", h0, n).copy()
    if np.any((h < 0) | (h > 1)):
        i = int(np.argmax((h < 0) | (h > 1)))
        raise ValueError(f"h0[{i}] = {h[i]}: every initial distress h0 must lie in [0, 1]")
    if values is None:
        v = np.full(n, 1.0 / n) if n else np.zeros(0)
    else:
        v = _as_vector("values", values, n)
        if np.any(v < 0):
            i = int(np.argmax(v < 0))
            raise ValueError(f"values[{i}] = {v[i]} is negative; values must be non-negative "
                             "with a positive sum")
        if v.sum() <= 0:
            raise ValueError("values must be non-negative with a positive sum; they sum to 0")
        v = v / v.sum()
    start = h.copy()
    distressed = h > 0
    inactive = np.zeros(n, dtype=bool)
    history = [h.copy()]
    for _ in range(n + 1):
        if not distressed.any():
            break
        spread = (W * np.where(distressed, h, 0.0)[:, None]).sum(axis=0)
        new_h = np.minimum(1.0, h + spread)
        newly = (new_h > 0) & ~distressed & ~inactive
        inactive = inactive | distressed
        distressed = newly
        h = new_h
        history.append(h.copy())
    return DebtRankResult(h=h, history=np.array(history), value=float(v @ h - v @ start),
                          total=float(v @ h))
