"""Linear algebra (MXNet group G): dot with MXNet's N-D meaning, batch_dot, linalg_* …"""
import math

import numpy as np

from ..base import MXNetError, shape_str
from .elemwise import dtype_mismatch
from .register import primitive
from .shape import _reshape_exact

__all__ = ["dot", "batch_dot", "khatri_rao"]


def _dot_dims(a_shape, b_shape, ta, tb):
    """(rows of op(A), k, cols of op(B), output shape) for MXNet's dot."""
    if not a_shape or not b_shape:
        raise MXNetError(f"dot shape error: {shape_str(a_shape)} X {shape_str(b_shape)}")
    ka = a_shape[0] if ta else a_shape[-1]
    kb = b_shape[-1] if tb else b_shape[0]
    if ka != kb:
        raise MXNetError(f"dot shape error: {shape_str(a_shape)} X {shape_str(b_shape)}")
    a_rest = a_shape[1:] if ta else a_shape[:-1]
    b_rest = b_shape[:-1] if tb else b_shape[1:]
    out = tuple(a_rest) + tuple(b_rest)
    return math.prod(a_rest), ka, math.prod(b_rest), out or (1,)


def _dot2(xp, a, b, ta, tb):
    m, k, n, out = _dot_dims(a.shape, b.shape, ta, tb)
    a2 = a.reshape(k, m).T if ta else a.reshape(m, k)
    b2 = b.reshape(n, k).T if tb else b.reshape(k, n)
    if tb and k < 16 and m * n <= 1 << 18:
        b2 = small_k_rhs(xp, b2)
    r = xp.matmul(a2, b2)
    return r if r.shape == out else r.reshape(out)


def small_k_rhs(xp, bT):
    """A transposed right operand with a short inner dimension (< 16) as a contiguous copy:
    OpenBLAS's transposed kernel is ~3x slower there (256x10 @ (256x10)^T: 38 vs 14 us,
    the gradient of an MLP's last layer); the copy is a few thousand elements."""
    return xp.ascontiguousarray(bT)


def _as2(x, shape):
    return x if x.shape == shape else _reshape_exact(x, shape)


# One formula per input, so the engine computes only the gradients a graph needs (the
# constant X of an MLP costs no matrix product).
def _dot_grad_a(g, a, b, y, transpose_a, transpose_b, forward_stype=None):
    m, k, n, _ = _dot_dims(a.shape, b.shape, transpose_a, transpose_b)
    g2 = _as2(g, (m, n))
    b2 = _as2(b, (n, k) if transpose_b else (k, n))
    if transpose_a:
        ga = dot(b2, g2, transpose_a=transpose_b, transpose_b=True)
    else:
        ga = dot(g2, b2, transpose_b=not transpose_b)
    return _as2(ga, a.shape)


def _dot_grad_b(g, a, b, y, transpose_a, transpose_b, forward_stype=None):
    m, k, n, _ = _dot_dims(a.shape, b.shape, transpose_a, transpose_b)
    g2 = _as2(g, (m, n))
    a2 = _as2(a, (k, m) if transpose_a else (m, k))
    if transpose_b:
        gb = dot(g2, a2, transpose_a=True, transpose_b=transpose_a)
    else:
        gb = dot(a2, g2, transpose_a=not transpose_a)
    return _as2(gb, b.shape)


def _dot_dtypes(lhs, rhs):
    """The slow path of dot's dtype test: different dtypes, or not float32/float64 (CPU)."""
    if lhs.dtype != rhs.dtype:
        raise dtype_mismatch(lhs.dtype, rhs.dtype)
    if np.dtype(lhs.dtype) not in _DOT_DTYPES:
        raise MXNetError("Check failed: outputs[0].type_flag_ == kFloat32 || "
                         "outputs[0].type_flag_ == kFloat64 || (outputs[0].type_flag_ == "
                         "kFloat16 && ctx.run_ctx.ctx.dev_mask() == mshadow::gpu::kDevMask): "
                         "dot only supports float32/float64 for CPU, and float16/float32/float64 "
                         "for GPU")


@primitive(_dot_grad_a, _dot_grad_b)
def _dot(xp, lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None):
    if lhs.dtype != rhs.dtype or (lhs.dtype not in _DOT_DTYPES and xp is np):
        _dot_dtypes(lhs, rhs)
    return _dot2(xp, lhs, rhs, transpose_a, transpose_b)


_DOT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
_DOT_TYPES = (np.float32, np.float64)


def dot(lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None, out=None, name=None):
    """Dot product of two arrays.

    N-D semantics are ``tensordot(lhs, rhs, axes=1)``: the last axis of lhs meets the first
    axis of rhs. ``transpose_a`` contracts lhs's first axis instead; ``transpose_b``
    contracts rhs's last axis. 1-D x 1-D gives shape (1,).
    """
    if not transpose_a and not transpose_b and out is None:
        return _dot(lhs, rhs)
    if lhs.ndim == 1 and rhs.ndim == 1:
        raise MXNetError("Check failed: !param.transpose_a && !param.transpose_b: Cannot "
                         "transpose vectors")
    if out is None:  # (no out= keyword: the op's quick path)
        return _dot(lhs, rhs, transpose_a=transpose_a, transpose_b=transpose_b)
    return _dot(lhs, rhs, transpose_a=transpose_a, transpose_b=transpose_b, out=out)


