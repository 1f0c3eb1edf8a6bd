"""mx.image functions (MXNet 1.9.1's mxnet/image/image.py): decoding (through Pillow, an
optional extra), OpenCV-style resizing (mxlite.ndarray.image_resize), crops, borders
and normalisation of HWC images."""
import io as _io
import os
import random
import warnings

import numpy as np

from ..base import MXNetError, numeric_types
from .. import ndarray as nd
from ..ndarray import NDArray
from ..ndarray.image_resize import resize as _cv_resize
from ..gluon.data.vision._rotate import imrotate

__all__ = ["imread", "imdecode", "imresize", "scale_down", "copyMakeBorder", "resize_short",
           "fixed_crop", "random_crop", "center_crop", "color_normalize", "random_size_crop",
           "imrotate", "random_rotate"]


def _pil_image():
    try:
        from PIL import Image
    except ImportError:
        raise MXNetError("mx.image needs Pillow to decode images (pip install pillow): "
                         "mxlite has no OpenCV") from None
    return Image


def _decode(raw, flag=1, to_rgb=True):
    """Encoded image bytes -> HWC uint8 numpy array: flag 0 gives one gray channel, other
    flags three channels (alpha dropped), as MXNet's _cvimdecode."""
    if not isinstance(flag, (int, np.integer)) or flag < 0:
        raise MXNetError("Invalid Parameter format for flag expect int (0 for grayscale, 1 for "
                         "color) but value='%s'" % (flag,))
    Image = _pil_image()
    try:
        img = Image.open(_io.BytesIO(bytes(raw)))
        img.load()
    except Exception:
        raise MXNetError("Check failed: !res.empty(): Decoding failed. Invalid image file.") \
            from None
    if flag == 0:
        if img.format == "PNG" and img.mode not in ("L", "I", "I;16", "1"):
            # OpenCV lets libpng convert: 15-bit coefficients of 0.299/0.587, truncated
            rgb = np.asarray(img.convert("RGB"), dtype=np.int64)
            g = (rgb[:, :, 0] * 9798 + rgb[:, :, 1] * 19235 + rgb[:, :, 2] * 3735) >> 15
            return np.ascontiguousarray(g.astype(np.uint8)[:, :, None])
        # Pillow's L conversion is libjpeg's (16-bit coefficients, rounded)
        return np.ascontiguousarray(np.asarray(img.convert("L"), dtype=np.uint8)[:, :, None])
    a = np.asarray(img.convert("RGB"), dtype=np.uint8)
    if not to_rgb:  # OpenCV's native channel order is BGR
        a = a[:, :, ::-1]
    return np.ascontiguousarray(a)


def imread(filename, flag=1, to_rgb=True, out=None):
    """Reads an image file into an HWC uint8 NDArray.

    Parameters
    ----------
    filename : str
        Name of the image file.
    flag : {0, 1}, default 1
        1 for a three channel color image, 0 for grayscale.
    to_rgb : bool, default True
        True for RGB channel order, False for OpenCV's BGR.
    out : NDArray, optional
        Output buffer.

    Returns
    -------
    NDArray
        (H, W, C) uint8 image. Decoding needs Pillow (an optional extra).
    """
    try:
        with open(os.fspath(filename), "rb") as f:
            raw = f.read()
    except OSError as e:
        raise MXNetError("Imread: Check failed: file.is_open(): '%s' couldn't open file: %s"
                         % (filename, e.strerror)) from None
    return _as_out(_decode(raw, flag, to_rgb), out)


def _as_out(a, out):
    res = nd.array(a, dtype=a.dtype)
    if out is not None:
        out[:] = res
        return out
    return res


def imdecode(buf, flag=1, to_rgb=True, out=None):
    """Decodes an encoded image (PNG, JPEG, ...) into an HWC uint8 NDArray.

    Parameters
    ----------
    buf : bytes, bytearray, numpy.ndarray or NDArray (uint8)
        The encoded image.
    flag : {0, 1}, default 1
        1 for a three channel color image, 0 for grayscale.
    to_rgb : bool, default True
        True for RGB channel order, False for OpenCV's BGR.
    out : NDArray, optional

    Returns
    -------
    NDArray
        Needs Pillow (an optional extra); without it raises MXNetError.
    """
    if isinstance(buf, NDArray):
        raw = buf.asnumpy()
    elif isinstance(buf, np.ndarray):
        raw = buf
    elif isinstance(buf, (bytes, bytearray)):
        raw = np.frombuffer(buf, dtype=np.uint8)
    else:
        raise ValueError("buf must be of type bytes, bytearray or numpy.ndarray,"
                         "if you would like to input type str, please convert to bytes")
    return _as_out(_decode(np.asarray(raw, dtype=np.uint8).tobytes(), flag, to_rgb), out)


