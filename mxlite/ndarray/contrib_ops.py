"""``mx.nd.contrib`` layers and small ops: AdaptiveAvgPooling2D, BilinearResize2D, ROIAlign,
SyncBatchNorm (the small ops live in contrib_small.py).

The resampling layers are linear maps ``out[a, q] = sum_s data[a, idx[q, s]] * w[q, s]``
(one private primitive, `_linmap`, whose gradient is its adjoint `_linmap_t` and back), so
gradients of every order come for free.
"""
import math

import numpy as np

from ..base import MXNetError, shape_str
from .register import primitive

__all__ = []  # contrib-only names: re-exported explicitly by contrib.py, not top-level


def _zeros(x):
    from .unary import zeros_like
    return zeros_like(x)


# ---------------------------------------------------------------- the linear sampling map
@primitive(lambda g, x, y, idx, w, n_points: _linmap(g, idx=idx, w=w))
def _linmap_t(xp, out_grad, idx=None, w=None, n_points=0):
    """Adjoint of _linmap: scatters (A, Q) back to (A, n_points)."""
    a = out_grad.shape[0]
    flat = (np.arange(a)[:, None, None] * n_points + idx[None]).ravel()
    vals = (out_grad[:, :, None] * w[None]).ravel()
    res = np.bincount(flat, weights=vals, minlength=a * n_points)
    return xp.asarray(res.reshape(a, n_points).astype(out_grad.dtype))


def _linmap_grad(g, x, y, idx, w):
    return _linmap_t(g, idx=idx, w=w, n_points=x.shape[1])


@primitive(_linmap_grad)
def _linmap(xp, data, idx=None, w=None):
    """(A, P) -> (A, Q): ``out[a, q] = sum_s data[a, idx[q, s]] * w[q, s]``."""
    return (data[:, idx] * w.astype(data.dtype)).sum(axis=-1)


def _apply(data, idx, w):
    return _linmap(data, idx=idx, w=w)


# ---------------------------------------------------------------- AdaptiveAvgPooling2D
def _adaptive_axis(n_in, n_out):
    """(n_out, K) indices and weights of adaptive average bins along one axis."""
    starts = [int(math.floor(i * n_in / n_out)) for i in range(n_out)]
    ends = [int(math.ceil((i + 1) * n_in / n_out)) for i in range(n_out)]
    k = max(e - s for s, e in zip(starts, ends))
    idx = np.zeros((n_out, k), np.int64)
    w = np.zeros((n_out, k))
    for i, (s, e) in enumerate(zip(starts, ends)):
        idx[i, :e - s] = np.arange(s, e)
        w[i, :e - s] = 1.0 / (e - s)
    return idx, w


def _separable(iy, wy, ix, wx, width):
    """Combines per-axis (idx, w) tables into a 2-D (Ho*Wo, Ky*Kx) table on an H*W plane."""
    idx = (iy[:, None, :, None] * width + ix[None, :, None, :])
    w = wy[:, None, :, None] * wx[None, :, None, :]
    ho, wo = iy.shape[0], ix.shape[0]
    return idx.reshape(ho * wo, -1), w.reshape(ho * wo, -1)


def _plane_map(data, idx, w, ho, wo):
    from .shape import reshape
    n, c, h, wd = data.shape
    out = _apply(reshape(data, shape=(n * c, h * wd)), idx, w)
    return reshape(out, shape=(n, c, ho, wo))


def _check4d(data, opname):
    from .ndarray import NDArray
    if not isinstance(data, NDArray):
        raise AssertionError(f"Argument data must have NDArray type, but got {data!r}")
    if data.ndim == 4:
        return
    if opname == "ROIAlign":
        raise MXNetError(f"Check failed: dshape.ndim() == 4 ({data.ndim} vs. 4) : data should "
                         f"be a 4D tensor")
    if data.ndim < 4:  # MXNet's shape inference reads dshape[ndim]
        raise MXNetError(f"{opname}: data must be 4-D (N, C, H, W), got "
                         f"{shape_str(data.shape)}: Check failed: i >= 0 && i < ndim(): "
                         f"index = {data.ndim} must be in range [0, {data.ndim})")
    raise MXNetError(f"{opname}: Check failed: dim == ndim() (4 vs. {data.ndim}) : dimension "
                     f"do not match target dimension 4 vs {data.ndim}")


