"""Elementwise unary math (MXNet group A). Same shape and dtype in and out.

Every gradient is written with differentiable ops, so every order of derivative works; the
zero gradients (sign, rounding, comparisons, BlockGrad) stay connected to the graph.

Integer inputs follow MXNet 1.9.1: the transcendental ops compute in float64 and the result
is cast back to the input dtype the way C++'s ``static_cast`` does on x86 (truncation toward
zero; NaN, inf and out-of-range values become INT_MIN of the 32- or 64-bit conversion, and
narrower types keep the low bits). Boolean inputs are rejected ("Unknown type enum 7").
The rounding, special-function, cast and loss ops live in ``unary_special`` (re-exported).
"""
import math

import numpy as np

from ..base import MXNetError
from .register import primitive
from .unary_kernels import (  # the ops' threaded kernels (large float inputs)
    _k_negative,
    _k_abs,
    _k_sign,
    _k_square,
    _k_sqrt,
    _k_exp,
    _k_expm1,
    _k_log,
    _k_log10,
    _k_log2,
    _k_log1p,
    _k_sin,
    _k_cos,
    _k_tan,
    _k_arcsin,
    _k_arccos,
    _k_arctan,
    _k_sinh,
    _k_cosh,
    _k_tanh,
    _k_arcsinh,
    _k_arccosh,
    _k_arctanh,
    _k_relu,
)

__all__ = ["negative", "abs", "sign", "reciprocal", "square", "sqrt", "rsqrt", "cbrt", "rcbrt",
           "exp", "expm1", "log", "log10", "log2", "log1p",
           "sin", "cos", "tan", "arcsin", "arccos", "arctan",
           "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "degrees", "radians",
           "relu", "sigmoid", "softsign", "zeros_like", "ones_like", "identity"]

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)


# ---------------------------------------------------------------- dtype helpers
def _c_cast(r, dt):
    """Float array `r` to integer/bool dtype `dt` as MXNet's C++ static_cast does on x86."""
    if dt.kind == "b":
        return r != 0
    if dt.itemsize == 8:
        wide, lim = np.int64, 9.223372036854775807e18
    else:
        wide, lim = np.int32, 2147483648.0
    with np.errstate(invalid="ignore"):
        ok = np.abs(r) < lim                      # False for NaN and inf
        w = np.where(ok, r, 0).astype(wide)
    if not ok.all():
        w = np.where(ok, w, np.iinfo(wide).min)
    return w.astype(dt, copy=False)


def _scalar_to(s, dt):
    """A Python/numpy scalar cast to the integer or bool dtype `dt` (C++ static_cast)."""
    if dt.kind == "b":
        return np.bool_(s)
    return _c_cast(np.array(float(s), dtype=np.float64), dt)[()]


def _no_bool(data):
    if data.dtype.kind == "b":
        raise MXNetError("Unknown type enum 7")


def _int_math(f, data, via=np.float64):
    """`f` on a non-float input: computed in `via` precision, cast back to the input dtype."""
    _no_bool(data)
    with np.errstate(all="ignore"):
        r = f(data.astype(via))
    return _c_cast(r, data.dtype)


def _zero(g, x, y, **attrs):
    return zeros_like(x)


# ---------------------------------------------------------------- creation-like
@primitive(_zero)
def zeros_like(xp, data):
    """Return an array of zeros with the same shape, type and storage type as the input.

    Examples
    --------
    >>> mx.nd.zeros_like(mx.nd.ones((2,)))
    [0. 0.]
    """
    return xp.zeros_like(data)


@primitive(_zero)
def ones_like(xp, data):
    """Return an array of ones with the same shape and type as the input.

    Examples
    --------
    >>> mx.nd.ones_like(mx.nd.zeros((2,)))
    [1. 1.]
    """
    return xp.ones_like(data)


@primitive(lambda g, x, y: g)
def identity(xp, data):
    """Returns a copy of the input (registered as ``_copy`` too)."""
    return data.copy()


_copy = identity


# ---------------------------------------------------------------- sign and powers
@primitive(lambda g, x, y: -g, elementwise=_k_negative)
def negative(xp, data):
    """Numerical negative of the argument, element-wise: ``negative(x) = -x``.

    Unsigned integers wrap around (uint8 -1 is 255).
    """
    if data.dtype.kind == "b":
        _no_bool(data)
    return xp.negative(data)


