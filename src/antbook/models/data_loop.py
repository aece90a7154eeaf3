"""The data loop: more users give more data, better credit models, lower rates, more users.

The link from data to accuracy is not assumed: :func:`accuracy_table` trains chapter 3's logistic
credit model (:mod:`antbook.models.credit_models`) on growing samples of chapter 3's synthetic
borrowers (:mod:`antbook.models.borrowers`) and measures its AUC on one fixed held-out set, once
with traditional features (what a bank sees) and once with traditional plus platform features
(what a platform that also handles payments sees). The accuracy a lender *can reach* with ``n``
observations is the best AUC measured at any sample size up to ``n`` (a lender with more data can
always use less), so it never falls as data grow; between measured sizes it is interpolated on a
log scale, and beyond the largest it stays at the last value (no extrapolation).

The rest of the loop is an illustrative model, every parameter chosen for teaching:

* **accuracy to price.** A lender prices a safe borrower (one in the safer half of the population)
  at ``funding + loss_given_default * p_hat + margin``, where ``p_hat`` is its estimate of her
  default probability. A model that ranks no better than chance (AUC 0.5) cannot tell her from
  anyone else and charges her the pool's default rate; a perfect one (AUC 1) charges her own.
  In between, ``p_hat = p_safe + (1 - G) * (p_pool - p_safe)``, with ``G = 2 AUC - 1`` (the Gini
  coefficient, or accuracy ratio, of the model).
* **price to users.** Each period new borrowers choose the platform, the bank or neither, by a
  logit on the safe borrower's rate (``rate_sensitivity`` per percentage point).
* **users to data.** Each lender adds its borrowers of the period to its data.
* **data sharing.** With ``sharing`` above 0, lenders report to a licensed credit-reporting
  agency (the channel of the 2021 credit-reporting measures) and each can use a share ``sharing``
  of the other's records: the bank then scores with platform features, on its own data plus the
  shared part, and the platform adds the shared part of the bank's data to its own.

Examples
--------
>>> table = pd.DataFrame({"features": ["bank"] * 2 + ["platform"] * 2,
...                       "sample_size": [100, 1000] * 2, "auc": [0.6, 0.7, 0.7, 0.8]})
>>> curve = AccuracyCurve.from_table(table)
>>> round(curve("platform", 316.2), 3), curve("bank", 10**6)
(0.75, 0.7)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .borrowers import DEFAULT_SEED, generate_borrowers
from .credit_models import FEATURE_SETS, auc, fit_model, predict_risk

__all__ = ["DEFAULT_SIZES", "FEATURE_LABELS", "AccuracyCurve", "LoopSettings", "accuracy_table",
           "run_loop", "safe_and_pool_default"]

DEFAULT_SIZES = (100, 200, 400, 800, 1600, 3200, 6400, 12800)
"""Training-sample sizes at which :func:`accuracy_table` measures AUC."""

FEATURE_LABELS = {"bank": "Traditional", "platform": "Traditional + platform"}
"""Which of chapter 3's feature sets each kind of lender scores with."""


def accuracy_table(sizes=DEFAULT_SIZES, test_size: int = 6000, seed: int = DEFAULT_SEED
                   ) -> pd.DataFrame:
    """AUC of chapter 3's logistic model against the size of its training sample.

    The borrowers are one seeded draw of ``max(sizes) + test_size``; the last ``test_size`` are
    the test set for every fit, and the sample of size ``n`` is the first ``n`` of the rest, so
    each sample contains the smaller ones. Deterministic for a given ``seed``.

    Returns
    -------
    DataFrame
        ``features`` (``bank`` or ``platform``), ``sample_size``, ``auc`` (as measured) and
        ``auc_reachable`` (the best AUC at this size or any smaller one).

    Raises
    ------
    ValueError
        If ``sizes`` is empty, not increasing, or holds a size below 100.
    """
    sizes = [int(s) for s in sizes]
    if not sizes:
        raise ValueError("sizes is empty: give at least one training-sample size")
    if any(b <= a for a, b in zip(sizes, sizes[1:], strict=False)):
        raise ValueError(f"sizes must be strictly increasing, got {sizes}")
    if sizes[0] < 100:
        raise ValueError(f"sizes must be at least 100 borrowers (a smaller sample may hold no "
                         f"defaulter), got {sizes[0]}")
    frame = generate_borrowers(sizes[-1] + test_size, seed=seed)
    test = frame.iloc[sizes[-1]:]
    rows = []
    for kind, label in FEATURE_LABELS.items():
        best = 0.5
        for n in sizes:
            model = fit_model(frame.iloc[:n], FEATURE_SETS[label], "logistic", seed)
            value = auc(test["defaulted"], predict_risk(model, test))
            best = max(best, value)
            rows.append({"features": kind, "sample_size": n, "auc": round(value, 4),
                         "auc_reachable": round(best, 4)})
    return pd.DataFrame(rows)


