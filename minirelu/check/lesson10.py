"""Checkers for exercises/10_partitions.ipynb: cells of the input plane by hand.

* ``check.polygon_area(fn)``: ``polygon_area(vertices)`` -> the area of a polygon whose
  vertices (m, 2) go counter-clockwise (the shoelace formula);
* ``check.contains(fn)``: ``contains(polygon, point)`` -> True when the point lies inside
  (or on) a convex counter-clockwise polygon;
* ``check.count_line_regions(fn)``: ``count_line_regions(W, b, bounds)`` -> the number of
  regions the lines ``W[j] . x + b[j] = 0`` cut a rectangle into (no three lines through
  one point);
* ``check.regions_layer_1(fn)``, ``check.regions_two_layers(fn)``: two counts done by hand,
  each returned by a function of no arguments;
* ``check.local_linear_model(fn)``: ``local_linear_model(weights, biases, x)`` -> (coef,
  intercept) of the ReLU network's raw output in the cell holding x.

Every expected value is worked out by hand in the comments below; none comes from
minirelu.interpret.
"""
import numpy as np

from ._core import Case, checker, run_cases
from ._core import slip_case as _slip_case

__all__ = ["polygon_area", "contains", "count_line_regions", "regions_layer_1",
           "regions_two_layers", "local_linear_model"]


# ---- polygon_area --------------------------------------------------------------------------

@checker(formula="nxt = np.roll(vertices, -1, axis=0)  (the next vertex of each)\n"
                 "area = 0.5 * np.sum(vertices[:, 0] * nxt[:, 1] - nxt[:, 0] * vertices[:, 1])")
def polygon_area(student_polygon_area):
    """Check ``polygon_area(vertices)``: (1/2) sum_i (x_i y_{i+1} - x_{i+1} y_i), wrapping around."""
    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    # x_i y_{i+1} - x_{i+1} y_i around the square: 0, 1, 1, 0 -> sum 2 -> area 1.
    triangle = np.array([[1.0, 1.0], [5.0, 1.0], [1.0, 4.0]])
    # terms: 1*1 - 5*1 = -4;  5*4 - 1*1 = 19;  1*1 - 1*4 = -3  -> 12 -> area 6 (= 4 * 3 / 2)
    pentagon = np.array([[1.0, 0.0], [3.0, 1.0], [2.0, 3.0], [0.0, 2.0], [-1.0, 1.0]])
    # terms: 1*1 - 3*0 = 1, 3*3 - 2*1 = 7, 2*2 - 0*3 = 4, 0*1 - (-1)*2 = 2,
    # and the closing edge (-1)*0 - 1*1 = -1  -> 13 -> area 6.5 (14 / 2 = 7 without it)
    hint = ("the shoelace formula: one cross product per edge, from each vertex to the next "
            "(the last one wraps round to the first), summed and halved.")
    half = "you returned the sum itself: the area is half of it."
    flipped = ("the sign is flipped: for counter-clockwise vertices each edge's cross product "
               "takes this vertex's x times the next vertex's y first.")
    no_wrap = "the edge from the last vertex back to the first is missing."
    return run_cases(student_polygon_area, [
        _slip_case(square, expected=1.0, hint=hint, slips=[(2.0, half), (-1.0, flipped)]),
        Case(square, expected=1.0, hint=hint),
        _slip_case(triangle, expected=6.0, hint=hint,
                   slips=[(-6.0, flipped), (12.0, half), (7.5, no_wrap)]),
        Case(triangle, expected=6.0, hint=hint),
        _slip_case(pentagon, expected=6.5, hint=hint, slips=[(7.0, no_wrap)]),
        Case(pentagon, expected=6.5, hint=hint),
    ], name="polygon_area")


# ---- contains ------------------------------------------------------------------------------

@checker(formula="edge = np.roll(polygon, -1, axis=0) - polygon; to_point = point - polygon;\n"
                 "inside = np.all(edge[:, 0] * to_point[:, 1] - edge[:, 1] * to_point[:, 0] >= 0)")
