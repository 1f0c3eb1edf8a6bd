"""Raw array kernels for the spatial ops (no NDArray, no autograd): im2col on strided views
plus one batched GEMM for convolution, col2im scatters for its adjoints, window loops for
pooling and flat gather/scatter for argmax-style ops. Every loop here runs over the (small)
kernel window or over batch chunks, never over pixels.

Speed notes (measured on LeNet-sized work): with stride 1 along the last axis, im2col copies
each window row as one opaque item (a memcpy, not NumPy's float loop over a short row), and
columns are "wide" (whole padded rows, each copy one long contiguous run) only where that
wastes under ~5% of the GEMM on garbage columns (_wide_cols_scheme), else 2-D unit-stride
convolutions take conv_twostage's L2-sized chunks; batches go in chunks whose columns stay
under CHUNK_BYTES; short-lived buffers are reused per thread (SCRATCH_BYTES), and a training
forward may keep its columns (or stage-1 buffer) for the weight gradient in a small pool of
reusable buffers (KEPT_BYTES).

All functions take the array module ``xp`` first and work on NCW/NCHW/NCDHW arrays.
"""
import itertools
import math
import sys
import threading

import numpy as np

# The im2col buffer of one batch chunk stays below this many bytes (big batches go in chunks).
CHUNK_BYTES = 256 << 20
# Transient buffers up to this size are reused between calls (per thread, one per purpose):
# fresh multi-megabyte arrays cost a page fault per 4 KiB, more than the copies themselves.
SCRATCH_BYTES = 16 << 20
_scratch_state = threading.local()


def _scratch(xp, shape, dtype, slot, zero=False):
    """A reusable array for a buffer that never leaves the kernel using it (`slot` names the
    purpose, so that buffers alive at the same time differ). Contents are undefined unless
    `zero`."""
    dtype = np.dtype(dtype)
    n = math.prod(shape) * dtype.itemsize
    if xp is not np or n > SCRATCH_BYTES:
        return xp.zeros(shape, dtype) if zero else xp.empty(shape, dtype)
    bufs = getattr(_scratch_state, "bufs", None)
    if bufs is None:
        bufs = _scratch_state.bufs = {}
    buf = bufs.get(slot)
    if buf is None or buf.nbytes < n:
        buf = bufs[slot] = np.empty(max(n, 1), np.uint8)
    a = buf[:n].view(dtype).reshape(shape)
    if zero:
        a.fill(0)
    return a


# Columns kept from a forward for the weight gradient: at most this much in all (per thread).
# Beyond it the backward recomputes them, so deep nets do not hold every layer's im2col.
KEPT_BYTES = 64 << 20


def _is_scratch(a):
    """Whether `a` is a view of one of this thread's scratch buffers."""
    bufs = getattr(_scratch_state, "bufs", None) or {}
    return any(a.base is b for b in bufs.values())


def _kept(xp, shape, dtype):
    """An array that outlives the call (a forward's columns kept in the graph for the
    backward), from a per-thread pool of buffers: a buffer is reused once the graph holding its
    previous view is gone (its refcount is back to the pool's), so steady training loops pay
    no fresh page faults. None when the pool is full of buffers still in use."""
    if xp is not np:
        return None
    dtype = np.dtype(dtype)
    n = math.prod(shape) * dtype.itemsize
    pool = getattr(_scratch_state, "kept", None)
    if pool is None:
        pool = _scratch_state.kept = []
    for i in range(len(pool)):
        # references: the pool list, getrefcount's argument (each live view adds its .base)
        if pool[i].nbytes >= n and sys.getrefcount(pool[i]) == 2:
            return pool[i][:n].view(dtype).reshape(shape)
    used = sum(b.nbytes for b in pool)
    while used + n > KEPT_BYTES:
        idle = [i for i in range(len(pool)) if sys.getrefcount(pool[i]) == 2]
        if not idle:
            return None
        used -= pool.pop(idle[0]).nbytes  # too small for this request: drop it
    buf = np.empty(max(n, 1), np.uint8)
    pool.append(buf)
    return buf[:n].view(dtype).reshape(shape)


