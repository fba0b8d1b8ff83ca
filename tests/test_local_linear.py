"""Local linear models of ReLU networks: exact against the network, against slow plain
re-computations written out here, against hand-worked numbers and scikit-learn's AUC."""
import matplotlib
matplotlib.use("Agg")

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score as sk_auc

import minirelu as mr
from minirelu import interpret
from minirelu.interpret import _patterns as ll
from minirelu.table import Table


# ----------------------------------------------------------------------------- helpers
def random_net(depth, d=4, width=6, output="identity", seed=0):
    sizes = (d,) + (width,) * depth + (1,)
    return mr.MLP(sizes, "relu", output, random_state=seed)


def slow_patterns(net, X):
    """The on/off tuple of every hidden unit, one row at a time, from the weights."""
    rows = []
    for x in X:
        a, bits = x, []
        for W, b in zip(net.weights[:-1], net.biases[:-1]):
            z = W @ a + b
            bits += [bool(v > 0) for v in z]
            a = np.maximum(z, 0.0)
        rows.append(tuple(bits))
    return rows


def slow_raw_output(net, x):
    a = x
    for W, b in zip(net.weights[:-1], net.biases[:-1]):
        a = np.maximum(W @ a + b, 0.0)
    return float(net.weights[-1][0] @ a + net.biases[-1][0])


# 2-2-1 network worked by hand (see test_hand_worked_network):
W1, B1 = [[1.0, -1.0], [2.0, 1.0]], [0.0, -1.0]
W2, B2 = [[3.0, -2.0]], [0.5]
X_HAND = np.array([[1.0, 0.0], [0.0, 2.0], [2.0, 0.0], [-1.0, -1.0]])
Y_HAND = np.array([1.0, -1.0, 4.0, 0.0])


def hand_net(output="identity"):
    return mr.MLP.from_weights([W1, W2], [B1, B2], "relu", output)


# ----------------------------------------------------------------------------- hand-worked
def test_hand_worked_network():
    """z1 = W1 x + b1.  x = (1, 0): z1 = (1, 1), both on: w~ = 3 (1, -1) - 2 (2, 1) = (-1, -5),
    b~ = 0.5 + 3 * 0 - 2 * (-1) = 2.5.  x = (0, 2): z1 = (-2, 1), unit 1 off: w~ = -2 (2, 1)
    = (-4, -2), b~ = 2.5.  x = (2, 0): z1 = (2, 3), the first pattern again.  x = (-1, -1):
    z1 = (0, -4), both off (0 counts as off): w~ = 0, b~ = 0.5.
    Order: the pattern of rows 0 and 2 (count 2), then rows 1 and 3 by first occurrence."""
    llms = interpret.local_linear_models(hand_net(), X_HAND)
    np.testing.assert_array_equal(llms.coef, [[-1, -5], [-4, -2], [0, 0]])
    np.testing.assert_array_equal(llms.intercept, [2.5, 2.5, 0.5])
    np.testing.assert_array_equal(llms.counts, [2, 1, 1])
    np.testing.assert_array_equal(llms.assignment, [0, 1, 0, 2])
    np.testing.assert_array_equal(llms.first_index, [0, 1, 3])
    np.testing.assert_array_equal(llms.patterns, [[True, True], [False, True], [False, False]])
    np.testing.assert_array_equal(interpret.activation_patterns(hand_net(), X_HAND),
                                  [[1, 1], [0, 1], [1, 1], [0, 0]])
    # network: 3 * 1 - 2 * 1 + 0.5 = 1.5;  -2 * 1 + 0.5 = -1.5;  3 * 2 - 2 * 3 + 0.5 = 0.5;  0.5
    np.testing.assert_allclose(llms.predict(X_HAND), [1.5, -1.5, 0.5, 0.5], rtol=0, atol=1e-15)


