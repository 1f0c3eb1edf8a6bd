"""Binary elementwise ops (MXNet group B): broadcast_*, elemwise_*, the scalar variants,
the Python wrappers, add_n and where. Forward vs NumPy, gradients of orders 1-3 by finite
differences (broadcast shapes included), connected zero derivatives, and MXNet's recorded
values, dtypes, conventions and errors (tests/fixtures/elemwise.json)."""
import elemwise_fixture as fx
import numpy as np
import pytest
from opcheck import check_op

import mxlite as mx
from mxlite import autograd, nd

RS = np.random.RandomState(1)
I = nd._internal


def _u(lo, hi, shape):
    return RS.uniform(lo, hi, shape)


A23, B3, B13 = _u(-2, 2, (2, 3)), _u(-2, 2, (3,)), _u(0.5, 2, (1, 3))
POS23 = _u(0.5, 2, (2, 3))


def _mod_inputs():
    # keep x/y away from integers: mod jumps there
    y = np.array([[1.5, -1.7, 2.1]])
    x = (np.floor(RS.uniform(-3, 3, (2, 3))) + RS.uniform(0.2, 0.8, (2, 3))) * y
    return x, y


MODX, MODY = _mod_inputs()

# name -> (fn, numpy reference, inputs); orders 1, 2, 3
BINARY = {
    "broadcast_add": (nd.broadcast_add, np.add, [A23, B3]),
    "broadcast_plus": (nd.broadcast_plus, np.add, [A23, B13]),
    "broadcast_sub": (nd.broadcast_sub, np.subtract, [A23, B13]),
    "broadcast_minus": (nd.broadcast_minus, np.subtract, [B13, A23]),
    "broadcast_mul": (nd.broadcast_mul, np.multiply, [A23, B3]),
    "broadcast_div": (nd.broadcast_div, np.divide, [A23, B13]),
    "broadcast_mod": (nd.broadcast_mod, np.mod, [MODX, MODY]),
    "broadcast_power": (nd.broadcast_power, np.power, [POS23, B3]),
    "broadcast_maximum": (nd.broadcast_maximum, np.maximum, [A23, B3]),
    "broadcast_minimum": (nd.broadcast_minimum, np.minimum, [A23, B3]),
    "broadcast_hypot": (nd.broadcast_hypot, np.hypot, [A23, B13]),
    "elemwise_add": (nd.elemwise_add, np.add, [A23, POS23]),
    "elemwise_sub": (nd.elemwise_sub, np.subtract, [A23, POS23]),
    "elemwise_mul": (nd.elemwise_mul, np.multiply, [A23, POS23]),
    "elemwise_div": (nd.elemwise_div, np.divide, [A23, POS23]),
    "add": (nd.add, np.add, [A23, B3]),
    "subtract": (nd.subtract, np.subtract, [A23, B3]),
    "multiply": (nd.multiply, np.multiply, [A23, B3]),
    "divide": (nd.divide, np.divide, [A23, B13]),
    "true_divide": (nd.true_divide, np.divide, [A23, B13]),
    "modulo": (nd.modulo, np.mod, [MODX, MODY]),
    "power": (nd.power, np.power, [POS23, B3]),
    "maximum": (nd.maximum, np.maximum, [A23, B3]),
    "minimum": (nd.minimum, np.minimum, [A23, B3]),
    "dunders": (lambda a, b: (a * b + a / b - b) ** 2 % 7.5,
                lambda a, b: (a * b + a / b - b) ** 2 % 7.5, [POS23, B13]),
    "add_n": (lambda a, b: nd.add_n(a, b, a * b), lambda a, b: a + b + a * b, [A23, POS23]),
    "ElementWiseSum": (lambda a, b: nd.ElementWiseSum(a, b), np.add, [A23, POS23]),
    "where": (lambda x, y: nd.where(nd.array([[1, 0, 1], [0, 0, 1]]), x * y, x / y),
              lambda x, y: np.where([[1, 0, 1], [0, 0, 1]], x * y, x / y), [A23, POS23]),
    "where_1d": (lambda x, y: nd.where(nd.array([0, 1]), x * x, y),
                 lambda x, y: np.where([[0], [1]], x * x, y), [A23, POS23]),
}

