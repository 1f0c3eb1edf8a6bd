"""The Augmenter classes of mx.image and CreateAugmenter (MXNet 1.9.1). Random choices use
Python's `random` (and numpy's for LightingAug) exactly as MXNet, so seeded runs agree."""
import json
import random
import warnings

import numpy as np

from .. import ndarray as nd
from ..ndarray import NDArray
from .image import (_get_interp_method, center_crop, color_normalize, imresize, random_crop,
                    random_size_crop, resize_short)

__all__ = ["Augmenter", "SequentialAug", "ResizeAug", "ForceResizeAug", "RandomCropAug",
           "RandomSizedCropAug", "CenterCropAug", "RandomOrderAug", "BrightnessJitterAug",
           "ContrastJitterAug", "SaturationJitterAug", "HueJitterAug", "ColorJitterAug",
           "LightingAug", "ColorNormalizeAug", "RandomGrayAug", "HorizontalFlipAug", "CastAug",
           "CreateAugmenter"]

# luma weights (ITU-R 601) used by the contrast / saturation jitters
_LUMA = (0.299, 0.587, 0.114)
# RGB <-> YIQ matrices of the hue jitter
_RGB2YIQ = ((0.299, 0.587, 0.114), (0.596, -0.274, -0.321), (0.211, -0.523, 0.311))
_YIQ2RGB = ((1.0, 0.956, 0.621), (1.0, -0.272, -0.647), (1.0, -1.107, 1.705))
# ImageNet statistics used by CreateAugmenter
_PCA_EIGVAL = (55.46, 4.794, 1.148)
_PCA_EIGVEC = ((-0.5675, 0.7192, 0.4009), (-0.5808, -0.0045, -0.8140),
               (-0.5836, -0.6948, 0.4203))
_IMAGENET_MEAN = (123.68, 116.28, 103.53)
_IMAGENET_STD = (58.395, 57.12, 57.375)


def _jsonable(value):
    if isinstance(value, NDArray):
        value = value.asnumpy()
    return value.tolist() if isinstance(value, np.ndarray) else value


class Augmenter:
    """Image augmenter base class; ``dumps()`` gives its name and arguments as JSON."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        kwargs.update({key: _jsonable(val) for key, val in kwargs.items()})

    def _name(self):
        return type(self).__name__.lower()

    def dumps(self):
        """The augmenter as a JSON string ``[name, kwargs]``."""
        return json.dumps([self._name(), self._kwargs])

    def __call__(self, src):
        raise NotImplementedError("Must override implementation.")


class _ChainAug(Augmenter):
    """Shared body of SequentialAug and RandomOrderAug: a list of augmenters `ts`."""

    def __init__(self, ts):
        super().__init__()
        self.ts = ts

    def dumps(self):
        return [self._name(), [child.dumps() for child in self.ts]]

    def _order(self):
        return self.ts

    def __call__(self, src):
        out = src
        for step in self._order():
            out = step(out)
        return out


class SequentialAug(_ChainAug):
    """Applies the augmenters `ts` in order."""


class RandomOrderAug(_ChainAug):
    """Applies the augmenters `ts` in a random order."""

    def _order(self):
        random.shuffle(self.ts)
        return self.ts


class _SizedAug(Augmenter):
    """Shared constructor of the augmenters taking (size, interp)."""

    def __init__(self, size, interp=2):
        super().__init__(size=size, interp=interp)
        self.size = size
        self.interp = interp


class ResizeAug(_SizedAug):
    """Resizes the shorter edge to `size`."""

    def __call__(self, src):
        return resize_short(src, self.size, self.interp)


class ForceResizeAug(_SizedAug):
    """Resizes to `size` (width, height), ignoring the aspect ratio."""

    def __call__(self, src):
        w, h = self.size
        method = _get_interp_method(self.interp, (src.shape[0], src.shape[1], h, w))
        return imresize(src, w, h, interp=method)


class RandomCropAug(_SizedAug):
    """Randomly crops to `size` (width, height)."""

    def __call__(self, src):
        cropped, _ = random_crop(src, self.size, self.interp)
        return cropped


class CenterCropAug(_SizedAug):
    """Crops the centre to `size` (width, height)."""

    def __call__(self, src):
        cropped, _ = center_crop(src, self.size, self.interp)
        return cropped


class RandomSizedCropAug(Augmenter):
    """Random area and aspect ratio crop, resized to `size` (see random_size_crop)."""

    def __init__(self, size, area, ratio, interp=2, **kwargs):
        super().__init__(size=size, area=area, ratio=ratio, interp=interp)
        if "min_area" in kwargs:
            warnings.warn("`min_area` is deprecated. Please use `area` instead.",
                          DeprecationWarning)
            area = kwargs.pop("min_area")
        assert not kwargs, "unexpected keyword arguments for `RandomSizedCropAug`."
        self.size, self.area, self.ratio, self.interp = size, area, ratio, interp

    def __call__(self, src):
        cropped, _ = random_size_crop(src, self.size, self.area, self.ratio, self.interp)
        return cropped


def _scale_factor(spread):
    """1 + U(-spread, spread), drawn from Python's `random`."""
    return 1.0 + random.uniform(-spread, spread)