def contains(student_contains):
    """Check ``contains(polygon, point)``: inside (or on) a convex counter-clockwise polygon."""
    square = np.array([[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]])
    triangle = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    # For edge (a -> b) and point p, cross = (b - a)_x (p - a)_y - (b - a)_y (p - a)_x is
    # >= 0 when p is on the left of the edge (or on it). Inside <=> left of every edge.
    hint = ("p is inside a counter-clockwise convex polygon when it lies to the left of (or "
            "on) every edge a -> b: the sign of a 2-D cross product tells the side.")
    cases = [
        (square, np.array([1.0, 1.0]), True),      # the centre
        (square, np.array([3.0, 1.0]), False),     # right of the edge x = 2
        (square, np.array([1.0, -0.5]), False),    # below the edge y = 0
        (square, np.array([2.0, 1.0]), True),      # on an edge counts as inside
        (triangle, np.array([1.0, 1.0]), True),    # x + y = 2 < 4
        (triangle, np.array([2.5, 2.5]), False),   # x + y = 5 > 4: outside the hypotenuse only
        (triangle, np.array([-1.0, 1.0]), False),  # left of the edge x = 0 only
    ]
    def boolean(got, *_args):
        if not isinstance(got, (bool, np.bool_)):
            return f"return True or False, got {type(got).__name__} ({got!r})"
        return None
    return run_cases(student_contains, [
        Case(poly, point, expected=answer, prop=boolean, hint=hint) for poly, point, answer in cases
    ], name="contains")


# ---- counting regions ----------------------------------------------------------------------

@checker(formula="a line crosses the rectangle when its corners lie on both sides (corners @ W.T "
                 "+ b has both signs in its column); two lines cross at np.linalg.solve([W[i], "
                 "W[j]], -[b[i], b[j]]) (skip det = 0); regions = 1 + lines + crossings inside.")
def count_line_regions(student_count):
    """Check ``count_line_regions(W, b, bounds)``: 1 + (lines crossing) + (crossings inside)."""
    box = (-1.0, 1.0, -1.0, 1.0)
    hint = ("regions = 1 + (number of lines that cross the rectangle's interior) + (number of "
            "pairs of lines that cross strictly inside it); skip parallel pairs.")
    axes = (np.array([[1.0, 0.0], [0.0, 1.0]]), np.zeros(2))
    # x = 0 and y = 0 cross at the origin: 1 + 2 + 1 = 4.
    three = (np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), np.array([0.0, 0.0, -0.25]))
    # x = 0, y = 0, x + y = 1/4 cross at (0, 0), (0, 1/4), (1/4, 0): 1 + 3 + 3 = 7.
    outside = (np.array([[1.0, -10.0], [1.0, 10.0]]), np.array([5.0, -8.0]))
    # y = (x + 5) / 10 and y = (8 - x) / 10 both cross the square (y from 0.4 to 0.6 and from
    # 0.9 to 0.7) but meet at (1.5, 0.65), outside it: 1 + 2 + 0 = 3.
    missing = (np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([-5.0, 0.0]))
    # x = 5 misses the square; y = 0 crosses it: 1 + 1 + 0 = 2.
    parallel = (np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), np.array([0.0, 0.5, 0.0]))
    # x = 0 and x = -1/2 never meet; each crosses y = 0 inside: 1 + 3 + 2 = 6.
    scaled = (np.array([[2.0, 0.0], [0.0, -3.0]]), np.array([1.0, 1.5]))
    # 2x + 1 = 0 is x = -1/2, -3y + 1.5 = 0 is y = 1/2: they cross at (-1/2, 1/2): 4.
    one = "1 + n + n(n-1)/2 starts from 1 region: did you forget the 1?"
    return run_cases(student_count, [
        _slip_case(*axes, box, expected=4, hint=hint, slips=[(3, one)]),
        Case(*axes, box, expected=4, hint=hint),
        _slip_case(*three, box, expected=7, hint=hint, slips=[(6, one)]),
        Case(*three, box, expected=7, hint=hint),
        _slip_case(*outside, box, expected=3, hint=hint,
                   slips=[(4, "these two lines cross at (1.5, 0.65), outside the square: a "
                              "crossing counts only when it lies inside the rectangle.")]),
        Case(*outside, box, expected=3, hint=hint),
        _slip_case(*missing, box, expected=2, hint=hint,
                   slips=[(3, "the line x = 5 never enters the square: count only lines that "
                              "cross it (its corners lie on both sides of the line).")]),
        Case(*missing, box, expected=2, hint=hint),
        Case(*parallel, box, expected=6, hint="parallel lines never cross: their 2 x 2 system "
                                               "has determinant 0; skip such pairs. " + hint),
        Case(*scaled, (-2.0, 2.0, -1.0, 1.0), expected=4,
             hint="two lines cross where both equations W[j] . x + b[j] = 0 hold: a 2 x 2 "
                  "linear system. " + hint),
    ], name="count_line_regions")