def safe_and_pool_default(frame: pd.DataFrame) -> tuple[float, float]:
    """Mean true default probability of the safer half of ``frame`` and of all of it."""
    p = np.sort(frame["default_probability"].to_numpy(dtype=float))
    if p.size < 2:
        raise ValueError("need at least two borrowers to split into a safer half and the rest")
    return float(p[: p.size // 2].mean()), float(p.mean())


@dataclass(frozen=True)
class AccuracyCurve:
    """Reachable AUC as a function of data volume, for each kind of lender (see the module doc)."""

    sizes: dict[str, np.ndarray]
    aucs: dict[str, np.ndarray]

    @classmethod
    def from_table(cls, table: pd.DataFrame) -> AccuracyCurve:
        """From :func:`accuracy_table` (or any table with ``features``, ``sample_size`` and
        ``auc`` or ``auc_reachable``); measured values are made non-decreasing by a running
        maximum, as the module doc explains."""
        column = "auc_reachable" if "auc_reachable" in table.columns else "auc"
        for needed in ("features", "sample_size", column):
            if needed not in table.columns:
                raise ValueError(f"accuracy table has no column {needed!r}")
        sizes, aucs = {}, {}
        for kind in FEATURE_LABELS:
            part = table[table["features"] == kind].sort_values("sample_size")
            if part.empty:
                raise ValueError(f"accuracy table has no rows for {kind!r} lenders")
            if (part["sample_size"] <= 0).any():
                raise ValueError("sample sizes must be positive")
            value = part[column].to_numpy(dtype=float)
            if np.any((value < 0) | (value > 1)):
                raise ValueError(f"AUC values must lie in [0, 1]; {kind!r} has {value}")
            sizes[kind] = np.log(part["sample_size"].to_numpy(dtype=float))
            aucs[kind] = np.maximum.accumulate(np.maximum(value, 0.5))
        return cls(sizes, aucs)

    def __call__(self, kind: str, data: float) -> float:
        if kind not in self.sizes:
            raise ValueError(f"unknown kind of lender {kind!r}: choose one of {list(self.sizes)}")
        if not data > 0:
            raise ValueError(f"data volume must be positive, got {data}")
        return float(np.interp(math.log(data), self.sizes[kind], self.aucs[kind]))


@dataclass(frozen=True)
class LoopSettings:
    """Illustrative parameters of the loop (rates in per cent a year)."""

    funding: float = 4.0
    """Lender's cost of funds."""
    loss_given_default: float = 100.0
    """Share of a defaulted loan lost, in per cent."""
    margin: float = 1.0
    """Lender's margin over cost."""
    rate_sensitivity: float = 1.0
    """Change in a borrower's logit utility per percentage point of rate."""
    outside_rate: float = 12.0
    """Rate at which a borrower is indifferent between borrowing and not (the 'neither' option)."""
    new_borrowers: float = 300.0
    """Borrowers choosing a lender each period (each adds one observation to its lender's data)."""
    platform_start: float = 200.0
    """Observations the platform starts with (its payment users' records)."""
    bank_start: float = 200.0
    """Observations the bank starts with (its own customers' records)."""

    def __post_init__(self):
        for name in ("funding", "loss_given_default", "margin", "rate_sensitivity",
                     "outside_rate", "new_borrowers", "platform_start", "bank_start"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a finite number of at least 0, got {value!r}")
        for name in ("platform_start", "bank_start"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive: a lender needs some data to score")


def _safe_rate(settings: LoopSettings, accuracy: float, p_safe: float, p_pool: float) -> float:
    gini = 2.0 * accuracy - 1.0
    p_hat = p_safe + (1.0 - gini) * (p_pool - p_safe)
    return settings.funding + settings.loss_given_default * p_hat + settings.margin


def run_loop(curve: AccuracyCurve, p_safe: float, p_pool: float, settings: LoopSettings,
             sharing: float = 0.0, periods: int = 20) -> pd.DataFrame:
    """The loop over ``periods`` periods for a platform lender and a bank.

    Parameters
    ----------
    curve : AccuracyCurve
        Reachable AUC by data volume (from :func:`accuracy_table`).
    p_safe, p_pool : float
        True default probability of a safe borrower and of the pool (:func:`safe_and_pool_default`).
    settings : LoopSettings
        The loop's illustrative parameters.
    sharing : float
        Share of each lender's records the other can use through a licensed credit-reporting
        agency, in [0, 1]. At 0 the bank scores with traditional features on its own data.

    Returns
    -------
    DataFrame
        One row per period and lender: ``period``, ``lender`` (``platform`` or ``bank``),
        ``data`` (observations), ``auc``, ``rate`` (the safe borrower's rate, per cent) and
        ``share`` (of the period's new borrowers; the rest choose neither).
    """
    if isinstance(sharing, bool) or not isinstance(sharing, int | float) or not 0 <= sharing <= 1:
        raise ValueError(f"sharing must lie in [0, 1], got {sharing!r}")
    if not 0 <= p_safe <= p_pool <= 1:
        raise ValueError(f"need 0 <= p_safe <= p_pool <= 1, got p_safe={p_safe}, p_pool={p_pool}")
    if isinstance(periods, bool) or not isinstance(periods, int) or periods < 1:
        raise ValueError(f"periods must be a positive integer, got {periods!r}")
    data = {"platform": settings.platform_start, "bank": settings.bank_start}
    rows = []
    for t in range(periods + 1):
        accuracy = {"platform": curve("platform", data["platform"] + sharing * data["bank"])}
        if sharing > 0:
            accuracy["bank"] = curve("platform", data["bank"] + sharing * data["platform"])
        else:
            accuracy["bank"] = curve("bank", data["bank"])
        rates = {k: _safe_rate(settings, a, p_safe, p_pool) for k, a in accuracy.items()}
        utility = np.array([0.0] + [settings.rate_sensitivity * (settings.outside_rate - rates[k])
                                    for k in ("platform", "bank")])
        weights = np.exp(utility - utility.max())
        shares = weights[1:] / weights.sum()
        for k, share in zip(("platform", "bank"), shares, strict=True):
            rows.append({"period": t, "lender": k, "data": data[k], "auc": accuracy[k],
                         "rate": rates[k], "share": float(share)})
        for k, share in zip(("platform", "bank"), shares, strict=True):
            data[k] += settings.new_borrowers * float(share)
    return pd.DataFrame(rows)
