"""Shape manipulation, part 2 (MXNet group D): swapaxes, flip, tile, repeat, pad, concat,
stack, split, split_v2, slice_like, depth_to_space, space_to_depth, diag.

Re-exported by ``shape.py``. Every gradient is written with differentiable ops (mostly a
forward/adjoint pair of linear primitives), so derivatives of every order work.
"""
import numpy as np

from ..base import MXNetError, shape_str
from .register import primitive
from .shape import _reshape_exact, int_attr, transpose, tuple_attr

__all__ = ["swapaxes", "SwapAxis", "flip", "reverse", "tile", "repeat", "pad", "Pad", "concat",
           "Concat", "stack", "split", "SliceChannel", "split_v2", "slice_like",
           "depth_to_space", "space_to_depth", "diag"]


def _sum(x, axis):
    from .reduce import sum as _s  # lazy: reduce imports shape, which imports this module
    return _s(x, axis=axis)


def _axis(axis, ndim, op, name="axis"):
    """`axis` normalised to [0, ndim), MXNet's range error otherwise."""
    a = int(axis)
    if not -ndim <= a < ndim:
        raise MXNetError(f"Check failed: axis < ndim && axis >= -ndim: {name} {a} exceeds the "
                         f"input dimension of {ndim} (operator {op})")
    return a % ndim


# ------------------------------------------------------------ basic slicing (forward/adjoint)
@primitive(lambda g, x, y, key: _slice_put(g, key=key, shape=x.shape))
def _slice_get(xp, data, key):
    """data[key] for a tuple of slices, as a contiguous copy."""
    return (data[key]).copy()  # a new buffer, never a view of the input


@primitive(lambda g, x, y, key, shape: _slice_get(g, key=key))
def _slice_put(xp, g, key, shape):
    """The adjoint of _slice_get: g written into zeros of `shape` at `key`."""
    z = xp.zeros(shape, dtype=g.dtype)
    z[key] = g
    return z


# ------------------------------------------------------------ swapaxes, flip
@primitive(lambda g, x, y, dim1, dim2: swapaxes(g, dim1=dim1, dim2=dim2))
def swapaxes(xp, data, dim1=0, dim2=0):
    """Interchanges two axes of an array.

    Parameters
    ----------
    data : NDArray
    dim1, dim2 : int, default 0 (negative values count from the end)
    """
    n = data.ndim
    dim1, dim2 = int_attr(dim1, "dim1", "SwapAxis"), int_attr(dim2, "dim2", "SwapAxis")
    for name, d in (("axis1", dim1), ("axis2", dim2)):
        if not -n <= int(d) < n:
            raise MXNetError(f"{name}: Check failed: {name} >= 0 && {name} < shape0.ndim(): "
                             f"axis {d} is out of bounds for array of ndim {n}")
    return (xp.swapaxes(data, int(dim1), int(dim2))).copy()


SwapAxis = swapaxes


def _flip_axes(axis, ndim):
    axes = tuple_attr(axis, "axis", "reverse")
    out = []
    for a in axes:
        # MXNet rejects negative axes here; counting them from the end is strictly better.
        if not -ndim <= int(a) < ndim:
            raise MXNetError(f"Check failed: axis < ishape.ndim() ({a} vs. {ndim}) : reverse "
                             f"axis {a} is out of range for an array of {ndim} dimensions")
        out.append(int(a) % ndim)
    # an axis given twice is flipped twice (MXNet reverses once per entry)
    return tuple(a for a in sorted(set(out)) if out.count(a) % 2)


@primitive(lambda g, x, y, axis: flip(g, axis=axis))
def flip(xp, data, axis):
    """Reverses the order of elements along the given axis or axes (shape preserved)."""
    return (xp.flip(data, _flip_axes(axis, data.ndim))).copy()


reverse = flip


