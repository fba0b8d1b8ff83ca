"""What every exercise checker of every lesson shares: an untouched stub is "not attempted"."""
import importlib

import pytest

CHECKERS = [(f"lesson{i:02d}", name)
            for i in range(1, 15)
            for name in importlib.import_module(f"minirelu.check.lesson{i:02d}").__all__]

# checkers named otherwise than the exercise's function they check
STUDENT_FUNCTION = {"slide_fixed": "phi1_two_ways", "sigmoid_shrink_bound": "shrink_bound"}


def test_every_lesson_has_checkers():
    assert {module for module, _ in CHECKERS} == {f"lesson{i:02d}" for i in range(1, 15)}


@pytest.mark.parametrize("module, name", CHECKERS, ids=[name for _, name in CHECKERS])
def test_untouched_stub_is_not_attempted(capsys, module, name):
    """The exercise notebook's own stub: the checker says so kindly, returns False, never raises."""
    def stub(*args, **kwargs):
        # YOUR CODE HERE
        raise NotImplementedError
    stub.__name__ = name
    checker = getattr(importlib.import_module(f"minirelu.check.{module}"), name)
    assert checker(stub) is False
    function = STUDENT_FUNCTION.get(name, name)
    assert capsys.readouterr().out == (
        f"Not attempted yet: replace `raise NotImplementedError` in `{function}` with your code, "
        "then re-run this cell.\n")
