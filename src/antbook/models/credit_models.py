"""Credit-scoring models on synthetic borrowers: traditional against traditional plus platform data.

Two model families (a logistic regression, the workhorse of bank scorecards, and a gradient-boosted
tree ensemble, typical of machine-learning scoring) are each trained on two feature sets, and
evaluated on held-out borrowers:

* **AUC**: the chance that a randomly chosen defaulter gets a higher predicted risk than a randomly
  chosen non-defaulter (0.5 is a coin toss, 1 is perfect ranking);
* the **ROC curve**: true-positive rate against false-positive rate as the cut-off moves;
* **calibration**: predicted against observed default rates in bins of predicted risk;
* AUC within bands of **credit-history length**, to see for whom platform data helps most.

There is no leakage: borrowers are split once into training and test sets before anything is
fitted; imputation and scaling are steps of a scikit-learn ``Pipeline`` fitted on the training
rows only; the latent ``reliability`` and ``default_probability`` columns are never features.

Examples
--------
>>> from antbook.models.borrowers import generate_borrowers
>>> frame = generate_borrowers(4000, seed=3)
>>> train, test = split_borrowers(frame, seed=3)
>>> model = fit_model(train, ["income", "debt_to_income"], "logistic")
>>> 0.5 < auc(test["defaulted"], predict_risk(model, test)) < 1
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score, roc_curve
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from .borrowers import PLATFORM_FEATURES, TRADITIONAL_FEATURES

__all__ = [
    "FEATURE_SETS",
    "interaction_gain",
    "HISTORY_BANDS",
    "MODELS",
    "ModelComparison",
    "auc",
    "auc_by_history",
    "calibration_table",
    "compare_models",
    "fit_model",
    "predict_risk",
    "roc_points",
    "split_borrowers",
]

FEATURE_SETS = {
    "Traditional": TRADITIONAL_FEATURES,
    "Traditional + platform": TRADITIONAL_FEATURES + PLATFORM_FEATURES,
}
"""The two feature sets the chapter compares."""

MODELS = {"logistic": "Logistic regression", "boosted": "Gradient boosting"}
"""Model keys and their display names."""

HISTORY_BANDS = [(0.0, 1.0, "under 1 year (thin file)"), (1.0, 3.0, "1 to 3 years"),
                 (3.0, 6.0, "3 to 6 years"), (6.0, np.inf, "6 years or more")]
"""Bands of credit-history length (lower bound inclusive, upper exclusive)."""

_FORBIDDEN = {"reliability", "default_probability", "defaulted", "borrower_id"}


def split_borrowers(frame: pd.DataFrame, test_share: float = 0.3, seed: int = 0
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split borrowers once into training and test sets, stratified by default.

    Raises
    ------
    ValueError
        If ``test_share`` is not strictly between 0 and 1.
    """
    if not 0.0 < test_share < 1.0:
        raise ValueError(f"test_share must lie strictly between 0 and 1, got {test_share}")
    train, test = train_test_split(frame, test_size=test_share, random_state=seed,
                                   stratify=frame["defaulted"])
    return train.sort_index(), test.sort_index()


def _check_features(frame: pd.DataFrame, features: list[str]) -> list[str]:
    features = list(features)
    if not features:
        raise ValueError("the feature set is empty: give at least one feature to train on")
    leaked = sorted(set(features) & _FORBIDDEN)
    if leaked:
        raise ValueError(f"{leaked} may not be used as features: they are the outcome, the "
                         "latent truth or an identifier")
    missing = sorted(set(features) - set(frame.columns))
    if missing:
        raise ValueError(f"features not in the data: {missing}")
    return features


def _estimator(model: str, seed: int):
    if model == "logistic":
        return Pipeline([("impute", SimpleImputer(strategy="mean", add_indicator=True)),
                         ("scale", StandardScaler()),
                         ("fit", LogisticRegression(max_iter=500))])
    if model == "boosted":
        # Trees handle missing values natively: a thin file's missing bureau score is information.
        return HistGradientBoostingClassifier(max_iter=60, learning_rate=0.15, max_leaf_nodes=15,
                                              min_samples_leaf=40, random_state=seed)
    raise ValueError(f"unknown model {model!r}: choose one of {sorted(MODELS)}")


def fit_model(train: pd.DataFrame, features: list[str], model: str = "logistic", seed: int = 0):
    """Fit one model on the training rows only.

    Parameters
    ----------
    train : DataFrame
        Training borrowers (with a ``defaulted`` column).
    features : list of str
        Columns to train on; not empty, and never the outcome or the latent truth.
    model : {"logistic", "boosted"}
        Model family.
    seed : int
        Seed of the gradient-boosting model (the logistic fit is deterministic).

    Returns
    -------
    A fitted scikit-learn estimator, remembering its feature list as ``features_``.
    """
    features = _check_features(train, features)
    estimator = _estimator(model, seed)
    # One thread: on these small tables OpenMP threads cost more than they save, and on a busy
    # machine (or a free Colab runtime) they can slow a fit tenfold.
    with threadpool_limits(1):
        estimator.fit(train[features].to_numpy(dtype=float), train["defaulted"].to_numpy())
    estimator.features_ = features
    return estimator


def predict_risk(model, frame: pd.DataFrame) -> np.ndarray:
    """Predicted default probabilities for ``frame`` from a model made by :func:`fit_model`."""
    with threadpool_limits(1):
        return model.predict_proba(frame[model.features_].to_numpy(dtype=float))[:, 1]


def auc(defaulted, risk) -> float:
    """Area under the ROC curve; refuses a sample with only one outcome (AUC is undefined)."""
    y = np.asarray(defaulted)
    if len(np.unique(y)) < 2:
        raise ValueError("AUC needs both defaulters and non-defaulters in the sample")
    return float(roc_auc_score(y, np.asarray(risk)))


