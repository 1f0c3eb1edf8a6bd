"""Convolution and Deconvolution (NCW/NCHW/NCDHW), plus re-exports of im2col/col2im
(conv_rows.py) and of the pooling and spatial-sampling ops (pooling.py, spatial.py).

Speed: the forward is im2col on a strided view + one batched GEMM (conv_kernels.py). The
three primitives below are the three faces of one trilinear form <conv(x, w), g>:

    _convolution(x, w)            -> y     grads: _conv_backward_data, _conv_backward_weight
    _conv_backward_data(g, w)     -> dx    grads: _convolution, _conv_backward_weight
    _conv_backward_weight(x, g)   -> dw    grads: _conv_backward_data, _convolution

so every derivative of a convolution is again a convolution and gradients of any order work.
"""
import numpy as np

from .. import autograd as _ag
from ..base import MXNetError, _Null, memo_plan, shape_str
from . import conv_kernels as K
from .ndarray import _wrap
from .register import primitive
from .reduce import sum as _sum

_state = _ag._state

__all__ = ["Convolution", "Deconvolution", "im2col", "col2im", "Pooling", "ROIPooling",
           "UpSampling", "GridGenerator", "BilinearSampler", "SpatialTransformer"]

_DTYPE_FLAG = {np.dtype(np.float32): 0, np.dtype(np.float64): 1, np.dtype(np.float16): 2}
_FIRST_LAYOUT = {1: "NCW", 2: "NCHW", 3: "NCDHW"}
_LAYOUTS = "{None, 'NCDHW', 'NCHW', 'NCW', 'NDHWC', 'NHWC'}"
_AXIS_NAMES = {1: ("x",), 2: ("y", "x"), 3: ("d", "y", "x")}


def _geo(a):
    return {"stride": a["stride"], "pad": a["pad"], "dilate": a["dilate"],
            "num_group": a["num_group"]}


def _dx_of_conv(g, x, w, *_, **a):
    return _conv_backward_data(g, w, in_spatial=x.shape[2:], **_geo(a))


def _dw_of_conv(g, x, w, *_, **a):
    cache = a.get("cols_cache")
    if cache and not _state.recording:  # plain backward: reuse the forward's columns
        dw = K.conv_backward_weight(x._ctx.xp, x._data, g._data, w.shape[2:], a["stride"],
                                    a["pad"], a["dilate"], a["num_group"], cols=cache[0])
        return _wrap(dw, x._ctx)
    # create_graph: the differentiable primitive (which recomputes the columns)
    return _conv_backward_weight(x, g, kernel=w.shape[2:], **_geo(a))


def _db(g, *args, **a):
    # the batch first (adds of contiguous rows), then the positions: ~2x faster than one
    # reduction over (0, 2, ...) (LeNet: 37 vs 67 us and 19 vs 40 us)
    if not _state.recording:  # plain backward: the same two sums on the raw array
        d = g._data
        dt = d.dtype
        acc = np.float32 if dt == np.float16 else dt
        s = d.sum(axis=0, dtype=acc).astype(dt, copy=False)
        r = s.sum(axis=tuple(range(1, s.ndim)), dtype=acc).astype(dt, copy=False)
        return _wrap(r, g._ctx)
    s = _sum(g, axis=0)
    return _sum(s, axis=tuple(range(1, s.ndim)))


# cols_cache: a per-call list (given by Convolution while recording a weight that needs a
# gradient) in which the forward leaves its im2col columns for the weight gradient; they live
# in pooled buffers that are reused once the graph holding them is gone.
@primitive(_dx_of_conv, _dw_of_conv)
def _convolution(xp, data, weight, stride=(), pad=(), dilate=(), num_group=1, out_spatial=None,
                 cols_cache=None):
    """Cross-correlation of data (N, C, *S) with weight (F, C/num_group, *k), no bias."""
    return K.conv_forward(xp, data, weight, stride, pad, dilate, num_group, out_spatial,
                          keep=cols_cache)


@primitive(_dx_of_conv, _dw_of_conv, _db)
def _convolution_bias(xp, data, weight, bias, stride=(), pad=(), dilate=(), num_group=1,
                      out_spatial=None, cols_cache=None):
    """_convolution plus a per-channel bias, fused (saves a pass and a graph node)."""
    return K.conv_forward(xp, data, weight, stride, pad, dilate, num_group, out_spatial,
                          bias=bias, keep=cols_cache)


