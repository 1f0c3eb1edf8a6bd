"""Binary elementwise operators (MXNet group B): broadcast_*, elemwise_*, add_n, where; the
scalar variants and the Python-level wrappers live in ``elemwise_scalar`` (re-exported).

MXNet's dtype rules: arrays of different dtypes never mix (MXNetError), boolean arrays are
refused, a scalar is cast to the array's dtype first, integer division truncates toward
zero, ``%`` is floor-mod (and x % 0 is 0), and comparisons return 0/1 in the input dtype.
Integer power and hypot compute in float32 and cast back as C++ does.

HOT PATH: broadcast_add/sub/mul/div are what NDArray's dunders call on every step; their
forwards are one closure around the numpy ufunc (no errstate, no kwargs, no extra layer).
"""
import numpy as np

from .. import _parallel
from ..autograd import _state as _ag_state
from ..autograd import ones_times
from ..base import MXNetError, shape_str
from .register import primitive
from .unary import _c_cast, floor, log, zeros_like

__all__ = [
    "broadcast_add", "broadcast_plus", "broadcast_sub", "broadcast_minus", "broadcast_mul",
    "broadcast_div", "broadcast_mod", "broadcast_power", "broadcast_maximum",
    "broadcast_minimum", "broadcast_hypot", "broadcast_equal", "broadcast_not_equal",
    "broadcast_greater", "broadcast_greater_equal", "broadcast_lesser", "broadcast_lesser_equal",
    "broadcast_logical_and", "broadcast_logical_or", "broadcast_logical_xor",
    "elemwise_add", "elemwise_sub", "elemwise_mul", "elemwise_div", "add_n", "ElementWiseSum",
    "where",
]

_BOOL = np.dtype(np.bool_)
_F32 = np.dtype(np.float32)


def dtype_name(dt):
    """A dtype as MXNet's type-inference errors name it (bool is 'unknown' there)."""
    return "unknown" if dt.kind == "b" else dt.name


def dtype_mismatch(expected, got, i=1):
    return MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node  at "
                      f"{i}-th input: expected {dtype_name(np.dtype(expected))}, got "
                      f"{dtype_name(np.dtype(got))}")


def _check(a, b, name):
    """The slow path of the dtype test: two different dtypes (checked first), or bool."""
    if a.dtype != b.dtype:
        raise dtype_mismatch(a.dtype, b.dtype)
    raise MXNetError(f"Operator {name} does not support boolean type")


def _bcast_error(a, b):
    return MXNetError(f"Check failed: l == 1 || r == 1: operands could not be broadcast "
                      f"together with shapes {shape_str(a.shape)} {shape_str(b.shape)}")


# ufuncs whose result has the operands' dtype: split over threads on large same-shape arrays
_SPLITTABLE = {np.true_divide: "f", np.add: "fiu", np.subtract: "fiu", np.multiply: "fiu",
               np.maximum: "fiu", np.minimum: "fiu"}


def _binary(npfunc, name, split=None):
    """Forward of a broadcasting binary op with MXNet's dtype and shape checks. `split` (a
    ufunc) computes large same-shape, same-dtype, C-contiguous operands over several threads
    (for dtype kinds it lists)."""
    split_kinds = _SPLITTABLE.get(split or npfunc, "")
    split = split or npfunc
    min_size = _parallel.MIN_SIZE

    def fwd(xp, lhs, rhs):
        dt = lhs.dtype
        if dt is not rhs.dtype or dt is _BOOL:
            _check(lhs, rhs, name)
        if (lhs.size >= min_size and split_kinds and lhs.shape == rhs.shape
                and dt.kind in split_kinds and xp is np and lhs.flags.c_contiguous
                and rhs.flags.c_contiguous and _parallel.parts(lhs.size) > 1):
            return _parallel.binary(split, lhs, rhs)
        try:
            return npfunc(lhs, rhs)
        except ValueError:
            raise _bcast_error(lhs, rhs) from None
    fwd.__name__ = name
    return fwd


