"""Pooling (max/avg/sum/lp, 1-D/2-D/3-D, valid/full/same conventions) and ROIPooling.

Max pooling records the kernel offset of each window's first maximum (as MXNet, ties go to
the first element); its gradient is a scatter to those positions, whose own gradient is the
gather back (`_pool_max_scatter`/`_pool_max_gather` are each other's adjoint, likewise
`_scatter_flat`/`_gather_flat` for ROIPooling), so every order works.
Sum/avg pooling is a linear map whose adjoint (`_pool_sum_T`) spreads values back over the
windows; lp pooling composes sum pooling with powers.
"""
import math

import numpy as np

from .. import autograd as _ag
from ..base import MXNetError, _Null, memo_plan, shape_str
from . import pool_kernels as K
from .ndarray import _wrap
from .register import primitive

__all__ = ["Pooling", "ROIPooling"]

_state = _ag._state
_POOL_TYPES = ("avg", "lp", "max", "sum")
_CONVENTIONS = ("full", "same", "valid")
_CHANNEL_LAST = {"NWC": 1, "NHWC": 2, "NDHWC": 3}
_CHANNEL_FIRST = {"NCW": 1, "NCHW": 2, "NCDHW": 3}
_LAYOUT_PAIRS = {1: ("NCW", "NWC"), 2: ("NCHW", "NHWC"), 3: ("NCDHW", "NDHWC")}


# ------------------------------------------------------------------- gather / scatter
@primitive(lambda g, x, idx, y: _scatter_flat(g, idx, shape=x.shape), None)
def _gather_flat(xp, data, index):
    """data.ravel()[index] (0 where index < 0)."""
    return K.gather_flat(xp, data, index)


@primitive(lambda g, gy, idx, y, shape, unique: _gather_flat(g, idx), None)
def _scatter_flat(xp, data, index, shape=(), unique=False):
    """An array of `shape` holding data summed at the flat positions index (< 0: dropped)."""
    return K.scatter_flat(xp, data, index, tuple(shape), unique)


# ----------------------------------------------------------------------------- max
def _max_grad(g, x, y, kernel, stride, pad, out_spatial):
    return _pool_max_scatter(g[0], y[1], in_spatial=x.shape[2:], kernel=kernel, stride=stride,
                             pad=pad, out_spatial=out_spatial)


@primitive(_max_grad, visible=1)
def _pool_max(xp, data, kernel=(), stride=(), pad=(), out_spatial=()):
    """Max over windows; also returns each window's argmax offset (hidden, for the gradient)."""
    return K.pool_max(xp, data, kernel, stride, pad, out_spatial, want_index=_state.recording)


@primitive(lambda g, gy, arg, y, in_spatial, **a: _pool_max_gather(g, arg, **a), None)
def _pool_max_scatter(xp, ograd, arg, kernel=(), stride=(), pad=(), out_spatial=(),
                      in_spatial=()):
    """Gradient of max pooling (ograd sent to the recorded argmax of each window)."""
    return K.pool_max_scatter(xp, ograd, arg, tuple(in_spatial), kernel, stride, pad)


@primitive(lambda g, h, arg, y, **a: _pool_max_scatter(g, arg, in_spatial=h.shape[2:], **a), None)
def _pool_max_gather(xp, data, arg, kernel=(), stride=(), pad=(), out_spatial=()):
    """Adjoint of _pool_max_scatter: data read at the recorded argmax of each window."""
    return K.pool_max_gather(xp, data, arg, kernel, stride, pad, out_spatial)


# ------------------------------------------------------------------------- sum/avg
_COUNTS = {}  # NumPy divisor arrays by geometry and dtype (read-only once made)


def _count(xp, shape, kernel, stride, pad, out_spatial, count_include_pad, dtype):
    """Average pooling's divisor per output position (inf for empty windows)."""
    if xp is not np:
        return K.pool_count(xp, shape, kernel, stride, pad, out_spatial, count_include_pad,
                            dtype)
    key = (tuple(shape), tuple(kernel), tuple(stride), tuple(pad), tuple(out_spatial),
           count_include_pad, np.dtype(dtype))
    count = _COUNTS.get(key)
    if count is None:
        count = K.pool_count(xp, shape, kernel, stride, pad, out_spatial, count_include_pad,
                             dtype)
        count.flags.writeable = False
        if len(_COUNTS) >= 256:
            _COUNTS.clear()
        _COUNTS[key] = count
    return count


