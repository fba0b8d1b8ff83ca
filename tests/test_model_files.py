"""Model files: a valid file loads back exactly; any other file gets one clear ModelFileError
naming the file and what is wrong; "pickled objects" only when there are pickled objects."""
import ast
import json
import pathlib
import pickle

import numpy as np
import pytest

import minirelu as mr
from minirelu.datasets import make_moons

X, Y = make_moons(100, noise=0.1, random_state=0)
PACKAGE = pathlib.Path(mr.__file__).parent


@pytest.fixture(scope="module")
def clf():
    return mr.MLPClassifier((8, 4), epochs=3, random_state=0).fit(X, Y)


@pytest.fixture
def saved(clf, tmp_path):
    path = tmp_path / "clf.npz"
    clf.save(path)
    return path


def _tampered(saved, change):
    """A copy of the saved file with ``change(header, arrays)`` applied."""
    with np.load(saved) as f:
        arrays = {k: f[k] for k in f.files}
    header = json.loads(str(arrays["header"]))
    change(header, arrays)
    if "header" in arrays:
        arrays["header"] = np.array(json.dumps(header))
    path = saved.with_name("tampered.npz")
    np.savez(path, **arrays)
    return path


def _refused(path, *words):
    with pytest.raises(mr.ModelFileError) as info:
        mr.load(path)
    message = str(info.value)
    assert path.name in message, message
    for word in words:
        assert word in message, message
    if "pickle" not in " ".join(words):
        assert "pickle" not in message, message
    return message


def test_model_file_error_is_a_value_error_exported_at_package_level():
    assert issubclass(mr.ModelFileError, ValueError)
    assert mr.ModelFileError is mr.serialization.ModelFileError


# ---- the corrupt files quoted in the issue -------------------------------------------------
def test_hundred_zero_bytes(tmp_path):
    path = tmp_path / "zeros.npz"
    path.write_bytes(bytes(100))
    _refused(path, "not an .npz (zip) archive")


def test_random_bytes(tmp_path):
    path = tmp_path / "random.npz"
    path.write_bytes(np.random.default_rng(0).bytes(100))
    _refused(path, "not an .npz (zip) archive")


def test_text_file(tmp_path):
    path = tmp_path / "notes.npz"
    path.write_text("layer sizes: 2 8 4 1\n")
    _refused(path, "not an .npz (zip) archive")


@pytest.mark.parametrize("keep", [3, 0.5, -3])
def test_truncated_file(saved, keep):
    raw = saved.read_bytes()
    end = keep if isinstance(keep, int) else int(len(raw) * keep)
    path = saved.with_name("cut.npz")
    path.write_bytes(raw[:end])
    message = _refused(path)
    assert "truncated" in message or "not an .npz" in message


def test_empty_file(tmp_path):
    path = tmp_path / "empty.npz"
    path.write_bytes(b"")
    _refused(path, "it is empty")


def test_npy_renamed_npz(tmp_path):
    path = tmp_path / "weights.npy"
    np.save(path, np.zeros(3))
    path = path.rename(tmp_path / "weights.npz")
    _refused(path, "single .npy array")


def test_missing_key(saved):
    _refused(_tampered(saved, lambda h, a: a.pop("W1")), "W1", "missing")


def test_header_is_a_json_list(saved):
    path = saved.with_name("listed.npz")
    with np.load(saved) as f:
        arrays = {k: f[k] for k in f.files}
    arrays["header"] = np.array(json.dumps(list(json.loads(str(arrays["header"])))))
    np.savez(path, **arrays)
    _refused(path, "header is a JSON list")


def test_no_header_and_header_not_json(saved, tmp_path):
    np.savez(tmp_path / "other.npz", a=np.zeros(3))
    _refused(tmp_path / "other.npz", "no 'header'")
    with np.load(saved) as f:
        arrays = {k: f[k] for k in f.files}
    arrays["header"] = np.array("{not json")
    np.savez(tmp_path / "bad.npz", **arrays)
    _refused(tmp_path / "bad.npz", "not valid JSON")
    arrays["header"] = np.arange(3.0)
    np.savez(tmp_path / "num.npz", **arrays)
    _refused(tmp_path / "num.npz", "not a JSON string")


def test_pickled_objects_are_named_as_such(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, header=np.array(json.dumps({"format": "minirelu-model"})),
             W0=np.array([object()], dtype=object))
    _refused(path, "pickled objects", "'W0'")
    path = tmp_path / "pickle.npz"
    path.write_bytes(pickle.dumps({"W0": [1.0]}))
    _refused(path, "pickle")


