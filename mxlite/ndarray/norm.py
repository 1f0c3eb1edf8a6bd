"""Normalization operators (MXNet group H): BatchNorm, LayerNorm, InstanceNorm, GroupNorm,
L2Normalization, LRN.

BatchNorm/LayerNorm/InstanceNorm/GroupNorm share one gradient (``_moments_grads``): the
normalized input is rebuilt from the op's own mean and spread outputs, and the gradients
flowing into those outputs are honoured, so every order of derivative is exact.

MXNet's BatchNorm quirks, verified on 1.9.1: ``fix_gamma`` (default True) treats gamma as 1,
writes 1 into it and gives it a zero gradient; the moving statistics are updated during
BACKWARD (only when the forward ran in training mode and backward runs with
``train_mode=True``; here once per forward, MXNet repeats it for every retained backward);
``output_mean_var`` returns ``[out, mean, 1/sqrt(var + eps)]``.
"""
import numpy as np

from .. import autograd as _ag
from ..base import MXNetError, shape_str
from .ndarray import NDArray, _wrap
from .register import _state, _sum_to_raw, primitive, sum_to
from .unary import sqrt, square, zeros_like

__all__ = ["LRN", "BatchNorm", "GroupNorm", "InstanceNorm", "L2Normalization", "LayerNorm"]


# The helpers below skip the recorded op when nothing records (plain backward): a
# primitive call costs ~5 us, a raw reshape well under 1.
def _norm_reshape(x, shape):
    shape = tuple(shape)
    if x.shape == shape:
        return x
    if not _state.recording:
        return _wrap(x._data.reshape(shape), x._ctx)
    from .shape import _reshape_exact
    return _reshape_exact(x, shape)


def _norm_mean(x, axes):
    from .reduce import mean
    return mean(x, axis=axes, keepdims=True)


def _norm_cast(x, dt):
    from .unary import cast
    if x.dtype == dt:
        return x
    if not _state.recording:
        return _wrap(x._data.astype(dt), x._ctx)
    return cast(x, dtype=dt)


def _norm_sum_to(x, shape):
    if not _state.recording:
        return _wrap(_sum_to_raw(x._ctx.xp, x._data, tuple(shape)), x._ctx)
    return sum_to(x, shape)


def _moments_grads(go, gmean, gstat, x, gamma, mean, stat, raxes, gshape, stat_is_inv,
                   with_gamma):
    """Input gradients of out = (x - mean) * inv * gamma + beta with batch statistics.

    x, go: the data and output gradient in the op's view shape; mean/stat: the op's own
    outputs, broadcastable against x (stat is inv_std or std); gshape: gamma's broadcast
    shape in the view. Returns (gx, ggamma or None, gbeta) with ggamma/gbeta in gshape.
    """
    n = 1
    for a in raxes:
        n *= x.shape[a]
    if not _state.recording:  # plain backward: nothing differentiates this, run it raw
        return _moments_grads_raw(go, gmean, gstat, x, gamma, mean, stat, raxes, gshape,
                                  stat_is_inv, with_gamma, n)
    inv = stat if stat_is_inv else 1 / stat
    xhat = (x - mean) * inv
    gxhat = go * gamma if with_gamma else go
    gx = (gxhat - _norm_mean(gxhat, raxes) - xhat * _norm_mean(gxhat * xhat, raxes)) * inv
    if gmean is not None:
        gx = gx + gmean * (1.0 / n)
    if gstat is not None:  # d inv/dx = -inv^2 xhat / n; d std/dx = xhat / n
        gx = gx + (gstat * inv * inv * (-1.0 / n) if stat_is_inv else gstat * (1.0 / n)) * xhat
    ggamma = sum_to(go * xhat, gshape) if with_gamma else None
    return gx, ggamma, sum_to(go, gshape)


