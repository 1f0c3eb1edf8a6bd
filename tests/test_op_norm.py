"""Normalization ops: BatchNorm (with its moving statistics), LayerNorm, InstanceNorm,
GroupNorm, L2Normalization, LRN. Fixtures from MXNet 1.9.1 (tests/fixtures/nn.json) and
finite-difference gradients of order 1 and 2 in float64."""
import numpy as np
import pytest
from opcheck import check_op
from test_op_nn import FIXTURES, NORM_OPS, run_fixture

from mxlite import autograd as ag
from mxlite import nd
from mxlite.base import MXNetError

rs = np.random.RandomState(1)


@pytest.mark.parametrize("case", [c for c in FIXTURES if c["name"].startswith(NORM_OPS)],
                         ids=lambda c: c["name"])
def test_fixture(case):
    run_fixture(case)


def _bn_ref(x, g, b, axis=1, eps=1e-3):
    axes = tuple(i for i in range(x.ndim) if i != axis)
    shp = [1] * x.ndim
    shp[axis] = -1
    m = x.mean(axis=axes, keepdims=True)
    v = x.var(axis=axes, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * g.reshape(shp) + b.reshape(shp)


def _bn_args(c):
    return nd.zeros(c, dtype="float64"), nd.ones(c, dtype="float64")


def _training(fn):
    """fn run in train mode (check_op compares the forward outside record())."""
    def run(*args):
        with ag.train_mode():
            return fn(*args)
    return run


def test_batchnorm_training_fd():
    x, g, b = rs.randn(3, 2, 2), rs.rand(2) + 0.5, rs.randn(2)
    mm, mv = _bn_args(2)
    check_op(_training(lambda a, c, d: nd.BatchNorm(a, c, d, mm, mv, fix_gamma=False)),
             _bn_ref, [x, g, b])
    mm, mv = _bn_args(3)
    check_op(_training(lambda a, c, d: nd.BatchNorm(a, c, d, mm, mv, fix_gamma=False, axis=-1)),
             lambda a, c, d: _bn_ref(a, c, d, axis=2), [rs.randn(2, 2, 3), rs.rand(3) + 0.5,
                                                        rs.randn(3)])


def test_batchnorm_output_mean_var_fd():
    # gradients flowing into the mean and inv_std outputs are honoured (MXNet drops them)
    x, b = rs.randn(4, 2), rs.randn(2)
    mm, mv = _bn_args(2)

    def ref(a, d):
        return [_bn_ref(a, np.ones(2), d), a.mean(0), 1 / np.sqrt(a.var(0) + 1e-3)]
    check_op(_training(lambda a, d: nd.BatchNorm(a, nd.ones(2, dtype="float64"), d, mm, mv,
                                                 output_mean_var=True)), ref, [x, b])


def test_batchnorm_inference_fd():
    x, g, b = rs.randn(3, 2, 2), rs.rand(2) + 0.5, rs.randn(2)
    mm = nd.array([0.3, -0.2], dtype="float64")
    mv = nd.array([1.5, 0.7], dtype="float64")

    def ref(a, c, d):
        s = (c / np.sqrt(mv.asnumpy() + 1e-3)).reshape(1, 2, 1)
        return (a - mm.asnumpy().reshape(1, 2, 1)) * s + d.reshape(1, 2, 1)
    check_op(lambda a, c, d: nd.BatchNorm(a, c, d, mm, mv, fix_gamma=False,
                                          use_global_stats=True), ref, [x, g, b])


def test_batchnorm_moving_stats_update_in_backward_only():
    x = nd.array(rs.randn(4, 3, 2))
    g, b = nd.ones(3), nd.zeros(3)
    mm, mv = nd.zeros(3), nd.ones(3)
    x.attach_grad()
    xs = x.asnumpy()
    mean, var = xs.mean((0, 2)), xs.var((0, 2))
    with ag.record():
        y = nd.BatchNorm(x, g, b, mm, mv)
    np.testing.assert_array_equal(mm.asnumpy(), 0)  # forward alone: unchanged
    y.backward()
    np.testing.assert_allclose(mm.asnumpy(), 0.1 * mean, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(mv.asnumpy(), 0.9 + 0.1 * var, rtol=1e-5)
    mm[:], mv[:] = 0, 1
    with ag.record():
        y = nd.BatchNorm(x, g, b, mm, mv)
    y.backward(train_mode=False)
    np.testing.assert_array_equal(mm.asnumpy(), 0)
    with ag.record(train_mode=False):
        y = nd.BatchNorm(x, g, b, mm, mv)
    y.backward()
    np.testing.assert_array_equal(mm.asnumpy(), 0)
    # a second-order pass does not update them again
    with ag.record():
        y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)
        gx = ag.grad((y * y).sum(), [x], create_graph=True)[0]
        once = mm.asnumpy().copy()
        z = (gx * gx).sum()
    np.testing.assert_allclose(once, 0.1 * mean, rtol=1e-5, atol=1e-7)
    z.backward()
    np.testing.assert_array_equal(mm.asnumpy(), once)


def test_batchnorm_fix_gamma_and_float16():
    x = nd.array(rs.randn(4, 2))
    g = nd.array([3.0, 4.0])
    g.attach_grad()
    x.attach_grad()
    with ag.record():
        y = nd.BatchNorm(x, g, nd.zeros(2), nd.zeros(2), nd.ones(2))
    y.backward()
    np.testing.assert_array_equal(g.asnumpy(), [1, 1])  # MXNet writes the fixed gamma back
    np.testing.assert_array_equal(g.grad.asnumpy(), [0, 0])
    h = nd.BatchNorm(x.astype("float16"), g, nd.zeros(2), nd.zeros(2), nd.ones(2))
    assert h.dtype == np.float16


def test_batchnorm_errors():
    x = nd.ones((2, 3))
    p = nd.ones(3)
    with pytest.raises(MXNetError, match="expects 5 inputs, but got 4"):
        nd.BatchNorm(x, p, p, p)
    with pytest.raises(MXNetError, match="Shape inconsistent"):
        nd.BatchNorm(x, nd.ones(4), p, p, p)
    with pytest.raises(MXNetError, match="Channel axis out of range"):
        nd.BatchNorm(x, p, p, p, p, axis=2)


def _ln_ref(a, c, d, axis=-1, eps=1e-5):
    m = a.mean(axis=axis, keepdims=True)
    v = a.var(axis=axis, keepdims=True)
    shp = [1] * a.ndim
    shp[axis] = -1
    return (a - m) / np.sqrt(v + eps) * c.reshape(shp) + d.reshape(shp)


def test_layernorm_fd():
    x, g, b = rs.randn(2, 3, 4), rs.randn(3), rs.randn(3)
    check_op(lambda a, c, d: nd.LayerNorm(a, c, d, axis=1), lambda a, c, d: _ln_ref(a, c, d, 1),
             [x, g, b])

    def ref(a, c, d):
        m, s = a.mean(-1, keepdims=True), np.sqrt(a.var(-1, keepdims=True) + 1e-5)
        return [_ln_ref(a, c, d), m, s]
    check_op(lambda a, c, d: nd.LayerNorm(a, c, d, output_mean_var=True), ref,
             [rs.randn(3, 4), rs.randn(4), rs.randn(4)])


def test_instancenorm_fd():
    x, g, b = rs.randn(2, 2, 3), rs.randn(2), rs.randn(2)

    def ref(a, c, d):
        m, v = a.mean(2, keepdims=True), a.var(2, keepdims=True)
        return (a - m) / np.sqrt(v + 1e-3) * c.reshape(1, 2, 1) + d.reshape(1, 2, 1)
    check_op(lambda a, c, d: nd.InstanceNorm(a, c, d), ref, [x, g, b])


def test_groupnorm_fd():
    x, g, b = rs.randn(2, 4, 2), rs.randn(2), rs.randn(2)

    def ref(a, c, d):
        v = a.reshape(2, 2, 4)
        o = (v - v.mean(2, keepdims=True)) / np.sqrt(v.var(2, keepdims=True) + 1e-5)
        return (o * c.reshape(1, 2, 1) + d.reshape(1, 2, 1)).reshape(2, 4, 2)
    check_op(lambda a, c, d: nd.GroupNorm(a, c, d, num_groups=2), ref, [x, g, b])


@pytest.mark.parametrize("mode,axes", [("instance", (1, 2)), ("channel", (1,)),
                                       ("spatial", (2,))])
def test_l2normalization_fd(mode, axes):
    x = rs.randn(2, 3, 2)
    check_op(lambda a: nd.L2Normalization(a, mode=mode),
             lambda a: a / np.sqrt((a * a).sum(axis=axes, keepdims=True) + 1e-10), [x])


@pytest.mark.parametrize("nsize", [2, 3, 5])
def test_lrn_fd(nsize):
    x = rs.randn(2, 5, 2, 1)  # MXNet's LRN takes 4-D (or 2-D) data

    def ref(a):
        h = (nsize - 1) // 2
        s = np.zeros_like(a)
        for c in range(5):
            s[:, c] = (a[:, max(0, c - h):c + h + 1] ** 2).sum(1)
        return a * (1.5 + 0.3 / nsize * s) ** -0.75
    check_op(lambda a: nd.LRN(a, alpha=0.3, beta=0.75, knorm=1.5, nsize=nsize), ref, [x])
