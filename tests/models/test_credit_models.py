"""Tests of the credit-scoring models on synthetic borrowers (chapter 3).

Training is kept small (12,000 borrowers, the fast models) so that the file runs in seconds.
"""

import numpy as np
import pandas as pd
import pytest

from antbook.models.borrowers import (
    DEFAULT_SEED,
    PLATFORM_FEATURES,
    TRADITIONAL_FEATURES,
    generate_borrowers,
)
from antbook.models.credit_models import (
    FEATURE_SETS,
    HISTORY_BANDS,
    MODELS,
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


@pytest.mark.parametrize("bad", [["reliability"], ["default_probability"], ["defaulted"],
                                 ["borrower_id"]])
def test_outcome_latent_truth_and_identifier_cannot_be_features(bad):
    train = generate_borrowers(500, seed=1)
    assert bad[0] in train.columns
    with pytest.raises(ValueError, match=rf"^\[{bad[0]!r}\] may not be used as features"):
        fit_model(train, ["income", *bad])


def test_empty_feature_set_is_refused():
    train = generate_borrowers(500, seed=1)
    with pytest.raises(ValueError, match="empty"):
        fit_model(train, [])


def test_unknown_feature_and_model_are_refused():
    train = generate_borrowers(500, seed=1)
    with pytest.raises(ValueError, match=r"^features not in the data: \['shoe_size'\]$"):
        fit_model(train, ["income", "shoe_size"])
    with pytest.raises(ValueError, match=r"^unknown model 'neural': choose one of \['boosted', "
                                         r"'logistic'\]$"):
        fit_model(train, ["income"], "neural")


def test_auc_known_cases_and_refusal():
    assert auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert auc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1]) == 0.0
    with pytest.raises(ValueError, match="both"):
        auc([0, 0, 0], [0.1, 0.2, 0.3])


def test_roc_runs_from_corner_to_corner_and_never_falls(comparison):
    for risk in comparison.risk.values():
        roc = roc_points(comparison.test["defaulted"], risk)
        assert list(roc.columns) == ["false_positive_rate", "true_positive_rate"]
        assert roc.iloc[0].tolist() == [0.0, 0.0] and roc.iloc[-1].tolist() == [1.0, 1.0]
        assert (np.diff(roc["false_positive_rate"]) > 0).all()
        assert (np.diff(roc["true_positive_rate"]) >= 0).all()
        # a model better than chance lies above the diagonal
        assert (roc["true_positive_rate"] >= roc["false_positive_rate"]).iloc[1:-1].mean() > 0.9


def test_roc_by_hand_tells_the_axes_apart():
    # defaulters score 0.4 and 0.9, non-defaulters 0.1 and 0.6: at a false-positive rate of
    # 0.25 the curve has caught half the defaulters, and all of them at 0.5.
    roc = roc_points([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], points=5)
    assert roc["false_positive_rate"].tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert roc["true_positive_rate"].tolist() == [0.0, 0.5, 1.0, 1.0, 1.0]
    flipped = roc_points([1, 1, 0, 0], [0.1, 0.6, 0.4, 0.9], points=5)
    assert flipped["true_positive_rate"].tolist() == [0.0, 0.0, 0.5, 0.5, 1.0]
    assert len(roc_points([0, 1], [0.2, 0.7])) == 41
    with pytest.raises(ValueError, match="points must be at least 2"):
        roc_points([0, 1], [0.2, 0.7], points=1)


def test_calibration_by_hand_bin_by_bin():
    table = calibration_table([0, 0, 1, 0, 1, 1], [0.3, 0.1, 0.2, 0.8, 0.6, 0.7], bins=2)
    assert list(table.columns) == ["bin", "predicted", "observed", "borrowers"]
    assert table["bin"].tolist() == [0, 1]
    assert table["predicted"].tolist() == pytest.approx([0.2, 0.7])
    assert table["observed"].tolist() == pytest.approx([1 / 3, 2 / 3])
    assert table["borrowers"].tolist() == [3, 3]
    # tied scores are split by order, so the bins stay equal-sized
    tied = calibration_table([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5], bins=2)
    assert tied["borrowers"].tolist() == [2, 2]
    assert len(calibration_table([0, 1] * 10, np.linspace(0, 1, 20))) == 10


