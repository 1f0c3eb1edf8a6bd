"""Fast kernels for non-overlapping pooling windows (kernel == stride, no padding; rows and
columns past the last window are left out): LeNet's 2x2/2 max pooling and the like, 1-D and
2-D, NumPy only. pool_kernels calls these first and keeps its general loops for the rest.

What costs on these shapes is NumPy's iteration, not arithmetic: a strided operand runs at
~0.4 ns per element, a contiguous one at ~0.1 (strided comparisons ~1), and every short
inner row (a 12-wide output row) adds ~7-10 ns. So:

* wide outputs (>= 8): max with argmax copies the taps once into contiguous planes (one
  transposing copy), then plays pool_kernels' tournament on them with every result written
  in place (the last round straight into the output and the int8 argmax); max without
  argmax and sum fold the last axis first on 1-D strided views of the flat input (no short
  rows), then the window rows;
* narrow outputs (< 8, where per-row costs dominate): the window rows are split off as
  opaque items (one memcpy per row), their columns taken with 1-D strided views, and the
  gradients built the same way backwards;
* big batches are split over threads (mxlite._parallel), each with its own scratch.
Results are those of the general loops: ties go to the first maximum in row-major order.
"""
import math

import numpy as np

from .. import _parallel
from .conv_kernels import _scratch

__all__ = ["applies", "max_pool", "max_scatter", "sum_pool", "sum_spread"]

# Inputs of at least this many elements are split over the batch between threads. Measured
# on LeNet's (64, 6, 24, 24) on a shared 2-core box, two threads lost (fwd 211 -> 263 us, the
# hand-off and a busy second core costing more than half the work), so this follows the
# project's gate for elementwise kernels (_parallel.MIN_SIZE) rather than a lower one.
SPLIT_SIZE = _parallel.MIN_SIZE


def applies(xp, k, s, p, S, o):
    """Whether the fast kernels handle this geometry: 1-D/2-D non-overlapping windows without
    padding on NumPy (input rows/columns past the last window are left out)."""
    return (xp is np and 1 <= len(k) <= 2 and not any(p) and tuple(k) == tuple(s)
            and all(0 < oi * ki <= x for oi, ki, x in zip(o, k, S)) and math.prod(k) <= 127)


def _tiled(x, k, o):
    """x cropped to the windows' extent, C-contiguous."""
    if any(oi * ki != si for oi, ki, si in zip(o, k, x.shape[2:])):
        x = x[(slice(None), slice(None)) + tuple(slice(0, oi * ki) for oi, ki in zip(o, k))]
    return x if x.flags.c_contiguous else np.ascontiguousarray(x)


def _embed(d, S):
    """d (N, C, *covered) placed in zeros of spatial size S (d itself when it covers S)."""
    if d.shape[2:] == tuple(S):
        return d
    out = np.zeros(d.shape[:2] + tuple(S), d.dtype)
    out[(slice(None), slice(None)) + tuple(slice(0, c) for c in d.shape[2:])] = d
    return out


def _split(N, size):
    """How many batch chunks (threads) a kernel over `size` input elements runs in."""
    if N < 2 or size < SPLIT_SIZE:
        return 1
    return min(N, _parallel.parts(size))