def AdaptiveAvgPooling2D(data=None, output_size=(), out=None, name=None, **kwargs):
    """Applies a 2D adaptive average pooling over a 4D input with the shape of (NCHW).

    Output bin ``i`` averages rows ``floor(i*H/oh)`` to ``ceil((i+1)*H/oh)`` (likewise for
    columns). `output_size`: an int (square), a (height, width) tuple, or () for 1x1.
    """
    _check4d(data, "AdaptiveAvgPooling2D")
    if isinstance(output_size, (int, np.integer)):
        oh = ow = int(output_size)
    else:
        os_ = tuple(int(v) for v in output_size)
        # MXNet: () and more than 2 entries give 1x1
        oh, ow = (os_[0], os_[0]) if len(os_) == 1 else os_ if len(os_) == 2 else (1, 1)
    if oh <= 0 or ow <= 0:
        raise MXNetError(f"AdaptiveAvgPooling2D: output_size must be positive, got "
                         f"{output_size}")
    h, w = data.shape[2:]
    iy, wy = _adaptive_axis(h, oh)
    ix, wx = _adaptive_axis(w, ow)
    idx, wt = _separable(iy, wy, ix, wx, w)
    return _finish(_plane_map(data, idx, wt, oh, ow), out)


def _finish(res, out):
    if out is None:
        return res
    out[:] = res
    return out


