"""OpenCV's ``cv::resize`` in numpy, as MXNet's image operators call it.

Interpolation codes: 0 nearest, 1 bilinear, 2 bicubic, 3 area, 4 Lanczos (8x8). Pixel
centres are at half-integers (``src = (dst + 0.5) * scale - 0.5``); borders replicate.
uint8 images follow OpenCV's fixed-point arithmetic (coefficients scaled by 2048): bicubic,
Lanczos, nearest and shrinking bilinear match MXNet 1.9.1 to the last bit; enlarging
bilinear may differ by 1 on a few pixels. Other dtypes compute in floating point and are
cast back with saturation.
"""
import numpy as np

_COEF_BITS = 11
_COEF_SCALE = 1 << _COEF_BITS


def _cubic_coeffs(fx, A=-0.75):
    x0, x1, x2 = fx + 1.0, fx, 1.0 - fx
    c0 = ((A * x0 - 5 * A) * x0 + 8 * A) * x0 - 4 * A
    c1 = ((A + 2) * x1 - (A + 3)) * x1 * x1 + 1
    c2 = ((A + 2) * x2 - (A + 3)) * x2 * x2 + 1
    return np.stack([c0, c1, c2, 1.0 - c0 - c1 - c2], axis=-1)


def _lanczos4_coeffs(fx):
    # OpenCV's interpolateLanczos4: sin-window products, normalised to sum 1
    k = np.arange(8)
    y = fx[:, None] + 3 - k[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(np.abs(y) < 1e-12, 1.0,
                     np.sin(np.pi * y) * np.sin(np.pi * y / 4) / (np.pi * np.pi * y * y / 4))
    c = np.where(np.abs(y) < 1e-12, 1.0, c)
    return c / c.sum(axis=1, keepdims=True)


def _taps(n_src, n_dst, interp, shrink=False):
    """(index matrix (n_dst, k), weight matrix (n_dst, k)) along one axis; `shrink` tells
    that area interpolation shrinks the image along both axes."""
    scale = n_src / n_dst
    d = np.arange(n_dst)
    if interp == 3 and shrink:                       # area, shrinking: box-filter overlaps
        lo, hi = d * scale, (d + 1) * scale
        k = int(np.ceil(scale)) + 1
        idx = np.floor(lo).astype(np.int64)[:, None] + np.arange(k)[None, :]
        left = np.maximum(lo[:, None], idx)
        right = np.minimum(hi[:, None], idx + 1)
        w = np.clip(right - left, 0, None) / scale
        return np.minimum(idx, n_src - 1), w
    fx = ((d + 0.5) * scale - 0.5).astype(np.float32).astype(np.float64)
    sx = np.floor(fx).astype(np.int64)
    fx = fx - sx
    if interp == 3:                                  # area, enlarging: a sharper linear
        sx = np.floor(d * scale).astype(np.int64)
        fx = (d + 1) - (sx + 1) / scale
        fx = np.where(fx <= 0, 0.0, fx - np.floor(fx))
        interp = 1
    if interp == 1:
        lo, hi = sx < 0, sx >= n_src - 1
        fx = np.where(lo | hi, 0.0, fx)
        sx = np.where(lo, 0, np.where(hi, n_src - 1, sx))
        w = np.stack([1.0 - fx, fx], axis=-1)
        idx = sx[:, None] + np.arange(2)[None, :]
    elif interp == 2:
        w = _cubic_coeffs(fx)
        idx = sx[:, None] + np.arange(-1, 3)[None, :]
    else:
        w = _lanczos4_coeffs(fx)
        idx = sx[:, None] + np.arange(-3, 5)[None, :]
    return np.clip(idx, 0, n_src - 1), w


def _fixed(w):
    """OpenCV's integer coefficients: rounded to 1/2048; for bilinear the second is the
    complement of the first."""
    iw = np.round(w * _COEF_SCALE).astype(np.int64)
    if w.shape[1] == 2:
        iw[:, 1] = _COEF_SCALE - iw[:, 0]
    return iw


def _cast(out, dtype):
    """Saturating cast (OpenCV's saturate_cast: round to nearest, then clamp)."""
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return np.clip(np.rint(out), info.min, info.max).astype(dtype)
    return out.astype(dtype)


def _area_fast2(img):
    """OpenCV's shortcut for an exact 2x shrink (bilinear and area both take it)."""
    a = img.astype(np.int64 if img.dtype == np.uint8 else np.float64)
    s = a[..., 0::2, 0::2, :] + a[..., 0::2, 1::2, :] + a[..., 1::2, 0::2, :] + \
        a[..., 1::2, 1::2, :]
    if img.dtype == np.uint8:
        return ((s + 2) >> 2).astype(np.uint8)
    return _cast(s * 0.25, img.dtype)


def resize(img, w, h, interpolation=1):
    """Resizes an HWC (or NHWC) numpy image to width `w` and height `h` like cv::resize.

    Parameters
    ----------
    img : numpy.ndarray, (H, W, C) or (N, H, W, C)
    w, h : int, the output width and height
    interpolation : int, 0 nearest, 1 bilinear, 2 bicubic, 3 area, 4 Lanczos
    """
    H, W = img.shape[-3], img.shape[-2]
    if (H, W) == (h, w):
        return img.copy()
    if interpolation not in (0, 1, 2, 3, 4):
        # OpenCV's other codes (e.g. 9 = auto in mx.image) fall back to bilinear here
        interpolation = 1
    if interpolation == 0:
        ys = np.minimum(np.floor(np.arange(h) * (H / h)).astype(np.int64), H - 1)
        xs = np.minimum(np.floor(np.arange(w) * (W / w)).astype(np.int64), W - 1)
        return img[..., ys, :, :][..., :, xs, :]
    if interpolation in (1, 3) and H == 2 * h and W == 2 * w:
        return _area_fast2(img)
    shrink = H >= h and W >= w
    yi, yw = _taps(H, h, interpolation, shrink)
    xi, xw = _taps(W, w, interpolation, shrink)
    if img.dtype == np.uint8 and not (interpolation == 3 and shrink):
        a = img.astype(np.int64)
        ixw, iyw = _fixed(xw), _fixed(yw)
        # horizontal pass keeps 11 fractional bits, vertical adds 11 more
        tmp = np.einsum("...yxkc,xk->...yxc", a[..., :, xi, :], ixw)
        if interpolation == 1:
            # OpenCV's SIMD vertical pass: 16-bit products, 2 bits rounded at the end
            s0, s1 = tmp[..., yi[:, 0], :, :], tmp[..., yi[:, 1], :, :]
            b0, b1 = iyw[:, 0][:, None, None], iyw[:, 1][:, None, None]
            out = ((((s0 >> 4) * b0) >> 16) + (((s1 >> 4) * b1) >> 16) + 2) >> 2
        else:
            out = np.einsum("...ykxc,yk->...yxc", tmp[..., yi, :, :], iyw)
            out = (out + (1 << (2 * _COEF_BITS - 1))) >> (2 * _COEF_BITS)
        return np.clip(out, 0, 255).astype(np.uint8)
    a = img.astype(np.float64)
    tmp = np.einsum("...yxkc,xk->...yxc", a[..., :, xi, :], xw)
    out = np.einsum("...ykxc,yk->...yxc", tmp[..., yi, :, :], yw)
    return _cast(out, img.dtype)
