"""Indexing and selection (MXNet group E): slice/crop, slice_axis, take, batch_take, pick,
one_hot, gather_nd, scatter_nd, ravel/unravel, choose/fill_element_0index, histogram.

Index inputs may be float (truncated toward zero) or integer and never get a gradient. The
gradients of the selections are scatter-adds (duplicates accumulate), each written as a
primitive whose own gradient is the selection again, so every order works.
"""
import builtins

import numpy as np

from ..base import MXNetError, shape_str
from .ndarray import NDArray, _wrap
from .register import primitive
from .seq_ops import *  # noqa: F401,F403
from .seq_ops import __all__ as _seq_all
from .shape import int_attr, tuple_attr
from .shape_ext import _slice_put
from .unary import _scalar_to

__all__ = ["slice", "crop", "slice_axis", "take", "batch_take", "pick", "one_hot", "gather_nd",
           "scatter_nd", "ravel_multi_index", "unravel_index", "choose_element_0index",
           "fill_element_0index", "histogram"] + list(_seq_all)


_py_slice = builtins.slice


def _int_index(idx):
    """Raw index array as intp (floats truncate toward zero, like MXNet's cast)."""
    return idx if idx.dtype == np.intp else idx.astype(np.intp)


def _clip_index(idx, n):
    """Integer indices clamped to [0, n-1] (np.clip is several times slower on small arrays)."""
    i = np.maximum(_int_index(idx), 0)
    return np.minimum(i, n - 1, out=i)


# ------------------------------------------------------------ slice, crop, slice_axis
def _slice_key(shape, begin, end, step):
    begin = tuple_attr(begin, "begin", "slice", allow_none=True)
    end = tuple_attr(end, "end", "slice", allow_none=True)
    step = tuple_attr(step, "step", "slice", allow_none=True) if step not in (None, ()) else ()
    if len(begin) != len(end):
        raise MXNetError(f"Check failed: param_begin.ndim() == param_end.ndim() ({len(begin)} "
                         f"vs. {len(end)}) : begin and end must have the same length")
    if len(begin) > len(shape):
        raise MXNetError(f"Check failed: param_begin.ndim() <= dshape.ndim() ({len(begin)} vs. "
                         f"{len(shape)}) : Slicing axis exceeds data dimensions")
    if step and len(step) != len(begin):
        raise MXNetError(f"Check failed: param_step.ndim() == param_begin.ndim() ({len(step)} "
                         f"vs. {len(begin)}) : step and begin must have the same length")
    key = []
    for i, (b, e) in enumerate(zip(begin, end)):
        s = step[i] if step else None
        if s is not None and int(s) == 0:
            raise MXNetError(f"Check failed: s != 0 (0 vs. 0) : slice op step[{i}] cannot be 0")
        key.append(_py_slice(None if b is None else int(b), None if e is None else int(e),
                         None if s is None else int(s)))
    return tuple(key)


@primitive(lambda g, x, y, begin, end, step:
           _slice_put(g, key=_slice_key(x.shape, begin, end, step), shape=x.shape))
def slice(xp, data, begin, end, step=()):  # noqa: A001 - MXNet's name
    """Slices a region of the array: ``data[begin[0]:end[0]:step[0], ...]`` on the leading
    len(begin) axes (the remaining axes are taken whole). None entries mean the full range;
    negative indices and steps are allowed."""
    return (data[_slice_key(data.shape, begin, end, step)]).copy()


crop = slice


def _slice_axis_key(shape, axis, begin, end):
    n = len(shape)
    a = int_attr(axis, "axis", "slice_axis")
    begin = int_attr(begin, "begin", "slice_axis")
    end = int_attr(end, "end", "slice_axis", allow_none=True)
    t = a + n if a < 0 else a
    if not 0 <= t < n:
        raise MXNetError(f"Check failed: *axis < ishape.ndim() && *axis >= 0: Transformed axis "
                         f"must be smaller than the source ndim and larger than zero! Recieved "
                         f"axis={a}, src_ndim={n}, transformed axis={t}")
    size = shape[t]
    b = int(begin) + (size if int(begin) < 0 else 0)
    e = size if end is None else int(end) + (size if int(end) < 0 else 0)
    if e > size:  # MXNet's order of checks: end, then begin < end, then begin >= 0
        raise MXNetError(f"Check failed: *end <= axis_size: Invalid end for end={end} as "
                         f"axis_size is {size}")
    if b >= e:
        raise MXNetError(f"Check failed: (*begin < *end): Invalid begin, end, get begin={begin}, "
                         f"end={end}")
    if b < 0:
        raise MXNetError(f"Check failed: *begin >= 0: Invalid begin for begin={begin}")
    return (np.s_[:],) * t + (np.s_[b:e],)


