"""Small ``mx.nd.contrib`` ops: div_sqrt_dim, quadratic, gradientmultiplier, round_ste,
sign_ste, index_array, fft, ifft, count_sketch, getnnz."""
import numpy as np

from ..base import MXNetError, shape_str
from .register import primitive

__all__ = []  # contrib-only names: re-exported explicitly by contrib.py, not top-level


def _zeros(x):
    from .unary import zeros_like
    return zeros_like(x)


@primitive(lambda g, x, y: g / float(np.sqrt(x.shape[-1])))
def div_sqrt_dim(xp, data):
    """Rescale the input by the square root of the channel dimension.

        out = data / sqrt(data.shape[-1])
    """
    return (data / data.dtype.type(np.sqrt(data.shape[-1]))).astype(data.dtype, copy=False)


@primitive(lambda g, x, y, a, b, c: g * (x * (2.0 * a) + b))
def quadratic(xp, data, a=0.0, b=0.0, c=0.0):
    """``a * data**2 + b * data + c`` elementwise."""
    if data.dtype.kind == "f" and data.dtype.itemsize >= 4:
        t = data.dtype.type
        return (t(a) * data * data + t(b) * data + t(c)).astype(data.dtype, copy=False)
    if data.dtype.kind == "f":  # float16: float32 arithmetic with some steps rounded to
        h, f = data.dtype.type, np.float32  # float16 (the closest match to MXNet's half_t)
        x = data.astype(f)
        t = (f(a) * x).astype(h).astype(f) * x + f(b) * x
        return (t.astype(h).astype(f) + f(c)).astype(h)
    # integers: computed in floating point, then truncated
    x = data.astype(np.float64)
    return (a * x * x + b * x + c).astype(data.dtype)


@primitive(lambda g, x, y, scalar, is_int: g * scalar)
def gradientmultiplier(xp, data, scalar=1.0, is_int=True):
    """Identity in the forward pass; multiplies the gradient by `scalar` in the backward."""
    return data.copy()


@primitive(lambda g, x, y: g + _zeros(x))
def round_ste(xp, data):
    """Straight-through estimator of ``round()``: rounds half away from zero, gradient 1."""
    return (xp.sign(data) * xp.floor(xp.abs(data) + 0.5)).astype(data.dtype, copy=False)


@primitive(lambda g, x, y: g + _zeros(x))
def sign_ste(xp, data):
    """Straight-through estimator of ``sign()``: sign forward, gradient 1."""
    return xp.sign(data).astype(data.dtype, copy=False)


@primitive(lambda g, x, y, axes: _zeros(x))
def index_array(xp, data, axes=None):
    """The index of every element: shape ``data.shape + (len(axes),)`` (all axes by default),
    ``idx[i_1, ..., i_n, j] = i_{axes[j]}``, int64."""
    nd_ = data.ndim
    if axes is None:
        ax = list(range(nd_))
    else:
        ax = [int(axes)] if np.isscalar(axes) else [int(a) for a in axes]
        for a in ax:
            if not -nd_ <= a < nd_:
                raise MXNetError(f"index_array: axis {a} is out of range for shape "
                                 f"{shape_str(data.shape)}")
        ax = [a % nd_ for a in ax]
    grids = np.indices(data.shape, dtype=np.int64) if nd_ else np.zeros((0,), np.int64)
    out = np.stack([grids[a] for a in ax], axis=-1) if ax else \
        np.zeros(data.shape + (0,), np.int64)
    return xp.asarray(out)


# fft and ifft are mutual adjoints (ifft unnormalised, like MXNet's "consistent with caffe"
# ifft), so each one's gradient is the other.
def _check_fft(data, name, even=False):
    if data.ndim not in (2, 4):
        raise MXNetError(f"{name}: input must be (N, d) or (N1, N2, N3, d), got "
                         f"{shape_str(data.shape)}")
    if even and data.shape[-1] % 2:
        raise MXNetError(f"{name}: the last dimension must be even (interleaved real/imag), "
                         f"got {shape_str(data.shape)}")


