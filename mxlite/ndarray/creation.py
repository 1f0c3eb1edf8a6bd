"""Array creation: array, zeros, ones, full, empty, arange, eye, linspace …

float32 is the default everywhere, and ``array(numpy_array)`` ignores the numpy dtype unless
``dtype=`` is given (only an NDArray source keeps its own dtype), as in MXNet 1.9.1.
"""
import math

import numpy as np

from ..base import MXNetError, as_dtype, as_shape
from ..context import Context, current_context
from .ndarray import NDArray, _wrap
from .unary import _scalar_to

__all__ = ["array", "zeros", "ones", "full", "empty", "arange", "eye", "linspace", "from_numpy",
           "concatenate", "moveaxis"]


def _ctx(ctx):
    if ctx is None:
        return current_context()
    if not isinstance(ctx, Context):
        raise MXNetError(f"Invalid context string {ctx}")
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


_CREATE_DTYPES = "'bfloat16', 'bool', 'float16', 'float32', 'float64', 'int32', 'int64', " \
    "'int8', 'uint8'"


def _create_dtype(dtype, shape, op):
    """as_dtype, with MXNet's errors for a dtype numpy knows but MXNet does not."""
    try:
        return as_dtype(dtype)
    except TypeError:
        dt = np.dtype(dtype)  # unknown to numpy too: numpy's TypeError
    if 0 in as_shape(shape):  # MXNet's Python-side path for zero-size arrays
        raise KeyError(str(dt.type))
    raise MXNetError(f"Invalid Input: '{dt.name}', valid values are: {{{_CREATE_DTYPES}}}, "
                     f"in operator {op}")


def _fill(value, shape, ctx, dtype, out, op):
    if out is not None:
        out._data[...] = value
        return out
    ctx = _ctx(ctx)
    dt = _create_dtype(dtype, shape, op)
    if dt.kind in "iu" and not (isinstance(value, int) and 0 <= value <= 127):
        value = _scalar_to(value, dt)  # C++ static_cast
    return _wrap(ctx.xp.full(_shape(shape, op), value, dtype=dt), ctx)


def zeros(shape, ctx=None, dtype=None, stype=None, out=None, **kwargs):
    """Returns a new array of the given shape filled with zeros (float32 by default)."""
    return _fill(0, shape, ctx, dtype, out, "_zeros")


def ones(shape, ctx=None, dtype=None, out=None, **kwargs):
    """Returns a new array of the given shape filled with ones (float32 by default)."""
    return _fill(1, shape, ctx, dtype, out, "_ones")


def empty(shape, ctx=None, dtype=None, stype=None):
    """Returns a new array of the given shape (zero-filled in mxlite)."""
    ctx = _ctx(ctx)
    return _wrap(ctx.xp.zeros(as_shape(shape), dtype=_create_dtype(dtype, shape, "_empty")),
                 ctx)


def full(shape, val, ctx=None, dtype=np.float32, out=None):
    """Returns a new array of the given shape filled with `val` cast to `dtype`."""
    if isinstance(val, (bool, np.bool_)):
        val = int(val)
    elif not isinstance(val, (int, np.integer)):
        val = float(val)
    if out is None and 0 in as_shape(shape):  # MXNet: an empty array (zeros() refuses)
        return _wrap(_ctx(ctx).xp.zeros(as_shape(shape), _create_dtype(dtype, shape, "_full")),
                     _ctx(ctx))
    return _fill(val, shape, ctx, dtype, out, "_full")


def _num(v):
    """A number as MXNet prints a double parameter (C++ stream: 6 significant digits)."""
    return f"{float(v):g}"


def arange(start, stop=None, step=1.0, repeat=1, infer_range=None, ctx=None, dtype=np.float32):
    """Evenly spaced values in [start, stop), computed in float32 (float64 for float64), each
    repeated `repeat` times. Integer dtypes truncate `start` and `step` first, as MXNet does."""
    if stop is None:
        start, stop = 0, start
    if step == 0:
        raise MXNetError(f"Check failed: param.step != 0 (0 vs. 0) : Range does not support "
                         f"step=0, received {_num(step)}")
    if repeat <= 0:
        raise MXNetError(f"Check failed: param.repeat > 0: Range only supports repeat > 0, "
                         f"received {repeat}")
    if step > 0 and not start < stop:
        raise MXNetError(f"Check failed: param.start < param.stop.value(): Invalid range "
                         f"(start, stop, step) = ({_num(start)},{_num(stop)},{_num(step)})")
    if step < 0 and not start > stop:
        raise MXNetError(f"Check failed: param.start > param.stop.value(): Invalid range "
                         f"(start, stop, step)= ({_num(start)},{_num(stop)},{_num(step)})")
    dt = as_dtype(dtype)
    n = int(math.ceil((stop - start) / step))
    if dt.kind in "iub":
        vals = math.trunc(start) + np.arange(n, dtype=np.int64) * math.trunc(step)
    elif dt.itemsize > 4:
        vals = start + np.arange(n, dtype=np.float64) * step
    else:
        vals = np.float32(start) + np.arange(n, dtype=np.float32) * np.float32(step)
    vals = vals.astype(dt)
    if repeat != 1:
        vals = np.repeat(vals, int(repeat))
    return _place(vals, _ctx(ctx))


def _long(v, name, kind="long"):
    if not isinstance(v, (int, np.integer)):
        raise MXNetError(f"Invalid Parameter format for {name} expect {kind} but value='{v}'")
    return int(v)


def eye(N, M=0, k=0, ctx=None, dtype=None, **kwargs):
    """A 2-D array with ones on the k-th diagonal (M <= 0 means square)."""
    n, m, k = _long(N, "N"), _long(M, "M"), _long(k, "k")
    if n < 0:
        raise MXNetError(f"Check failed: dim_size_is_known(*it): Shape dim size cannot be a "
                         f"negative value {n}")
    return _place(np.eye(n, m if m > 0 else None, k, dtype=as_dtype(dtype)), _ctx(ctx))


def linspace(start, stop, num, endpoint=True, ctx=None, dtype=np.float32):
    """`num` evenly spaced samples over [start, stop]; integer dtypes truncate."""
    num = _long(num, "num", "int")
    if num < 0:
        raise MXNetError(f"Number of sequence should be non-negative, received {num}")
    vals = np.linspace(start, stop, num, endpoint=endpoint, dtype=np.float64)
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
    """Joins a list of arrays along an existing axis (default 0).

    As in MXNet, `arrays` must be a non-empty list of NDArrays of one dtype (AssertionError
    otherwise) and the shapes are compared by slicing around `axis`: an axis out of range is
    an IndexError, and axis=-1 requires identical shapes (MXNet then fails; mxlite joins)."""
    from .shape import concat
    assert isinstance(arrays, list)
    assert len(arrays) > 0
    assert isinstance(arrays[0], NDArray)
    if not always_copy and len(arrays) == 1:
        return arrays[0]
    shape0 = arrays[0].shape
    shape0[axis]  # noqa: B018  (IndexError when out of range)
    for a in arrays[1:]:
        a.shape[axis]  # noqa: B018
        assert shape0[:axis] == a.shape[:axis]
        assert shape0[axis + 1:] == a.shape[axis + 1:]
        assert arrays[0].dtype == a.dtype
    return concat(*arrays, dim=axis % len(shape0))


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
