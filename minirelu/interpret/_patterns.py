"""The machinery behind the local linear models: activation bits, packed pattern keys,
exact grouping of equal patterns, and the composition of each pattern's LLM.

See :mod:`minirelu.interpret.local_linear` for the mathematics.
"""
import numpy as np


__all__ = ["block_rows", "bit_blocks", "pattern_bits", "pattern_keys", "pack",
           "unpack", "as_void", "group", "order_groups", "compose_llms"]

MIX = np.uint64(0xBF58476D1CE4E5B9)      # splitmix64 multiplier: spreads the bits of a word
# Rows are evaluated in blocks whose widest layer fits in about 512 KiB (one core's L2
# cache here): 1024 rows of a 64-wide float64 layer.
BLOCK_BYTES = 512 * 1024


def block_rows(net):
    """Rows per block: the widest layer's block of float64 values fits in BLOCK_BYTES."""
    return max(64, BLOCK_BYTES // (8 * max(net.layer_sizes)))


def bit_blocks(net, X):
    """Activation bits of ``X``, one cache-sized block of rows at a time.

    Yields (start, stop, bits) with bits (stop - start, units) bool: z > 0 for every
    hidden unit, layer 1 first. The buffer is reused: use each block before the next.
    The forward pass is the plain one, z_l = a_{l-1} W_l^T + b_l, a_l = relu(z_l), in
    the network's dtype, from its public weights; the output layer is not needed.
    """
    n = X.shape[0]
    hidden = net.layer_sizes[1:-1]
    offsets = np.cumsum((0,) + hidden)
    rows = block_rows(net)
    buffer = np.empty((min(n, rows), offsets[-1]), bool)
    Ws, bs = net.weights[:-1], net.biases[:-1]
    for start in range(0, n, rows):
        stop = min(start + rows, n)
        bits = buffer[:stop - start]
        a = X[start:stop]
        for l, (W, b) in enumerate(zip(Ws, bs)):
            z = a @ W.T
            z += b
            np.greater(z, 0, out=bits[:, offsets[l]:offsets[l + 1]])
            a = np.maximum(z, 0, out=z)
        yield start, stop, bits


def pattern_bits(net, X):
    """z > 0 for every hidden unit of every row, (n, units) bool."""
    bits = np.empty((X.shape[0], sum(net.layer_sizes[1:-1])), bool)
    for start, stop, block in bit_blocks(net, X):
        bits[start:stop] = block
    return bits


def n_words(units):
    return max(1, -(-units // 64))


def pack(bits):
    """Each row of bits as 64-bit words (n, words): equal patterns <=> equal rows."""
    keys = np.zeros((bits.shape[0], 8 * n_words(bits.shape[1])), np.uint8)
    keys[:, :-(-bits.shape[1] // 8)] = np.packbits(bits, axis=1)
    return keys.view(np.uint64)


def pattern_keys(net, X):
    """The activation pattern of every row packed into 64-bit words (n, words), block by
    block, so the (n, units) array of bits is never built."""
    units = sum(net.layer_sizes[1:-1])
    keys = np.zeros((X.shape[0], 8 * n_words(units)), np.uint8)
    for start, stop, bits in bit_blocks(net, X):
        keys[start:stop, :-(-units // 8)] = np.packbits(bits, axis=1)
    return keys.view(np.uint64)


def unpack(keys, units):
    """The inverse of the packing: bits (k, units) bool from keys (k, words)."""
    return np.unpackbits(keys.view(np.uint8), axis=1, count=units).view(bool)


def as_void(keys):
    """Each key row as one opaque byte string, so that np.unique compares whole rows."""
    keys = np.ascontiguousarray(keys)
    return keys.view(np.dtype((np.void, keys.dtype.itemsize * keys.shape[1]))).ravel()


def group_sorted(h):
    """Group equal values of the 1-D array ``h``: (first index, inverse, counts) per value.

    Values are sorted once (an unstable sort: the first index of a group is its
    smallest row index, found with a reduction, not by the sort's order).
    """
    order = np.argsort(h)
    sorted_h = h[order]
    starts_group = np.empty(h.size, bool)
    starts_group[:1] = True
    np.not_equal(sorted_h[1:], sorted_h[:-1], out=starts_group[1:])
    starts = np.flatnonzero(starts_group)
    inverse = np.empty(h.size, np.int64)
    inverse[order] = np.cumsum(starts_group) - 1
    counts = np.diff(np.append(starts, h.size))
    first = np.minimum.reduceat(order, starts) if h.size else starts
    return first, inverse, counts


def group(keys):
    """Group equal key rows exactly: (first index, inverse, counts) per distinct row.

    One word is its own key. Several words are mixed into one 64-bit hash, so the
    grouping sorts one number per row (np.unique(axis=0) sorts rows lexically and
    costs several times more); a comparison with each group's first row proves there
    was no collision, and falls back to sorting whole rows if there was one.
    """
    h = keys[:, 0]
    if keys.shape[1] > 1:
        h = h.copy()
        for j in range(1, keys.shape[1]):
            h ^= h >> np.uint64(31)
            h *= MIX
            h ^= keys[:, j]
    first, inverse, counts = group_sorted(h)
    if keys.shape[1] > 1 and not np.array_equal(keys, keys[first[inverse]]):
        _, first, inverse, counts = np.unique(as_void(keys), return_index=True,
                                              return_inverse=True, return_counts=True)
        inverse = inverse.ravel()
    return first, inverse, counts


def compose_llms(net, patterns):
    """Coefficients (k, d) and intercepts (k,) of the network on each activation pattern.

    Taught in lessons/09_local_linear_models.ipynb, section 2.

    Parameters
    ----------
    net : a one-output ReLU MLP.
    patterns : array (k, hidden units) of bool, one pattern per row (layer 1 first).

    The backward sweep of the module docstring for all patterns at once, in float64
    and in cache-sized blocks of patterns.
    """
    Ws = [np.asarray(W, np.float64) for W in net.weights]
    bs = [np.asarray(b, np.float64) for b in net.biases]
    hidden = net.layer_sizes[1:-1]
    offsets = np.cumsum((0,) + hidden)
    patterns = np.asarray(patterns, bool)
    k, d = patterns.shape[0], Ws[0].shape[1]
    intercept = np.full(k, bs[-1][0])
    if not hidden:                                   # no hidden layer: one linear model
        return np.tile(Ws[0][0], (k, 1)), intercept
    # g @ W is computed as g @ (W^T)^T with W^T stored contiguously: BLAS then reads
    # the weights in the layout of the forward pass, measured about 15% faster.
    WT = [np.ascontiguousarray(W.T) for W in Ws]
    coef = np.empty((k, d))
    rows = block_rows(net)
    masks = np.empty((min(k, rows), offsets[-1]))          # the block's patterns as 0.0/1.0
    buffers = [np.empty((min(k, rows), n)) for n in hidden]
    for start in range(0, k, rows):
        stop = min(start + rows, k)
        m = masks[:stop - start]
        m[...] = patterns[start:stop]
        g = np.multiply(m[:, offsets[-2]:], Ws[-1][0], out=buffers[-1][:stop - start])
        intercept[start:stop] += g @ bs[-2]           # g = d eta / d z_{L-1}
        for l in range(len(hidden) - 1, 0, -1):       # from hidden layer l+1 down to layer l
            g = np.matmul(g, WT[l].T, out=buffers[l - 1][:stop - start])
            g *= m[:, offsets[l - 1]:offsets[l]]
            intercept[start:stop] += g @ bs[l - 1]
        np.matmul(g, WT[0].T, out=coef[start:stop])
    return coef, intercept


def order_groups(first, counts, n):
    """Order of the groups: count descending, ties by first occurrence (index of ``first``).

    Numbering the groups by first occurrence needs no sort (mark each group's first row,
    count the marks); a stable sort by count then keeps that order among equal counts,
    and is quick on the long runs of equal counts.
    """
    is_first = np.zeros(n, bool)
    is_first[first] = True
    by_occurrence = np.empty(first.size, np.int64)
    by_occurrence[np.cumsum(is_first)[first] - 1] = np.arange(first.size)
    return by_occurrence[np.argsort(-counts[by_occurrence], kind="stable")]