def test_hand_worked_summary():
    """LLM 0 holds rows 0 and 2 (y = 1, 4): mean 2.5, std sqrt(4.5). Its model
    f0 = -x1 - 5 x2 + 2.5 gives 1.5, -7.5, 0.5, 8.5 on the four rows: local residuals
    -0.5, 3.5 -> MSE 6.25; global residuals -0.5, 6.5, 3.5, -8.5 -> MSE 127 / 4 = 31.75."""
    s = interpret.llm_summary(hand_net(), X_HAND, Y_HAND)
    assert s.metric == "MSE"
    np.testing.assert_allclose(s.response_mean, [2.5, -1.0, 0.0], atol=1e-15)
    assert s.response_std[0] == pytest.approx(np.sqrt(4.5), abs=1e-15)
    assert np.isnan(s.response_std[1:]).all()           # one row: no sample std
    assert s.local_score[0] == pytest.approx(6.25, abs=1e-12)
    assert s.global_score[0] == pytest.approx(31.75, abs=1e-12)
    assert list(s.table.columns) == ["LLM", "Count", "Response Mean", "Response Std",
                                     "Local MSE", "Global MSE"]


# ----------------------------------------------------------------------------- exactness
@pytest.mark.parametrize("depth", [1, 2, 3, 4])
@pytest.mark.parametrize("output", ["identity", "sigmoid"])
def test_llm_reproduces_raw_output_and_gradient(depth, output):
    net = random_net(depth, d=5, width=7, output=output, seed=depth)
    X = np.random.default_rng(depth).normal(size=(600, 5))
    llms = interpret.local_linear_models(net, X)
    raw = net.raw_output(X)[:, 0]
    own = np.einsum("ij,ij->i", X, llms.coef[llms.assignment]) + llms.intercept[llms.assignment]
    np.testing.assert_allclose(own, raw, rtol=0, atol=1e-9)
    np.testing.assert_allclose(llms.predict(X), raw, rtol=0, atol=1e-9)
    np.testing.assert_allclose(llms.coef[llms.assignment], net.input_gradient(X), rtol=0, atol=1e-9)
    # and against a central difference: the net is linear around each row (h far below any kink)
    i, h = 7, 1e-7
    fd = [(slow_raw_output(net, X[i] + h * e) - slow_raw_output(net, X[i] - h * e)) / (2 * h)
          for e in np.eye(5)]
    np.testing.assert_allclose(llms.coef[llms.assignment[i]], fd, rtol=0, atol=1e-6)


@pytest.mark.parametrize("estimator", [mr.MLPRegressor, mr.MLPClassifier])
def test_fitted_estimators(estimator):
    rng = np.random.default_rng(3)
    X = rng.uniform(-1, 1, (300, 3))
    y = (X[:, 0] * X[:, 1] > 0).astype(int) if estimator is mr.MLPClassifier else X[:, 0] ** 2
    model = estimator((8, 8, 8), epochs=3, random_state=0).fit(X, y)
    llms = interpret.local_linear_models(model, X, y)
    raw = model.decision_function(X) if estimator is mr.MLPClassifier else model.predict(X)
    np.testing.assert_allclose(llms.predict(X), raw, rtol=0, atol=1e-9)
    assert llms.is_classifier == (estimator is mr.MLPClassifier)


def test_count_and_order_against_set_of_tuples():
    net = random_net(2, d=2, width=5, seed=4)
    X = np.random.default_rng(4).uniform(-2, 2, (800, 2))
    llms = interpret.local_linear_models(net, X)
    tuples = slow_patterns(net, X)
    seen = {}
    for i, t in enumerate(tuples):
        count, first = seen.get(t, (0, i))
        seen[t] = (count + 1, first)
    expected = sorted(seen.items(), key=lambda item: (-item[1][0], item[1][1]))
    assert llms.n_llms == len(set(tuples)) == len(expected)
    assert [tuple(p) for p in llms.patterns.tolist()] == [t for t, _ in expected]
    assert llms.counts.tolist() == [c for _, (c, _) in expected]
    assert llms.first_index.tolist() == [f for _, (_, f) in expected]
    assert [tuple(llms.patterns[k]) for k in llms.assignment] == tuples
    assert interpret.activation_patterns(net, X).tolist() == [list(t) for t in tuples]