@primitive(lambda g, x, y, **a: _pool_sum_T(g, in_spatial=x.shape[2:], **a))
def _pool_sum(xp, data, kernel=(), stride=(), pad=(), out_spatial=(), avg=False,
              count_include_pad=True):
    """Sum (or average, avg=True) over windows with zero padding."""
    y = K.pool_sum(xp, data, kernel, stride, pad, out_spatial)
    if avg:
        y /= _count(xp, data.shape[2:], kernel, stride, pad, out_spatial, count_include_pad,
                    y.dtype)
    return y


@primitive(lambda g, gy, y, in_spatial, **a: _pool_sum(g, **a))
def _pool_sum_T(xp, data, kernel=(), stride=(), pad=(), out_spatial=(), avg=False,
                count_include_pad=True, in_spatial=()):
    """Adjoint of _pool_sum: each output value spread (scaled) back over its window."""
    if avg:
        data = data / _count(xp, in_spatial, kernel, stride, pad, out_spatial,
                             count_include_pad, data.dtype)
    return K.pool_sum_T(xp, data, tuple(in_spatial), kernel, stride, pad)


def _lp(data, p, **geo):
    """(sum x^p)^(1/p) over windows; odd integer p keeps the sign (a real root), as MXNet."""
    from .unary import sqrt, sign, abs as _abs
    if p == 1:
        return _pool_sum(data, **geo)
    if p == 2:
        return sqrt(_pool_sum(data * data, **geo))
    s = _pool_sum(data ** p, **geo)
    if float(p).is_integer() and int(p) % 2 == 1:
        return sign(s) * _abs(s) ** (1.0 / p)
    return s ** (1.0 / p)


# --------------------------------------------------------------------------- public
def _given(v):
    return v is not None and v is not _Null


def _tuple(v):
    if not _given(v):
        return ()
    if isinstance(v, (int, np.integer)):
        return (int(v),)
    return tuple(int(i) for i in v)


def _to_channel_first(data, n):
    from .shape import transpose
    return transpose(data, axes=(0, n + 1) + tuple(range(1, n + 1)))


def _to_channel_last(data, n):
    from .shape import transpose
    return transpose(data, axes=(0,) + tuple(range(2, n + 2)) + (1,))


def Pooling(data=None, kernel=(), pool_type="max", global_pool=False, cudnn_off=False,
            pooling_convention="valid", stride=(), pad=(), p_value=None, count_include_pad=None,
            layout=None, out=None, name=None, **kwargs):
    """Performs pooling on the input.

    ``max``, ``avg``, ``sum`` and ``lp`` (``(sum x^p)^(1/p)``) pooling over 1-D, 2-D or 3-D
    windows. The output size is ``floor((x + 2p - k) / s) + 1`` for
    ``pooling_convention='valid'`` and ``ceil(...) + 1`` for ``'full'`` (windows running past
    the padded input are clipped); ``'same'`` (1-D max only) gives ``ceil(x / s)``.

    Parameters
    ----------
    data : NDArray
        Input (batch, channel, *spatial).
    kernel : tuple of int
        Pooling kernel size: (x,), (y, x) or (d, y, x). Ignored with global_pool.
    pool_type : {'max', 'avg', 'sum', 'lp'}, optional
        Pooling type (default 'max').
    global_pool : bool, optional
        Pool over the whole spatial extent (kernel, stride and pad are ignored).
    cudnn_off : bool, optional
        Ignored.
    pooling_convention : {'valid', 'full', 'same'}, optional
        Output size convention (default 'valid').
    stride : tuple of int, optional
        Stride per spatial dim. **Default 1 (not the kernel).**
    pad : tuple of int, optional
        Padding per spatial dim (default 0); max pooling pads with -inf, the others with 0.
    p_value : int, optional
        The p of lp pooling (required for pool_type='lp').
    count_include_pad : bool, optional
        Whether avg pooling counts the padding in the divisor (default True).
    layout : str, optional
        NCW/NCHW/NCDHW (default) or channel-last NWC/NHWC/NDHWC.

    Returns
    -------
    NDArray
        The pooled array, in the input layout.
    """
    n, channel_last, geo, extra = memo_plan(_PLANS, _plan_key, _plan, (
        data, kernel, pool_type, global_pool, pooling_convention, stride, pad, p_value,
        count_include_pad, layout))
    x = _to_channel_first(data, n) if channel_last else data
    if pool_type == "max":
        y = _pool_max(x, **geo)
    elif pool_type == "lp":
        y = _lp(x, extra, **geo)
    else:
        y = _pool_sum(x, **extra, **geo)
    if channel_last:
        y = _to_channel_last(y, n)
    if out is not None:
        out[:] = y
        return out
    return y


# Validated geometry per (input shape, dtype, parameters): re-checking the parameters on every
# call costs ~10 us of Python, as much as pooling a small feature map.
_PLANS = {}