# ------------------------------------------------------------ tile, repeat
def _tile_shapes(shape, reps):
    reps = tuple_attr(reps, "reps", "tile")
    if not reps:  # MXNet: empty reps leave the array as it is
        return tuple(shape), (1,) * len(shape)
    n = max(len(reps), len(shape))
    shape, reps = (1,) * (n - len(shape)) + tuple(shape), (1,) * (n - len(reps)) + reps
    if any(r < 1 for r in reps):
        for d, r in zip(shape, reps):
            if d * r < -1:  # MXNet's output shape check comes first
                raise MXNetError(f"shape dim size must be >= -1, while received {d * r}")
        raise MXNetError(f"tile: reps {reps} must be a non-empty tuple of positive integers")
    return shape, reps


def _tile_grad(g, x, y, reps):
    xs, rs = _tile_shapes(x.shape, reps)
    inter = tuple(v for pair in zip(rs, xs) for v in pair)
    return _reshape_exact(_sum(_reshape_exact(g, inter), tuple(range(0, 2 * len(xs), 2))),
                          x.shape)


@primitive(_tile_grad)
def tile(xp, data, reps):
    """Repeats the whole array `reps` times along each axis (numpy.tile semantics)."""
    return xp.tile(data, _tile_shapes(data.shape, reps)[1])


def _repeat_grad(g, x, y, repeats, axis):
    if axis is None:
        return _reshape_exact(_sum(_reshape_exact(g, (x.size, repeats)), 1), x.shape)
    a = int(axis) % x.ndim
    s = x.shape
    return _sum(_reshape_exact(g, s[:a] + (s[a], repeats) + s[a + 1:]), a + 1)


@primitive(_repeat_grad)
def repeat(xp, data, repeats, axis=None):
    """Repeats each element `repeats` times along `axis` (the flattened array if None)."""
    repeats = int_attr(repeats, "repeats", "repeat")
    axis = int_attr(axis, "axis", "repeat", allow_none=True)
    if int(repeats) < 0:
        raise MXNetError(f"Check failed: *repeats >= 0 ({repeats} vs. 0) : repeats cannot be a "
                         f"negative number")
    if axis is not None and not -data.ndim <= int(axis) < data.ndim:
        raise MXNetError(f"Check failed: axis >= 0 && axis < ndims: axis = {axis} out of bounds")
    return xp.repeat(data, int(repeats), axis=None if axis is None else int(axis))


# ------------------------------------------------------------ pad
def _pad_pairs(shape, pad_width, mode):
    if mode not in ("constant", "edge", "reflect"):
        raise MXNetError(f"Invalid Input: '{mode}', valid values are: {{'constant', 'edge', "
                         f"'reflect'}}, in operator Pad")
    if len(shape) not in (4, 5):
        raise MXNetError("Current implementation only supports 4-D or 5-D input.")
    pw = tuple(int(p) for p in pad_width)
    if len(pw) != 2 * len(shape):
        raise MXNetError("Input shape vs padding spec mismatch.")
    if any(pw[:4]):
        raise MXNetError("Current implementation expects padding on the first two axes to be "
                         "zero.")
    pairs = [(pw[2 * i], pw[2 * i + 1]) for i in range(len(shape))]
    if mode == "reflect" and any(b >= n or a >= n for (b, a), n in zip(pairs, shape)):
        raise MXNetError("Current implementation of reflection padding only supports padding "
                         "sizes smaller than the input size.")
    return pairs


@primitive(lambda g, x, y, mode, pad_width, constant_value:
           _pad_adjoint(g, mode=mode, pad_width=pad_width, shape=x.shape))
def pad(xp, data, mode, pad_width, constant_value=0.0):
    """Pads a 4-D or 5-D array (NCHW / NCDHW) along its spatial axes.

    Parameters
    ----------
    mode : {'constant', 'edge', 'reflect'}
    pad_width : tuple of 2*ndim ints (before, after per axis); the first four must be 0
    constant_value : float, default 0, the fill value of mode 'constant'
    """
    pairs = _pad_pairs(data.shape, pad_width, mode)
    if data.dtype.kind != "f":
        sep = "" if data.dtype.itemsize == 1 else ","  # MXNet's text: no comma for 1-byte
        raise MXNetError(f"This operation only support floating point types{sep} not "
                         f"{data.dtype}")
    if mode == "constant":
        return xp.pad(data, pairs, mode="constant", constant_values=constant_value)
    return xp.pad(data, pairs, mode=mode)