def test_models_are_calibrated_bin_by_bin(comparison):
    observed_rate = comparison.test["defaulted"].mean()
    for (features, model), risk in comparison.risk.items():
        table = calibration_table(comparison.test["defaulted"], risk, bins=5)
        assert table["borrowers"].sum() == len(comparison.test)
        assert table["borrowers"].max() - table["borrowers"].min() <= 1
        assert (np.diff(table["predicted"]) > 0).all(), (features, model)
        assert (np.diff(table["observed"]) > 0).all(), (features, model)
        # in every bin the mean prediction is within three binomial standard errors (plus half
        # a point) of the observed default rate
        gap = (table["predicted"] - table["observed"]).abs()
        p = table["predicted"]
        allowed = 3 * np.sqrt(p * (1 - p) / table["borrowers"]) + 0.005
        assert (gap < allowed).all(), (features, model, gap.round(3).tolist())
        assert abs(risk.mean() - observed_rate) < 0.015, (features, model)


def test_history_bands_cover_every_length_once():
    assert HISTORY_BANDS[0][0] == 0.0 and HISTORY_BANDS[-1][1] == np.inf
    for (_, high, _), (low, _, _) in zip(HISTORY_BANDS, HISTORY_BANDS[1:], strict=False):
        assert high == low
    assert all(low < high for low, high, _ in HISTORY_BANDS)


def test_auc_by_history_puts_each_borrower_in_one_band():
    test = pd.DataFrame({"history_years": [0.0, 0.5, 1.0, 2.9, 3.0, 5.0, 6.0, 20.0],
                         "defaulted": [1, 0, 1, 0, 0, 1, 1, 0]})
    risk = np.array([0.9, 0.1, 0.2, 0.8, 0.3, 0.7, 0.6, 0.4])
    table = auc_by_history(test, risk)
    assert table["history"].tolist() == [label for _, _, label in HISTORY_BANDS]
    assert table["borrowers"].tolist() == [2, 2, 2, 2]
    assert table["auc"].tolist() == [1.0, 0.0, 1.0, 1.0]


def test_auc_by_history_names_a_band_with_one_outcome():
    test = pd.DataFrame({"history_years": [0.5, 0.6, 2.0, 2.5, 4.0, 5.0, 7.0, 8.0],
                         "defaulted": [0, 1, 0, 1, 0, 0, 0, 1]})
    with pytest.raises(ValueError, match=r"^history band '3 to 6 years' \(2 borrowers\): AUC "
                                         r"needs both"):
        auc_by_history(test, np.linspace(0.1, 0.8, 8))


def test_history_lengths_split_the_test_set(comparison):
    table = comparison.history_table()
    per_model = table.groupby(["features", "model"])["borrowers"].sum()
    assert (per_model == len(comparison.test)).all()
    assert len(per_model) == 4
    assert table["auc"].between(0.5, 1).all()


def test_comparison_tables_hold_every_model(comparison):
    keys = {(fs, MODELS[m]) for fs, m in comparison.risk}
    assert len(keys) == 4
    roc = comparison.roc(points=11)
    assert len(roc) == 4 * 11
    assert set(zip(roc["features"], roc["model"], strict=True)) == keys
    calibration = comparison.calibration(bins=4)
    assert len(calibration) == 4 * 4
    assert set(zip(calibration["features"], calibration["model"], strict=True)) == keys
    assert list(calibration.index) == list(range(16))
    one = calibration[(calibration["features"] == "Traditional")
                      & (calibration["model"] == "Gradient boosting")].drop(
        columns=["features", "model"]).reset_index(drop=True)
    direct = calibration_table(comparison.test["defaulted"],
                               comparison.risk[("Traditional", "boosted")], 4)
    pd.testing.assert_frame_equal(one, direct)
    aucs = comparison.auc_table()
    assert list(aucs.columns) == ["features", "model", "auc"] and len(aucs) == 4
    assert len(comparison.history_table()) == 4 * len(HISTORY_BANDS)


