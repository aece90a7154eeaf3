"""A seeded generator of synthetic borrowers, for teaching how data-driven credit scoring works.

Nothing here is Ant Group data. Every borrower is drawn from distributions the authors chose for
teaching (the parameters are listed in ``data/synthetic_borrowers_design.csv``, status
``illustrative``). The design is meant to make three mechanisms visible:

1. **A hidden trait drives default.** Each borrower has a latent *reliability* ``z`` (standard
   normal) that no lender observes. The true default probability rises as ``z`` falls, with
   extra risk when a borrower with low reliability also carries a lot of debt (a non-linear
   effect that a linear model cannot fully capture).
2. **The bureau sees ``z`` only through a long record.** The traditional ``bureau_score`` is a
   noisy reading of ``z`` whose noise shrinks with the length of the credit history. Borrowers with
   less than ``thin_file_years`` of history (the **thin file** group) have no bureau score at all
   (``NaN``).
3. **Platform data sees ``z`` whatever the history.** Payment regularity, spending volatility and
   merchant ratings are also noisy readings of ``z``, available for everyone who uses the platform.
   Transaction diversity depends partly on ``z`` and partly on *how* someone shops: it is lower
   in an illustrative ``group`` "B" for reasons unrelated to reliability. Groups A and B are, by
   construction, equally creditworthy, so any gap in how a model treats them is a proxy effect
   (disparate impact).

Features
--------
Traditional: ``income`` (thousand yuan a year), ``history_years`` (length of credit history),
``debt_to_income`` (existing debt service over income), ``bureau_score`` (NaN for thin files).
Platform: ``payment_regularity`` (share of bills paid on time), ``spending_volatility``
(coefficient of variation of monthly spending), ``transaction_diversity`` (number of spending
categories used in a year), ``merchant_rating`` (average rating counterparties give, 1 to 5).
Outcome: ``default_probability`` (the true, latent probability) and ``defaulted`` (0 or 1, drawn
from it).

Examples
--------
>>> frame = generate_borrowers(1000, seed=1)
>>> frame.shape[0], round(float(frame["thin_file"].mean()), 1)
(1000, 0.3)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import numpy as np
import pandas as pd

__all__ = [
    "BorrowerDesign",
    "DEFAULT_SEED",
    "SHOCK_DEBT",
    "SHOCK_LEVEL",
    "PLATFORM_FEATURES",
    "TRADITIONAL_FEATURES",
    "design_table",
    "downturn_probability",
    "generate_borrowers",
]

DEFAULT_SEED = 20201103
"""The seed every figure of chapter 3 uses (the day the listing was suspended, as a number)."""

SHOCK_LEVEL = 1.2
"""Rise in every borrower's log-odds of default in a downturn of severity 1 (illustrative)."""
SHOCK_DEBT = 2.0
"""Extra rise in log-odds per unit of debt-to-income in a downturn of severity 1 (illustrative)."""

TRADITIONAL_FEATURES = ["income", "history_years", "debt_to_income", "bureau_score"]
PLATFORM_FEATURES = ["payment_regularity", "spending_volatility", "transaction_diversity",
                     "merchant_rating"]


