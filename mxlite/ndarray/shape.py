"""Shape manipulation (MXNet group D): Reshape with its special codes, transpose,
expand_dims, flatten, squeeze, broadcast_to/like/axis, reshape_like …"""
import numpy as np

from ..base import MXNetError, as_shape, shape_str
from .register import broadcast_shape_to, primitive, sum_to

__all__ = ["reshape", "Reshape", "transpose", "expand_dims", "flatten", "Flatten", "squeeze",
           "broadcast_to", "broadcast_like", "broadcast_axis", "broadcast_axes", "reshape_like"]


_INTS = (int, np.integer)


def int_attr(value, name, op, allow_none=False):
    """An integer attribute; floats are rejected as MXNet's parameter parser does."""
    if isinstance(value, _INTS):
        return int(value)
    if value is None and allow_none:
        return None
    raise MXNetError(f"Invalid Parameter format for {name} expect int"
                     f"{' or None' if allow_none else ''} but value='{value}', in operator {op}")


def tuple_attr(value, name, op, allow_none=False):
    """A Shape(tuple) attribute (an int is a 1-tuple); float entries are rejected."""
    if isinstance(value, _INTS):
        return (int(value),)
    if value is None and allow_none:
        return None
    try:
        items = tuple(value)
    except TypeError:
        items = None
    if items is None or not all(isinstance(v, _INTS) or (v is None and allow_none)
                                for v in items):
        raise MXNetError(f"Invalid Parameter format for {name} expect Shape(tuple) but "
                         f"value='{value}', in operator {op}")
    return tuple(v if v is None else int(v) for v in items)


def _prod(dims):
    """Product of a few Python ints (np.prod costs microseconds on tiny lists)."""
    p = 1
    for d in dims:
        p *= int(d)
    return p


def infer_reshape(src, codes, reverse=False):
    """Target shape of MXNet's Reshape for input shape `src` and `codes` (0 -1 -2 -3 -4)."""
    src = list(src)
    codes = [int(c) for c in codes]
    if reverse:
        src, codes = src[::-1], codes[::-1]
    out, i, j, infer = [], 0, 0, -1
    while j < len(codes):
        c = codes[j]
        if c == 0:
            if i >= len(src):
                raise MXNetError(f"Reshape: code 0 at position {j} has no input dimension to copy "
                                 f"from shape {shape_str(src)}")
            out.append(src[i])
            i += 1
        elif c == -1:
            if infer >= 0:
                raise MXNetError("Check failed: inf_idx < 0 (1 vs. 0) : One and only one dim "
                                 "can be inferred")
            infer = len(out)
            out.append(-1)
            i += 1
        elif c == -2:
            out.extend(src[i:])
            i = len(src)
        elif c == -3:
            if i + 1 >= len(src):
                raise MXNetError(f"Reshape: code -3 needs two input dimensions at position {i} "
                                 f"of shape {shape_str(src)}")
            out.append(src[i] * src[i + 1])
            i += 2
        elif c == -4:
            if j + 2 >= len(codes) or i >= len(src):
                raise MXNetError("Reshape: code -4 must be followed by two dimensions")
            d1, d2 = codes[j + 1], codes[j + 2]
            d0 = src[i]
            if d1 == -1 and d2 == -1:
                raise MXNetError("Check failed: d1 != -1 || d2 != -1: Split dims cannot both be "
                                 "-1.")
            if d1 == -1 and d2 > 0:
                d1 = d0 // d2
            elif d2 == -1 and d1 > 0:
                d2 = d0 // d1
            if d1 * d2 != d0:
                raise MXNetError(f"Check failed: d1 * d2 == d0: Split dims {d1}, {d2} do not "
                                 f"divide original dim {d0}")
            out.extend([d1, d2])
            i += 1
            j += 2
        elif c > 0:
            out.append(c)
            i += 1
        else:
            raise MXNetError(f"shape dim size must be >= -1, while received {c}")
        j += 1
    total = _prod(src)
    if infer >= 0:
        known = _prod(d for d in out if d != -1)
        out[infer] = total // known if known else 0
    if reverse:
        out = out[::-1]
    return tuple(out), total


