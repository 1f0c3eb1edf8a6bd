"""Non-spatial NN ops: FullyConnected, Activation, LeakyReLU, the softmax family, the loss
heads, Dropout, Embedding. Forward and first-order gradients against MXNet 1.9.1
(tests/fixtures/nn.json, recorded by tools/record_nn.py), and gradients of order 1 and 2
against finite differences in float64."""
import importlib.util
import json
import os
import sys

import numpy as np
import pytest
from opcheck import check_op

import mxlite as mx
from mxlite import autograd as ag
from mxlite import nd
from mxlite.base import MXNetError

_HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(_HERE, "fixtures", "nn.json")) as _f:
    FIXTURES = json.load(_f)
_TOOLS = os.path.join(_HERE, "..", "tools")
if _TOOLS not in sys.path:  # record_nn imports its sibling fixture_io
    sys.path.append(_TOOLS)
_spec = importlib.util.spec_from_file_location("record_nn", os.path.join(_TOOLS, "record_nn.py"))
record_nn = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(record_nn)

NORM_OPS = ("BatchNorm", "LayerNorm", "InstanceNorm", "GroupNorm", "L2Normalization", "LRN")


def _same(got, exp, name):
    if isinstance(exp, list):
        assert isinstance(got, list) and len(got) == len(exp), name
        for g, e in zip(got, exp):
            _same(g, e, name)
        return
    assert got["shape"] == exp["shape"], (name, got["shape"], exp["shape"])
    assert got["dtype"] == exp["dtype"], (name, got["dtype"], exp["dtype"])
    g = np.array([np.nan if v is None else v for v in got["values"]], dtype=np.float64)
    e = np.array([np.nan if v is None else v for v in exp["values"]], dtype=np.float64)
    tol = 2e-3 if exp["dtype"] == "float16" else 2e-5
    np.testing.assert_allclose(g, e, rtol=tol, atol=tol, err_msg=name)


def run_fixture(case):
    res = record_nn.run_case(mx, case)
    exp = case["result"]
    name = case["name"]
    if case["match"]:
        assert res.get("error") == "MXNetError", (name, res)
        assert case["match"] in res["message"], (name, res["message"])
        return
    assert "error" not in res, (name, res)
    out = res["out"]
    if case["first_only"]:
        exp_out = exp["out"][0] if isinstance(exp["out"], list) else exp["out"]
        out = out[0] if isinstance(out, list) else out
    else:
        exp_out = exp["out"]
    _same(out, exp_out, name)
    for k in case["grad"]:
        _same(res["grads"][k], exp["grads"][k], f"{name} d{k}")
    for k in case["after"]:
        _same(res["after"][k], exp["after"][k], f"{name} {k} after backward")


@pytest.mark.parametrize("case", [c for c in FIXTURES if not c["name"].startswith(NORM_OPS)],
                         ids=lambda c: c["name"])
def test_fixture(case):
    run_fixture(case)


# ---------------------------------------------------------------- finite differences
rs = np.random.RandomState(0)


def _away_from(x, points=(0.0,), gap=0.05):
    """Moves entries away from kinks so finite differences are valid."""
    for p in points:
        near = np.abs(x - p) < gap
        x[near] = p + np.sign(x[near] - p + 1e-12) * gap * 2
    return x


def test_fc_fd():
    x, w, b = rs.randn(2, 3, 2), rs.randn(4, 6), rs.randn(4)
    check_op(lambda a, c, d: nd.FullyConnected(a, c, d, num_hidden=4),
             lambda a, c, d: a.reshape(2, 6) @ c.T + d, [x, w, b])
    w2 = rs.randn(4, 2)
    check_op(lambda a, c: nd.FullyConnected(a, c, num_hidden=4, no_bias=True, flatten=False),
             lambda a, c: a @ c.T, [x, w2])


def test_fc_third_order_through_tanh():
    # gluon Dense users take higher derivatives: make sure the chain stays connected
    x, w, b = rs.randn(3, 2), rs.randn(2, 2), rs.randn(2)
    check_op(lambda a, c, d: nd.tanh(nd.FullyConnected(a, c, d, num_hidden=2)),
             lambda a, c, d: np.tanh(a @ c.T + d), [x, w, b], orders=(1, 2, 3))


