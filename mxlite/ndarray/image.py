"""``mx.nd.image``: MXNet 1.9.1's image operators, on HWC images (NHWC batches where MXNet
takes them). The pixel kernels are image_resize.py (OpenCV's resize) and image_color.py (the
colour jitters); gluon.data.vision.transforms calls these operators.

Differences from MXNet 1.9.1 (where it is plainly broken):
- ``to_tensor``, ``normalize``, ``crop`` and the flips are differentiable (MXNet's to_tensor
  backward fails with a shape mismatch); the other operators are not.
- ``normalize`` without `mean`/`std` uses 0 and 1 (MXNet's defaults of four elements are
  refused for every image); ``crop`` outside the image raises (MXNet reads past it);
  ``random_color_jitter`` with every factor 0 returns the image (MXNet returns zeros).
"""
import numpy as np

from ..base import MXNetError, shape_str
from . import image_color as _color
from .creation import array as _array
from .image_resize import resize as _resize
from .random import _rng
from .shape import transpose as _transpose
from .shape_ext import flip as _flip

__all__ = ["to_tensor", "normalize", "resize", "crop", "flip_left_right", "flip_top_bottom",
           "random_flip_left_right", "random_flip_top_bottom", "random_brightness",
           "random_contrast", "random_saturation", "random_hue", "random_color_jitter",
           "adjust_lighting", "random_lighting"]


def _check_hwc(data):
    """The random/colour operators and the flips take one HWC image."""
    if data.ndim != 3:
        raise MXNetError(f"Check failed: dshape.ndim() == 3 ({data.ndim} vs. 3) : Input image "
                         f"must have shape (height, width, channels), but got "
                         f"{shape_str(data.shape)}")


def _result(y, out):
    """`y`, or `y` written into `out` (the operators' out= argument)."""
    if out is not None:
        out[:] = y
        return out
    return y


def _like(data, a):
    """The NumPy image `a` as an NDArray in data's context and dtype."""
    return _array(a, ctx=data.context, dtype=data.dtype)


def to_tensor(data, out=None, name=None):
    """Converts an image (HWC) or a batch (NHWC) with values in [0, 255] to a float32 tensor
    (CHW or NCHW) with values in [0, 1]: ``data / 255``, channels moved first."""
    if data.ndim not in (3, 4):
        raise MXNetError(f"Check failed: (shp.ndim() == 3) || (shp.ndim() == 4): Input image "
                         f"must have shape (height, width, channels), or (N, height, width, "
                         f"channels) but got {shape_str(data.shape)}")
    x = data.astype("float32") / 255.0
    y = _transpose(x, axes=(2, 0, 1) if data.ndim == 3 else (0, 3, 1, 2))
    return _result(y, out)


def _channel_values(name, v, shape, c):
    v = np.asarray(v, np.float64).reshape(-1)
    if v.size not in (1, c):
        cond = (f"(param.{name}.ndim() == 1) || (param.{name}.ndim() == nchannels)"
                if name == "mean" else
                f"param.{name}.ndim() == 1 || param.{name}.ndim() == nchannels")
        raise MXNetError(f"Check failed: {cond}: Invalid {name} for input with shape "
                         f"{shape_str(shape)}. {name} must have either 1 or {c} elements, but "
                         f"got [{','.join(format(float(e), 'g') for e in v)}]")
    return np.broadcast_to(v, (c,)).reshape(c, 1, 1)


def normalize(data, mean=None, std=None, out=None, name=None):
    """Normalizes a tensor (CHW or NCHW, C = 1 or 3) with mean and standard deviation:
    ``out[c] = (data[c] - mean[c]) / std[c]``. A one-element mean/std applies to every
    channel; the dtype is kept (integer results truncated toward zero, as MXNet).

    Parameters
    ----------
    data : NDArray
    mean : float or tuple of floats, optional (default 0)
    std : float or tuple of floats, optional (default 1)
    """
    if data.ndim not in (3, 4):
        raise MXNetError(f"Check failed: (dshape.ndim() == 3) || (dshape.ndim() == 4): Input "
                         f"tensor must have shape (channels, height, width), or (N, channels, "
                         f"height, width), but got {shape_str(data.shape)}")
    c = data.shape[-3]
    if c not in (1, 3):
        which = "first" if data.ndim == 3 else "second"
        raise MXNetError(f"Check failed: nchannels == 3 || nchannels == 1: The {which} "
                         f"dimension of input tensor must be the channel dimension with either "
                         f"1 or 3 elements, but got input with shape {shape_str(data.shape)}")
    m = _channel_values("mean", 0.0 if mean is None else mean, data.shape, c)
    s = _channel_values("std", 1.0 if std is None else std, data.shape, c)
    if np.dtype(data.dtype).kind == "f":  # NDArray arithmetic: differentiable
        y = (data - _like(data, m)) / _like(data, s)
    else:
        a = data.asnumpy()
        r = (a.astype(np.float32) - m.astype(np.float32)) / s.astype(np.float32)
        y = _like(data, np.trunc(r).astype(np.int64).astype(a.dtype))  # C++ static_cast
    return _result(y, out)