def _moments_grads_raw(go, gmean, gstat, x, gamma, mean, stat, raxes, gshape, stat_is_inv,
                       with_gamma, n):
    """_moments_grads on raw arrays (the same formulas, ~2x faster for plain backward)."""
    ctx = x._ctx
    go, x, mean, stat = go._data, x._data, mean._data, stat._data
    inv = stat if stat_is_inv else 1 / stat
    xhat = (x - mean) * inv
    gxhat = go * gamma._data if with_gamma else go
    xp = ctx.xp
    gx = gxhat - _rmean(xp, gxhat, raxes)
    gx -= xhat * _rmean(xp, gxhat * xhat, raxes)
    gx *= inv
    if gmean is not None:
        gx += gmean._data * (1.0 / n)
    if gstat is not None:
        gs = gstat._data
        gx += (gs * inv * inv * (-1.0 / n) if stat_is_inv else gs * (1.0 / n)) * xhat
    ggamma = _wrap(_sum_to_raw(xp, go * xhat, gshape), ctx) if with_gamma else None
    return _wrap(gx, ctx), ggamma, _wrap(_sum_to_raw(xp, go, gshape), ctx)


_FLOAT_BLAS = (np.dtype(np.float32), np.dtype(np.float64))


def _rmean(xp, x, raxes):
    """x.mean(raxes, keepdims=True); a last-axis mean as one matrix-vector product (6x
    faster than ndarray.mean for LayerNorm-sized rows, measured)."""
    if xp is np and raxes == (x.ndim - 1,) and x.ndim > 1 and x.dtype in _FLOAT_BLAS:
        k = x.shape[-1]
        r = x.reshape(-1, k) @ np.full((k, 1), 1.0 / k, dtype=x.dtype)
        return r.reshape(x.shape[:-1] + (1,))
    n = 1
    for a in raxes:
        n *= x.shape[a]
    r = x.sum(axis=raxes, keepdims=True)
    r *= 1.0 / n
    return r


def _norm_live(g):
    """None for an output gradient that is an engine-filled constant zero."""
    return None if g._node is None and not g._data.any() else g


# ---------------------------------------------------------------- BatchNorm
def _bn_layout(shape, axis):
    nd_ = len(shape)
    ax = axis + nd_ if axis < 0 else axis
    if not 0 <= ax < nd_:
        raise MXNetError(f"Check failed: channelAxis < dshape.ndim() ({ax} vs. {nd_}) : "
                         f"Channel axis out of range: {axis}")
    raxes = tuple(i for i in range(nd_) if i != ax)
    bshape = tuple(shape[ax] if i == ax else 1 for i in range(nd_))
    return ax, raxes, bshape


def _bn_grad(g, data, gamma, beta, moving_mean, moving_var, y, eps, momentum, fix_gamma,
             use_global_stats, output_mean_var, axis, training):
    go, gmean, ginv = g[:3]
    _, mean, inv, updated = y
    _, raxes, bshape = _bn_layout(data.shape, axis)
    pdt = mean.dtype
    x = _norm_cast(data, pdt)
    go = _norm_cast(go, pdt)
    gam = _norm_reshape(gamma, bshape)
    mean_b, inv_b = _norm_reshape(mean, bshape), _norm_reshape(inv, bshape)
    if training:
        if _ag.is_training() and not updated._data[0]:  # once per forward, not per order
            _update_moving(moving_mean, moving_var, mean, inv, eps, momentum)
            updated._data[0] = 1
        gm, gi = _norm_live(gmean), _norm_live(ginv)
        gx, ggamma, gbeta = _moments_grads(
            go, None if gm is None else _norm_reshape(gm, bshape),
            None if gi is None else _norm_reshape(gi, bshape), x, gam, mean_b, inv_b, raxes,
            bshape, True, not fix_gamma)
    else:  # moving statistics: an affine map of x
        scale = inv_b if fix_gamma else gam * inv_b
        gx = go * scale
        ggamma = None if fix_gamma else _norm_sum_to(go * ((x - mean_b) * inv_b), bshape)
        gbeta = _norm_sum_to(go, bshape)
    gx = _norm_cast(gx, data.dtype)
    ggamma = zeros_like(gamma) if ggamma is None else _norm_reshape(ggamma, gamma.shape)
    return gx, ggamma, _norm_reshape(gbeta, beta.shape), None, None


