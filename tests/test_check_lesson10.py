"""Checkers of exercise 10: they accept right answers (also minirelu's own partition as a
second opinion) and name typical slips."""
import numpy as np
import pytest

import minirelu as mr
from minirelu import check, interpret
from test_checkers import solution_code_in


def run(capsys, checker, arg):
    result = checker(arg)
    return result, capsys.readouterr().out


# ---- reference answers, written from the exercise's formulas ---------------------------------

def polygon_area(vertices):
    nxt = np.roll(vertices, -1, axis=0)
    return 0.5 * float(np.sum(vertices[:, 0] * nxt[:, 1] - nxt[:, 0] * vertices[:, 1]))


def contains(polygon, point):
    edge = np.roll(polygon, -1, axis=0) - polygon
    rel = point - polygon
    return bool(np.all(edge[:, 0] * rel[:, 1] - edge[:, 1] * rel[:, 0] >= 0))


def count_line_regions(W, b, bounds):
    xmin, xmax, ymin, ymax = bounds
    corners = np.array([[xmin, ymin], [xmax, ymin], [xmax, ymax], [xmin, ymax]])
    side = corners @ W.T + b
    lines = int(((side > 0).any(axis=0) & (side < 0).any(axis=0)).sum())
    inside = 0
    for i in range(len(W)):
        for j in range(i + 1, len(W)):
            M = np.array([W[i], W[j]])
            if abs(np.linalg.det(M)) < 1e-12:
                continue
            x, y = np.linalg.solve(M, -np.array([b[i], b[j]]))
            inside += int(xmin < x < xmax and ymin < y < ymax)
    return 1 + lines + inside


def local_linear_model(weights, biases, x):
    A, c = np.eye(len(x)), np.zeros(len(x))
    for layer, (W, b) in enumerate(zip(weights, biases)):
        A, c = W @ A, W @ c + b
        if layer < len(weights) - 1:
            on = A @ x + c > 0
            A, c = A * on[:, None], c * on
    return A[0], float(c[0])


def test_references_pass(capsys):
    assert run(capsys, check.polygon_area, polygon_area) == \
        (True, "Correct! polygon_area passes all 6 test cases.\n")
    assert run(capsys, check.contains, contains) == \
        (True, "Correct! contains passes all 7 test cases.\n")
    assert run(capsys, check.count_line_regions, count_line_regions) == \
        (True, "Correct! count_line_regions passes all 10 test cases.\n")
    assert run(capsys, check.local_linear_model, local_linear_model) == \
        (True, "Correct! local_linear_model passes all 7 test cases.\n")
    assert run(capsys, check.regions_layer_1, lambda: 5) == \
        (True, "Correct! regions_layer_1 is right: 1 + 3 lines + 1 crossing inside the square = 5.\n")
    assert run(capsys, check.regions_two_layers, lambda: 7)[0] == True


def test_minirelu_partition_agrees_with_the_hand_counts():
    layer_1 = mr.MLP.from_weights([np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]]), np.ones((1, 3))],
                                  [np.array([0.0, 0.0, -3.0]), np.zeros(1)])
    assert interpret.partition_2d(layer_1, bounds=(-2, 2, -2, 2)).n_cells == 5
    two = mr.MLP.from_weights([np.eye(2), np.array([[1.0, 1.0]]), np.ones((1, 1))],
                              [np.zeros(2), np.array([-1.0]), np.zeros(1)])
    assert interpret.partition_2d(two, bounds=(-2, 2, -2, 2)).n_cells == 7


def test_minirelu_answers_pass():
    def llm_by_partition(weights, biases, x):
        if len(x) != 2:   # the partition is 2-D only: answer network C from the gradient
            net = mr.MLP.from_weights(weights, biases)
            g = net.input_gradient(x[None])[0]
            return g, float(net.raw_output(x[None])[0, 0] - g @ x)
        cells = interpret.partition_2d(mr.MLP.from_weights(weights, biases), bounds=(-5, 5, -5, 5))
        k = cells.locate(x[None])[0]
        return cells.coef[k], float(cells.intercept[k])

    def area_by_triangle_fan(vertices):      # another formula: triangles (v0, v_i, v_i+1)
        u, w = vertices[1:-1] - vertices[0], vertices[2:] - vertices[0]
        return float(np.sum(u[:, 0] * w[:, 1] - u[:, 1] * w[:, 0]) / 2)

    assert check.local_linear_model(llm_by_partition)
    assert check.polygon_area(area_by_triangle_fan)