@primitive(lambda g, x, y, axis, begin, end:
           _slice_put(g, key=_slice_axis_key(x.shape, axis, begin, end), shape=x.shape))
def slice_axis(xp, data, axis, begin, end):
    """Slices along one axis: ``data[..., begin:end, ...]`` (end=None means to the end;
    negative values count from the end)."""
    return (data[_slice_axis_key(data.shape, axis, begin, end)]).copy()


# ------------------------------------------------------------ take, batch_take
def _take_index(idx, n, mode):
    if mode == "clip":
        return _clip_index(idx, n)
    i = _int_index(idx)
    if mode == "wrap":
        return np.mod(i, n)
    if mode == "raise":  # MXNet checks the value before truncation: 2.25 is out of [0, 2]
        if i.size and (idx.min() < 0 or idx.max() > n - 1):
            raise MXNetError("Check failed: is_valid: take operator contains indices out of "
                             "bound")
        return i
    raise MXNetError(f"Invalid Input: '{mode}', valid values are: {{'clip', 'raise', 'wrap'}}, "
                     f"in operator take")


def _take_axis(shape, axis):
    axis = int_attr(axis, "axis", "take")
    n = len(shape)
    if not -n <= int(axis) < n:
        raise MXNetError("Check failed: param.axis >= -1 * arrshape.ndim() && param.axis < "
                         "arrshape.ndim(): Axis should be in the range of [-r, r-1] where r is "
                         f"the rank of input tensor (axis {axis}, shape {shape_str(shape)})")
    return int(axis) % n


@primitive(lambda g, a, i, y, axis, mode:
           _take_backward(g, i, axis=axis, mode=mode, shape=a.shape), None)
def take(xp, a, indices, axis=0, mode="clip"):
    """Takes elements from `a` along `axis` at `indices` (floats truncate). mode 'clip'
    clamps to [0, n-1], 'wrap' wraps around, 'raise' checks the range. The output shape is
    ``a.shape[:axis] + indices.shape + a.shape[axis+1:]``."""
    ax = _take_axis(a.shape, axis)
    return xp.take(a, _take_index(indices, a.shape[ax], mode), axis=ax)


@primitive(lambda g, gy, i, y, axis, mode, shape: take(g, i, axis=axis, mode=mode), None)
def _take_backward(xp, g, indices, axis, mode, shape):
    """Scatter-add of `g` into zeros(shape) at take's indices (duplicates accumulate)."""
    ax = _take_axis(shape, axis)
    idx = _take_index(indices, shape[ax], mode)
    z = xp.zeros(shape, dtype=g.dtype)
    zm = xp.moveaxis(z, ax, 0)
    gm = g.reshape(shape[:ax] + (idx.size,) + shape[ax + 1:])
    xp.add.at(zm, idx.reshape(-1), xp.moveaxis(gm, ax, 0))
    return z