def _update_moving(mm, mv, mean, inv, eps, momentum):
    """m = m*momentum + batch*(1-momentum), with the biased batch variance (as MXNet)."""
    var = 1.0 / (inv._data * inv._data) - eps
    m = mm._data
    m *= momentum
    m += mean._data * (1 - momentum)
    v = mv._data
    v *= momentum
    v += var.astype(v.dtype, copy=False) * (1 - momentum)


@primitive(grad=_bn_grad, n_in=5, visible=lambda a: 3 if a["output_mean_var"] else 1)
def _batch_norm(xp, data, gamma, beta, moving_mean, moving_var, eps=1e-3, momentum=0.9,
                fix_gamma=True, use_global_stats=False, output_mean_var=False, axis=1,
                training=False):
    _norm_float_only(data.dtype)
    ax, raxes, bshape = _bn_layout(data.shape, axis)
    c = data.shape[ax]
    pdt = np.dtype(np.float32) if data.dtype == np.float16 else data.dtype
    for name, a in (("gamma", gamma), ("beta", beta), ("moving_mean", moving_mean),
                    ("moving_var", moving_var)):
        if a.dtype != pdt:
            raise MXNetError(f"Check failed: (*in_type)[i] == dtype_param ({a.dtype} vs. {pdt}) "
                             f": This layer requires uniform type. Expected '{pdt}' v.s. given "
                             f"'{a.dtype}' at '{name}'")
        if a.shape != (c,):
            raise MXNetError(f"Shape inconsistent, Provided = {shape_str(a.shape)}, inferred "
                             f"shape=[{c}] for '{name}' (data {shape_str(data.shape)}, axis "
                             f"{axis})")
    if fix_gamma and gamma.flags.writeable:
        gamma[...] = 1  # MXNet writes the fixed gamma back
    x = data.astype(pdt, copy=False)
    if training:
        mean = x.mean(axis=raxes)
        xc = x - mean.reshape(bshape)
        var = xp.square(xc).mean(axis=raxes)
    else:
        mean = moving_mean.copy()
        xc = x - mean.reshape(bshape)
        var = moving_var
    inv = 1 / xp.sqrt(var + pdt.type(eps))
    scale = inv if fix_gamma else gamma * inv
    out = xc * scale.reshape(bshape)
    out += beta.reshape(bshape)
    # the hidden 4th output flags "moving statistics already updated by a backward"
    return (out.astype(data.dtype, copy=False), mean.astype(pdt, copy=False), inv,
            xp.zeros(1, dtype=pdt))


def BatchNorm(data=None, gamma=None, beta=None, moving_mean=None, moving_var=None, eps=1e-3,
              momentum=0.9, fix_gamma=True, use_global_stats=False, output_mean_var=False,
              axis=1, cudnn_off=False, min_calib_range=None, max_calib_range=None, out=None,
              name=None, **kwargs):
    """Batch normalization: ``(x - mean) / sqrt(var + eps) * gamma + beta`` per channel.

    In training mode (``autograd.is_training()``) it uses the batch mean and biased variance
    and, during backward with ``train_mode=True``, updates the moving statistics in place:
    ``m = m*momentum + batch*(1 - momentum)``. Otherwise (or with ``use_global_stats``) it
    uses the moving statistics.

    Parameters
    ----------
    data : NDArray, channel axis `axis` (default 1)
    gamma, beta, moving_mean, moving_var : NDArray, (C,)
    eps : float, default 1e-3
    momentum : float, default 0.9
    fix_gamma : bool, default True: gamma is treated as 1 (and set to 1), gradient 0.
    use_global_stats : bool, default False
    output_mean_var : bool, default False: return ``[out, mean, inv_std]``.
    axis : int, default 1
    """
    for pname, v in (("data", data), ("gamma", gamma), ("beta", beta),
                     ("moving_mean", moving_mean), ("moving_var", moving_var)):
        if v is None:
            got = sum(a is not None for a in (data, gamma, beta, moving_mean, moving_var))
            raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({got} vs. 5) : "
                             f"Operator BatchNorm expects 5 inputs, but got {got} instead.")
    training = bool(_ag.is_training() and not use_global_stats)
    return _batch_norm(data, gamma, beta, moving_mean, moving_var, eps=float(eps),
                       momentum=float(momentum), fix_gamma=bool(fix_gamma),
                       use_global_stats=bool(use_global_stats),
                       output_mean_var=bool(output_mean_var), axis=int(axis),
                       training=training, out=out)