@checker(formula="1 + (lines that cross the square) + (crossing points strictly inside it).")
def regions_layer_1(student_answer):
    """Check ``regions_layer_1()``: the regions of x1 = 0, x2 = 0, x1 - x2 = 3 in [-2, 2]^2."""
    # Crossings: (0, 0) inside; x1 = 0 with x1 - x2 = 3 at (0, -3) and x2 = 0 with it at
    # (3, 0): both outside. All three lines cross the square: 1 + 3 + 1 = 5.
    hint = "count 1 + (lines crossing the square) + (crossing points inside it)."
    return run_cases(student_answer, [
        _slip_case(expected=5, hint=hint, slips=[
            (7, "7 = 1 + 3 + 3 is the count for the whole plane. Where do the lines cross? "
                "Only crossings inside the square add a region."),
            (6, "check each crossing point: only one of the three lies inside the square.")]),
        Case(expected=5, hint=hint),
    ], name="regions_layer_1",
        success="regions_layer_1 is right: 1 + 3 lines + 1 crossing inside the square = 5.")


@checker(formula="in each quadrant z is linear; count 1 for a quadrant its zero line misses, 2 for "
                 "one it cuts.")
def regions_two_layers(student_answer):
    """Check ``regions_two_layers()``: the cells of z = relu(x1) + relu(x2) - 1 in [-2, 2]^2."""
    # Layer 1 (units x1 and x2) makes the 4 quadrants of [-2, 2]^2. In each, z is linear:
    #   x1, x2 > 0: z = x1 + x2 - 1  -> cut by x1 + x2 = 1      -> 2 cells
    #   x1 > 0 > x2: z = x1 - 1      -> cut by x1 = 1           -> 2 cells
    #   x2 > 0 > x1: z = x2 - 1      -> cut by x2 = 1           -> 2 cells
    #   x1, x2 < 0: z = -1           -> never 0, no cut         -> 1 cell
    # 7 cells.
    hint = ("write z in each quadrant (which of relu(x1), relu(x2) is 0 there?), then count "
            "the quadrants its zero line cuts.")
    return run_cases(student_answer, [
        _slip_case(expected=7, hint=hint, slips=[
            (8, "in the quadrant where both layer-1 units are off, z = -1 everywhere: the "
                "layer-2 unit never switches there."),
            (6, "x1 + x2 = 1 is the zero line only where both units are on; in the quadrant "
                "x1 > 0 > x2 the unit switches where x1 - 1 = 0."),
            (5, "x1 + x2 = 1 is the zero line only where both units are on; in the quadrant "
                "x1 > 0 > x2 the unit switches where x1 - 1 = 0."),
            (4, "layer 2 cuts too: write z as a linear function in each quadrant.")]),
        Case(expected=7, hint=hint),
    ], name="regions_two_layers",
        success="regions_two_layers is right: 4 quadrants, 3 of them cut by the bent line, "
                "7 cells.")


# ---- local_linear_model --------------------------------------------------------------------

@checker(formula="A, c = np.eye(len(x)), np.zeros(len(x)); for each layer: A, c = W @ A, W @ c + b; "
                 "for a hidden layer: on = A @ x + c > 0; A, c = A * on[:, None], c * on; "
                 "return A[0], float(c[0])")