@primitive(lambda g, x, y, compute_size: ifft(g, compute_size=compute_size))
def fft(xp, data, compute_size=128):
    """1-D FFT along the last axis of real input (N, d) or (N1, N2, N3, d); the output
    (..., 2*d) interleaves ``[real0, imag0, real1, imag1, ...]``. (MXNet runs it on GPU
    only.)"""
    _check_fft(data, "fft")
    f = np.fft.fft(np.asarray(data, np.float64), axis=-1)
    out = np.stack([f.real, f.imag], axis=-1).reshape(data.shape[:-1] + (-1,))
    return xp.asarray(out.astype(data.dtype))


@primitive(lambda g, x, y, compute_size: fft(g, compute_size=compute_size))
def ifft(xp, data, compute_size=128):
    """1-D inverse FFT along the last axis of interleaved complex input (..., 2*d); returns
    the real part (..., d), NOT divided by d (as MXNet's cuFFT-based ifft)."""
    _check_fft(data, "ifft", even=True)
    z = np.asarray(data, np.float64).reshape(data.shape[:-1] + (-1, 2))
    z = z[..., 0] + 1j * z[..., 1]
    d = z.shape[-1]
    out = np.fft.ifft(z, axis=-1).real * d
    return xp.asarray(out.astype(data.dtype))


def _sketch_grad(g, x, h, s, y, out_dim, processing_batch_size):
    return _sketch_t(g, h, s, in_dim=x.shape[-1])


@primitive(lambda g, x, h, s, y, in_dim: count_sketch(g, h, s, out_dim=x.shape[-1]), None,
           None)
def _sketch_t(xp, out_grad, h, s, in_dim=0):
    hi = h.reshape(-1).astype(np.int64)
    return (out_grad[..., hi] * s.reshape(-1).astype(out_grad.dtype))


@primitive(_sketch_grad, None, None)
def count_sketch(xp, data, h, s, out_dim=None, processing_batch_size=32):
    """Count sketch: ``out[n, h[i]] += s[i] * data[n, i]`` for data (N, d), index hashes `h`
    (1, d) in [0, out_dim) and signs `s` (1, d). (MXNet runs it on GPU only.)"""
    if out_dim is None:
        raise MXNetError("Required parameter out_dim of int is not presented, in operator "
                         "_contrib_count_sketch")
    d = data.shape[-1]
    if h.size != d or s.size != d:
        raise MXNetError(f"count_sketch: h {shape_str(h.shape)} and s {shape_str(s.shape)} "
                         f"must have one entry per input feature ({d})")
    hi = h.reshape(-1).astype(np.int64)
    if hi.size and (hi.min() < 0 or hi.max() >= out_dim):
        raise MXNetError(f"count_sketch: h values must be in [0, {out_dim})")
    x = data.reshape(-1, d) * s.reshape(1, -1).astype(data.dtype)
    rows = x.shape[0]
    flat = (np.arange(rows)[:, None] * out_dim + hi[None]).ravel()
    out = np.bincount(flat, weights=x.ravel(), minlength=rows * int(out_dim))
    return xp.asarray(out.reshape(data.shape[:-1] + (int(out_dim),)).astype(data.dtype))


@primitive(lambda g, x, y, axis: _zeros(x))
def getnnz(xp, data, axis=None):
    """Number of nonzero values: of the whole 2-D array (shape (1,)), per column (axis 0) or
    per row (axis 1), int64. (MXNet accepts only CSR input, where it counts stored values;
    on a dense array it counts nonzeros.)"""
    if data.ndim != 2:
        raise MXNetError(f"getnnz: data must be a 2-D matrix, got {shape_str(data.shape)}")
    nz = data != 0
    if axis is None:
        return xp.asarray(np.array([nz.sum()], np.int64))
    if int(axis) not in (0, 1, -1, -2):
        raise MXNetError(f"getnnz: axis must be None, 0 or 1, got {axis}")
    return xp.asarray(nz.sum(axis=int(axis)).astype(np.int64))