# ---- headers that lie --------------------------------------------------------------------
@pytest.mark.parametrize("version, words", [
    (99, ("version 99", "version 1")),
    ("1", ("'1'", "version 1")),
    (0, ("unknown format version 0",)),
    (True, ("unknown format version True",)),
    (None, ("unknown format version None",)),
])
def test_version_newer_or_unknown_is_refused_naming_both(saved, version, words):
    _refused(_tampered(saved, lambda h, a: h.update(version=version)), *words)


@pytest.mark.parametrize("dtype", ["int64", "float16", "object", 64])
def test_dtype_other_than_float32_or_float64_is_refused(saved, dtype):
    _refused(_tampered(saved, lambda h, a: h.update(dtype=dtype)), "dtype", repr(dtype))


def test_arrays_of_another_dtype_than_the_header_are_refused(saved):
    def to_int(h, a):
        a["W0"] = a["W0"].astype(np.int64)
    _refused(_tampered(saved, to_int), "W0 has dtype int64", "float64")
    _refused(_tampered(saved, lambda h, a: h.update(dtype="float32")), "W0 has dtype float64")


def test_layer_sizes_one_entry_short(saved):
    _refused(_tampered(saved, lambda h, a: h.update(layer_sizes=h["layer_sizes"][:-1])),
             "layer_sizes")


def test_layer_sizes_disagreeing_with_the_arrays(saved):
    _refused(_tampered(saved, lambda h, a: h.update(layer_sizes=[2, 8, 5, 1])),
             "W1 has shape (4, 8)", "(5, 8)")


@pytest.mark.parametrize("sizes", [[2], "2,8,4,1", [2, 8, 4.0, 1], [2, 8, True, 1], [2, 0, 4, 1]])
def test_layer_sizes_malformed(saved, sizes):
    _refused(_tampered(saved, lambda h, a: h.update(layer_sizes=sizes)), "layer_sizes")


def test_classifier_arrays_relabelled_as_a_regressor(saved):
    _refused(_tampered(saved, lambda h, a: h.update(kind="MLPRegressor")),
             "'MLPRegressor'", "output_activation 'identity'", "'sigmoid'")


@pytest.mark.parametrize("key, value, words", [
    ("kind", "RandomForest", ("unknown model kind 'RandomForest'",)),
    ("kind", ["MLP"], ("unknown model kind",)),
    ("hidden_activation", "gelu", ("hidden_activation 'gelu'",)),
    ("output_activation", "softplus", ("output_activation 'softplus'",)),
    ("format", "keras", ("format 'keras'",)),
    ("params", [1, 2], ("params must be a JSON object",)),
    ("history", {"loss": "low"}, ("history",)),
    ("n_epochs", -1, ("n_epochs",)),
    ("n_epochs", "3", ("n_epochs",)),
])
def test_header_fields_are_checked(saved, key, value, words):
    _refused(_tampered(saved, lambda h, a: h.update({key: value})), *words)


@pytest.mark.parametrize("key", ["kind", "layer_sizes", "hidden_activation", "output_activation",
                                 "dtype", "params", "history", "n_epochs"])
def test_required_header_keys(saved, key):
    _refused(_tampered(saved, lambda h, a: h.pop(key)), repr(key))


@pytest.mark.parametrize("param, value, words", [
    ("hidden_layer_sizes", [8, 5], ("hidden_layer_sizes",)),
    ("activation", "tanh", ("activation 'tanh'",)),
    ("dtype", "float32", ("params dtype",)),
    ("colour", "red", ("params do not fit MLPClassifier",)),
])
def test_params_are_checked_against_the_arrays(saved, param, value, words):
    _refused(_tampered(saved, lambda h, a: h["params"].update({param: value})), *words)


def test_non_finite_weights_are_refused(saved):
    def poison(h, a):
        a["b1"] = a["b1"].copy()
        a["b1"][0] = np.nan
    _refused(_tampered(saved, poison), "b1 contains NaN")


def test_extra_arrays_are_refused(saved):
    _refused(_tampered(saved, lambda h, a: a.update(W9=np.zeros((1, 1)))), "W9")


def test_a_missing_file_stays_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        mr.load(tmp_path / "nowhere.npz")


@pytest.mark.parametrize("path", [5, None, 2.5])
def test_path_of_the_wrong_type(path):
    with pytest.raises(TypeError, match="path must be"):
        mr.load(path)


# ---- what is valid loads back exactly ---------------------------------------------------
def test_an_mlp_round_trips(tmp_path):
    net = mr.MLP((3, 5, 1), "tanh", "sigmoid", random_state=0, dtype="float32")
    mr.serialization.save_model(net, tmp_path / "net.npz")
    back = mr.load(tmp_path / "net.npz")
    assert isinstance(back, mr.MLP) and back.dtype == np.float32
    Xq = np.random.default_rng(0).normal(size=(7, 3))
    assert np.array_equal(back.forward(Xq), net.forward(Xq))


