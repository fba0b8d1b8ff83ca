"""minirelu's estimators are scikit-learn citizens: its own estimator checks, clone, cross
validation, grid search and pipelines, any two labels, DataFrame column names.

scikit-learn is the oracle here: every comparison is against the same computation written
by hand with minirelu alone.
"""
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm
from sklearn.base import clone, is_classifier, is_regressor
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import estimator_checks_generator, parametrize_with_checks

import minirelu as mr
from minirelu import interpret
from minirelu.base import Estimator
from minirelu.datasets import make_moons

# The six estimators as scikit-learn's checks see them. LogisticRegression's gradient descent
# stops after 500 steps instead of 10,000, so the checks take seconds (they still require
# 83% training accuracy on their own data sets, which it reaches).
ESTIMATORS = [
    mr.MLPClassifier(random_state=0),
    mr.MLPRegressor(random_state=0),
    mr.LinearRegression(),
    mr.LogisticRegression(max_iter=500),
    mr.StandardScaler(),
    mr.MinMaxScaler(),
]

# Checks expected to fail, with the reason; the same for every estimator that predicts.
UNFITTED = ("scikit-learn requires an instance of its own NotFittedError class. minirelu's "
            "NotFittedError is, like it, both a ValueError and an AttributeError, but cannot "
            "subclass it without importing scikit-learn")
EXPECTED_FAILURES = {
    "MLPClassifier": {"check_estimators_unfitted": UNFITTED},
    "MLPRegressor": {"check_estimators_unfitted": UNFITTED},
    "LinearRegression": {"check_estimators_unfitted": UNFITTED},
    "LogisticRegression": {"check_estimators_unfitted": UNFITTED},
    "StandardScaler": {},
    "MinMaxScaler": {},
}


def expected_failures(estimator):
    return EXPECTED_FAILURES[type(estimator).__name__]


with warnings.catch_warnings():       # minirelu's estimators do not subclass scikit-learn's
    warnings.filterwarnings("ignore", "Estimator .* does not inherit from", UserWarning)
    _checks = parametrize_with_checks(ESTIMATORS, expected_failed_checks=expected_failures,
                                      xfail_strict=True)


@_checks
def test_scikit_learn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Estimator .* does not inherit from", UserWarning)
        check(estimator)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_at_least_nine_in_ten_checks_are_expected_to_pass(estimator):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Estimator .* does not inherit from", UserWarning)
        names = [check.func.__name__ if hasattr(check, "func") else check.__name__
                 for _, check in estimator_checks_generator(estimator, mark="skip")]
    failing = expected_failures(estimator)
    assert set(failing) <= set(names)
    assert len(names) >= 40
    assert sum(name in failing for name in names) <= 0.1 * len(names)


def test_the_kinds_are_what_scikit_learn_expects():
    assert is_classifier(mr.MLPClassifier()) and is_classifier(mr.LogisticRegression())
    assert is_regressor(mr.MLPRegressor()) and is_regressor(mr.LinearRegression())
    assert not is_classifier(mr.StandardScaler()) and not is_regressor(mr.MinMaxScaler())


# ----------------------------------------------------------------------------- parameters
class _Holder(Estimator):
    """An estimator holding another one, as a meta-estimator would."""

    def __init__(self, inner=None, weight=1.0):
        self.inner = inner
        self.weight = weight


def test_get_params_deep_and_nested_set_params():
    holder = _Holder(mr.MLPClassifier(epochs=3), weight=2.0)
    assert holder.get_params(deep=False) == {"inner": holder.inner, "weight": 2.0}
    deep = holder.get_params()
    assert deep["inner__epochs"] == 3 and deep["weight"] == 2.0
    assert deep["inner__hidden_layer_sizes"] == (64, 64)
    assert holder.set_params(inner__epochs=7, inner__l1_reg=1e-3, weight=0.5) is holder
    assert holder.inner.epochs == 7 and holder.inner.l1_reg == 1e-3 and holder.weight == 0.5
    with pytest.raises(ValueError, match="'epochs' is not a parameter of _Holder"):
        holder.set_params(epochs=3)
    with pytest.raises(ValueError, match="'nope' is not a parameter of MLPClassifier"):
        holder.set_params(inner__nope=1)
    with pytest.raises(ValueError, match="'weight' of _Holder is not an estimator"):
        holder.set_params(weight__x=1)