@primitive(lambda g, x, y: g * sign(x), elementwise=_k_abs)
def abs(xp, data):  # noqa: A001 - MXNet's name
    """Returns element-wise absolute value of the input: ``abs([-2, 0, 3]) = [2, 0, 3]``.

    The gradient is ``sign(x)``: 0 at 0 (and at NaN).
    """
    if data.dtype.kind == "b":
        _no_bool(data)
    return xp.abs(data)


@primitive(_zero, elementwise=_k_sign)
def sign(xp, data):
    """Returns element-wise sign of the input: ``sign([-2, 0, 3]) = [-1, 0, 1]``; sign(NaN)
    is 0. The gradient is zero."""
    if data.dtype.kind == "b":
        _no_bool(data)
    r = xp.sign(data)
    if data.dtype.kind == "f":
        r[r != r] = 0
    return r


@primitive(lambda g, x, y: -(g * y * y), elementwise=True)
def reciprocal(xp, data):
    """Returns the reciprocal of the argument, element-wise: ``reciprocal(x) = 1/x``."""
    if data.dtype.kind == "f":
        return 1 / data
    return _int_math(np.reciprocal, data)


@primitive(lambda g, x, y: g * x * 2, elementwise=_k_square)
def square(xp, data):
    """Returns element-wise squared value of the input: ``square(x) = x^2``.

    Integer inputs are squared in float32 and cast back, as MXNet does.
    """
    if data.dtype.kind == "f":
        return data * data
    return _int_math(np.square, data, np.float32)


@primitive(lambda g, x, y: g / (y * 2), elementwise=_k_sqrt)
def sqrt(xp, data):
    """Returns element-wise square-root value of the input: ``sqrt(x) = x^{1/2}``.

    The gradient ``1/(2 sqrt(x))`` is inf at 0.
    """
    if data.dtype.kind == "f":
        return xp.sqrt(data)
    return _int_math(np.sqrt, data)


@primitive(lambda g, x, y: g * (y / x) * -0.5, elementwise=True)  # (-inf at +-0, as MXNet)
def rsqrt(xp, data):
    """Returns element-wise inverse square-root value of the input: ``rsqrt(x) = 1/sqrt(x)``."""
    if data.dtype.kind == "f":
        return 1 / xp.sqrt(data)
    return _int_math(lambda a: 1 / np.sqrt(a), data)


@primitive(lambda g, x, y: g / (y * y * 3), elementwise=True)
def cbrt(xp, data):
    """Returns element-wise cube-root value of the input: ``cbrt(x) = x^{1/3}``."""
    if data.dtype.kind == "f":
        return xp.cbrt(data)
    return _int_math(np.cbrt, data)


@primitive(lambda g, x, y: -(g * y) / (x * 3), elementwise=True)
def rcbrt(xp, data):
    """Returns element-wise inverse cube-root value of the input: ``rcbrt(x) = 1/cbrt(x)``."""
    if data.dtype.kind == "f":
        return 1 / xp.cbrt(data)
    return _int_math(lambda a: 1 / np.cbrt(a), data)


# ---------------------------------------------------------------- exp and log
@primitive(lambda g, x, y: g * y, elementwise=_k_exp)
def exp(xp, data):
    """Returns element-wise exponential value of the input: ``exp(x) = e^x``."""
    if data.dtype.kind == "f":
        return xp.exp(data)
    return _int_math(np.exp, data)


@primitive(lambda g, x, y: g * (y + 1), elementwise=_k_expm1)
def expm1(xp, data):
    """Returns ``exp(x) - 1`` computed element-wise, accurate for small x."""
    if data.dtype.kind == "f":
        return xp.expm1(data)
    return _int_math(lambda a: np.exp(a) - 1, data)  # (exp - 1: MXNet's last bit at 40)


@primitive(lambda g, x, y: g / x, elementwise=_k_log)
def log(xp, data):
    """Returns element-wise natural logarithmic value of the input (log(0) = -inf)."""
    if data.dtype.kind == "f":
        return xp.log(data)
    return _int_math(np.log, data)


