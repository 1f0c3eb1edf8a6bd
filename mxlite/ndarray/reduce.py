"""Reductions (MXNet group C): sum, mean, prod, max, min, norm …

A full reduction returns shape (1,), never (); results keep the input dtype; max/min send
the gradient to every tied element.
"""
import ast

import numpy as np

from ..base import MXNetError, shape_str
from .register import broadcast_shape_to, primitive
from .shape import _reshape_exact

__all__ = ["sum", "mean", "prod", "nansum", "nanprod", "max", "min", "norm", "sum_axis",
           "max_axis", "min_axis", "argmax", "argmin", "argmax_channel", "moments", "cumsum"]


def reduce_axes(axis, ndim, shape, exclude=False):
    """Normalised tuple of reduced axes (MXNet's rules: None or () reduce everything)."""
    if type(axis) is int and not exclude and -ndim <= axis < ndim:  # the common call
        return (axis + ndim if axis < 0 else axis,)
    if axis is None or (isinstance(axis, tuple) and len(axis) == 0 and not exclude):
        axes = tuple(range(ndim))
    else:
        if isinstance(axis, str):  # MXNet parses the attribute text: '1', '(0, 1)'
            try:
                axis = ast.literal_eval(axis)
            except (ValueError, SyntaxError):
                pass
        if isinstance(axis, (float, np.floating, str)):
            raise MXNetError(f"Invalid Parameter format for axis expect Shape or None but "
                             f"value='{axis}'")
        axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
        # MXNet's order: negatives shifted by ndim, sorted, duplicates, then the range
        axes = tuple(sorted(int(a) + ndim if int(a) < 0 else int(a) for a in axes))
        for i in range(1, len(axes)):
            if axes[i - 1] == axes[i]:
                raise MXNetError(f"Check failed: axes[i-1] < axes[i] ({axes[i]} vs. {axes[i]}) : "
                                 f"Reduction axes have duplicates {shape_str(axes)}")
        if axes and axes[-1] >= ndim:
            raise MXNetError(f"Check failed: axes[axes.ndim()-1] < ishape.ndim() ({axes[-1]} vs. "
                             f"{ndim}) : Reduction axis {axes[-1]} Exceeds input dimensions "
                             f"{shape_str(shape)}")
        if axes and axes[0] < 0:
            raise MXNetError(f"Check failed: axes[0] >= 0 ({axes[0]} vs. 0) : Reduction "
                             f"axis [{axes[0] - ndim}] Exceeds input dimensions {shape_str(shape)}")
        if exclude:
            axes = tuple(i for i in range(ndim) if i not in axes)
    return axes


def _out_shape(shape, axes, keepdims):
    if keepdims:
        return tuple(1 if i in axes else s for i, s in enumerate(shape))
    r = tuple(s for i, s in enumerate(shape) if i not in axes)
    return r if r else (1,)


def _finish(r, shape, axes, keepdims):
    return r.reshape(_out_shape(shape, axes, keepdims))


def _keep_shape(x, axis, exclude):
    axes = reduce_axes(axis, x.ndim, x.shape, exclude)
    return tuple(1 if i in axes else s for i, s in enumerate(x.shape)), axes


def _spread(g, x, axis, exclude):
    """The output gradient reshaped with kept dims and broadcast back to x's shape."""
    kshape, _ = _keep_shape(x, axis, exclude)
    return broadcast_shape_to(_reshape_exact(g, kshape), x.shape)


def _sum_grad(g, x, y, axis, keepdims, exclude):
    return _spread(g, x, axis, exclude)


def _acc_dtype(dt):
    return np.float32 if dt == np.float16 else dt


@primitive(_sum_grad)
def sum(xp, data, axis=None, keepdims=False, exclude=False):  # noqa: A001
    """Computes the sum of array elements over given axes (a full reduction gives (1,))."""
    dt = data.dtype
    if axis is None and not keepdims and not exclude:
        return xp.asarray(data.sum(dtype=_acc_dtype(dt)), dtype=dt).reshape(1)
    axes = reduce_axes(axis, data.ndim, data.shape, exclude)
    r = data.sum(axis=axes, dtype=_acc_dtype(dt))
    return _finish(xp.asarray(r, dtype=dt), data.shape, axes, keepdims)


def _count(x, axis, exclude):
    axes = reduce_axes(axis, x.ndim, x.shape, exclude)
    n = 1
    for a in axes:
        n *= x.shape[a]
    return n


@primitive(lambda g, x, y, axis, keepdims, exclude:
           _spread(g / _count(x, axis, exclude), x, axis, exclude))