def local_linear_model(student_llm):
    """Check ``local_linear_model(weights, biases, x)`` -> (coef (d,), intercept float)."""
    # Network A (2-2-1): W1 = [[1, -1], [2, 1]], b1 = [0, -1], W2 = [[3, -2]], b2 = [0.5].
    W1, b1 = np.array([[1.0, -1.0], [2.0, 1.0]]), np.array([0.0, -1.0])
    W2, b2 = np.array([[3.0, -2.0]]), np.array([0.5])
    net_a = ([W1, W2], [b1, b2])
    # x = (1, 0.5): z1 = (0.5, 1.5), both on:
    #   coef = 3 (1, -1) - 2 (2, 1) = (-1, -5),  intercept = 3*0 - 2*(-1) + 0.5 = 2.5
    # x = (0, 2): z1 = (-2, 1), unit 1 off:
    #   coef = -2 (2, 1) = (-4, -2),  intercept = -2*(-1) + 0.5 = 2.5
    # x = (-1, 1): z1 = (-2, -2), both off: coef = (0, 0), intercept = 0.5
    # Network B (2-2-2-1): W1 = I, b1 = 0; W2 = [[1, 1], [1, -1]], b2 = [-1, 0];
    # W3 = [[2, 1]], b3 = [1].
    net_b = ([np.eye(2), np.array([[1.0, 1.0], [1.0, -1.0]]), np.array([[2.0, 1.0]])],
             [np.zeros(2), np.array([-1.0, 0.0]), np.array([1.0])])
    # x = (2, 0.5): a1 = (2, 0.5), z2 = (1.5, 1.5), all on:
    #   coef = (2, 1) W2 = (3, 1),  intercept = 2*(-1) + 1*0 + 1 = -1
    # x = (0.5, 2): z2 = (1.5, -1.5), second off: coef = 2 (1, 1) = (2, 2), intercept = -1
    # x = (-1, 0.5): a1 = (0, 0.5), z2 = (-0.5, -0.5): coef = (0, 0), intercept = 1
    # Network C (3-2-1): W1 = [[1, 0, -1], [0, 2, 1]], b1 = [1, 0], W2 = [[1, 1]], b2 = [0]
    # x = (1, 1, 1): z1 = (1, 3), both on: coef = (1, 2, 0), intercept = 1
    net_c = ([np.array([[1.0, 0.0, -1.0], [0.0, 2.0, 1.0]]), np.array([[1.0, 1.0]])],
             [np.array([1.0, 0.0]), np.array([0.0])])
    hint = ("walk through the layers keeping the affine map from x to the current layer "
            "(start with the identity): each layer applies its weights and bias to it, then "
            "the units that are off at x pass nothing.")
    flat = "return (coef, intercept) with coef of shape (d,) and intercept a single number"
    a = ("network A: weights [W1, W2] = [[[1, -1], [2, 1]], [[3, -2]]], "
         "biases [b1, b2] = [[0, -1], [0.5]], ")
    b = ("network B: weights [W1, W2, W3] = [[[1, 0], [0, 1]], [[1, 1], [1, -1]], [[2, 1]]], "
         "biases [[0, 0], [-1, 0], [1]], ")
    c = "network C: weights [[[1, 0, -1], [0, 2, 1]], [[1, 1]]], biases [[1, 0], [0]], "
    return run_cases(student_llm, [
        Case(*net_a, np.array([1.0, 0.5]), label=a + "x = [1, 0.5]", expected=(np.array([-1.0, -5.0]), 2.5),
             hint=hint + " " + flat + "."),
        Case(*net_a, np.array([0.0, 2.0]), label=a + "x = [0, 2]", expected=(np.array([-4.0, -2.0]), 2.5),
             hint="a unit that is off (z <= 0) contributes nothing: its row counts as 0. " + hint),
        Case(*net_a, np.array([-1.0, 1.0]), label=a + "x = [-1, 1]", expected=(np.array([0.0, 0.0]), 0.5), hint=hint),
        Case(*net_b, np.array([2.0, 0.5]), label=b + "x = [2, 0.5]", expected=(np.array([3.0, 1.0]), -1.0),
             hint="with two hidden layers, compose twice. " + hint),
        Case(*net_b, np.array([0.5, 2.0]), label=b + "x = [0.5, 2]", expected=(np.array([2.0, 2.0]), -1.0), hint=hint),
        Case(*net_b, np.array([-1.0, 0.5]), label=b + "x = [-1, 0.5]", expected=(np.array([0.0, 0.0]), 1.0),
             hint="layer-2 units see layer 1's output, so their pattern depends on it. " + hint),
        Case(*net_c, np.array([1.0, 1.0, 1.0]), label=c + "x = [1, 1, 1]", expected=(np.array([1.0, 2.0, 0.0]), 1.0),
             hint="nothing here is special to 2 inputs: coef has one entry per input. " + hint),
    ], name="local_linear_model")
