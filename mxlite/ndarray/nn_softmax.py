"""The softmax family (MXNet group H): softmax, log_softmax, softmin, SoftmaxActivation.

The ops are primitives whose gradients call fused backward primitives (``_softmax_bwd``,
``_log_softmax_bwd``) that in turn have gradients, so every order of derivative works at
the cost of one kernel per backward.
"""
import numpy as np

from ..base import MXNetError, as_dtype, shape_str
from .register import primitive
from .unary import cast, exp, zeros_like

__all__ = ["SoftmaxActivation", "log_softmax", "softmax", "softmin"]


def _nn_sum(x, axis):
    from .reduce import sum as _s
    return _s(x, axis=axis, keepdims=True)


def _norm_axis(axis, ndim):
    if not -ndim <= axis < ndim:
        raise MXNetError(f"Check failed: axis < ndim && axis >= -ndim: axis {axis} exceeds the "
                         f"input dimension of {ndim}")
    return axis % ndim


def _float_only(dt):
    if dt.kind != "f":
        raise MXNetError(f"This operation only support floating point types, not {dt}")


# NumPy reduces along a short last axis slowly (max over (256, 10) takes 35 us, the
# broadcast subtraction 6 us). For a short softmax axis the kernels work in a layout with
# that axis first, where reductions and broadcasts run over contiguous rows (3x faster,
# measured); a long last axis is summed as one matrix-vector product.
_FLOAT_BLAS = (np.dtype(np.float32), np.dtype(np.float64))


def _short_axis(xp, x, ax):
    return xp is np and x.ndim > 1 and ax != 0 and x.shape[ax] <= 64


_PERMS = {}


def _perms(ndim, ax):
    """(axis-first permutation, its inverse), cached: np.moveaxis costs ~10 us a call."""
    key = (ndim, ax)
    p = _PERMS.get(key)
    if p is None:
        fwd = (ax,) + tuple(i for i in range(ndim) if i != ax)
        p = _PERMS[key] = (fwd, tuple(int(i) for i in np.argsort(fwd)))
    return p


def _front(x, ax):
    return np.ascontiguousarray(x.transpose(_perms(x.ndim, ax)[0]))


def _unfront(z, ax):
    return np.ascontiguousarray(z.transpose(_perms(z.ndim, ax)[1]))


def _asum(xp, x, axis):
    """x.sum(axis, keepdims=True); a long last axis as one matrix-vector product."""
    if xp is np and x.ndim > 1 and axis in (-1, x.ndim - 1) and x.dtype in _FLOAT_BLAS:
        k = x.shape[-1]
        r = x.reshape(-1, k) @ np.ones((k, 1), dtype=x.dtype)
        return r.reshape(x.shape[:-1] + (1,))
    return x.sum(axis=axis, keepdims=True)


def _in_layout(kernel):
    """Runs kernel(xp, *arrays, axis) in the axis-first layout when the axis is short."""
    def run(xp, *arrays, axis):
        ax = axis % arrays[0].ndim if arrays[0].ndim else 0
        if _short_axis(xp, arrays[0], ax):
            return _unfront(kernel(xp, *[None if a is None else _front(a, ax) for a in arrays],
                                   axis=0), ax)
        return kernel(xp, *arrays, axis=ax)
    return run


# ---------------------------------------------------------------- fused backward kernels
def _softmax_bwd_grad(h, g, y, z, axis):
    # the softmax Jacobian diag(y) - y y^T is symmetric: the adjoint in g is the same kernel
    return (_softmax_bwd(h, y, axis=axis),
            h * (g - _nn_sum(g * y, axis)) - g * _nn_sum(h * y, axis))


@primitive(grad=_softmax_bwd_grad, n_in=2)
def _softmax_bwd(xp, g, y, axis=-1):
    """y * (g - sum(g*y)): the softmax vector-Jacobian product."""
    return _softmax_vjp(xp, g, y, axis=axis)


@_in_layout
def _softmax_vjp(xp, g, y, axis):
    r = g * y
    r -= y * _asum(xp, r, axis)
    return r


def _log_softmax_bwd_grad(h, g, y, z, axis):
    ey = exp(y)
    return h - _nn_sum(h * ey, axis), -(h * ey * _nn_sum(g, axis))


