"""NDArray.__getitem__ / __setitem__ with MXNet 1.9.1's rules.

Basic keys give views when the selection is contiguous and copies otherwise; an all-integer
key gives shape (1,); lists, numpy arrays and NDArrays index like numpy's advanced indexing
(boolean masks count as integer indices, float indices are truncated). Under recording,
indexing is differentiable (scatter-add gradient) and writes follow MXNet's autograd checks.
"""
import numpy as np

from .. import _gradbuf
from .. import autograd as _ag
from ..base import numeric_types
from .ndarray import NDArray, _wrap
from .register import _ASSIGN_IN_GRAPH, _INPLACE_RECORDING, primitive

_state = _ag._state
_ALL = slice(None)
_TAKE_MIN = _gradbuf.TAKE_MIN


def _bad_key(k):
    return ValueError(f"NDArray does not support slicing with key {k} of type {type(k)}.")


def _as_index_array(k):
    if isinstance(k, NDArray):
        a = k.asnumpy()
    else:
        a = np.asarray(k)
    if a.dtype == object:
        raise _bad_key(k)
    return a.astype(np.int64)  # bool masks are integer indices in MXNet; floats truncate


def normalize_key(key, shape):
    """(numpy key, is_basic, all_int) with bounds checked as MXNet reports them."""
    if not isinstance(key, tuple):
        key = (key,)
    consuming = sum(1 for k in key if k is not None and k is not Ellipsis)
    if consuming > len(shape):
        raise IndexError(f"too many indices ({consuming}) for array with {len(shape)} dimensions")
    out, basic, all_int, axis = [], True, True, 0
    for k in key:
        if k is None:
            out.append(None)
            all_int = False
            continue
        if k is Ellipsis:
            out.append(k)
            axis += len(shape) - consuming
            all_int = False
            continue
        if isinstance(k, (bool, np.bool_)):
            k = int(k)
        if isinstance(k, (int, np.integer)):
            n = shape[axis]
            i = int(k)
            if not -n <= i < n:
                raise IndexError(f"index {i} is out of bounds for axis {axis} with size {n}")
            out.append(i % n)
        elif isinstance(k, slice):
            if k.step == 0:
                raise ValueError("slice step cannot be zero")
            for part in (k.start, k.stop, k.step):
                if part is not None and not isinstance(part, (int, np.integer)):
                    raise _bad_key(k)
            out.append(k)
            all_int = False
        elif isinstance(k, (NDArray, np.ndarray, list, tuple, range)):
            out.append(_as_index_array(k))
            basic = all_int = False
        else:
            raise _bad_key(k)
        axis += 1
    return tuple(out), basic, all_int


def _getitem_grad(g, x, y, key, basic, all_int, ret_shape):
    return _scatter_grad(g, key=key, basic=basic, shape=x.shape)


@primitive(_getitem_grad)
def _getitem(xp, data, key, basic=True, all_int=False, ret_shape=None):
    r = data[key]
    if ret_shape is not None:
        return r.reshape(ret_shape)
    if basic and not r.flags.c_contiguous:
        r = xp.ascontiguousarray(r)
    return r


@primitive(lambda g, gy, y, key, basic, shape: _getitem(g, key=key, basic=basic,
                                                         ret_shape=gy.shape if gy.ndim else None))
def _scatter_grad(xp, g, key, basic, shape):
    z = xp.zeros(shape, dtype=g.dtype)
    if basic:
        z[key] = g.reshape(z[key].shape)
    else:
        xp.add.at(z, key, g)
    return z


def _check_index_shapes(nkey):
    """The index arrays of an advanced key must broadcast together (MXNet's ValueError)."""
    shape = None
    for k in nkey:
        if isinstance(k, np.ndarray):
            try:
                shape = k.shape if shape is None else np.broadcast_shapes(shape, k.shape)
            except ValueError:
                raise ValueError(f"shape1={shape} is not broadcastable to shape2={k.shape}") \
                    from None


def getitem(x, key):
    """Implements ``x[key]`` (see the module docstring)."""
    if type(key) is int and x._data.ndim > 1:
        n = x._data.shape[0]
        if not -n <= key < n:
            raise IndexError(f"index {key} is out of bounds for axis 0 with size {n}")
        if not _state.recording:
            return _wrap(x._data[key], x._ctx)
    if x._data.ndim == 0:
        if key == () or key == slice(None) or key is Ellipsis:
            return x
        raise IndexError("scalar tensor can only accept `()` and `:` as index")
    nkey, basic, all_int = normalize_key(key, x._data.shape)
    ret_shape = None
    if not basic:
        _check_index_shapes(nkey)
    else:
        shape = x._data[nkey].shape
        if not shape:
            ret_shape = (1,)
    if not _state.recording:
        r = x._data[nkey]
        if ret_shape is not None:
            r = r.reshape(ret_shape)
        elif basic and not r.flags.c_contiguous:
            r = np.ascontiguousarray(r)
        return _wrap(r, x._ctx)
    return _getitem(x, key=nkey, basic=basic, all_int=all_int, ret_shape=ret_shape)


