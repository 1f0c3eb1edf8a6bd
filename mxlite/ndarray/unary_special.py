"""Group A, continued: rounding, special functions, casts, clip, BlockGrad and the loss
heads, shape_array/size_array. Re-exported by ``unary`` (``mx.nd.<name>``).

Rounding ⚠: ``round`` is half away from zero, ``rint`` is half toward -inf (floor when
``x - floor(x) <= 0.5``), not numpy's half-to-even. Integer inputs keep their exact values.
"""
import math

import numpy as np

from ..base import MXNetError, as_dtype
from .register import primitive
from .unary import (
    _c_cast,
    _int_math,
    _no_bool,
    _scalar_to,
    _zero,
    exp,
    ones_like,
    square,
)

__all__ = ["floor", "ceil", "trunc", "fix", "round", "rint", "erf", "erfinv", "gamma",
           "gammaln", "hard_sigmoid", "logical_not", "clip", "cast", "Cast", "amp_cast",
           "BlockGrad", "stop_gradient", "make_loss", "MakeLoss", "shape_array", "size_array"]

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_SQRT_PI_OVER_TWO = math.sqrt(math.pi) / 2.0


def _special():
    try:
        from scipy import special  # SciPy only for special functions, imported on first use
    except ImportError:
        raise MXNetError("erf, erfinv, gamma and gammaln need SciPy (an optional extra): "
                         "pip install 'mxlite[scipy]'") from None
    return special


def _same_float(r, data):
    return r.astype(data.dtype, copy=False)


# ---------------------------------------------------------------- rounding
def _int_copy(data):
    _no_bool(data)
    return data.copy()


@primitive(_zero)
def floor(xp, data):
    """Returns element-wise floor of the input: the largest integer i with i <= x.

    Examples
    --------
    >>> floor([-2.1, -1.9, 1.5, 1.9, 2.1]) = [-3., -2.,  1.,  1.,  2.]
    """
    return xp.floor(data) if data.dtype.kind == "f" else _int_copy(data)


@primitive(_zero)
def ceil(xp, data):
    """Returns element-wise ceiling of the input: the smallest integer i with i >= x.

    Examples
    --------
    >>> ceil([-2.1, -1.9, 1.5, 1.9, 2.1]) = [-2., -1.,  2.,  2.,  3.]
    """
    return xp.ceil(data) if data.dtype.kind == "f" else _int_copy(data)


@primitive(_zero)
def trunc(xp, data):
    """Return the element-wise truncated value of the input (toward zero).

    Examples
    --------
    >>> trunc([-2.1, -1.9, 1.5, 1.9, 2.1]) = [-2., -1.,  1.,  1.,  2.]
    """
    return xp.trunc(data) if data.dtype.kind == "f" else _int_copy(data)


@primitive(_zero)
def fix(xp, data):
    """Returns element-wise rounded value to the nearest integer towards zero of the input.

    Examples
    --------
    >>> fix([-2.1, -1.9, 1.9, 2.1]) = [-2., -1.,  1., 2.]
    """
    return xp.trunc(data) if data.dtype.kind == "f" else _int_copy(data)


@primitive(_zero)
def round(xp, data):  # noqa: A001 - MXNet's name
    """Returns element-wise rounded value to the nearest integer; halves go away from zero.

    Examples
    --------
    >>> round([-1.5, -0.5, 0.5, 1.5, 2.5]) = [-2., -1.,  1.,  2.,  3.]
    """
    if data.dtype.kind != "f":
        return _int_copy(data)
    t = xp.trunc(data)
    with np.errstate(invalid="ignore"):                 # inf - inf
        half = xp.abs(data - t) >= 0.5
    return xp.where(half, t + xp.sign(data), t).astype(data.dtype, copy=False)


@primitive(_zero)
def rint(xp, data):
    """Returns element-wise rounded value to the nearest integer; ⚠ halves go toward -inf
    (floor when ``x - floor(x) <= 0.5``), unlike numpy's half-to-even.

    Examples
    --------
    >>> rint([-1.5, -0.5, 0.5, 1.5, 2.5]) = [-2., -1.,  0.,  1.,  2.]
    """
    if data.dtype.kind != "f":
        return _int_copy(data)
    f = xp.floor(data)
    with np.errstate(invalid="ignore"):
        low = data - f <= 0.5
    return xp.where(low, f, f + 1).astype(data.dtype, copy=False)


# ---------------------------------------------------------------- special functions
def _sfun(name, data):
    f = getattr(_special(), name)
    if data.dtype.kind == "f":
        return _same_float(f(data), data)
    return _int_math(f, data)


@primitive(lambda g, x, y: g * exp(-square(x)) * _TWO_OVER_SQRT_PI)
def erf(xp, data):
    """Returns element-wise gauss error function of the input.

    Examples
    --------
    >>> erf([0, -1., 10.]) = [0., -0.8427, 1.]
    """
    return _sfun("erf", data)