@dataclass(frozen=True)
class BorrowerDesign:
    """The generator's parameters (all illustrative; see ``data/synthetic_borrowers_design.csv``).

    Attributes are grouped by what they shape: the population (``thin_share``, ``group_b_share``,
    ...), the features, and the latent default probability (``pd_*``).
    """

    thin_share: float = 0.30
    """Share of thin-file borrowers (credit history shorter than ``thin_file_years``)."""
    thin_file_years: float = 1.0
    """History length below which a borrower has no bureau score."""
    thick_history_mean: float = 6.0
    """Mean credit history of thick-file borrowers, years (1 year plus a gamma draw)."""
    group_b_share: float = 0.30
    """Share of borrowers in the illustrative group B."""
    income_log_mean: float = 4.0
    """Mean of log income (income in thousand yuan a year; exp(4.0) is about 55)."""
    income_log_sd: float = 0.5
    """Standard deviation of log income."""
    dti_a: float = 2.0
    """Debt-to-income is Beta(dti_a, dti_b): mean dti_a / (dti_a + dti_b)."""
    dti_b: float = 5.0
    bureau_noise: float = 2.0
    """Noise of the bureau score is bureau_noise / sqrt(history_years): long records are sharp."""
    regularity_noise: float = 0.8
    """Noise (on the logit scale) of payment regularity around 1.5 + 0.9 z."""
    diversity_log_mean: float = 2.3
    """Log mean number of spending categories, group A, z = 0 (exp(2.3) is about 10)."""
    diversity_group_b_shift: float = -0.5
    """Shift of log diversity in group B: fewer categories, not related to reliability."""
    rating_noise: float = 0.6
    """Noise of the merchant rating around 4.2 + 0.25 z (then clipped to [1, 5])."""
    pd_intercept: float = -4.5
    """Log-odds of default for an average borrower with no debt and z = 0."""
    pd_reliability: float = -0.9
    """Change in log-odds per unit of reliability z."""
    pd_low_reliability_curve: float = 0.35
    """Extra log-odds per unit of z squared for z < 0 (risk accelerates at the bottom)."""
    pd_debt: float = 2.0
    """Change in log-odds per unit of debt-to-income."""
    pd_debt_low_reliability: float = 2.5
    """Extra log-odds per unit of debt-to-income when z < 0 (a non-linear interaction)."""
    pd_income: float = -0.4
    """Change in log-odds per unit of log income above its mean."""

    def __post_init__(self):
        for name in ("thin_share", "group_b_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must lie in [0, 1], got {value}")
        for name in ("thin_file_years", "thick_history_mean", "income_log_sd", "dti_a", "dti_b",
                     "bureau_noise", "regularity_noise", "rating_noise"):
            value = getattr(self, name)
            if not value > 0:
                raise ValueError(f"{name} must be positive, got {value}")
        if self.thick_history_mean <= self.thin_file_years:
            raise ValueError(f"thick_history_mean ({self.thick_history_mean}) must exceed "
                             f"thin_file_years ({self.thin_file_years})")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p) - np.log1p(-p)