def _broadcast_value(val, target_shape):
    """The value broadcast to the indexed shape, allowing extra leading 1-dims."""
    vs = val.shape
    while len(vs) > len(target_shape) and vs[0] == 1:
        vs = vs[1:]
    try:
        return np.broadcast_to(val.reshape(vs), target_shape)
    except ValueError:
        raise ValueError(f"operands could not be broadcast together with remapped "
                         f"shapes[original->remapped]: {val.shape} and requested shape "
                         f"{tuple(target_shape)}") from None


def _in_graph(a):
    n = a._node
    return n is not None and n.inputs is not None


def _whole(nkey, basic):
    return basic and all(k is Ellipsis or k is None or (isinstance(k, slice) and k == slice(None))
                         for k in nkey)


def setitem(x, key, value):
    """Implements ``x[key] = value`` (scalar, NDArray, numpy array or nested list)."""
    if (type(value) is NDArray and (key.__class__ is slice and key == _ALL or key is Ellipsis)
            and not _state.recording):
        # x[:] = array of x's shape outside recording (every SGD step): no key parsing
        if value._data.size >= _TAKE_MIN and _gradbuf.take(x, value):
            return  # a temporary's memory taken over instead of copied (see _gradbuf.take)
        data = x._data
        if data.ndim and data.shape == value._data.shape and data.flags.writeable:
            data[...] = value._data
            return
    data = x._data
    if not data.flags.writeable:
        raise ValueError("trying to assign to a readonly NDArray")
    if data.ndim == 0:
        if not (key == () or key == slice(None) or key is Ellipsis):
            raise IndexError("scalar tensor can only accept `()` and `:` as index")
        nkey, basic = (), True
    else:
        nkey, basic, _ = normalize_key(key, data.shape)
    if data.size == 0:
        return
    recording = _state.recording
    if recording and _in_graph(x):
        raise _ag.MXNetError(_ASSIGN_IN_GRAPH)
    if isinstance(value, NDArray):
        if recording and _in_graph(value):
            if not _whole(nkey, basic):
                raise _ag.MXNetError(_INPLACE_RECORDING)
            data[...] = _broadcast_value(value._data, data.shape)
            _ag.record_op((_copy_grad,), (value,), (data,), None, (x,))
            return
        val = value._data
    elif isinstance(value, numeric_types):
        if data.dtype.kind in "iu" and isinstance(value, (float, np.floating)):
            value = int(value)
        data[nkey] = value
        return
    else:
        try:
            val = np.asarray(value, dtype=data.dtype)
        except (TypeError, ValueError):
            raise TypeError(f"NDArray does not support assignment with non-array-like object "
                            f"{value!r} of type {type(value)}") from None
    if basic:
        target = data[nkey]
        target_shape = target.shape
        data[nkey] = _broadcast_value(val, target_shape).reshape(target_shape) if \
            val.shape != target_shape else val
    else:
        try:
            np.broadcast_shapes(*[k.shape for k in nkey if isinstance(k, np.ndarray)])
            target_shape = data[nkey].shape
        except ValueError as e:
            raise IndexError(str(e)) from None
        data[nkey] = _broadcast_value(val, target_shape)


def _copy_grad(g, v, y):
    return g


def _copy_into(src, dst):
    """``src.copyto(dst)``: a whole-array assignment (recorded as a copy under autograd)."""
    setitem(dst, slice(None), src)


def basic_indexing_slice_is_contiguous(slc_key, shape):
    """MXNet's rule for whether a basic slice of `shape` is one contiguous block: from right
    to left, once an axis selects a proper subset, every axis to its left selects <= 1."""
    lens = [len(range(*k.indices(n))) for k, n in zip(slc_key, shape)]
    if int(np.prod(lens)) in (0, 1):
        return True
    subset = False
    for k, n, num in zip(reversed(slc_key), reversed(shape), reversed(lens)):
        step = k.indices(n)[2]
        if num == 0:
            return True
        if num > 1 and step != 1:
            return False
        if subset:
            if num > 1:
                return False
        elif num < n:
            subset = True
    return True


NDArray._basic_indexing_slice_is_contiguous = staticmethod(basic_indexing_slice_is_contiguous)