# ---------------------------------------------------------------- Layer/Instance/GroupNorm
def _moments_layout(shape, kind, axis, num_groups):
    """(view shape, reduced axes, gamma broadcast shape in the view, stat output shape)."""
    nd_ = len(shape)
    if kind == "layer":
        ax = axis + nd_ if axis < 0 else axis
        if not 0 <= ax < nd_:
            raise MXNetError(f"Check failed: axis >= 0 && axis < dshape.ndim(): Channel axis "
                             f"out of range: axis={axis}")
        gshape = tuple(shape[ax] if i == ax else 1 for i in range(nd_))
        stat = tuple(1 if i == ax else s for i, s in enumerate(shape))
        return tuple(shape), (ax,), gshape, stat
    if kind == "instance":
        if nd_ < 3:
            raise MXNetError(f"Check failed: in_data[instance_norm: :kData].ndim() >= 3 ({nd_} "
                             f"vs. 3) : InstanceNorm only supports input tensors of rank >= 3.")
        gshape = (1, shape[1]) + (1,) * (nd_ - 2)
        return tuple(shape), tuple(range(2, nd_)), gshape, shape[:2] + (1,) * (nd_ - 2)
    if nd_ < 3:
        raise MXNetError(f"Check failed: dshape.ndim() >= 3U ({nd_} vs. 3) : ")
    if shape[1] % num_groups:
        raise MXNetError(f"Check failed: dshape[1] % num_groups == 0 ({shape[1] % num_groups} "
                         f"vs. 0) : # of channels must be divisible by # of groups")
    view = (shape[0], num_groups, int(np.prod(shape[1:], dtype=np.int64)) // num_groups)
    return view, (2,), (1, num_groups, 1), (shape[0], num_groups)


def _moments_grad(g, data, gamma, beta, y, kind, axis, eps, num_groups, output_mean_var):
    go, gmean, gstd = g
    _, mean, std = y
    view, raxes, gshape, _ = _moments_layout(data.shape, kind, axis, num_groups)
    mshape = tuple(1 if i in raxes else s for i, s in enumerate(view))
    gm, gs = _norm_live(gmean), _norm_live(gstd)
    gx, ggamma, gbeta = _moments_grads(
        _norm_reshape(go, view), None if gm is None else _norm_reshape(gm, mshape),
        None if gs is None else _norm_reshape(gs, mshape), _norm_reshape(data, view),
        _norm_reshape(gamma, gshape), _norm_reshape(mean, mshape), _norm_reshape(std, mshape),
        raxes, gshape, False, True)
    return (_norm_reshape(gx, data.shape), _norm_reshape(ggamma, gamma.shape),
            _norm_reshape(gbeta, beta.shape))


@primitive(grad=_moments_grad, n_in=3, visible=lambda a: 3 if a["output_mean_var"] else 1)
def _moments_norm(xp, data, gamma, beta, kind="layer", axis=-1, eps=1e-5, num_groups=1,
                  output_mean_var=False):
    if kind == "layer":
        _norm_float_only(data.dtype)
    view, raxes, gshape, stat = _moments_layout(data.shape, kind, axis, num_groups)
    c = int(np.prod(gshape, dtype=np.int64))
    for name, a in (("gamma", gamma), ("beta", beta)):
        if a.dtype != data.dtype and kind == "instance":
            from .nn import _TYPE_FLAG
            raise MXNetError(f"Check failed: in_type->at(i) == mshadow: :default_type_flag || "
                             f"in_type->at(i) == -1: Unsupported data type "
                             f"{_TYPE_FLAG.get(a.dtype.name, -1)}")
        if a.dtype != data.dtype:
            raise MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in "
                             f"node  at {1 if name == 'gamma' else 2}-th input: expected "
                             f"{data.dtype}, got {a.dtype}")
        if a.size != c or a.ndim != 1:
            raise _moments_shape_error(kind, a.shape, c)
    x = data.reshape(view)
    mean = _rmean(xp, x, raxes)
    xc = x - mean
    std = xp.sqrt(_rmean(xp, xp.square(xc), raxes) + data.dtype.type(eps))
    out = xc / std
    out *= gamma.reshape(gshape)
    out += beta.reshape(gshape)
    return out.reshape(data.shape), mean.reshape(stat), std.reshape(stat)