Pad = pad


@primitive(lambda g, x, y, mode, pad_width, shape: pad(g, mode=mode, pad_width=pad_width))
def _pad_adjoint(xp, g, mode, pad_width, shape):
    """The adjoint of pad's linear part: crop (constant) or fold the borders back (edge and
    reflect), summing every padded copy into its source element."""
    pairs = _pad_pairs(shape, pad_width, mode)
    if mode == "constant":
        return (g[tuple(slice(b, b + n) for (b, _), n in zip(pairs, shape))]).copy()
    out = g
    for ax, ((b, a), n) in enumerate(zip(pairs, shape)):
        if b == 0 and a == 0:
            continue
        src = np.pad(np.arange(n), (b, a), mode=mode)
        moved = xp.moveaxis(out, ax, 0)
        acc = xp.zeros((n,) + moved.shape[1:], dtype=g.dtype)
        xp.add.at(acc, src, moved)
        out = xp.moveaxis(acc, 0, ax)
    return xp.ascontiguousarray(out)


# ------------------------------------------------------------ concat, stack, split
def _concat_grad(g, *args, dim):
    xs = args[:-1]
    d = int(dim) % xs[0].ndim
    outs, start = [], 0
    for x in xs:
        stop = start + x.shape[d]
        key = (slice(None),) * d + (slice(start, stop),)
        outs.append(_slice_get(g, key=key))
        start = stop
    return tuple(outs)


@primitive(grad=_concat_grad, variadic=True)
def concat(xp, *data, dim=1):
    """Joins input arrays along an existing axis (⚠ the default `dim` is 1).

    Parameters
    ----------
    *data : NDArrays, passed as separate arguments (a list is rejected, as in MXNet)
    dim : int, default 1
    """
    if not data:
        raise MXNetError("value 0 for Parameter num_args should be greater equal to 1")
    nd0 = data[0].ndim
    dim = int_attr(dim, "dim", "Concat")
    if not -nd0 <= int(dim) < nd0:
        raise MXNetError(f"Check failed: axis < ndim && axis >= -ndim: axis {dim} exceeds the "
                         f"input dimension of {nd0}")
    d = int(dim) % nd0
    for i, a in enumerate(data[1:], 1):
        if a.dtype != data[0].dtype:
            raise MXNetError(f"Check failed: in_type->at(i) == dtype || in_type->at(i) == -1: "
                             f"Non-uniform data type in Concat, expected data type "
                             f"{data[0].dtype}, got data type {a.dtype} for input {i}")
        ref = data[0].shape
        if a.ndim != nd0 or a.shape[:d] + a.shape[d + 1:] != ref[:d] + ref[d + 1:]:
            exp = list(data[0].shape)
            exp[d] = -1
            raise MXNetError(f"Check failed: shape_assign(&(*in_shape)[i], dshape): Incompatible "
                             f"input shape: expected {shape_str(exp)}, got {shape_str(a.shape)}")
    return xp.concatenate(data, axis=d)


Concat = concat


def _stack_grad(g, *args, axis):
    xs = args[:-1]
    a = int(axis) % g.ndim
    return tuple(_reshape_exact(_slice_get(g, key=(slice(None),) * a + (slice(i, i + 1),)),
                                x.shape) for i, x in enumerate(xs))


@primitive(grad=_stack_grad, variadic=True)
def stack(xp, *data, axis=0):
    """Joins arrays of the same shape along a new axis."""
    if not data:
        raise MXNetError("stack needs at least one input")
    n = data[0].ndim + 1
    axis = int_attr(axis, "axis", "stack")
    if not -n <= int(axis) < n:
        raise MXNetError(f"Check failed: axis < ndim && axis >= -ndim: axis {axis} exceeds the "
                         f"input dimension of {n}")
    for i, a in enumerate(data[1:], 1):
        if a.shape != data[0].shape:
            raise MXNetError(f"stack: all inputs must have the same shape, got "
                             f"{shape_str(data[0].shape)} and {shape_str(a.shape)}")
        if a.dtype != data[0].dtype:
            raise MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node "
                             f" at {i}-th input: expected {data[0].dtype}, got {a.dtype}")
    return xp.stack(data, axis=int(axis) % n)