@primitive(lambda g, gy, w, y, **a: _convolution(g, w, out_spatial=gy.shape[2:], **_geo(a)),
           lambda g, gy, w, y, **a: _conv_backward_weight(g, gy, kernel=w.shape[2:], **_geo(a)))
def _conv_backward_data(xp, ograd, weight, stride=(), pad=(), dilate=(), num_group=1,
                        in_spatial=()):
    """Gradient of a convolution wrt its data (a transposed convolution) -> (N, C, *in_spatial)."""
    return K.conv_backward_data(xp, ograd, weight, tuple(in_spatial), stride, pad, dilate,
                                num_group)


@primitive(lambda g, x, gy, y, **a: _conv_backward_data(gy, g, in_spatial=x.shape[2:], **_geo(a)),
           lambda g, x, gy, y, **a: _convolution(x, g, out_spatial=gy.shape[2:], **_geo(a)))
def _conv_backward_weight(xp, data, ograd, stride=(), pad=(), dilate=(), num_group=1, kernel=()):
    """Gradient of a convolution wrt its weight -> (F, C/num_group, *kernel)."""
    return K.conv_backward_weight(xp, data, ograd, tuple(kernel), stride, pad, dilate, num_group)


@primitive(lambda g, x, b, y: g, _db)
def _channel_bias(xp, data, bias):
    """data + bias broadcast along axis 1."""
    return data + bias.reshape((1, -1) + (1,) * (data.ndim - 2))


# --------------------------------------------------------------------------- checking
def _given(v):
    return v is not None and v is not _Null


def _as_tuple(v):
    if not _given(v):
        return ()
    if isinstance(v, (int, np.integer)):
        return (int(v),)
    return tuple(int(i) for i in v)


def _opstr(op, params):
    inner = ", ".join(f'{k}="{v}"' for k, v in params.items() if _given(v) and v != ())
    return f"in operator {op}({inner})"


_PARAMS = {}  # (op, kernel, stride, dilate, pad) -> _spatial_params' result (valid ones)


def _spatial_params(op, kernel, stride, dilate, pad):
    """Normalises kernel/stride/dilate/pad to tuples of the kernel's length (MXNet's checks);
    results for hashable arguments are remembered (saves ~5 us a call)."""
    try:
        key = (op, kernel, stride, dilate, pad)
        r = _PARAMS.get(key)
    except TypeError:  # lists: unhashable
        key = r = None
    if r is None:
        r = _spatial_params_checked(op, kernel, stride, dilate, pad)
        if key is not None and len(_PARAMS) < 1024:
            _PARAMS[key] = r
    return r


def _spatial_params_checked(op, kernel, stride, dilate, pad):
    k = _as_tuple(kernel)
    if not k:
        raise MXNetError(f"Required parameter kernel of Shape(tuple) is not presented, in "
                         f"operator {op}")
    if len(k) > 3:
        raise MXNetError(f"{op}: kernel must be 1-D, 2-D or 3-D, got kernel={list(k)}")
    n = len(k)
    out = []
    for label, name, v, default in (("Stride", "stride", stride, 1),
                                    ("Dilate", "dilate", dilate, 1), ("Padding", "pad", pad, 0)):
        t = _as_tuple(v)
        if not t:
            t = (default,) * n
        if len(t) != n:
            raise MXNetError(
                f"Check failed: param_.kernel.ndim() == param_.{name}.ndim() ({n} vs. {len(t)}) : "
                f"{label} must have the same number of dimensions with kernel_size,but "
                f"kernel_size is set to {shape_str(k)} while {label.lower()} is {shape_str(t)}")
        if name != "pad" and any(i <= 0 for i in t):
            raise MXNetError(f"Check failed: param_.{name}.Size() > 0U (0 vs. 0) : incorrect "
                             f"{name} size: {shape_str(t)}")
        if name == "pad" and any(i < 0 for i in t):
            raise MXNetError(f"{op}: pad must be non-negative, got {shape_str(t)}")
        out.append(t)
    return (k,) + tuple(out)


_LAYOUT_ENUM = {"NCHW": 0, "NHWC": 1, "NCW": 8, "NWC": 9, "NCDHW": 32, "NDHWC": 33}


def _check_layout(op, layout, n, params):
    if not _given(layout):
        return
    if layout not in ("NCW", "NCHW", "NCDHW", "NHWC", "NDHWC"):
        raise MXNetError(f"Invalid Input: '{layout}', valid values are: {_LAYOUTS}, "
                         + _opstr(op, params))