def mean(xp, data, axis=None, keepdims=False, exclude=False):
    """Computes the mean of array elements over given axes."""
    axes = reduce_axes(axis, data.ndim, data.shape, exclude)
    dt = data.dtype
    n = 1
    for a in axes:
        n *= data.shape[a]
    if dt.kind == "b":  # (sum True, then True / n is nonzero: any)
        r = np.asarray(data.any(axis=axes))
    elif dt.kind in "iu":
        # MXNet accumulates in the input dtype (wrapping like C) and truncates the quotient.
        s = np.asarray(data.sum(axis=axes, dtype=dt)).astype(np.int64)
        q = np.abs(s) // (n if n > 0 else 1)
        r = np.where(s < 0, -q, q).astype(dt)
    else:
        r = xp.asarray(data.sum(axis=axes, dtype=_acc_dtype(dt)) / n, dtype=dt)
    return _finish(r, data.shape, axes, keepdims)


# Like MXNet, d prod / dx = prod / x (NaN where x == 0); it stays differentiable.
@primitive(lambda g, x, y, axis, keepdims, exclude:
           _spread(g * y, x, axis, exclude) / x)
def prod(xp, data, axis=None, keepdims=False, exclude=False):
    """Computes the product of array elements over given axes."""
    axes = reduce_axes(axis, data.ndim, data.shape, exclude)
    return _finish(xp.asarray(data.prod(axis=axes, dtype=data.dtype)), data.shape, axes, keepdims)


def _extreme_grad(g, x, y, axis, keepdims, exclude):
    ys = _spread(y, x, axis, exclude)
    return _spread(g, x, axis, exclude) * (x == ys)


@primitive(_extreme_grad)
def max(xp, data, axis=None, keepdims=False, exclude=False):  # noqa: A001
    """Computes the max of array elements over given axes (NaN propagates)."""
    axes = reduce_axes(axis, data.ndim, data.shape, exclude)
    return _finish(xp.asarray(data.max(axis=axes)), data.shape, axes, keepdims)


@primitive(_extreme_grad)
def min(xp, data, axis=None, keepdims=False, exclude=False):  # noqa: A001
    """Computes the min of array elements over given axes (NaN propagates)."""
    axes = reduce_axes(axis, data.ndim, data.shape, exclude)
    return _finish(xp.asarray(data.min(axis=axes)), data.shape, axes, keepdims)


sum_axis, max_axis, min_axis = sum, max, min


def _norm_grad(g, x, y, ord, axis, out_dtype, keepdims):
    from .unary import sign
    if ord == 1:
        return _spread(g, x, axis, False) * sign(x)
    return _spread(g, x, axis, False) * x / _spread(y, x, axis, False)


@primitive(_norm_grad)
def norm(xp, data, ord=2, axis=None, out_dtype=None, keepdims=False):  # noqa: A002
    """Computes the L1 or L2 norm of the input over the given axes (a full norm gives (1,))."""
    if ord not in (1, 2) or isinstance(ord, (float, np.floating)):
        if isinstance(ord, (float, np.floating)):  # (MXNet parses str(ord) as an int)
            raise MXNetError(f"Invalid Parameter format for ord expect int but value='{ord}', "
                             f"in operator norm(name=\"\", ord=\"{ord}\")")
        raise MXNetError(f"Check failed: param.ord == 1 || param.ord == 2: norm only supports "
                         f"ord=1 and ord=2 (got ord={ord})")
    dt = data.dtype
    if axis is None and not keepdims and out_dtype is None and dt.kind == "f" and dt.itemsize >= 4:
        flat = data.reshape(-1)  # the common full norm: one BLAS dot, no temporaries
        r = xp.sqrt(xp.dot(flat, flat)) if ord == 2 else xp.abs(flat).sum()
        return xp.asarray(r, dtype=dt).reshape(1)
    axes = reduce_axes(axis, data.ndim, data.shape)
    acc = data.astype(np.float64) if data.dtype.kind != "f" else data.astype(_acc_dtype(data.dtype))
    r = xp.abs(acc).sum(axis=axes) if ord == 1 else xp.sqrt((acc * acc).sum(axis=axes))
    dt = np.dtype(out_dtype) if out_dtype is not None else data.dtype
    return _finish(xp.asarray(r).astype(dt), data.shape, axes, keepdims)


def _not_nan(x):
    return x == x  # 0 where x is NaN, 1 elsewhere, in x's dtype


@primitive(lambda g, x, y, axis, keepdims, exclude: _spread(g, x, axis, exclude) * _not_nan(x))
def nansum(xp, data, axis=None, keepdims=False, exclude=False):
    """Computes the sum of array elements over given axes treating NaN as zero."""
    axes = reduce_axes(axis, data.ndim, data.shape, exclude)
    dt = data.dtype
    d = xp.where(xp.isnan(data), 0, data) if dt.kind == "f" else data
    return _finish(xp.asarray(d.sum(axis=axes, dtype=_acc_dtype(dt)), dtype=dt), data.shape,
                   axes, keepdims)


@primitive(lambda g, x, y, value: g * _not_nan(x))
def _nan_to(xp, data, value):
    """NaN entries replaced by `value` (their gradient is zero)."""
    return xp.where(xp.isnan(data), data.dtype.type(value), data) if data.dtype.kind == "f" \
        else data


@primitive(lambda g, x, y, axis, keepdims, exclude:
           _spread(g * y, x, axis, exclude) / _nan_to(x, value=1) * _not_nan(x))
