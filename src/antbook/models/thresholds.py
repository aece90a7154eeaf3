"""Approval thresholds: what a cut-off on predicted risk does to volume, defaults, loss, profit.

A lender approves an applicant whose predicted default probability is at most ``threshold``.
Per group of applicants it then has

* ``approval_rate``: approved / applicants;
* ``default_rate_approved``: defaulters among the approved / approved (0 when nobody is approved);
* ``expected_loss``: what the model expects to lose, sum over the approved of
  predicted probability x loss given default, per 100 applicants (one unit lent to each);
* ``profit``: what the lender actually earns on the test borrowers, per 100 applicants: a repaid
  loan earns ``interest_rate``, a defaulted one loses ``loss_given_default``.

Everything is computed from *precomputed* scores with NumPy: the scores are sorted once
(:class:`ThresholdTable`), after which any threshold costs one binary search. That is what makes a
live slider update in well under 50 ms (``make bench`` measures it:
:func:`antbook.book.bench.threshold_update_seconds`).

Examples
--------
>>> m = threshold_metrics([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1], threshold=0.25)
>>> m["approved"], m["approval_rate"], m["default_rate_approved"]
(2, 0.5, 0.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "INTEREST_RATE",
    "LOSS_GIVEN_DEFAULT",
    "METRICS",
    "ThresholdTable",
    "check_threshold",
    "downturn_profit_curve",
    "segment_tables",
    "segments_at",
    "threshold_metrics",
]

INTEREST_RATE = 0.15
"""Yearly interest earned on a repaid loan (illustrative)."""
LOSS_GIVEN_DEFAULT = 0.8
"""Share of a defaulted loan that is lost (illustrative)."""

METRICS = {
    "approval_rate": "Approval rate",
    "default_rate_approved": "Default rate among the approved",
    "expected_loss": "Expected loss per 100 applicants",
    "profit": "Profit per 100 applicants",
}


def check_threshold(threshold: float) -> float:
    """Return ``threshold`` as a float, or raise ``ValueError`` if it is not in [0, 1]."""
    if isinstance(threshold, bool) or not isinstance(threshold, int | float | np.floating):
        raise ValueError(f"threshold must be a number in [0, 1], got {threshold!r}")
    if math.isnan(threshold) or not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must lie in [0, 1] (it is a probability of default), "
                         f"got {threshold}")
    return float(threshold)


def _check_inputs(risk, defaulted) -> tuple[np.ndarray, np.ndarray]:
    risk = np.asarray(risk, dtype=float)
    y = np.asarray(defaulted, dtype=float)
    if risk.ndim != 1 or risk.shape != y.shape:
        raise ValueError(f"risk and defaulted must be 1-D and of equal length, got shapes "
                         f"{risk.shape} and {y.shape}")
    if risk.size == 0:
        raise ValueError("no applicants: risk and defaulted are empty")
    bad = np.isnan(risk) | (risk < 0) | (risk > 1)
    if np.any(bad):
        i = int(np.argmax(bad))
        raise ValueError(f"predicted risks must be probabilities in [0, 1]: risk[{i}] = {risk[i]}")
    bad = ~((y == 0) | (y == 1))
    if np.any(bad):
        i = int(np.argmax(bad))
        raise ValueError(f"defaulted must hold only 0 and 1: defaulted[{i}] = {y[i]}")
    return risk, y


@dataclass(frozen=True)
class ThresholdTable:
    """Scores of one group of applicants sorted once, so that any threshold is a lookup."""

    sorted_risk: np.ndarray
    cum_defaults: np.ndarray
    cum_risk: np.ndarray
    interest_rate: float = INTEREST_RATE
    loss_given_default: float = LOSS_GIVEN_DEFAULT

    @classmethod
    def build(cls, risk, defaulted, interest_rate: float = INTEREST_RATE,
              loss_given_default: float = LOSS_GIVEN_DEFAULT) -> ThresholdTable:
        risk, y = _check_inputs(risk, defaulted)
        for name, value in (("interest_rate", interest_rate),
                            ("loss_given_default", loss_given_default)):
            if not 0 <= value <= 1:
                raise ValueError(f"{name} must lie in [0, 1], got {value}")
        order = np.argsort(risk, kind="stable")
        zero = np.zeros(1)
        return cls(risk[order], np.concatenate([zero, np.cumsum(y[order])]),
                   np.concatenate([zero, np.cumsum(risk[order])]), interest_rate,
                   loss_given_default)

    @property
    def applicants(self) -> int:
        return int(self.sorted_risk.size)

    def at(self, thresholds) -> dict[str, np.ndarray]:
        """Every metric at each of ``thresholds`` (an array), as arrays."""
        t = np.atleast_1d(np.asarray(thresholds, dtype=float))
        bad = np.isnan(t) | (t < 0) | (t > 1)
        if np.any(bad):
            raise ValueError(f"thresholds must lie in [0, 1], got {t[bad][:3].tolist()}")
        n = self.applicants
        approved = np.searchsorted(self.sorted_risk, t, side="right")
        defaults = self.cum_defaults[approved]
        with np.errstate(invalid="ignore", divide="ignore"):
            default_rate = np.where(approved > 0, defaults / np.maximum(approved, 1), 0.0)
        repaid = approved - defaults
        return {
            "applicants": np.full(t.shape, n),
            "approved": approved,
            "rejected": n - approved,
            "approval_rate": approved / n,
            "default_rate_approved": default_rate,
            "expected_loss": 100 * self.cum_risk[approved] * self.loss_given_default / n,
            "profit": 100 * (repaid * self.interest_rate
                             - defaults * self.loss_given_default) / n,
        }


def threshold_metrics(risk, defaulted, threshold: float, interest_rate: float = INTEREST_RATE,
                      loss_given_default: float = LOSS_GIVEN_DEFAULT) -> dict[str, float]:
    """All metrics at one threshold for one group of applicants (see the module doc).

    Raises
    ------
    ValueError
        If ``threshold`` is outside [0, 1], or the inputs are empty, mismatched or not
        probabilities and 0/1 outcomes.
    """
    t = check_threshold(threshold)
    table = ThresholdTable.build(risk, defaulted, interest_rate, loss_given_default)
    out = table.at([t])
    return {k: (int(v[0]) if k in ("applicants", "approved", "rejected") else float(v[0]))
            for k, v in out.items()}


def segment_tables(test: pd.DataFrame, risk: np.ndarray, interest_rate: float = INTEREST_RATE,
                   loss_given_default: float = LOSS_GIVEN_DEFAULT) -> dict[str, ThresholdTable]:
    """One :class:`ThresholdTable` for all applicants, thick and thin files, and groups A and B."""
    risk = np.asarray(risk, dtype=float)
    y = test["defaulted"].to_numpy()
    thin = test["thin_file"].to_numpy(dtype=bool)
    group_b = (test["group"] == "B").to_numpy()
    masks = {"All applicants": np.ones(len(test), dtype=bool), "Thick file": ~thin,
             "Thin file": thin, "Group A": ~group_b, "Group B": group_b}
    return {name: ThresholdTable.build(risk[m], y[m], interest_rate, loss_given_default)
            for name, m in masks.items()}


def segments_at(tables: dict[str, ThresholdTable], threshold: float) -> pd.DataFrame:
    """Long table (segment, metric, value) at one threshold: the live compute of the explorer."""
    t = check_threshold(threshold)
    rows = []
    for name, table in tables.items():
        values = table.at([t])
        for key, label in METRICS.items():
            rows.append((name, label, float(values[key][0])))
    return pd.DataFrame(rows, columns=["segment", "metric", "value"])


def downturn_profit_curve(risk, shocked_probability, thresholds,
                          interest_rate: float = INTEREST_RATE,
                          loss_given_default: float = LOSS_GIVEN_DEFAULT) -> pd.DataFrame:
    """Expected profit per 100 applicants at each threshold when the true default probabilities
    are ``shocked_probability`` but the lender still ranks applicants by ``risk``.

    Returns a frame with ``threshold``, ``approval_rate``, ``default_rate_approved`` (expected) and
    ``profit`` (expected, per 100 applicants).
    """
    risk = np.asarray(risk, dtype=float)
    p = np.asarray(shocked_probability, dtype=float)
    if risk.shape != p.shape or risk.ndim != 1 or risk.size == 0:
        raise ValueError("risk and shocked_probability must be 1-D, non-empty, equal length; "
                         f"got shapes {risk.shape} and {p.shape}")
    for name, values in (("risk", risk), ("shocked_probability", p)):
        bad = np.isnan(values) | (values < 0) | (values > 1)
        if np.any(bad):
            i = int(np.argmax(bad))
            raise ValueError(f"{name}[{i}] = {values[i]}: risks and probabilities must lie in "
                             "[0, 1]")
    t = np.asarray([check_threshold(float(x)) for x in np.atleast_1d(thresholds)])
    order = np.argsort(risk, kind="stable")
    zero = np.zeros(1)
    cum_p = np.concatenate([zero, np.cumsum(p[order])])
    k = np.searchsorted(risk[order], t, side="right")
    n = risk.size
    expected_defaults = cum_p[k]
    profit = 100 * ((k - expected_defaults) * interest_rate
                    - expected_defaults * loss_given_default) / n
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(k > 0, expected_defaults / np.maximum(k, 1), 0.0)
    return pd.DataFrame({"threshold": t, "approval_rate": k / n, "default_rate_approved": rate,
                         "profit": profit})