def _check_layout_data(op, layout, data, n):
    """After the input count: the layout must match the data's rank (MXNet's text names the
    layout by its enum value), and channel-last layouts are GPU-only."""
    if not _given(layout):
        return
    if len(layout) != data.ndim:
        raise MXNetError(f"Invalid layout for {data.ndim}d shape {_LAYOUT_ENUM[layout]}")
    if layout in ("NHWC", "NDHWC"):
        raise MXNetError(f"{op}: layout {layout} is only supported on GPU (cuDNN) in MXNet; "
                         f"use {_FIRST_LAYOUT[n]}")


def _check_data(op, data, n):
    if data.ndim != n + 2:
        what = {1: "3D in batch-num_filter-x", 2: "4D in batch-num_filter-y-x",
                3: "5D in batch-num_filter-depth-y-x"}[n]
        raise MXNetError(f"Check failed: dshp.ndim() == {n + 2}U ({data.ndim} vs. {n + 2}) : "
                         f"Input data should be {what}")
    if np.dtype(data.dtype).kind != "f":
        raise MXNetError(f"This operation only support floating point types, not "
                         f"{np.dtype(data.dtype).name}")


def _check_dtype(data, arrays):
    dt = np.dtype(data.dtype)
    for name, a in arrays:
        if a is not None and np.dtype(a.dtype) != dt:
            raise MXNetError(
                f"Check failed: (*in_type)[i] == dtype ({_DTYPE_FLAG.get(np.dtype(a.dtype), -1)} "
                f"vs. {_DTYPE_FLAG.get(dt, -1)}) : This layer requires uniform type. Expected "
                f"'{dt.name}' v.s. given '{np.dtype(a.dtype).name}' at '{name}'")


def _check_shape(a, expected):
    if tuple(a.shape) != tuple(expected):
        inferred = ",".join(str(int(i)) for i in expected) + ("," if len(expected) == 1 else "")
        raise MXNetError(f"Shape inconsistent, Provided = {shape_str(a.shape)}, inferred "
                         f"shape=({inferred})")


def _check_inputs(op, no_bias, data, weight, bias):
    """MXNet counts the arrays given against the 2 (no_bias) or 3 inputs the op expects."""
    want = 2 if no_bias else 3
    got = (data is not None) + (weight is not None) + (bias is not None)
    if got != want:
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({got} vs. {want}) : "
                         f"Operator {op} expects {want} inputs, but got {got} instead.")
    if data is None or weight is None:
        raise MXNetError(f"Operator {op}: the {'data' if data is None else 'weight'} input is "
                         f"missing")


def _num_group(op, num_group):
    """num_group as an int; at least 1 (MXNet dies of SIGFPE on 0), checked before the weight
    shape, which divides by it."""
    g = int(num_group)
    if g < 1:
        raise MXNetError(f"{op}: num_group must be positive, got {g}")
    return g


def _check_groups(op, num_filter, channels, num_group):
    """MXNet's group checks (run after the weight/bias shape checks)."""
    name = "dshape_nchw[1]" if op == "Deconvolution" else "dshape[1]"
    if channels % num_group:
        raise MXNetError(f"Check failed: {name} % param_.num_group == 0U "
                         f"({channels % num_group} vs. 0) : input num_filter must divide "
                         f"group size")
    if num_filter % num_group:
        raise MXNetError(f"Check failed: param_.num_filter % param_.num_group == 0U "
                         f"({num_filter % num_group} vs. 0) : output num_filter must divide "
                         f"group size")


def _check_num_filter(op, num_filter, params):
    if not _given(num_filter):
        raise MXNetError("Required parameter num_filter of int (non-negative) is not "
                         "presented, " + _opstr(op, params))
    if int(num_filter) < 1:
        raise MXNetError(f"value {num_filter} for Parameter num_filter should be greater equal "
                         f"to 1\nnum_filter: Convolution filter(channel) number, "
                         + _opstr(op, params))
    return int(num_filter)


# --------------------------------------------------------------------------- public ops
_CONV_PLANS = {}


def _conv_key(data, weight, bias, kernel, stride, dilate, pad, num_filter, num_group, no_bias,
              layout):
    return (data.shape, data.dtype, weight.shape, weight.dtype,
            None if bias is None else (bias.shape, bias.dtype), kernel, stride, dilate, pad,
            num_filter, num_group, bool(no_bias), layout)


