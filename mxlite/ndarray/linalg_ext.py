"""The linalg_* family (MXNet group G), also reachable as ``nd.linalg.<name>``.

Every op acts on the last two axes and batches over the rest. Gradients are written with
differentiable ops (_matmul, trsm, inverse, the triangle masks), so every order works.
Conventions follow MXNet 1.9.1: potrf/syevd gradients are symmetric, triangular inputs
(trmm, trsm, potri) receive gradient on their triangle only, syevd returns U with the
eigenvectors as rows (largest-magnitude entry of each row positive), gelqf returns [Q, L].
"""
import numpy as np

from ..base import MXNetError, shape_str
from .linalg import _matmul
from .linalg_checks import (_float_only, _gemm_axis, _illegal_offset, _need_ndim, _need_square,
                            _same_batch, _shapes_failed, _substitute, _tri_operands)
from .register import primitive
from .shape import _reshape_exact, transpose

__all__ = ["linalg_gemm", "linalg_gemm2", "linalg_potrf", "linalg_potri", "linalg_trmm",
           "linalg_trsm", "linalg_syrk", "linalg_sumlogdiag", "linalg_extractdiag",
           "linalg_makediag", "linalg_extracttrian", "linalg_maketrian", "linalg_gelqf",
           "linalg_syevd", "linalg_inverse", "linalg_det", "linalg_slogdet"]


# ---------------------------------------------------------------- checks and small helpers
def _zeros(x):
    from .unary import zeros_like
    return zeros_like(x)


def _mT(x):
    """Transpose of the last two axes (a differentiable copy)."""
    n = x.ndim
    return transpose(x, axes=tuple(range(n - 2)) + (n - 1, n - 2))


def _bcast_mat(v, like_ndim):
    """A batch of scalars (shape batch or (1,) for one matrix) as shape batch + (1, 1)."""
    shape = v.shape if like_ndim > 2 else ()
    return _reshape_exact(v, tuple(shape) + (1, 1))


def _scale(x, alpha):
    return x if alpha == 1 else x * float(alpha)


@primitive(lambda g, x, y, lower, k: _tri(g, lower=lower, k=k))
def _tri(xp, data, lower=True, k=0):
    """Lower (tril, diagonals <= k) or upper (triu, diagonals >= k) part of the last two axes."""
    return xp.tril(data, k) if lower else xp.triu(data, k)


def _phi(x):
    """Lower triangle with the diagonal halved (the Cholesky gradient's projection)."""
    low = _tri(x, lower=True, k=0)
    return low - _tri(low, lower=False, k=0) * 0.5


def _sym(x):
    return (x + _mT(x)) * 0.5


# ---------------------------------------------------------------- products
def _check_mm(a, b, ta, tb, op):
    _need_ndim(a, op)
    _need_ndim(b, op)
    ka = a.shape[-2] if ta else a.shape[-1]
    kb = b.shape[-1] if tb else b.shape[-2]
    if ka != kb:
        raise MXNetError(f"Check failed: (transpose_a ? (*in_attrs)[0][axis] : (*in_attrs)[0]"
                         f"[ndim-1]) == (transpose_b ? (*in_attrs)[1][ndim-1] : (*in_attrs)[1]"
                         f"[axis]) ({ka} vs. {kb}) : Incompatible matrix dimensions for "
                         f"multiplication ({op}: {shape_str(a.shape)} X {shape_str(b.shape)}, "
                         f"transpose_a={ta}, transpose_b={tb})")
    _same_batch(op, a, b)


def _row_axis_to_end(x, axis):
    """Moves the row axis `axis` to position -2 (MXNet's gemm axis parameter)."""
    n = x.ndim
    ax = axis % n
    if ax == n - 2:
        return x, None
    perm = [i for i in range(n - 1) if i != ax] + [ax, n - 1]
    inv = [0] * n
    for i, p in enumerate(perm):
        inv[p] = i
    return transpose(x, axes=tuple(perm)), tuple(inv)