def test_many_units_span_several_words():
    # 50 + 30 = 80 units: two 64-bit words per pattern
    net = mr.MLP((3, 50, 30, 1), random_state=1)
    X = np.random.default_rng(1).normal(size=(500, 3))
    X = np.vstack([X, X[:50]])                          # repeated rows share their pattern
    llms = interpret.local_linear_models(net, X)
    assert llms.n_llms == len(set(slow_patterns(net, X)))
    np.testing.assert_allclose(llms.predict(X), net.raw_output(X)[:, 0], rtol=0, atol=1e-9)


def test_hash_collision_falls_back_to_whole_rows():
    # make two different 2-word keys with the same hash: mix(a0) ^ a1 == mix(b0) ^ b1
    def mix(w):
        w = np.array([w], np.uint64)
        w ^= w >> np.uint64(31)
        w *= ll.MIX
        return w[0]
    a0, a1, b0 = np.uint64(5), np.uint64(9), np.uint64(6)
    b1 = mix(a0) ^ a1 ^ mix(b0)
    keys = np.array([[a0, a1], [b0, b1], [a0, a1]], np.uint64)
    first, inverse, counts = ll.group(keys)
    assert len(first) == 2
    assert inverse[0] == inverse[2] != inverse[1]
    assert sorted(counts.tolist()) == [1, 2]


def test_network_without_hidden_layer_is_one_linear_model():
    net = mr.MLP.from_weights([[[2.0, -3.0]]], [[1.0]], "relu")
    llms = interpret.local_linear_models(net, [[1.0, 1.0], [0.0, 5.0]])
    assert llms.n_llms == 1 and llms.patterns.shape == (1, 0)
    np.testing.assert_array_equal(llms.coef, [[2.0, -3.0]])
    np.testing.assert_array_equal(llms.intercept, [1.0])


def test_lookup_unseen_and_predict_on_new_rows():
    net = hand_net()
    llms = interpret.local_linear_models(net, X_HAND[:2])    # patterns (on, on) and (off, on)
    new = np.array([[3.0, 0.0], [-1.0, -1.0], [0.0, 3.0]])    # seen, unseen (off, off), seen
    np.testing.assert_array_equal(llms.lookup(new), [0, -1, 1])
    assert llms.unseen_share(new) == pytest.approx(1 / 3)
    np.testing.assert_allclose(llms.predict(new[[0, 2]]), net.raw_output(new[[0, 2]])[:, 0])
    # the unseen row gets its own exact LLM, composed on demand: (off, off) is constant
    where = llms.locate(new)
    np.testing.assert_array_equal(where.unseen, [False, True, False])
    np.testing.assert_array_equal(where.new_llm, [-1, 0, -1])
    np.testing.assert_array_equal(where.new_patterns, [[False, False]])
    np.testing.assert_allclose(llms.predict(new), net.raw_output(new)[:, 0], atol=1e-12)
    assert repr(where) == "LLMLocation(n_rows=3, unseen_rows=1, new_llms=1)"
    s = interpret.llm_summary(net, X_HAND[:2], Y_HAND[:2], X_new=new)
    assert s.unseen_share == pytest.approx(1 / 3) and s.n_new == 3