@primitive(lambda g, x, y: g / (x * _LN10), elementwise=_k_log10)
def log10(xp, data):
    """Returns element-wise Base-10 logarithmic value of the input."""
    if data.dtype.kind == "f":
        return xp.log10(data)
    return _int_math(np.log10, data)


@primitive(lambda g, x, y: g / (x * _LN2), elementwise=_k_log2)
def log2(xp, data):
    """Returns element-wise Base-2 logarithmic value of the input."""
    if data.dtype.kind == "f":
        return xp.log2(data)
    return _int_math(np.log2, data)


@primitive(lambda g, x, y: g / (x + 1), elementwise=_k_log1p)
def log1p(xp, data):
    """Returns element-wise ``log(1 + x)``, accurate for small x."""
    if data.dtype.kind == "f":
        return xp.log1p(data)
    return _int_math(np.log1p, data)


# ---------------------------------------------------------------- trigonometric
@primitive(lambda g, x, y: g * cos(x), elementwise=_k_sin)
def sin(xp, data):
    """Computes the element-wise sine of the input array (radians)."""
    if data.dtype.kind == "f":
        return xp.sin(data)
    return _int_math(np.sin, data)


@primitive(lambda g, x, y: -(g * sin(x)), elementwise=_k_cos)
def cos(xp, data):
    """Computes the element-wise cosine of the input array (radians)."""
    if data.dtype.kind == "f":
        return xp.cos(data)
    return _int_math(np.cos, data)


@primitive(lambda g, x, y: g * (y * y + 1), elementwise=_k_tan)
def tan(xp, data):
    """Computes the element-wise tangent of the input array (radians)."""
    if data.dtype.kind == "f":
        return xp.tan(data)
    return _int_math(np.tan, data)


@primitive(lambda g, x, y: g / sqrt(1 - x * x), elementwise=_k_arcsin)
def arcsin(xp, data):
    """Returns element-wise inverse sine of the input array, in [-pi/2, pi/2]; NaN outside
    [-1, 1]."""
    if data.dtype.kind == "f":
        return xp.arcsin(data)
    return _int_math(np.arcsin, data)


@primitive(lambda g, x, y: -g / sqrt(1 - x * x), elementwise=_k_arccos)
def arccos(xp, data):
    """Returns element-wise inverse cosine of the input array, in [0, pi]; NaN outside
    [-1, 1]."""
    if data.dtype.kind == "f":
        return xp.arccos(data)
    return _int_math(np.arccos, data)


@primitive(lambda g, x, y: g / (x * x + 1), elementwise=_k_arctan)
def arctan(xp, data):
    """Returns element-wise inverse tangent of the input array, in (-pi/2, pi/2)."""
    if data.dtype.kind == "f":
        return xp.arctan(data)
    return _int_math(np.arctan, data)


@primitive(lambda g, x, y: g * 57.29577951308232, elementwise=True)
def degrees(xp, data):
    """Converts each element of the input array from radians to degrees.

    MXNet multiplies float64 input by a float32 constant (57.2957763671875); mxlite uses the
    exact 180/pi, a relative difference of 5e-8. Integer inputs compute in float32, as MXNet.
    """
    if data.dtype.kind == "f":
        return xp.degrees(data)
    return _int_math(lambda a: a * np.float32(57.2957763671875), data, np.float32)


@primitive(lambda g, x, y: g * 0.017453292519943295, elementwise=True)
def radians(xp, data):
    """Converts each element of the input array from degrees to radians (exact pi/180; see
    degrees)."""
    if data.dtype.kind == "f":
        return xp.radians(data)
    return _int_math(np.radians, data)


# ---------------------------------------------------------------- hyperbolic
@primitive(lambda g, x, y: g * cosh(x), elementwise=_k_sinh)
def sinh(xp, data):
    """Returns the hyperbolic sine of the input array, computed element-wise."""
    if data.dtype.kind == "f":
        return xp.sinh(data)
    return _int_math(np.sinh, data)


@primitive(lambda g, x, y: g * sinh(x), elementwise=_k_cosh)
def cosh(xp, data):
    """Returns the hyperbolic cosine of the input array, computed element-wise."""
    if data.dtype.kind == "f":
        return xp.cosh(data)
    return _int_math(np.cosh, data)


@primitive(lambda gg, g, y, out: _tanh_backward(gg, y), lambda gg, g, y, out: gg * g * y * -2,
           elementwise=True)