def gemm2(A, B, transpose_a=False, transpose_b=False, alpha=1.0, axis=-2, out=None, name=None):
    """Performs general matrix multiplication: ``alpha * op(A) * op(B)``.

    Acts on the last two axes (or on `axis` and the last one) and batches over the rest.
    """
    _gemm_axis("_linalg_gemm2", axis, A, B)
    A, inv = _row_axis_to_end(A, axis)
    B, _ = _row_axis_to_end(B, axis)
    _check_mm(A, B, transpose_a, transpose_b, "_linalg_gemm2")
    r = _scale(_matmul(A, B, ta=bool(transpose_a), tb=bool(transpose_b)), alpha)
    return _finish(transpose(r, axes=inv) if inv else r, out)


def gemm(A, B, C, transpose_a=False, transpose_b=False, alpha=1.0, beta=1.0, axis=-2,
         out=None, name=None):
    """Performs general matrix multiplication and accumulation:
    ``alpha * op(A) * op(B) + beta * C``."""
    _gemm_axis("_linalg_gemm", axis, A, B, C)
    A, inv = _row_axis_to_end(A, axis)
    B, _ = _row_axis_to_end(B, axis)
    C2, _ = _row_axis_to_end(C, axis)
    _check_mm(A, B, transpose_a, transpose_b, "_linalg_gemm")
    m = A.shape[-1] if transpose_a else A.shape[-2]
    n = B.shape[-2] if transpose_b else B.shape[-1]
    if C2.shape != A.shape[:-2] + (m, n):
        want = A.shape[:-2] + (m, n)  # reported in C's own layout, as MXNet does
        want = tuple(want[i] for i in inv) if inv else want
        raise MXNetError(f"Shape inconsistent, Provided = {shape_str(C.shape)}, inferred "
                         f"shape={shape_str(want)} (_linalg_gemm: op(A) {shape_str(A.shape)} "
                         f"X op(B) {shape_str(B.shape)})")
    r = _scale(_matmul(A, B, ta=bool(transpose_a), tb=bool(transpose_b)), alpha)
    r = r + _scale(C2, beta)
    return _finish(transpose(r, axes=inv) if inv else r, out)


def _finish(r, out):
    if out is None:
        return r
    from .indexing import _copy_into
    _copy_into(r, out)
    return out


def trmm(A, B, transpose=False, rightside=False, lower=True, alpha=1.0, out=None, name=None):
    """Performs multiplication with a triangular matrix A (only its `lower` or upper
    triangle is read): ``alpha * op(A) * B`` or, with rightside, ``alpha * B * op(A)``."""
    _tri_operands(A, B, "_linalg_trmm")
    _check_mm(B, A, False, False, "_linalg_trmm") if rightside else \
        _check_mm(A, B, False, False, "_linalg_trmm")
    T = _tri(A, lower=bool(lower), k=0)
    r = _matmul(B, T, ta=False, tb=bool(transpose)) if rightside else \
        _matmul(T, B, ta=bool(transpose), tb=False)
    return _finish(_scale(r, alpha), out)


def syrk(A, transpose=False, alpha=1.0, out=None, name=None):
    """Multiplication of a matrix with its transpose: ``alpha * A * A^T`` (or
    ``alpha * A^T * A`` with transpose)."""
    if A.ndim < 2:
        raise _shapes_failed("_linalg_syrk")
    r = _matmul(A, A, ta=True, tb=False) if transpose else _matmul(A, A, ta=False, tb=True)
    return _finish(_scale(r, alpha), out)


# ---------------------------------------------------------------- triangular solve
def _trsm_grad(g, a, b, y, transpose, rightside, lower, alpha):
    t = not transpose
    z = trsm(a, g, transpose=t, rightside=rightside, lower=lower, alpha=1.0)
    gb = _scale(z, alpha)
    if not rightside:   # op(A) X = alpha B: op(A)bar = -Z X^T
        ga = _matmul(y, z, ta=False, tb=True) if transpose else _matmul(z, y, ta=False, tb=True)
    else:               # X op(A) = alpha B: op(A)bar = -X^T Z
        ga = _matmul(z, y, ta=True, tb=False) if transpose else _matmul(y, z, ta=True, tb=False)
    return -_tri(ga, lower=lower, k=0), gb