def imresize(src, w, h, interp=1, out=None):
    """Resizes an HWC image to width `w` and height `h` as OpenCV's cv::resize.

    Parameters
    ----------
    src : NDArray, (H, W, C)
    w, h : int
        Output width and height.
    interp : int, default 1
        0 nearest, 1 bilinear, 2 bicubic, 3 area, 4 Lanczos.
    out : NDArray, optional

    Returns
    -------
    NDArray of the input's dtype.
    """
    if src.ndim != 3:
        raise MXNetError("Operator _cvimresize inferring shapes failed: the input must be an "
                         "(H, W, C) image, got shape %s" % (src.shape,))
    if interp not in (0, 1, 2, 3, 4):
        raise MXNetError("OpenCV: error: (-5:Bad argument) Unknown interpolation method %s in "
                         "function 'resize'" % (interp,))
    a = src.asnumpy()
    r = _cv_resize(a, int(w), int(h), int(interp))
    return _as_out(np.ascontiguousarray(r, dtype=a.dtype), out)


def scale_down(src_size, size):
    """Scales `size` (w, h) down so that it fits in `src_size` (w, h), keeping its ratio.

    >>> scale_down((640, 480), (720, 120))
    (640, 106)
    """
    src_w, src_h = src_size
    want_w, want_h = size
    if want_h > src_h:  # too tall: shrink to the source height
        want_w, want_h = float(want_w * src_h) / want_h, src_h
    if want_w > src_w:  # (still) too wide: shrink to the source width
        want_w, want_h = src_w, float(want_h * src_w) / want_w
    return int(want_w), int(want_h)


_BORDER_MODES = {0: "constant", 1: "edge", 2: "symmetric", 3: "wrap", 4: "reflect"}


def _border_fill(shape_tail, value, values):
    """The constant border colour: `value` on every channel, or OpenCV's Scalar `values`
    (missing channels are 0)."""
    fill = np.full(shape_tail, value, np.float64)
    if values:
        scalar = np.zeros(max(fill.size, len(values)))
        scalar[:len(values)] = values
        fill[...] = scalar[:fill.size].reshape(fill.shape)
    return fill


def copyMakeBorder(src, top, bot, left, right, type=0, value=0.0, values=(), out=None):  # noqa: A002
    """Pads an HWC image with a border, as OpenCV's copyMakeBorder.

    Parameters
    ----------
    src : NDArray, (H, W, C)
    top, bot, left, right : int
        Border widths.
    type : int, default 0
        0 constant, 1 replicate, 2 reflect (fedcba|abcdef), 3 wrap, 4 reflect_101
        (fedcb|abcdef).
    value : float, default 0
        The constant border value (all channels).
    values : tuple of float, optional
        Per-channel constant border values (replace `value`).
    """
    mode = _BORDER_MODES.get(type)
    if mode is None:
        raise MXNetError("copyMakeBorder: unknown border type %s" % (type,))
    img = src.asnumpy()
    widths = [(int(top), int(bot)), (int(left), int(right))] + [(0, 0)] * (img.ndim - 2)
    padded = np.pad(img, widths, mode=mode)
    if mode == "constant":
        border = np.ones(padded.shape[:2], bool)
        border[top:top + img.shape[0], left:left + img.shape[1]] = False
        padded[border] = _border_fill(img.shape[2:], value, values).astype(img.dtype)
    return _as_out(padded, out)


def _by_size(sizes):
    """Interpolation picked from (old_h, old_w, new_h, new_w): bicubic when enlarging both
    sides, area when shrinking both, bilinear otherwise."""
    old_h, old_w, new_h, new_w = sizes
    if new_h > old_h and new_w > old_w:
        return 2
    if new_h < old_h and new_w < old_w:
        return 3
    return 1