def _tanh_backward(xp, g, y):
    """tanh's gradient g * (1 - y*y) from its output y, as one op (one temporary)."""
    t = y * y
    xp.subtract(1, t, out=t)
    t *= g
    return t


@primitive(lambda gg, g, y, out: _sigmoid_backward(gg, y),
           lambda gg, g, y, out: gg * g * (1 - y * 2), elementwise=True)
def _sigmoid_backward(xp, g, y):
    """sigmoid's gradient g * y * (1 - y) from its output y, as one op."""
    t = 1 - y
    t *= y
    t *= g
    return t


@primitive(lambda g, x, y: _tanh_backward(g, y), elementwise=_k_tanh)
def tanh(xp, data):
    """Returns the hyperbolic tangent of the input array, computed element-wise."""
    if data.dtype.kind == "f":
        return xp.tanh(data)
    return _int_math(np.tanh, data)


@primitive(lambda g, x, y: g / sqrt(x * x + 1), elementwise=_k_arcsinh)
def arcsinh(xp, data):
    """Returns the element-wise inverse hyperbolic sine of the input array."""
    if data.dtype.kind == "f":
        return xp.arcsinh(data)
    return _int_math(np.arcsinh, data)


@primitive(lambda g, x, y: g / sqrt(x * x - 1), elementwise=_k_arccosh)
def arccosh(xp, data):
    """Returns the element-wise inverse hyperbolic cosine of the input array (NaN below 1)."""
    if data.dtype.kind == "f":
        return xp.arccosh(data)
    return _int_math(np.arccosh, data)


@primitive(lambda g, x, y: g / (1 - x * x), elementwise=_k_arctanh)
def arctanh(xp, data):
    """Returns the element-wise inverse hyperbolic tangent of the input array (inf at +-1,
    NaN outside)."""
    if data.dtype.kind == "f":
        return xp.arctanh(data)
    return _int_math(np.arctanh, data)


# ---------------------------------------------------------------- activations
@primitive(lambda gg, g, y, out: _relu_backward(gg, y), lambda gg, g, y, out: zeros_like(y),
           elementwise=True)
def _relu_backward(xp, g, y):
    """relu's gradient g * sign(y) from its output y (NaN at NaN, as MXNet), as one op."""
    t = xp.sign(y)
    t *= g
    return t


@primitive(lambda g, x, y: _relu_backward(g, y), elementwise=_k_relu)
def relu(xp, data):
    """Computes rectified linear activation: ``max(x, 0)``; NaN propagates.

    The gradient is 1 for x > 0, 0 for x <= 0 and NaN at NaN.
    """
    if data.dtype.kind == "b":
        _no_bool(data)
    return xp.maximum(data, 0)


@primitive(lambda g, x, y: _sigmoid_backward(g, y), elementwise=True)
def sigmoid(xp, data):
    """Computes sigmoid of x element-wise: ``y = 1 / (1 + exp(-x))``."""
    if data.dtype.kind == "f" and data.dtype.itemsize != 2:
        return (xp.tanh(data * 0.5) + 1) * 0.5
    if data.dtype.kind == "f":  # float16: computed in float32, rounded once (as MXNet)
        return ((xp.tanh(data.astype(np.float32) * 0.5) + 1) * 0.5).astype(data.dtype)
    _no_bool(data)  # integers: C++'s -x (int8/uint8 promoted; int32/64 wrap: INT_MIN gives 1)
    neg = np.negative(data) if data.dtype.itemsize >= 4 else -data.astype(np.int64)
    with np.errstate(all="ignore"):
        return _c_cast(1 / (1 + np.exp(neg.astype(np.float64))), data.dtype)


@primitive(lambda g, x, y: g / square(abs(x) + 1), elementwise=True)
def softsign(xp, data):
    """Computes softsign of x element-wise: ``y = x / (1 + abs(x))``."""
    if data.dtype.kind == "f":
        return data / (xp.abs(data) + 1)
    return _int_math(lambda a: a / (1 + np.abs(a)), data)


from .unary_special import *  # noqa: F401,F403,E402 - rounding, special functions, casts, losses
from .unary_special import __all__ as _special_all  # noqa: E402

__all__ = __all__ + _special_all