def roc_points(defaulted, risk, points: int = 41) -> pd.DataFrame:
    """The ROC curve resampled at ``points`` evenly spaced false-positive rates (for charts).

    The curve starts at the origin (a cut-off above every score flags nobody) and ends at
    (1, 1); in between, where the curve jumps straight up at a false-positive rate, the point
    takes the top of the jump.
    """
    if points < 2:
        raise ValueError(f"points must be at least 2 (the two corners), got {points}")
    fpr, tpr, _ = roc_curve(np.asarray(defaulted), np.asarray(risk))
    grid = np.linspace(0.0, 1.0, points)
    curve = np.interp(grid, fpr, tpr)
    curve[0] = 0.0
    return pd.DataFrame({"false_positive_rate": grid, "true_positive_rate": curve})


def calibration_table(defaulted, risk, bins: int = 10) -> pd.DataFrame:
    """Mean predicted against observed default rate in ``bins`` equal-sized bins of risk."""
    frame = pd.DataFrame({"y": np.asarray(defaulted), "p": np.asarray(risk)})
    frame["bin"] = pd.qcut(frame["p"].rank(method="first"), bins, labels=False)
    out = frame.groupby("bin").agg(predicted=("p", "mean"), observed=("y", "mean"),
                                   borrowers=("y", "size")).reset_index()
    return out


def auc_by_history(test: pd.DataFrame, risk: np.ndarray) -> pd.DataFrame:
    """AUC within each band of :data:`HISTORY_BANDS` (test borrowers only)."""
    rows = []
    for low, high, label in HISTORY_BANDS:
        mask = ((test["history_years"] >= low) & (test["history_years"] < high)).to_numpy()
        try:
            value = auc(test["defaulted"].to_numpy()[mask], np.asarray(risk)[mask])
        except ValueError as exc:
            raise ValueError(f"history band {label!r} ({int(mask.sum())} borrowers): {exc}"
                             ) from None
        rows.append({"history": label, "borrowers": int(mask.sum()), "auc": value})
    return pd.DataFrame(rows)


@dataclass
class ModelComparison:
    """Everything the chapter shows about the four fitted models, computed once.

    Attributes
    ----------
    test : DataFrame
        Held-out borrowers.
    risk : dict
        ``(feature_set, model) -> predicted default probabilities`` on ``test``.
    """

    test: pd.DataFrame
    risk: dict[tuple[str, str], np.ndarray]

    def auc_table(self) -> pd.DataFrame:
        rows = [{"features": fs, "model": MODELS[m], "auc": auc(self.test["defaulted"], r)}
                for (fs, m), r in self.risk.items()]
        return pd.DataFrame(rows)

    def roc(self, points: int = 41) -> pd.DataFrame:
        frames = []
        for (fs, m), r in self.risk.items():
            curve = roc_points(self.test["defaulted"], r, points)
            curve["features"], curve["model"] = fs, MODELS[m]
            frames.append(curve)
        return pd.concat(frames, ignore_index=True)

    def history_table(self) -> pd.DataFrame:
        frames = []
        for (fs, m), r in self.risk.items():
            table = auc_by_history(self.test, r)
            table["features"], table["model"] = fs, MODELS[m]
            frames.append(table)
        return pd.concat(frames, ignore_index=True)

    def calibration(self, bins: int = 10) -> pd.DataFrame:
        frames = []
        for (fs, m), r in self.risk.items():
            table = calibration_table(self.test["defaulted"], r, bins)
            table["features"], table["model"] = fs, MODELS[m]
            frames.append(table)
        return pd.concat(frames, ignore_index=True)


def compare_models(frame: pd.DataFrame, seed: int = 0, test_share: float = 0.3,
                   models: tuple[str, ...] = ("logistic", "boosted")) -> ModelComparison:
    """Fit every model on every feature set of :data:`FEATURE_SETS` and score the test set."""
    train, test = split_borrowers(frame, test_share, seed)
    risk = {}
    for fs, features in FEATURE_SETS.items():
        for m in models:
            risk[(fs, m)] = predict_risk(fit_model(train, features, m, seed), test)
    return ModelComparison(test=test.reset_index(drop=True), risk=risk)


def interaction_gain(strengths, n: int = 12_000, seed: int = 0, test_share: float = 0.3,
                     features: list[str] | None = None) -> pd.DataFrame:
    """How much gradient boosting gains over logistic regression as the interaction grows.

    For each value in ``strengths`` the synthetic world is drawn again with that value of
    :attr:`antbook.models.borrowers.BorrowerDesign.pd_debt_low_reliability` (the extra effect of
    debt on borrowers of low reliability, which a model that adds features up cannot follow);
    both models are fitted on the same training rows (traditional plus platform features unless
    ``features`` is given) and scored on the held-out rows. Same ``seed``, same borrowers apart
    from their default risk.

    Returns one row per strength: ``strength``, ``auc_logistic``, ``auc_boosted``, ``gain``.
    """
    from dataclasses import replace

    from .borrowers import BorrowerDesign, generate_borrowers

    features = features or FEATURE_SETS["Traditional + platform"]
    rows = []
    for strength in strengths:
        design = replace(BorrowerDesign(), pd_debt_low_reliability=float(strength))
        train, test = split_borrowers(generate_borrowers(n, seed=seed, design=design),
                                      test_share, seed)
        scores = {m: auc(test["defaulted"], predict_risk(fit_model(train, features, m, seed),
                                                          test))
                  for m in ("logistic", "boosted")}
        rows.append({"strength": float(strength), "auc_logistic": scores["logistic"],
                     "auc_boosted": scores["boosted"],
                     "gain": scores["boosted"] - scores["logistic"]})
    return pd.DataFrame(rows)