@primitive(grad=_trsm_grad, n_in=2)
def _trsm(xp, A, B, transpose=False, rightside=False, lower=True, alpha=1.0):
    T = xp.tril(A) if lower else xp.triu(A)
    if transpose:
        T = T.swapaxes(-1, -2)
    try:
        if rightside:   # X T = alpha B  <=>  T^T X^T = alpha B^T
            x = xp.linalg.solve(T.swapaxes(-1, -2), B.swapaxes(-1, -2)).swapaxes(-1, -2)
        else:
            x = xp.linalg.solve(T, B)
    except np.linalg.LinAlgError:  # a zero on the diagonal: substitution gives inf/nan
        x = (_substitute(T.swapaxes(-1, -2), B.swapaxes(-1, -2)).swapaxes(-1, -2) if rightside
             else _substitute(T, B))
    if alpha != 1:
        x = x * alpha
    return xp.ascontiguousarray(x.astype(A.dtype, copy=False))


def trsm(A, B, transpose=False, rightside=False, lower=True, alpha=1.0, out=None, name=None):
    """Solves a triangular system: ``op(A) X = alpha B`` (or ``X op(A) = alpha B`` with
    rightside); only the `lower` (or upper) triangle of A is read."""
    _tri_operands(A, B, "_linalg_trsm")
    _check_mm(B, A, False, False, "_linalg_trsm") if rightside else \
        _check_mm(A, B, False, False, "_linalg_trsm")
    return _trsm(A, B, transpose=bool(transpose), rightside=bool(rightside), lower=bool(lower),
                 alpha=float(alpha), out=out)


# ---------------------------------------------------------------- Cholesky family
def _potrf_grad(g, a, y):
    # Murray (2016): Abar = sym(L^-T Phi(L^T Lbar) L^-1), symmetric like MXNet's
    p = _phi(_matmul(y, g, ta=True, tb=False))
    s = trsm(y, trsm(y, p, transpose=True), rightside=True)
    return _sym(s)


@primitive(_potrf_grad)
def _potrf(xp, A):
    try:
        L = xp.linalg.cholesky(A)
    except np.linalg.LinAlgError:
        raise MXNetError(f"Check failed: ret == 0 : {'d' if A.dtype == np.float64 else 's'}"
                         "potrf failed in lapack on cpu. This may happen when the input matrix "
                         "is either not symmetric or not positive definite. (input shape "
                         f"{shape_str(A.shape)})") from None
    return L.astype(A.dtype, copy=False)


_NO_SQUARE = "No square matrix as input to "


def potrf(A, lower=True, out=None, name=None):
    """Performs Cholesky factorization of a symmetric positive-definite matrix: the lower
    triangular L with ``A = L L^T`` (only A's lower triangle is read), or with
    ``lower=False`` the upper triangular U = L^T with ``A = U^T U``."""
    _need_square(A, "_linalg_potrf", _NO_SQUARE + "potrf.", _NO_SQUARE + "potrf.")
    if lower:
        return _potrf(A, out=out)
    return _finish(_mT(_potrf(A)), out)


def _potri_grad(g, a, y):
    # Y = (L L^T)^-1: Lbar = -Y (G + G^T) Y L, on the lower triangle
    s = g + _mT(g)
    return -_tri(_matmul(_matmul(y, _matmul(s, y)), _tri(a)), lower=True, k=0)


@primitive(_potri_grad)
def _potri(xp, A):
    L = xp.tril(A)
    try:
        Linv = xp.linalg.inv(L)
    except np.linalg.LinAlgError:
        raise MXNetError(f"Check failed: ret == 0 : {'d' if A.dtype == np.float64 else 's'}"
                         "potri failed in lapack on cpu. This may happen when the input matrix "
                         "is not a Cholesky factorization obtained by a prior call of the "
                         f"potrf-operator. (input shape {shape_str(A.shape)})") from None
    return xp.matmul(Linv.swapaxes(-1, -2), Linv).astype(A.dtype, copy=False)