def _as_strided(xp, a, shape, strides, offset=0):
    """A strided view of `a` starting `offset` elements in (numpy's as_strided costs ~10 us a
    call; the ndarray constructor over a contiguous base costs ~1 us)."""
    if xp is np and a.flags.c_contiguous:
        return np.ndarray(shape, a.dtype, buffer=a, offset=offset * a.itemsize, strides=strides)
    return xp.lib.stride_tricks.as_strided(a[offset:] if offset else a, shape=shape,
                                           strides=strides)


def conv_out_size(size, k, s, p, d):
    """floor((x + 2p - d(k-1) - 1) / s) + 1, per spatial dim."""
    return tuple((x + 2 * pi - di * (ki - 1) - 1) // si + 1
                 for x, ki, si, pi, di in zip(size, k, s, p, d))


def _span(o, k, s, d):
    """Extent of the padded buffer that `o` windows of kernel k (stride s, dilation d) read."""
    return tuple((oi - 1) * si + di * (ki - 1) + 1 for oi, ki, si, di in zip(o, k, s, d))


def _padded(xp, x, pad, full, fill=0):
    """`x` (N, C, *S) placed at offset `pad` in a buffer of spatial size `full` filled with
    `fill`; `x` itself when nothing needs padding."""
    S = x.shape[2:]
    if not any(pad) and all(f <= s for f, s in zip(full, S)):
        return x
    if fill == 0:
        buf = xp.zeros(x.shape[:2] + tuple(full), dtype=x.dtype)
    else:
        buf = xp.full(x.shape[:2] + tuple(full), fill, dtype=x.dtype)
    n = [max(0, min(s, f - p)) for s, f, p in zip(S, full, pad)]
    dst = (slice(None), slice(None)) + tuple(slice(p, p + m) for p, m in zip(pad, n))
    src = (slice(None), slice(None)) + tuple(slice(0, m) for m in n)
    buf[dst] = x[src]
    return buf


def _crop(buf, pad, S):
    return buf[(slice(None), slice(None)) + tuple(slice(p, p + s) for p, s in zip(pad, S))]


def _window_slice(kk, o, s, d):
    """The strided slice of the padded buffer seen by kernel offset `kk` for all outputs."""
    return (slice(None), slice(None)) + tuple(
        slice(ki * di, ki * di + (oi - 1) * si + 1, si) for ki, oi, si, di in zip(kk, o, s, d))


def _full_size(S, o, k, s, p, d):
    return tuple(max(a, pi + b) for a, pi, b in zip(_span(o, k, s, d), p, S))


