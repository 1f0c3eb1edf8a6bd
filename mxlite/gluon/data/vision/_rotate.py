"""Rotate and RandomRotation transforms: MXNet's mx.image.imrotate (a rotated sampling grid
read by BilinearSampler, zeros outside the image), on CHW / NCHW float32 tensors."""
from numbers import Number

import numpy as np

from .... import ndarray as nd
from ...block import Block

__all__ = ["Rotate", "RandomRotation", "imrotate"]


def imrotate(src, rotation_degrees, zoom_in=False, zoom_out=False):
    """Rotates the input image(s) (CHW, or NCHW) by `rotation_degrees` (counter-clockwise
    on screen), as mx.image.imrotate.

    Parameters
    ----------
    src : NDArray, float32, (C, H, W) or (N, C, H, W)
    rotation_degrees : scalar, or a 1-D NDArray of one angle per image
    zoom_in : bool, zoom so that no padding shows
    zoom_out : bool, zoom so that the whole image stays visible
    """
    if zoom_in and zoom_out:
        raise ValueError("`zoom_in` and `zoom_out` cannot be both True")
    if src.dtype is not np.float32:
        raise TypeError("Only `float32` images are supported by this function")
    expanded = False
    if src.ndim == 3:
        expanded = True
        src = src.expand_dims(axis=0)
        if not isinstance(rotation_degrees, Number):
            raise TypeError("When a single image is passed the rotation angle is "
                            "required to be a scalar.")
    elif src.ndim != 4:
        raise ValueError("Only 3D and 4D are supported by this function")
    if isinstance(rotation_degrees, Number):
        rotation_degrees = nd.array([rotation_degrees] * len(src), ctx=src.context)
    if len(src) != len(rotation_degrees):
        raise ValueError("The number of images must be equal to the number of rotation angles")
    rad = (np.pi * rotation_degrees / 180).expand_dims(axis=1).expand_dims(axis=2)
    _, _, h, w = src.shape
    hscale, wscale = float(h - 1) / 2, float(w - 1) / 2
    h_matrix = (nd.repeat(nd.arange(h).reshape(h, 1), w, axis=1) - hscale).expand_dims(axis=0)
    w_matrix = (nd.repeat(nd.arange(w).reshape(1, w), h, axis=0) - wscale).expand_dims(axis=0)
    c_alpha, s_alpha = nd.cos(rad), nd.sin(rad)
    # normalised after the rotation, to keep the aspect ratio
    w_rot = (w_matrix * c_alpha - h_matrix * s_alpha) / wscale
    h_rot = (w_matrix * s_alpha + h_matrix * c_alpha) / hscale
    globalscale = 1
    if zoom_in or zoom_out:
        hh, ww = nd.array([h]), nd.array([w])
        rho = nd.sqrt(hh * hh + ww * ww)
        ang = nd.arctan(hh / ww)
        c1x = nd.abs(rho * nd.cos(ang + nd.abs(rad)))
        c1y = nd.abs(rho * nd.sin(ang + nd.abs(rad)))
        c2x = nd.abs(rho * nd.cos(ang - nd.abs(rad)))
        c2y = nd.abs(rho * nd.sin(ang - nd.abs(rad)))
        max_x, max_y = nd.maximum(c1x, c2x), nd.maximum(c1y, c2y)
        if zoom_out:
            globalscale = nd.maximum(max_x / ww, max_y / hh)
        else:
            globalscale = nd.minimum(ww / max_x, hh / max_y)
        globalscale = globalscale.expand_dims(axis=3)
    grid = nd.concat(w_rot.expand_dims(axis=1), h_rot.expand_dims(axis=1), dim=1)
    rot = nd.BilinearSampler(src, grid * globalscale)
    return rot[0] if expanded else rot


class Rotate(Block):
    """Rotates the input image by a given angle, keeping its shape.

    Parameters
    ----------
    rotation_degrees : float
        The rotation angle in degrees.
    zoom_in : bool
        Zoom in so that no padding is present in the output.
    zoom_out : bool
        Zoom out so that the entire original image is present in the output.

    Inputs: a float32 tensor (C x H x W) or (N x C x H x W).
    """

    def __init__(self, rotation_degrees, zoom_in=False, zoom_out=False):
        super().__init__()
        self._args = (rotation_degrees, zoom_in, zoom_out)

    def forward(self, x):
        if x.dtype is not np.float32:
            raise TypeError("This transformation only supports float32. "
                            "Consider calling it after ToTensor")
        return imrotate(x, *self._args)


class RandomRotation(Block):
    """Rotates the input image by a random angle drawn uniformly from `angle_limits`, with
    probability `rotate_with_proba`.

    Parameters
    ----------
    angle_limits : tuple of two floats, (lower, upper) in degrees
    zoom_in, zoom_out : bool, as Rotate
    rotate_with_proba : float, default 1.0
    """

    def __init__(self, angle_limits, zoom_in=False, zoom_out=False, rotate_with_proba=1.0):
        super().__init__()
        lower, upper = angle_limits
        if lower >= upper:
            raise ValueError("`angle_limits` must be an ordered tuple")
        if rotate_with_proba < 0 or rotate_with_proba > 1:
            raise ValueError("Probability of rotating the image should be between 0 and 1")
        self._args = (angle_limits, zoom_in, zoom_out)
        self._rotate_with_proba = rotate_with_proba

    def forward(self, x):
        from ....ndarray.random import _rng
        rng = _rng()
        if rng.random() > self._rotate_with_proba:
            return x
        if x.dtype is not np.float32:
            raise TypeError("This transformation only supports float32. "
                            "Consider calling it after ToTensor")
        limits, zoom_in, zoom_out = self._args
        if x.ndim == 3:
            deg = float(rng.uniform(*limits))
        else:
            deg = nd.array(rng.uniform(*limits, size=x.shape[0]))
        return imrotate(x, deg, zoom_in=zoom_in, zoom_out=zoom_out)