class _ReshapeSizeError(MXNetError, ValueError):
    """A Reshape target smaller than the input (MXNetError in MXNet's backward, ValueError in
    NumPy's reshape)."""


def _target(data, shape, reverse):
    shape = tuple_attr(shape, "shape", "Reshape")
    if not shape and data.size == 1:
        return ()
    out, total = infer_reshape(data.shape, shape, reverse)
    size = _prod(out)
    if size > total:
        raise MXNetError(f"NDArray.Reshape: Check failed: shape_.Size() >= shape.Size() "
                         f"({total} vs. {size}) : target shape size is larger than the current "
                         f"shape")
    if size < total:  # MXNet returns a view of the first elements, then fails in backward
        raise _ReshapeSizeError(f"Check failed: from.Size() == to.Size() ({total} vs. {size}) "
                                f": Cannot reshape array of size {total} into shape {shape}")
    return out


def _legacy_target(data, target_shape, keep_highest):
    """The deprecated `target_shape` (one 0 is inferred) and `keep_highest` parameters."""
    ts = [int(d) for d in target_shape]
    if keep_highest:
        ts[0] = data.shape[0]
    if ts.count(0) > 1:
        raise MXNetError("Reshape: only one dim of target_shape can be 0 (inferred)")
    if 0 in ts:
        known = int(np.prod([d for d in ts if d != 0], dtype=np.int64))
        ts[ts.index(0)] = data.size // known if known else 0
    if int(np.prod(ts, dtype=np.int64)) != data.size:
        raise MXNetError(f"Reshape: target_shape {tuple(target_shape)} does not match the size "
                         f"{data.size} of shape {shape_str(data.shape)}")
    return tuple(ts)


@primitive(lambda g, x, y, **attrs: _reshape_exact(g, x.shape))
def reshape(xp, data, shape=(), reverse=False, target_shape=(), keep_highest=False):
    """Reshapes the input array (a view). Special codes: 0 copies a dimension, -1 infers one,
    -2 copies the rest, -3 merges two, -4 splits one into the next two; `reverse` infers
    from the right. `target_shape` / `keep_highest` are MXNet's deprecated spelling."""
    no_shape = shape is None or (not isinstance(shape, (int, np.integer)) and not tuple(shape))
    if target_shape and no_shape:
        return data.reshape(_legacy_target(data, target_shape, keep_highest))
    if no_shape and data.size != 1:  # MXNet fails (its message is about MKLDNN)
        raise MXNetError(f"Reshape: the target shape () does not fit the input shape "
                         f"{shape_str(data.shape)}")
    return data.reshape(_target(data, shape, reverse))


Reshape = reshape


@primitive(lambda g, x, y, shape: _reshape_exact(g, x.shape))
def _reshape_exact(xp, data, shape):
    """Plain reshape to an explicit shape (used by gradient formulas)."""
    return data.reshape(shape)


def _inverse_axes(axes, ndim):
    if not axes:
        return ()
    inv = [0] * ndim
    for i, a in enumerate(axes):
        inv[a % ndim] = i
    return tuple(inv)


@primitive(lambda g, x, y, axes: transpose(g, axes=_inverse_axes(axes, x.ndim)))
def transpose(xp, data, axes=()):
    """Permutes the dimensions of an array (the default reverses them); returns a copy."""
    axes = tuple_attr(axes, "axes", "transpose") if axes not in (None, ()) else None
    if axes is not None and len(axes) != data.ndim:
        raise MXNetError(f"Check failed: std::max(shp.ndim(), out_shp.ndim()) == "
                         f"param.axes.ndim() ({data.ndim} vs. {len(axes)}) : transpose axes "
                         f"{axes} must have one entry per dimension of {shape_str(data.shape)}")
    if axes is not None and sorted(a % max(data.ndim, 1) for a in axes) != list(range(data.ndim)):
        raise MXNetError(f"transpose: axes {axes} are not a permutation of the {data.ndim} "
                         f"dimensions of shape {shape_str(data.shape)}")
    return (xp.transpose(data, axes)).copy()  # a new buffer, never a view of the input