# ----------------------------------------------------------------------------- tools
X_MOONS, Y_MOONS = make_moons(120, noise=0.2, random_state=0)
SMALL = dict(hidden_layer_sizes=(16,), epochs=30, batch_size=16, learning_rate=0.01, random_state=0)


def test_clone_gives_an_unfitted_copy_that_fits_the_same():
    clf = mr.MLPClassifier(**SMALL).fit(X_MOONS, Y_MOONS)
    copy = clone(clf)
    assert copy is not clf and not hasattr(copy, "network_") and copy.get_params() == clf.get_params()
    by_hand = mr.MLPClassifier(**SMALL).fit(X_MOONS, Y_MOONS)
    np.testing.assert_array_equal(copy.fit(X_MOONS, Y_MOONS).predict_proba(X_MOONS),
                                  by_hand.predict_proba(X_MOONS))


def test_cross_val_score_equals_the_loop_by_hand():
    scores = cross_val_score(mr.MLPClassifier(**SMALL), X_MOONS, Y_MOONS, cv=4)
    by_hand = [mr.MLPClassifier(**SMALL).fit(X_MOONS[train], Y_MOONS[train])
               .score(X_MOONS[test], Y_MOONS[test])
               for train, test in StratifiedKFold(4).split(X_MOONS, Y_MOONS)]
    np.testing.assert_array_equal(scores, by_hand)
    assert np.mean(scores) > 0.7


def test_grid_search_over_sizes_and_l1_equals_the_search_by_hand():
    grid = {"hidden_layer_sizes": [(4,), (16,)], "l1_reg": [0.0, 1e-2]}
    search = GridSearchCV(mr.MLPClassifier(epochs=15, batch_size=16, random_state=0), grid,
                          cv=KFold(3, shuffle=True, random_state=0)).fit(X_MOONS, Y_MOONS)
    folds = list(KFold(3, shuffle=True, random_state=0).split(X_MOONS))
    by_hand = {}
    for sizes in grid["hidden_layer_sizes"]:
        for l1 in grid["l1_reg"]:
            params = dict(hidden_layer_sizes=sizes, l1_reg=l1, epochs=15, batch_size=16, random_state=0)
            by_hand[(sizes, l1)] = np.mean([mr.MLPClassifier(**params).fit(X_MOONS[tr], Y_MOONS[tr])
                                            .score(X_MOONS[te], Y_MOONS[te]) for tr, te in folds])
    searched = {(p["hidden_layer_sizes"], p["l1_reg"]): s for p, s in
                zip(search.cv_results_["params"], search.cv_results_["mean_test_score"])}
    assert searched == pytest.approx(by_hand, abs=0)
    best = max(by_hand, key=lambda key: (by_hand[key], -list(by_hand).index(key)))
    assert (search.best_params_["hidden_layer_sizes"], search.best_params_["l1_reg"]) == best
    refit = mr.MLPClassifier(hidden_layer_sizes=best[0], l1_reg=best[1], epochs=15, batch_size=16,
                             random_state=0).fit(X_MOONS, Y_MOONS)
    np.testing.assert_array_equal(search.predict_proba(X_MOONS), refit.predict_proba(X_MOONS))


@pytest.mark.parametrize("scaler", [mr.StandardScaler, mr.MinMaxScaler])
def test_pipeline_of_scaler_and_network_equals_the_steps_by_hand(scaler):
    X = X_MOONS * [100.0, 0.01] + [5.0, -3.0]
    y = X_MOONS[:, 0] + X_MOONS[:, 1] ** 2
    pipe = Pipeline([("scale", scaler()), ("net", mr.MLPRegressor(**SMALL))]).fit(X[:90], y[:90])
    fitted_scaler = scaler().fit(X[:90])
    net = mr.MLPRegressor(**SMALL).fit(fitted_scaler.transform(X[:90]), y[:90])
    np.testing.assert_array_equal(pipe.predict(X[90:]), net.predict(fitted_scaler.transform(X[90:])))
    assert pipe.score(X[90:], y[90:]) == net.score(fitted_scaler.transform(X[90:]), y[90:])
    pipe.set_params(net__epochs=2)
    assert pipe.named_steps["net"].epochs == 2