class BrightnessJitterAug(Augmenter):
    """Scales by 1 + U(-brightness, brightness) (in place on float images)."""

    def __init__(self, brightness):
        super().__init__(brightness=brightness)
        self.brightness = brightness

    def __call__(self, src):
        src *= _scale_factor(self.brightness)
        return src


class ContrastJitterAug(Augmenter):
    """Blends with the mean gray level by 1 + U(-contrast, contrast)."""

    def __init__(self, contrast):
        super().__init__(contrast=contrast)
        self.contrast = contrast
        self.coef = nd.array([[list(_LUMA)]])

    def __call__(self, src):
        k = _scale_factor(self.contrast)
        weighted = src * self.coef
        mean_part = nd.sum(weighted) * (3.0 * (1.0 - k) / weighted.size)
        src *= k
        src += mean_part
        return src


class SaturationJitterAug(Augmenter):
    """Blends with the per-pixel gray level by 1 + U(-saturation, saturation)."""

    def __init__(self, saturation):
        super().__init__(saturation=saturation)
        self.saturation = saturation
        self.coef = nd.array([[list(_LUMA)]])

    def __call__(self, src):
        k = _scale_factor(self.saturation)
        luma = nd.sum(src * self.coef, axis=2, keepdims=True)
        luma *= (1.0 - k)
        src *= k
        src += luma
        return src


class HueJitterAug(Augmenter):
    """Rotates the hue by U(-hue, hue) * 180 degrees in YIQ space."""

    def __init__(self, hue):
        super().__init__(hue=hue)
        self.hue = hue
        self.tyiq = np.array(_RGB2YIQ)
        self.ityiq = np.array(_YIQ2RGB)

    def __call__(self, src):
        theta = random.uniform(-self.hue, self.hue) * np.pi
        c, s = np.cos(theta), np.sin(theta)
        rotation = np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])
        mix = self.ityiq.dot(rotation).dot(self.tyiq)
        return nd.dot(src, nd.array(mix.T))


class ColorJitterAug(RandomOrderAug):
    """Brightness, contrast and saturation jitter in a random order."""

    def __init__(self, brightness, contrast, saturation):
        kinds = ((brightness, BrightnessJitterAug), (contrast, ContrastJitterAug),
                 (saturation, SaturationJitterAug))
        super().__init__([cls(amount) for amount, cls in kinds if amount > 0])


class LightingAug(Augmenter):
    """AlexNet-style PCA lighting noise: adds eigvec * (N(0, alphastd) * eigval)."""

    def __init__(self, alphastd, eigval, eigvec):
        super().__init__(alphastd=alphastd, eigval=eigval, eigvec=eigvec)
        self.alphastd, self.eigval, self.eigvec = alphastd, eigval, eigvec

    def __call__(self, src):
        noise = np.random.normal(0, self.alphastd, size=(3,))
        src += nd.array((self.eigvec * noise).dot(self.eigval))
        return src