def _moments_shape_error(kind, shape, c):
    """MXNet's texts for a gamma/beta of the wrong size."""
    size = int(np.prod(shape, dtype=np.int64))
    if kind == "group":
        return MXNetError(f"Check failed: this->shape_.Size() == shape.Size() ({size} vs. {c}) "
                          f": Shape size mismatch {size} v.s. {c}")
    if kind == "instance":
        return MXNetError(f"Check failed: ishape.Size() == shape.Size() ({size} vs. {c}) : "
                          f"reshape size must match")
    return MXNetError(f"Shape inconsistent, Provided = {shape_str(shape)}, inferred shape=[{c}]")


def _norm_float_only(dt):
    if dt.kind != "f":
        raise MXNetError(f"This operation only support floating point types, not {dt}")


def _need_inputs(op, *arrays):
    got = sum(a is not None for a in arrays)
    if got != len(arrays):
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({got} vs. "
                         f"{len(arrays)}) : Operator {op} expects {len(arrays)} inputs, but got "
                         f"{got} instead.")


def LayerNorm(data=None, gamma=None, beta=None, axis=-1, eps=1e-5, output_mean_var=False,
              out=None, name=None, **kwargs):
    """Layer normalization over `axis`: ``(x - mean) / sqrt(var + eps) * gamma + beta``.

    gamma and beta have shape ``(data.shape[axis],)``. ``output_mean_var=True`` returns
    ``[out, mean, std]`` with the axis kept as size 1.
    """
    _need_inputs("LayerNorm", data, gamma, beta)
    return _moments_norm(data, gamma, beta, kind="layer", axis=int(axis), eps=float(eps),
                         output_mean_var=bool(output_mean_var), out=out)


def InstanceNorm(data=None, gamma=None, beta=None, eps=1e-3, out=None, name=None, **kwargs):
    """Instance normalization: each (sample, channel) is normalized over its spatial axes,
    then scaled by gamma and shifted by beta (both (C,)). Needs at least 3 dimensions."""
    _need_inputs("InstanceNorm", data, gamma, beta)
    return _moments_norm(data, gamma, beta, kind="instance", axis=1, eps=float(eps), out=out)


def GroupNorm(data=None, gamma=None, beta=None, num_groups=1, eps=1e-5, output_mean_var=False,
              out=None, name=None, **kwargs):
    """Group normalization: the channels are split into `num_groups` groups, each normalized
    over its channels and spatial axes. In MXNet 1.x gamma and beta have shape
    ``(num_groups,)``. ``output_mean_var=True`` returns ``[out, mean, std]``, (N, groups)."""
    _need_inputs("GroupNorm", data, gamma, beta)
    if int(num_groups) < -1:
        raise MXNetError(f"shape dim size must be >= -1, while received {int(num_groups)}")
    return _moments_norm(data, gamma, beta, kind="group", axis=1, eps=float(eps),
                         num_groups=int(num_groups), output_mean_var=bool(output_mean_var),
                         out=out)


