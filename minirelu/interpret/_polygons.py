"""Convex polygons stored flat, and cut by lines: the geometry under partition_2d.

k polygons are stored one after the other: ``vertices`` (N, 2), counter-clockwise
within each polygon, and ``starts`` (k + 1,), polygon i holding the rows
``starts[i]:starts[i + 1]``. Every operation here works on all polygons at once,
with array operations over the N vertices, so its cost does not grow with a Python
loop over cells.

A convex polygon is cut by a line as in Sutherland-Hodgman: keep the vertices on each
side, add the point where an edge changes side. Vertices within ``tol`` of the line
(a distance) count as on it and go to both pieces.
"""
import numpy as np

__all__ = ["next_vertex", "polygon_areas", "cell_of_vertex", "cut_by_lines",
           "signed_distance", "line_segments"]


def next_vertex(starts):
    """Index of each vertex's successor inside its own polygon (the last wraps to the first)."""
    nxt = np.arange(1, starts[-1] + 1)
    nxt[starts[1:] - 1] = starts[:-1]
    return nxt


def polygon_areas(vertices, starts):
    """Shoelace area of each polygon, positive for counter-clockwise vertices; shape (k,)."""
    nxt = vertices[next_vertex(starts)]
    cross = vertices[:, 0] * nxt[:, 1] - nxt[:, 0] * vertices[:, 1]
    return np.add.reduceat(cross, starts[:-1]) / 2.0


def cell_of_vertex(starts):
    return np.repeat(np.arange(len(starts) - 1), np.diff(starts))


def cut_by_lines(vertices, starts, dist, tol, area_tol):
    """Cut every polygon by its own line, given each vertex's signed distance ``dist`` to it.

    Returns the new (vertices, starts), and for each new cell its parent cell and
    its side (True where the distance is positive). Cells the line misses come
    first, in order; then the positive pieces of the cut cells; then the negative.
    """
    pos, neg = dist > tol, dist < -tol
    first, counts = starts[:-1], np.diff(starts)
    has_pos, has_neg = np.logical_or.reduceat(pos, first), np.logical_or.reduceat(neg, first)
    split = has_pos & has_neg
    whole = np.flatnonzero(~split)
    # A cell within tol of its line on every vertex is a zero-width strip around it:
    # its side is that of its mean distance (z = 0 exactly counts as off).
    whole_side = has_pos[whole] | (~has_neg[whole] & (np.add.reduceat(dist, first)[whole] > 0))
    if len(whole) == len(split):
        return vertices, starts, whole, whole_side

    # Only the cells that are cut take part from here: their vertices, in order.
    in_split = np.repeat(split, counts)
    cut = np.flatnonzero(split)
    v, d, p, n = vertices[in_split], dist[in_split], pos[in_split], neg[in_split]
    cut_starts = np.concatenate([[0], np.cumsum(counts[cut])])
    nxt = next_vertex(cut_starts)
    crossing = (p & n[nxt]) | (n & p[nxt])
    t = d[crossing] / (d[crossing] - d[nxt][crossing])
    points = np.empty((2 * len(v), 2))
    points[0::2] = v                             # slot 2i: vertex i, slot 2i + 1: the point
    points[1::2][crossing] = v[crossing] + t[:, None] * (v[nxt][crossing] - v[crossing])
    keep_pos, keep_neg = np.empty(len(points), bool), np.empty(len(points), bool)
    keep_pos[0::2], keep_neg[0::2] = ~n, ~p      # a vertex on the line goes to both pieces
    keep_pos[1::2] = keep_neg[1::2] = crossing   # and so does the point where an edge crosses
    slot_cell = np.repeat(cell_of_vertex(cut_starts), 2)
    pieces = np.concatenate([points[keep_pos], points[keep_neg]])
    piece_counts = np.concatenate([np.bincount(slot_cell[keep_pos], minlength=len(cut)),
                                   np.bincount(slot_cell[keep_neg], minlength=len(cut))])
    parent = np.concatenate([whole, cut, cut])
    side = np.concatenate([whole_side, np.ones(len(cut), bool), np.zeros(len(cut), bool)])
    # A piece cut off within tol of a vertex can still be a thin sliver of
    # (numerically) zero area: drop it, so every cell has an interior.
    keep = polygon_areas(pieces, np.concatenate([[0], np.cumsum(piece_counts)])) > area_tol
    if not keep.all():
        pieces = pieces[np.repeat(keep, piece_counts)]
        piece_counts = piece_counts[keep]
        keep = np.concatenate([np.ones(len(whole), bool), keep])
        parent, side = parent[keep], side[keep]
    new_counts = np.concatenate([counts[whole], piece_counts])
    return (np.concatenate([vertices[~in_split], pieces]),
            np.concatenate([[0], np.cumsum(new_counts)]), parent, side)


def signed_distance(vertices, starts, coef, intercept):
    """Distance of each vertex to its cell's line coef . x + intercept = 0 (signed like z)."""
    norm = np.hypot(coef[:, 0], coef[:, 1])
    # A unit whose line has no slope here is constant on the cell: keep z, no cut.
    scale = np.divide(1.0, norm, out=np.ones_like(norm), where=norm > 0)
    line = np.column_stack([coef * scale[:, None], intercept * scale])[cell_of_vertex(starts)]
    return vertices[:, 0] * line[:, 0] + vertices[:, 1] * line[:, 1] + line[:, 2]


def line_segments(vertices, starts, coef, intercept, tol):
    """The segment where coef . x + intercept = 0 inside each polygon it cuts.

    Returns segments (m, 2, 2) (two end points each) and the cell index of each (m,).
    """
    dist = signed_distance(vertices, starts, coef, intercept)
    nxt = next_vertex(starts)
    pos, neg, on = dist > tol, dist < -tol, np.abs(dist) <= tol
    first = starts[:-1]
    split = np.logical_or.reduceat(pos, first) & np.logical_or.reduceat(neg, first)
    cell = cell_of_vertex(starts)
    crossing = split[cell] & ((pos & neg[nxt]) | (neg & pos[nxt]))
    t = dist[crossing] / (dist[crossing] - dist[nxt][crossing])
    points = np.empty((2 * len(vertices), 2))
    points[0::2] = vertices
    points[1::2][crossing] = vertices[crossing] + t[:, None] * (vertices[nxt] - vertices)[crossing]
    hit = np.empty(len(points), bool)
    hit[0::2], hit[1::2] = split[cell] & on, crossing
    # A line through a convex polygon meets its boundary in exactly two points:
    # take the first and the last found around each cut cell.
    slots = np.flatnonzero(hit)
    if len(slots) == 0:
        return np.zeros((0, 2, 2)), np.zeros(0, dtype=np.int64)
    slot_cell = cell[slots // 2]
    is_first = np.r_[True, slot_cell[1:] != slot_cell[:-1]]
    is_last = np.r_[slot_cell[1:] != slot_cell[:-1], True]
    segments = np.stack([points[slots[is_first]], points[slots[is_last]]], axis=1)
    return segments, slot_cell[is_first]