def test_scaler_round_trip_and_feature_names_out():
    X = pd.DataFrame(X_MOONS, columns=["width", "height"])
    for scaler in (mr.StandardScaler(), mr.MinMaxScaler()):
        Z = scaler.fit_transform(X, Y_MOONS)
        np.testing.assert_allclose(scaler.inverse_transform(Z), X.to_numpy(), rtol=1e-13, atol=1e-15)
        assert list(scaler.get_feature_names_out()) == ["width", "height"]
        assert scaler.n_features_in_ == 2 and list(scaler.feature_names_in_) == ["width", "height"]
    assert list(mr.MinMaxScaler().fit(X_MOONS).get_feature_names_out()) == ["x0", "x1"]
    with pytest.raises(ValueError, match="input_features should have length equal"):
        mr.MinMaxScaler().fit(X_MOONS).get_feature_names_out(["a"])


@pytest.mark.parametrize("big", [1e300, 1e308])
def test_scalers_on_extreme_values(big):
    X = np.array([[big, 1.0], [-big, 2.0], [0.0, 3.0], [big / 2, 4.0]])
    standard = mr.StandardScaler().fit(X)
    Z = standard.transform(X)
    # mean 1/8 big, std sqrt(1/4 (49 + 81 + 1 + 9) / 64) big: computed here in units of big
    units = np.array([1.0, -1.0, 0.0, 0.5])
    expected = (units - units.mean()) / units.std()
    np.testing.assert_allclose(Z[:, 0], expected, rtol=1e-14)
    np.testing.assert_allclose(standard.inverse_transform(Z), X, rtol=1e-14)
    minmax = mr.MinMaxScaler().fit(X)
    np.testing.assert_allclose(minmax.transform(X)[:, 0], [1.0, 0.0, 0.5, 0.75], rtol=1e-15)
    np.testing.assert_allclose(minmax.inverse_transform(minmax.transform(X)), X, rtol=1e-15)
    assert np.isfinite(standard.scale_).all()


# ----------------------------------------------------------------------------- labels
@pytest.mark.parametrize("labels", [(0, 1), (-1, 1), (1, 2), ("no", "yes"), (False, True),
                                    (0.0, 1.0)])
@pytest.mark.parametrize("model", [mr.MLPClassifier(**SMALL), mr.LogisticRegression(max_iter=300)],
                         ids=["MLPClassifier", "LogisticRegression"])
def test_any_two_labels_give_the_same_model_as_zero_and_one(model, labels):
    y = np.array(labels)[Y_MOONS]
    ref = clone(model).fit(X_MOONS, Y_MOONS)
    fitted = clone(model).fit(X_MOONS, y)
    assert list(fitted.classes_) == list(labels)
    np.testing.assert_array_equal(fitted.predict_proba(X_MOONS), ref.predict_proba(X_MOONS))
    np.testing.assert_array_equal(fitted.predict(X_MOONS), np.array(labels)[ref.predict(X_MOONS)])
    assert fitted.score(X_MOONS, y) == ref.score(X_MOONS, Y_MOONS)


def test_labels_are_sorted_whatever_their_order_in_y():
    y = np.where(Y_MOONS == 1, "cat", "bird")          # "bird" < "cat"
    clf = mr.MLPClassifier(**SMALL).fit(X_MOONS, y)
    assert list(clf.classes_) == ["bird", "cat"]
    p_cat = clf.predict_proba(X_MOONS)[:, 1]
    np.testing.assert_array_equal(clf.predict(X_MOONS), np.where(p_cat > 0.5, "cat", "bird"))


def test_string_labels_end_to_end_with_metrics():
    y = np.where(Y_MOONS == 1, "yes", "no")
    X_train, X_test, y_train, y_test = mr.train_test_split(X_MOONS, y, test_size=0.3,
                                                           stratify=y, random_state=0)
    clf = mr.MLPClassifier(**SMALL).fit(X_train, y_train)
    predicted, p_yes = clf.predict(X_test), clf.predict_proba(X_test)[:, 1]
    assert set(predicted) <= {"no", "yes"}
    assert clf.score(X_test, y_test) == skm.accuracy_score(y_test, predicted)
    # the labels go straight into the metrics, minirelu's and scikit-learn's alike
    cm = mr.metrics.confusion_matrix(y_test, predicted, labels=clf.classes_)
    np.testing.assert_array_equal(cm, skm.confusion_matrix(y_test, predicted, labels=clf.classes_))
    assert cm.sum() == len(y_test) and np.trace(cm) == np.sum(predicted == y_test)
    fpr, tpr, thresholds = mr.metrics.roc_curve(y_test, p_yes, pos_label="yes")
    sk_fpr, sk_tpr, sk_thresholds = skm.roc_curve(y_test, p_yes, pos_label="yes",
                                                  drop_intermediate=False)
    shared = np.isin(sk_thresholds, thresholds)          # scikit-learn adds a point at +inf
    np.testing.assert_allclose(fpr, sk_fpr[shared])
    np.testing.assert_allclose(tpr, sk_tpr[shared])
    assert mr.metrics.roc_auc_score(y_test == "yes", p_yes) == pytest.approx(
        skm.roc_auc_score(y_test, p_yes), abs=1e-12)        # scikit-learn: the larger label is positive
    # the LLM summary reads the labels through the model's classes_
    summary = interpret.llm_summary(clf, X_test, y_test)
    assert summary.table is not None