def _over_batch(fn, N, size):
    """fn(a, b) over batch ranges [a, b) covering [0, N), on threads when big enough."""
    k = _split(N, size)
    if k <= 1:
        fn(0, N)
        return
    unit = _parallel._ALIGN  # run() cuts on multiples of this: one unit per sample
    _parallel.run(lambda i, j: fn(i // unit, j // unit), N * unit, k)


def _c(a):
    return a if a.flags.c_contiguous else np.ascontiguousarray(a)


def _geom(shape, k):
    """(M, kh, ow, kw): the input seen as M blocks of kh rows, each row ow windows of kw."""
    if len(k) == 1:
        return shape[0] * shape[1], 1, shape[2] // k[0], k[0]
    return shape[0] * shape[1] * (shape[2] // k[0]), k[0], shape[3] // k[1], k[1]


def _taps_view(x, k):
    """x (n, C, *S) as (kh, kw, n, C, [oh,] ow): the window taps as leading axes (a view)."""
    n, C = x.shape[:2]
    if len(k) == 1:
        (kw,), (L,) = k, x.shape[2:]
        return x.reshape(n, C, L // kw, kw).transpose(3, 0, 1, 2)[None]
    kh, kw = k
    H, W = x.shape[2:]
    return x.reshape(n, C, H // kh, kh, W // kw, kw).transpose(3, 5, 0, 1, 2, 4)


# --------------------------------------------------------------------------------- max
def max_pool(x, k, o, want_index):
    """(y, arg) of max pooling with tiling windows; arg (int8, the row-major kernel offset of
    each window's first maximum) is None unless `want_index`."""
    x = _tiled(x, k, o)
    N, C = x.shape[:2]
    y = np.empty((N, C) + tuple(o), x.dtype)
    arg = np.empty(y.shape, np.int8) if want_index else None

    def chunk(a, b):
        if arg is None:
            _reduce_chunk(np.maximum, x[a:b], y[a:b], k)
        else:
            _argmax_chunk(x[a:b], y[a:b], arg[a:b], k)
    _over_batch(chunk, N, x.size)
    return y, arg


def _reduce_chunk(ufunc, x, y, k):
    """y = ufunc (np.maximum / np.add) over each window's elements, for one batch chunk."""
    M, kh, ow, kw = _geom(x.shape, k)
    out = y.reshape(-1)
    if kh > 1 and (ow < 8 or ufunc is np.add):
        # split off each window row as opaque items (one memcpy per row), then fold its
        # columns in with 1-D strided views: no short rows, and the taps in row-major order
        # (sums then round as MXNet's, bit for bit)
        W = ow * kw
        v = _row_item(x, W)
        rows = _scratch(np, (y.size, kw), x.dtype, "pool_rows")
        for a in range(kh):
            _row_item(rows, W)[...] = v[a::kh]
            cols = [rows[:, b] for b in range(kw)]
            if a == 0:
                _fold(ufunc, cols, out)
            else:
                for c in cols:
                    ufunc(out, c, out=out)
        return
    # max over wide rows: along the last axis first on the flat input (no short rows), then
    # over the window rows (the same maximum, in fewer passes)
    pairs = x.reshape(-1, kw)
    rows = out if kh == 1 else _scratch(np, (M * kh * ow,), x.dtype, "pool_rows")
    _fold(ufunc, [pairs[:, b] for b in range(kw)], rows)
    if kh > 1:
        r = rows.reshape(M, kh, ow)
        _fold(ufunc, [r[:, a] for a in range(kh)], y.reshape(M, ow))


def _fold(ufunc, parts, out):
    """out = ufunc over `parts` in order."""
    if len(parts) == 1:
        out[...] = parts[0]
        return
    ufunc(parts[0], parts[1], out=out)
    for v in parts[2:]:
        ufunc(out, v, out=out)


def _argmax_chunk(x, y, arg, k):
    if tuple(k) == (2, 2) and y.shape[3] < 8:
        _argmax22_narrow(x, y, arg)
        return
    K = math.prod(k)
    planes = _scratch(np, (K,) + y.shape, x.dtype, "pool_planes")
    planes.reshape(_taps_view(x, k).shape)[...] = _taps_view(x, k)
    if K == 1:
        y[...] = planes[0]
        arg.fill(0)
        return
    if K == 2:
        np.greater(planes[1], planes[0], out=arg.view(np.bool_))
        np.maximum(planes[0], planes[1], out=y)
        return
    if K == 4:  # LeNet's 2x2: two pairs, then the pair winners
        p0, p1, p2, p3 = planes
        flags = _scratch(np, (3,) + y.shape, np.bool_, "pool_flags")
        r01, r23, r = flags
        np.greater(p1, p0, out=r01)
        np.maximum(p0, p1, out=p0)
        np.greater(p3, p2, out=r23)
        np.maximum(p2, p3, out=p2)
        np.greater(p2, p0, out=r)
        np.maximum(p0, p2, out=y)
        i01, i23, ir = (f.view(np.int8) for f in flags)
        # arg = r ? 2 + r23 : r01  ==  r01 + r * (2 + r23 - r01)
        np.add(i23, np.int8(2), out=arg)
        arg -= i01
        arg *= ir
        arg += i01
        return
    val, idx = _tournament(list(planes))
    y[...] = val
    arg[...] = idx


_ITEMS = {}


def _row_item(x, W):
    """x's rows of W elements as one opaque item each (a row copy is then one memcpy, not a
    float loop over a short row)."""
    n = W * x.itemsize
    item = _ITEMS.get(n)
    if item is None:
        item = _ITEMS[n] = np.dtype((np.void, n))
    return x.reshape(-1).view(item)


def _argmax22_narrow(x, y, arg):
    """2x2 windows on narrow outputs (< 8 wide), where the transposing copy into planes costs
    ~10 ns per short row: the two rows of each window are split off as opaque items, the
    columns as 1-D strided copies, and the tournament runs on contiguous arrays."""
    n, C, H, W = x.shape
    L = y.size
    v = _row_item(x, W)
    rows = _scratch(np, (L, 2), x.dtype, "pool_rows")
    cols = _scratch(np, (4, L), x.dtype, "pool_planes")
    flags = _scratch(np, (3, L), np.bool_, "pool_flags")
    for a in range(2):
        _row_item(rows, W)[...] = v[a::2]
        e, o = cols[2 * a], cols[2 * a + 1]
        np.copyto(e, rows[:, 0])
        np.copyto(o, rows[:, 1])
        np.greater(o, e, out=flags[a])
        np.maximum(e, o, out=e)
    np.greater(cols[2], cols[0], out=flags[2])
    np.maximum(cols[0], cols[2], out=y.reshape(-1))
    i01, i23, ir = (f.view(np.int8) for f in flags)
    a8 = arg.reshape(-1)
    np.add(i23, np.int8(2), out=a8)
    a8 -= i01
    a8 *= ir
    a8 += i01


def _tournament(views):
    """Max and first-argmax over the list of same-shape planes (row-major tap order): each
    round's right half wins only when strictly greater."""
    level = [(v, i) for i, v in enumerate(views)]
    while len(level) > 1:
        nxt = []
        for j in range(0, len(level) - 1, 2):
            (a, ia), (b, ib) = level[j], level[j + 1]
            right = np.greater(b, a)
            val = np.maximum(a, b)
            if isinstance(ia, int):
                idx = right.view(np.int8) + np.int8(ia)
            else:
                idx = ib - ia
                idx *= right
                idx += ia
            nxt.append((val, idx))
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def max_scatter(g, arg, S, k):
    """Gradient of max_pool: g sent to each window's argmax -> (N, C, *S)."""
    g, arg = _c(g), _c(arg)
    N, C = g.shape[:2]
    o = g.shape[2:]
    dx = np.empty((N, C) + tuple(oi * ki for oi, ki in zip(o, k)), g.dtype)

    def chunk(a, b):
        _scatter_chunk(g[a:b], arg[a:b], dx[a:b], k)
    _over_batch(chunk, N, dx.size)
    return _embed(dx, S)


def _scatter_chunk(g, arg, dx, k):
    if tuple(k) == (2, 2) and g.shape[3] < 8:
        _scatter22_narrow(g, arg, dx)
        return
    taps = _taps_view(dx, k)
    kh, kw = taps.shape[:2]
    mask = _scratch(np, g.shape, np.bool_, "pool_mask")
    for a in range(kh):
        for b in range(kw):
            np.equal(arg, a * kw + b, out=mask)
            np.multiply(g, mask, out=taps[a, b])


def _scatter22_narrow(g, arg, dx):
    """_scatter_chunk for 2x2 windows on narrow outputs: each row of the windows is built with
    1-D strided writes, then placed as opaque row items (the inverse of _argmax22_narrow)."""
    W = dx.shape[3]
    L = g.size
    v = _row_item(dx, W)
    rows = _scratch(np, (2 * L,), g.dtype, "pool_rows")
    mask = _scratch(np, (L,), np.bool_, "pool_mask")
    gf, af = g.reshape(-1), arg.reshape(-1)
    for a in range(2):
        for b in range(2):
            np.equal(af, 2 * a + b, out=mask)
            np.multiply(gf, mask, out=rows[b::2])
        v[a::2] = _row_item(rows, W)


# --------------------------------------------------------------------------------- sum
def sum_pool(x, k, o):
    """Sum over tiling windows."""
    x = _tiled(x, k, o)
    N, C = x.shape[:2]
    y = np.empty((N, C) + tuple(o), x.dtype)

    def chunk(a, b):
        _reduce_chunk(np.add, x[a:b], y[a:b], k)
    _over_batch(chunk, N, x.size)
    return y


def sum_spread(g, S, k):
    """Adjoint of sum_pool: each output value copied over its window -> (N, C, *S)."""
    g = _c(g)
    N, C = g.shape[:2]
    dx = np.empty((N, C) + tuple(oi * ki for oi, ki in zip(g.shape[2:], k)), g.dtype)

    def chunk(a, b):
        gc, dc = g[a:b], dx[a:b]
        M, kh, ow, kw = _geom(dc.shape, k)
        if kh == 1:
            cols = dc.reshape(-1, kw)
            for j in range(kw):
                cols[:, j] = gc.reshape(-1)
            return
        # one window row (each output value repeated kw times), then copied into every row
        # of the windows as opaque row items
        W = ow * kw
        row = _scratch(np, (gc.size, kw), g.dtype, "pool_rows")
        for j in range(kw):
            row[:, j] = gc.reshape(-1)
        items, v = _row_item(row, W), _row_item(dc, W)
        for i in range(kh):
            v[i::kh] = items
    _over_batch(chunk, N, dx.size)
    return _embed(dx, S)
