"""Elementwise unary ops (MXNet group A): forward vs NumPy/SciPy, gradients of orders 1-3 by
finite differences, zero higher derivatives that stay connected, and MXNet's recorded
values, dtypes and conventions (tests/fixtures/elemwise.json)."""
import elemwise_fixture as fx
import numpy as np
import pytest
from opcheck import check_op
from scipy import special

import mxlite as mx
from mxlite import autograd, nd

RS = np.random.RandomState(0)


def _u(lo, hi, shape=(2, 3)):
    return RS.uniform(lo, hi, shape)


def _away_from_int(shape=(2, 3)):
    # rounding ops: stay away from the jumps at integers and halves
    return np.floor(RS.uniform(-3, 3, shape)) + RS.uniform(0.1, 0.4, shape)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


# name -> (mxlite fn, numpy reference, input); every one checked to third order
SMOOTH = {
    "negative": (nd.negative, np.negative, _u(-2, 2)),
    "abs": (nd.abs, np.abs, np.concatenate([_u(-2, -0.2, (1, 3)), _u(0.2, 2, (1, 3))])),
    "reciprocal": (nd.reciprocal, np.reciprocal, _u(0.5, 2)),
    "square": (nd.square, np.square, _u(-2, 2)),
    "sqrt": (nd.sqrt, np.sqrt, _u(0.5, 3)),
    "rsqrt": (nd.rsqrt, lambda x: 1 / np.sqrt(x), _u(0.5, 3)),
    "cbrt": (nd.cbrt, np.cbrt, _u(0.5, 3)),
    "cbrt_neg": (nd.cbrt, np.cbrt, _u(-3, -0.5)),
    "rcbrt": (nd.rcbrt, lambda x: 1 / np.cbrt(x), _u(0.5, 3)),
    "exp": (nd.exp, np.exp, _u(-1, 1)),
    "expm1": (nd.expm1, np.expm1, _u(-1, 1)),
    "log": (nd.log, np.log, _u(0.5, 3)),
    "log10": (nd.log10, np.log10, _u(0.5, 3)),
    "log2": (nd.log2, np.log2, _u(0.5, 3)),
    "log1p": (nd.log1p, np.log1p, _u(-0.5, 2)),
    "sin": (nd.sin, np.sin, _u(-2, 2)),
    "cos": (nd.cos, np.cos, _u(-2, 2)),
    "tan": (nd.tan, np.tan, _u(-1, 1)),
    "arcsin": (nd.arcsin, np.arcsin, _u(-0.8, 0.8)),
    "arccos": (nd.arccos, np.arccos, _u(-0.8, 0.8)),
    "arctan": (nd.arctan, np.arctan, _u(-2, 2)),
    "sinh": (nd.sinh, np.sinh, _u(-2, 2)),
    "cosh": (nd.cosh, np.cosh, _u(-2, 2)),
    "tanh": (nd.tanh, np.tanh, _u(-2, 2)),
    "arcsinh": (nd.arcsinh, np.arcsinh, _u(-2, 2)),
    "arccosh": (nd.arccosh, np.arccosh, _u(1.5, 3)),
    "arctanh": (nd.arctanh, np.arctanh, _u(-0.8, 0.8)),
    "degrees": (nd.degrees, np.degrees, _u(-2, 2)),
    "radians": (nd.radians, np.radians, _u(-90, 90)),
    "erf": (nd.erf, special.erf, _u(-1.5, 1.5)),
    "erfinv": (nd.erfinv, special.erfinv, _u(-0.8, 0.8)),
    "gamma": (nd.gamma, special.gamma, _u(0.5, 3)),
    "gamma_neg": (nd.gamma, special.gamma, _u(-0.8, -0.2)),
    "gammaln": (nd.gammaln, special.gammaln, _u(0.5, 3)),
    "relu": (nd.relu, lambda x: np.maximum(x, 0), _u(-2, 2)),
    "sigmoid": (nd.sigmoid, _sigmoid, _u(-3, 3)),
    "softsign": (nd.softsign, lambda x: x / (1 + np.abs(x)), _u(0.2, 2)),
    "softsign_neg": (nd.softsign, lambda x: x / (1 + np.abs(x)), _u(-2, -0.2)),
    "hard_sigmoid": (nd.hard_sigmoid, lambda x: np.clip(0.2 * x + 0.5, 0, 1),
                     np.array([[-3.0, -1.0, 0.3], [1.7, 2.2, 4.0]])),
    "hard_sigmoid_attrs": (lambda x: nd.hard_sigmoid(x, alpha=0.3, beta=0.4),
                           lambda x: np.clip(0.3 * x + 0.4, 0, 1), _u(-3, 3)),
    "clip": (lambda x: nd.clip(x, -1, 1), lambda x: np.clip(x, -1, 1),
             np.array([[-2.0, -0.5, 0.3], [0.9, 1.5, -1.3]])),
    "identity": (nd.identity, lambda x: x.copy(), _u(-2, 2)),
    "_copy": (nd._internal._copy, lambda x: x.copy(), _u(-2, 2)),
    "cast": (lambda x: nd.cast(x, dtype="float64") * x, lambda x: x * x, _u(-2, 2)),
    "amp_cast": (lambda x: nd.amp_cast(x, dtype="float64"), lambda x: x, _u(-2, 2)),
    "composite": (lambda x: nd.tanh(nd.exp(nd.sin(x)) * nd.sqrt(nd.square(x) + 1)),
                  lambda x: np.tanh(np.exp(np.sin(x)) * np.sqrt(x * x + 1)), _u(-1, 1)),
}