def test_label_errors_are_clear():
    clf = mr.MLPClassifier(**SMALL)
    with pytest.raises(ValueError, match=r"y holds one class only \('a'\)"):
        clf.fit(X_MOONS, np.full(len(Y_MOONS), "a"))
    with pytest.raises(ValueError, match="Unknown label type: y holds continuous values"):
        clf.fit(X_MOONS, X_MOONS[:, 0])
    with pytest.raises(TypeError, match="y mixes kinds of labels"):
        clf.fit(X_MOONS[:4], np.array([1, "a", 1, "a"], dtype=object))
    fitted = mr.MLPClassifier(**SMALL).fit(X_MOONS, np.where(Y_MOONS == 1, "yes", "no"))
    with pytest.raises(ValueError, match=r"validation_data y_val holds 'maybe', not among the "
                                         r"classes seen in fit \('no', 'yes'\)"):
        mr.MLPClassifier(**SMALL).fit(X_MOONS, np.where(Y_MOONS == 1, "yes", "no"),
                                      validation_data=(X_MOONS[:2], ["yes", "maybe"]))
    assert fitted.score(X_MOONS[:3], [7, 7, 7]) == 0.0


def test_column_vector_y_is_accepted_with_a_warning_naming_its_shape():
    for model in (mr.MLPClassifier(**SMALL), mr.LogisticRegression(max_iter=50),
                  mr.MLPRegressor(**SMALL), mr.LinearRegression()):
        y = Y_MOONS.reshape(-1, 1)
        with pytest.warns(mr.validation.DataConversionWarning, match=r"y has shape \(120, 1\)"):
            model.fit(X_MOONS, y)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            np.testing.assert_array_equal(clone(model).fit(X_MOONS, Y_MOONS).predict(X_MOONS),
                                          model.predict(X_MOONS))


# ----------------------------------------------------------------------------- input checks
def test_not_fitted_is_a_value_error_and_an_attribute_error():
    for model in ESTIMATORS:
        method = getattr(model, "predict", None) or model.transform
        with pytest.raises(mr.NotFittedError, match="not fitted yet"):
            method(X_MOONS)
        assert issubclass(mr.NotFittedError, ValueError) and issubclass(mr.NotFittedError, AttributeError)


def test_complex_input_is_refused():
    for model in ESTIMATORS:
        with pytest.raises(ValueError, match="Complex data not supported: X holds complex numbers"):
            clone(model).fit(X_MOONS + 1j, Y_MOONS)
    fitted = mr.LinearRegression().fit(X_MOONS, Y_MOONS)
    with pytest.raises(ValueError, match="Complex data not supported"):
        fitted.predict(X_MOONS * 1j)
    with pytest.raises(ValueError, match="Complex data not supported: y holds complex numbers"):
        mr.MLPRegressor(**SMALL).fit(X_MOONS, Y_MOONS + 0j)


def test_linear_models_record_features_and_iterations():
    normal = mr.LinearRegression().fit(X_MOONS, Y_MOONS)
    assert normal.n_features_in_ == 2 and normal.n_iter_ == 1 and not hasattr(normal, "history_")
    gd = mr.LinearRegression(solver="gd", max_iter=50).fit(X_MOONS, Y_MOONS)
    assert gd.n_iter_ == len(gd.history_["loss"]) == 50
    assert gd.set_params(solver="normal").fit(X_MOONS, Y_MOONS).n_iter_ == 1
    assert not hasattr(gd, "history_")
    logistic = mr.LogisticRegression(max_iter=30).fit(X_MOONS, Y_MOONS)
    assert logistic.n_features_in_ == 2 and logistic.n_iter_ == 30


# ----------------------------------------------------------------------------- feature names
COLUMNS = ["temp", "hum"]


@pytest.fixture(scope="module")
def frame_model():
    X = pd.DataFrame(X_MOONS, columns=COLUMNS)
    return X, mr.MLPClassifier(**SMALL).fit(X, Y_MOONS)