def _as_nd(value):
    return value if value is None or isinstance(value, NDArray) else nd.array(value)


class ColorNormalizeAug(Augmenter):
    """Subtracts `mean` and divides by `std` (in place)."""

    def __init__(self, mean, std):
        super().__init__(mean=mean, std=std)
        self.mean, self.std = _as_nd(mean), _as_nd(std)

    def __call__(self, src):
        return color_normalize(src, self.mean, self.std)


class _MaybeAug(Augmenter):
    """Applies ``self._apply`` with probability `p` (one draw of Python's `random`)."""

    def __init__(self, p):
        super().__init__(p=p)
        self.p = p

    def __call__(self, src):
        return self._apply(src) if random.random() < self.p else src


class RandomGrayAug(_MaybeAug):
    """Converts to gray with probability `p`."""

    def __init__(self, p):
        super().__init__(p)
        self.mat = nd.array([[w] * 3 for w in (0.21, 0.72, 0.07)])

    def _apply(self, src):
        return nd.dot(src, self.mat)


class HorizontalFlipAug(_MaybeAug):
    """Flips left-right with probability `p`."""

    def _apply(self, src):
        return nd.flip(src, axis=1)


class CastAug(Augmenter):
    """Casts to `typ` (default float32)."""

    def __init__(self, typ="float32"):
        super().__init__(type=typ)
        self.typ = typ

    def __call__(self, src):
        return src.astype(self.typ)


def _stat(value, default):
    """True -> ImageNet's `default`; otherwise an array of 1 or 3 values, or None."""
    if value is True:
        return nd.array(list(default))
    if value is not None:
        assert isinstance(value, (np.ndarray, NDArray)) and value.shape[0] in [1, 3]
    return value


def CreateAugmenter(data_shape, resize=0, rand_crop=False, rand_resize=False, rand_mirror=False,
                    mean=None, std=None, brightness=0, contrast=0, saturation=0, hue=0,
                    pca_noise=0, rand_gray=0, inter_method=2):
    """The standard list of augmenters (as MXNet's CreateAugmenter).

    Parameters
    ----------
    data_shape : tuple of int, (C, H, W)
    resize : int
        Resize the shorter edge to this first (0 = no).
    rand_crop, rand_resize, rand_mirror : bool
    mean, std : True (ImageNet's values), an array of 1 or 3 values, or None
    brightness, contrast, saturation, hue, pca_noise, rand_gray : float
    inter_method : int, default 2
        0-4 as imresize, 9 auto, 10 random.
    """
    pipeline = [ResizeAug(resize, inter_method)] if resize > 0 else []
    wh = (data_shape[2], data_shape[1])
    if rand_resize:
        assert rand_crop
        pipeline.append(RandomSizedCropAug(wh, 0.08, (3.0 / 4.0, 4.0 / 3.0), inter_method))
    else:
        crop_cls = RandomCropAug if rand_crop else CenterCropAug
        pipeline.append(crop_cls(wh, inter_method))
    if rand_mirror:
        pipeline.append(HorizontalFlipAug(0.5))
    pipeline.append(CastAug())
    if brightness or contrast or saturation:
        pipeline.append(ColorJitterAug(brightness, contrast, saturation))
    if hue:
        pipeline.append(HueJitterAug(hue))
    if pca_noise > 0:
        pipeline.append(LightingAug(pca_noise, np.array(_PCA_EIGVAL), np.array(_PCA_EIGVEC)))
    if rand_gray > 0:
        pipeline.append(RandomGrayAug(rand_gray))
    mean = _stat(mean, _IMAGENET_MEAN)
    std = _stat(std, _IMAGENET_STD)
    if mean is not None or std is not None:
        pipeline.append(ColorNormalizeAug(mean, std))
    return pipeline