def _chunk(n_batch, per_sample_bytes):
    return max(1, min(n_batch, CHUNK_BYTES // max(1, per_sample_bytes)))


def _pointwise(k, s, p):
    return all(ki == 1 for ki in k) and all(si == 1 for si in s) and not any(p)


def im2col_raw(xp, x, k, s, p, d, o, scratch=False, keep=False, ones_row=False):
    """Columns (N, C, *k, *o) of `x` (contiguous copy of a strided view of the padded input;
    in a reused scratch buffer if `scratch`, a pooled one if `keep`). `ones_row` (only where
    _rows_fast and the padded input is contiguous): (N, C*K + 1, L) instead, the last row
    ones (a GEMM then adds the bias)."""
    full = _span(o, k, s, d)
    if (scratch or keep) and xp is np and any(p):  # padded copy in a reused buffer
        buf = _scratch(xp, x.shape[:2] + tuple(full), x.dtype, "pad_in", zero=True)
        n = [max(0, min(si, f - pi)) for si, f, pi in zip(x.shape[2:], full, p)]
        buf[(slice(None), slice(None)) + tuple(slice(pi, pi + m) for pi, m in zip(p, n))] = \
            x[(slice(None), slice(None)) + tuple(slice(0, m) for m in n)]
    else:
        buf = _padded(xp, x, p, full)
    st = buf.strides
    nd = len(k)
    view = _as_strided(xp, buf, buf.shape[:2] + tuple(k) + tuple(o),
                       st[:2] + tuple(st[2 + i] * d[i] for i in range(nd))
                       + tuple(st[2 + i] * s[i] for i in range(nd)))
    shape = view.shape
    if ones_row:
        CK, L = math.prod(shape[1:2 + nd]), math.prod(o)
        shape = (shape[0], CK + 1, L)
    cols = _kept(xp, shape, x.dtype) if keep else None
    if cols is None:
        cols = (_scratch(xp, shape, x.dtype, "cols") if scratch or keep
                else xp.empty(shape, x.dtype))
    if _rows_fast(xp, s) and buf.flags.c_contiguous:
        # each output row of a window is one contiguous run of the input: copied as one
        # opaque item (a memcpy) instead of NumPy's float loop over short rows
        item = np.dtype((np.void, o[-1] * buf.itemsize))
        src = np.ndarray(view.shape[:-1], item, buffer=buf, strides=view.strides[:-1])
        st = [buf.itemsize * o[-1]]  # contiguous strides of (C, *k, *o[:-1]) items ...
        for n in reversed(view.shape[2:-1]):
            st.insert(0, st[0] * n)
        st = [cols.strides[0]] + st  # ... within each sample's (maybe longer) block
        np.ndarray(view.shape[:-1], item, buffer=cols, strides=tuple(st))[...] = src
        if ones_row:
            cols[:, -1] = 1
    else:
        assert not ones_row
        cols[...] = view
    return cols


def _rows_fast(xp, s):
    """Whether im2col copies window rows as opaque items (NumPy, unit stride on the last axis):
    ~2x faster than NumPy's float loop over short rows, as fast on long ones."""
    return xp is np and s[-1] == 1


def _wide_cols_scheme(xp, k, s, d, o, S, p):
    """The wide scheme (below) for a forward / weight gradient, or None for plain columns,
    which win once wide ones are over ~5% garbage (multiplied by the GEMMs, then cropped;
    LeNet conv2, 8 of 12 useful: forward 490 vs 680 us, weight gradient 330 vs 570 us)."""
    wide = _wide(k, s, d, o, S, p)
    if wide is not None and _rows_fast(xp, s) and 20 * (wide[0][-1] - o[-1]) >= wide[0][-1]:
        return None
    return wide


def col2im_raw(xp, cols, S, k, s, p, d):
    """Adjoint of im2col_raw: sums columns (N, C, *k, *o) back into an (N, C, *S) image."""
    o = cols.shape[2 + len(k):]
    buf = xp.zeros(cols.shape[:2] + _full_size(S, o, k, s, p, d), dtype=cols.dtype)
    head = (slice(None), slice(None))
    for kk in itertools.product(*[range(ki) for ki in k]):
        buf[_window_slice(kk, o, s, d)] += cols[head + kk]
    return _crop(buf, p, S)


# "Wide" im2col for stride 1 along the last axis: each output row is computed over the whole
# padded width Wp (the extra Wp - o columns are garbage and cropped), so that every column
# block is ONE contiguous run of o[-2] * Wp elements of the flattened padded input. Copies of
# long runs are several times faster than the 24-element rows of a plain strided im2col.
def _wide(k, s, d, o, S, p):
    """(padded spatial shape P, tail) for the wide scheme, or None when it does not apply."""
    if s[-1] != 1:
        return None
    P = _full_size(S, o, k, s, p, d)
    return P, d[-1] * (k[-1] - 1)


def _wide_buffer(xp, x, p, P, tail):
    """Flat zero buffer holding x padded to P (per sample and channel), plus a zero tail."""
    n, C = x.shape[:2]
    body = n * C * math.prod(P)
    exact = tuple(P) == x.shape[2:]  # no padding: only the tail needs zeros
    flat = _scratch(xp, (body + tail,), x.dtype, "wide_in", zero=not exact)
    img = flat[:body].reshape((n, C) + tuple(P))
    if exact:
        flat[body:] = 0
        img[...] = x
    else:
        inner = tuple(slice(pi, pi + si) for pi, si in zip(p, x.shape[2:]))
        img[(slice(None), slice(None)) + inner] = x
    return flat


def _wide_view(xp, flat, n, C, P, k, s, d, o, offset=0, with_kernel=True):
    e = flat.itemsize
    row = [math.prod(P[i + 1:]) * e for i in range(len(P))]
    shape = (n, C) + (tuple(k) if with_kernel else ()) + tuple(o[:-1]) + (P[-1],)
    strides = (C * math.prod(P) * e, math.prod(P) * e)
    if with_kernel:
        strides += tuple(d[i] * row[i] for i in range(len(P)))
    strides += tuple(s[i] * row[i] for i in range(len(P) - 1)) + (e,)
    return _as_strided(xp, flat, shape, strides, offset)


def _wide_cols(xp, x, k, s, p, d, o, P, tail, keep=False):
    flat = _wide_buffer(xp, x, p, P, tail)
    view = _wide_view(xp, flat, x.shape[0], x.shape[1], P, k, s, d, o)
    cols = _kept(xp, view.shape, x.dtype) if keep else None
    if cols is None:
        cols = _scratch(xp, view.shape, x.dtype, "cols")
    cols[...] = view
    return cols


def _row_items(a, n):
    """A contiguous array (..., W) seen as a 1-D array of opaque items, each the first n
    entries of a row, or None if `a` is not a contiguous NumPy array. NumPy copies such items
    with one memcpy each: about 2x faster than its float loop over short rows (n <= ~16)."""
    if type(a) is not np.ndarray or not a.flags.c_contiguous or a.ndim == 0:
        return None
    W = a.shape[-1]
    return np.ndarray((a.size // max(W, 1),), np.dtype((np.void, n * a.itemsize)), buffer=a,
                      strides=(W * a.itemsize,))


def _copy_rows(dst, src):
    """dst[...] = src for same-shaped arrays whose rows differ in length (crops and widenings
    of contiguous arrays): opaque per-row copies when both are contiguous and rows are short."""
    n = min(dst.shape[-1], src.shape[-1])
    a = _row_items(dst, n) if n <= 16 else None
    b = _row_items(src, n) if a is not None else None
    if b is None or a.shape != b.shape:
        dst[..., :n] = src[..., :n]
    else:
        a[...] = b


def _widen(xp, g, Wp):
    """g (..., o_last) zero-extended to (..., Wp) (a scratch buffer)."""
    o = g.shape[-1]
    if o == Wp:
        return g
    gw = _scratch(xp, g.shape[:-1] + (Wp,), g.dtype, "widen")
    gw.fill(0)  # (one memset: faster than zeroing the short strided tails)
    _copy_rows(gw, g)
    return gw


def _columns(xp, x, k, s, p, d, o, wide, keep=False, ones_row=False):
    """im2col of a batch chunk as (n, C*K, L): wide (L = prod(o[:-1]) * Wp) or plain; in a
    scratch buffer (valid until the next call) unless `keep`. `ones_row`: plain columns
    (n, C*K + 1, L) with a last row of ones (see _fold_bias)."""
    if wide is not None:
        cols = _wide_cols(xp, x, k, s, p, d, o, *wide, keep=keep)
    else:
        cols = im2col_raw(xp, x, k, s, p, d, o, scratch=True, keep=keep, ones_row=ones_row)
        if ones_row:
            return cols
    return cols.reshape(x.shape[0], -1, cols[0, 0].size // math.prod(k))


def _fold_bias(xp, x, s, p, wide, groups, bias):
    """Whether the forward GEMM adds the bias itself (weights with a bias column, columns with
    a row of ones): saves the separate add (LeNet: 206 vs 260 us and 167 vs 189 us)."""
    return (bias is not None and wide is None and groups == 1 and _rows_fast(xp, s)
            and (any(p) or x.flags.c_contiguous))


def conv_forward(xp, x, w, s, p, d, groups, o=None, bias=None, keep=None):
    """Cross-correlation of x (N, C, *S) with w (F, C/groups, *k) (+ bias (F,)) ->
    (N, F, *o), C-contiguous. A list `keep` receives the columns (for conv_backward_weight)
    when the batch fits in one chunk."""
    N, C = x.shape[:2]
    F, k = w.shape[0], w.shape[2:]
    S = x.shape[2:]
    o = conv_out_size(S, k, s, p, d) if o is None else tuple(o)
    G = groups
    K = math.prod(k)
    w2 = w.reshape(G, F // G, (C // G) * K)
    b = None if bias is None else bias.reshape((F,) + (1,) * len(o))
    if _pointwise(k, s, p) and o == S:
        y = xp.matmul(w2, x.reshape(N, G, (C // G), math.prod(o))).reshape((N, F) + o)
        if b is not None:
            y += b
        return y
    wide = _wide_cols_scheme(xp, k, s, d, o, S, p)
    ow = o if wide is None else tuple(o[:-1]) + (wide[0][-1],)
    L = math.prod(ow)
    if wide is None:
        y = xp.empty((N, G, F // G, L), dtype=x.dtype)
    else:  # the wide result is only an intermediate
        y = _scratch(xp, (N, G, F // G, L), x.dtype, "wide_out")
    nb = _chunk(N, C * K * L * x.itemsize)
    kept = keep is not None and nb >= N
    if (wide is None and _ts.usable(xp, x, k, s, p, d, o)
            and (not kept or _ts.for_weight_grad(C, k, G))):
        return _ts.conv_forward(x, w, bias, p, d, o, G, w2, y, kept, keep)
    fold = _fold_bias(xp, x, s, p, wide, G, bias)
    if fold:
        w2 = xp.concatenate([w.reshape(F, C * K), bias.reshape(F, 1)], axis=1)[None]
    cols = None
    for n0 in range(0, N, nb):
        cols = _columns(xp, x[n0:n0 + nb], k, s, p, d, o, wide, keep=kept, ones_row=fold)
        xp.matmul(w2, cols.reshape(cols.shape[0], G, -1, L), out=y[n0:n0 + nb])
    if fold and cols is not None:
        cols = cols[:, :C * K]  # (the kept columns are those of the weight)
    if kept and cols is not None and not _is_scratch(cols):
        keep.append(cols)  # a pooled buffer (the pool was not full)
    y = y.reshape((N, F) + ow)
    if wide is None:
        if bias is not None and not fold:  # (a 3-D in-place add: long contiguous rows)
            y3 = y.reshape(N, F, -1)
            xp.add(y3, bias.reshape(F, 1), out=y3)
        return y
    # drop the garbage columns of the wide rows, then add the bias in place (a copy plus a
    # contiguous add beat one broadcasting add over the strided crop: 134 vs 182 us, LeNet)
    out = xp.empty((N, F) + o, dtype=x.dtype)
    _copy_rows(out, y)
    if bias is not None:
        o3 = out.reshape(N, F, -1)
        xp.add(o3, bias.reshape(F, 1), out=o3)
    return out


def conv_backward_data(xp, g, w, S, s, p, d, groups):
    """Adjoint of conv_forward in x: g (N, F, *o), w (F, C/groups, *k) -> (N, C, *S)."""
    N, F = g.shape[:2]
    o = g.shape[2:]
    G, k, S = groups, w.shape[2:], tuple(S)
    C = w.shape[1] * G
    K = math.prod(k)
    wT = w.reshape(G, F // G, (C // G) * K).transpose(0, 2, 1)
    if _pointwise(k, s, p) and o == S:
        return xp.matmul(wT, g.reshape(N, G, F // G, math.prod(o))).reshape((N, C) + S)
    dx = xp.empty((N, C) + S, dtype=g.dtype)
    wide = _wide(k, s, d, o, S, p)
    # (1-D/2-D only: there the flattened output rows and the padded input rows share a stride)
    if wide is not None and all(si == 1 for si in s) and k[-1] > 1 and len(k) <= 2:
        from .conv_rows import backward_data_rows
        return backward_data_rows(xp, g, w, S, p, d, groups, wide[0], dx)
    if wide is not None:
        P, tail = wide
        gw = _widen(xp, g, P[-1])
        L = math.prod(gw.shape[2:])
        e = g.itemsize
        row = [math.prod(P[i + 1:]) for i in range(len(P))]
        nb = _chunk(N, C * K * L * e)
        crop = (slice(None), slice(None)) + tuple(slice(pi, pi + si) for pi, si in zip(p, S))
        for n0 in range(0, N, nb):
            gc = gw[n0:n0 + nb]
            m = gc.shape[0]
            cols = _scratch(xp, (m, G, (C // G) * K, L), g.dtype, "dcols")
            xp.matmul(wT, gc.reshape(m, G, F // G, L), out=cols)
            cols = cols.reshape((m, C) + tuple(k) + gw.shape[2:])
            flat = _scratch(xp, (m * C * math.prod(P) + tail,), g.dtype, "dflat", zero=True)
            for kk in itertools.product(*[range(ki) for ki in k]):
                off = sum(kk[i] * d[i] * row[i] for i in range(len(P)))
                view = _wide_view(xp, flat, m, C, P, k, s, d, o, offset=off, with_kernel=False)
                view += cols[(slice(None), slice(None)) + kk]
            dx[n0:n0 + nb] = flat[:m * C * math.prod(P)].reshape((m, C) + tuple(P))[crop]
        return dx
    L = math.prod(o)
    nb = _chunk(N, C * K * L * g.itemsize)
    for n0 in range(0, N, nb):
        gc = g[n0:n0 + nb]
        cols = _scratch(xp, (gc.shape[0], G, (C // G) * K, L), g.dtype, "dcols")
        xp.matmul(wT, gc.reshape(gc.shape[0], G, F // G, L), out=cols)
        cols = cols.reshape((gc.shape[0], C) + tuple(k) + o)
        dx[n0:n0 + nb] = col2im_raw(xp, cols, S, k, s, p, d)
    return dx


def conv_backward_weight(xp, x, g, k, s, p, d, groups, cols=None):
    """Adjoint of conv_forward in w: x (N, C, *S), g (N, F, *o) -> (F, C/groups, *k).
    `cols`: what the forward kept (conv_forward(keep=...)): its columns, or a
    conv_twostage.Kept stage-1 buffer, saving their recomputation."""
    N, C = x.shape[:2]
    F, o = g.shape[1], g.shape[2:]
    G, k, S = groups, tuple(k), x.shape[2:]
    K = math.prod(k)
    if _pointwise(k, s, p) and o == S:
        cx = x.reshape(N, G, C // G, math.prod(o))
        dw = xp.matmul(g.reshape(N, G, F // G, math.prod(o)), cx.transpose(0, 1, 3, 2)).sum(0)
        return dw.reshape((F, C // G) + k)
    wide = _wide_cols_scheme(xp, k, s, d, o, S, p)
    if isinstance(cols, _ts.Kept) or (cols is None and wide is None
                                      and _ts.usable(xp, x, k, s, p, d, o)
                                      and _ts.for_weight_grad(C, k, G)):
        gc = g if g.flags.c_contiguous else np.ascontiguousarray(g)
        return _ts.weight_grad(x, gc.reshape(N, F, -1), k, p, d, o, G, cols).reshape(
            (F, C // G) + k)
    if wide is not None:
        g = _widen(xp, g, wide[0][-1])
    L = math.prod(g.shape[2:])
    dw = None
    nb = N if cols is not None else _chunk(N, C * K * L * x.itemsize)
    for n0 in range(0, N, nb):
        if cols is None or n0:
            cols = _columns(xp, x[n0:n0 + nb], k, s, p, d, o, wide)
        m = cols.shape[0]
        gc = g[n0:n0 + nb].reshape(m, G, F // G, L)
        cc = cols.reshape(m, G, (C // G) * K, L)
        if L < 2 * (C // G) * K:  # short rows: cols @ g^T measured ~1.7x faster (LeNet conv2)
            part = xp.matmul(cc, gc.transpose(0, 1, 3, 2)).sum(0).transpose(0, 2, 1)
        else:
            part = xp.matmul(gc, cc.transpose(0, 1, 3, 2)).sum(0)
        dw = part if dw is None else dw + part
    return dw.reshape((F, C // G) + k)


from . import conv_twostage as _ts  # noqa: E402 - it uses this module's helpers