# forward only (zero gradients, checked below); their derivatives of all orders are 0
ZERO_GRAD = {
    "sign": (nd.sign, np.sign, _u(-2, 2)),
    "floor": (nd.floor, np.floor, _away_from_int()),
    "ceil": (nd.ceil, np.ceil, _away_from_int()),
    "trunc": (nd.trunc, np.trunc, _away_from_int()),
    "fix": (nd.fix, np.fix, _away_from_int()),
    "round": (nd.round, np.round, _away_from_int()),
    "rint": (nd.rint, np.rint, _away_from_int()),
    "logical_not": (nd.logical_not, lambda x: (x == 0).astype(x.dtype),
                    np.array([[0.0, 1.0, -2.0]])),
    "zeros_like": (nd.zeros_like, np.zeros_like, _u(-2, 2)),
    "ones_like": (nd.ones_like, np.ones_like, _u(-2, 2)),
    "BlockGrad": (nd.BlockGrad, lambda x: x, _u(-2, 2)),
    "stop_gradient": (nd.stop_gradient, lambda x: x, _u(-2, 2)),
    "shape_array": (nd.shape_array, lambda x: np.array(x.shape), _u(-2, 2)),
    "size_array": (nd.size_array, lambda x: np.array([x.size]), _u(-2, 2)),
}


@pytest.mark.parametrize("name", sorted(SMOOTH))
def test_smooth_orders_1_2_3(name):
    fn, ref, x = SMOOTH[name]
    check_op(fn, ref, [x], orders=(1, 2, 3), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", sorted(ZERO_GRAD))
def test_zero_gradient_ops(name):
    fn, ref, x = ZERO_GRAD[name]
    # BlockGrad's forward is the identity: finite differences see slope 1, autograd 0
    check_op(fn, ref, [x], orders=() if name in ("BlockGrad", "stop_gradient") else (1, 2))
    xs = nd.array(x, dtype="float64")
    xs.attach_grad()
    with autograd.record():
        y = fn(xs)
        g = autograd.grad(y, [xs], create_graph=True)[0]
        g2 = autograd.grad(g, [xs], create_graph=True)[0]
    assert not g.asnumpy().any() and not g2.asnumpy().any()


@pytest.mark.parametrize("fn", [
    nd.relu, nd.abs, lambda x: nd.clip(x, -1, 1), lambda x: x * 3.0, nd.radians, nd.degrees,
    nd.rint, nd.round, nd.floor, nd.sign, nd.negative, nd.identity, nd.hard_sigmoid,
    lambda x: nd.cast(x, dtype="float32"), nd.make_loss, nd.MakeLoss, nd.BlockGrad,
], ids=["relu", "abs", "clip", "mul_const", "radians", "degrees", "rint", "round", "floor",
        "sign", "negative", "identity", "hard_sigmoid", "cast", "make_loss", "MakeLoss",
        "BlockGrad"])
def test_second_derivative_is_connected_zero(fn):
    """MXNet's users expect zeros (not 'unreachable') for x'' of piecewise-linear ops."""
    x = nd.array([[-2.0, -0.5, 0.3], [0.7, 1.5, 2.5]], dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = fn(x)
        g = autograd.grad(y, [x], create_graph=True, retain_graph=True)[0]
        z = (g * x).sum()
    z.backward()
    # d/dx sum(g(x) * x) = g(x) + x * g'(x) = g(x) for piecewise-linear ops
    np.testing.assert_allclose(x.grad.asnumpy(), g.asnumpy())
    with autograd.record():
        y = fn(x)
        g = autograd.grad(y, [x], create_graph=True)[0]
        g2 = autograd.grad(g, [x], create_graph=True)[0]
        g3 = autograd.grad(g2, [x])[0]
    assert g2.shape == x.shape and not g2.asnumpy().any()
    assert not g3.asnumpy().any()


def test_relu_gradient_nan_and_zero():
    x = nd.array([np.nan, 0.0, -1.0, 2.0])
    x.attach_grad()
    with autograd.record():
        y = nd.relu(x)
    y.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), [np.nan, 0, 0, 1])


