"""Tests of the credit-scoring models on synthetic borrowers (chapter 3).

Training is kept small (12,000 borrowers, the fast models) so that the file runs in seconds.
"""

import numpy as np
import pytest

from antbook.models.borrowers import (
    DEFAULT_SEED,
    PLATFORM_FEATURES,
    TRADITIONAL_FEATURES,
    generate_borrowers,
)
from antbook.models.credit_models import (
    FEATURE_SETS,
    auc,
    auc_by_history,
    calibration_table,
    compare_models,
    fit_model,
    predict_risk,
    roc_points,
    split_borrowers,
)

AUC_MARGIN = 0.03
"""How much higher the test AUC with platform features must be than without (on the default
seed the gap is about 0.08; 0.03 leaves room for sampling noise but still fails if platform data
stops helping)."""


@pytest.fixture(scope="module")
def comparison():
    return compare_models(generate_borrowers(12_000, seed=DEFAULT_SEED), seed=DEFAULT_SEED)


@pytest.mark.parametrize("model", ["Logistic regression", "Gradient boosting"])
def test_platform_features_raise_test_auc_by_a_margin(comparison, model):
    table = comparison.auc_table().set_index(["features", "model"])["auc"]
    gap = table[("Traditional + platform", model)] - table[("Traditional", model)]
    assert gap > AUC_MARGIN, f"{model}: platform features add only {gap:.3f} AUC"


@pytest.mark.parametrize("model", ["logistic", "boosted"])
def test_the_gap_is_smaller_for_long_histories_than_for_thin_files(comparison, model):
    test = comparison.test
    gaps = (auc_by_history(test, comparison.risk[("Traditional + platform", model)])["auc"]
            - auc_by_history(test, comparison.risk[("Traditional", model)])["auc"]).to_numpy()
    thin, long = gaps[0], gaps[-1]
    assert thin > long + 0.05, f"gap thin {thin:.3f}, long history {long:.3f}"


def test_no_leakage_between_training_and_test():
    frame = generate_borrowers(3000, seed=5)
    train, test = split_borrowers(frame, 0.3, seed=5)
    assert set(train.index).isdisjoint(test.index)
    assert abs(train["defaulted"].mean() - test["defaulted"].mean()) < 0.01  # stratified
    model = fit_model(train, TRADITIONAL_FEATURES, "logistic")
    # The imputer learned the bureau-score mean from training rows only.
    imputer = model.named_steps["impute"]
    assert imputer.statistics_[3] == pytest.approx(train["bureau_score"].mean())


@pytest.mark.parametrize("bad", [["reliability"], ["default_probability"], ["defaulted"]])
def test_outcome_and_latent_truth_cannot_be_features(bad):
    train = generate_borrowers(500, seed=1)
    with pytest.raises(ValueError, match="may not be used"):
        fit_model(train, ["income", *bad])


def test_empty_feature_set_is_refused():
    train = generate_borrowers(500, seed=1)
    with pytest.raises(ValueError, match="empty"):
        fit_model(train, [])


def test_unknown_feature_and_model_are_refused():
    train = generate_borrowers(500, seed=1)
    with pytest.raises(ValueError, match="not in the data"):
        fit_model(train, ["shoe_size"])
    with pytest.raises(ValueError, match="unknown model"):
        fit_model(train, ["income"], "neural")


def test_auc_known_cases_and_refusal():
    assert auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert auc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1]) == 0.0
    with pytest.raises(ValueError, match="both"):
        auc([0, 0, 0], [0.1, 0.2, 0.3])


def test_roc_runs_from_corner_to_corner_and_never_falls(comparison):
    roc = roc_points(comparison.test["defaulted"],
                     comparison.risk[("Traditional", "logistic")])
    assert roc["true_positive_rate"].iloc[0] >= 0 and roc["true_positive_rate"].iloc[-1] == 1
    assert (np.diff(roc["true_positive_rate"]) >= -1e-12).all()


def test_models_are_roughly_calibrated(comparison):
    for (features, model), risk in comparison.risk.items():
        table = calibration_table(comparison.test["defaulted"], risk, bins=5)
        assert table["borrowers"].sum() == len(comparison.test)
        # Mean prediction within 1.5 points of the observed default rate overall.
        assert abs(risk.mean() - comparison.test["defaulted"].mean()) < 0.015, (features, model)


def test_fits_are_reproducible():
    frame = generate_borrowers(3000, seed=2)
    train, test = split_borrowers(frame, 0.3, seed=2)
    feats = FEATURE_SETS["Traditional + platform"]
    a = predict_risk(fit_model(train, feats, "boosted", seed=3), test)
    b = predict_risk(fit_model(train, feats, "boosted", seed=3), test)
    np.testing.assert_array_equal(a, b)
    assert set(PLATFORM_FEATURES) <= set(feats)


def test_boosting_gains_more_as_the_interaction_grows():
    from antbook.models.credit_models import interaction_gain

    table = interaction_gain([0.0, 10.0], n=8_000, seed=5)
    assert list(table.columns) == ["strength", "auc_logistic", "auc_boosted", "gain"]
    assert table["gain"].iloc[1] > table["gain"].iloc[0]
    assert (table["gain"] == table["auc_boosted"] - table["auc_logistic"]).all()
    again = interaction_gain([0.0, 10.0], n=8_000, seed=5)
    assert table.equals(again)