@pytest.mark.parametrize("act", ["relu", "sigmoid", "tanh", "softrelu", "softsign"])
def test_activation_fd(act):
    x = _away_from(rs.randn(3, 4))
    ref = {"relu": lambda a: np.maximum(a, 0), "sigmoid": lambda a: 1 / (1 + np.exp(-a)),
           "tanh": np.tanh, "softrelu": lambda a: np.log1p(np.exp(a)),
           "softsign": lambda a: a / (1 + np.abs(a))}[act]
    check_op(lambda a: nd.Activation(a, act_type=act), ref, [x], orders=(1, 2, 3))


def _gelu(a):
    from scipy.special import erf
    return 0.5 * a * (1 + erf(a / np.sqrt(2)))


@pytest.mark.parametrize("act,ref", [
    ("leaky", lambda a: np.where(a > 0, a, 0.3 * a)),
    ("elu", lambda a: np.where(a > 0, a, 0.3 * np.expm1(a))),
    ("selu", lambda a: 1.0507009873554805 * np.where(a > 0, a, 1.6732632423543772 * np.expm1(a))),
    ("gelu", _gelu)])
def test_leaky_fd(act, ref):
    x = _away_from(rs.randn(3, 4))
    check_op(lambda a: nd.LeakyReLU(a, act_type=act, slope=0.3), ref, [x], orders=(1, 2, 3))


def test_prelu_fd():
    x, g = _away_from(rs.randn(2, 3, 2)), rs.rand(3)
    check_op(lambda a, c: nd.LeakyReLU(a, c, act_type="prelu"),
             lambda a, c: np.where(a > 0, a, a * c.reshape(1, 3, 1)), [x, g])


def test_rrelu():
    x = nd.array([[-1.0, 2.0, -3.0, 4.0]] * 50)
    y, mask = nd.LeakyReLU(x, act_type="rrelu")  # predict: the mean slope; mask zeros
    np.testing.assert_allclose(y.asnumpy()[0], [-0.2295, 2, -0.6885, 4], rtol=1e-6)
    assert mask.shape == x.shape and not mask.asnumpy().any()
    x.attach_grad()
    with ag.record():
        y, mask = nd.LeakyReLU(x, act_type="rrelu")
    y.backward()
    slope = x.grad.asnumpy()[:, [0, 2]]
    assert (slope >= 0.125).all() and (slope <= 0.334).all() and slope.std() > 0
    np.testing.assert_allclose(y.asnumpy()[:, [0, 2]], x.asnumpy()[:, [0, 2]] * slope, rtol=1e-6)
    assert (x.grad.asnumpy()[:, [1, 3]] == 1).all()


def _softmax_ref(a, axis=-1):
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("op", ["softmax", "log_softmax", "softmin"])
def test_softmax_family_fd(op):
    x = rs.randn(2, 3, 4)
    ref = {"softmax": lambda a: _softmax_ref(a / 2, 1),
           "log_softmax": lambda a: np.log(_softmax_ref(a / 2, 1)),
           "softmin": lambda a: _softmax_ref(-a / 2, 1)}[op]
    check_op(lambda a: getattr(nd, op)(a, axis=1, temperature=2.0), ref, [x], orders=(1, 2, 3))


def test_softmax_length_fd():
    x = rs.randn(2, 4)
    length = nd.array([3, 1], dtype="int32")

    def ref(a):
        m = np.arange(4) < np.array([[3], [1]])
        e = np.where(m, np.exp(a - a.max(axis=1, keepdims=True)), 0)
        return e / e.sum(axis=1, keepdims=True)
    check_op(lambda a: nd.softmax(a, length, use_length=True), ref, [x])


def test_softmax_dtype_grad_is_input_dtype():
    x = nd.array([[1.0, 2.0, 3.0]])
    x.attach_grad()
    with ag.record():
        y = nd.softmax(x, dtype="float64")
    assert y.dtype == np.float64
    y.backward()
    assert x.grad.dtype == np.float32


