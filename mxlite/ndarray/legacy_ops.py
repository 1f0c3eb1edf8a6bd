"""MXNet's deprecated/legacy layers: BatchNorm_v1, Convolution_v1, Pooling_v1, Crop,
Correlation (FlowNet) and IdentityAttachKLSparseReg.

All but IdentityAttachKLSparseReg are compositions of differentiable ops (gradients of every
order for free). MXNet 1.9.1's ``nd`` API cannot pass the auxiliary states of BatchNorm_v1
and IdentityAttachKLSparseReg (the call fails with "expects 5 inputs"); here they are optional
keyword arrays (``moving_mean``/``moving_var``, ``moving_avg``), fresh zeros when omitted.
"""
import math

import numpy as np

from .. import autograd as _ag
from ..base import MXNetError, shape_str
from .ndarray import NDArray, _wrap
from .register import primitive, _depend
from .conv import Convolution
from .pooling import Pooling
from .index_ops import slice as _slice
from .shape_ext import pad as _pad, concat as _concat
from .reduce import mean as _mean, sum as _sum
from .unary import sqrt as _sqrt, abs as _abs, zeros_like as _zeros_like

__all__ = ["BatchNorm_v1", "Convolution_v1", "Pooling_v1", "Crop", "Correlation",
           "IdentityAttachKLSparseReg"]


def _unknown(opname, kwargs, known):
    if kwargs:
        k = next(iter(kwargs))
        raise MXNetError(f"Cannot find argument '{k}', Possible Arguments: "
                         f"{', '.join(known)}, in operator {opname}")


def _need_nd(pname, v):
    if not isinstance(v, NDArray):
        raise AssertionError(f"Argument {pname} must have NDArray type, but got {v!r}")


# ---------------------------------------------------------------- Convolution_v1
def Convolution_v1(data=None, weight=None, bias=None, kernel=None, stride=(), dilate=(), pad=(),
                   num_filter=None, num_group=1, workspace=1024, no_bias=False,
                   cudnn_tune=None, cudnn_off=False, layout=None, out=None, name=None,
                   **kwargs):
    """This operator is DEPRECATED. Apply convolution to input then add a bias.

    Same parameters and result as :func:`Convolution`, for 2-D (NCHW) and 3-D (NCDHW) data
    only (MXNet: "1D convolution not supported").

    Parameters
    ----------
    data, weight, bias : NDArray
    kernel : Shape(tuple), required
        convolution kernel size: (h, w) or (d, h, w)
    stride, dilate, pad : Shape(tuple), optional
    num_filter : int (non-negative), required
    num_group : int (non-negative), optional, default=1
    workspace, cudnn_tune, cudnn_off : ignored
    no_bias : boolean, optional, default=0
    layout : {None, 'NCDHW', 'NCHW', 'NDHWC', 'NHWC'}, optional
    """
    k = tuple(kernel) if isinstance(kernel, (tuple, list)) else (
        (kernel,) if kernel is not None else ())
    if len(k) == 1:
        raise MXNetError("Check failed: param_.kernel.ndim() == 3U (1 vs. 3) : "
                         "1D convolution not supported")
    return Convolution(data, weight, bias, kernel=kernel, stride=stride, dilate=dilate,
                       pad=pad, num_filter=num_filter, num_group=num_group,
                       workspace=workspace, no_bias=no_bias, cudnn_tune=cudnn_tune,
                       cudnn_off=cudnn_off, layout=layout, out=out, **kwargs)


