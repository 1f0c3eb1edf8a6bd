"""Convolution's data gradient for unit strides in 1-D/2-D (split out of conv_kernels), and
the public im2col/col2im (split out of conv.py, which re-exports them)."""
import itertools
import math

from ..base import MXNetError, shape_str
from . import conv_kernels as K
from .conv_kernels import _as_strided, _chunk, _scratch, _widen
from .register import primitive

__all__ = ["backward_data_rows", "im2col", "col2im"]


def backward_data_rows(xp, g, w, S, p, d, groups, P, dx):
    """conv_backward_data for unit strides in 1-D/2-D, half im2col / half col2im: the taps of
    the last axis are gathered from shifted copies of the (wide, flattened) gradient so that
    one GEMM sums over them, and only the other axes' taps are scattered back (kh adds instead
    of kh*kw). About 1.7x faster than the plain col2im on LeNet's second layer."""
    N, F = g.shape[:2]
    k = w.shape[2:]
    G = groups
    Cg, Fg = w.shape[1], F // G
    C = Cg * G
    kw, dw = k[-1], d[-1]
    Kout = math.prod(k[:-1])
    plane = math.prod(P)
    spill = dw * (kw - 1)
    gw = _widen(xp, g, P[-1])
    L = math.prod(gw.shape[2:])
    Lp = L + spill
    # (F, Cg, *k) -> (G, Kout * Cg, Fg * kw): rows (outer tap, c), columns (f, last tap)
    wr = w.reshape(G, Fg, Cg, Kout, kw).transpose(0, 3, 2, 1, 4).reshape(G, Kout * Cg, Fg * kw)
    row = [math.prod(P[i + 1:]) for i in range(len(P))]
    offs = [sum(kk[i] * d[i] * row[i] for i in range(len(P) - 1))
            for kk in itertools.product(*[range(ki) for ki in k[:-1]])]
    crop = (slice(None), slice(None)) + tuple(slice(pi, pi + si) for pi, si in zip(p, S))
    nb = _chunk(N, max(F * kw, Kout * C) * Lp * g.itemsize)
    for n0 in range(0, N, nb):
        gc = gw[n0:n0 + nb].reshape(-1, F, L)
        m = gc.shape[0]
        # shifted[:, :, t, t*dw:t*dw + L] = gc, zeros elsewhere, as two strided views (no full
        # zero fill): tap t's data starts Lp + dw after tap t-1's, gaps are spill + dw long.
        shifted = _scratch(xp, (m, F, kw, Lp), g.dtype, "dshift")
        e, sf = g.itemsize, shifted.reshape(-1)
        _as_strided(xp, sf, (m * F, kw, L), (kw * Lp * e, (Lp + dw) * e, e))[...] = \
            gc.reshape(m * F, 1, L)
        if kw > 1:
            _as_strided(xp, sf, (m * F, kw - 1, spill + dw), (kw * Lp * e, (Lp + dw) * e, e),
                        offset=L)[...] = 0
        out = _scratch(xp, (m, G, Kout * Cg, Lp), g.dtype, "dcols")
        xp.matmul(wr, shifted.reshape(m, G, Fg * kw, Lp), out=out)
        out = out.reshape(m, G, Kout, Cg, Lp)
        # planes padded by `spill` so that the zero contributions of garbage columns spilling
        # past a plane's end never alias the next plane
        flat = _scratch(xp, (m, G, Cg, plane + spill), g.dtype, "dflat")
        for r, off in enumerate(offs):  # offs[0] == 0: the first tap is a copy, no zero fill
            if r == 0:
                flat[..., :off + Lp] = out[:, :, 0]
                flat[..., off + Lp:] = 0
            else:
                flat[..., off:off + Lp] += out[:, :, r]
        img = flat.reshape(m, C, plane + spill)[:, :, :plane].reshape((m, C) + tuple(P))
        dx[n0:n0 + nb] = img[crop]
    return dx


# ------------------------------------------------------------------------ im2col / col2im
@primitive(lambda g, x, y, kernel, stride, dilate, pad: _col2im(
    g, output_size=x.shape[2:], kernel=kernel, stride=stride, dilate=dilate, pad=pad))
def _im2col(xp, data, kernel=(), stride=(), dilate=(), pad=()):
    o = K.conv_out_size(data.shape[2:], kernel, stride, pad, dilate)
    cols = K.im2col_raw(xp, data, kernel, stride, pad, dilate, o)
    return cols.reshape(data.shape[0], data.shape[1] * math.prod(kernel), math.prod(o))


@primitive(lambda g, c, y, output_size, kernel, stride, dilate, pad:
           _im2col(g, kernel=kernel, stride=stride, dilate=dilate, pad=pad))
def _col2im(xp, data, output_size=(), kernel=(), stride=(), dilate=(), pad=()):
    o = K.conv_out_size(output_size, kernel, stride, pad, dilate)
    N, CK = data.shape[:2]
    C = CK // math.prod(kernel)
    cols = data.reshape((N, C) + tuple(kernel) + o)
    return K.col2im_raw(xp, cols, tuple(output_size), kernel, stride, pad, dilate)


def im2col(data, kernel=None, stride=(), dilate=(), pad=(), out=None, name=None):
    """Extract sliding blocks from input array (the columns of a convolution).

    Parameters
    ----------
    data : NDArray
        Input (N, C, *spatial).
    kernel : tuple of int
        Sliding kernel size.
    stride, dilate, pad : tuple of int, optional
        As for Convolution.

    Returns
    -------
    NDArray
        (N, C * prod(kernel), L) with L the number of sliding positions.
    """
    from .conv import _spatial_params
    k, s, d, p = _spatial_params("im2col", kernel, stride, dilate, pad)
    if data.ndim != len(k) + 2:
        raise MXNetError(f"im2col: data must be {len(k) + 2}-D for a {len(k)}-D kernel, got "
                         f"shape {shape_str(data.shape)}")
    o = K.conv_out_size(data.shape[2:], k, s, p, d)
    if any(i <= 0 for i in o):
        raise MXNetError(f"im2col: kernel {shape_str(k)} exceeds the padded input "
                         f"{shape_str(data.shape)}")
    return _im2col(data, kernel=k, stride=s, dilate=d, pad=p, out=out)


def col2im(data, output_size=None, kernel=None, stride=(), dilate=(), pad=(), out=None,
           name=None):
    """Combine sliding blocks into a large image array (the adjoint of im2col: overlapping
    values are summed).

    Parameters
    ----------
    data : NDArray
        Columns (N, C * prod(kernel), L).
    output_size : tuple of int
        The spatial shape of the image.
    kernel, stride, dilate, pad : tuple of int
        As for im2col.

    Returns
    -------
    NDArray
        (N, C, *output_size).
    """
    from .conv import _as_tuple, _spatial_params
    k, s, d, p = _spatial_params("col2im", kernel, stride, dilate, pad)
    size = _as_tuple(output_size)
    if len(size) != len(k):
        raise MXNetError(f"col2im: output_size {shape_str(size)} must have as many dims as "
                         f"kernel {shape_str(k)}")
    o = K.conv_out_size(size, k, s, p, d)
    kk = math.prod(k)
    if data.ndim != 3 or data.shape[1] % kk or data.shape[2] != math.prod(o):
        raise MXNetError(f"col2im: data shape {shape_str(data.shape)} does not match kernel "
                         f"{shape_str(k)} and output_size {shape_str(size)} (expected "
                         f"(N, C*{kk}, {math.prod(o)}))")
    return _col2im(data, output_size=size, kernel=k, stride=s, dilate=d, pad=p, out=out)
