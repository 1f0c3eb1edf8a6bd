"""Image transforms (``gluon.data.vision.transforms``), on HWC (or NHWC) NDArrays.

Resizing follows OpenCV as MXNet uses it (see ndarray/image_resize.py). The colour jitters
follow MXNet's C++ image operators: factors drawn from [max(0, 1 - x), 1 + x], results cast
back to the input dtype (uint8 clamped to [0, 255] and truncated).
"""
import numpy as np

from ....ndarray.image_resize import resize, _cast  # noqa: F401  (used by other modules too)
from ._rotate import Rotate, RandomRotation  # noqa: F401
from ....ndarray.image_color import (adjust_brightness, adjust_contrast,  # noqa: F401
                                     adjust_saturation, adjust_hue, adjust_lighting)

from .... import ndarray as nd
from ....ndarray.image import jitter
from ....base import MXNetError, as_dtype
from ...block import Block, HybridBlock
from ...nn import HybridSequential, Sequential

__all__ = ["Compose", "HybridCompose", "Cast", "ToTensor", "Normalize", "Resize", "CenterCrop",
           "CropResize", "RandomResizedCrop", "RandomFlipLeftRight", "RandomFlipTopBottom",
           "RandomBrightness", "RandomContrast", "RandomSaturation", "RandomHue",
           "RandomColorJitter", "RandomLighting", "RandomApply", "Rotate", "RandomRotation"]


def _rng():
    from ....ndarray.random import _rng as r
    return r()


class Compose(Sequential):
    """Sequentially composes multiple transforms."""

    def __init__(self, transforms):
        super().__init__()
        with self.name_scope():
            for t in transforms:
                self.add(t if isinstance(t, Block) else _Fn(t))


class HybridCompose(HybridSequential):
    """Sequentially composes multiple hybrid transforms."""

    def __init__(self, transforms):
        super().__init__()
        with self.name_scope():
            for t in transforms:
                self.add(t)


class _Fn(Block):
    def __init__(self, fn):
        super().__init__()
        self._fn = fn

    def forward(self, *args):
        return self._fn(*args)