@pytest.mark.parametrize("output", ["identity", "sigmoid"])
def test_every_test_row_has_its_exact_llm(output):
    """Must show: the LLM of every test row, seen or unseen, reproduces the raw output to 1e-9."""
    net = mr.MLP((12, 40, 40, 1), "relu", output, random_state=3)
    rng = np.random.default_rng(3)
    X_train, X_test = rng.uniform(-1, 1, (2000, 12)), rng.uniform(-1, 1, (1200, 12))
    X_test[:200] = X_train[:200]                        # some test rows in seen patterns
    llms = interpret.local_linear_models(net, X_train)
    where = llms.locate(X_test)
    assert 0.5 < where.unseen_share < 1 and not where.unseen[:200].any()
    raw = net.raw_output(X_test)[:, 0]
    assert np.max(np.abs(llms.predict(X_test) - raw)) <= 1e-9
    # each unseen row's LLM is the one built from that row itself
    alone = interpret.local_linear_models(net, X_test)
    np.testing.assert_allclose(where.coef, alone.coef[alone.assignment], atol=1e-12)
    # distinct new patterns composed once each
    assert len(where.new_intercept) == len(np.unique(where.new_patterns, axis=0))
    assert where.new_llm[where.unseen].max() == len(where.new_intercept) - 1


@pytest.mark.parametrize("output", ["identity", "sigmoid"])
def test_summary_test_set_columns(output):
    net = mr.MLP((3, 6, 6, 1), "relu", output, random_state=4)
    rng = np.random.default_rng(4)
    X, X_new = rng.normal(size=(300, 3)), rng.normal(size=(200, 3))
    raw = net.raw_output(X_new)[:, 0]
    y = rng.normal(size=300) if output == "identity" else rng.integers(0, 2, 300)
    y_new = raw + rng.normal(size=200) if output == "identity" else (raw > 0).astype(int) ^ (rng.random(200) < 0.2)
    s = interpret.llm_summary(net, X, y, X_new=X_new, y_new=y_new)
    where = s.llms.locate(X_new)
    assert s.n_unseen_llms == len(where.new_intercept) > 0
    for k in range(s.llms.n_llms):
        rows = where.llm == k
        assert s.test_counts[k] == rows.sum()
        if output == "identity" and rows.any():
            assert s.test_local_score[k] == pytest.approx(np.mean((y_new[rows] - raw[rows]) ** 2), rel=1e-9)
        elif output == "sigmoid" and 0 < y_new[rows].sum() < rows.sum():
            assert s.test_local_score[k] == pytest.approx(sk_auc(y_new[rows], raw[rows]), abs=1e-12)
        else:
            assert np.isnan(s.test_local_score[k])
    u = where.unseen
    expected = np.mean((y_new[u] - raw[u]) ** 2) if output == "identity" else sk_auc(y_new[u], raw[u])
    assert s.unseen_score == pytest.approx(expected, rel=1e-9)
    assert list(s.table.columns)[-2:] == ["Test Count", f"Test Local {s.metric}"]
    with pytest.raises(ValueError, match="y_new needs X_new"):
        s.llms.summary(y, y_new=y_new)
    with pytest.raises(ValueError, match="y_new"):
        interpret.llm_summary(net, X, y, X_new=X_new, y_new=y_new[:5])


# ----------------------------------------------------------------------------- summary
def test_regression_summary_against_plain_loops():
    net = random_net(2, d=3, width=4, seed=5)
    rng = np.random.default_rng(5)
    X = rng.normal(size=(400, 3))
    y = rng.normal(size=400)
    s = interpret.llm_summary(net, X, y)
    llms = s.llms
    for k in range(llms.n_llms):
        rows = [i for i in range(len(y)) if llms.assignment[i] == k]
        f = X @ llms.coef[k] + llms.intercept[k]
        assert s.counts[k] == len(rows)
        assert s.response_mean[k] == pytest.approx(np.mean(y[rows]), abs=1e-12)
        if len(rows) > 1:
            assert s.response_std[k] == pytest.approx(np.std(y[rows], ddof=1), abs=1e-12)
        else:
            assert np.isnan(s.response_std[k])
        assert s.local_score[k] == pytest.approx(np.mean((y[rows] - f[rows]) ** 2), rel=1e-12)
        assert s.global_score[k] == pytest.approx(np.mean((y - f) ** 2), rel=1e-12)