@primitive(grad=_log_softmax_bwd_grad, n_in=2)
def _log_softmax_bwd(xp, g, y, axis=-1):
    """g - exp(y) * sum(g): the log-softmax vector-Jacobian product."""
    return _log_softmax_vjp(xp, g, y, axis=axis)


@_in_layout
def _log_softmax_vjp(xp, g, y, axis):
    r = xp.exp(y)
    r *= _asum(xp, g, axis)
    return g - r


# ---------------------------------------------------------------- softmax family
def _compute_dtype(in_dt, out_dt):
    if in_dt == np.float16 and out_dt == np.float16:
        return np.dtype(np.float32)
    return in_dt if in_dt.itemsize >= out_dt.itemsize else out_dt


def _prep(data, axis, temperature, dtype):
    _float_only(data.dtype)
    ax = _norm_axis(axis, data.ndim)
    out_dt = as_dtype(dtype) if dtype is not None else data.dtype
    x = data.astype(_compute_dtype(data.dtype, out_dt), copy=False)
    if temperature is not None and temperature != 1:
        x = x / x.dtype.type(temperature)
    return x, ax, out_dt


def _length_mask(xp, data, length, ax):
    if length.dtype.kind not in "iu":
        raise MXNetError(f"This operation only support integer types, not {length.dtype}")
    want = data.shape[:ax] + data.shape[ax + 1:]
    if length.shape != want:
        raise MXNetError(f"Shape inconsistent, Provided = {shape_str(length.shape)}, inferred "
                         f"shape={shape_str(want)}")
    pos = xp.arange(data.shape[ax]).reshape((-1,) + (1,) * (data.ndim - ax - 1))
    return pos < xp.expand_dims(length, ax)


def _softmax_raw(xp, x, ax, mask=None):
    if mask is not None:
        x = xp.where(mask, x, -xp.inf)
    return _softmax_kernel(xp, x, mask, axis=ax)


@_in_layout
def _softmax_kernel(xp, x, mask, axis):
    ax = axis
    m = x.max(axis=ax, keepdims=True)
    if mask is not None:
        m[~xp.isfinite(m)] = 0
    e = xp.exp(x - m)
    s = _asum(xp, e, ax)
    if mask is not None:
        s[s == 0] = 1  # length 0: an all-zero row, not NaN
    e /= s
    return e


def _temper(gx, temperature):
    return gx if temperature is None or temperature == 1 else gx / float(temperature)


def _back_cast(gx, x):
    return gx if gx.dtype == x.dtype else cast(gx, dtype=x.dtype)


def _softmax_grad(g, x, y, axis, temperature, dtype):
    return _back_cast(_temper(_softmax_bwd(g, y, axis=axis), temperature), x)


@primitive(_softmax_grad)
def _softmax(xp, data, axis=-1, temperature=None, dtype=None):
    x, ax, out_dt = _prep(data, axis, temperature, dtype)
    return _softmax_raw(xp, x, ax).astype(out_dt, copy=False)


def _softmax_len_grad(g, x, length, y, axis, temperature, dtype):
    return _softmax_grad(g, x, y, axis, temperature, dtype), zeros_like(length)


@primitive(grad=_softmax_len_grad, n_in=2)
def _softmax_len(xp, data, length, axis=-1, temperature=None, dtype=None):
    x, ax, out_dt = _prep(data, axis, temperature, dtype)
    return _softmax_raw(xp, x, ax, _length_mask(xp, data, length, ax)).astype(out_dt, copy=False)


_OUT_DTYPES = ("float16", "float32", "float64")


def _check_out_dtype(opname, dtype):
    """MXNet's dtype parameter: None or a float type (called only when one is given)."""
    name = np.dtype(dtype).name if not isinstance(dtype, str) else dtype
    if name not in _OUT_DTYPES:
        raise MXNetError(f"Invalid Input: '{name}', valid values are: {{None, 'float16', "
                         f"'float32', 'float64'}}, in operator {opname}(name=\"\", "
                         f"dtype=\"{name}\")")


