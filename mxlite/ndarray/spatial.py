"""Spatial resampling: UpSampling, GridGenerator, BilinearSampler, SpatialTransformer.

All are compositions of differentiable primitives (nearest upsampling is the adjoint of sum
pooling, bilinear upsampling a grouped Deconvolution, the sampler a flat gather weighted by
differentiable bilinear weights), so gradients of every order follow.
"""
import numpy as np

from ..base import MXNetError, _Null, shape_str
from .ndarray import _wrap
from .register import primitive

__all__ = ["UpSampling", "GridGenerator", "BilinearSampler", "SpatialTransformer"]


def _given(v):
    return v is not None and v is not _Null


# ------------------------------------------------------------------ channel concat/slice
@primitive(lambda g, x, y, begin, end: _embed_channels(g, begin=begin, total=x.shape[1]))
def _take_channels(xp, data, begin=0, end=0):
    """data[:, begin:end] (a copy)."""
    return xp.ascontiguousarray(data[:, begin:end])


@primitive(lambda g, x, y, begin, total: _take_channels(g, begin=begin, end=begin + x.shape[1]))
def _embed_channels(xp, data, begin=0, total=0):
    """data placed at channels [begin, begin + C) of zeros with `total` channels."""
    out = xp.zeros((data.shape[0], total) + data.shape[2:], dtype=data.dtype)
    out[:, begin:begin + data.shape[1]] = data
    return out


def _concat_grad(g, *args):
    ins = args[:-1]
    res, b = [], 0
    for x in ins:
        res.append(_take_channels(g, begin=b, end=b + x.shape[1]))
        b += x.shape[1]
    return res


@primitive(grad=_concat_grad, variadic=True)
def _concat_channels(xp, *data):
    """Concatenation along axis 1."""
    return xp.concatenate(data, axis=1)


# ------------------------------------------------------------------------- UpSampling
def _nearest(x, fh, fw):
    from .pooling import _pool_sum_T
    H, W = x.shape[2:]
    return _pool_sum_T(x, kernel=(fh, fw), stride=(fh, fw), pad=(0, 0), out_spatial=(H, W),
                       avg=False, count_include_pad=True, in_spatial=(H * fh, W * fw))


def _opstr(params):
    inner = ", ".join(f'{k}="{v}"' for k, v in params.items() if _given(v))
    return f"in operator UpSampling({inner})"


