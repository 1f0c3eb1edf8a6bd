"""The scalar variants of the binary ops (MXNet's ``_internal._plus_scalar`` …) and the
Python-level wrappers (add, subtract, …, logical_xor). Re-exported by ``elemwise``.

MXNet casts the scalar to the array's dtype before the op: an int32 array ``+ 0.7`` adds 0,
``** 0.5`` raises to the power 0; a boolean array computes in int64 (and returns int64).

HOT PATH: NDArray's ``+ - * /`` with a number call these on every step. A float32/float64
array goes straight from the handle to one numpy call: no kwargs parsing, no errstate, no
extra function layer; other dtypes take the general path.
"""
import math

import numpy as np

from .. import _parallel
from ..base import numeric_types
from .elemwise import (
    _in_f32,
    _int_div,
    _mod,
    broadcast_add,
    broadcast_div,
    broadcast_equal,
    broadcast_greater,
    broadcast_greater_equal,
    broadcast_lesser,
    broadcast_lesser_equal,
    broadcast_logical_and,
    broadcast_logical_or,
    broadcast_logical_xor,
    broadcast_maximum,
    broadcast_minimum,
    broadcast_mod,
    broadcast_mul,
    broadcast_not_equal,
    broadcast_power,
    broadcast_sub,
)
from .ndarray import NDArray
from .register import _bad_input, _new, _record, _state, _write_out
from .unary import _scalar_to, floor, zeros_like

__all__ = ["add", "subtract", "multiply", "divide", "true_divide", "modulo", "power",
           "maximum", "minimum", "equal", "not_equal", "greater", "greater_equal", "lesser",
           "lesser_equal", "logical_and", "logical_or", "logical_xor"]

_F32 = np.dtype(np.float32)
_F64 = np.dtype(np.float64)
_I64 = np.dtype(np.int64)


def cast_scalar(s, dt):
    """A Python/numpy scalar cast to the array dtype `dt`, as MXNet does before scalar ops."""
    if dt is _F32 or dt is _F64:
        return float(s)
    if dt.kind == "f":
        return dt.type(s)
    return _scalar_to(s, dt)


_S32 = {}  # scalar -> np.float32: numpy multiplies by a float32 scalar faster than by a float


def _s32(scalar):
    s = np.float32(float(scalar))
    if s != 0:  # 0.0 == -0.0 as dict keys, but x / -0.0 is -inf: never cache zeros
        if len(_S32) > 256:
            _S32.clear()
        _S32[scalar] = s
    return s


def _operands(x, scalar):
    """General path: (array, scalar) for a non-float32/64 array; bool computes in int64."""
    dt = x.dtype
    if dt.kind == "b":
        x, dt = x.astype(_I64), _I64
    return x, cast_scalar(scalar, dt)


def scalar_op(name, grad_fn, fkernel, ikernel=None, doc=None):
    """A unary op with a scalar attribute (``_plus_scalar(data, scalar)``).

    `fkernel(x, s)` computes on a float array (s a float of the array's precision);
    `ikernel(x, s)` on an integer array (default: fkernel).
    """
    fns = (grad_fn,)
    ikernel = ikernel or fkernel
    split = fkernel if fkernel in _SPLIT else None  # float arrays from 512k elements: threads
    min_size = _parallel.MIN_SIZE

    def op(data=None, scalar=1.0, is_int=None, out=None, name=None, **kwargs):
        try:
            ctx = data._ctx
            x = data._data
            dt = x.dtype
        except AttributeError:
            _bad_input(op.__name__, "data", data)
        if dt is _F32:
            s = _S32.get(scalar)
            if s is None:
                s = _s32(scalar)
            y = fkernel(x, s) if split is None or x.size < min_size else _split(split, x, s)
        elif dt is _F64:
            s = float(scalar)
            y = fkernel(x, s) if split is None or x.size < min_size else _split(split, x, s)
        else:
            x, s = _operands(x, scalar)
            y = fkernel(x, s) if dt.kind == "f" else ikernel(x, s)
        o = _new(NDArray)
        o._data = y
        o._ctx = ctx
        o._node = None
        if out is not None:
            (o,) = _write_out(op.__name__, (o,), out)
        if _state.recording:
            _record(fns, (data,), (y,), {"scalar": s}, (o,))
        return o
    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc or f"""Internal scalar operator ``{name}(data, scalar=1, is_int=None)``.

    The scalar is cast to the array dtype first (bool arrays compute in int64 and return
    int64); `is_int` is accepted for MXNet compatibility and not needed.
    """
    op.grad_fns = fns
    return op