@pytest.mark.parametrize("share", [0.0, 1.0, -0.2, 1.3])
def test_split_refuses_a_test_share_outside_the_open_interval(share):
    frame = generate_borrowers(200, seed=1)
    with pytest.raises(ValueError, match=rf"^test_share must lie strictly between 0 and 1, got "
                                         rf"{share}$"):
        split_borrowers(frame, share)


def test_split_sizes_and_order():
    frame = generate_borrowers(1000, seed=4)
    train, test = split_borrowers(frame, 0.25, seed=4)
    assert (len(train), len(test)) == (750, 250)
    assert train.index.is_monotonic_increasing and test.index.is_monotonic_increasing
    again = split_borrowers(frame, 0.25, seed=4)[1]
    assert list(again.index) == list(test.index)
    assert list(split_borrowers(frame, 0.25, seed=5)[1].index) != list(test.index)


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


def test_full_messages_of_the_feature_refusals():
    train = generate_borrowers(300, seed=1)
    with pytest.raises(ValueError, match=r"^the feature set is empty: give at least one feature "
                                         r"to train on$"):
        fit_model(train, [])
    with pytest.raises(ValueError, match=r"^\['borrower_id', 'reliability'\] may not be used as "
                                         r"features: they are the outcome, the latent truth or "
                                         r"an identifier$"):
        fit_model(train, ["reliability", "income", "borrower_id"])


def test_the_two_model_families_as_the_chapter_describes_them():
    train = generate_borrowers(1500, seed=2)
    feats = FEATURE_SETS["Traditional"]
    logistic = fit_model(train, feats)  # logistic is the default
    assert list(logistic.named_steps) == ["impute", "scale", "fit"]
    imputer = logistic.named_steps["impute"]
    assert imputer.strategy == "mean" and imputer.add_indicator
    # the missing bureau score of a thin file adds one indicator column
    assert logistic.named_steps["scale"].n_features_in_ == len(feats) + 1
    assert logistic.named_steps["fit"].max_iter == 500
    boosted = fit_model(train, feats, "boosted")
    params = boosted.get_params()
    assert {k: params[k] for k in ("max_iter", "learning_rate", "max_leaf_nodes",
                                   "min_samples_leaf", "random_state")} == {
        "max_iter": 60, "learning_rate": 0.15, "max_leaf_nodes": 15, "min_samples_leaf": 40,
        "random_state": 0}
    assert fit_model(train, feats, "boosted", seed=7).get_params()["random_state"] == 7
    assert boosted.features_ == list(feats)


def test_defaults_of_the_split_and_the_comparison(comparison):
    frame = generate_borrowers(600, seed=3)
    pd.testing.assert_frame_equal(split_borrowers(frame)[1], split_borrowers(frame, 0.3, 0)[1])
    assert len(split_borrowers(frame)[1]) == 180
    small = compare_models(frame, seed=5, models=("logistic",))
    expected = split_borrowers(frame, 0.3, 5)[1].reset_index(drop=True)
    pd.testing.assert_frame_equal(small.test, expected)
    assert set(small.risk) == {("Traditional", "logistic"), ("Traditional + platform", "logistic")}
    assert len(comparison.calibration()) == 4 * 10
    assert isinstance(comparison.roc().index, pd.RangeIndex)
    assert isinstance(comparison.history_table().index, pd.RangeIndex)
    assert list(comparison.history_table().index) == list(range(4 * len(HISTORY_BANDS)))
    assert list(comparison.roc(points=3).index) == list(range(12))


def test_two_points_are_the_two_corners():
    roc = roc_points([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8], points=2)
    assert roc.values.tolist() == [[0.0, 0.0], [1.0, 1.0]]


def test_default_seed_and_roc_points_of_the_comparison(comparison):
    frame = generate_borrowers(600, seed=3)
    small = compare_models(frame, models=("logistic",))
    pd.testing.assert_frame_equal(small.test, split_borrowers(frame, 0.3, 0)[1].reset_index(
        drop=True))
    assert len(comparison.roc()) == 4 * 41