# ---------------------------------------------------------------- Pooling_v1
def Pooling_v1(data=None, kernel=(), pool_type="max", global_pool=False,
               pooling_convention="valid", stride=(), pad=(), out=None, name=None, **kwargs):
    """This operator is DEPRECATED. Perform pooling on the input.

    As :func:`Pooling` without cudnn_off, p_value, count_include_pad and layout, for 4-D
    and 5-D data (MXNet's CPU build has no 3-D kernel; mxlite has); ``avg`` always divides
    by the full kernel area (padding and, with ``'full'``, the part of the window past the
    input included), and ``max`` pads with zeros, not -inf (as MXNet's legacy op).

    Parameters
    ----------
    data : NDArray
        Input data to the pooling operator.
    kernel : Shape(tuple), optional, default=[]
        pooling kernel size: (y, x) or (d, y, x)
    pool_type : {'avg', 'max', 'sum'}, optional, default='max'
    global_pool : boolean, optional, default=0
    pooling_convention : {'full', 'valid'}, optional, default='valid'
    stride : Shape(tuple), optional, default=[]
    pad : Shape(tuple), optional, default=[]
    """
    _unknown("Pooling_v1", kwargs, ("global_pool", "kernel", "pad", "pool_type",
                                    "pooling_convention", "stride"))
    _need_nd("data", data)
    if pool_type not in ("avg", "max", "sum"):
        raise MXNetError(f"Invalid Input: '{pool_type}', valid values are: "
                         "{'avg', 'max', 'sum'}, in operator Pooling_v1")
    if pooling_convention not in ("full", "valid"):
        raise MXNetError(f"Invalid Input: '{pooling_convention}', valid values are: "
                         "{'full', 'valid'}, in operator Pooling_v1")
    if data.ndim < 4:
        raise MXNetError(f"Pooling: Check failed: dshape.ndim() >= 4 ({data.ndim} vs. 4) : "
                         f"Input data should be 4D in (batch, channel, y, x) Or 5D in (batch, "
                         f"channel, d, y, x)")
    n = data.ndim - 2
    pads = tuple(pad) if isinstance(pad, (tuple, list)) else (pad,) if pad else ()
    if pool_type == "max" and not global_pool and len(pads) >= n and any(pads[:n]):
        # the legacy op pads with zeros (not -inf): a window of negatives and padding gives 0
        data = _pad(data, mode="constant",
                    pad_width=(0, 0, 0, 0) + sum(((int(v), int(v)) for v in pads[:n]), ()))
        pad = ()
    if pool_type != "avg":
        r = Pooling(data, kernel=kernel, pool_type=pool_type, global_pool=global_pool,
                    pooling_convention=pooling_convention, stride=stride, pad=pad)
        if pool_type == "max" and pooling_convention == "full" and not global_pool:
            # a window wholly past the input gives -inf here (Pooling: the dtype's lowest)
            low = np.finfo(r.dtype).min
            empty = r.asnumpy() == low
            if empty.any():
                r = r + _wrap(r._ctx.xp.asarray(np.where(empty, -np.inf, 0).astype(r.dtype)),
                              r._ctx)
    else:
        r = Pooling(data, kernel=kernel, pool_type="sum", global_pool=global_pool,
                    pooling_convention=pooling_convention, stride=stride, pad=pad)
        area = int(np.prod(data.shape[2:] if global_pool else tuple(kernel)))
        r = r / area
    if out is not None:
        out[:] = r
        return out
    return r