def test_classification_summary_against_sklearn_auc():
    net = random_net(2, d=3, width=4, output="sigmoid", seed=6)
    rng = np.random.default_rng(6)
    X = rng.normal(size=(400, 3))
    X[:40] = X[40:80]                               # repeated rows: tied scores in every LLM
    y = (X[:, 0] + rng.normal(size=400) > 0).astype(int)
    s = interpret.llm_summary(net, X, y)
    llms = s.llms
    assert s.metric == "AUC" and "Local AUC" in s.table.columns
    for k in range(llms.n_llms):
        rows = [i for i in range(len(y)) if llms.assignment[i] == k]
        f = X @ llms.coef[k] + llms.intercept[k]
        assert s.response_mean[k] == pytest.approx(np.mean(y[rows]), abs=1e-12)
        if len(set(y[rows])) == 2:
            assert s.local_score[k] == pytest.approx(sk_auc(y[rows], f[rows]), abs=1e-12)
        else:
            assert np.isnan(s.local_score[k])
        assert s.global_score[k] == pytest.approx(sk_auc(y, f), abs=1e-12)


def test_grouped_auc_equals_sklearn_per_group_with_ties():
    from minirelu.interpret._llm_views import _grouped_auc
    rng = np.random.default_rng(11)
    n, k = 3000, 40
    group = rng.integers(0, k, n)
    group[group == 7] = 8                            # an empty group: NaN
    score = rng.integers(0, 6, n).astype(float)     # few values: ties everywhere
    y = rng.integers(0, 2, n)
    y[group == 3] = 1                                # one class only: NaN
    auc = _grouped_auc(group, y, score, k)
    for g in range(k):
        rows = group == g
        if rows.any() and 0 < y[rows].sum() < rows.sum():
            assert auc[g] == pytest.approx(sk_auc(y[rows], score[rows]), abs=1e-12)
        else:
            assert np.isnan(auc[g])


def test_global_auc_limited_to_the_largest_llms():
    net = random_net(2, d=3, width=5, output="sigmoid", seed=6)
    rng = np.random.default_rng(6)
    X = rng.normal(size=(300, 3))
    y = (X[:, 0] + rng.normal(size=300) > 0).astype(int)
    full = interpret.llm_summary(net, X, y, global_top=None)
    part = interpret.llm_summary(net, X, y, global_top=3)
    assert full.n_global == full.llms.n_llms > 3 and part.n_global == 3
    np.testing.assert_array_equal(part.global_score[:3], full.global_score[:3])
    assert np.isnan(part.global_score[3:]).all()
    np.testing.assert_array_equal(part.local_score, full.local_score)
    assert "global AUC for the 3 largest" in repr(part)
    assert interpret.llm_summary(net, X, y).n_global == full.llms.n_llms   # auto: small data
    from minirelu.interpret._llm_views import global_auc_count
    assert global_auc_count(10 ** 5, 10 ** 5, "auto") == 100     # 1e7 scores over 1e5 rows
    assert global_auc_count(10 ** 6, 10 ** 6, "auto") == 20      # never fewer than 20
    assert global_auc_count(15, 10 ** 6, "auto") == 15
    with pytest.raises(ValueError, match="global_top"):
        interpret.llm_summary(net, X, y, global_top="all")
    with pytest.raises(ValueError, match="global_top"):
        interpret.llm_summary(net, X, y, global_top=0)


def test_constant_llm_has_global_auc_one_half():
    # every unit off everywhere: one LLM with zero coefficients, all scores tied
    net = mr.MLP.from_weights([[[1.0]], [[1.0]]], [[-10.0], [0.2]], "relu", "sigmoid")
    s = interpret.llm_summary(net, [[0.0], [1.0], [2.0]], [0, 1, 1])
    assert s.global_score[0] == 0.5 and s.local_score[0] == 0.5


