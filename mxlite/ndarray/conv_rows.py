"""Convolution's data gradient for unit strides in 1-D/2-D (split out of conv_kernels)."""
import itertools
import math

from .conv_kernels import _as_strided, _chunk, _scratch, _widen

__all__ = ["backward_data_rows"]


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
