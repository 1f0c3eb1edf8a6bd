"""Linear algebra (group G): dot, batch_dot, khatri_rao and the linalg_* family against
MXNet fixtures, with gradients of order 1 and 2 by finite differences."""
import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd, nd
from mxlite.base import MXNetError
from opcheck import check_op
from test_op_reduce import CASES, replay

LINALG_CASES = [n for n in CASES if n.split("_")[0] in (
    "dot", "batch", "gemm", "gemm2", "potrf", "potri", "trmm", "trsm", "syrk", "sumlogdiag",
    "extractdiag", "makediag", "extracttrian", "maketrian", "gelqf", "syevd", "inverse", "det",
    "slogdet", "khatri")]


@pytest.mark.parametrize("name", LINALG_CASES)
def test_fixture(name):
    replay(CASES[name])


RS = np.random.RandomState(11)
A33 = RS.uniform(-1, 1, (3, 3)) + 3 * np.eye(3)          # well conditioned
B33 = RS.uniform(-1, 1, (3, 3))
A23 = RS.uniform(-1, 1, (2, 3))
BATCH = RS.uniform(-1, 1, (2, 3, 3)) + 3 * np.eye(3)
LOW = np.tril(A33)


def c64(a):
    return nd.array(a, dtype="float64")


def spd(a):
    """A symmetric positive-definite function of a (so finite differences see symmetry)."""
    n = a.shape[-1]
    return nd.linalg.gemm2(a, a, transpose_b=True) + c64(np.eye(n) * n)


def np_spd(a):
    n = a.shape[-1]
    return a @ np.swapaxes(a, -1, -2) + np.eye(n) * n


def tri_solve(a, b, lower=True):
    return np.linalg.solve(np.tril(a) if lower else np.triu(a), b)


@pytest.mark.parametrize("fn, ref, inputs", [
    (lambda a, b: nd.dot(a, b), lambda a, b: a @ b, [A23, B33]),
    (lambda a, b: nd.dot(a, b, transpose_a=True, transpose_b=True), lambda a, b: a.T @ b.T,
     [B33, A23]),
    (lambda a, b: nd.dot(a, b), lambda a, b: np.tensordot(a, b, 1),
     [RS.rand(2, 3, 2), RS.rand(2, 2)]),
    (lambda a, b: nd.batch_dot(a, b, transpose_b=True), lambda a, b: a @ b.swapaxes(1, 2),
     [BATCH, RS.rand(2, 4, 3)]),
    (lambda a, b, c: nd.linalg.gemm(a, b, c, transpose_a=True, alpha=2, beta=0.5),
     lambda a, b, c: 2 * a.T @ b + 0.5 * c, [B33, A33, LOW]),
    (lambda a, b: nd.linalg.gemm2(a, b, transpose_b=True, alpha=-1.5),
     lambda a, b: -1.5 * a @ b.T, [A23, A23]),
    (lambda a: nd.linalg.syrk(a, transpose=True, alpha=0.5), lambda a: 0.5 * a.T @ a, [A23]),
    (lambda a, b: nd.linalg.trmm(a, b, rightside=True, transpose=True, lower=False),
     lambda a, b: b @ np.triu(a).T, [A33, A23]),
    (lambda a, b: nd.linalg.trsm(a, b), tri_solve, [A33, B33]),
    (lambda a, b: nd.linalg.trsm(a, b, transpose=True, rightside=True, lower=False, alpha=2),
     lambda a, b: 2 * b @ np.linalg.inv(np.triu(a).T), [A33, A23]),
    (lambda a: nd.linalg.potrf(spd(a)), lambda a: np.linalg.cholesky(np_spd(a)), [B33]),
    (lambda a: nd.linalg.potrf(spd(a)), lambda a: np.linalg.cholesky(np_spd(a)),
     [RS.uniform(-1, 1, (2, 2, 2))]),
    (lambda a: nd.linalg.potri(a), lambda a: np.linalg.inv(np.tril(a) @ np.tril(a).T), [LOW]),
    (lambda a: nd.linalg.sumlogdiag(a), lambda a: np.log(np.diagonal(a, 0, -2, -1)).sum(-1),
     [BATCH]),
    (lambda a: nd.linalg.extractdiag(a, offset=1), lambda a: np.diagonal(a, 1, -2, -1), [BATCH]),
    (lambda a: nd.linalg.makediag(a, offset=-1),
     lambda a: np.stack([np.diag(r, -1) for r in a]), [A23]),
    (lambda a: nd.linalg.maketrian(nd.linalg.extracttrian(a, lower=False), lower=False),
     np.triu, [A33]),
    (lambda a: nd.linalg.inverse(a), np.linalg.inv, [BATCH]),
    (lambda a: nd.linalg.det(a), np.linalg.det, [A33]),
    (lambda a: nd.linalg.slogdet(a)[1], lambda a: np.linalg.slogdet(a)[1], [BATCH]),
    (lambda a: nd.linalg.syevd(spd(a))[1], lambda a: np.linalg.eigh(np_spd(a))[0], [B33]),
    (lambda a: nd.khatri_rao(a, a * 2), None, [A23]),
])
def test_forward_and_grads(fn, ref, inputs):
    check_op(fn, ref, inputs, orders=(1, 2))