@primitive(lambda g, x, y: g * exp(square(y)) * _SQRT_PI_OVER_TWO)
def erfinv(xp, data):
    """Returns element-wise inverse gauss error function of the input (+-inf at +-1, NaN
    outside [-1, 1]).

    Examples
    --------
    >>> erfinv([0, 0.5., -1.]) = [0., 0.4769, -inf]
    """
    if data.dtype.kind == "f":
        return _sfun("erfinv", data)
    # MXNet gives 0, not INT_MIN, for integers outside [-1, 1]
    return _int_math(lambda a: np.nan_to_num(_special().erfinv(a), nan=0.0, posinf=np.inf,
                                             neginf=-np.inf), data)


@primitive(lambda g, x, y, n: g * _polygamma(x, n=n + 1))
def _polygamma(xp, data, n=0):
    """The n-th derivative of the digamma function (n=0: digamma), for gamma's gradients."""
    sp = _special()
    r = sp.psi(data) if n == 0 else sp.polygamma(n, data)
    return _same_float(r, data)


@primitive(lambda g, x, y: g * y * _polygamma(x, n=0))
def gamma(xp, data):
    """Returns the gamma function (extension of the factorial function to the reals),
    computed element-wise on the input array (NaN at negative integers, inf at 0)."""
    r = _sfun("gamma", data)
    if r.dtype.kind == "f":  # SciPy < 1.12 gives inf at the poles -1, -2, …; MXNet gives NaN
        r[(data < 0) & (data == xp.floor(data))] = np.nan
        zero = data == 0  # tgamma(+-0) = +-inf (SciPy < 1.12 gives +inf for -0.0)
        if zero.any():
            r[zero] = np.copysign(np.inf, data[zero]).astype(r.dtype)
    return r


@primitive(lambda g, x, y: g * _polygamma(x, n=0))
def gammaln(xp, data):
    """Returns element-wise log of the absolute value of the gamma function of the input."""
    r = _sfun("gammaln", data)
    if r.dtype.kind == "f":  # SciPy gives -inf at -inf; MXNet (C lgamma) gives +inf
        r[xp.isneginf(data)] = np.inf
        # SciPy overflows on subnormals; there lgamma(x) = -log|x| to working precision
        sub = (data != 0) & (xp.abs(data) < np.finfo(data.dtype).tiny)
        if sub.any():
            r[sub] = -xp.log(xp.abs(data[sub]))
    return r


# ---------------------------------------------------------------- activations, logic
def _float_only(data):
    dt = data.dtype
    if dt.kind == "b":
        raise MXNetError("Unknown type enum 7")
    if dt.kind != "f":  # (MXNet's text has no comma for the 8-bit types)
        sep = "" if dt.itemsize == 1 else ","
        raise MXNetError(f"This operation only support floating point types{sep} not {dt.name}")


@primitive(_zero)
def _open_unit_mask(xp, data):
    """1 where 0 < data < 1, else 0 (hard_sigmoid's gradient mask)."""
    return ((data > 0) & (data < 1)).astype(data.dtype)


def _f32(v):
    return float(np.float32(v))  # MXNet stores float attributes as float32


@primitive(lambda g, x, y, alpha, beta: g * _open_unit_mask(y) * _f32(alpha))
def hard_sigmoid(xp, data, alpha=0.2, beta=0.5):
    """Computes hard sigmoid of x element-wise: ``y = max(0, min(1, alpha * x + beta))``.

    Parameters
    ----------
    data : NDArray (floating point)
    alpha : float, optional, default=0.2. Slope of hard sigmoid.
    beta : float, optional, default=0.5. Bias of hard sigmoid.
    """
    _float_only(data)
    r = data * _f32(alpha) + _f32(beta)
    return xp.clip(r, 0, 1).astype(data.dtype, copy=False)


@primitive(_zero)
def logical_not(xp, data):
    """Returns the result of logical NOT (!) function, as 0/1 in the input dtype.

    Examples
    --------
    >>> logical_not([-2., 0., 1.]) = [0., 1., 0.]
    """
    _no_bool(data)
    return (data == 0).astype(data.dtype)


# ---------------------------------------------------------------- clip
@primitive(_zero)
def _clip_mask(xp, data, a_min, a_max):
    """clip's gradient mask: 0 where data < a_min or data > a_max, else 1 (also at NaN)."""
    return (~((data < a_min) | (data > a_max))).astype(data.dtype)


@primitive(lambda g, x, y, a_min, a_max: g * _clip_mask(x, a_min=a_min, a_max=a_max))
def clip(xp, data, a_min, a_max):
    """Clips (limits) the values in an array: ``clip(x) = max(min(x, a_max), a_min)``.

    Parameters
    ----------
    data : NDArray
    a_min : float, required. Minimum value.
    a_max : float, required. Maximum value.

    The gradient is 1 on the closed interval [a_min, a_max] (and at NaN), 0 outside.
    NaN stays NaN. Integer inputs use the bounds truncated toward zero.
    """
    dt = data.dtype
    lo, hi = float(a_min), float(a_max)
    if dt.kind == "f":
        if lo <= hi:
            return xp.clip(data, lo, hi).astype(dt, copy=False)
        lo_v, hi_v = lo, hi
    else:  # MXNet compares in float, then casts the bound to the integer dtype
        _no_bool(data)
        lo_v, hi_v = _scalar_to(lo, dt), _scalar_to(hi, dt)
    # MXNet tests x > a_max first, then x < a_min
    return xp.where(data > hi, hi_v, xp.where(data < lo, lo_v, data)).astype(dt, copy=False)