def _shape_str(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


class _Transform(HybridBlock):
    """A transform applied to the raw image array (HWC, or NHWC where MXNet allows it)."""
    _ndims = (3, 4)
    _ndim_msg = ("Input image must have shape (height, width, channels), or "
                 "(N, height, width, channels) but got {}")

    def hybrid_forward(self, F, x):
        if not isinstance(x, nd.NDArray):
            raise TypeError(f"{type(self).__name__} expects an NDArray image, got {type(x)}")
        if x.ndim not in self._ndims:
            raise MXNetError(self._ndim_msg.format(_shape_str(x.shape)))
        return nd.array(self._apply(x.asnumpy()), ctx=x.context, dtype=self._out_dtype(x))

    def _out_dtype(self, x):
        return x.dtype


class Cast(HybridBlock):
    """Casts the input to `dtype` (default float32)."""

    def __init__(self, dtype="float32"):
        super().__init__()
        self._dtype = as_dtype(dtype)

    def hybrid_forward(self, F, x):
        return x.astype(self._dtype)


class ToTensor(HybridBlock):
    """HWC (or NHWC) uint8 in [0, 255] -> CHW (or NCHW) float32 in [0, 1) (nd.image.to_tensor)."""

    def hybrid_forward(self, F, x):
        if not isinstance(x, nd.NDArray):
            raise TypeError(f"ToTensor expects an NDArray image, got {type(x)}")
        return nd.image.to_tensor(x)


class Normalize(HybridBlock):
    """Normalizes a (C x H x W) or (N x C x H x W) tensor with mean and standard deviation:
    ``output[i] = (input[i] - mean[i]) / std[i]`` for each channel i (C must be 1 or 3; a
    scalar or 1-element mean/std applies to all channels). The dtype is kept (integer
    results truncated, as MXNet).

    Parameters
    ----------
    mean : float or tuple of floats, default 0.0
    std : float or tuple of floats, default 1.0
    """

    def __init__(self, mean=0.0, std=1.0):
        super().__init__()
        self._mean = mean
        self._std = std

    def hybrid_forward(self, F, x):
        return nd.image.normalize(x, self._mean, self._std)


def _size_wh(size):
    if isinstance(size, (int, np.integer)):
        return int(size), int(size)
    w, h = size
    return int(w), int(h)


class Resize(_Transform):
    """Resizes an image or a batch of images (HWC or NHWC) to the given size.

    Parameters
    ----------
    size : int or tuple of (W, H)
        Size of the output image.
    keep_ratio : bool, default False
        With an int size: whether to resize the short edge to `size` (keeping the aspect
        ratio, the long edge truncated) rather than both edges.
    interpolation : int, default 1
        OpenCV's codes: 0 nearest, 1 bilinear, 2 bicubic, 3 area, 4 Lanczos.
    """
    _ndim_msg = "Input image dimension should be 3 or 4 but got {}"

    def __init__(self, size, keep_ratio=False, interpolation=1):
        super().__init__()
        self._keep = keep_ratio
        self._size = size
        self._interpolation = interpolation

    def hybrid_forward(self, F, x):
        if isinstance(x, nd.NDArray) and x.ndim not in self._ndims:
            raise MXNetError(self._ndim_msg.format(x.ndim))
        return super().hybrid_forward(F, x)

    def _apply(self, a):
        H, W = a.shape[-3], a.shape[-2]
        if isinstance(self._size, (int, np.integer)) and self._keep:
            s = int(self._size)
            w, h = (s, int(H * s / W)) if H > W else (int(W * s / H), s)
        else:
            w, h = _size_wh(self._size)
        return resize(a, w, h, self._interpolation)


class CropResize(_Transform):
    """Crops the region (x, y, width, height) of an HWC or NHWC image, then optionally
    resizes it to `size` ((w, h) or an int).

    Parameters
    ----------
    x, y : int, the top-left corner
    width, height : int, the size of the crop
    size : int or tuple of (w, h), optional
    interpolation : int, optional (MXNet fails on the default None when resizing; mxlite
        uses bilinear)
    """

    def __init__(self, x, y, width, height, size=None, interpolation=None):
        super().__init__()
        self._x, self._y, self._width, self._height = x, y, width, height
        self._size = size
        self._interpolation = interpolation

    def _apply(self, a):
        x, y, w, h = self._x, self._y, self._width, self._height
        H, W = a.shape[-3], a.shape[-2]
        if x < 0 or y < 0 or x + w > W or y + h > H:
            raise MXNetError(f"crop region (x={x}, y={y}, width={w}, height={h}) exceeds "
                             f"the image of width {W} and height {H}")
        out = a[..., y:y + h, x:x + w, :]
        if self._size:
            interp = 1 if self._interpolation is None else self._interpolation
            out = resize(out, *_size_wh(self._size), interp)
        return out


def _auto_interp(interp, sizes):
    """mx.image's interpolation 9 (auto): bicubic to enlarge, area to shrink, else
    bilinear; 10 (random) is taken as bilinear."""
    if interp == 9:
        oh, ow, nh, nw = sizes
        if nh > oh and nw > ow:
            return 2
        if nh < oh and nw < ow:
            return 3
        return 1
    return 1 if interp == 10 else interp


def _fixed_crop(a, x0, y0, w, h, size, interp):
    """mx.image.fixed_crop: crop, then resize to `size` (w, h) when it differs."""
    out = a[y0:y0 + h, x0:x0 + w]
    if size is not None and (w, h) != tuple(size):
        out = resize(out, size[0], size[1], _auto_interp(interp, (h, w, size[1], size[0])))
    return out


def _center_crop(a, size, interp):
    """mx.image.center_crop: a crop of the aspect ratio of `size` (scaled down to fit the
    image when larger), taken at the centre and resized to `size`."""
    h, w, _ = a.shape
    cw, ch = size
    if h < ch:
        cw, ch = float(cw * h) / ch, h
    if w < cw:
        cw, ch = w, float(ch * w) / cw
    cw, ch = int(cw), int(ch)
    x0, y0 = int((w - cw) / 2), int((h - ch) / 2)
    return _fixed_crop(a, x0, y0, cw, ch, size, interp)


class CenterCrop(_Transform):
    """Crops the image (HWC) to the given `size` by trimming on all four sides and
    preserving the centre; a smaller image gives a crop of the same aspect ratio, resized
    up to `size`.

    Parameters
    ----------
    size : int or tuple of (W, H)
    interpolation : int, default 1
    """

    def __init__(self, size, interpolation=1):
        super().__init__()
        if isinstance(size, (int, np.integer, float)):
            size = (size, size)
        self._args = (tuple(size), interpolation)

    def _apply(self, a):
        if a.ndim == 4:   # MXNet takes one image only; mxlite crops each of a batch
            return np.stack([_center_crop(i, *self._args) for i in a])
        return _center_crop(a, *self._args)


class RandomResizedCrop(_Transform):
    """Crops a random region of the image (HWC), its area a fraction in `scale` of the
    image and its aspect ratio in `ratio` (log-uniform), and resizes it to `size`; after
    10 failed draws, a centre crop.

    Parameters
    ----------
    size : int or tuple of (W, H)
    scale : tuple of two floats, default (0.08, 1.0)
    ratio : tuple of two floats, default (3/4, 4/3)
    interpolation : int, default 1
    """

    def __init__(self, size, scale=(0.08, 1.0), ratio=(3.0 / 4.0, 4.0 / 3.0),
                 interpolation=1):
        super().__init__()
        if isinstance(size, (int, np.integer, float)):
            size = (size, size)
        self._args = (tuple(size), scale, ratio, interpolation)

    def _apply(self, a):
        size, area, ratio, interp = self._args
        if a.ndim == 4:
            return np.stack([self._apply(i) for i in a])
        h, w, _ = a.shape
        if isinstance(area, (int, float)):
            area = (area, 1.0)
        rng = _rng()
        for _ in range(10):
            target_area = rng.uniform(area[0], area[1]) * h * w
            new_ratio = np.exp(rng.uniform(np.log(ratio[0]), np.log(ratio[1])))
            new_w = int(round(np.sqrt(target_area * new_ratio)))
            new_h = int(round(np.sqrt(target_area / new_ratio)))
            if 0 < new_w <= w and 0 < new_h <= h:
                x0 = int(rng.integers(0, w - new_w + 1))
                y0 = int(rng.integers(0, h - new_h + 1))
                return _fixed_crop(a, x0, y0, new_w, new_h, size, interp)
        return _center_crop(a, size, interp)


class _Random3D(_Transform):
    """Random image operators of MXNet take one HWC image (no batch)."""
    _ndims = (3,)
    _ndim_msg = "Input image must have shape (height, width, channels), but got {}"


class RandomFlipLeftRight(_Random3D):
    """Randomly flips the input image (HWC) left to right with a probability of 0.5."""

    def _apply(self, a):
        return a[:, ::-1, :].copy() if _rng().random() < 0.5 else a


class RandomFlipTopBottom(_Random3D):
    """Randomly flips the input image (HWC) top to bottom with a probability of 0.5."""

    def _apply(self, a):
        return a[::-1, :, :].copy() if _rng().random() < 0.5 else a


class _RandomFactor(_Random3D):
    _adjust = None

    def __init__(self, factor):
        super().__init__()
        self._args = (max(0, 1 - factor), 1 + factor)

    def _apply(self, a):
        return type(self)._adjust(a, _rng().uniform(*self._args))


class RandomBrightness(_RandomFactor):
    """Randomly jitters image brightness with a factor chosen from
    `[max(0, 1 - brightness), 1 + brightness]`.

    Parameters
    ----------
    brightness : float
    """
    _adjust = adjust_brightness


class RandomContrast(_RandomFactor):
    """Randomly jitters image contrast with a factor chosen from
    `[max(0, 1 - contrast), 1 + contrast]`.

    Parameters
    ----------
    contrast : float
    """
    _adjust = adjust_contrast


class RandomSaturation(_RandomFactor):
    """Randomly jitters image saturation with a factor chosen from
    `[max(0, 1 - saturation), 1 + saturation]`.

    Parameters
    ----------
    saturation : float
    """
    _adjust = adjust_saturation


class RandomHue(_RandomFactor):
    """Randomly jitters image hue with a factor chosen from `[max(0, 1 - hue), 1 + hue]`
    (the hue rotates by factor * 360 degrees).

    Parameters
    ----------
    hue : float
    """
    _adjust = adjust_hue


class RandomColorJitter(_Random3D):
    """Randomly jitters the brightness, contrast, saturation and hue of an image (HWC), in
    a random order; each factor is drawn from [1 - x, 1 + x] (hue: a rotation by
    [-hue, hue] * 360 degrees).

    Parameters
    ----------
    brightness, contrast, saturation, hue : float, default 0 (0 leaves it unchanged)
    """

    def __init__(self, brightness=0, contrast=0, saturation=0, hue=0):
        super().__init__()
        self._args = (brightness, contrast, saturation, hue)

    def _apply(self, a):
        return jitter(a, *self._args)


class RandomLighting(_Random3D):
    """Adds AlexNet-style PCA-based noise to an image (HWC): alpha ~ N(0, alpha) for each
    of the three eigenvectors.

    Parameters
    ----------
    alpha : float
        Standard deviation of the noise.
    """

    def __init__(self, alpha):
        super().__init__()
        self._alpha = alpha

    def _apply(self, a):
        return adjust_lighting(a, _rng().normal(0, self._alpha, 3))


class RandomApply(Sequential):
    """Applies a transform (or a Sequential/Compose of them) with probability `p`.

    Parameters
    ----------
    transforms : Block or callable
    p : float, default 0.5
    """

    def __init__(self, transforms, p=0.5):
        super().__init__()
        self.transforms = transforms
        self.p = p

    def forward(self, x):
        if self.p < _rng().random():
            return x
        return self.transforms(x)