def test_abs_and_sqrt_special_gradients():
    x = nd.array([0.0, 4.0])
    x.attach_grad()
    with autograd.record():
        y = nd.sqrt(x) + nd.abs(x)
    y.backward()
    assert np.isinf(x.grad.asnumpy()[0]) and x.grad.asnumpy()[1] == pytest.approx(1.25)


def test_clip_gradient_closed_interval():
    x = nd.array([-2.0, -1.0, 0.0, 1.0, 2.0])
    x.attach_grad()
    with autograd.record():
        y = nd.clip(x, -1, 1)
    y.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), [0, 1, 1, 1, 0])


def test_cast_gradient_is_cast_back():
    x = nd.array([1.0, 2.0], dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = nd.cast(x, dtype="float16")
    y.backward()
    assert x.grad.dtype == np.float64


def test_make_loss_ignores_head_gradient():
    x = nd.array([[1.0, 2.0], [3.0, 4.0]])
    for fn, want in [(nd.make_loss, 1.0), (lambda a: nd.MakeLoss(a, grad_scale=3), 3.0),
                     (lambda a: nd.MakeLoss(a, normalization="batch"), 0.5),
                     (lambda a: nd.MakeLoss(a, normalization="valid", valid_thresh=2.5), 0.5)]:
        x.attach_grad()
        with autograd.record():
            y = fn(x)
        y.backward(nd.full(y.shape, 7.0))
        np.testing.assert_allclose(x.grad.asnumpy(), np.full((2, 2), want))


def test_integer_inputs_keep_exact_values():
    for dt in ("int32", "int64"):
        x = nd.array([50000001, -7], dtype=dt)
        for op in (nd.floor, nd.ceil, nd.round, nd.rint, nd.trunc, nd.fix):
            y = op(x)
            assert y.dtype == np.dtype(dt) and y.asnumpy().tolist() == [50000001, -7]


def test_errors():
    with pytest.raises(mx.MXNetError, match="Unknown type enum 7"):
        nd.sqrt(nd.array([1, 0], dtype="bool"))
    with pytest.raises(mx.MXNetError, match="only support floating point types, not int32"):
        nd.hard_sigmoid(nd.array([1], dtype="int32"))
    with pytest.raises(mx.MXNetError, match="only support floating point types, not int32"):
        nd.MakeLoss(nd.array([1], dtype="int32"))
    with pytest.raises(mx.MXNetError, match="a_max"):
        nd.clip(nd.array([1.0]), 1)
    with pytest.raises(AssertionError, match="Argument data must have NDArray type"):
        nd.exp([1.0])
    with pytest.raises(TypeError):
        nd.cast(nd.array([1.0]), dtype="complex128")


def test_fluent_methods_and_aliases():
    x = nd.array([0.25, 4.0])
    np.testing.assert_allclose(x.rsqrt().asnumpy(), [2.0, 0.5])
    np.testing.assert_allclose(x.log2().asnumpy(), [-2.0, 2.0])
    assert nd.Cast is nd.cast and nd.stop_gradient is nd.BlockGrad
    np.testing.assert_array_equal(x.clip(0.5, 1.0).asnumpy(), [0.5, 1.0])


# ---------------------------------------------------------------- MXNet's recorded results
UNARY_OPS = set(fx.rec.UNARY) | {"cast", "amp_cast"}


@pytest.mark.parametrize("key", fx.keys("fwd/", "grad/", "dtype/",
                                        contains=lambda k: k.split("/")[1] in UNARY_OPS))
def test_fixture_unary(key):
    fx.check_case(key)


@pytest.mark.parametrize("key", fx.keys("conv/", "error/bool_unary", "error/hard_sigmoid",
                                        "error/MakeLoss", "error/clip"))
def test_fixture_conventions(key):
    fx.check_case(key)


@pytest.mark.parametrize("fn", [nd.BlockGrad, nd.make_loss, nd.MakeLoss, nd.identity,
                                lambda x: nd.amp_cast(x, dtype="float32")])
def test_identity_like_outputs_are_new_arrays(fn):
    x = nd.array([1.0, 2.0])
    y = fn(x)
    y += 1
    assert x.asnumpy().tolist() == [1.0, 2.0]