def _plan_key(data, *params):
    return (data.shape, data.dtype) + params


def _plan(data, kernel, pool_type, global_pool, pooling_convention, stride, pad, p_value,
          count_include_pad, layout):
    """(n, channel_last, geometry kwargs, lp's p or sum's kwargs) after checking everything."""
    if pool_type not in _POOL_TYPES:
        raise MXNetError(f"Invalid Input: '{pool_type}', valid values are: "
                         "{'avg', 'lp', 'max', 'sum'}")
    if pooling_convention not in _CONVENTIONS:
        raise MXNetError(f"Invalid Input: '{pooling_convention}', valid values are: "
                         "{'full', 'same', 'valid'}")
    if data.ndim < 3 or data.ndim > 5:
        cond = f">= 3 ({data.ndim} vs. 3)" if data.ndim < 3 else f"<= 5 ({data.ndim} vs. 5)"
        raise MXNetError(f"Pooling: Check failed: dshape.ndim() {cond} : Input data should be  "
                         f"3D in (batch, channel, x) Or 4D in (batch, channel, y, x)  Or 5D in "
                         f"(batch, channel, d, y, x)")
    n = data.ndim - 2
    if _given(layout) and layout not in _CHANNEL_FIRST and layout not in _CHANNEL_LAST:
        raise MXNetError(f"Invalid Input: '{layout}', valid values are: {{None, 'NCDHW', "
                         "'NCHW', 'NCW', 'NDHWC', 'NHWC', 'NWC'}")
    if _given(layout) and ({**_CHANNEL_FIRST, **_CHANNEL_LAST}[layout] != n):
        first, last = _LAYOUT_PAIRS[n]
        raise MXNetError(f"Check failed: layout == mshadow::k{first} || layout == "
                         f"mshadow::k{last}: Need {n}D layout")
    if np.dtype(data.dtype).kind != "f":
        raise MXNetError(f"This operation only support floating point types, not "
                         f"{np.dtype(data.dtype).name}")
    channel_last = _given(layout) and layout in _CHANNEL_LAST
    S = (data.shape[1:n + 1] if channel_last else data.shape[2:])
    if pooling_convention == "same" and any(_tuple(pad)):  # even with global_pool
        raise MXNetError("Check failed: param.pad[0] == 0 && param.pad[1] == 0 && "
                         "param.pad[2] == 0: Same pooling convention disables the use of pad "
                         "parameter.")
    if global_pool:
        k, s, p = tuple(S), (1,) * n, (0,) * n
    else:
        k = _tuple(kernel)
        if not k:
            raise MXNetError(f"Check failed: param.kernel.ndim() == {n}U (0 vs. {n}) : "
                             "0D pooling not supported (give a kernel or global_pool=True)")
        if len(k) != n:
            what = {1: "3D in (batch, channel, x)", 2: "4D in (batch, channel, y, x)",
                    3: "5D in (batch, channel, d, y, x)"}[len(k)] if len(k) <= 3 else "?"
            raise MXNetError(f"Pooling: Check failed: dshape.ndim() == {len(k) + 2}U "
                             f"({data.ndim} vs. {len(k) + 2}) : Input data should be {what}")
        s = _tuple(stride) or (1,) * n
        p = _tuple(pad) or (0,) * n
        for t in (s, p):  # MXNet reads the first n entries (extra ones are ignored)
            if len(t) < n:
                raise MXNetError(f"Check failed: i >= 0 && i < ndim(): index = {len(t)} must "
                                 f"be in range [0, {len(t)})")
        s, p = s[:n], p[:n]
        if any(i <= 0 for i in s):
            raise MXNetError(f"value {shape_str(s)}for Parameter stride is invalid, the input "
                             "shape must be nonzero in all dimensions")
        if any(i <= 0 for i in k):
            raise MXNetError(f"value {shape_str(k)}for Parameter kernel is invalid, the input "
                             "shape must be nonzero in all dimensions")
        if pooling_convention == "same" and (n != 1 or pool_type != "max"):
            raise MXNetError(f"Pooling: Check failed: dshape.ndim() == 3U ({data.ndim} vs. 3) : "
                             "Input data should be 3D in (batch, channel, x). Currently 'same' "
                             "supports Max Pooling 1-D")
        for i in range(n):
            if k[i] > S[i] + 2 * p[i]:
                raise MXNetError(f"Check failed: param.kernel[{i}] <= dshape_nchw[{i + 2}] + 2 * "
                                 f"param.pad[{i}]: kernel size ({k[i]}) exceeds input ({S[i]} "
                                 f"padded to {S[i] + 2 * p[i]})")
    conv = "valid" if global_pool else pooling_convention
    p, o = K.pool_geometry(S, k, s, p, conv)
    geo = dict(kernel=k, stride=s, pad=p, out_spatial=o)
    extra = None
    if pool_type == "lp":
        if not _given(p_value):
            raise MXNetError("Check failed: param.p_value.has_value(): ")
        if p_value != int(p_value):
            raise MXNetError(f"Invalid Parameter format for p_value expect int or None but "
                             f"value='{p_value}'")
        if int(p_value) not in (1, 2, 3):
            raise MXNetError(f"p value of {int(p_value)} is not supported yet...")
        extra = int(p_value)
    elif pool_type != "max":
        cip = True if not _given(count_include_pad) else bool(count_include_pad)
        extra = dict(avg=pool_type == "avg", count_include_pad=cip)
    return n, channel_last, geo, extra