# ---------------------------------------------------------------- kernels (raw arrays)
def _int_div(a, b):
    """Integer division truncating toward zero (C++), not numpy's floor division."""
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.floor_divide(a, b)
        fix = (q * b != a) & ((a < 0) ^ (b < 0))
    return q + fix.astype(q.dtype)


def _div(a, b):
    if a.dtype.kind == "f":
        return a / b
    return _int_div(a, b)


def _mod(a, b):
    """Floor-mod with the sign of the divisor; x % 0 is 0 (MXNet), for floats and ints."""
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.mod(a, b)
        if a.dtype.kind == "f":
            zero = b == 0
            if zero.any():
                r = np.where(zero, r.dtype.type(0), r)
    return r


def _in_f32(f, a, b):
    """`f` of integer operands computed in float32 and cast back, as MXNet does for power
    and hypot (3**39 in int64 is 4052555218645155840). The float32 result is correctly
    rounded (computed in float64: numpy's float32 power can be 1 ulp off, 678**3)."""
    a32 = a.astype(_F32).astype(np.float64)
    b32 = (b.astype(_F32) if hasattr(b, "astype") else np.float32(b)).astype(np.float64)
    with np.errstate(all="ignore"):
        return _c_cast(f(a32, b32).astype(_F32), a.dtype)


def _power(a, b):
    if a.dtype.kind == "f":
        return np.power(a, b)
    return _in_f32(np.power, a, b)


def _hypot(a, b):
    if a.dtype.kind == "f":
        return np.hypot(a, b)
    return _in_f32(np.hypot, a, b)


def _cmp(npfunc):
    return lambda a, b: npfunc(a, b).astype(a.dtype)


# ---------------------------------------------------------------- gradient formulas
def _zero2(g, a, b, y):
    return zeros_like(a)


def _zero2b(g, a, b, y):
    return zeros_like(b)


def _power_grad_base(g, a, b, y):
    return g * b * a ** (b - 1.0) if a._data.dtype.kind == "f" else g * b * a ** (b - 1)


def _mul_grad_a(g, a, b, y):
    return g * b if _ag_state.ones is None else ones_times(g, b)


def _mul_grad_b(g, a, b, y):
    return g * a if _ag_state.ones is None else ones_times(g, a)


# d(a^b)/db = a^b log(a): nan at a=0 for b>0 (0 * -inf), -inf at a=b=0, as MXNet.
broadcast_add = primitive(lambda g, a, b, y: g, lambda g, a, b, y: g)(
    _binary(np.add, "broadcast_add"))
broadcast_sub = primitive(lambda g, a, b, y: g, lambda g, a, b, y: -g)(
    _binary(np.subtract, "broadcast_sub"))
broadcast_mul = primitive(_mul_grad_a, _mul_grad_b)(
    _binary(np.multiply, "broadcast_mul"))
broadcast_div = primitive(lambda g, a, b, y: g / b, lambda g, a, b, y: -(g * a) / (b * b))(
    _binary(_div, "broadcast_div", split=np.true_divide))
broadcast_mod = primitive(lambda g, a, b, y: g,
                          lambda g, a, b, y: -(g * floor(a / b)))(
    _binary(_mod, "broadcast_mod"))
broadcast_power = primitive(_power_grad_base, lambda g, a, b, y: g * y * log(a))(
    _binary(_power, "broadcast_power"))
# ties go to the lhs; NaN gives zero gradient to both sides (as MXNet)
broadcast_maximum = primitive(lambda g, a, b, y: g * (a >= b), lambda g, a, b, y: g * (a < b))(
    _binary(np.maximum, "broadcast_maximum"))
broadcast_minimum = primitive(lambda g, a, b, y: g * (a <= b), lambda g, a, b, y: g * (a > b))(
    _binary(np.minimum, "broadcast_minimum"))
broadcast_hypot = primitive(lambda g, a, b, y: g * a / y, lambda g, a, b, y: g * b / y)(
    _binary(_hypot, "broadcast_hypot"))