# ---------------------------------------------------------------- BatchNorm_v1
def BatchNorm_v1(data=None, gamma=None, beta=None, eps=0.001, momentum=0.9, fix_gamma=True,
                 use_global_stats=False, output_mean_var=False, moving_mean=None,
                 moving_var=None, out=None, name=None, **kwargs):
    """Batch normalization (DEPRECATED), over axis 1::

        out[:,i,...] = (data[:,i,...] - mean[i]) / sqrt(var[i] + eps) * gamma[i] + beta[i]

    In training mode (``autograd.is_training()`` and not `use_global_stats`) the batch mean
    and (biased) variance are used and the moving statistics are updated in place during the
    forward: ``moving = moving * momentum + batch * (1 - momentum)``. Otherwise the moving
    statistics are used. With `fix_gamma` gamma is set to 1 and gets a zero gradient.

    Parameters
    ----------
    data : NDArray
        Input data to batch normalization
    gamma, beta : NDArray, (C,)
    eps : float, optional, default=0.001
    momentum : float, optional, default=0.9
    fix_gamma : boolean, optional, default=1
    use_global_stats : boolean, optional, default=0
    output_mean_var : boolean, optional, default=0
        Also return the mean and the variance (batch or moving ones, as used).
    moving_mean, moving_var : NDArray, (C,), optional (mxlite; MXNet's aux states)
        Default: fresh zeros (as MXNet allocates them).

    Returns
    -------
    out : NDArray, or [out, mean, var] with `output_mean_var`
    """
    _unknown("BatchNorm_v1", kwargs, ("eps", "fix_gamma", "momentum", "output_mean_var",
                                      "use_global_stats"))
    got = sum(a is not None for a in (data, gamma, beta))
    if got != 3:
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({got} vs. 3) : "
                         f"Operator BatchNorm_v1 expects 3 inputs, but got {got} instead.")
    for pname, v in (("data", data), ("gamma", gamma), ("beta", beta)):
        _need_nd(pname, v)
    if data.ndim < 2:
        raise MXNetError(f"BatchNorm_v1: data must have at least 2 dimensions, got "
                         f"{shape_str(data.shape)}")
    c = data.shape[1]
    for pname, v in (("gamma", gamma), ("beta", beta)):
        if v.shape != (c,):
            raise MXNetError(f"Shape inconsistent, Provided = {shape_str(v.shape)}, inferred "
                             f"shape=({c},) for {pname}")
    from .creation import zeros
    if moving_mean is None:
        moving_mean = zeros((c,), ctx=data.context, dtype=data.dtype)
    if moving_var is None:
        moving_var = zeros((c,), ctx=data.context, dtype=data.dtype)
    bshape = (1, c) + (1,) * (data.ndim - 2)
    axes = (0,) + tuple(range(2, data.ndim))
    if fix_gamma:
        gamma._data[...] = 1  # MXNet writes 1 into gamma; its gradient is zero
        g = _zeros_like(gamma) + 1
    else:
        g = gamma
    if _ag.is_training() and not use_global_stats:
        mean = _mean(data, axis=axes)
        xc = data - mean.reshape(bshape)
        var = _mean(xc * xc, axis=axes)
        mom = momentum
        mm, mv = moving_mean._data, moving_var._data
        mm[...] = mm * mom + mean._data * (1 - mom)
        mv[...] = mv * mom + var._data * (1 - mom)
    else:
        mean, var = moving_mean.copy(), moving_var.copy()
        xc = data - mean.reshape(bshape)
    res = xc / _sqrt(var + eps).reshape(bshape) * g.reshape(bshape) + beta.reshape(bshape)
    outs = [res, mean, var] if output_mean_var else [res]
    if out is not None:
        targets = out if isinstance(out, (list, tuple)) else [out]
        for t, o in zip(targets, outs):
            t[:] = o
        return out
    return outs if output_mean_var else res


# ---------------------------------------------------------------- Crop
def Crop(*data, offset=(0, 0), h_w=(0, 0), center_crop=False, num_args=None, out=None,
         name=None, **kwargs):
    """Crop the 2nd and 3rd dim of input data (DEPRECATED: use `slice`).

    With one input the crop size is `h_w`; with two, the second input's height and width
    (``crop_like``; it receives a zero gradient).

    Parameters
    ----------
    data : NDArray or NDArray[]
        4-D data (batch, channel, y, x), optionally followed by the crop_like reference.
    offset : Shape(tuple), optional, default=[0,0]
        crop offset coordinate: (y, x)
    h_w : Shape(tuple), optional, default=[0,0]
        crop height and width: (h, w)
    center_crop : boolean, optional, default=0
        If set to true, crop the center (offset is ignored).
    num_args : int, number of inputs (1 or 2; inferred when omitted)
    """
    _unknown("Crop", kwargs, ("center_crop", "h_w", "num_args", "offset"))
    n = len(data) if num_args is None else int(num_args)
    if n != len(data) or n not in (1, 2):
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({len(data)} vs. "
                         f"{n}) : Operator Crop expects {n} inputs, but got {len(data)} "
                         f"instead.")
    for a in data:
        _need_nd("data", a)
    x = data[0]
    if x.ndim != 4:
        raise MXNetError(f"Check failed: data_shape.ndim() == 4U ({x.ndim} vs. 4) : Input data "
                         f"should be 4D in batch-num_filter-y-x")
    if n == 2:
        h, w = data[1].shape[2], data[1].shape[3]
    else:
        h, w = (int(v) for v in h_w)
        if h < 1:
            raise MXNetError(f"Check failed: static_cast<int>(param_.h_w[0]) >= 1 ({h} vs. 1) "
                             f": the crop height(h_w[0]) should be larger than 1")
        if w < 1:
            raise MXNetError(f"Check failed: static_cast<int>(param_.h_w[1]) >= 1 ({w} vs. 1) "
                             f": the crop width(h_w[1]) should be larger than 1")
        for i, (k, n, what) in enumerate(((h, x.shape[2], "height"), (w, x.shape[3], "width"))):
            if k > n:
                raise MXNetError(f"Check failed: static_cast<int>(param_.h_w[{i}]) <= static_cast"
                                 f"<int>(data_shape[{i + 2}]) ({k} vs. {n}) : the crop {what}"
                                 f"(h_w[{i}]) should be less than the input data's {what}")
    H, W = x.shape[2], x.shape[3]
    if H < h:
        raise MXNetError(f"Check failed: data_shape[2] >= out_shape[2] ({H} vs. {h}) : "
                         f"data_shape'height should be larger than that of out_shape")
    if W < w:
        raise MXNetError(f"Check failed: data_shape[3] >= out_shape[3] ({W} vs. {w}) : "
                         f"data_shape'weight should be larger than that of out_shape")
    if center_crop:
        oy, ox = (H - h) // 2, (W - w) // 2
    else:
        oy, ox = (int(v) for v in offset)
        if oy > H - h:
            raise MXNetError(f"Check failed: param_.offset[0] <= data_shape[2]-out_shape[2] "
                             f"({oy} vs. {H - h}) : offset[0] should be less than the residual "
                             f"space of height")
        if ox > W - w:
            raise MXNetError(f"Check failed: param_.offset[1] <= data_shape[3]-out_shape[3] "
                             f"({ox} vs. {W - w}) : offset[1] should be less than the residual "
                             f"space of width")
    r = _slice(x, begin=(None, None, oy, ox), end=(None, None, oy + h, ox + w))
    if n == 2:
        r = _depend(r, data[1])  # crop_like gets a (connected) zero gradient
    if out is not None:
        out[:] = r
        return out
    return r