def test_syevd_vectors_and_gelqf_grads():
    # eigenvectors: gradient of a sign-invariant function of U (U^T diag(c) U), orders 1 and 2
    c = c64(np.array([[1.0], [2.0], [-1.0]]))

    def f(a):
        u, lam = nd.linalg.syevd(spd(a))
        return nd.linalg.gemm2(u, u * c, transpose_a=True) + nd.reshape(lam, (1, 3))
    check_op(f, None, [B33], orders=(1, 2))

    def g(a):
        q, l = nd.linalg.gelqf(a)
        return nd.linalg.gemm2(l, q) * 1.5 + q * l.sum()
    check_op(g, lambda a: a * 1.5 + np.linalg.qr(a.T)[0].T * np.linalg.qr(a.T)[1].sum(),
             [A23], orders=(1, 2))


def test_reconstructions():
    a = np_spd(B33)
    u, lam = nd.linalg.syevd(c64(a))
    np.testing.assert_allclose((u.asnumpy().T * lam.asnumpy()) @ u.asnumpy(), a, atol=1e-10)
    q, l = nd.linalg.gelqf(c64(A23))
    np.testing.assert_allclose(l.asnumpy() @ q.asnumpy(), A23, atol=1e-12)
    assert np.allclose(np.triu(l.asnumpy(), 1), 0)
    s, ld = nd.linalg.slogdet(c64(-A33))
    assert s.shape == (1,) and np.isclose(s.asnumpy()[0] * np.exp(ld.asnumpy()[0]),
                                          np.linalg.det(-A33))


def test_aliases_and_namespaces():
    for name in ("gemm", "gemm2", "potrf", "potri", "trmm", "trsm", "syrk", "sumlogdiag",
                 "extractdiag", "makediag", "extracttrian", "maketrian", "gelqf", "syevd",
                 "inverse", "det", "slogdet"):
        assert getattr(nd, "linalg_" + name) is getattr(nd.linalg, name)
    assert mx.nd.khatri_rao is nd.linalg.khatri_rao


def test_dot_gradient_third_order_and_shapes():
    check_op(lambda a: nd.dot(a, a * a), lambda a: a @ (a * a), [B33], orders=(3,))
    assert nd.dot(nd.ones(2), nd.ones(2)).shape == (1,)
    assert nd.dot(nd.ones((2, 3, 4)), nd.ones((2, 5)), transpose_a=True).shape == (3, 4, 5)


def test_errors_name_shapes():
    x = nd.ones((2, 3))
    with pytest.raises(MXNetError, match=r"dot shape error: \[2,3\] X \[2,3\]"):
        nd.dot(x, x)
    with pytest.raises(MXNetError, match=r"leading batch dimensions must be equal\): "
                                         r"\[2,3,4\] X \[3,4,5\]"):
        nd.batch_dot(nd.ones((2, 3, 4)), nd.ones((3, 4, 5)))
    for op in (nd.linalg.potrf, nd.linalg.inverse, nd.linalg.det, nd.linalg.syevd,
               nd.linalg.slogdet, nd.linalg.potri, nd.linalg.sumlogdiag):
        with pytest.raises(MXNetError, match=r"\[2,3\]"):
            op(x)
    with pytest.raises(MXNetError, match="not positive definite"):
        nd.linalg.potrf(nd.array([[1, 2], [2, 1]]))
    with pytest.raises(MXNetError, match="non-convertible"):
        nd.linalg.inverse(nd.array([[1, 2], [2, 4]]))
    with pytest.raises(MXNetError, match=r"Incompatible matrix dimensions"):
        nd.linalg.gemm(x, x, x)
    with pytest.raises(MXNetError, match="columns"):
        nd.khatri_rao(nd.ones((2, 3)), nd.ones((2, 2)))


def test_dot_backward_matches_numpy():
    a, b = RS.rand(5, 4).astype(np.float32), RS.rand(4, 3).astype(np.float32)
    g = RS.rand(5, 3).astype(np.float32)
    x, y = nd.array(a), nd.array(b)
    x.attach_grad()
    y.attach_grad()
    with autograd.record():
        z = nd.dot(x, y)
    z.backward(nd.array(g))
    np.testing.assert_allclose(x.grad.asnumpy(), g @ b.T, rtol=1e-5)
    np.testing.assert_allclose(y.grad.asnumpy(), a.T @ g, rtol=1e-5)
