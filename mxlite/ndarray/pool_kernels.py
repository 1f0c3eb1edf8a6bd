"""Raw array kernels for pooling (no NDArray, no autograd): loops over the kernel window's
taps on strided views of the padded input (never over pixels), reshapes for windows that
tile the input (for max pooling with argmax: a copy into contiguous per-tap planes), and the
flat gather/scatter pair used by ROIPooling and BilinearSampler. Non-overlapping 1-D/2-D
windows on NumPy (LeNet's 2x2/2) take the faster kernels of pool_blocked instead.
"""
import itertools
import math

import numpy as np

from . import pool_blocked as B
from .conv_kernels import (_as_strided, _crop, _full_size, _padded, _scratch, _span,
                           _window_slice)


def pool_geometry(S, kernel, stride, pad, convention):
    """(pad_left, out_size) per dim for 'valid' (floor), 'full' (ceil) or 'same' conventions."""
    if convention == "same":
        o = tuple(-(-x // si) for x, si in zip(S, stride))
        pad = tuple(max((oi - 1) * si + ki - x, 0) // 2
                    for oi, si, ki, x in zip(o, stride, kernel, S))
        return pad, o
    if convention == "full":
        o = tuple(-(-(x + 2 * pi - ki) // si) + 1 for x, ki, si, pi in zip(S, kernel, stride, pad))
    else:
        o = tuple((x + 2 * pi - ki) // si + 1 for x, ki, si, pi in zip(S, kernel, stride, pad))
    return tuple(pad), o


def _lowest(dtype):
    dt = np.dtype(dtype)
    return np.finfo(dt).min if dt.kind == "f" else np.iinfo(dt).min


def _offsets(k):
    return list(itertools.product(*[range(ki) for ki in k]))


def pool_max(xp, x, k, s, p, o, want_index=True):
    """Max over windows (padding never wins; an all-padding window gives the dtype's lowest,
    as MXNet). Returns (y, arg): arg is the kernel offset (row-major) of each window's FIRST
    maximum, or None when not wanted."""
    if B.applies(xp, k, s, p, x.shape[2:], o):
        return B.max_pool(x, k, o, want_index)
    nd = len(k)
    d = (1,) * nd
    buf = _padded(xp, x, p, _span(o, k, s, d), fill=_lowest(x.dtype))
    K = math.prod(k)
    if K > 64:  # big windows (global pooling): one argmax over a copied window view
        st = buf.strides
        view = _as_strided(xp, buf, buf.shape[:2] + tuple(o) + tuple(k),
                           st[:2] + tuple(st[2 + i] * s[i] for i in range(nd)) + st[2:])
        flat = view.reshape(buf.shape[:2] + tuple(o) + (K,))
        arg = flat.argmax(axis=-1)
        y = xp.take_along_axis(flat, arg[..., None], axis=-1)[..., 0]
        return y, (arg.astype(np.int32) if want_index else None)
    if want_index and xp is np and _blocked(k, s, p, x.shape[2:], o):
        # Tiling windows: one transposing copy into K contiguous planes (tap, N, C, *o), so
        # that the tournament below runs on contiguous arrays (~6x faster per op than on the
        # stride-k views; LeNet's 2x2 pools: 600 -> 245 us and 235 -> 105 us).
        planes = _scratch(xp, (K,) + x.shape[:2] + tuple(o), x.dtype, "pool_planes")
        src = x.reshape(_block_shape(x.shape[0], x.shape[1], o, k))
        pv = planes.reshape(tuple(k) + x.shape[:2] + tuple(o))
        pv[...] = src.transpose(tuple(3 + 2 * i for i in range(nd)) + (0, 1)
                                + tuple(2 + 2 * i for i in range(nd)))
        views = list(planes)
    else:
        views = [buf[_window_slice(kk, o, s, d)] for kk in _offsets(k)]
    if not want_index:
        y = views[0].copy()
        for v in views[1:]:
            xp.maximum(y, v, out=y)
        return y, None
    # A tournament over the windows' taps in row-major order: the right half wins only when
    # strictly greater, so ties go to the first maximum (as MXNet) and max + argmax come out
    # of one pass of comparisons.
    dt = np.int8 if K <= 127 else np.int32
    level = [(v, i) for i, v in enumerate(views)]
    while len(level) > 1:
        nxt = []
        for j in range(0, len(level) - 1, 2):
            (a, ia), (b, ib) = level[j], level[j + 1]
            right = b > a
            val = xp.maximum(a, b)
            if isinstance(ia, int):  # two single taps: ia + right (ib == ia + 1)
                idx = right.view(np.int8).astype(dt) if dt is not np.int8 else right.view(np.int8)
                idx = idx + dt(ia) if ia else idx
            else:  # ia + right * (ib - ia): three int ops, far cheaper than where
                idx = ib - ia
                idx *= right
                idx += ia
            nxt.append((val, idx))
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    y, arg = level[0]
    if isinstance(arg, int):  # a 1-tap window
        y, arg = y.copy(), xp.full(y.shape, arg, dtype=dt)
    return y, arg


def pool_max_scatter(xp, g, arg, S, k, s, p):
    """Gradient of max pooling: g sent to each window's argmax offset -> (N, C, *S)."""
    o = g.shape[2:]
    if B.applies(xp, k, s, p, S, o) and arg.dtype == np.int8:
        return B.max_scatter(g, arg, S, k)
    nd = len(k)
    offs = _offsets(k)
    if _blocked(k, s, p, S, o):
        dx = xp.empty(_block_shape(g.shape[0], g.shape[1], o, k), dtype=g.dtype)
        for i, kk in enumerate(offs):
            idx = (slice(None), slice(None)) + tuple(
                v for j in range(nd) for v in (slice(None), kk[j]))
            xp.multiply(g, arg == i, out=dx[idx])
        return dx.reshape(g.shape[:2] + tuple(S))
    d = (1,) * nd
    if len(offs) > 64:
        buf = xp.zeros(g.shape[:2] + _full_size(S, o, k, s, p, d), dtype=g.dtype)
        for i, kk in enumerate(offs):
            m = arg == i
            if m.any():
                buf[_window_slice(kk, o, s, d)] += g * m
        return _crop(buf, p, S)
    buf = xp.zeros(g.shape[:2] + _full_size(S, o, k, s, p, d), dtype=g.dtype)
    for i, kk in enumerate(offs):
        buf[_window_slice(kk, o, s, d)] += g * (arg == i)
    return _crop(buf, p, S)


def pool_max_gather(xp, h, arg, k, s, p, o):
    """Adjoint of pool_max_scatter: h (N, C, *S) read at each window's argmax -> (N, C, *o)."""
    nd = len(k)
    d = (1,) * nd
    buf = _padded(xp, h, p, _span(o, k, s, d))
    out = xp.zeros(h.shape[:2] + tuple(o), dtype=h.dtype)
    for i, kk in enumerate(_offsets(k)):
        out += buf[_window_slice(kk, o, s, d)] * (arg == i)
    return out


def pool_count(xp, S, k, s, p, o, count_include_pad, dtype):
    """The divisor of average pooling per output position (MXNet's rule: windows clipped to
    the padded input, and to the input itself when count_include_pad is False); inf where a
    window holds nothing, so that dividing gives 0. Dividing (not multiplying by 1/count)
    matches MXNet's float results bit for bit."""
    count = None
    for i in range(len(k)):
        start = np.arange(o[i]) * s[i] - p[i]
        end = np.minimum(start + k[i], S[i] + p[i])
        if not count_include_pad:
            start, end = np.maximum(start, 0), np.minimum(end, S[i])
        n = np.maximum(end - start, 0).astype(np.float64)
        n = n.reshape((-1,) + (1,) * (len(k) - 1 - i))
        count = n if count is None else count * n
    count = np.where(count > 0, count, np.inf)
    if count.size and (count == count.flat[0]).all():  # uniform: a scalar divides faster
        count = count.reshape(-1)[:1].reshape(())
    return xp.asarray(count.astype(dtype))


def _blocked(k, s, p, S, o):
    """Non-overlapping windows tiling the input exactly: pooling is a reshape."""
    return not any(p) and tuple(k) == tuple(s) and all(oi * ki == x for oi, ki, x in zip(o, k, S))


def _block_shape(N, C, o, k):
    return (N, C) + tuple(v for pair in zip(o, k) for v in pair)


def pool_sum(xp, x, k, s, p, o):
    """Sum over windows (zero padding)."""
    S = x.shape[2:]
    if B.applies(xp, k, s, p, S, o):
        return B.sum_pool(x, k, o)
    nd = len(k)
    if _blocked(k, s, p, S, o):
        return x.reshape(_block_shape(x.shape[0], x.shape[1], o, k)).sum(
            axis=tuple(3 + 2 * i for i in range(nd)))
    d = (1,) * nd
    buf = _padded(xp, x, p, _span(o, k, s, d))
    if math.prod(k) > 64:  # big windows (global pooling): one reduction over a strided view
        st = buf.strides
        view = _as_strided(xp, buf, buf.shape[:2] + tuple(o) + tuple(k),
                           st[:2] + tuple(st[2 + i] * s[i] for i in range(nd)) + st[2:])
        return view.sum(axis=tuple(range(2 + nd, 2 + 2 * nd)))
    y = None
    for kk in itertools.product(*[range(ki) for ki in k]):
        v = buf[_window_slice(kk, o, s, d)]
        y = v.copy() if y is None else y.__iadd__(v)
    return y


def pool_sum_T(xp, g, S, k, s, p):
    """Adjoint of pool_sum: spreads each output back over its window."""
    o = g.shape[2:]
    if B.applies(xp, k, s, p, S, o):
        return B.sum_spread(g, S, k)
    nd = len(k)
    if _blocked(k, s, p, S, o):
        bs = _block_shape(g.shape[0], g.shape[1], o, k)
        idx = (slice(None), slice(None)) + tuple(v for _ in range(nd) for v in (slice(None), None))
        return xp.ascontiguousarray(xp.broadcast_to(g[idx], bs)).reshape(g.shape[:2] + tuple(S))
    d = (1,) * nd
    buf = xp.zeros(g.shape[:2] + _full_size(S, o, k, s, p, d), dtype=g.dtype)
    for kk in itertools.product(*[range(ki) for ki in k]):
        buf[_window_slice(kk, o, s, d)] += g
    return _crop(buf, p, S)


# ------------------------------------------------------------------------ gather/scatter
def gather_flat(xp, x, idx):
    """x.ravel()[idx], with 0 where idx < 0."""
    flat = x.reshape(-1)
    out = flat[xp.maximum(idx, 0)]
    if (idx < 0).any():
        out = xp.where(idx >= 0, out, xp.zeros((), dtype=x.dtype))
    return out


def scatter_flat(xp, g, idx, shape, unique=False):
    """Adjoint of gather_flat: an array of `shape` with g summed at the flat positions idx."""
    size = math.prod(shape)
    idx = idx.reshape(-1)
    gv = g.reshape(-1)
    keep = idx >= 0
    if not keep.all():
        idx, gv = idx[keep], gv[keep]
    if unique:
        out = xp.zeros(size, dtype=g.dtype)
        out[idx] = gv
    else:
        out = xp.bincount(idx, weights=gv, minlength=size).astype(g.dtype, copy=False)
    return out.reshape(shape)