@primitive(lambda g, x, y, axis: _reshape_exact(g, x.shape))
def expand_dims(xp, data, axis):
    """Inserts a new axis of size 1 at `axis` (in [-ndim-1, ndim])."""
    nd1 = data.ndim + 1
    axis = int_attr(axis, "axis", "expand_dims")
    if not -nd1 <= axis < nd1:
        raise MXNetError(f"Check failed: axis >= 0 && axis <= indim: axis must be in the range "
                         f"[{-data.ndim}, {data.ndim}] ({axis} provided)")
    return xp.expand_dims(data, axis % nd1)


@primitive(lambda g, x, y: _reshape_exact(g, x.shape))
def flatten(xp, data):
    """Flattens the input array into a 2-D array (N, prod(rest)); 1-D gives (N, 1)."""
    if data.ndim == 0:
        return data.reshape(1, 1)
    return data.reshape(data.shape[0], -1)


Flatten = flatten


@primitive(lambda g, x, y, axis: _reshape_exact(g, x.shape))
def squeeze(xp, data, axis=None):
    """Removes axes of length one (squeezing everything of (1,1) gives (1,))."""
    if axis is None:
        r = xp.squeeze(data)
    else:
        axes = tuple_attr(axis, "axis", "squeeze")
        for a in axes:
            if not -data.ndim <= a < data.ndim:
                raise MXNetError(f"Check failed: axes[i] < dndim ({a} vs. {data.ndim}) : axis {a} "
                                 f"is out of bounds for array of dimension {data.ndim}")
            if data.shape[a] != 1:
                raise MXNetError(f"Check failed: dshape[axes[i]] == 1: cannot select an axis to "
                                 f"squeeze out which has size={data.shape[a]} not equal to one")
        r = xp.squeeze(data, axis=tuple(a % data.ndim for a in axes))
    return r.reshape((1,)) if r.ndim == 0 else r


class _BroadcastError(MXNetError, ValueError):
    """nd.broadcast_to raises MXNetError and NDArray.broadcast_to ValueError in MXNet."""


def _bcast_target(src, shape):
    shape = as_shape(shape)
    if len(shape) < len(src):
        raise _BroadcastError(f"operands could not be broadcast together with remapped "
                              f"shapes[original->remapped]: {src} and requested shape {shape}")
    lead = len(shape) - len(src)
    out = list(shape)
    for i, s in enumerate(src):
        t = shape[i + lead]
        if t == 0:
            out[i + lead] = s
        elif s != t and s != 1:
            raise _BroadcastError(f"operands could not be broadcast together with remapped "
                                  f"shapes[original->remapped]: {src} and requested shape "
                                  f"{shape}")
    return tuple(out)


def broadcast_to(data, shape=None):
    """Broadcasts the input array to a new shape of the same number of dimensions (0 in
    `shape` keeps that dimension). The NDArray method also prepends dimensions."""
    if shape is None:
        raise MXNetError(f"Operand of shape {shape_str(data.shape)} cannot be broadcasted to []")
    target = as_shape(shape)
    src = data.shape
    if len(target) != len(src):
        raise MXNetError(f"Operand of shape {shape_str(src)} cannot be broadcasted to "
                         f"{shape_str(target)}")
    for s, t in zip(src, target):
        if t != 0 and s != t and s != 1:
            raise MXNetError(f"Check failed: ishape[i] == oshape[i] || ishape[i] == 1: Array "
                             f"cannot be broadcasted from {shape_str(src)} to "
                             f"{shape_str(target)}")
    return broadcast_shape_to(data, _bcast_target(src, target))