def UpSampling(*data, scale=None, sample_type=None, num_filter=0, multi_input_mode="concat",
               num_args=None, workspace=512, out=None, name=None, **kwargs):
    """Upsamples the given input data.

    Two algorithms (``sample_type``) are available:

    - **nearest**: each input is repeated so that its height and width become those of the
      first input times `scale`; several inputs are then concatenated along the channel axis
      (``multi_input_mode='concat'``) or summed (``'sum'``).
    - **bilinear**: ``UpSampling(data, weight, ...)`` is a depthwise Deconvolution with kernel
      ``2*scale - scale%2``, stride `scale` and pad ``ceil((scale-1)/2)``; `weight` has shape
      (num_filter, 1, k, k) (initialise it with ``mx.init.Bilinear`` for true bilinear).

    Parameters
    ----------
    *data : NDArray
        Input arrays (N, C, H, W) (for bilinear: data and weight).
    scale : int
        Up sampling scale.
    sample_type : {'nearest', 'bilinear'}
        Up sampling method.
    num_filter : int, optional
        Input channels (bilinear only).
    multi_input_mode : {'concat', 'sum'}, optional
        How several nearest-upsampled inputs are combined.
    num_args : int, optional
        Number of inputs (informational).

    Returns
    -------
    NDArray
        The upsampled array.
    """
    params = dict(num_args=num_args if _given(num_args) else len(data), scale=scale,
                  sample_type=sample_type, num_filter=num_filter if num_filter else None,
                  multi_input_mode=multi_input_mode if multi_input_mode != "concat" else None)
    if not _given(sample_type):
        raise MXNetError("Required parameter sample_type of int is not presented, "
                         + _opstr(params))
    if sample_type not in ("nearest", "bilinear"):
        raise MXNetError(f"Invalid Input: '{sample_type}', valid values are: {{'bilinear', "
                         f"'nearest'}}, " + _opstr(params))
    if multi_input_mode not in ("concat", "sum"):
        raise MXNetError(f"Invalid Input: '{multi_input_mode}', valid values are: {{'concat', "
                         f"'sum'}}, " + _opstr(params))
    if not _given(scale):
        raise MXNetError("Required parameter scale of int is not presented, " + _opstr(params))
    scale = int(scale)
    if scale < 1:
        raise MXNetError(f"value {scale} for Parameter scale should be greater equal to 1\n"
                         f"scale: Up sampling scale, " + _opstr(params))
    if not data:
        raise MXNetError("UpSampling: at least one input is required")
    for x in data:
        if x.ndim != 4:
            raise MXNetError(f"UpSamplingNearest: Check failed: shape.ndim() == 4U ({x.ndim} vs. "
                             f"4) : Input data should be 4D in (batch, channel, y, x)")
    if sample_type == "bilinear":  # (num_args is ignored: always data and weight)
        return _bilinear_upsampling(data, scale, num_filter, out)
    if _given(num_args) and int(num_args) != len(data):
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({len(data)} vs. "
                         f"{int(num_args)}) : Operator UpSampling expects {int(num_args)} "
                         f"inputs, but got {len(data)} instead.")
    OH, OW = data[0].shape[2] * scale, data[0].shape[3] * scale
    ups = []
    for x in data:
        H, W = x.shape[2:]
        if OH % H:
            raise MXNetError(f"UpSamplingNearest: Check failed: oh%shape[2] == 0U ({OH % H} vs. "
                             f"0) : input height of {H}does not divide output height of {OH}")
        if OW % W:
            raise MXNetError(f"UpSamplingNearest: Check failed: ow%shape[3] == 0U ({OW % W} vs. "
                             f"0) : input width of {W}does not divide output width of {OW}")
        if multi_input_mode == "sum" and x.shape[1] != data[0].shape[1]:
            raise MXNetError("Check failed: oshape[1] == 0 || oshape[1] == shape[1]: Number of "
                             "channels must be the same when multi_input_mode==sum")
        ups.append(x if (OH, OW) == (H, W) else _nearest(x, OH // H, OW // W))
    if len(ups) == 1:
        res = ups[0]
        if res is data[0]:
            from .unary import identity
            res = identity(res)
    elif multi_input_mode == "sum":
        from .elemwise import add_n
        res = add_n(*ups)
    else:
        res = _concat_channels(*ups)
    if out is not None:
        out[:] = res
        return out
    return res


def _bilinear_upsampling(data, scale, num_filter, out):
    from .conv import Deconvolution
    if len(data) != 2:
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({len(data)} vs. 2) : "
                         f"Operator UpSampling expects 2 inputs, but got {len(data)} instead.")
    x, weight = data
    k = 2 * scale - scale % 2
    C = x.shape[1]
    if tuple(weight.shape) != (C, 1, k, k):
        raise MXNetError(f"Shape inconsistent, Provided = {shape_str(weight.shape)}, inferred "
                         f"shape=({C},1,{k},{k})")
    p = int(np.ceil((scale - 1) / 2.0))
    return Deconvolution(x, weight, kernel=(k, k), stride=(scale, scale), pad=(p, p),
                         num_filter=C, num_group=C, no_bias=True, out=out)


# ----------------------------------------------------------------------- GridGenerator
def _base_grid(xp, H, W, dtype):
    """(3, H*W) rows x, y, 1 with x, y in [-1, 1] (MXNet's normalised target coordinates)."""
    xs = np.linspace(-1.0, 1.0, W) if W > 1 else np.full(1, -1.0)
    ys = np.linspace(-1.0, 1.0, H) if H > 1 else np.full(1, -1.0)
    gx, gy = np.meshgrid(xs, ys)
    return xp.asarray(np.stack([gx.ravel(), gy.ravel(), np.ones(H * W)]).astype(dtype))


@primitive(lambda g, t, y, target_shape: _affine_grid_T(g))
def _affine_grid(xp, theta, target_shape=()):
    """theta (N, 6) -> grid (N, 2, H, W): each 2x3 matrix applied to the base grid."""
    H, W = target_shape
    base = _base_grid(xp, H, W, theta.dtype)
    return xp.matmul(theta.reshape(-1, 2, 3), base).reshape(theta.shape[0], 2, H, W)


@primitive(lambda g, gy, y: _affine_grid(g, target_shape=gy.shape[2:]))
def _affine_grid_T(xp, ograd):
    """Adjoint of _affine_grid: (N, 2, H, W) -> (N, 6)."""
    N, _, H, W = ograd.shape
    base = _base_grid(xp, H, W, ograd.dtype)
    return xp.matmul(ograd.reshape(N, 2, H * W), base.T).reshape(N, 6)


def GridGenerator(data=None, transform_type=None, target_shape=(0, 0), out=None, name=None):
    """Generates 2D sampling grid for bilinear sampling.

    Parameters
    ----------
    data : NDArray
        ``affine``: (N, 6), the flattened 2x3 matrices; ``warp``: (N, 2, H, W), a flow field
        in pixels.
    transform_type : {'affine', 'warp'}
        The type of transformation.
    target_shape : tuple of int
        (H, W) of the output grid (affine only).

    Returns
    -------
    NDArray
        (N, 2, H, W): normalised source coordinates (x, y) in [-1, 1] for BilinearSampler.
    """
    if transform_type not in ("affine", "warp"):
        raise MXNetError(f"Invalid Input: '{transform_type}', valid values are: {{'affine', "
                         f"'warp'}}")
    if transform_type == "affine":
        ts = tuple(int(i) for i in (target_shape if _given(target_shape) else (0, 0)))
        if len(ts) != 2 or ts[0] <= 0:
            raise MXNetError(f"Check failed: param_.target_shape[0] > 0U ({ts[0] if ts else 0} "
                             f"vs. 0) : incorrect target_shape: {ts[0] if ts else 0}")
        if ts[1] <= 0:
            raise MXNetError(f"Check failed: param_.target_shape[1] > 0U ({ts[1]} vs. 0) : "
                             f"incorrect target_shape: {ts[1]}")
        if data.ndim != 2:
            raise MXNetError(f"Check failed: lshape.ndim() == 2U ({data.ndim} vs. 2) : if "
                             "transform_type is affine, data is affine matrixaffine matrix "
                             "should be 2D in batch-num_hidden")
        if data.shape[1] != 6:
            raise MXNetError(f"Check failed: lshape[1] == 6U ({data.shape[1]} vs. 6) : incorrect "
                             "data shape[1], should be 6")
        res = _affine_grid(data, target_shape=ts)
    else:
        if data.ndim != 4:
            raise MXNetError(f"Check failed: lshape.ndim() == 4U ({data.ndim} vs. 4) : if "
                             "transform_type is warp, data is optical flowoptical flow should "
                             "be 4D in batch-num_hidden-y-x")
        if data.shape[1] != 2:
            raise MXNetError(f"Check failed: lshape[1] == 2U ({data.shape[1]} vs. 2) : incorrect "
                             "data shape[1], should be 2")
        H, W = data.shape[2:]
        xp = data._ctx.xp
        j, i = np.meshgrid(np.arange(W, dtype=np.float64), np.arange(H, dtype=np.float64))
        sx, sy = 2.0 / max(W - 1, 1), 2.0 / max(H - 1, 1)
        scale = np.array([sx, sy]).reshape(1, 2, 1, 1).astype(data.dtype)
        scale = _wrap(xp.asarray(scale), data._ctx)
        shift = _wrap(xp.asarray((np.stack([j * sx, i * sy]) - 1.0)[None].astype(data.dtype)),
                      data._ctx)
        res = data * scale + shift
    if out is not None:
        out[:] = res
        return out
    return res


# --------------------------------------------------------------------- BilinearSampler
def BilinearSampler(data=None, grid=None, cudnn_off=None, out=None, name=None):
    """Applies bilinear sampling to the input feature map.

    ``out[n, c, h, w] = sum over the 4 neighbours of (x, y) of weight * data[n, c, y_, x_]``
    with ``x = (grid[n, 0, h, w] + 1) * (W - 1) / 2`` and ``y = (grid[n, 1, h, w] + 1) *
    (H - 1) / 2``; neighbours outside the input count as 0.

    Parameters
    ----------
    data : NDArray
        Input (N, C, H, W).
    grid : NDArray
        Sampling grid (N, 2, Ho, Wo), normalised coordinates (x, y) in [-1, 1].
    cudnn_off : bool, optional
        Ignored.

    Returns
    -------
    NDArray
        (N, C, Ho, Wo).
    """
    from .pooling import _gather_flat
    from .unary import floor
    if data.ndim != 4:
        raise MXNetError(f"BilinearSampler: data should be 4D (batch, channel, y, x), got "
                         f"{shape_str(data.shape)}")
    if grid.ndim != 4 or grid.shape[1] != 2:
        raise MXNetError(f"Check failed: lshape[1] == 2U ({grid.shape[1] if grid.ndim > 1 else 0} "
                         f"vs. 2) : incorrect grid shape[1], should be 2")
    if grid.shape[0] != data.shape[0]:
        raise MXNetError(f"BilinearSampler: data batch {data.shape[0]} and grid batch "
                         f"{grid.shape[0]} differ")
    if np.dtype(data.dtype) != np.dtype(grid.dtype):
        raise MXNetError(f"BilinearSampler: data ({np.dtype(data.dtype).name}) and grid "
                         f"({np.dtype(grid.dtype).name}) must have the same dtype")
    N, C, H, W = data.shape
    xp = data._ctx.xp
    x = (_take_channels(grid, begin=0, end=1) + 1.0) * ((W - 1) / 2.0)
    y = (_take_channels(grid, begin=1, end=2) + 1.0) * ((H - 1) / 2.0)
    x0, y0 = floor(x), floor(y)
    wx1, wy1 = x - x0, y - y0
    wx = (1.0 - wx1, wx1)
    wy = (1.0 - wy1, wy1)
    ix0 = x0._data.astype(np.int64)
    iy0 = y0._data.astype(np.int64)
    plane = (xp.arange(N, dtype=np.int64).reshape(N, 1, 1, 1) * C
             + xp.arange(C, dtype=np.int64).reshape(1, C, 1, 1)) * (H * W)
    res = None
    for a in (0, 1):
        for b in (0, 1):
            ix, iy = ix0 + a, iy0 + b
            ok = (ix >= 0) & (ix < W) & (iy >= 0) & (iy < H)
            idx = xp.where(ok, plane + iy * W + ix, -1)
            term = _gather_flat(data, _wrap(idx, data._ctx)) * (wx[a] * wy[b])
            res = term if res is None else res + term
    if out is not None:
        out[:] = res
        return out
    return res


def SpatialTransformer(data=None, loc=None, target_shape=(0, 0), transform_type="affine",
                       sampler_type="bilinear", cudnn_off=None, out=None, name=None):
    """Applies a spatial transformer to the input feature map: GridGenerator (affine) from
    `loc` followed by BilinearSampler.

    Parameters
    ----------
    data : NDArray
        Input (N, C, H, W).
    loc : NDArray
        The affine parameters (N, 6) from the localisation network.
    target_shape : tuple of int
        Output (H, W).
    transform_type : {'affine'}
        Transformation type.
    sampler_type : {'bilinear'}
        Sampling type.

    Returns
    -------
    NDArray
        (N, C, target_shape[0], target_shape[1]).
    """
    if transform_type != "affine":
        raise MXNetError(f"Invalid Input: '{transform_type}', valid values are: {{'affine'}}")
    if sampler_type != "bilinear":
        raise MXNetError(f"Invalid Input: '{sampler_type}', valid values are: {{'bilinear'}}")
    return BilinearSampler(data, GridGenerator(loc, "affine", target_shape), out=out)