# ----------------------------------------------------------------------------- views
def test_feature_importance_formula():
    net = random_net(3, d=4, width=6, seed=7)
    X = np.random.default_rng(7).normal(size=(500, 4))
    fi = interpret.feature_importance(net, X, feature_names=["a", "b", "c", "d"])
    grads = net.input_gradient(X)                   # the LLM slope of every row
    expected = (grads ** 2).sum(axis=0) / (grads ** 2).sum()
    np.testing.assert_allclose(fi.importance, expected, rtol=1e-12)
    assert fi.importance.sum() == pytest.approx(1.0, abs=1e-12)
    assert list(fi.importance[fi.order]) == sorted(fi.importance, reverse=True)
    assert fi.table["Feature"] == [["a", "b", "c", "d"][j] for j in fi.order]


def test_profile_lines_against_plain_loops():
    net = random_net(2, d=3, width=5, seed=8)
    X = np.random.default_rng(8).uniform(-1, 1, (700, 3))
    prof = interpret.llm_profile(net, X, 1, top=6)
    llms = interpret.local_linear_models(net, X)
    assert prof.llm.tolist() == list(range(6))
    for k in range(6):
        x = X[llms.assignment == k, 1]
        effect = llms.coef[k, 1] * x
        centred = effect - effect.mean()
        assert prof.slopes[k] == llms.coef[k, 1]
        assert prof.centers[k] == pytest.approx(x.mean(), abs=1e-12)
        assert tuple(prof.x_range[k]) == (x.min(), x.max())
        np.testing.assert_allclose(prof.slopes[k] * (x - prof.centers[k]), centred, atol=1e-12)
    by_name = interpret.llm_profile(net, X, "b", top=100, feature_names=["a", "b", "c"])
    assert by_name.llm.size == llms.n_llms and by_name.feature == 1


@pytest.mark.parametrize("output", ["identity", "sigmoid"])
def test_local_fi_scores_rebuild_the_output(output):
    net = random_net(2, d=4, width=6, output=output, seed=9)
    rng = np.random.default_rng(9)
    X = rng.normal(size=(300, 4))
    y = (X[:, 0] > 0).astype(int) if output == "sigmoid" else X[:, 0]
    raw = net.raw_output(X)[:, 0]
    i = 17
    un = interpret.local_linear_fi(net, X, i, centered=False, y=y)
    grad = net.input_gradient(X[i:i + 1])[0]
    np.testing.assert_allclose(un.scores, grad * X[i], rtol=0, atol=1e-12)
    assert un.baseline == un.intercept
    assert un.intercept + un.scores.sum() == pytest.approx(raw[i], abs=1e-12)
    assert un.prediction == pytest.approx(raw[i], abs=1e-12)
    assert un.actual == y[i]
    ref = rng.normal(size=(50, 4))
    ce = interpret.local_linear_fi(net, X, i, centered=True, reference=ref)
    np.testing.assert_allclose(ce.scores, grad * (X[i] - ref.mean(axis=0)), rtol=0, atol=1e-12)
    assert ce.baseline + ce.scores.sum() == pytest.approx(raw[i], abs=1e-12)
    assert ce.actual is None
    if output == "sigmoid":
        assert un.probability == pytest.approx(1 / (1 + np.exp(-raw[i])), abs=1e-15)
    else:
        assert un.probability is None
    assert list(np.abs(un.scores[un.order])) == sorted(np.abs(un.scores), reverse=True)


def test_l1_path_counts():
    rng = np.random.default_rng(10)
    X = rng.uniform(-1, 1, (200, 2))
    y = X[:, 0] - X[:, 1] ** 2
    reg = mr.MLPRegressor((6, 6), learning_rate=0.01, epochs=3, batch_size=20, random_state=0)
    path = interpret.l1_path(reg, X, y, [0.0, 50.0], validation_data=(X[:50], y[:50]))
    # lambda = 0: random weights, none exactly 0; lambda = 50: each step shrinks weights by
    # 0.5, so all weights are 0 after the first steps: the net is constant (one LLM) and
    # a hidden unit outputs max(0, its bias), dead where the bias is <= 0.
    for model, llm_count, dead, zeros in zip(path.models, path.n_llms, path.dead_units,
                                             path.zero_weights):
        net = model.network_
        assert llm_count == len(set(slow_patterns(net, X)))
        assert zeros == sum(int((W == 0).sum()) for W in net.weights)
        assert dead == int((~interpret.activation_patterns(net, X).any(axis=0)).sum())
    assert path.zero_weights.tolist() == [0, 2 * 6 + 6 * 6 + 6]
    biases = np.concatenate(path.models[1].network_.biases[:-1])
    assert path.n_llms[1] == 1 and path.dead_units[1] == np.sum(biases <= 0) > 0
    assert path.val_score[0] == pytest.approx(path.models[0].score(X[:50], y[:50]), abs=1e-12)
    assert path.table["Zero share"][1] == 1.0