def softmax(data=None, length=None, axis=-1, temperature=None, dtype=None, use_length=False,
            out=None, name=None, **kwargs):
    """Applies the softmax function along `axis`: exp(x/T) / sum(exp(x/T)).

    Parameters
    ----------
    data : NDArray
    length : NDArray of integers, optional; with ``use_length=True`` only the first
        ``length`` entries along `axis` take part (the rest are 0). Its shape is data's shape
        without `axis`.
    axis : int, default -1
    temperature : float, optional
    dtype : {None, 'float16', 'float32', 'float64'}, the output dtype (default: data's).
    use_length : bool, default False
    """
    if dtype is not None:
        _check_out_dtype("softmax", dtype)
    if use_length:
        if length is None:
            raise MXNetError("Check failed: num_inputs == infered_num_inputs (1 vs. 2) : "
                             "Operator softmax expects 2 inputs, but got 1 instead.")
        return _softmax_len(data, length, axis=axis, temperature=temperature, dtype=dtype,
                            out=out)
    if length is not None:
        raise MXNetError("Check failed: num_inputs == infered_num_inputs (2 vs. 1) : "
                         "Operator softmax expects 1 inputs, but got 2 instead.")
    if axis == -1 and temperature is None and dtype is None and out is None:
        return _softmax(data)
    return _softmax(data, axis=axis, temperature=temperature, dtype=dtype, out=out)


def _log_softmax_grad(g, x, y, axis, temperature, dtype):
    return _back_cast(_temper(_log_softmax_bwd(g, y, axis=axis), temperature), x)


@primitive(_log_softmax_grad)
def _log_softmax(xp, data, axis=-1, temperature=None, dtype=None):
    x, ax, out_dt = _prep(data, axis, temperature, dtype)
    return _log_softmax_kernel(xp, x, axis=ax).astype(out_dt, copy=False)


@_in_layout
def _log_softmax_kernel(xp, x, axis):
    z = x - x.max(axis=axis, keepdims=True)
    z -= xp.log(_asum(xp, xp.exp(z), axis))
    return z


def _no_length(opname, use_length):
    if use_length:
        raise MXNetError(f"{opname}: use_length=True needs a length input, which only softmax "
                         f"takes (Check failed: in_attrs->size() == softmax_use_length(attrs) "
                         f"? 2U : 1U (1 vs. 2))")


def log_softmax(data=None, axis=-1, temperature=None, dtype=None, use_length=False, out=None,
                name=None, **kwargs):
    """Computes the log softmax of the input along `axis`: x/T - logsumexp(x/T).

    Numerically stable (max-shifted). Same parameters as :func:`softmax`, without length.
    """
    _no_length("log_softmax", use_length)
    if dtype is not None:
        _check_out_dtype("log_softmax", dtype)
    if axis == -1 and temperature is None and dtype is None and out is None:
        return _log_softmax(data)
    return _log_softmax(data, axis=axis, temperature=temperature, dtype=dtype, out=out)


def _softmin_grad(g, x, y, axis, temperature, dtype):
    return _back_cast(-_temper(_softmax_bwd(g, y, axis=axis), temperature), x)


@primitive(_softmin_grad)
def _softmin(xp, data, axis=-1, temperature=None, dtype=None):
    x, ax, out_dt = _prep(data, axis, temperature, dtype)
    return _softmax_raw(xp, -x, ax).astype(out_dt, copy=False)


def softmin(data=None, axis=-1, temperature=None, dtype=None, use_length=False, out=None,
            name=None, **kwargs):
    """Applies the softmin function along `axis`: softmax(-x/T)."""
    _no_length("softmin", use_length)
    if dtype is not None:
        _check_out_dtype("softmin", dtype)
    return _softmin(data, axis=axis, temperature=temperature, dtype=dtype, out=out)


def SoftmaxActivation(data=None, mode="instance", out=None, name=None, **kwargs):
    """Applies softmax to the input (deprecated in MXNet; use softmax).

    mode='instance' takes the softmax over the last axis (MXNet flattens to 2-D keeping the
    last axis); mode='channel' over axis 1 (at least 3 dimensions).
    """
    if mode == "instance":
        return softmax(data, axis=-1, out=out)
    if mode == "channel":
        if data.ndim < 3:
            raise MXNetError(f"Check failed: in_data.ndim() >= 3 ({data.ndim} vs. 3) : Input "
                             f"need to have a least 3 dimensions when mode=channel")
        return softmax(data, axis=1, out=out)
    raise MXNetError(f"Invalid Input: '{mode}', valid values are: {{'channel', 'instance'}}, "
                     f"in operator SoftmaxActivation(name=\"\", mode=\"{mode}\")")