# ------------------------------------------------------------------------ ROIPooling
def _c_round(v):
    return np.sign(v) * np.floor(np.abs(v) + 0.5)


def _roi_index(x, rois, ph, pw, scale):
    """Flat index into x of each (roi, channel, bin)'s first maximum (-1 for empty bins)."""
    N, C, H, W = x.shape
    R = rois.shape[0]
    idx = np.full((R, C, ph, pw), -1, dtype=np.int64)
    chan = np.arange(C, dtype=np.int64) * (H * W)
    for r in range(R):
        b = int(rois[r, 0])
        if b < 0 or b >= N:
            continue
        x1, y1, x2, y2 = (int(v) for v in _c_round(np.asarray(rois[r, 1:5], np.float64) * scale))
        rh, rw = max(y2 - y1 + 1, 1), max(x2 - x1 + 1, 1)
        bh, bw = rh / ph, rw / pw
        for i in range(ph):
            hs = min(max(math.floor(i * bh) + y1, 0), H)
            he = min(max(math.ceil((i + 1) * bh) + y1, 0), H)
            for j in range(pw):
                ws = min(max(math.floor(j * bw) + x1, 0), W)
                we = min(max(math.ceil((j + 1) * bw) + x1, 0), W)
                if he <= hs or we <= ws:
                    continue
                a = x[b, :, hs:he, ws:we].reshape(C, -1).argmax(axis=1)
                row, col = hs + a // (we - ws), ws + a % (we - ws)
                idx[r, :, i, j] = b * C * H * W + chan + row * W + col
    return idx


def ROIPooling(data=None, rois=None, pooled_size=None, spatial_scale=None, out=None, name=None):
    """Performs region of interest (ROI) max pooling on the input array.

    Each ROI ``[batch_index, x1, y1, x2, y2]`` (in input-image coordinates, scaled by
    `spatial_scale` and rounded) is divided into ``pooled_size`` bins; each bin outputs the
    maximum of its cells (0 for an empty bin).

    Parameters
    ----------
    data : NDArray
        Feature map (N, C, H, W).
    rois : NDArray
        Regions (R, 5).
    pooled_size : tuple of int
        (pooled_height, pooled_width).
    spatial_scale : float
        Ratio of the feature map to the input image (e.g. 1/16).

    Returns
    -------
    NDArray
        (R, C, pooled_height, pooled_width).
    """
    ps = _tuple(pooled_size)
    if not ps:
        raise MXNetError("Required parameter pooled_size of Shape(tuple) is not presented, in "
                         "operator ROIPooling")
    if len(ps) != 2:
        raise MXNetError(f"ROIPooling: pooled_size must be (height, width), got {pooled_size!r}")
    if not _given(spatial_scale):
        raise MXNetError("Required parameter spatial_scale of float is not presented, in "
                         "operator ROIPooling")
    if data.ndim != 4:
        raise MXNetError(f"Check failed: dshape.ndim() == 4U ({data.ndim} vs. 4) : data should "
                         "be a 4D tensor")
    if rois.ndim != 2:
        raise MXNetError(f"Check failed: bshape.ndim() == 2U ({rois.ndim} vs. 2) : bbox should "
                         f"be a 2D tensor of shape [batch, 5]")
    if rois.shape[1] != 5:
        raise MXNetError(f"Check failed: bshape[1] == 5U ({rois.shape[1]} vs. 5) : bbox should "
                         f"be a 2D tensor of shape [batch, 5]")
    xp = data._ctx.xp
    idx = _roi_index(np.asarray(data.asnumpy()), np.asarray(rois.asnumpy()), ps[0], ps[1],
                     float(spatial_scale))
    res = _gather_flat(data, _wrap(xp.asarray(idx), data._ctx))
    if out is not None:
        out[:] = res
        return out
    return res