def test_log_softmax_stable_and_fluent():
    x = nd.array([[1000.0, 0.0, -1000.0]])
    np.testing.assert_allclose(nd.log_softmax(x).asnumpy(), [[0, -1000, -2000]])
    np.testing.assert_allclose(x.softmax().asnumpy(), [[1, 0, 0]])
    with pytest.raises(MXNetError):
        nd.log_softmax(x, use_length=True)


def test_softmax_cross_entropy_fd():
    x, lab = rs.randn(3, 4), np.array([1.0, 0.0, 3.0])

    def ref(a):
        return -np.log(_softmax_ref(a))[np.arange(3), lab.astype(int)].sum()
    check_op(lambda a: nd.softmax_cross_entropy(a, nd.array(lab, dtype="float64")), ref, [x])


def test_smooth_l1_fd():
    x = _away_from(rs.randn(3, 4) * 0.6, points=(0.25, -0.25))

    def ref(a):
        return np.where(np.abs(a) < 0.25, 0.5 * 4 * a * a, np.abs(a) - 0.125)
    check_op(lambda a: nd.smooth_l1(a, scalar=2.0), ref, [x], orders=(1, 2, 3))


def _loss_head_grad(fn, x, lab, head=None):
    x, lab = nd.array(x), nd.array(lab)
    x.attach_grad()
    lab.attach_grad()
    with ag.record():
        y = fn(x, lab)
    y.backward(head)
    return y.asnumpy(), x.grad.asnumpy(), lab.grad.asnumpy()


def test_softmax_output_ignores_head_gradient():
    x = rs.randn(4, 3)
    lab = np.array([2.0, 0.0, 1.0, 1.0])
    p, gx, gl = _loss_head_grad(lambda a, b: nd.SoftmaxOutput(a, b, grad_scale=0.5), x, lab,
                                nd.array(rs.randn(4, 3) * 7))
    onehot = np.eye(3)[lab.astype(int)]
    np.testing.assert_allclose(p, _softmax_ref(x), rtol=1e-5)
    np.testing.assert_allclose(gx, (p - onehot) * 0.5, rtol=1e-5, atol=1e-6)
    assert (gl == 0).all()


def test_softmax_output_out_grad_uses_head_gradient():
    # MXNet multiplies by its own output instead (a bug); we use the head gradient
    x, lab, h = rs.randn(2, 3), np.array([1.0, 0.0]), rs.randn(2, 3)
    p, gx, _ = _loss_head_grad(lambda a, b: nd.SoftmaxOutput(a, b, out_grad=True), x, lab,
                               nd.array(h))
    np.testing.assert_allclose(gx, (p - np.eye(3)[[1, 0]]) * h, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("op", ["LinearRegressionOutput", "LogisticRegressionOutput",
                                "MAERegressionOutput"])
def test_regression_outputs_formula(op):
    x, lab = rs.randn(3, 4), rs.randn(3, 4)
    y, gx, gl = _loss_head_grad(lambda a, b: getattr(nd, op)(a, b, grad_scale=2.0), x, lab,
                                nd.array(rs.randn(3, 4) * 9))
    d = y - lab
    exp = np.where(d > 0, 1.0, -1.0) if op.startswith("MAE") else d
    np.testing.assert_allclose(gx, exp * 2.0 / 4, rtol=1e-5, atol=1e-6)
    assert (gl == 0).all()


def test_dropout():
    mx.random.seed(42)
    x = nd.ones((200, 50))
    assert (nd.Dropout(x).asnumpy() == 1).all()  # identity outside training
    x.attach_grad()
    with ag.record():
        y = nd.Dropout(x, p=0.2)
    y.backward()
    v = y.asnumpy()
    assert set(np.unique(v)) == {0.0, np.float32(1.25)}
    assert abs((v == 0).mean() - 0.2) < 0.02
    np.testing.assert_array_equal(x.grad.asnumpy(), v)  # gradient is mask * scale
    mx.random.seed(42)
    with ag.train_mode():
        again = nd.Dropout(nd.ones((200, 50)), p=0.2).asnumpy()
    np.testing.assert_array_equal(again, v)  # mx.random.seed reproduces the mask
    with ag.train_mode():
        shared = nd.Dropout(nd.ones((6, 40)), axes=(1,)).asnumpy()
    assert all(len(set(row)) == 1 for row in shared)
    assert (nd.Dropout(nd.ones((3,)), p=1.0, mode="always").asnumpy() == 0).all()


def test_dropout_second_order_is_zero():
    x = nd.array([1.0, 2.0, 3.0, 4.0])
    x.attach_grad()
    with ag.record():
        y = nd.Dropout(x, p=0.5)
        g = ag.grad(y, [x], create_graph=True)[0]
        z = (g * x).sum()
    z.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), g.asnumpy())
    np.testing.assert_array_equal(g.asnumpy() * x.asnumpy(), y.asnumpy())
    check_op(lambda a: nd.Dropout(a, mode="always", p=0.0) * a, lambda a: a * a, [rs.randn(3)])

    def drop(a):
        mx.random.seed(3)  # the same mask at every evaluation
        return nd.Dropout(a, p=0.4, mode="always", axes=(1,)) * a
    mx.random.seed(3)
    mask = nd.Dropout(nd.ones((3, 4), dtype="float64"), p=0.4, mode="always", axes=(1,))
    check_op(drop, lambda a: a * a * mask.asnumpy(), [rs.randn(3, 4)], orders=(1, 2, 3))