# ---------------------------------------------------------------- BilinearResize2D
def _bilinear_axis(n_in, n_out, align_corners):
    if align_corners:
        scale = (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
        src = np.arange(n_out) * np.float32(scale)
    elif n_out == 1:  # MXNet: a single output row/column samples the first input one
        src = np.zeros(1)
    else:
        scale = n_in / n_out
        src = np.maximum((np.arange(n_out) + 0.5) * np.float32(scale) - 0.5, 0)
    src = src.astype(np.float32)
    i0 = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
    i1 = np.minimum(i0 + 1, n_in - 1)
    lam = (src - i0).astype(np.float64)
    lam = np.where(i1 == i0, 0.0, lam)
    return np.stack([i0, i1], 1), np.stack([1 - lam, lam], 1)


def _resize_size(h, w, height, width, scale_height, scale_width, mode, like):
    if mode == "like":
        if like is None:
            raise MXNetError("Check failed: num_inputs == infered_num_inputs (1 vs. 2) : "
                             "Operator _contrib_BilinearResize2D expects 2 inputs, but got 1 "
                             "instead.")
        return like.shape[2], like.shape[3]
    if mode == "size":
        if scale_height is not None or scale_width is not None:
            if scale_height is None or scale_width is None:
                raise MXNetError("BilinearResize2D: bad optional access (give both "
                                 "scale_height and scale_width)")
            return int(h * scale_height), int(w * scale_width)
        return int(height), int(width)
    if mode == "odd_scale":
        def odd(n, s):
            return int(n * s) if n % 2 == 0 else int((n - 1) * s) + 1
        return odd(h, scale_height), odd(w, scale_width)
    adjust = {"to_even_down": lambda n: n - n % 2, "to_even_up": lambda n: n + n % 2,
              "to_odd_down": lambda n: n - 1 + n % 2, "to_odd_up": lambda n: n + 1 - n % 2}
    if mode not in adjust:
        raise MXNetError(f"Invalid Input: '{mode}', valid values are: {{'like', 'odd_scale', "
                         f"'size', 'to_even_down', 'to_even_up', 'to_odd_down', 'to_odd_up'}}")
    return adjust[mode](h), adjust[mode](w)


def BilinearResize2D(data=None, like=None, height=1, width=1, scale_height=None,
                     scale_width=None, mode="size", align_corners=True, out=None, name=None,
                     **kwargs):
    """Bilinear resize of a (N, C, H, W) input to (N, C, height, width).

    `align_corners` (default True) maps the corner pixels onto each other
    (``src = dst * (in-1)/(out-1)``); otherwise ``src = (dst+0.5)*in/out - 0.5`` clamped at 0.
    `mode`: 'size' (height/width, or scale_height/scale_width), 'like' (the spatial size of
    `like`), 'odd_scale', 'to_even_down', 'to_even_up', 'to_odd_down', 'to_odd_up'.
    """
    _check4d(data, "BilinearResize2D")
    h, w = data.shape[2:]
    oh, ow = _resize_size(h, w, height, width, scale_height, scale_width, mode, like)
    if oh < 0 or ow < 0:
        raise MXNetError(f"BilinearResize2D: output size ({oh}, {ow}) must not be negative")
    if oh == 0 or ow == 0:  # MXNet returns an empty array ('to_even_down' of a size 1)
        y = BilinearResize2D(data, height=max(oh, 1), width=max(ow, 1),
                             align_corners=align_corners)
        return _finish(y[:, :, :oh, :ow], out)
    iy, wy = _bilinear_axis(h, oh, align_corners)
    ix, wx = _bilinear_axis(w, ow, align_corners)
    idx, wt = _separable(iy, wy, ix, wx, w)
    return _finish(_plane_map(data, idx, wt, oh, ow), out)  # `like`: no gradient


# ---------------------------------------------------------------- ROIAlign
def _roi_tables(rois, n, h, w, ph, pw, spatial_scale, sample_ratio, aligned):
    """Per roi: batch index and a (ph*pw, 4*gh*gw) table of plane indices and weights."""
    off = 0.5 if aligned else 0.0
    tables = []
    for r in rois.astype(np.float64):
        b = int(r[0])
        x1, y1, x2, y2 = (r[1:5] * spatial_scale - off)
        rw, rh = x2 - x1, y2 - y1
        if not aligned:
            rw, rh = max(rw, 1.0), max(rh, 1.0)
        bh, bw = rh / ph, rw / pw
        gh = sample_ratio if sample_ratio > 0 else int(math.ceil(rh / ph))
        gw = sample_ratio if sample_ratio > 0 else int(math.ceil(rw / pw))
        count = max(gh * gw, 1)
        ys = y1 + np.arange(ph)[:, None] * bh + (np.arange(gh)[None, :] + 0.5) * bh / gh
        xs = x1 + np.arange(pw)[:, None] * bw + (np.arange(gw)[None, :] + 0.5) * bw / gw
        idx_y, w_y = _roi_axis(ys, h)
        idx_x, w_x = _roi_axis(xs, w)
        # (ph, gh, 2) x (pw, gw, 2) -> (ph, pw, gh*2*gw*2)
        idx = idx_y[:, None, :, :, None, None] * w + idx_x[None, :, None, None, :, :]
        wt = w_y[:, None, :, :, None, None] * w_x[None, :, None, None, :, :] / count
        tables.append((b, idx.reshape(ph * pw, -1), wt.reshape(ph * pw, -1)))
    return tables


def _stack_tables(idxs, wts):
    """Concatenates (Q_i, S_i) tables, padding the taps with zero weights to the widest."""
    k = max(t.shape[1] for t in idxs)
    idx = np.concatenate([np.pad(t, ((0, 0), (0, k - t.shape[1]))) for t in idxs])
    wt = np.concatenate([np.pad(t, ((0, 0), (0, k - t.shape[1]))) for t in wts])
    return idx, wt


def _roi_axis(s, n):
    """Bilinear taps (low, high) and weights for sample coordinates s along an axis of n."""
    outside = (s < -1.0) | (s > n)
    s = np.maximum(s, 0.0)
    lo = np.floor(s).astype(np.int64)
    edge = lo >= n - 1
    lo = np.where(edge, n - 1, lo)
    s = np.where(edge, lo, s)
    hi = np.where(edge, n - 1, lo + 1)
    lam = s - lo
    wts = np.stack([1 - lam, lam], -1) * ~outside[..., None]
    return np.stack([lo, hi], -1), wts


def _check_rois(rois):
    """MXNet's check of ROIAlign's (R, 5) box array (ROIPooling's is in pooling.py)."""
    got = f"; got rois of shape {shape_str(rois.shape)}"
    if rois.ndim != 2:
        raise MXNetError(f"Check failed: bshape.ndim() == 2U ({rois.ndim} vs. 2) : bbox should "
                         f"be a 2D tensor of shape [batch, 5]" + got)
    if rois.shape[1] != 5:
        raise MXNetError(f"Check failed: bshape[1] == 5U ({rois.shape[1]} vs. 5) : bbox should "
                         f"be a 2D tensor of shape [batch, 5]" + got)


def ROIAlign(data=None, rois=None, pooled_size=None, spatial_scale=None, sample_ratio=-1,
             position_sensitive=False, aligned=False, out=None, name=None, **kwargs):
    """Region of interest align (Mask R-CNN): bilinear samples averaged over each bin.

    Parameters
    ----------
    data : NDArray (N, C, H, W)
    rois : NDArray (R, 5), rows ``[batch_index, x1, y1, x2, y2]`` in image coordinates.
    pooled_size : (ph, pw)
    spatial_scale : float, image-to-feature-map scale (e.g. 1/16).
    sample_ratio : int, samples per bin side (<= 0: ``ceil(roi_size / pooled_size)``).
    position_sensitive : bool, channel ``c*ph*pw + bin`` feeds output channel c (R-FCN).
    aligned : bool, shift by half a pixel (Detectron2's ROIAlignV2).

    Returns
    -------
    NDArray (R, C, ph, pw) (``C / (ph*pw)`` channels when position sensitive). The gradient
    flows to `data`; `rois` gets zeros, as in MXNet.
    """
    from .shape import reshape, transpose
    _check4d(data, "ROIAlign")
    if pooled_size is None:
        raise MXNetError("Required parameter pooled_size of Shape(tuple) is not presented, in "
                         "operator _contrib_ROIAlign")
    if spatial_scale is None:
        raise MXNetError("Required parameter spatial_scale of float is not presented, in "
                         "operator _contrib_ROIAlign")
    ps = (pooled_size,) * 2 if isinstance(pooled_size, (int, np.integer)) else tuple(pooled_size)
    ph, pw = int(ps[0]), int(ps[1])
    _check_rois(rois)
    n, c, h, w = data.shape
    if position_sensitive and c % (ph * pw):
        raise MXNetError(f"Check failed: dshape[1] % (pooled_size[0] * pooled_size[1]) == 0 "
                         f"({c % (ph * pw)} vs. 0) : Input channels should be divided by "
                         f"pooled_size[0]*pooled_size[1]when position_sensitive is true.")
    tables = _roi_tables(np.asarray(rois.asnumpy()), n, h, w, ph, pw, float(spatial_scale),
                         int(sample_ratio), bool(aligned))
    for j, (b, ti, tw) in enumerate(tables):
        if b < 0:  # MXNet skips such a roi: zeros (and no gradient)
            tables[j] = (0, np.zeros_like(ti), np.zeros_like(tw))
        elif b >= n:  # MXNet reads past the batch (and dies)
            raise MXNetError(f"ROIAlign: roi batch index {b} is out of range for {n} images")
    hw = h * w
    if not tables:
        co = c // (ph * pw) if position_sensitive else c
        res = _apply(reshape(data, shape=(1, -1)), np.zeros((0, 1), np.int64),
                     np.zeros((0, 1)))
        res = reshape(res, shape=(0, co, ph, pw))
    elif not position_sensitive:
        # (C, N*H*W) planes; each roi's table is offset to its image
        planes = reshape(transpose(data, axes=(1, 0, 2, 3)), shape=(c, n * hw))
        idx, wt = _stack_tables([t[1] + t[0] * hw for t in tables], [t[2] for t in tables])
        res = _apply(planes, idx, wt)
        res = transpose(reshape(res, shape=(c, len(tables), ph, pw)), axes=(1, 0, 2, 3))
    else:
        co = c // (ph * pw)
        flat = reshape(data, shape=(1, n * c * hw))
        idxs, wts = [], []
        q = np.arange(ph * pw)
        for b, ti, tw in tables:
            for k in range(co):
                ch = k * ph * pw + q  # the input channel of each bin
                idxs.append(ti + ((b * c + ch) * hw)[:, None])
                wts.append(tw)
        idx, wt = _stack_tables(idxs, wts)
        res = reshape(_apply(flat, idx, wt),
                      shape=(len(tables), co, ph, pw))
    return _finish(res, out)  # rois: no gradient (MXNet writes zeros)


# ---------------------------------------------------------------- SyncBatchNorm
def SyncBatchNorm(data=None, gamma=None, beta=None, moving_mean=None, moving_var=None,
                  eps=1e-3, momentum=0.9, fix_gamma=True, use_global_stats=False,
                  output_mean_var=False, ndev=1, key=None, out=None, name=None, **kwargs):
    """Cross-device batch normalization; on one device it is BatchNorm over axis 1 (the
    only device mxlite has), so it forwards to ``nd.BatchNorm``. `key` (a string naming the
    layer) is required, as in MXNet; `ndev` is ignored."""
    from .norm import BatchNorm
    if key is None:
        raise MXNetError("Required parameter key of string is not presented, in operator "
                         "_contrib_SyncBatchNorm")
    return BatchNorm(data, gamma, beta, moving_mean, moving_var, eps=eps, momentum=momentum,
                     fix_gamma=fix_gamma, use_global_stats=use_global_stats,
                     output_mean_var=output_mean_var, axis=1, out=out)