# ---------------------------------------------------------------- L2Normalization, LRN
def L2Normalization(data=None, eps=1e-10, mode="instance", out=None, name=None, **kwargs):
    """Normalizes the input by its L2 norm: ``x / sqrt(sum(x^2) + eps)``, the sum taken over
    all axes but the first ('instance'), over axis 1 ('channel') or over the axes after 1
    ('spatial'; the last two need at least 3 dimensions)."""
    from .reduce import sum as _sum
    if mode not in ("instance", "channel", "spatial"):
        raise MXNetError(f"Invalid Input: '{mode}', valid values are: {{'channel', 'instance', "
                         f"'spatial'}}, in operator L2Normalization(name=\"\", mode=\"{mode}\")")
    _norm_float_only(np.dtype(data.dtype))
    if mode != "instance" and data.ndim < 3:
        raise MXNetError(f"Check failed: dshape.ndim() >= 3 ({data.ndim} vs. 3) : At lease 3 "
                         f"dimensions required in {mode} mode")
    axes = {"instance": tuple(range(1, data.ndim)), "channel": (1,),
            "spatial": tuple(range(2, data.ndim))}[mode]
    sq = square(data)
    ss = _sum(sq, axis=axes, keepdims=True) if axes else sq
    r = data / sqrt(ss + float(eps))
    if out is not None:
        out[:] = r
        return out
    return r


@primitive(lambda g, x, y, nsize: _channel_window_sum(g, nsize=nsize))
def _channel_window_sum(xp, data, nsize):
    """Sum over the channel window [c - h, c + h], h = (nsize-1)//2 (axis 1, zero padded;
    MXNet's window, verified for even nsize too). Symmetric, so the op is its own adjoint."""
    h = (nsize - 1) // 2
    c = data.shape[1]
    cs = xp.cumsum(data, axis=1, dtype=data.dtype)
    pad = xp.zeros(data.shape[:1] + (1,) + data.shape[2:], dtype=data.dtype)
    cs = xp.concatenate([pad, cs], axis=1)
    hi = np.minimum(np.arange(c) + h + 1, c)
    lo = np.maximum(np.arange(c) - h, 0)
    return xp.take(cs, hi, axis=1) - xp.take(cs, lo, axis=1)


_C_TYPE = {"int32": "int", "int64": "long int", "uint8": "unsigned char", "int8": "signed char"}


def LRN(data=None, alpha=1e-4, beta=0.75, knorm=2.0, nsize=None, out=None, name=None, **kwargs):
    """Local response normalization across channels:
    ``x / (knorm + alpha/nsize * sum_{window} x^2) ** beta``, the window being the
    ``2*((nsize-1)//2)+1`` channels centred on each channel (axis 1)."""
    if nsize is None:
        raise MXNetError('Required parameter nsize of int (non-negative) is not presented, in '
                         'operator LRN(name="")')
    if not isinstance(data, NDArray):
        raise AssertionError(f"Argument data must have NDArray type, but got {data!r}")  # noqa: TRY004 - as MXNet
    if int(nsize) < 1:  # MXNet divides alpha by nsize: zeros for 0, a garbage window below
        raise MXNetError(f"LRN: nsize must be at least 1, got {int(nsize)}")
    if np.dtype(data.dtype).kind != "f":  # MXNet's float kernel reading an integer blob
        raise MXNetError(f"Check failed: mshadow: :DataType<DType>::kFlag == type_flag_: "
                         f"TBlob.get_with_shape: data type do not match specified type."
                         f"Expected: {_C_TYPE.get(np.dtype(data.dtype).name, 'int')} v.s. "
                         f"given float")
    if data.ndim < 2:
        raise MXNetError(f"LRN: data must have a channel axis, got shape {shape_str(data.shape)}")
    if data.ndim > 2 and data.ndim != 4:  # MXNet's kernel is 4-D (NCHW); 2-D also runs
        raise MXNetError(f"Check failed: dim == ndim() (4 vs. {data.ndim}) : dimension do not "
                         f"match target dimension 4 vs {data.ndim}")
    s = _channel_window_sum(square(data), nsize=int(nsize))
    r = data * (s * (float(alpha) / int(nsize)) + float(knorm)) ** (-float(beta))
    if out is not None:
        out[:] = r
        return out
    return r
