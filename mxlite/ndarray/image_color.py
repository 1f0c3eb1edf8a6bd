"""Colour adjustments of HWC images, as MXNet's C++ image operators compute them
(brightness, contrast, saturation, hue, PCA lighting); used by nd.image and the transforms."""
import numpy as np

__all__ = ["adjust_brightness", "adjust_contrast", "adjust_saturation", "adjust_hue",
           "adjust_lighting"]

_GRAY = np.array([0.299, 0.587, 0.114], np.float32)


def _saturate(out, dtype):
    """MXNet's saturate_cast: uint8 clamped to [0, 255] then truncated; other integers
    truncated; floats kept as they are (no clamping)."""
    dtype = np.dtype(dtype)
    if dtype == np.uint8:
        return np.clip(out, 0, 255).astype(np.uint8)
    if dtype.kind in "iu":
        return np.trunc(out).astype(np.int64).astype(dtype)
    return out.astype(dtype)


def adjust_brightness(a, alpha):
    """x * alpha."""
    return _saturate(a.astype(np.float32) * np.float32(alpha), a.dtype)


def adjust_contrast(a, alpha):
    """Blends with the mean gray level: x * alpha + (1 - alpha) * mean(gray)."""
    f = a.astype(np.float32)
    gray = f @ _GRAY if a.shape[-1] == 3 else f[..., 0]
    beta = (1 - np.float32(alpha)) * np.float32(gray.mean(dtype=np.float64))
    return _saturate(f * np.float32(alpha) + beta, a.dtype)


def adjust_saturation(a, alpha):
    """Blends each pixel with its gray level: x * alpha + (1 - alpha) * gray.

    MXNet 1.9.1 takes only the blue channel's share (0.114 * b) as the gray level (a bug:
    `=` for `+=`); mxlite uses the full 0.299 r + 0.587 g + 0.114 b."""
    if a.shape[-1] != 3:
        return a.copy()
    f = a.astype(np.float32)
    gray = (f @ _GRAY)[..., None] * (1 - np.float32(alpha))
    return _saturate(gray + f * np.float32(alpha), a.dtype)


def _rgb_to_hls(f):
    r, g, b = f[..., 0] / 255, f[..., 1] / 255, f[..., 2] / 255
    vmax, vmin = np.maximum(np.maximum(r, g), b), np.minimum(np.minimum(r, g), b)
    diff = vmax - vmin
    l = (vmax + vmin) * 0.5
    ok = diff > np.finfo(np.float32).eps
    safe = np.where(ok, diff, 1)
    s = np.where(l < 0.5, diff / np.where(ok, vmax + vmin, 1),
                 diff / np.where(ok, 2 - vmax - vmin, 1))
    d = 60 / safe
    h = np.where(vmax == r, (g - b) * d,
                 np.where(vmax == g, (b - r) * d + 120, (r - g) * d + 240))
    h = np.where(h < 0, h + 360, h)
    return np.where(ok, h, 0), l, np.where(ok, s, 0)


_HLS_SECTORS = np.array([[1, 3, 0], [1, 0, 2], [3, 0, 1], [0, 2, 1], [0, 1, 3], [2, 1, 0]])


def _hls_to_rgb(h, l, s):
    p2 = np.where(l <= 0.5, l * (1 + s), l + s - l * s)
    p1 = 2 * l - p2
    h = np.mod(h / 60, 6)
    sector = np.minimum(h.astype(np.int64), 5)
    h = h - sector
    tab = np.stack([p2, p1, p1 + (p2 - p1) * (1 - h), p1 + (p2 - p1) * h], axis=-1)
    idx = _HLS_SECTORS[sector]                                  # (..., 3): b, g, r
    bgr = np.take_along_axis(tab, idx, axis=-1)
    rgb = bgr[..., ::-1]
    gray = (s == 0)[..., None]
    return np.where(gray, l[..., None], rgb) * 255


def adjust_hue(a, alpha):
    """Rotates the hue by alpha * 360 degrees in HLS space (lightness and saturation
    kept). One channel images are returned unchanged (MXNet 1.9.1 returns zeros)."""
    if a.shape[-1] != 3:
        return a.copy()
    h, l, s = _rgb_to_hls(a.astype(np.float64))
    return _saturate(_hls_to_rgb(h + alpha * 360.0, l, s), a.dtype)


_EIGVAL = np.array([55.46, 4.794, 1.148])
_EIGVEC = np.array([[-0.5675, 0.7192, 0.4009], [-0.5808, -0.0045, -0.8140],
                    [-0.5836, -0.6948, 0.4203]])


def adjust_lighting(a, alpha):
    """Adds AlexNet's PCA noise: eigvec @ (alpha * eigval) to the (R, G, B) values. One
    channel images are returned unchanged (MXNet 1.9.1 returns zeros)."""
    if a.shape[-1] != 3:
        return a.copy()
    rgb = (_EIGVEC @ (np.asarray(alpha, np.float64) * _EIGVAL)).astype(np.float32)
    return _saturate(a.astype(np.float32) + rgb, a.dtype)