X4 = np.array([[1.3, -0.7], [2.2, 0.4]])
XP = np.array([[1.3, 0.7], [2.2, 0.4]])
XM = np.array([[1.3, -0.7], [2.6, 0.4]])  # x % 2.5 and 2.5 % x away from jumps
# name -> (fn of x, numpy reference, input); orders 1, 2, 3, for scalar 2.5 and int scalar 3
SCALAR = {
    "_plus_scalar": (lambda x, s: I._plus_scalar(x, scalar=s), lambda x, s: x + s, X4),
    "_minus_scalar": (lambda x, s: I._minus_scalar(x, scalar=s), lambda x, s: x - s, X4),
    "_rminus_scalar": (lambda x, s: I._rminus_scalar(x, scalar=s), lambda x, s: s - x, X4),
    "_mul_scalar": (lambda x, s: I._mul_scalar(x, scalar=s), lambda x, s: x * s, X4),
    "_div_scalar": (lambda x, s: I._div_scalar(x, scalar=s), lambda x, s: x / s, X4),
    "_rdiv_scalar": (lambda x, s: I._rdiv_scalar(x, scalar=s), lambda x, s: s / x, X4),
    "_mod_scalar": (lambda x, s: I._mod_scalar(x, scalar=s), lambda x, s: x % s, XM),
    "_rmod_scalar": (lambda x, s: I._rmod_scalar(x, scalar=s), lambda x, s: s % x, XM),
    "_power_scalar": (lambda x, s: I._power_scalar(x, scalar=s), lambda x, s: x ** s, XP),
    "_rpower_scalar": (lambda x, s: I._rpower_scalar(x, scalar=s), lambda x, s: s ** x, X4),
    "_maximum_scalar": (lambda x, s: I._maximum_scalar(x, scalar=s / 3),
                        lambda x, s: np.maximum(x, s / 3), X4),
    "_minimum_scalar": (lambda x, s: I._minimum_scalar(x, scalar=s / 3),
                        lambda x, s: np.minimum(x, s / 3), X4),
    "_hypot_scalar": (lambda x, s: I._hypot_scalar(x, scalar=s), np.hypot, X4),
    "dunder_radd": (lambda x, s: s + x, lambda x, s: s + x, X4),
    "dunder_rsub": (lambda x, s: s - x, lambda x, s: s - x, X4),
    "dunder_rmul": (lambda x, s: s * x, lambda x, s: s * x, X4),
    "dunder_rtruediv": (lambda x, s: s / x, lambda x, s: s / x, X4),
    "dunder_rpow": (lambda x, s: s ** x, lambda x, s: s ** x, X4),
    "dunder_rmod": (lambda x, s: s % x, lambda x, s: s % x, XM),
    "dunder_neg": (lambda x, s: -x * s, lambda x, s: -x * s, X4),
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_orders_1_2_3(name):
    fn, ref, inputs = BINARY[name]
    check_op(fn, ref, inputs, orders=(1, 2, 3))


@pytest.mark.parametrize("scalar", [2.5, 3], ids=["float", "int"])
@pytest.mark.parametrize("name", sorted(SCALAR))
def test_scalar_orders_1_2_3(name, scalar):
    fn, ref, x = SCALAR[name]
    check_op(lambda a: fn(a, scalar), lambda a: ref(a, scalar), [x], orders=(1, 2, 3))


@pytest.mark.parametrize("name", ["broadcast_equal", "broadcast_not_equal", "broadcast_greater",
                                  "broadcast_greater_equal", "broadcast_lesser",
                                  "broadcast_lesser_equal", "broadcast_logical_and",
                                  "broadcast_logical_or", "broadcast_logical_xor"])
def test_comparisons_forward_and_zero_gradient(name):
    a = np.array([[1.5, -2.0, 0.0], [0.5, 2.0, -1.5]])
    b = np.array([[1.5, 0.0, -1.5]])
    npf = getattr(np, name.replace("broadcast_", "").replace("lesser", "less"))
    check_op(getattr(nd, name), lambda x, y: npf(x, y).astype(x.dtype), [a, b], orders=())
    x, y = nd.array(a, dtype="float64"), nd.array(b, dtype="float64")
    x.attach_grad()
    y.attach_grad()
    with autograd.record():
        z = getattr(nd, name)(x, y) * x
    z.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), npf(a, b).astype(a.dtype))
    assert y.grad.shape == (1, 3) and not y.grad.asnumpy().any()