def potri(A, lower=True, out=None, name=None):
    """Computes the inverse of ``A = L L^T`` from its Cholesky factor L (the input, whose
    lower triangle is read), or with ``lower=False`` of ``A = U^T U`` from the upper U."""
    _need_square(A, "_linalg_potri", _NO_SQUARE + "potri.", _NO_SQUARE + "potri.")
    if lower:
        return _potri(A, out=out)
    return _finish(_potri(_mT(A)), out)


# ---------------------------------------------------------------- inverse, det, slogdet
@primitive(lambda g, a, y: -_matmul(_matmul(y, g, ta=True, tb=False), y, ta=False, tb=True))
def _inverse(xp, A):
    try:
        return xp.linalg.inv(A).astype(A.dtype, copy=False)
    except np.linalg.LinAlgError:
        raise MXNetError(f"Check failed: ret == 0 : the input matrix is non-convertible "
                         f"(singular, shape {shape_str(A.shape)})") from None


def inverse(A, out=None, name=None):
    """Computes the inverse of a square matrix (batched over the leading axes)."""
    _need_square(A, "_linalg_inverse")
    return _inverse(A, out=out)


def _det_out(xp, r, A):
    r = xp.asarray(r, dtype=A.dtype)
    return r.reshape((1,)) if A.ndim == 2 else r


@primitive(None)
def _cofactor(xp, A):
    """adj(A)ᵀ, defined for singular A too: from A = U S Vh it is det(U) det(Vh) U P Vh with
    P = diag(product of the other singular values). (First order only.)"""
    u, sv, vh = xp.linalg.svd(A)
    n = A.shape[-1]
    p = xp.stack([xp.prod(xp.delete(sv, i, -1), -1) for i in range(n)], -1)
    sign = xp.linalg.det(u) * xp.linalg.det(vh)
    return (sign[..., None, None] * xp.matmul(u * p[..., None, :], vh)).astype(A.dtype)


def _det_grad(g, a, y):
    """d det(A)/dA = adj(A)ᵀ: det(A) A⁻ᵀ (differentiable) unless some matrix is singular
    (MXNet gives 0 there; the cofactors are the true gradient)."""
    if (y.asnumpy() != 0).all():
        return _bcast_mat(g * y, a.ndim) * _mT(inverse(a))
    return _bcast_mat(g, a.ndim) * _cofactor(a)


@primitive(_det_grad)
def _det(xp, A):
    return _det_out(xp, xp.linalg.det(A), A)


def det(A, out=None, name=None):
    """Computes the determinant of a square matrix; a single matrix gives shape (1,)."""
    _need_square(A, "_linalg_det")
    return _det(A, out=out)


def _slogdet_grad(g, a, y):
    """d log|det A| / dA = A⁻ᵀ, or adj(A)ᵀ / det(A) (inf/nan) where A is singular."""
    if (y[0].asnumpy() != 0).all():
        return (_bcast_mat(g[1], a.ndim) * _mT(inverse(a)),)
    from .unary import exp
    return (_bcast_mat(g[1], a.ndim) * _cofactor(a) / _bcast_mat(y[0] * exp(y[1]), a.ndim),)


@primitive(grad=_slogdet_grad, n_in=1)
def _slogdet(xp, A):
    sign, logabs = xp.linalg.slogdet(A)
    return _det_out(xp, sign, A), _det_out(xp, logabs, A)


def slogdet(A, name=None):
    """Computes the sign and the natural log of the absolute value of the determinant:
    returns [sign, logabsdet] (shape (1,) each for a single matrix)."""
    _need_square(A, "_linalg_slogdet")
    return _slogdet(A)


# ---------------------------------------------------------------- diagonals and triangles
def _square_text(a, op):
    _need_square(a, op, "Input operand must be a tensor of square matrices",
                 "Input operand must be a tensor of matrices")


@primitive(lambda g, x, y, offset: makediag(g, offset=offset))
def _extractdiag(xp, A, offset=0):
    return xp.ascontiguousarray(xp.diagonal(A, offset, -2, -1))