# ---------------------------------------------------------------- casts
def _astype(data, dt):
    if data.dtype.kind == "f" and dt.kind in "iub":
        return _c_cast(data, dt)
    return data.astype(dt)


@primitive(lambda g, x, y, dtype: cast(g, dtype=x.dtype))
def cast(xp, data, dtype):
    """Casts all elements of the input to a new type.

    Parameters
    ----------
    data : NDArray
    dtype : {'bool', 'float16', 'float32', 'float64', 'int32', 'int64', 'int8', 'uint8'},
        required. Output data type.

    Float-to-integer casts truncate toward zero; NaN, inf and out-of-range values behave
    as C++'s static_cast on x86 (uint8 of -1 is 255). The gradient is cast back.
    """
    return _astype(data, as_dtype(dtype))


Cast = cast


@primitive(lambda g, x, y, dtype: cast(g, dtype=x.dtype))
def amp_cast(xp, data, dtype):
    """Cast function used by AMP, that casts its inputs to the specified type only if they
    are floating point; other inputs are returned unchanged (as a copy). A float-to-integer
    amp_cast rounds half to even and saturates (MXNet's MKLDNN reorder).

    Parameters
    ----------
    data : NDArray
    dtype : {'bool', 'float16', 'float32', 'float64', 'int32', 'int64', 'int8', 'uint8'},
        required. Output data type.
    """
    if data.dtype.kind != "f":
        return data.copy()
    dt = as_dtype(dtype)
    if dt.kind in "iu":  # MXNet (MKLDNN reorder) rounds half to even and saturates
        info = np.iinfo(dt)
        r = np.clip(np.nan_to_num(xp.rint(data.astype(np.float64)), nan=0.0), info.min, info.max)
        return r.astype(dt)
    return _astype(data, dt)


# ---------------------------------------------------------------- gradient heads
@primitive(_zero)
def BlockGrad(xp, data):
    """Stops gradient computation: the identity forward; the gradient is zero (and the
    input stays reachable, so it receives zeros)."""
    return data.copy()  # a new array, as MXNet: writing to it must not change the input


stop_gradient = BlockGrad


@primitive(lambda g, x, y: ones_like(x))
def make_loss(xp, data):
    """Make your own loss function in network construction: the forward is the identity;
    the backward ignores the head gradient and gives ones."""
    return data.copy()


def _make_loss_grad(g, x, y, grad_scale, valid_thresh, normalization):
    scale = _f32(grad_scale)
    if normalization == "batch":  # MXNet: the rows of the (-1, last axis) view
        scale /= max(math.prod(x.shape[:-1]), 1)
    elif normalization == "valid":
        n = int((x._data > _f32(valid_thresh)).sum())
        scale /= max(n, 1)
    return ones_like(x) * scale


@primitive(_make_loss_grad)
def MakeLoss(xp, data, grad_scale=1.0, valid_thresh=0.0, normalization="null"):
    """Make your own loss function in network construction.

    The forward is the identity; the backward ignores the head gradient and gives
    ``grad_scale`` (divided by the number of rows, the product of all but the last axis,
    for normalization='batch', or by the number of elements greater than `valid_thresh`
    for normalization='valid').

    Parameters
    ----------
    data : NDArray (floating point). Input array.
    grad_scale : float, optional, default=1. Gradient scale as a supplement to unary and
        binary operators.
    valid_thresh : float, optional, default=0. Clip each element in the array to 0 when it
        is less than ``valid_thresh``; used with normalization='valid'.
    normalization : {'batch', 'null', 'valid'}, optional, default='null'.
    """
    _float_only(data)
    if normalization not in ("null", "batch", "valid"):
        raise MXNetError(f"Invalid Input: '{normalization}', valid values are: "
                         f"{{'batch', 'null', 'valid'}}, in operator MakeLoss")
    return data.copy()


@primitive(_zero)
def shape_array(xp, data):
    """Returns a 1-D int64 array containing the shape of the input.

    Examples
    --------
    >>> shape_array([[1,2,3,4], [5,6,7,8]]) = [2,4]
    """
    return xp.array(data.shape, dtype=np.int64)


@primitive(_zero)
def size_array(xp, data):
    """Returns a 1-D int64 array of shape (1,) containing the size of the input.

    Examples
    --------
    >>> size_array([[1,2,3,4], [5,6,7,8]]) = [8]
    """
    return xp.array([data.size], dtype=np.int64)