@pytest.mark.parametrize("fn", [
    lambda a, b: nd.maximum(a, b), lambda a, b: nd.minimum(a, b), lambda a, b: a * 2.0 + b,
    lambda a, b: nd.broadcast_sub(a, b), lambda a, b: nd.maximum(a, 0.1) - nd.minimum(b, 0.2),
    lambda a, b: a % 1.7 + b % 2.9, lambda a, b: (a > b) * a, lambda a, b: nd.add_n(a, b, a),
], ids=["maximum", "minimum", "affine", "sub", "max_min_scalar", "mod", "compare", "add_n"])
def test_zero_second_derivatives_are_connected(fn):
    a = nd.array([[1.3, -0.4], [0.2, 2.1]], dtype="float64")
    b = nd.array([[0.5, -1.0], [0.9, 1.0]], dtype="float64")
    a.attach_grad()
    b.attach_grad()
    with autograd.record():
        y = fn(a, b)
        ga, gb = autograd.grad(y, [a, b], create_graph=True)
        h = autograd.grad(ga + gb, [a, b], create_graph=True)
        h3 = autograd.grad(h[0] + h[1], [a, b])
    for g in list(h) + list(h3):
        assert g.shape == (2, 2) and not g.asnumpy().any()


def test_maximum_minimum_ties_go_to_lhs():
    x, y = nd.array([1.0, 3.0]), nd.array([2.0, 3.0])
    for fn, dx, dy in [(nd.maximum, [0, 1], [1, 0]), (nd.minimum, [1, 1], [0, 0])]:
        x.attach_grad()
        y.attach_grad()
        with autograd.record():
            z = fn(x, y)
        z.backward()
        assert x.grad.asnumpy().tolist() == dx and y.grad.asnumpy().tolist() == dy


def test_broadcast_gradient_sums_back():
    a, b = nd.ones((2, 3)), nd.ones((3,))
    b.attach_grad()
    with autograd.record():
        y = a + b
    y.backward()
    assert b.grad.asnumpy().tolist() == [2, 2, 2]


def test_mod_gradient_wrt_divisor():
    x, y = nd.array([7.0, -7.0, 7.5]), nd.array([2.0, 2.0, -2.0])
    y.attach_grad()
    with autograd.record():
        z = x % y
    z.backward()
    assert y.grad.asnumpy().tolist() == [-3, 4, 4]


def test_power_gradient_at_zero_base():
    x, y = nd.array([0.0, 0.0]), nd.array([2.0, 0.0])
    x.attach_grad()
    y.attach_grad()
    with autograd.record():
        z = x ** y
    z.backward()
    gx, gy = x.grad.asnumpy(), y.grad.asnumpy()
    assert gx[0] == 0 and np.isnan(gx[1]) and np.isnan(gy[0]) and gy[1] == -np.inf


def test_dtype_rules():
    i = nd.array([-3, 3, 5], dtype="int32")
    assert (i / 2).asnumpy().tolist() == [-1, 1, 2] and (i / 2).dtype == np.int32
    assert (7 / i).asnumpy().tolist() == [-2, 2, 1]
    assert (i % 2).asnumpy().tolist() == [1, 1, 1]
    assert (nd.array([1], dtype="int32") + 0.7).asnumpy().tolist() == [1]
    assert (nd.array([100], dtype="int8") + nd.array([100], dtype="int8")).asnumpy()[0] == -56
    assert (nd.array([1, 0], dtype="bool") + 1).dtype == np.int64
    assert (nd.array([1.0]) > nd.array([0.0])).dtype == np.float32
    assert (nd.array([1], dtype="int32") == 1).dtype == np.int32
    h = nd.array([1.0], dtype="float16") * 1.1
    assert h.dtype == np.float16