# ---------------------------------------------------------------- batched matrix products
def _mT_raw(a):
    return a.swapaxes(-1, -2)


def _matmul_grad(g, a, b, y, ta, tb):
    """Gradients of op(A) @ op(B), each one product with transpose flags (no copies)."""
    if not ta and not tb:
        return _matmul(g, b, ta=False, tb=True), _matmul(a, g, ta=True, tb=False)
    if ta and not tb:
        return _matmul(b, g, ta=False, tb=True), _matmul(a, g, ta=False, tb=False)
    if not ta and tb:
        return _matmul(g, b, ta=False, tb=False), _matmul(g, a, ta=True, tb=False)
    return _matmul(b, g, ta=True, tb=True), _matmul(g, a, ta=True, tb=True)


@primitive(grad=_matmul_grad, n_in=2)
def _matmul(xp, a, b, ta=False, tb=False):
    """op(a) @ op(b) over the last two axes (op = transpose of the last two axes if set)."""
    return xp.matmul(_mT_raw(a) if ta else a, _mT_raw(b) if tb else b)


def _flag(t):
    return int(bool(t))


def batch_dot(lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None, out=None,
              name=None):
    """Batchwise dot product: ``out[i] = dot(op(lhs[i]), op(rhs[i]))`` over the last two
    axes of N-D arrays (N >= 3). The leading batch dimensions must be equal (no
    broadcasting)."""
    ls, rs = lhs.shape, rhs.shape
    if len(ls) < 3 or len(ls) != len(rs):
        raise MXNetError(f"batch_dot currently only support N-D*N-D array (N >= 3)"
                         f"{shape_str(ls)} v.s. {shape_str(rs)}")
    tail = (f"{shape_str(ls)} X {shape_str(rs)} trans_a={_flag(transpose_a)} "
            f"trans_b={_flag(transpose_b)}")
    for i in range(len(ls) - 2):
        if ls[i] != rs[i]:
            raise MXNetError(f"Check failed: lshape[i] == rshape[i] ({ls[i]} vs. {rs[i]}) : "
                             f"batch_dot shape error (the leading batch dimensions must be "
                             f"equal): {tail}")
    lk = ls[-2] if transpose_a else ls[-1]
    rk = rs[-1] if transpose_b else rs[-2]
    if lk != rk:
        raise MXNetError(f"Check failed: lshape_k == rshape_k ({lk} vs. {rk}) : batch_dot "
                         f"shape error (shape mismatch): {tail}")
    if lhs.dtype is not rhs.dtype or lhs.dtype not in _DOT_TYPES:  # (NDArray.dtype: a type)
        _dot_dtypes(lhs, rhs)
    return _matmul(lhs, rhs, ta=bool(transpose_a), tb=bool(transpose_b), out=out)


def khatri_rao(*args, **kwargs):
    """Computes the Khatri-Rao product (column-wise Kronecker product) of the input matrices.

    Inputs have shapes (r_i, c); the output has shape (prod r_i, c): row
    ``(i_1, ..., i_n)`` (row-major) of column j is ``prod_k A_k[i_k, j]``.
    """
    if not args:
        raise MXNetError("value 0 for Parameter num_args should be greater equal to 1")
    c = args[0].shape[-1]
    res = args[0]
    for a in args:
        if a.ndim < 2:
            raise MXNetError(f"Check failed: i >= 0 && i < ndim(): index = 1 must be in range "
                             f"[0, {a.ndim})")
        if a.ndim > 2:
            raise MXNetError(f"dimension do not match target dimension 2 vs {a.ndim}")
        if a.shape[1] != c:
            raise MXNetError(f"Check failed: (num_columns) == (static_cast<int>(attr_shape[1])) "
                             f"({c} vs. {a.shape[1]}) : khatri_rao: all inputs need {c} columns, "
                             f"got shape {shape_str(a.shape)}")
    for i, a in enumerate(args[1:], 1):
        if a.dtype != res.dtype:
            raise dtype_mismatch(res.dtype, a.dtype, i)
    if np.dtype(res.dtype) not in _DOT_DTYPES:
        raise MXNetError("Not implmented!")  # (sic: MXNet's text, for int and float16 input)
    for a in args[1:]:
        r = res.shape[0]
        res = _reshape_exact(_reshape_exact(res, (r, 1, c)) * _reshape_exact(a, (1, a.shape[0], c)),
                             (r * a.shape[0], c))
    return res if len(args) > 1 else res * 1


from .linalg_ext import *  # noqa: E402,F401,F403  (the linalg_* family; nd.linalg.<name>)
from .linalg_ext import __all__ as _ext_all  # noqa: E402
from .linalg_ext import (gemm, gemm2, potrf, potri, trmm, trsm, syrk, sumlogdiag,  # noqa: E402,F401
                         extractdiag, makediag, extracttrian, maketrian, gelqf, syevd, inverse,
                         det, slogdet)

__all__ = __all__ + list(_ext_all)
