"""Two-stage im2col for 2-D convolutions with unit strides, batch chunk by batch chunk.

A plain im2col copies one short run (an output row, `ow` elements) per (sample, channel, kh,
kw, output row): LeNet's second layer makes 76800 copies of 32 bytes. Here the copy is split
in two stages through a small buffer X (per sample and channel: kw column-shifted copies of
the padded image, each (rows, ow)):

    stage 1: X[n, c, j, h, :]       = xpad[n, c, h, j*dw : j*dw + ow]       (kw * rows copies)
    stage 2: cols[n, c, i, j, :, :] = X[n, c, j, i*dh : i*dh + oh, :]       (kh * kw copies)

Stage 2 copies whole (oh, ow) blocks, each one contiguous run of oh*ow elements (both sides),
so the short copies drop from kh*kw*oh to kw*rows per channel (LeNet conv2: 23040 + 9600
instead of 76800). Both stages copy opaque items (one memcpy each). The batch goes in chunks
whose columns stay near CHUNK_BYTES, so that X, the columns and the GEMM that reads them stay
in the core's L2 cache instead of streaming megabytes through L3 (LeNet conv1 forward: ~320
vs ~490 us).

The weight gradient needs no columns at all: tap row i's columns are a strided view of X
(rows (c, j) Hp*ow apart, starting at i*dh*ow), which BLAS takes as it is, so one batched
matmul over (sample, i) gives it. A training forward therefore keeps X (3-5x smaller than
the columns) instead of its columns.
"""
import math

import numpy as np

from . import conv_kernels as K

# Columns of one chunk (and the GEMM's inputs) stay near this size: in the L2 cache.
CHUNK_BYTES = 512 << 10
# weight_grad's per-sample products (m, kh, F, C/G*kw) of one chunk stay under this size.
_PRODUCT_BYTES = 8 << 20


def usable(xp, x, k, s, p, d, o):
    """Whether the two-stage im2col applies: NumPy, 2-D, unit strides, a kernel taller than
    one row (else stage 2 gains nothing), output size `o` that of the padded input."""
    return (xp is np and len(k) == 2 and s[0] == 1 and s[1] == 1 and k[0] > 1
            and type(x) is np.ndarray
            and all(o[i] == x.shape[2 + i] + 2 * p[i] - d[i] * (k[i] - 1) for i in (0, 1)))