def extractdiag(A, offset=0, out=None, name=None):
    """Extracts the diagonal entries (at `offset`) of a square matrix."""
    _square_text(A, "_linalg_extractdiag")
    if abs(offset) >= A.shape[-1]:
        raise MXNetError(_illegal_offset(A, offset))
    return _extractdiag(A, offset=int(offset), out=out)


@primitive(lambda g, x, y, offset: _extractdiag(g, offset=offset))
def _makediag(xp, A, offset=0):
    n = A.shape[-1] + abs(offset)
    out = xp.zeros(A.shape[:-1] + (n, n), dtype=A.dtype)
    i = xp.arange(A.shape[-1])
    r, c = (i, i + offset) if offset >= 0 else (i - offset, i)
    out[..., r, c] = A
    return out


def makediag(A, offset=0, out=None, name=None):
    """Constructs a square matrix with the input as its diagonal at `offset`."""
    if A.ndim < 1:
        raise MXNetError("Check failed: i >= 0 && i < ndim(): index = -2 must be in range "
                         "[0, -1)")
    return _makediag(A, offset=int(offset), out=out)


def _trian_index(n, offset, lower):
    """(rows, cols) of the triangle in MXNet's packing order: row-major for the lower
    triangle, column-major (row-major of the transpose) for the upper one."""
    low = offset < 0 or (offset == 0 and lower)
    r, c = np.tril_indices(n, -abs(offset))
    return (r, c) if low else (c, r)


@primitive(lambda g, x, y, offset, lower: _maketrian(g, offset=offset, lower=lower))
def _extracttrian(xp, A, offset=0, lower=True):
    r, c = _trian_index(A.shape[-1], offset, lower)
    return xp.ascontiguousarray(A[..., r, c])


def extracttrian(A, offset=0, lower=True, out=None, name=None):
    """Extracts a triangular sub-matrix of a square matrix as a packed vector (the lower
    triangle row by row, the upper one column by column)."""
    _square_text(A, "_linalg_extracttrian")
    if abs(offset) >= A.shape[-1]:
        raise MXNetError(_illegal_offset(A, offset))
    return _extracttrian(A, offset=int(offset), lower=bool(lower), out=out)