_SPLIT = (np.add, np.subtract, np.multiply, np.true_divide, np.maximum, np.minimum)


def _split(ufunc, x, s):
    """ufunc(x, s) for a large float array, over threads when x is C-contiguous."""
    out = _parallel.into(lambda c, o: ufunc(c, s, out=o), np, x)
    return ufunc(x, s) if out is None else out


def _zero_s(g, x, y, scalar):
    return zeros_like(x)


def _ln(s):
    s = float(s)
    return math.log(s) if s > 0 else (-math.inf if s == 0 else math.nan)


def _f64(x):
    return x.astype(_F64)


def _errs(f):
    def k(x, s):
        with np.errstate(all="ignore"):
            return f(x, s)
    return k


# integer kernels that MXNet computes in floating point and casts back (C++ static_cast)
def _i_rdiv(x, s):  # (in float32: 1000000007 / 3 on int32 is 333333344)
    return _in_f32(lambda a, b: b / a, x, s)


def _i_power(x, s):
    return _in_f32(np.power, x, s)


def _i_rpower(x, s):
    return _in_f32(lambda a, b: np.power(b, a), x, s)


def _i_hypot(x, s):
    return _in_f32(np.hypot, x, s)


def _f_mod(x, s):
    return np.zeros_like(x) if s == 0 else np.mod(x, s)


def _rmod(x, s):
    return _mod(np.full_like(x, s), x)


def _cmp(npfunc):
    return lambda x, s: npfunc(x, s).astype(x.dtype)


_plus_scalar = scalar_op("_plus_scalar", lambda g, x, y, scalar: g, np.add)
_minus_scalar = scalar_op("_minus_scalar", lambda g, x, y, scalar: g, np.subtract)
_rminus_scalar = scalar_op("_rminus_scalar", lambda g, x, y, scalar: -g,
                           lambda x, s: np.subtract(s, x))
_mul_scalar = scalar_op("_mul_scalar", lambda g, x, y, scalar: g * scalar, np.multiply)
_div_scalar = scalar_op("_div_scalar", lambda g, x, y, scalar: g / scalar, np.true_divide,
                        _int_div)
_rdiv_scalar = scalar_op("_rdiv_scalar", lambda g, x, y, scalar: -(g * y) / x,
                         lambda x, s: np.true_divide(s, x), _errs(_i_rdiv))
_mod_scalar = scalar_op("_mod_scalar", lambda g, x, y, scalar: g, _f_mod, _errs(np.mod))
_rmod_scalar = scalar_op("_rmod_scalar",
                         lambda g, x, y, scalar: -(g * floor(scalar / x)), _rmod)
_power_scalar = scalar_op("_power_scalar",
                          lambda g, x, y, scalar: g * scalar * x ** (scalar - 1),
                          lambda x, s: x ** s, _errs(_i_power))
_rpower_scalar = scalar_op("_rpower_scalar",
                           lambda g, x, y, scalar: g * y * _ln(scalar),
                           lambda x, s: np.power(s, x), _errs(_i_rpower))
# ties go to the array (x >= scalar for maximum); NaN propagates like numpy
_maximum_scalar = scalar_op("_maximum_scalar", lambda g, x, y, scalar: g * (x >= scalar),
                            np.maximum)
_minimum_scalar = scalar_op("_minimum_scalar", lambda g, x, y, scalar: g * (x <= scalar),
                            np.minimum)
_hypot_scalar = scalar_op("_hypot_scalar", lambda g, x, y, scalar: g * x / y, np.hypot,
                          _i_hypot)
_equal_scalar = scalar_op("_equal_scalar", _zero_s, _cmp(np.equal))
_not_equal_scalar = scalar_op("_not_equal_scalar", _zero_s, _cmp(np.not_equal))
_greater_scalar = scalar_op("_greater_scalar", _zero_s, _cmp(np.greater))
_greater_equal_scalar = scalar_op("_greater_equal_scalar", _zero_s, _cmp(np.greater_equal))
_lesser_scalar = scalar_op("_lesser_scalar", _zero_s, _cmp(np.less))
_lesser_equal_scalar = scalar_op("_lesser_equal_scalar", _zero_s, _cmp(np.less_equal))
_logical_and_scalar = scalar_op("_logical_and_scalar", _zero_s, _cmp(np.logical_and))
_logical_or_scalar = scalar_op("_logical_or_scalar", _zero_s, _cmp(np.logical_or))
_logical_xor_scalar = scalar_op("_logical_xor_scalar", _zero_s, _cmp(np.logical_xor))