def _get_interp_method(interp, sizes=()):
    """The interpolation code to use: 9 picks by the sizes (bicubic when enlarging, area
    when shrinking, else bilinear), 10 a random one."""
    if interp in (0, 1, 2, 3, 4):
        return interp
    if interp == 10:
        return random.randint(0, 4)
    if interp != 9:
        raise ValueError("Unknown interp method %d" % interp)
    if not sizes:
        return 2
    assert len(sizes) == 4
    return _by_size(sizes)


def resize_short(src, size, interp=2):
    """Resizes the shorter edge of an HWC image to `size`, keeping the aspect ratio."""
    h, w, _ = src.shape
    new_h, new_w = (size * h // w, size) if h > w else (size, size * w // h)
    method = _get_interp_method(interp, (h, w, new_h, new_w))
    return imresize(src, new_w, new_h, interp=method)


def fixed_crop(src, x0, y0, w, h, size=None, interp=2):
    """Crops `src` at (x0, y0) to width `w` and height `h`, then resizes to `size` (w, h)."""
    region = src[y0:y0 + h, x0:x0 + w]
    if size is None or (w, h) == size:
        return region
    method = _get_interp_method(interp, (h, w, size[1], size[0]))
    return imresize(region, size[0], size[1], interp=method)


def _crop_at(src, x0, y0, cw, ch, size, interp):
    return fixed_crop(src, x0, y0, cw, ch, size, interp), (x0, y0, cw, ch)


def random_crop(src, size, interp=2):
    """Randomly crops `src` to `size` (width, height), scaled down to fit first; returns
    (image, (x0, y0, w, h))."""
    h, w, _ = src.shape
    cw, ch = scale_down((w, h), size)
    x0 = random.randint(0, w - cw)
    y0 = random.randint(0, h - ch)
    return _crop_at(src, x0, y0, cw, ch, size, interp)


def center_crop(src, size, interp=2):
    """Crops the centre of `src` to `size` (width, height); returns (image, (x0, y0, w, h))."""
    h, w, _ = src.shape
    cw, ch = scale_down((w, h), size)
    return _crop_at(src, int((w - cw) / 2), int((h - ch) / 2), cw, ch, size, interp)


def color_normalize(src, mean, std=None):
    """Normalises `src` in place: ``(src - mean) / std``."""
    if mean is not None:
        src -= mean
    if std is not None:
        src /= std
    return src


def random_size_crop(src, size, area, ratio, interp=2, **kwargs):
    """Randomly crops a region of random area fraction `area` (min or (min, max)) and
    aspect ratio in `ratio`, resized to `size`; falls back to a centre crop after 10 tries.
    Returns (image, (x0, y0, w, h))."""
    h, w, _ = src.shape
    if "min_area" in kwargs:
        warnings.warn("`min_area` is deprecated. Please use `area` instead.", DeprecationWarning)
        area = kwargs.pop("min_area")
    assert not kwargs, "unexpected keyword arguments for `random_size_crop`."
    lo, hi = (area, 1.0) if isinstance(area, numeric_types) else (area[0], area[1])
    log_lo, log_hi = np.log(ratio[0]), np.log(ratio[1])
    attempts = 10
    while attempts:
        attempts -= 1
        target = random.uniform(lo, hi) * (h * w)
        aspect = np.exp(random.uniform(log_lo, log_hi))
        cw = int(round(np.sqrt(target * aspect)))
        ch = int(round(np.sqrt(target / aspect)))
        if cw > w or ch > h:
            continue
        x0 = random.randint(0, w - cw)
        y0 = random.randint(0, h - ch)
        return _crop_at(src, x0, y0, cw, ch, size, interp)
    return center_crop(src, size, interp)


def random_rotate(src, angle_limits, zoom_in=False, zoom_out=False):
    """Rotates CHW / NCHW float32 image(s) by random angles in `angle_limits` (degrees)."""
    if src.ndim == 3:
        angles = np.random.uniform(*angle_limits)
    else:  # one angle per image of the batch
        angles = nd.array(np.random.uniform(*angle_limits, size=src.shape[0]))
    return imrotate(src, angles, zoom_in=zoom_in, zoom_out=zoom_out)