def nanprod(xp, data, axis=None, keepdims=False, exclude=False):
    """Computes the product of array elements over given axes treating NaN as one."""
    axes = reduce_axes(axis, data.ndim, data.shape, exclude)
    dt = data.dtype
    d = xp.where(xp.isnan(data), 1, data) if dt.kind == "f" else data
    return _finish(xp.asarray(d.prod(axis=axes, dtype=dt)), data.shape, axes, keepdims)


def _arg_axis(axis, ndim):
    if not -ndim <= axis < ndim:
        raise MXNetError(f"Check failed: axis < ndim && axis >= -ndim: axis {axis} exceeds the "
                         f"input dimension of {ndim}")
    return axis % ndim


def _arg_reduce(xp, data, axis, keepdims, fn, op="argmax"):
    odt = data.dtype  # MXNet: the indices come back in the input dtype (float16/64 too)
    if odt.kind == "b":
        raise MXNetError("Unknown type enum 7")
    if isinstance(axis, str) and axis.strip().lstrip("-").isdigit():
        axis = int(axis)
    if axis is not None and not isinstance(axis, (int, np.integer)):
        raise MXNetError(f"Invalid Parameter format for axis expect int or None but value="
                         f"'{axis}', in operator {op}(name=\"\", axis=\"{axis}\")")
    if axis is None:
        r = fn(data.reshape(-1)).astype(odt)
        return r.reshape((1,) * data.ndim if keepdims else (1,))
    ax = _arg_axis(int(axis), data.ndim)
    r = fn(data, axis=ax).astype(odt)
    if keepdims:
        r = xp.expand_dims(r, ax)
    return r.reshape((1,)) if r.ndim == 0 else r


def _zero_grad(g, x, y, **attrs):
    from .unary import zeros_like
    return zeros_like(x)


@primitive(_zero_grad)
def argmax(xp, data, axis=None, keepdims=False):
    """Returns indices of the maximum values along an axis (in the input dtype; NaN
    counts as the maximum; axis=None flattens and gives shape (1,))."""
    return _arg_reduce(xp, data, axis, keepdims, xp.argmax)


@primitive(_zero_grad)
def argmin(xp, data, axis=None, keepdims=False):
    """Returns indices of the minimum values along an axis (in the input dtype)."""
    return _arg_reduce(xp, data, axis, keepdims, xp.argmin, "argmin")


@primitive(_zero_grad)
def argmax_channel(xp, data):
    """Returns argmax indices over the channel axis (axis 1) of the input array."""
    return _arg_reduce(xp, data, 1, False, xp.argmax)


def moments(data, axes=None, keepdims=False, name=None):
    """Calculates the mean and (biased) variance of `data` over `axes`.

    Returns
    -------
    [mean, var] : list of NDArray
    """
    if axes is None or (not isinstance(axes, (int, np.integer)) and len(tuple(axes)) == 0):
        raise MXNetError("Empty axes is not supported, if you would like to do global moments, "
                         "please pass all axes to axes argument")
    axes = reduce_axes(axes, data.ndim, data.shape)
    m = mean(data, axis=axes, keepdims=True)
    d = data - m
    v = mean(d * d, axis=axes, keepdims=keepdims)
    if not keepdims:
        from .shape import _reshape_exact as _rs
        m = _rs(m, _out_shape(data.shape, axes, False))
    return [m, v]


def _cumsum_axis(data, axis):
    if axis is None:
        return None
    nd_ = data.ndim
    if not -nd_ <= axis < nd_:
        raise MXNetError(f"Check failed: !axis.has_value() || ((axis.value() >= "
                         f"-out.shape_.ndim()) && axis.value() < out.shape_.ndim()): axis value "
                         f"{axis} out of range")
    return axis % nd_


def _cumsum_grad(g, x, y, axis, dtype):
    r = _rcumsum(g, axis=-1 if axis is None else axis)
    from .shape import _reshape_exact as _rs
    r = _rs(r, x.shape)
    return r if r.dtype == x.dtype else _cast(r, x.dtype)


def _cast(a, dt):
    from .unary import cast
    return cast(a, dtype=dt)


@primitive(_cumsum_grad)
def cumsum(xp, a, axis=None, dtype=None):
    """Return the cumulative sum of the elements along a given axis (axis=None flattens)."""
    ax = _cumsum_axis(a, axis)
    dt = np.dtype(dtype) if dtype is not None else a.dtype
    if dt.kind == "b":  # (a bool input sums in int64, like NumPy)
        dt = np.dtype(np.int64)
    src = a.reshape(-1) if ax is None else a
    return xp.cumsum(src, axis=0 if ax is None else ax, dtype=dt)


@primitive(lambda g, x, y, axis: cumsum(g, axis=axis))
def _rcumsum(xp, a, axis):
    """Reverse cumulative sum along `axis` (the gradient of cumsum)."""
    f = xp.flip(a, axis)
    return xp.flip(xp.cumsum(f, axis=axis, dtype=a.dtype), axis).copy()