def chunk_of(N, rows, L, itemsize):
    """Samples per chunk for columns of `rows` x `L` elements per sample."""
    return max(1, min(N, CHUNK_BYTES // max(1, rows * L * itemsize)))


class Kept:
    """The stage-1 buffer X of a whole batch, kept by a training forward for the weight
    gradient (see weight_grad)."""
    __slots__ = ("X",)

    def __init__(self, X):
        self.X = X


class Im2col:
    """im2col of x (N, C, H, W) for kernel k, pad p, dilation d (unit strides) into column
    blocks (m, C*kh*kw [+ 1], oh*ow), `nb` samples at most per call of :meth:`fill`. `X`: a
    whole-batch stage-1 buffer (N, C, kw, H + 2*p[0], ow) to fill (else a chunk-sized one)."""

    def __init__(self, x, k, p, d, o, nb, X=None):
        N, C, H, W = x.shape
        (kh, kw), (dh, dw), (oh, ow) = k, d, o
        e = x.itemsize
        self.C, self.k, self.L = C, k, oh * ow
        Hp, Wp = H + 2 * p[0], W + 2 * p[1]
        self.x, self.p, self.kept = x, p, X is not None
        row = np.dtype((np.void, ow * e))
        self.pad = None
        if any(p) or not x.flags.c_contiguous:
            # the chunk is first copied into a zero-bordered buffer (borders zeroed once)
            self.pad = K._scratch(np, (nb, C, Hp, Wp), x.dtype, "ts_pad", zero=True)
            src, st = self.pad, self.pad.strides
        else:
            src, st = x, x.strides
        # stage 1 source: (n, C, kw, Hp) rows of ow elements starting at column j*dw
        self.s1 = np.ndarray((src.shape[0], C, kw, Hp), row, buffer=src,
                             strides=(st[0], st[1], dw * e, st[2]))
        if X is None:
            X = K._scratch(np, (nb, C, kw, Hp, ow), x.dtype, "ts_x")
        self.X = X
        xs = X.strides
        self.d1 = np.ndarray((X.shape[0], C, kw, Hp), row, buffer=X, strides=xs[:4])
        self.block = np.dtype((np.void, oh * ow * e))
        # stage 2 source: (n, C, kh, kw) blocks of oh rows starting at row i*dh
        self.s2 = np.ndarray((X.shape[0], C, kh, kw), self.block, buffer=X,
                             strides=(xs[0], xs[1], dh * ow * e, xs[2]))

    def stage1(self, n0, m):
        """Fills X with samples [n0, n0+m) (at [n0, n0+m) if X is kept, else at [0, m))."""
        j = n0 if self.kept else 0
        if self.pad is not None:
            p, x = self.p, self.x
            H, W = x.shape[2:]
            self.pad[:m, :, p[0]:p[0] + H, p[1]:p[1] + W] = x[n0:n0 + m]
            self.d1[j:j + m] = self.s1[:m]
        else:
            self.d1[j:j + m] = self.s1[n0:n0 + m]

    def fill(self, cols, n0, m):
        """Writes the columns of samples [n0, n0+m) into cols (m, >= C*kh*kw, oh*ow), which
        must be contiguous in each sample's block (its first axis may have any stride)."""
        self.stage1(n0, m)
        j = n0 if self.kept else 0
        kh, kw = self.k
        L, e = self.L, cols.itemsize
        dst = np.ndarray((m, self.C, kh, kw), self.block, buffer=cols,
                         strides=(cols.strides[0], kh * kw * L * e, kw * L * e, L * e))
        dst[...] = self.s2[j:j + m]


def x_shape(x, k, p, o):
    """Shape of the whole-batch stage-1 buffer (see Kept)."""
    return x.shape[:2] + (k[1], x.shape[2] + 2 * p[0], o[1])


def forward(x, w2, k, p, d, o, G, y, X=None, ones_row=False):
    """The forward GEMMs of conv_forward over chunks: y (N, G, F/G, L) = w2 @ columns.
    `X` (x_shape): a whole-batch stage-1 buffer to keep (else a chunk-sized scratch one).
    `ones_row`: columns get a last row of ones (w2 then holds the bias as its last column)."""
    N, C = x.shape[:2]
    L = math.prod(o)
    CK = C * math.prod(k)
    rows = CK + 1 if ones_row else CK
    nb = chunk_of(N, rows, L, x.itemsize)
    plan = Im2col(x, k, p, d, o, nb, X)
    cols = K._scratch(np, (nb, rows, L), x.dtype, "cols")
    if ones_row:
        cols[:, CK] = 1
    for n0 in range(0, N, nb):
        m = min(nb, N - n0)
        plan.fill(cols[:m], n0, m)
        np.matmul(w2, cols[:m].reshape(m, G, -1, L), out=y[n0:n0 + m])


def for_weight_grad(C, k, G):
    """Whether the weight gradient goes through weight_grad (GEMMs straight from stage-1
    buffers; a training forward then keeps its X): faster for few channels per group (LeNet
    conv1/conv2: 171/318 vs 241/341 us from kept data, 277/440 vs 476/623 us recomputed),
    5-8% slower for many (16x7x7 or 512x14x14 3x3), which keep the plain path (and its
    columns) when training."""
    return (C // G) * k[1] <= 32


def conv_forward(x, w, bias, p, d, o, G, w2, y, kept, keep):
    """conv_kernels.conv_forward through the two-stage im2col: y is the (N, G, F/G, L) result
    buffer, w2 the (G, F/G, C/G*K) weights; `kept`: keep the stage-1 buffer in `keep`."""
    N, C = x.shape[:2]
    F, k = w.shape[0], w.shape[2:]
    CK = C * math.prod(k)
    fold = bias is not None and G == 1
    if fold:  # the GEMM adds the bias: weights with a bias column, columns with a ones row
        w2 = np.concatenate([w.reshape(F, CK), bias.reshape(F, 1)], axis=1)
    X = K._kept(np, x_shape(x, k, p, o), x.dtype) if kept else None
    forward(x, w2, k, p, d, o, G, y, X, fold)
    if X is not None:
        keep.append(Kept(X))
    y = y.reshape((N, F, -1))
    if bias is not None and not fold:
        np.add(y, bias.reshape(F, 1), out=y)
    return y.reshape((N, F) + tuple(o))


def weight_grad(x, g, k, p, d, o, G, kept=None):
    """conv_backward_weight straight from stage-1 buffers (no columns): the columns of first-
    axis tap i are X[n, (c, j), i*dh*ow : i*dh*ow + L] (rows Hp*ow apart), a GEMM operand as
    they are, so dw[:, :, i, :] = sum_n g[n] @ that^T (one batched matmul over (n, i)). X:
    `kept` (a forward's Kept) or refilled chunk by chunk. g: (N, F, L) -> (F, C/G, kh, kw)."""
    N, C = x.shape[:2]
    F, L = g.shape[1], math.prod(o)
    (kh, kw), ow = k, o[1]
    Cg, Fg = C // G, F // G
    e = x.itemsize
    nb = max(1, min(N, _PRODUCT_BYTES // (kh * F * Cg * kw * e)))
    if kept is not None:
        X, plan = kept.X, None
    else:
        nb = min(nb, chunk_of(N, C * kh * kw, L, e))
        plan = Im2col(x, k, p, d, o, nb)
        X = plan.X
    Hp = X.shape[3]
    xs = X.strides
    g5 = g.reshape(N, 1, G, Fg, L)
    dw = None
    for n0 in range(0, N, nb):
        m = min(nb, N - n0)
        if plan is not None:
            plan.stage1(n0, m)
        # (m, kh, G, L, Cg*kw): tap i's columns, transposed
        cols = np.ndarray((m, kh, G, L, Cg * kw), x.dtype, buffer=X,
                          offset=(n0 if plan is None else 0) * xs[0],
                          strides=(xs[0], d[0] * ow * e, Cg * kw * Hp * ow * e, e, Hp * ow * e))
        part = np.matmul(g5[n0:n0 + m], cols).sum(0)  # (kh, G, Fg, Cg*kw)
        dw = part if dw is None else dw + part
    # (kh, G, Fg, Cg, kw) -> (G, Fg, Cg, kh, kw)
    return dw.reshape(kh, G, Fg, Cg, kw).transpose(1, 2, 3, 0, 4)