def _split_grad(g, x, y, indices, axis, squeeze_axis):
    a = int(axis) % x.ndim
    if not isinstance(g, tuple):
        g, y = (g,), (y,)
    parts = []
    for gi, yi in zip(g, y):
        if squeeze_axis:
            gi = _reshape_exact(gi, yi.shape[:a] + (1,) + yi.shape[a:])
        parts.append(gi)
    return parts[0] if len(parts) == 1 else concat(*parts, dim=a)


@primitive(_split_grad)
def _split_at(xp, data, indices, axis, squeeze_axis=False):
    """Splits `data` along `axis` at the cut points `indices` (a tuple starting with 0)."""
    a = int(axis) % data.ndim
    cuts = list(indices) + [data.shape[a]]
    outs = []
    for b, e in zip(cuts[:-1], cuts[1:]):
        part = data[(slice(None),) * a + (slice(b, e),)]
        if squeeze_axis:
            part = part.reshape(part.shape[:a] + part.shape[a + 1:])
        outs.append(part.copy())  # a new buffer, never a view of the input
    return tuple(outs) if len(outs) > 1 else outs[0]


def split(data, num_outputs=None, axis=1, squeeze_axis=False, **kwargs):
    """Splits an array along `axis` into `num_outputs` equal parts (⚠ the default axis is 1).

    Returns a list of NDArrays, or one NDArray when ``num_outputs == 1``. With
    `squeeze_axis`, the split axis (which must then have size num_outputs) is removed.
    """
    n = data.ndim
    if num_outputs is None:
        raise MXNetError('Required parameter num_outputs of int is not presented, in operator '
                         'SliceChannel(name="")')
    num_outputs = int_attr(num_outputs, "num_outputs", "SliceChannel")
    if num_outputs < 1:
        raise MXNetError(f"value {num_outputs} for Parameter num_outputs should be greater "
                         f"equal to 1")
    axis = int_attr(axis, "axis", "SliceChannel")
    if axis < -n:
        raise MXNetError(f"Check failed: i >= 0 && i < ndim(): index = {axis + n} must be in "
                         f"range [0, {n})")
    if axis >= n:
        raise MXNetError(f"Check failed: param_.axis < dshape.ndim() ({axis} vs. {n}) : split "
                         f"axis {axis} is out of range for shape {shape_str(data.shape)}")
    a = int(axis) % n
    size, k = data.shape[a], int(num_outputs)
    if k < 1 or size % k:
        raise MXNetError(f"Check failed: dshape[real_axis] % param_.num_outputs == 0U: You are "
                         f"trying to split the {a}-th axis of input tensor with shape "
                         f"{shape_str(data.shape)} into num_outputs={k} evenly sized chunks, but "
                         f"this is not possible because {k} does not evenly divide {size}")
    if squeeze_axis and size != k:
        raise MXNetError(f"Check failed: ishape[real_axis] == param_.num_outputs ({size} vs. "
                         f"{k}) : If squeeze axis is True, the size of the sliced axis must be "
                         f"the same as num_outputs. Input shape={shape_str(data.shape)}, "
                         f"axis={a}, num_outputs={k}.")
    step = size // k
    return _split_at(data, indices=tuple(range(0, size, step)) if step else (0,) * k, axis=a,
                     squeeze_axis=bool(squeeze_axis), **kwargs)


SliceChannel = split