# ----------------------------------------------------------------------------- bad input
def test_bad_input_raises_clearly():
    net = hand_net()
    with pytest.raises(ValueError, match="hidden_activation='tanh'.*need 'relu'"):
        interpret.local_linear_models(mr.MLP((2, 3, 1), "tanh", random_state=0), X_HAND)
    with pytest.raises(ValueError, match="X has 3 features, but the model expects 2"):
        interpret.local_linear_models(net, np.ones((4, 3)))
    with pytest.raises(ValueError, match="X contains NaN"):
        interpret.activation_patterns(net, [[np.nan, 0.0]])
    with pytest.raises(ValueError, match="2 outputs"):
        interpret.local_linear_models(mr.MLP((2, 3, 2), random_state=0), X_HAND)
    with pytest.raises(ValueError, match="not fitted"):
        interpret.local_linear_models(mr.MLPRegressor(), X_HAND)
    with pytest.raises(TypeError, match="model must be an MLP"):
        interpret.local_linear_models("net", X_HAND)
    with pytest.raises(ValueError, match="y has 3 values but X has 4 rows"):
        interpret.llm_summary(net, X_HAND, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="binary labels"):
        interpret.llm_summary(hand_net("sigmoid"), X_HAND, [0, 1, 2, 1])
    with pytest.raises(ValueError, match="feature_names has 1 names but X has 2"):
        interpret.feature_importance(net, X_HAND, feature_names=["a"])
    with pytest.raises(ValueError, match="feature 'z' is not among"):
        interpret.llm_profile(net, X_HAND, "z")
    with pytest.raises(ValueError, match="feature must be below 2"):
        interpret.llm_profile(net, X_HAND, 2)
    with pytest.raises(ValueError, match="top must be >= 1"):
        interpret.llm_profile(net, X_HAND, 0, top=0)
    with pytest.raises(ValueError, match="index must be < 4"):
        interpret.local_linear_fi(net, X_HAND, 4)
    with pytest.raises(ValueError, match="reference has 3 features"):
        interpret.local_linear_fi(net, X_HAND, 0, reference=np.ones((2, 3)))
    with pytest.raises(TypeError, match="centered must be True or False"):
        interpret.local_linear_fi(net, X_HAND, 0, centered="yes")
    with pytest.raises(ValueError, match="zero coefficients"):
        interpret.feature_importance(net, [[-1.0, -1.0]])
    with pytest.raises(ValueError, match="y is needed"):
        interpret.local_linear_models(net, X_HAND).summary()
    reg = mr.MLPRegressor(epochs=1)
    with pytest.raises(ValueError, match="l1_regs must be a non-empty"):
        interpret.l1_path(reg, X_HAND, Y_HAND, [], (X_HAND, Y_HAND))
    with pytest.raises(ValueError, match="l1_regs entries must be >= 0"):
        interpret.l1_path(reg, X_HAND, Y_HAND, [-1.0], (X_HAND, Y_HAND))
    with pytest.raises(TypeError, match="validation_data must be a pair"):
        interpret.l1_path(reg, X_HAND, Y_HAND, [0.0], X_HAND)
    with pytest.raises(TypeError, match="estimator must be"):
        interpret.l1_path(net, X_HAND, Y_HAND, [0.0], (X_HAND, Y_HAND))