def test_dataframe_names_are_kept_and_checked(frame_model):
    X, clf = frame_model
    assert isinstance(clf.feature_names_in_, np.ndarray) and list(clf.feature_names_in_) == COLUMNS
    with pytest.warns(UserWarning, match="X does not have valid feature names"):
        np.testing.assert_array_equal(clf.predict_proba(X), clf.predict_proba(X_MOONS))
    with pytest.raises(ValueError, match="Feature names must be in the same order as they were in fit"):
        clf.predict(X[["hum", "temp"]])
    with pytest.raises(ValueError, match="Feature names seen at fit time, yet now missing:\n- hum"):
        clf.predict(X[["temp"]])
    with pytest.raises(ValueError, match="Feature names unseen at fit time:\n- wind"):
        clf.predict(X.assign(wind=1.0))
    with pytest.raises(ValueError, match="fitted on columns: temp, hum"):
        clf.predict_proba(X.rename(columns={"hum": "humidity"}))
    with pytest.warns(UserWarning, match="X does not have valid feature names, but MLPClassifier "
                                         "was fitted with feature names"):
        clf.predict(X_MOONS)
    refit = clone(clf).fit(X_MOONS, Y_MOONS)
    assert not hasattr(refit, "feature_names_in_")


def test_every_estimator_refuses_reordered_columns():
    X = pd.DataFrame(X_MOONS, columns=COLUMNS)
    for model in ESTIMATORS:
        fitted = clone(model).fit(X, Y_MOONS)
        method = fitted.transform if hasattr(fitted, "transform") else fitted.predict
        with pytest.raises(ValueError, match="same order"):
            method(X[COLUMNS[::-1]])


def test_feature_names_flow_into_the_interpretation_tables(frame_model):
    X, clf = frame_model
    importance = interpret.feature_importance(clf, X)
    assert sorted(importance.table["Feature"]) == sorted(COLUMNS)
    assert importance.feature_names == COLUMNS
    llms = interpret.local_linear_models(clf, X_MOONS)          # an array: the fitted names
    assert llms.feature_names == COLUMNS
    assert interpret.local_linear_models(clf, X, feature_names=["a", "b"]).feature_names == ["a", "b"]
    summary = interpret.llm_summary(clf, X, Y_MOONS)
    assert summary.llms.feature_names == COLUMNS
    with pytest.raises(ValueError, match="same order"):
        interpret.llm_summary(clf, X[COLUMNS[::-1]], Y_MOONS)
    profile = interpret.llm_profile(clf, X, "hum")
    assert profile.feature_name == "hum"
    with warnings.catch_warnings():    # Shapley calls the model on arrays it builds
        warnings.filterwarnings("ignore", "X does not have valid feature names", UserWarning)
        sv = interpret.shapley_values(clf.decision_function, X_MOONS[0], X_MOONS[:20])
    assert list(sv.feature_names) == COLUMNS
    net_llms = interpret.local_linear_models(clf.network_, X)  # a bare network: the frame's columns
    assert net_llms.feature_names == COLUMNS


def test_a_saved_model_keeps_its_labels_and_feature_names(tmp_path):
    X = pd.DataFrame(X_MOONS, columns=COLUMNS)
    clf = mr.MLPClassifier(**SMALL).fit(X, np.where(Y_MOONS == 1, "yes", "no"))
    clf.save(tmp_path / "model.npz")
    loaded = mr.load(tmp_path / "model.npz")
    assert list(loaded.classes_) == ["no", "yes"] and list(loaded.feature_names_in_) == COLUMNS
    np.testing.assert_array_equal(loaded.predict(X), clf.predict(X))
    with pytest.raises(ValueError, match="same order"):
        loaded.predict(X[COLUMNS[::-1]])
    plain = mr.MLPClassifier(**SMALL).fit(X_MOONS, Y_MOONS == 1)
    plain.save(tmp_path / "plain.npz")
    assert mr.load(tmp_path / "plain.npz").classes_.tolist() == [False, True]


def test_warnings_point_at_the_callers_line(frame_model):
    _, clf = frame_model
    with pytest.warns(UserWarning, match="X does not have valid feature names") as record:
        clf.predict(X_MOONS)
    assert record[0].filename == __file__
    with pytest.warns(mr.validation.DataConversionWarning) as record:
        mr.LinearRegression().fit(X_MOONS, Y_MOONS.reshape(-1, 1))
    assert record[0].filename == __file__