def test_out_and_inplace():
    a, b = nd.array([1.0, 2.0]), nd.array([3.0, 4.0])
    o = nd.zeros((2,))
    r = nd.broadcast_add(a, b, out=o)
    assert r is o and o.asnumpy().tolist() == [4, 6]
    I._mul_scalar(a, scalar=3, out=o)
    assert o.asnumpy().tolist() == [3, 6]
    a += 1
    a *= b
    assert a.asnumpy().tolist() == [6, 12]


def test_error_texts():
    with pytest.raises(mx.MXNetError, match=r"Incompatible attr in node  at 1-th input: "
                                            r"expected float32, got int32"):
        nd.broadcast_add(nd.ones((3,)), nd.ones((3,), dtype="int32"))
    with pytest.raises(mx.MXNetError, match=r"operands could not be broadcast together with "
                                            r"shapes \[2,3\] \[2\]"):
        nd.broadcast_mul(nd.ones((2, 3)), nd.ones((2,)))
    with pytest.raises(mx.MXNetError, match=r"expected \[2,3\], got \[3\]"):
        nd.elemwise_add(nd.ones((2, 3)), nd.ones((3,)))
    with pytest.raises(mx.MXNetError, match="Operator broadcast_add does not support boolean"):
        nd.broadcast_add(nd.ones((2,), dtype="bool"), nd.ones((2,), dtype="bool"))
    with pytest.raises(mx.MXNetError, match=r"at 1-th input: expected \[2\], got \[3\]"):
        nd.add_n(nd.ones((2,)), nd.ones((3,)))
    with pytest.raises(AssertionError, match="Argument lhs must have NDArray type, but got"):
        nd.add([1], nd.ones((1,)))
    with pytest.raises(TypeError):
        nd.ones((1,)) + "a"
    with pytest.raises(mx.MXNetError):
        nd.where(nd.array([1, 0]), nd.array([1.0, 2.0]), nd.array([1.0, 2.0], dtype="float64"))


def test_wrappers_on_two_numbers_return_numbers():
    assert nd.add(2, 3) == 5 and nd.maximum(2, 3) == 3 and nd.equal(2, 2) == 1
    assert nd.modulo(7, -2) == -1 and nd.power(2, 3) == 8 and nd.logical_xor(2, 0) == 1


def test_internal_names_exist():
    for name in fx.rec.SCALAR + ["_copy"]:
        assert callable(getattr(nd._internal, name)), name
        assert callable(getattr(nd.op, name)), name


# ---------------------------------------------------------------- MXNet's recorded results
_BIN = tuple(f"{p}broadcast_" for p in ("fwd/", "grad/", "dtype/")) + \
    tuple(f"{p}elemwise_" for p in ("fwd/", "grad/", "error/")) + \
    tuple(f"{p}_" for p in ("fwd/", "grad/", "dtype/"))


@pytest.mark.parametrize("key", fx.keys(*_BIN))
def test_fixture_binary_and_scalar(key):
    fx.check_case(key)


@pytest.mark.parametrize("key", fx.keys("error/bool_broadcast", "error/dtype_mismatch",
                                        "error/broadcast_shape", "error/add_n", "error/where",
                                        "error/wrapper"))
def test_fixture_errors(key):
    fx.check_case(key)


def test_signed_zero_scalars_are_not_conflated():
    x = nd.array([1.0, 2.0])
    with np.errstate(divide="ignore"):
        for _ in range(2):  # the second round exercises the float32 scalar cache
            assert (x / 0.0).asnumpy().tolist() == [np.inf, np.inf]
            assert (x / -0.0).asnumpy().tolist() == [-np.inf, -np.inf]
            assert np.signbit((x * -0.0).asnumpy()).all()
            assert not np.signbit((x * 0.0).asnumpy()).any()