# ----------------------------------------------------------------------------- tables, reprs
def test_table_prints_aligned_and_cut():
    t = Table({"name": ["a", "bb"], "count": [3, 12], "value": [0.5, float("nan")]})
    assert repr(t) == ("name  count   value\n"
                       "a         3  0.5000\n"
                       "bb       12     nan")
    long = Table({"i": np.arange(30)}, max_rows=3)
    assert repr(long).splitlines()[-1] == "... 27 more rows (30 in all)"
    assert t.row(0) == {"name": "a", "count": 3, "value": 0.5}
    assert len(t.head(1)) == 1
    with pytest.raises(ValueError, match="equal lengths"):
        Table({"a": [1, 2], "b": [1]})


def test_reprs_are_stable():
    llms = interpret.local_linear_models(hand_net(), X_HAND, Y_HAND)
    assert repr(llms) == ("LocalLinearModels(n_llms=3, n_samples=4, n_features=2, hidden_units=2, "
                          "largest_count=2, single_sample_llms=2)")
    assert repr(llms.summary()) == "LLMSummary(n_llms=3, n_samples=4, metric='MSE')"
    assert repr(llms.local_fi(0, centered=False)) == (
        "LocalLinearFI(index=0, llm=0, centered=False, prediction=1.5000, actual=1.0000)")


# ----------------------------------------------------------------------------- figures
def test_figures_plot_the_numbers():
    net = random_net(2, d=3, width=5, seed=11)
    X = np.random.default_rng(11).uniform(-1, 1, (300, 3))
    y = X[:, 0]
    llms = interpret.local_linear_models(net, X, y, feature_names=["a", "b", "c"])
    fi = llms.feature_importance()

    ax = llms.plot(n_features=2, n_llms=4, highlight=2)
    assert len(ax.lines) == 4 + 1                            # 4 LLMs and the zero line
    assert [t.get_text() for t in ax.get_xticklabels()] == [fi.feature_names[j] for j in fi.order[:2]]
    top = [line for line in ax.lines if line.get_label().startswith("LLM 0")][0]
    np.testing.assert_array_equal(top.get_ydata(), llms.coef[0, fi.order[:2]])

    ax = fi.plot()
    widths = [p.get_width() for p in ax.patches]
    np.testing.assert_allclose(widths, fi.importance[fi.order])

    s = llms.summary()
    ax = s.plot(top=3)
    local, global_ = [line for line in ax.lines if line.get_linestyle() == "None"][:2]
    np.testing.assert_allclose(local.get_ydata(), s.local_score[:3])
    np.testing.assert_allclose(global_.get_ydata(), s.global_score[:3])

    prof = llms.profile("b", top=3)
    ax = prof.plot()
    line = [l for l in ax.lines if l.get_label().startswith("LLM 0")][0]
    np.testing.assert_allclose(line.get_xdata(), prof.x_range[0])
    np.testing.assert_allclose(line.get_ydata(), prof.slopes[0] * (prof.x_range[0] - prof.centers[0]))

    lfi = llms.local_fi(5, centered=False)
    ax = lfi.plot(n_features=None)
    np.testing.assert_allclose([p.get_width() for p in ax.patches][::-1][::-1],
                               lfi.scores[lfi.order])
    assert ax.get_title().startswith(f"Row 5, LLM {lfi.llm}. Predicted: ")
    assert f"Actual: {y[5]:.4g}" in ax.get_title()


def test_float32_network():
    # patterns come from the float32 forward pass; the LLMs are composed in float64 from the
    # float32 weights, so they match the float32 output to float32 rounding
    net = mr.MLP((4, 16, 16, 1), random_state=12, dtype="float32")
    X = np.random.default_rng(12).normal(size=(400, 4)).astype(np.float32)
    llms = interpret.local_linear_models(net, X)
    assert llms.coef.dtype == np.float64
    np.testing.assert_allclose(llms.predict(X), net.raw_output(X)[:, 0], rtol=0, atol=1e-5)
    assert llms.n_llms == len(set(slow_patterns(net, X)))