def test_relu_via_activation_second_order_zero():
    x = nd.array([-1.0, 2.0, 3.0])
    x.attach_grad()
    with ag.record():
        y = nd.Activation(x, act_type="relu")
        g = ag.grad(y, [x], create_graph=True)[0]
    g2 = ag.grad(g, [x])[0]
    assert (g2.asnumpy() == 0).all()


def test_embedding_fd_and_scatter():
    w = rs.randn(5, 3)
    idx = nd.array([[0, 4, 4], [2, 9, -1]], dtype="float64")
    check_op(lambda a: nd.Embedding(idx, a, input_dim=5, output_dim=3) ** 2,
             lambda a: a[np.clip(idx.asnumpy().astype(int), 0, 4)] ** 2, [w])
    for vocab in (100, 3000, 4):  # a few repeats, none, many (the scatter's three paths)
        big = nd.array(rs.randint(0, vocab, (64, 30)) if vocab != 3000 else
                       rs.permutation(3000)[:1920].reshape(64, 30))
        weight = nd.array(rs.randn(vocab, 8))
        weight.attach_grad()
        head = rs.randn(64, 30, 8)
        with ag.record():
            y = nd.Embedding(big, weight, input_dim=vocab, output_dim=8)
        y.backward(nd.array(head))
        ref = np.zeros((vocab, 8))
        np.add.at(ref, big.asnumpy().astype(int), head)
        np.testing.assert_allclose(weight.grad.asnumpy(), ref, rtol=1e-4, atol=1e-4)


def test_errors():
    x = nd.ones((2, 3))
    with pytest.raises(MXNetError, match="expects 2 inputs, but got 3"):
        nd.FullyConnected(x, nd.ones((2, 3)), nd.ones(2), num_hidden=2, no_bias=True)
    with pytest.raises(MXNetError, match="Incompatible attr"):
        nd.FullyConnected(x, nd.ones((2, 3), dtype="float64"), nd.ones(2), num_hidden=2)
    with pytest.raises(MXNetError, match="Required parameter num_hidden"):
        nd.FullyConnected(x, nd.ones((2, 3)), nd.ones(2))
    with pytest.raises(MXNetError, match="expects 2 inputs, but got 1"):
        nd.LeakyReLU(x, act_type="prelu")
    with pytest.raises(MXNetError, match="valid values are"):
        nd.LeakyReLU(x, act_type="foo")
    with pytest.raises(MXNetError, match="valid values are"):
        nd.Dropout(x, mode="foo")
    with pytest.raises(MXNetError, match="Required parameter input_dim"):
        nd.Embedding(x, nd.ones((2, 3)))
    with pytest.raises(MXNetError, match="a least 3 dimensions"):
        nd.SoftmaxActivation(x, mode="channel")
    with pytest.raises(MXNetError, match="normalization"):
        nd.SoftmaxOutput(x, nd.ones(2), normalization="foo")
    with pytest.raises(MXNetError, match="uniform type"):
        nd.SoftmaxOutput(x, nd.ones(2, dtype="int32"))