broadcast_equal = primitive(_zero2, _zero2b)(_binary(_cmp(np.equal), "broadcast_equal"))
broadcast_not_equal = primitive(_zero2, _zero2b)(
    _binary(_cmp(np.not_equal), "broadcast_not_equal"))
broadcast_greater = primitive(_zero2, _zero2b)(_binary(_cmp(np.greater), "broadcast_greater"))
broadcast_greater_equal = primitive(_zero2, _zero2b)(
    _binary(_cmp(np.greater_equal), "broadcast_greater_equal"))
broadcast_lesser = primitive(_zero2, _zero2b)(_binary(_cmp(np.less), "broadcast_lesser"))
broadcast_lesser_equal = primitive(_zero2, _zero2b)(
    _binary(_cmp(np.less_equal), "broadcast_lesser_equal"))
broadcast_logical_and = primitive(_zero2, _zero2b)(
    _binary(_cmp(np.logical_and), "broadcast_logical_and"))
broadcast_logical_or = primitive(_zero2, _zero2b)(
    _binary(_cmp(np.logical_or), "broadcast_logical_or"))
broadcast_logical_xor = primitive(_zero2, _zero2b)(
    _binary(_cmp(np.logical_xor), "broadcast_logical_xor"))
broadcast_plus = broadcast_add
broadcast_minus = broadcast_sub

_DOCS = {
    "add": "sum", "sub": "difference", "mul": "product", "div": "division",
    "mod": "modulo (floor-mod, sign of the divisor; x % 0 is 0)",
    "power": "power (lhs ** rhs)", "maximum": "maximum (gradient ties go to lhs)",
    "minimum": "minimum (gradient ties go to lhs)", "hypot": "hypotenuse sqrt(lhs^2 + rhs^2)",
    "equal": "**equal to** (==) comparison", "not_equal": "**not equal to** (!=) comparison",
    "greater": "**greater than** (>) comparison",
    "greater_equal": "**greater than or equal to** (>=) comparison",
    "lesser": "**lesser than** (<) comparison",
    "lesser_equal": "**lesser than or equal to** (<=) comparison",
    "logical_and": "**logical and**", "logical_or": "**logical or**",
    "logical_xor": "**logical xor**",
}
for _k, _v in _DOCS.items():
    _op = globals()["broadcast_" + _k]
    _op.__doc__ = f"""Returns element-wise {_v} of the input arrays with broadcasting.

    Comparison and logical results are 0/1 in the input dtype.

    Parameters
    ----------
    lhs : NDArray. First input to the function.
    rhs : NDArray. Second input to the function (same dtype; shapes broadcast).

    Returns
    -------
    out : NDArray
    """


# ---------------------------------------------------------------- same-shape variants
def _same_shape(npfunc, name):
    def fwd(xp, lhs, rhs):
        if lhs.shape != rhs.shape:
            raise MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in "
                             f"node  at 1-th input: expected {shape_str(lhs.shape)}, got "
                             f"{shape_str(rhs.shape)}")
        dt = lhs.dtype
        if dt is not rhs.dtype or dt is _BOOL:
            _check(lhs, rhs, name)
        return npfunc(lhs, rhs)
    fwd.__name__ = name
    fwd.__doc__ = f"""{name.split('_')[1].capitalize()} arguments element-wise (the shapes must
    be equal; no broadcasting)."""
    return fwd


elemwise_add = primitive(lambda g, a, b, y: g, lambda g, a, b, y: g)(
    _same_shape(np.add, "elemwise_add"))
elemwise_sub = primitive(lambda g, a, b, y: g, lambda g, a, b, y: -g)(
    _same_shape(np.subtract, "elemwise_sub"))
elemwise_mul = primitive(_mul_grad_a, _mul_grad_b)(
    _same_shape(np.multiply, "elemwise_mul"))
elemwise_div = primitive(lambda g, a, b, y: g / b, lambda g, a, b, y: -(g * a) / (b * b))(
    _same_shape(_div, "elemwise_div"))


# ---------------------------------------------------------------- add_n
def _add_n_grad(g, *args):
    return tuple(g for _ in args[:-1])