def generate_borrowers(n: int = 30_000, seed: int = DEFAULT_SEED,
                       design: BorrowerDesign | None = None) -> pd.DataFrame:
    """Draw ``n`` synthetic borrowers (see the module doc for what each column means).

    Parameters
    ----------
    n : int
        Number of borrowers, at least 1.
    seed : int
        Seed of NumPy's ``default_rng``: the same ``n``, ``seed`` and ``design`` always give the
        same frame.
    design : BorrowerDesign, optional
        The generator's parameters; the illustrative defaults if omitted.

    Returns
    -------
    pandas.DataFrame
        One row per borrower: ``borrower_id``, ``group`` ("A" or "B"), ``thin_file`` (bool), the
        traditional and platform features, ``reliability`` (the latent trait, for teaching only:
        no model may use it), ``default_probability`` and ``defaulted``.

    Raises
    ------
    ValueError
        If ``n`` is not a positive integer or ``seed`` is not an integer.
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        raise ValueError(f"sample size n must be an integer, got {n!r}")
    if n < 1:
        raise ValueError(f"sample size n must be at least 1, got {n}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    d = design or BorrowerDesign()
    rng = np.random.default_rng(seed)

    z = rng.standard_normal(n)
    group_b = rng.random(n) < d.group_b_share
    thin = rng.random(n) < d.thin_share
    # Thin files: up to thin_file_years of history; thick files: thin_file_years plus a gamma draw
    # with the stated mean.
    extra_mean = d.thick_history_mean - d.thin_file_years
    history = np.where(thin, rng.random(n) * d.thin_file_years,
                       d.thin_file_years + rng.gamma(2.0, extra_mean / 2.0, n))
    income = np.exp(rng.normal(d.income_log_mean, d.income_log_sd, n))
    dti = rng.beta(d.dti_a, d.dti_b, n)
    bureau_draw = z + rng.normal(0.0, 1.0, n) * d.bureau_noise / np.sqrt(np.maximum(history, 1e-9))
    bureau = np.where(thin, np.nan, bureau_draw)

    regularity = _sigmoid(1.5 + 0.9 * z + rng.normal(0.0, d.regularity_noise, n))
    volatility = np.exp(rng.normal(-0.7 - 0.25 * z + 0.5 * dti, 0.3, n))
    diversity = rng.poisson(np.exp(d.diversity_log_mean + 0.35 * z
                                   + d.diversity_group_b_shift * group_b))
    rating = np.clip(4.2 + 0.25 * z + rng.normal(0.0, d.rating_noise, n), 1.0, 5.0)

    low = np.minimum(z, 0.0)
    log_odds = (d.pd_intercept + d.pd_reliability * z + d.pd_low_reliability_curve * low ** 2
                + d.pd_debt * dti + d.pd_debt_low_reliability * dti * (z < 0)
                + d.pd_income * (np.log(income) - d.income_log_mean))
    p = _sigmoid(log_odds)
    defaulted = (rng.random(n) < p).astype(int)

    return pd.DataFrame({
        "borrower_id": np.arange(1, n + 1),
        "group": np.where(group_b, "B", "A"),
        "thin_file": thin,
        "income": income.round(2),
        "history_years": history.round(2),
        "debt_to_income": dti.round(4),
        "bureau_score": bureau.round(3),
        "payment_regularity": regularity.round(4),
        "spending_volatility": volatility.round(4),
        "transaction_diversity": diversity,
        "merchant_rating": rating.round(2),
        "reliability": z.round(4),
        "default_probability": p,
        "defaulted": defaulted,
    })


def downturn_probability(default_probability: np.ndarray, debt_to_income: np.ndarray,
                         shock: float) -> np.ndarray:
    """True default probabilities after a downturn of severity ``shock`` (0 = none, 1 = severe).

    The shock raises every borrower's log-odds of default by ``SHOCK_LEVEL * shock`` and, because
    debt service bites harder when incomes fall, by a further ``SHOCK_DEBT * shock`` per unit of
    debt-to-income. Both coefficients are illustrative.

    Raises
    ------
    ValueError
        If ``shock`` is outside [0, 1] or a probability is outside (0, 1).
    """
    if not isinstance(shock, int | float) or np.isnan(shock) or not 0.0 <= shock <= 1.0:
        raise ValueError(f"shock must lie in [0, 1], got {shock!r}")
    p = np.asarray(default_probability, dtype=float)
    bad = ~((p > 0) & (p < 1))
    if np.any(bad):
        i = int(np.argmax(bad))
        raise ValueError(f"default_probability[{i}] = {p[i]}: default probabilities must lie "
                         "strictly between 0 and 1")
    dti = np.asarray(debt_to_income, dtype=float)
    return _sigmoid(_logit(p) + shock * (SHOCK_LEVEL + SHOCK_DEBT * dti))


_DESCRIPTIONS = {
    "thin_share": ("population", "share", "Share of borrowers with a thin file"),
    "thin_file_years": ("population", "years", "History below which there is no bureau score"),
    "thick_history_mean": ("population", "years", "Mean credit history of thick-file borrowers"),
    "group_b_share": ("population", "share", "Share of borrowers in illustrative group B"),
    "income_log_mean": ("traditional", "log thousand yuan", "Mean of log yearly income"),
    "income_log_sd": ("traditional", "log thousand yuan", "Spread of log yearly income"),
    "dti_a": ("traditional", "parameter", "Debt-to-income is Beta(a, b): a"),
    "dti_b": ("traditional", "parameter", "Debt-to-income is Beta(a, b): b"),
    "bureau_noise": ("traditional", "z units times sqrt(years)",
                     "Noise of the bureau score, divided by the square root of history"),
    "regularity_noise": ("platform", "log-odds", "Noise of payment regularity"),
    "diversity_log_mean": ("platform", "log categories",
                           "Log mean spending categories, group A, average reliability"),
    "diversity_group_b_shift": ("platform", "log categories",
                                "Shift of log diversity in group B (unrelated to risk)"),
    "rating_noise": ("platform", "stars", "Noise of the merchant rating"),
    "pd_intercept": ("default", "log-odds", "Log-odds of default at z = 0, no debt"),
    "pd_reliability": ("default", "log-odds per z", "Effect of reliability z"),
    "pd_low_reliability_curve": ("default", "log-odds per z squared",
                                 "Extra risk as z falls below 0"),
    "pd_debt": ("default", "log-odds per unit", "Effect of debt-to-income"),
    "pd_debt_low_reliability": ("default", "log-odds per unit",
                                "Extra effect of debt when z < 0 (interaction)"),
    "pd_income": ("default", "log-odds per log unit", "Effect of log income"),
}


def design_table(design: BorrowerDesign | None = None) -> pd.DataFrame:
    """The design's parameters as a table (what ``data/synthetic_borrowers_design.csv`` holds)."""
    values = asdict(design or BorrowerDesign())
    rows = []
    for f in fields(BorrowerDesign):
        part, unit, text = _DESCRIPTIONS[f.name]
        rows.append({"parameter": f.name, "part": part, "value": values[f.name], "unit": unit,
                     "description": text})
    return pd.DataFrame(rows)