# ---------------------------------------------------------------- Python-level wrappers
def _ufunc_helper(lhs, rhs, fn_array, fn_scalar, lfn_scalar, rfn_scalar=None):
    """MXNet's _ufunc_helper: dispatches on (scalar|NDArray, scalar|NDArray)."""
    if isinstance(lhs, numeric_types):
        if isinstance(rhs, numeric_types):
            return fn_scalar(lhs, rhs)
        if rfn_scalar is None:  # commutative
            return lfn_scalar(rhs, float(lhs))
        return rfn_scalar(rhs, float(lhs))
    if isinstance(rhs, numeric_types):
        return lfn_scalar(lhs, float(rhs))
    if isinstance(rhs, NDArray):
        return fn_array(lhs, rhs)
    raise TypeError(f"type {type(rhs)} not supported")


def _doc(what, extra=""):
    return f"""Returns element-wise {what} of the input arrays with broadcasting.

    Equivalent to ``lhs {extra}`` and ``mx.nd.broadcast_*(lhs, rhs)`` when both are
    NDArrays; a number on either side uses the scalar operator (the number is cast to the
    array dtype). Two numbers give a Python number.

    Parameters
    ----------
    lhs : scalar or NDArray
    rhs : scalar or NDArray

    Returns
    -------
    NDArray
    """


def add(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_add, lambda a, b: a + b, _plus_scalar, None)


def subtract(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_sub, lambda a, b: a - b, _minus_scalar,
                         _rminus_scalar)


def multiply(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_mul, lambda a, b: a * b, _mul_scalar, None)


def divide(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_div, lambda a, b: a / b, _div_scalar,
                         _rdiv_scalar)


def true_divide(lhs, rhs):
    return divide(lhs, rhs)


def modulo(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_mod, lambda a, b: a % b, _mod_scalar,
                         _rmod_scalar)


def power(base, exp):
    return _ufunc_helper(base, exp, broadcast_power, lambda a, b: a ** b, _power_scalar,
                         _rpower_scalar)


def maximum(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_maximum, lambda a, b: a if a > b else b,
                         _maximum_scalar, None)


def minimum(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_minimum, lambda a, b: a if a < b else b,
                         _minimum_scalar, None)


def equal(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_equal, lambda a, b: 1 if a == b else 0,
                         _equal_scalar, None)


def not_equal(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_not_equal, lambda a, b: 1 if a != b else 0,
                         _not_equal_scalar, None)


def greater(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_greater, lambda a, b: 1 if a > b else 0,
                         _greater_scalar, _lesser_scalar)


def greater_equal(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_greater_equal, lambda a, b: 1 if a >= b else 0,
                         _greater_equal_scalar, _lesser_equal_scalar)


def lesser(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_lesser, lambda a, b: 1 if a < b else 0,
                         _lesser_scalar, _greater_scalar)


def lesser_equal(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_lesser_equal, lambda a, b: 1 if a <= b else 0,
                         _lesser_equal_scalar, _greater_equal_scalar)


def logical_and(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_logical_and, lambda a, b: 1 if a and b else 0,
                         _logical_and_scalar, None)


def logical_or(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_logical_or, lambda a, b: 1 if a or b else 0,
                         _logical_or_scalar, None)


def logical_xor(lhs, rhs):
    return _ufunc_helper(lhs, rhs, broadcast_logical_xor,
                         lambda a, b: 1 if bool(a) ^ bool(b) else 0, _logical_xor_scalar, None)


for _f, _what, _expr in [
        (add, "sum", "+ rhs"), (subtract, "difference", "- rhs"),
        (multiply, "product", "* rhs"), (divide, "division", "/ rhs"),
        (true_divide, "division", "/ rhs"),
        (modulo, "modulo (floor-mod; x % 0 is 0)", "% rhs"), (power, "power", "** rhs"),
        (maximum, "maximum", "max rhs"), (minimum, "minimum", "min rhs"),
        (equal, "**equal to** (==) comparison", "== rhs"),
        (not_equal, "**not equal to** (!=) comparison", "!= rhs"),
        (greater, "**greater than** (>) comparison", "> rhs"),
        (greater_equal, "**greater than or equal to** (>=) comparison", ">= rhs"),
        (lesser, "**lesser than** (<) comparison", "< rhs"),
        (lesser_equal, "**lesser than or equal to** (<=) comparison", "<= rhs"),
        (logical_and, "**logical and**", "and rhs"), (logical_or, "**logical or**", "or rhs"),
        (logical_xor, "**logical xor**", "xor rhs")]:
    _f.__doc__ = _doc(_what, _expr)
del _f, _what, _expr