def _trian_size(m, offset):
    k = int((np.sqrt(8 * m + 1) - 1) // 2)
    if k * (k + 1) // 2 != m:
        raise MXNetError(f"Check failed: (m*(m+1))/2 == n ({(k + 1) * (k + 2) // 2} vs. {m}) : "
                         f"Input tensor of maketrian has an invalid dimension for the last axis.")
    return k + abs(offset)


@primitive(lambda g, x, y, offset, lower: _extracttrian(g, offset=offset, lower=lower))
def _maketrian(xp, A, offset=0, lower=True):
    n = _trian_size(A.shape[-1], offset)
    out = xp.zeros(A.shape[:-1] + (n, n), dtype=A.dtype)
    r, c = _trian_index(n, offset, lower)
    out[..., r, c] = A
    return out


def maketrian(A, offset=0, lower=True, out=None, name=None):
    """Constructs a triangular matrix from a packed vector (inverse of extracttrian)."""
    _need_ndim(A, "_linalg_maketrian", 1)
    return _maketrian(A, offset=int(offset), lower=bool(lower), out=out)


def sumlogdiag(A, out=None, name=None):
    """Computes the sum of the logarithms of the diagonal elements of a square matrix."""
    from .reduce import sum as _sum
    from .unary import log
    if A.ndim < 2:
        raise _shapes_failed("_linalg_sumlogdiag")
    _need_square(A, "_linalg_sumlogdiag", "sumlogdiag operator requires square matrices as "
                 "input.")
    return _finish(_sum(log(_extractdiag(A)), axis=-1), out)


# ---------------------------------------------------------------- LQ and eigen-decomposition
def _gelqf_grad(g, a, y):
    # MXNet's formula: dA = L^-T (dQ + copyltu(M) Q), M = L^T dL - dQ Q^T
    gq, gl = g
    q, low_l = y
    m = _matmul(low_l, gl, ta=True, tb=False) - _matmul(gq, q, ta=False, tb=True)
    low = _tri(m, lower=True, k=0)
    c = low + _mT(_tri(m, lower=True, k=-1))
    return (trsm(low_l, gq + _matmul(c, q), transpose=True),)


@primitive(grad=_gelqf_grad, n_in=1)
def _gelqf(xp, A):
    q, r = xp.linalg.qr(A.swapaxes(-1, -2))
    return (xp.ascontiguousarray(q.swapaxes(-1, -2)).astype(A.dtype, copy=False),
            xp.ascontiguousarray(r.swapaxes(-1, -2)).astype(A.dtype, copy=False))


def gelqf(A, name=None):
    """LQ factorization of a general matrix (rows <= columns): returns [Q, L] with
    ``A = L Q``, Q with orthonormal rows and L lower triangular."""
    if A.ndim < 2:
        raise _shapes_failed("_linalg_gelqf")
    if A.shape[-2] > A.shape[-1]:
        raise MXNetError(f"Check failed: in_a[ndim-2] <= in_a[ndim-1] ({A.shape[-2]} vs. "
                         f"{A.shape[-1]}) : Input A shape wrong: Last dimension must be >= than "
                         f"second to last (input shape {shape_str(A.shape)})")
    return _gelqf(A)


def _syevd_grad(g, a, y):
    # A = U^T diag(lam) U (rows of U are eigenvectors):
    # Abar = sym(U^T (diag(lam_bar) + F o (U Ubar^T)) U), F_ij = 1/(lam_j - lam_i), i != j
    gu, gl = g
    u, lam = y
    n = lam.shape[-1]
    col = _reshape_exact(lam, lam.shape + (1,))
    row = _reshape_exact(lam, lam.shape[:-1] + (1, n))
    d = row - col
    same = d == 0  # the diagonal, and ties of repeated eigenvalues (MXNet: no contribution)
    f = (1 - same) / (d + same)
    inner = f * _matmul(u, gu, ta=False, tb=True) + _makediag(gl)
    return (_sym(_matmul(_matmul(u, inner, ta=True, tb=False), u)),)


@primitive(grad=_syevd_grad, n_in=1)
def _syevd(xp, A):
    lam, v = xp.linalg.eigh(A)
    u = v.swapaxes(-1, -2)
    # MXNet's sign convention: the largest-magnitude entry of each eigenvector is positive
    big = xp.take_along_axis(u, xp.argmax(xp.abs(u), axis=-1)[..., None], axis=-1)
    u = u * xp.where(big < 0, -1, 1).astype(u.dtype)
    return xp.ascontiguousarray(u).astype(A.dtype, copy=False), lam.astype(A.dtype, copy=False)


def syevd(A, name=None):
    """Eigendecomposition of a symmetric matrix: returns [U, lam] with
    ``A = U^T diag(lam) U``, eigenvalues ascending, eigenvectors as the rows of U."""
    if A.ndim < 2:
        raise _shapes_failed("_linalg_syevd")
    _need_square(A, "_linalg_syevd", "Input A shape wrong: Last two dimensions must be equal")
    return _syevd(A)


gemm, gemm2, potrf, potri, trmm, trsm, syrk, sumlogdiag = map(
    _float_only, (gemm, gemm2, potrf, potri, trmm, trsm, syrk, sumlogdiag))
extractdiag, makediag, extracttrian, maketrian, gelqf, syevd, inverse, det, slogdet = map(
    _float_only, (extractdiag, makediag, extracttrian, maketrian, gelqf, syevd, inverse, det,
                  slogdet))
linalg_gemm, linalg_gemm2, linalg_potrf, linalg_potri = gemm, gemm2, potrf, potri
linalg_trmm, linalg_trsm, linalg_syrk, linalg_sumlogdiag = trmm, trsm, syrk, sumlogdiag
linalg_extractdiag, linalg_makediag = extractdiag, makediag
linalg_extracttrian, linalg_maketrian = extracttrian, maketrian
linalg_gelqf, linalg_syevd, linalg_inverse, linalg_det, linalg_slogdet = \
    gelqf, syevd, inverse, det, slogdet