@primitive(grad=_add_n_grad, variadic=True)
def add_n(xp, *args):
    """Adds all input arguments element-wise: ``add_n(a1, ..., an) = a1 + ... + an``.

    The inputs must have the same shape and dtype (no broadcasting). Alias ElementWiseSum.
    """
    if not args:
        raise MXNetError('Check failed: num_args > 0: add_n needs at least one input, in '
                         'operator add_n(name="", num_args="0")')
    first = args[0]
    for i, a in enumerate(args[1:], 1):
        if a.shape != first.shape:
            raise MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in "
                             f"node  at {i}-th input: expected {shape_str(first.shape)}, got "
                             f"{shape_str(a.shape)}")
    for i, a in enumerate(args[1:], 1):
        if a.dtype != first.dtype:
            raise dtype_mismatch(first.dtype, a.dtype, i)
    if first.dtype.kind == "b":
        raise MXNetError("Unknown type enum 7")
    out = first.copy()
    for a in args[1:]:
        out += a
    return out


ElementWiseSum = add_n


# ---------------------------------------------------------------- where
def _where_fwd(xp, condition, x, y):
    if x.shape != y.shape:
        raise MXNetError(f"Check failed: x and y must have the same shape in operator where, "
                         f"got {shape_str(x.shape)} and {shape_str(y.shape)}")
    c = condition
    if c.shape != x.shape:
        if c.ndim == 1 and x.ndim >= 1 and c.shape[0] == x.shape[0]:
            c = c.reshape(c.shape + (1,) * (x.ndim - 1))
        elif c.ndim == 1 and x.ndim >= 1:
            raise MXNetError(f"Check failed: (*in_attrs)[0].Size() == "
                             f"static_cast<size_t>(tshape[0]) ({c.shape[0]} vs. {x.shape[0]}) : "
                             f"a 1-D condition must have length x.shape[0]")
        else:
            raise MXNetError(f"where: condition of shape {shape_str(c.shape)} must have the "
                             f"shape {shape_str(x.shape)} of x, or be 1-D of length x.shape[0]")
    if x.dtype != y.dtype:  # (MXNet's text)
        raise MXNetError("Check failed: infer_type_success: Operator where is missing "
                         "FInferType attribute")
    if x.dtype.kind == "b" or c.dtype.kind == "b":
        raise MXNetError("Unknown type enum 7")
    return xp.where(c != 0, x, y)


def _where_grad(g, c, x, y, out):
    z = zeros_like(g)
    return zeros_like(c), where(c, g, z), where(c, z, g)


where = primitive(grad=_where_grad, n_in=3, name="where")(_where_fwd)
where.__doc__ = """Return the elements, either from x or y, depending on the condition.

    Parameters
    ----------
    condition : NDArray, the same shape as x, or 1-D of length x.shape[0] (selects whole
        rows). Nonzero (including NaN) picks x.
    x, y : NDArray of the same shape and dtype.

    The condition gets a zero gradient; x gets the head gradient where the condition holds,
    y elsewhere.
    """

from .elemwise_scalar import *  # noqa: F401,F403,E402 - scalar variants, Python wrappers
from .elemwise_scalar import __all__ as _scalar_all  # noqa: E402
from .elemwise_scalar import (  # noqa: F401,E402 - MXNet's _internal names
    _div_scalar,
    _equal_scalar,
    _greater_equal_scalar,
    _greater_scalar,
    _hypot_scalar,
    _lesser_equal_scalar,
    _lesser_scalar,
    _logical_and_scalar,
    _logical_or_scalar,
    _logical_xor_scalar,
    _maximum_scalar,
    _minimum_scalar,
    _minus_scalar,
    _mod_scalar,
    _mul_scalar,
    _not_equal_scalar,
    _plus_scalar,
    _power_scalar,
    _rdiv_scalar,
    _rminus_scalar,
    _rmod_scalar,
    _rpower_scalar,
    cast_scalar,
)

__all__ = __all__ + _scalar_all