# ---------------------------------------------------------------- Correlation
def Correlation(data1=None, data2=None, kernel_size=1, max_displacement=1, stride1=1,
                stride2=1, pad_size=0, is_multiply=True, out=None, name=None, **kwargs):
    """Applies correlation to inputs (FlowNet's correlation layer).

    ``out[n, q, i, j] = sum_{o in K x K, c} f1(x_ij + o) * f2(x_ij + d_q + o) / (K*K*C)``
    over the padded maps, where ``x_ij = (i*stride1 + max_displacement, j*stride1 +
    max_displacement)`` and ``d_q`` runs over the ``(2*(max_displacement//stride2)+1)**2``
    displacements (multiples of stride2, row-major, y first). With ``is_multiply=False``
    the product is ``|f1 - f2|``.

    Parameters
    ----------
    data1, data2 : NDArray, (batch, channel, height, width)
    kernel_size : int (non-negative), optional, default=1 (odd)
    max_displacement : int (non-negative), optional, default=1
    stride1 : int (non-negative), optional, default=1
    stride2 : int (non-negative), optional, default=1
    pad_size : int (non-negative), optional, default=0
    is_multiply : boolean, optional, default=1
    """
    _unknown("Correlation", kwargs, ("is_multiply", "kernel_size", "max_displacement",
                                     "pad_size", "stride1", "stride2"))
    _need_nd("data1", data1)
    _need_nd("data2", data2)
    k, d, s1, s2, p = (int(v) for v in (kernel_size, max_displacement, stride1, stride2,
                                         pad_size))
    if k % 2 == 0:
        raise MXNetError(f"Check failed: param_.kernel_size % 2 != 0 ({k % 2} vs. 0) : "
                         f"kernel size should be odd number")
    if data1.ndim != 4 or data1.shape != data2.shape:
        raise MXNetError(f"Correlation: data1 and data2 must be 4-D of one shape, got "
                         f"{shape_str(data1.shape)} and {shape_str(data2.shape)}")
    if s1 < 1 or s2 < 1:
        raise MXNetError("Correlation: stride1 and stride2 must be positive")
    if data1.dtype != data2.dtype:
        raise MXNetError(f"Correlation: data1 is {np.dtype(data1.dtype).name} but data2 is "
                         f"{np.dtype(data2.dtype).name}")
    n, c, hh, ww = data1.shape
    border = d + (k - 1) // 2
    ph, pw = hh + 2 * p, ww + 2 * p
    th = int(math.ceil((ph - 2 * border) / s1))
    tw = int(math.ceil((pw - 2 * border) / s1))
    if th < 1 or tw < 1:
        raise MXNetError("Correlation cannot be done with current settings.Neighborhood and "
                         "kernel don't fit in blob")
    gr = d // s2
    gw = 2 * gr + 1
    if p:
        widths = (0, 0, 0, 0, p, p, p, p)
        a, b = _pad(data1, mode="constant", pad_width=widths), _pad(data2, mode="constant",
                                                                     pad_width=widths)
    else:
        a, b = data1, data2

    def window(src, y0, x0, cache):
        key = (y0, x0)
        if key not in cache:
            cache[key] = _slice(src, begin=(None, None, y0, x0),
                                end=(None, None, y0 + (th - 1) * s1 + 1, x0 + (tw - 1) * s1 + 1),
                                step=(None, None, s1, s1))
        return cache[key]

    ca, cb, chans = {}, {}, []
    for q in range(gw * gw):
        dy, dx = (q // gw - gr) * s2, (q % gw - gr) * s2
        acc = None
        for hy in range(k):
            for wx in range(k):
                fa = window(a, d + hy, d + wx, ca)
                fb = window(b, d + hy + dy, d + wx + dx, cb)
                t = fa * fb if is_multiply else _abs(fa - fb)
                acc = t if acc is None else acc + t
        chans.append(_sum(acc, axis=1, keepdims=True))
    r = _concat(*chans, dim=1) if len(chans) > 1 else chans[0]
    r = r / float(k * k * c)
    if out is not None:
        out[:] = r
        return out
    return r


# ---------------------------------------------------------------- IdentityAttachKLSparseReg
def _kl_grad(g, x, y, sparseness_target, penalty, momentum, moving_avg):
    from .elemwise import broadcast_add
    raw = y._data
    axes = (0,) + tuple(range(2, raw.ndim))
    avg = raw.mean(axis=axes)
    ma = moving_avg._data
    ma[...] = momentum * ma + (1 - momentum) * avg  # updated at each backward, as MXNet
    t = sparseness_target
    pen = penalty * (-t / ma + (1 - t) / (1 - ma))
    shape = (1, raw.shape[1]) + (1,) * (raw.ndim - 2)
    from .ndarray import _wrap
    return broadcast_add(g, _wrap(pen.reshape(shape).astype(raw.dtype), g._ctx))


@primitive(_kl_grad)
def _identity_kl(xp, data, sparseness_target=0.1, penalty=0.001, momentum=0.9,
                 moving_avg=None):
    return data.copy()


def IdentityAttachKLSparseReg(data=None, sparseness_target=0.1, penalty=0.001, momentum=0.9,
                              moving_avg=None, out=None, name=None, **kwargs):
    """Apply a sparse regularization to the output a sigmoid activation function.

    The forward is the identity. The backward adds the gradient of the KL sparseness
    penalty, per channel (axis 1)::

        moving_avg = momentum * moving_avg + (1 - momentum) * mean(out, all axes but 1)
        grad_in = grad_out + penalty * (-sparseness_target / moving_avg
                                        + (1 - sparseness_target) / (1 - moving_avg))

    `moving_avg` is updated in place at each backward (MXNet's auxiliary state; MXNet
    supports only 2-D data, mxlite averages over every axis but 1).

    Parameters
    ----------
    data : NDArray
        Input data.
    sparseness_target : float, optional, default=0.1
        The sparseness target
    penalty : float, optional, default=0.001
        The tradeoff parameter for the sparseness penalty
    momentum : float, optional, default=0.9
        The momentum for running average
    moving_avg : NDArray, (C,), optional (mxlite)
        The running average; default fresh zeros (as MXNet's aux state).
    """
    _unknown("IdentityAttachKLSparseReg", kwargs, ("momentum", "penalty",
                                                   "sparseness_target"))
    _need_nd("data", data)
    if data.ndim < 2:
        raise MXNetError(f"IdentityAttachKLSparseReg: data must have at least 2 dimensions, "
                         f"got {shape_str(data.shape)}")
    c = data.shape[1]
    if moving_avg is None:
        from .creation import zeros
        moving_avg = zeros((c,), ctx=data.context, dtype=data.dtype)
    elif not isinstance(moving_avg, NDArray) or moving_avg.shape != (c,):
        raise MXNetError(f"IdentityAttachKLSparseReg: moving_avg must be an NDArray of shape "
                         f"({c},)")
    return _identity_kl(data, sparseness_target=float(sparseness_target),
                        penalty=float(penalty), momentum=float(momentum),
                        moving_avg=moving_avg, out=out)