def resize(data, size=(), keep_ratio=False, interp=1, out=None, name=None):
    """Resizes an image (HWC) or a batch (NHWC) to `size` = (width, height), or to a square
    of an int `size`; with `keep_ratio` and one size the short edge becomes `size` (the long
    edge scaled and truncated). `interp`: OpenCV's 0 nearest, 1 bilinear, 2 bicubic, 3 area,
    4 Lanczos."""
    if data.ndim not in (3, 4):
        raise MXNetError(f"Check failed: (in_attrs->at(0).ndim() == 3U) || "
                         f"(in_attrs->at(0).ndim() == 4U): Input image dimension should be 3 "
                         f"or 4 but got {data.ndim}")
    size = (size,) if isinstance(size, (int, np.integer)) else tuple(size)
    if len(size) not in (1, 2):
        raise MXNetError(f"Check failed: (param.size.ndim() == 1) || (param.size.ndim() == 2): "
                         f"Input size dimension must be 1 or 2, but got {len(size)}")
    if int(interp) not in (0, 1, 2, 3, 4):
        raise MXNetError(f"resize: unknown interpolation method {interp} (0 nearest, 1 "
                         f"bilinear, 2 bicubic, 3 area, 4 Lanczos)")
    H, W = data.shape[-3], data.shape[-2]
    if len(size) == 1 and keep_ratio:
        s = int(size[0])
        w, h = (s, int(H * s / W)) if H > W else (int(W * s / H), s)
    else:
        w, h = (int(size[0]), int(size[-1]))
    y = _like(data, _resize(data.asnumpy(), w, h, int(interp)))
    return _result(y, out)


def crop(data, x=None, y=None, width=None, height=None, out=None, name=None):
    """Crops the region (x, y, width, height) of an image (HWC) or a batch (NHWC)."""
    for pname, v in (("x", x), ("y", y), ("width", width), ("height", height)):
        if v is None:
            raise MXNetError(f"Required parameter {pname} of int is not presented, in operator "
                             f"_image_crop")
    if data.ndim not in (3, 4):
        raise MXNetError(f"Image Crop expects inputs of 3D (h, w, c) or 4D (n, h, w, c). But "
                         f"got {data.ndim}")
    x, y, width, height = int(x), int(y), int(width), int(height)
    H, W = data.shape[-3], data.shape[-2]
    if x < 0 or y < 0 or width <= 0 or height <= 0:
        raise MXNetError(f"crop: x ({x}), y ({y}) must be non-negative and width ({width}), "
                         f"height ({height}) positive")
    if x + width > W:
        raise MXNetError("Check failed: param.x + param.width <= ishape[ishape.ndim() - 2]: "
                         "x + width should not be greater than input width")
    if y + height > H:
        raise MXNetError("Check failed: param.y + param.height <= ishape[ishape.ndim() - 3]: "
                         "y + height should not be greater than input height")
    r = data[y:y + height, x:x + width] if data.ndim == 3 else \
        data[:, y:y + height, x:x + width]
    return _result(r, out)


def flip_left_right(data, out=None, name=None):
    """Flips an image (HWC) left to right."""
    _check_hwc(data)
    return _flip(data, axis=1, out=out)


def flip_top_bottom(data, out=None, name=None):
    """Flips an image (HWC) top to bottom."""
    _check_hwc(data)
    return _flip(data, axis=0, out=out)


