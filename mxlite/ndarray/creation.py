"""Array creation: array, zeros, ones, full, empty, arange, eye, linspace …

float32 is the default everywhere, and ``array(numpy_array)`` ignores the numpy dtype unless
``dtype=`` is given (only an NDArray source keeps its own dtype), as in MXNet 1.9.1.
"""
import numpy as np

from ..base import MXNetError, as_dtype, as_shape
from ..context import Context, current_context
from .ndarray import NDArray, _wrap

__all__ = ["array", "zeros", "ones", "full", "empty", "arange", "eye", "linspace", "from_numpy",
           "concatenate", "moveaxis"]


def _ctx(ctx):
    if ctx is None:
        return current_context()
    if not isinstance(ctx, Context):
        raise TypeError(f"ctx must be a Context, got {ctx!r}")
    return ctx


def _place(data, ctx):
    xp = ctx.xp
    return _wrap(data if xp is np else xp.asarray(data), ctx)


def array(source_array, ctx=None, dtype=None):
    """Creates an array from any object exposing the array interface.

    Parameters
    ----------
    source_array : array_like (list, tuple, numpy array or scalar, NDArray)
    ctx : Context, optional (default: the current context)
    dtype : str or numpy.dtype, optional (default float32; an NDArray keeps its dtype)
    """
    ctx = _ctx(ctx)
    if isinstance(source_array, NDArray):
        dt = as_dtype(dtype) if dtype is not None else source_array._data.dtype
        return _place(np.array(source_array.asnumpy(), dtype=dt), ctx)
    dt = as_dtype(dtype)
    if isinstance(source_array, (str, bytes)):
        raise TypeError("source_array must be array like object")
    try:
        data = np.array(source_array, dtype=dt)
    except OverflowError:  # NumPy 2 refuses out-of-range Python ints; MXNet wraps them (C cast)
        data = np.array(source_array).astype(dt)
    except (ValueError, TypeError):
        raise TypeError("source_array must be array like object") from None
    if data.dtype == object:
        raise TypeError("source_array must be array like object")
    return _place(data, ctx)


def _shape(shape, op):
    shape = as_shape(shape)
    if not shape or any(s <= 0 for s in shape):
        if any(s < 0 for s in shape):
            raise MXNetError(f"Operator {op}: negative dimension in shape {shape}")
        raise MXNetError(f"Operator {op} inferring shapes failed: shape {shape} has an unknown "
                         f"(0) dimension or is empty; MXNet's legacy shapes use 0 for 'unknown'")
    return shape


def _fill(value, shape, ctx, dtype, out, op):
    if out is not None:
        out._data[...] = value
        return out
    ctx = _ctx(ctx)
    return _wrap(ctx.xp.full(_shape(shape, op), value, dtype=as_dtype(dtype)), ctx)


def zeros(shape, ctx=None, dtype=None, stype=None, out=None, **kwargs):
    """Returns a new array of the given shape filled with zeros (float32 by default)."""
    return _fill(0, shape, ctx, dtype, out, "_zeros")


def ones(shape, ctx=None, dtype=None, out=None, **kwargs):
    """Returns a new array of the given shape filled with ones (float32 by default)."""
    return _fill(1, shape, ctx, dtype, out, "_ones")


def empty(shape, ctx=None, dtype=None, stype=None):
    """Returns a new array of the given shape (zero-filled in mxlite)."""
    ctx = _ctx(ctx)
    return _wrap(ctx.xp.zeros(as_shape(shape), dtype=as_dtype(dtype)), ctx)


def full(shape, val, ctx=None, dtype=np.float32, out=None):
    """Returns a new array of the given shape filled with `val` cast to `dtype`."""
    dt = as_dtype(dtype)
    if dt.kind in "iu":
        val = int(val)
    return _fill(val, shape, ctx, dt, out, "_full")


def arange(start, stop=None, step=1.0, repeat=1, infer_range=None, ctx=None, dtype=np.float32):
    """Evenly spaced values in [start, stop), computed in float32, each repeated `repeat`
    times."""
    if stop is None:
        start, stop = 0, start
    if step == 0:
        raise MXNetError("arange: step cannot be 0")
    dt = as_dtype(dtype)
    n = int(np.ceil((stop - start) / step))
    if n <= 0:
        raise MXNetError(f"arange: invalid range start={start}, stop={stop}, step={step}")
    vals = (np.float32(start) + np.arange(n, dtype=np.float32) * np.float32(step))
    if dt.kind == "f" and dt.itemsize > 4:
        vals = start + np.arange(n, dtype=np.float64) * step
    vals = vals.astype(dt)
    if repeat != 1:
        vals = np.repeat(vals, int(repeat))
    return _place(vals, _ctx(ctx))


def eye(N, M=0, k=0, ctx=None, dtype=None, **kwargs):
    """A 2-D array with ones on the k-th diagonal (M=0 means square)."""
    return _place(np.eye(int(N), int(M) or None, int(k), dtype=as_dtype(dtype)), _ctx(ctx))


def linspace(start, stop, num, endpoint=True, ctx=None, dtype=np.float32):
    """`num` evenly spaced samples over [start, stop]; integer dtypes truncate."""
    vals = np.linspace(start, stop, int(num), endpoint=endpoint, dtype=np.float64)
    return _place(vals.astype(as_dtype(dtype)), _ctx(ctx))


def from_numpy(ndarray, zero_copy=True):
    """An NDArray sharing memory with a C-contiguous numpy array (made read-only in numpy)."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"from_numpy expects a numpy.ndarray, got {type(ndarray).__name__}")
    if not ndarray.flags.c_contiguous:
        raise ValueError("Only c-contiguous arrays are supported for zero-copy")
    if not zero_copy:
        return _wrap(ndarray.copy(), current_context())
    shared = ndarray.view()          # created first, so it stays writable
    ndarray.flags.writeable = False  # MXNet makes the numpy source read-only
    return _wrap(shared, current_context())


def concatenate(arrays, axis=0, always_copy=True):
    """Joins a list of arrays along an existing axis (default 0)."""
    from .shape import concat
    if not arrays:
        raise ValueError("concatenate: arrays must not be empty")
    if len(arrays) == 1 and not always_copy:
        return arrays[0]
    return concat(*arrays, dim=axis)


def moveaxis(tensor, source, destination):
    """Moves axes to new positions (other axes keep their order); `source` and
    `destination` are ints or sequences of ints of the same length."""
    n = tensor.ndim
    src = [source] if isinstance(source, (int, np.integer)) else list(source)
    dst = [destination] if isinstance(destination, (int, np.integer)) else list(destination)
    if len(src) != len(dst):
        raise ValueError("`source` and `destination` arguments must have the same number of "
                         "elements")
    for a in src + dst:
        if not -n <= a < n:
            raise ValueError(f"Source {source} or destination {destination} is out of range "
                             f"for an array of {n} dimensions")
    src, dst = [a % n for a in src], [a % n for a in dst]
    if len(set(src)) != len(src) or len(set(dst)) != len(dst):
        raise ValueError("repeated axis")
    order = [i for i in range(n) if i not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return tensor.transpose(axes=tuple(order))