def test_an_open_file_loads(saved, clf):
    with open(saved, "rb") as f:
        back = mr.load(f)
    assert np.array_equal(back.predict_proba(X), clf.predict_proba(X))


@pytest.mark.parametrize("name, value, plain", [
    ("batch_size", np.int64(16), 16),
    ("epochs", np.int32(2), 2),
    ("learning_rate", np.float64(0.01), 0.01),
    ("learning_rate", np.float32(0.5), 0.5),
    ("l1_reg", np.float64(0.0), 0.0),
    ("hidden_layer_sizes", (np.int64(4), np.int64(3)), (4, 3)),
    ("hidden_layer_sizes", np.array([4, 3]), (4, 3)),
    ("hidden_layer_sizes", np.int64(5), 5),
    ("random_state", np.int64(0), 0),
    ("patience", np.uint8(3), 3),
    ("dtype", np.float32, "float32"),
    ("dtype", np.dtype("float64"), "float64"),
])
def test_settings_of_numpy_types_are_saved_as_plain_numbers(tmp_path, name, value, plain):
    params = {"hidden_layer_sizes": (4,), "epochs": 2, "random_state": 0, name: value}
    model = mr.MLPRegressor(**params).fit(X, Y.astype(float))
    model.save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as f:
        saved_value = json.loads(str(f["header"]))["params"][name]
    assert type(saved_value) in (int, float, str, list) and not isinstance(saved_value, bool)
    back = mr.load(tmp_path / "m.npz")
    assert back.get_params()[name] == plain and type(back.get_params()[name]) is type(plain)
    assert np.array_equal(back.predict(X), model.predict(X))


def test_random_state_numpy_int_is_kept_not_dropped(tmp_path):
    model = mr.MLPClassifier((4,), epochs=2, random_state=np.int64(7)).fit(X, Y)
    model.save(tmp_path / "m.npz")
    assert mr.load(tmp_path / "m.npz").random_state == 7


def test_generator_random_state_is_saved_as_none(tmp_path):
    model = mr.MLPClassifier((4,), epochs=2, random_state=np.random.default_rng(0)).fit(X, Y)
    model.save(tmp_path / "m.npz")
    assert mr.load(tmp_path / "m.npz").random_state is None


def test_a_setting_that_cannot_be_saved_names_itself(tmp_path):
    model = mr.MLPClassifier((4,), epochs=2, random_state=0).fit(X, Y)
    model.verbose = object()
    with pytest.raises(TypeError, match="verbose cannot be saved"):
        model.save(tmp_path / "m.npz")


def test_save_model_of_something_else_names_model(tmp_path):
    with pytest.raises(TypeError, match="model must be an MLP"):
        mr.serialization.save_model("net", tmp_path / "m.npz")


# ---- no import circle ---------------------------------------------------------------------
def test_serialization_does_not_import_the_estimators():
    tree = ast.parse((PACKAGE / "serialization.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert "estimators" not in (node.module or ""), "serialization imports estimators"
            assert all(a.name != "estimators" for a in node.names)
        if isinstance(node, ast.Import):
            assert all("estimators" not in a.name for a in node.names)


# ---- optional fitted attributes -----------------------------------------------------------
def test_best_epoch_and_feature_names_round_trip(tmp_path):
    model = mr.MLPClassifier((4,), epochs=30, early_stopping=True, patience=2,
                             random_state=0).fit(X, Y)
    model.feature_names_in_ = np.array(["width", "height"], dtype=object)
    model.save(tmp_path / "m.npz")
    back = mr.load(tmp_path / "m.npz")
    assert back.best_epoch_ == model.best_epoch_
    assert list(back.feature_names_in_) == ["width", "height"]


def test_a_model_without_them_loads_without_them(saved):
    back = mr.load(saved)
    assert not hasattr(back, "best_epoch_") and not hasattr(back, "feature_names_in_")


@pytest.mark.parametrize("fitted, words", [
    ({"classes_": [0, 1, 2]}, "'fitted' must map"),
    ({"feature_names_in_": ["a"]}, "feature_names_in_ must list 2"),
    ({"feature_names_in_": [1, 2]}, "feature_names_in_ must list 2"),
    ({"best_epoch_": 99}, "best_epoch_ must be an epoch from 1"),
    ({"best_epoch_": "1"}, "best_epoch_ must be an epoch from 1"),
    ({"colour": 1}, "'fitted' must map"),
    ([1], "'fitted' must map"),
])
def test_optional_fitted_attributes_are_checked(saved, fitted, words):
    _refused(_tampered(saved, lambda h, a: h.update(fitted=fitted)), words)