def _random(data, out, fn):
    _check_hwc(data)
    y = _like(data, fn(data.asnumpy()))
    return _result(y, out)


def random_flip_left_right(data, out=None, name=None):
    """Flips an image (HWC) left to right with probability 0.5."""
    return _random(data, out, lambda a: a[:, ::-1] if _rng().random() < 0.5 else a)


def random_flip_top_bottom(data, out=None, name=None):
    """Flips an image (HWC) top to bottom with probability 0.5."""
    return _random(data, out, lambda a: a[::-1] if _rng().random() < 0.5 else a)


def _factor(op, adjust, data, lo, hi, out):
    for pname, v in (("min_factor", lo), ("max_factor", hi)):
        if v is None:
            raise MXNetError(f"Required parameter {pname} of float is not presented, in "
                             f"operator _image_{op}")
    return _random(data, out, lambda a: adjust(a, _rng().uniform(lo, hi)))


def random_brightness(data, min_factor=None, max_factor=None, out=None, name=None):
    """Multiplies an image (HWC) by a factor drawn from [min_factor, max_factor]."""
    return _factor("random_brightness", _color.adjust_brightness, data, min_factor,
                   max_factor, out)


def random_contrast(data, min_factor=None, max_factor=None, out=None, name=None):
    """Blends an image (HWC) with its mean gray level, by a factor drawn from
    [min_factor, max_factor]."""
    return _factor("random_contrast", _color.adjust_contrast, data, min_factor, max_factor,
                   out)


def random_saturation(data, min_factor=None, max_factor=None, out=None, name=None):
    """Blends an image (HWC) with its gray version, by a factor drawn from
    [min_factor, max_factor]."""
    return _factor("random_saturation", _color.adjust_saturation, data, min_factor,
                   max_factor, out)


def random_hue(data, min_factor=None, max_factor=None, out=None, name=None):
    """Rotates the hue of an image (HWC) by factor * 360 degrees, the factor drawn from
    [min_factor, max_factor]."""
    return _factor("random_hue", _color.adjust_hue, data, min_factor, max_factor, out)


def jitter(a, brightness, contrast, saturation, hue):
    """random_color_jitter on the NumPy image `a` (also RandomColorJitter's kernel)."""
    rng = _rng()
    fns = (_color.adjust_brightness, _color.adjust_contrast, _color.adjust_saturation,
           _color.adjust_hue)
    factors = (brightness, contrast, saturation, hue)
    for i in rng.permutation(4):
        v = factors[i]
        if v > 0:
            f = rng.uniform(-v, v)
            a = fns[i](a, f if i == 3 else 1 + f)
    return a


def random_color_jitter(data, brightness=None, contrast=None, saturation=None, hue=None,
                        out=None, name=None):
    """Jitters the brightness, contrast and saturation (factors drawn from [1 - x, 1 + x]) and
    the hue (a rotation by [-hue, hue] * 360 degrees) of an image (HWC), in a random order."""
    for pname, v in (("brightness", brightness), ("contrast", contrast),
                     ("saturation", saturation), ("hue", hue)):
        if v is None:
            raise MXNetError(f"Required parameter {pname} of float is not presented, in "
                             f"operator _image_random_color_jitter")
    return _random(data, out, lambda a: jitter(a, brightness, contrast, saturation, hue))


def adjust_lighting(data, alpha=None, out=None, name=None):
    """Adds AlexNet's PCA lighting noise to an image (HWC): ``eigvec @ (alpha * eigval)``
    added to (R, G, B); `alpha` has three elements."""
    if alpha is None:
        raise MXNetError("Required parameter alpha of tuple of <float> is not presented, in "
                         "operator _image_adjust_lighting")
    alpha = tuple(alpha)
    if len(alpha) < 3:
        raise MXNetError(f"Check failed: i >= 0 && i < ndim(): index = {len(alpha)} must be "
                         f"in range [0, {len(alpha)})")
    return _random(data, out, lambda a: _color.adjust_lighting(a, alpha[:3]))


def random_lighting(data, alpha_std=0.05, out=None, name=None):
    """Adds AlexNet's PCA lighting noise with alpha drawn from N(0, alpha_std) to an image
    (HWC)."""
    return _random(data, out, lambda a: _color.adjust_lighting(
        a, _rng().normal(0, alpha_std, 3)))