def split_v2(ary, indices_or_sections, axis=0, squeeze_axis=False):
    """Splits an array into sub-arrays along `axis`: into N equal sections (an int) or at the
    given indices (a tuple)."""
    n = ary.ndim
    a = _axis(axis, n, "split_v2")
    size = ary.shape[a]
    if isinstance(indices_or_sections, (int, np.integer)):
        k = int(indices_or_sections)
        if k == 0:  # MXNet: size % 0
            raise ZeroDivisionError("integer modulo by zero")
        if k < 1 or size % k:
            raise ValueError("array split does not result in an equal division")
        indices = tuple(range(0, size, size // k))
    elif isinstance(indices_or_sections, tuple):
        indices = (0,) + tuple(int(i) for i in indices_or_sections)
        for k, (s, e) in enumerate(zip(indices, indices[1:])):
            if s > e:
                raise MXNetError(f"Check failed: start <= end: start {s} is not less than end "
                                 f"{e}for subarray {k}")
        for i in indices:
            if i > size:
                raise MXNetError(f"Check failed: end <= ishape[real_axis]: end {i} is no less "
                                 f"than the size of the axis {size}")
    else:
        raise ValueError("indices_or_sections must either int or tuple of ints")
    if squeeze_axis:
        for n in np.diff(list(indices) + [size]):
            if n != 1:
                raise MXNetError(f"expected axis size of 1 but got {n}")
    return _split_at(ary, indices=indices, axis=a, squeeze_axis=bool(squeeze_axis))


# ------------------------------------------------------------ slice_like
def _slice_like_key(dshape, lshape, axes):
    if not axes:
        if len(dshape) != len(lshape):
            raise MXNetError(f"Check failed: ishape.ndim() == from_shape.ndim() ({len(dshape)} "
                             f"vs. {len(lshape)}) : By default slice_axis performs slice on all "
                             f"axes, but ndim mismatch for inputs: {len(dshape)} vs. "
                             f"{len(lshape)}")
        axes = range(len(dshape))
    key = [slice(None)] * len(dshape)
    for ax in tuple_attr(axes, "axes", "slice_like"):
        if ax < -len(dshape):
            raise MXNetError(f"Check failed: axis >= 0: Slice axis: {ax} too small")
        if ax >= len(dshape):
            raise MXNetError(f"Check failed: ishape.ndim() > axis ({len(dshape)} vs. {ax}) : "
                             f"Slice axis: {ax} exceeds first input: {len(dshape)}")
        # MXNet normalises a negative axis by the *first* input's ndim, for both inputs
        d = ax % len(dshape)
        if d >= len(lshape):
            raise MXNetError(f"Check failed: from_shape.ndim() > axis ({len(lshape)} vs. {d}) "
                             f": Slice axis: {d} exceeds second input: {len(lshape)}")
        if lshape[d] > dshape[d]:
            raise MXNetError(f"Check failed: ishape[i] >= from_shape[i] ({dshape[d]} vs. "
                             f"{lshape[d]}) : Slice axis {d} with size {lshape[d]}exceeds limit "
                             f"of input with size {dshape[d]}")
        key[d] = slice(0, lshape[d])
    return tuple(key)


def _zeros(x):
    from .unary import zeros_like
    return zeros_like(x)


@primitive(lambda g, x, s, y, axes: _slice_put(g, key=_slice_like_key(x.shape, s.shape, axes),
                                                shape=x.shape),
           lambda g, x, s, y, axes: _zeros(s))
def slice_like(xp, data, shape_like, axes=()):
    """Slices `data` to the shape of `shape_like` (from the start of each axis), on all axes
    or only on `axes`; `shape_like` gets a zero gradient."""
    return (data[_slice_like_key(data.shape, shape_like.shape, axes)]).copy()


# ------------------------------------------------------------ depth_to_space, space_to_depth
def _block(data, block_size, op):
    if data.ndim != 4:
        raise MXNetError(f"Check failed: in_attrs->at(0).ndim() == 4 ({data.ndim} vs. 4) : "
                         f"Operation {op} requires exactly 4D tensor")
    if block_size is None:
        name = "depth_to_space" if op == "Depth To Space" else "space_to_depth"
        raise MXNetError(f'Required parameter block_size of int is not presented, in operator '
                         f'{name}(name="")')
    b = int_attr(block_size, "block_size", op)
    if b <= 0:
        raise MXNetError("Check failed: block != 0 (0 vs. 0) : block_size must be a positive "
                         "integer value")
    return b


def depth_to_space(data, block_size=None):
    """Rearranges depth blocks into spatial blocks: (N, C, H, W) -> (N, C/b², H·b, W·b)."""
    b = _block(data, block_size, "Depth To Space")
    n, c, h, w = data.shape
    if c % (b * b):
        raise MXNetError(f"Check failed: in_shape[1] % (block * block) == 0 ({c % (b * b)} vs. 0) "
                         f": Cannot perform Depth To Space operation on the specified tensor. "
                         f"Dimension:1(depth dimension) should be a multiple of 'block^2'")
    t = _reshape_exact(data, (n, b, b, c // (b * b), h, w))
    t = transpose(t, axes=(0, 3, 4, 1, 5, 2))
    return _reshape_exact(t, (n, c // (b * b), h * b, w * b))


def space_to_depth(data, block_size=None):
    """Rearranges spatial blocks into depth: (N, C, H, W) -> (N, C·b², H/b, W/b)."""
    b = _block(data, block_size, "Space To Depth")
    n, c, h, w = data.shape
    for i, (s, what) in enumerate(((h, "1st"), (w, "2nd")), 2):
        if s % b:
            raise MXNetError(f"Check failed: in_shape[{i}] % block == 0 ({s % b} vs. 0) : Cannot "
                             f"perform Depth To Space operation on the specified tensor. "
                             f"Dimension:{i}({what} Space dimension) should be a multiple of "
                             f"'block' ")
    t = _reshape_exact(data, (n, c, h // b, b, w // b, b))
    t = transpose(t, axes=(0, 3, 5, 1, 2, 4))
    return _reshape_exact(t, (n, c * b * b, h // b, w // b))


# ------------------------------------------------------------ diag
def _diag_axes(ndim, axis1, axis2):
    a1, a2 = int_attr(axis1, "axis1", "diag"), int_attr(axis2, "axis2", "diag")
    for a in (a1, a2):
        if not -ndim <= a < ndim:
            raise MXNetError(f"Check failed: axis < ndim && axis >= -ndim: axis {a} exceeds the "
                             f"input dimension of {ndim}")
    a1, a2 = a1 % ndim, a2 % ndim
    if a1 == a2:
        raise MXNetError(f"Check failed: x1 != x2 ({a1} vs. {a2}) : axis1 and axis2 cannot "
                         f"refer to the same axis {a1}")
    return a1, a2


def _diag_grad(g, x, y, k, axis1, axis2):
    if x.ndim == 1:
        return diag(g, k=k)
    return _diag_put(g, k=k, axis1=axis1, axis2=axis2, shape=x.shape)


@primitive(_diag_grad)
def diag(xp, data, k=0, axis1=0, axis2=1):
    """Extracts a diagonal (N-D input, the diagonal becomes the last axis) or builds a 2-D
    array with `data` on the k-th diagonal (1-D input)."""
    k = int_attr(k, "k", "diag")
    if data.ndim == 0:
        raise MXNetError("diag: the input must have at least 1 dimension")
    if data.ndim == 1:
        return xp.diag(data, int(k))
    a1, a2 = _diag_axes(data.ndim, axis1, axis2)
    if k > data.shape[a2] or -k > data.shape[a1]:  # an empty diagonal just past the edge is fine
        raise MXNetError("Diagonal does not exist.")
    return xp.diagonal(data, int(k), a1, a2).copy()  # np.diagonal is a read-only view


@primitive(lambda g, x, y, k, axis1, axis2, shape: diag(g, k=k, axis1=axis1, axis2=axis2))
def _diag_put(xp, g, k, axis1, axis2, shape):
    """The adjoint of diagonal extraction: g placed on the k-th diagonal of zeros(shape)."""
    a1, a2 = _diag_axes(len(shape), axis1, axis2)
    z = xp.zeros(shape, dtype=g.dtype)
    k = int(k)
    n = g.shape[-1]
    zt = xp.moveaxis(z, (a1, a2), (-2, -1))  # a view of z
    zt[..., xp.arange(n) + max(-k, 0), xp.arange(n) + max(k, 0)] = g
    return z