@pytest.mark.parametrize("wrong, message", [
    (lambda v: 2 * polygon_area(v), "you returned the sum itself: the area is half of it."),
    (lambda v: -polygon_area(v), "the sign is flipped"),
    (lambda v: 0.5 * float(np.sum(v[:-1, 0] * v[1:, 1] - v[1:, 0] * v[:-1, 1])),
     "the edge from the last vertex back to the first is missing."),
    (lambda v: int(round(polygon_area(v))), "where floating-point numbers were expected"),
])
def test_polygon_area_names_the_slip(capsys, wrong, message):
    result, out = run(capsys, check.polygon_area, wrong)
    assert result == False and out.startswith("Not yet: ") and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


@pytest.mark.parametrize("wrong, message", [
    (lambda p, q: int(contains(p, q)), "return True or False, got int"),
    # strict inequality: a point on an edge is called outside
    (lambda p, q: bool(np.all((np.roll(p, -1, 0) - p)[:, 0] * (q - p)[:, 1]
                              - (np.roll(p, -1, 0) - p)[:, 1] * (q - p)[:, 0] > 0)),
     "expected = True\n  got      = False"),
    # checks only the bounding box: wrong for the triangle's hypotenuse
    (lambda p, q: bool((q >= p.min(0)).all() and (q <= p.max(0)).all()),
     "expected = False\n  got      = True"),
])
def test_contains_reports_the_first_wrong_case(capsys, wrong, message):
    result, out = run(capsys, check.contains, wrong)
    assert result == False and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def every_line_counted(W, b, bounds):
    """The slip of counting every line, even one that misses the rectangle."""
    xmin, xmax, ymin, ymax = bounds
    corners = np.array([[xmin, ymin], [xmax, ymin], [xmax, ymax], [xmin, ymax]])
    side = corners @ W.T + b
    missing = int((~((side > 0).any(axis=0) & (side < 0).any(axis=0))).sum())
    return count_line_regions(W, b, bounds) + missing


@pytest.mark.parametrize("wrong, message", [
    (lambda W, b, bounds: count_line_regions(W, b, bounds) - 1, "did you forget the 1?"),
    (lambda W, b, bounds: 1 + len(W) + len(W) * (len(W) - 1) // 2,
     "these two lines cross at (1.5, 0.65), outside the square"),
    (lambda W, b, bounds: every_line_counted(W, b, bounds),
     "the line x = 5 never enters the square"),
])
def test_count_line_regions_names_the_slip(capsys, wrong, message):
    result, out = run(capsys, check.count_line_regions, wrong)
    assert result == False and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_local_linear_model_reports_shape_and_dead_units(capsys):
    result, out = run(capsys, check.local_linear_model,
                      lambda W, b, x: (local_linear_model(W, b, x)[0],
                                       np.array([local_linear_model(W, b, x)[1]])))
    assert result == False and "an array of shape (1,) where a single number was expected" in out
    assert "network A: weights [W1, W2]" in out

    def no_relu(weights, biases, x):            # forgets to switch units off
        A, c = np.eye(len(x)), np.zeros(len(x))
        for W, b in zip(weights, biases):
            A, c = W @ A, W @ c + b
        return A[0], float(c[0])
    result, out = run(capsys, check.local_linear_model, no_relu)
    assert result == False and "a unit that is off (z <= 0) contributes nothing" in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_counts_by_hand_give_targeted_hints(capsys):
    result, out = run(capsys, check.regions_layer_1, lambda: 7)
    assert result == False and "7 = 1 + 3 + 3 is the count for the whole plane" in out
    result, out = run(capsys, check.regions_two_layers, lambda: 8)
    assert result == False and "z = -1 everywhere" in out
    result, out = run(capsys, check.regions_two_layers, lambda: 9)
    assert result == False and "expected = 7\n  got      = 9" in out
    result, out = run(capsys, check.regions_layer_1, lambda: None)
    assert result == False and "returned None" in out