def batch_take(a, indices=None):
    """Takes one element per row: ``out[i] = a[i, indices[i]]`` over the last axis of `a`
    (indices must be int32; out-of-range values are clipped)."""
    if indices is None:
        raise MXNetError("Operator batch_take expects 2 inputs, but got 1 instead.")
    if not isinstance(indices, NDArray):
        raise AssertionError(f"Argument indices must have NDArray type, but got {indices!r}")
    if a.ndim < 2:
        raise MXNetError("Check failed: dshape.ndim() >= 2U: Data array must have at least 2 "
                         "dimensional")
    if indices.dtype != np.int32:
        raise MXNetError(f"Type inconsistent, Provided = {np.dtype(indices.dtype).name}, "
                         f"inferred type = int32 (batch_take indices)")
    k = a.shape[-1]
    if a.size // k != indices.size:
        raise MXNetError(f"Check failed: Index array's size must be the same as data array's "
                         f"size excluding the first dimension ({a.size // k} vs. "
                         f"{indices.size})")
    from .shape import _reshape_exact
    flat = _reshape_exact(a, (a.size // k, k))
    return _reshape_exact(pick(flat, _reshape_exact(indices, (indices.size,)), axis=-1),
                          indices.shape)


# ------------------------------------------------------------ pick
def _pick_setup(shape, ishape, axis, keepdims):
    n = len(shape)
    if axis is None:
        raise MXNetError("axis=None is not supported by pick yet. Must specify an axis.")
    axis = int_attr(axis, "axis", "pick", allow_none=True)
    if not -n <= int(axis) < n:
        raise MXNetError(f"Check failed: axis < ndim && axis >= -ndim: axis {axis} exceeds the "
                         f"input dimension of {n}")
    a = int(axis) % n
    kshape = shape[:a] + (1,) + shape[a + 1:]
    if ishape != kshape and ishape != shape[:a] + shape[a + 1:]:
        rest = shape[:a] + shape[a + 1:]
        raise MXNetError(f"Shape inconsistent, Provided = {shape_str(ishape)}, inferred "
                         f"shape={shape_str(rest or (1,))}")  # MXNet writes () as [1]
    return a, kshape


def _pick_index(index, n, mode, kshape):
    if mode == "clip":
        return _clip_index(index, n).reshape(kshape)
    if mode == "wrap":
        return np.mod(_int_index(index), n).reshape(kshape)
    raise MXNetError(f"Invalid Input: '{mode}', valid values are: {{'clip', 'wrap'}}, in "
                     f"operator pick")


@primitive(lambda g, x, i, y, axis, keepdims, mode:
           _pick_backward(g, i, axis=axis, mode=mode, shape=x.shape), None)
def pick(xp, data, index, axis=-1, keepdims=False, mode="clip"):
    """Picks one element along `axis` per position: ``out[i, j] = data[i, index[i, j], j]``.

    `index` has the data shape without `axis` (or with size 1 there); floats truncate; mode
    'clip' clamps, 'wrap' wraps out-of-range indices. `keepdims` keeps the axis (size 1).
    """
    # the classifier hot path: (N, C) scores, (N,) labels
    if data.ndim == 2 and index.ndim == 1 and type(axis) is int and axis in (-1, 1) and \
            mode == "clip" and index.shape[0] == data.shape[0]:
        r = data[xp.arange(data.shape[0]), _clip_index(index, data.shape[1])]
        return r.reshape(-1, 1) if keepdims else r
    a, kshape = _pick_setup(data.shape, index.shape, axis, keepdims)
    r = xp.take_along_axis(data, _pick_index(index, data.shape[a], mode, kshape), axis=a)
    return r if keepdims else r.reshape(data.shape[:a] + data.shape[a + 1:] or (1,))


@primitive(lambda g, gy, i, y, axis, mode, shape:
           pick(g, i, axis=axis, mode=mode, keepdims=gy.ndim == len(shape)), None)
def _pick_backward(xp, g, index, axis, mode, shape):
    """One-hot scatter of `g` to the picked positions (each position is picked once)."""
    z = xp.zeros(shape, dtype=g.dtype)
    if len(shape) == 2 and index.ndim == 1 and axis in (-1, 1) and mode == "clip" and \
            index.shape[0] == shape[0]:
        z[xp.arange(shape[0]), _clip_index(index, shape[1])] = g.reshape(-1)
        return z
    a, kshape = _pick_setup(shape, index.shape, axis, False)
    xp.put_along_axis(z, _pick_index(index, shape[a], mode, kshape), g.reshape(kshape), axis=a)
    return z


choose_element_0index = pick


def _fill_lhs_grad(g, lhs, mhs, rhs, y):
    from .unary import zeros_like
    return fill_element_0index(g, zeros_like(mhs), rhs)


@primitive(_fill_lhs_grad, lambda g, lhs, mhs, rhs, y: pick(g, rhs, axis=-1), None)
def fill_element_0index(xp, lhs, mhs, rhs):
    """A copy of the 2-D `lhs` with ``out[i, rhs[i]] = mhs[i]`` (rhs truncated, clipped)."""
    if lhs.ndim != 2 or mhs.shape != (lhs.shape[0],) or rhs.shape != (lhs.shape[0],):
        raise MXNetError(f"fill_element_0index: lhs must be 2-D (N, K) and mhs, rhs of shape "
                         f"(N,), got {shape_str(lhs.shape)}, {shape_str(mhs.shape)}, "
                         f"{shape_str(rhs.shape)}")
    out = lhs.copy()
    cols = _clip_index(rhs, lhs.shape[1])
    out[np.arange(lhs.shape[0]), cols] = mhs
    return out


# ------------------------------------------------------------ one_hot
def _zero_index_grad(g, i, y, **attrs):
    from .unary import zeros_like
    return zeros_like(i)


def _cast_value(v, dt):
    """A float parameter cast to `dt` as C++'s static_cast does (see unary._scalar_to: a value
    outside the 32-bit range gives INT_MIN for int32, narrower types wrap)."""
    if dt.kind in "iu":
        return _scalar_to(v, dt)
    return dt.type(v)


@primitive(_zero_index_grad)
def one_hot(xp, indices, depth, on_value=1.0, off_value=0.0, dtype="float32"):
    """One-hot encoding: output shape ``indices.shape + (depth,)``; indices outside
    [0, depth) give an all-`off_value` row."""
    from ..base import as_dtype
    name = np.dtype(dtype).name  # MXNet's frontend parses it with NumPy first (TypeError)
    if name not in ("bfloat16", "float16", "float32", "float64", "int32", "int64", "int8",
                    "uint8"):
        raise MXNetError(f"Invalid Input: '{name}', valid values are: {{'bfloat16', 'float16', "
                         f"'float32', 'float64', 'int32', 'int64', 'int8', 'uint8'}}")
    dt = as_dtype(dtype)
    depth = int_attr(depth, "depth", "one_hot")
    if depth < 0:
        raise MXNetError("Check failed: depth >= 0: Dimension size, depth, must be a "
                         "non-negative integer")
    i = _int_index(indices)
    on, off = _cast_value(on_value, dt), _cast_value(off_value, dt)
    out = xp.full(indices.shape + (depth,), off, dtype=dt)
    valid = (i >= 0) & (i < depth)
    out[valid, i[valid]] = on
    return out


# ------------------------------------------------------------ gather_nd, scatter_nd
def _nd_key(indices, shape, op):
    if indices.ndim < 2:
        raise MXNetError(f"Check failed: ishape.ndim() > 1 ({indices.ndim} vs. 1) : {op} "
                         f"requires index tensor to have at least 2 dimensions")
    m = indices.shape[0]
    if m > len(shape):
        what = "output" if op == "scatter_nd" else "data"
        raise MXNetError(f"Check failed: ishape[0] <= dshape.ndim() ({m} vs. {len(shape)}) : "
                         f"Number of indices exceeds {what} dimension")
    for k in range(m):  # MXNet checks the values before truncation (1.5 is out of [-2, 1])
        lo, hi = indices[k].min(initial=0), indices[k].max(initial=0)
        if hi > shape[k] - 1 or lo < -shape[k]:
            bad = hi if hi > shape[k] - 1 else lo
            raise IndexError(f"index {bad:g} is out of bounds for axis {k} with size {shape[k]}")
    idx = _int_index(indices)
    return tuple(idx[k] for k in range(m))


@primitive(lambda g, x, i, y: _scatter_nd_add(g, i, shape=x.shape), None)
def gather_nd(xp, data, indices):
    """Gathers slices of `data` at coordinates ⚠ along the FIRST axis of `indices`:
    indices (M, ...) -> output ``indices.shape[1:] + data.shape[M:]``."""
    return xp.ascontiguousarray(data[_nd_key(indices, data.shape, "gather_nd")])


@primitive(lambda g, gy, i, y, shape: gather_nd(g, i), None)
def _scatter_nd_add(xp, g, indices, shape):
    """gather_nd's gradient: scatter-add of `g` into zeros(shape) (duplicates accumulate)."""
    z = xp.zeros(tuple(shape), dtype=g.dtype)
    xp.add.at(z, _nd_key(indices, tuple(shape), "scatter_nd"), g)
    return z


@primitive(lambda g, x, i, y, shape: gather_nd(g, i), None)
def scatter_nd(xp, data, indices, shape):
    """Scatters `data` into zeros of `shape` at coordinates given along the first axis of
    `indices` (the inverse of gather_nd; with duplicates, the last write wins)."""
    z = xp.zeros(tuple(int(s) for s in shape), dtype=data.dtype)
    key = _nd_key(indices, z.shape, "scatter_nd")
    if data.shape != indices.shape[1:] + z.shape[indices.shape[0]:]:
        raise MXNetError(f"Check failed: valid: Invalid data, indices, and output shape "
                         f"combination for scatter_nd: {shape_str(data.shape)}, "
                         f"{shape_str(indices.shape)}, {shape_str(z.shape)}")
    z[key] = data
    return z


# ------------------------------------------------------------ ravel / unravel
@primitive(_zero_index_grad)
def ravel_multi_index(xp, data, shape=None):
    """Flat indices of the coordinates in `data` (shape (len(shape), N)) for an array of
    `shape` (plain arithmetic: out-of-range coordinates are not checked)."""
    if not shape:
        raise MXNetError("Check failed: shape.ndim() > 0: Empty shape parameter for ravel "
                         "operator.")
    shape = tuple(int(s) for s in shape)
    if data.ndim != 2:
        raise MXNetError("Check failed: (*in_attrs)[0].ndim() == 2: Input to ravel operator must "
                         "be two-dimensional.")
    if data.shape[0] != len(shape):
        raise MXNetError(f"Check failed: (*in_attrs)[0][0] == shape.ndim() ({data.shape[0]} vs. "
                         f"{len(shape)}) : First dimension of input of ravel operator does not "
                         f"match shape parameter dimension.")
    strides = np.cumprod((1,) + shape[:0:-1])[::-1]
    acc = xp.zeros(data.shape[1:], dtype=np.float64 if data.dtype.kind == "f" else np.int64)
    for k, s in enumerate(strides):
        acc = acc + data[k] * s
    return acc.astype(data.dtype)


@primitive(_zero_index_grad)
def unravel_index(xp, data, shape=None):
    """Coordinates (shape (len(shape),) + data.shape) of the flat indices in `data`."""
    if not shape:
        raise MXNetError("Check failed: shape.ndim() > 0: Empty shape parameter for unravel "
                         "operator.")
    shape = tuple(int(s) for s in shape)
    idx = data.astype(np.float64) if data.dtype.kind == "f" else data.astype(np.int64)
    out = []
    for s in shape[:0:-1]:
        # C arithmetic: the remainder keeps the sign of the dividend, division truncates
        out.append(np.fmod(idx, s))
        idx = np.trunc(idx / s) + 0.0 if idx.dtype.kind == "f" else np.fix(idx / s).astype(np.int64)
    out.append(idx)
    return xp.stack(out[::-1]).astype(data.dtype)


# ------------------------------------------------------------ histogram
def histogram(a, bins=10, range=None):  # noqa: A002 - MXNet's name
    """Histogram of the values of `a`: returns ``[counts, bin_edges]``.

    `bins` is an int (equal-width bins over `range`, or over [min, max] when None) or an
    NDArray of edges. As in MXNet, counts are float32 when `range` is None and int64 when
    `range` is given or the edges are an NDArray.
    """
    x = a.asnumpy().astype(np.float64).reshape(-1)
    if isinstance(bins, NDArray):
        if bins.dtype != a.dtype:
            raise tblob_dtype_mismatch(bins.dtype, a.dtype)
        edges = bins.asnumpy().astype(np.float64)
        counts, _ = np.histogram(x, bins=edges)
        return [_wrap(counts.astype(np.int64), a.context),
                _wrap(edges.astype(bins.dtype), a.context)]
    if not isinstance(bins, (int, np.integer)):
        raise ValueError("bins argument should be either an integer or an NDArray")
    if range is not None and range[0] > range[1]:
        raise MXNetError(f"Check failed: param.range.value()[0] <= param.range.value()[1]: left "
                         f"hand side of range({range[0]:g})should be less than or equal to right "
                         f"hand side({range[1]:g})")
    if range is None:
        counts, edges = np.histogram(x, bins=int(bins))
        return [_wrap(counts.astype(np.float32), a.context),
                _wrap(edges.astype(np.float32), a.context)]
    # with a range, the edges come in the input's dtype: integer data is binned by the
    # truncated edges, as in MXNet
    counts, edges = np.histogram(x, bins=int(bins), range=tuple(range))
    edges = edges.astype(a.dtype)
    if edges.dtype.kind in "iu":
        counts, _ = np.histogram(x, bins=edges.astype(np.float64))
    return [_wrap(counts.astype(np.int64), a.context), _wrap(edges, a.context)]


_C_TYPES = {"float32": "float", "float64": "double", "int32": "int", "int64": "long long",
            "uint8": "unsigned char", "int8": "char", "float16": "half", "bool": "bool"}


def tblob_dtype_mismatch(expected, given):
    """MXNet's error when a kernel gets an input of another dtype than it expects."""
    e, g = (_C_TYPES.get(np.dtype(d).name, np.dtype(d).name) for d in (expected, given))
    return MXNetError(f"Check failed: mshadow::DataType<DType>::kFlag == type_flag_: "
                      f"TBlob.get_with_shape: data type do not match specified type.Expected: "
                      f"{e} v.s. given {g}")