def broadcast_like(lhs, rhs, lhs_axes=None, rhs_axes=None):
    """Broadcasts lhs to the shape of rhs (optionally only along the given axes, where lhs
    must have size 1)."""
    if lhs_axes is None or rhs_axes is None:  # MXNet: one tuple alone is ignored
        return broadcast_to(lhs, rhs.shape)
    lhs_axes = tuple_attr(lhs_axes, "lhs_axes", "broadcast_like")
    rhs_axes = tuple_attr(rhs_axes, "rhs_axes", "broadcast_like")
    if not lhs_axes:
        raise MXNetError("Check failed: lhs_axes.ndim() > 0: Empty axes tuple is not allowed")
    if len(lhs_axes) != len(rhs_axes):
        raise MXNetError("Check failed: rhs_axes.ndim() == lhs_axes.ndim(): Input_axis and "
                         "other_axis size does not match")
    ls, rs = lhs.shape, rhs.shape
    target = list(ls)
    for i, (la, ra) in enumerate(zip(lhs_axes, rhs_axes)):
        if not -len(ls) <= la < len(ls):
            raise MXNetError(f"Check failed: copyfrom >= 0 && copyfrom < oshape.ndim(): Invalid "
                             f"dimension specified in lhs_axes: {la}")
        if not -len(rs) <= ra < len(rs):
            raise MXNetError(f"Check failed: copyto >= 0 && copyto < rhs_shape.ndim(): Invalid "
                             f"dimension specified in rhs_axes: {ra}")
        if ls[la] != 1:
            raise MXNetError(f"Check failed: lhs_shape[copyfrom] == 1: Input axis {la} at "
                             f"dimension {i} cannot be broadcasted to {rs[ra]}")
        target[la] = rs[ra]
    return broadcast_shape_to(lhs, tuple(target))


def broadcast_axis(data, axis=(), size=()):
    """Broadcasts the input array over particular axes (each of size 1) to `size`."""
    axis = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    size = (size,) if isinstance(size, (int, np.integer)) else tuple(size)
    if len(axis) != len(size):
        raise MXNetError(f"Check failed: param.axis.ndim() == param.size.ndim() ({len(axis)} "
                         f"vs. {len(size)}) :")
    target = list(data.shape)
    for a, s in zip(axis, size):
        if not -data.ndim <= a < data.ndim:
            raise MXNetError(f"Check failed: i >= 0 && i < ndim(): index = {a} must be in range "
                             f"[0, {data.ndim})")
        if target[a] != 1:  # also catches an axis given twice
            raise MXNetError(f"Check failed: src_shape[axis] == 1 ({target[a]} vs. 1) : "
                             f"Broadcasting axis must have size 1 (axis {a} of shape "
                             f"{shape_str(data.shape)})")
        target[a] = s
    return broadcast_shape_to(data, tuple(target))


broadcast_axes = broadcast_axis


def _like_range(begin, end, ndim, side):
    """reshape_like's [begin, end) dimension range of one input, checked as MXNet does."""
    b = 0 if begin is None else int_attr(begin, f"{side}_begin", "reshape_like")
    e = ndim if end is None else int_attr(end, f"{side}_end", "reshape_like")
    b, e = b + ndim if b < 0 else b, e + ndim if e < 0 else e
    if b < 0:
        raise MXNetError(f"Check failed: *cbegin >= 0: Invalid begin for {side}_begin={begin}")
    if e > ndim:
        raise MXNetError(f"Check failed: *cend <= ndims: Invalid end for {side}_end={end} as "
                         f"dimension number is {ndim}")
    if b >= e:
        raise MXNetError(f"Check failed: (*cbegin < *cend): Invalid begin, end, get "
                         f"{side}_begin={begin}, {side}_end={end}")
    return b, e


def reshape_like(lhs, rhs=None, lhs_begin=None, lhs_end=None, rhs_begin=None, rhs_end=None):
    """Reshapes lhs to the shape of rhs (or replaces lhs[lhs_begin:lhs_end] dims with
    rhs[rhs_begin:rhs_end] dims)."""
    if rhs is None:
        raise MXNetError("Operator reshape_like expects 2 inputs, but got 1 instead.")
    ls, rs = lhs.shape, rhs.shape
    lb, le = _like_range(lhs_begin, lhs_end, len(ls), "lhs")
    rb, re_ = _like_range(rhs_begin, rhs_end, len(rs), "rhs")
    target = tuple(ls[:lb]) + tuple(rs[rb:re_]) + tuple(ls[le:])
    if int(np.prod(target)) != lhs.size:
        raise MXNetError(f"Cannot reshape lhs with shape {shape_str(ls)}to new shape "
                         f"{shape_str(target)} because they have different size.")
    return _reshape_exact(lhs, target)


_sum_to = sum_to


from . import shape_ext as _shape_ext  # noqa: E402  (imports this module's names above)
from .shape_ext import *  # noqa: E402,F401,F403

__all__ += _shape_ext.__all__