def _conv_plan(data, weight, bias, kernel, stride, dilate, pad, num_filter, num_group, no_bias,
               layout):
    """Checks Convolution's inputs and parameters (MXNet's errors); returns (stride, pad,
    dilate, num_group) as normalised tuples/int."""
    params = dict(kernel=kernel, stride=stride, dilate=dilate, pad=pad, num_filter=num_filter,
                  num_group=num_group, no_bias=no_bias, layout=layout)
    num_filter = _check_num_filter("Convolution", num_filter, params)
    k, s, d, p = _spatial_params("Convolution", kernel, stride, dilate, pad)
    n = len(k)
    _check_layout("Convolution", layout, n, params)
    _check_inputs("Convolution", bool(no_bias), data, weight, bias)
    _check_data("Convolution", data, n)
    _check_layout_data("Convolution", layout, data, n)
    num_group = _num_group("Convolution", num_group)
    C = data.shape[1]
    _check_shape(weight, (num_filter // num_group * num_group, C // num_group) + k)
    S = data.shape[2:]
    for i in range(n):
        dk = d[i] * (k[i] - 1) + 1
        if dk > S[i] + 2 * p[i]:
            raise MXNetError(
                f"Check failed: dilated_ksize_{_AXIS_NAMES[n][i]} <= AddPad(dshape[{i + 2}], "
                f"param_.pad[{i}]) ({dk} vs. {S[i] + 2 * p[i]}) : kernel size exceed input")
    if bias is not None:
        _check_shape(bias, (num_filter,))
    _check_groups("Convolution", num_filter, C, num_group)
    _check_dtype(data, (("weight", weight), ("bias", bias)))
    return s, p, d, num_group


def Convolution(data=None, weight=None, bias=None, kernel=None, stride=(), dilate=(), pad=(),
                num_filter=None, num_group=1, workspace=1024, no_bias=False, cudnn_tune=None,
                cudnn_off=False, layout=None, out=None, name=None, **kwargs):
    """Compute *N*-D convolution on *(N+2)*-D input.

    Cross-correlation (no kernel flip), as MXNet: ``out[n, f] = bias[f] + sum_c
    weight[f, c] * data[n, c]`` over each window. 1-D (NCW), 2-D (NCHW) and 3-D (NCDHW).

    Parameters
    ----------
    data : NDArray
        Input data (batch, channel, *spatial).
    weight : NDArray
        Weights (num_filter, channel / num_group, *kernel).
    bias : NDArray, optional
        Bias (num_filter,); required unless ``no_bias=True``.
    kernel : tuple of int
        Convolution kernel size: (w,), (h, w) or (d, h, w).
    stride, dilate : tuple of int, optional
        Stride and dilation per spatial dim (default 1).
    pad : tuple of int, optional
        Zero padding per spatial dim (default 0).
    num_filter : int
        Number of output channels.
    num_group : int, optional
        Number of groups partitioning the channels (default 1).
    no_bias : bool, optional
        Whether to disable the bias (default False).
    workspace, cudnn_tune, cudnn_off : ignored (accepted for compatibility).
    layout : str, optional
        None or NCW/NCHW/NCDHW (channel-last layouts are GPU-only in MXNet).

    Returns
    -------
    NDArray
        (batch, num_filter, *out) with ``out = floor((x + 2p - d(k-1) - 1) / s) + 1``.
    """
    bias = bias if _given(bias) else None
    # validated geometry per (shapes, dtypes, parameters): the checks cost ~8 us a call
    s, p, d, num_group = memo_plan(_CONV_PLANS, _conv_key, _conv_plan, (
        data, weight, bias, kernel, stride, dilate, pad, num_filter, num_group, no_bias, layout))
    geo = dict(stride=s, pad=p, dilate=d, num_group=num_group)
    if _state.recording and weight._node is not None:
        geo["cols_cache"] = []
    if out is not None:
        geo["out"] = out
    if bias is None:
        return _convolution(data, weight, **geo)
    return _convolution_bias(data, weight, bias, **geo)


def _deconv_geometry(x, k, s, p, d, adj, target_shape):
    """(pad, out size) of a deconvolution; target_shape (non-zero entries) overrides pad/adj."""
    n = len(k)
    t = _as_tuple(target_shape)
    pads, outs, adjs = [], [], []
    for i in range(n):
        dk = d[i] * (k[i] - 1) + 1
        full = s[i] * (x[i] - 1) + dk
        if t and t[i] != 0:
            if full < t[i]:
                raise MXNetError(f"Check failed: o_pad[i] >= target_shape[i] ({full} vs. "
                                 f"{t[i]}) : too big target shape")
            total = full - t[i]
            a, pi = total % 2, (total + 1) // 2
        else:
            a, pi = adj[i], p[i]
        if s[i] - 1 < a:
            raise MXNetError(f"Check failed: param_.stride[{i}]-1 >= o_adj[{i}] ({s[i] - 1} vs. "
                             f"{a}) : adj({_AXIS_NAMES[n][i]}) must be samller than stride[{i}]")
        o = full - 2 * pi + a
        if o == -1:
            raise MXNetError("Check failed: dim_size_is_known(*it): Shape dim size cannot be a "
                             "negative value -1")
        if o < -1:
            raise MXNetError(f"Check failed: dim_size >= -1 ({o} vs. -1) : shape dim size must "
                             f"be >= -1, while received {o}")
        pads.append(pi)
        outs.append(o)
        adjs.append(a)
    return tuple(pads), tuple(outs)


def Deconvolution(data=None, weight=None, bias=None, kernel=None, stride=(), dilate=(), pad=(),
                  adj=(), target_shape=(), num_filter=None, num_group=1, workspace=512,
                  no_bias=True, cudnn_tune=None, cudnn_off=False, layout=None, out=None,
                  name=None, **kwargs):
    """Computes 1-D, 2-D or 3-D transposed convolution (aka fractionally strided convolution)
    of the input tensor: the gradient of Convolution with respect to its data.

    Parameters
    ----------
    data : NDArray
        Input (batch, in_channels, *spatial).
    weight : NDArray
        Weights (in_channels, num_filter / num_group, *kernel).
    bias : NDArray, optional
        Bias (num_filter,), used only when ``no_bias=False``.
    kernel : tuple of int
        Deconvolution kernel size.
    stride, dilate, pad : tuple of int, optional
        As for Convolution (defaults 1, 1, 0).
    adj : tuple of int, optional
        Extra size added to the end of each output dim (must be smaller than the stride).
    target_shape : tuple of int, optional
        Output spatial shape; when set, pad and adj are computed from it.
    num_filter : int
        Number of output channels.
    num_group : int, optional
        Number of groups (default 1).
    no_bias : bool, optional
        Whether to disable the bias. **Default True.**

    Returns
    -------
    NDArray
        (batch, num_filter, *out) with ``out = (x - 1) s - 2p + d(k-1) + 1 + adj``.
    """
    params = dict(kernel=kernel, stride=stride, dilate=dilate, pad=pad, adj=adj,
                  target_shape=target_shape, num_filter=num_filter, num_group=num_group,
                  no_bias=no_bias, layout=layout)
    num_filter = _check_num_filter("Deconvolution", num_filter, params)
    k, s, d, p = _spatial_params("Deconvolution", kernel, stride, dilate, pad)
    n = len(k)
    a = _as_tuple(adj) or (0,) * n
    if len(a) != n:
        raise MXNetError(f"Check failed: param_.kernel.ndim() == param_.adj.ndim() ({n} vs. "
                         f"{len(a)}) : Adjustment must have the same number of dimensions with "
                         f"kernel_size,but kernel_size is set to {shape_str(k)} while adjustment "
                         f"is {shape_str(a)}")
    _check_layout("Deconvolution", layout, n, params)
    bias = bias if _given(bias) else None
    _check_inputs("Deconvolution", bool(no_bias), data, weight, bias)
    _check_data("Deconvolution", data, n)
    _check_layout_data("Deconvolution", layout, data, n)
    num_group = _num_group("Deconvolution", num_group)
    C = data.shape[1]
    _check_shape(weight, (C, num_filter // num_group) + k)
    if bias is not None:
        _check_shape(bias, (num_filter,))
    _check_groups("Deconvolution", num_filter, C, num_group)
    _check_dtype(data, (("weight", weight), ("bias", bias)))
    p, o = _deconv_geometry(data.shape[2:], k, s, p, d, a, target_shape)
    geo = dict(stride=s, pad=p, dilate=d, num_group=num_group)
    if bias is None:
        return _conv_backward_data(data, weight, in_spatial=o, out=out, **geo)
    return _channel_bias(_conv_backward_data(data, weight, in_spatial=o, **geo), bias, out=out)


from .conv_rows import im2col, col2im  # noqa: E402 - re-exported through this module
from .pooling import Pooling, ROIPooling  # noqa: E402 - re-exported through this module
from .spatial import (UpSampling, GridGenerator, BilinearSampler,  # noqa: E402
                      SpatialTransformer)
