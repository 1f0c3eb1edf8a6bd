"""``mx.nd.contrib``: boolean_mask, index_copy, isinf, isnan, isfinite, allclose, arange_like.

These are reached as ``nd.contrib.<name>``; ``__all__`` lists what is ALSO top-level (none).
"""
import numpy as np

from ..base import MXNetError, shape_str
from .ndarray import NDArray, _wrap
from .register import primitive
from .unary import _scalar_to

__all__ = []

# MXNet also exposes these under nd.contrib
from .ctc import CTCLoss, ctc_loss  # noqa: E402,F401
from .optimizer_ops import adamw_update, mp_adamw_update  # noqa: E402,F401


def _zeros(x):
    from .unary import zeros_like
    return zeros_like(x)


def _zero_grad(g, x, y, **attrs):
    return _zeros(x)


def boolean_mask(data, index, axis=0, **kwargs):
    """Selects the slices of `data` along `axis` where `index` (1-D, any dtype) is nonzero.

    The gradient scatters back to the selected slices (MXNet supports only axis 0; other
    axes work here too).
    """
    if not isinstance(index, NDArray):
        raise AssertionError(f"Argument index must have NDArray type, but got {index!r}")
    n = data.ndim
    if not -n <= int(axis) < n:
        raise MXNetError(f"boolean_mask: axis {axis} is out of range for shape "
                         f"{shape_str(data.shape)}")
    a = int(axis) % n
    if index.ndim != 1 or index.shape[0] != data.shape[a]:
        raise MXNetError(f"Check failed: data.shape()[axis] == idx.shape()[0] ({data.shape[a]} "
                         f"vs. {index.shape[0] if index.ndim else 0}) : boolean_mask index must be "
                         f"1-D with one entry per slice of data along axis {a}")
    rows = np.flatnonzero(index.asnumpy()).astype(np.int32)
    from .index_ops import take
    return take(data, _wrap(rows, data.context), axis=a, **kwargs)


def _index_rows(idx, n):
    rows = idx.astype(np.int64)
    if rows.size and (rows.min() < 0 or rows.max() >= n):
        # MXNet writes out of bounds (memory corruption); we refuse.
        raise MXNetError(f"index_copy: index_vector values must be in [0, {n}), got "
                         f"{rows.tolist()}")
    return rows


def _index_copy_old_grad(g, old, idx, new, y):
    return index_copy(g, idx, _zeros(new))


def _index_copy_new_grad(g, old, idx, new, y):
    from .index_ops import take
    return take(g, idx, axis=0)


@primitive(_index_copy_old_grad, None, _index_copy_new_grad)
def index_copy(xp, old_tensor, index_vector, new_tensor):
    """A copy of `old_tensor` with rows ``index_vector[i]`` replaced by ``new_tensor[i]``."""
    if index_vector.ndim != 1 or new_tensor.shape[0] != index_vector.shape[0] or \
            new_tensor.shape[1:] != old_tensor.shape[1:]:
        raise MXNetError(f"index_copy: new_tensor {shape_str(new_tensor.shape)} must have one "
                         f"row per index ({index_vector.shape[0]}) and the row shape of "
                         f"old_tensor {shape_str(old_tensor.shape)}")
    if new_tensor.dtype != old_tensor.dtype:
        from .index_ops import tblob_dtype_mismatch
        raise tblob_dtype_mismatch(new_tensor.dtype, old_tensor.dtype)
    out = old_tensor.copy()
    out[_index_rows(index_vector, old_tensor.shape[0])] = new_tensor
    return out


@primitive(_zero_grad)
def isinf(xp, data):
    """1 where the element is +-inf, else 0, in the input dtype."""
    return xp.isinf(data).astype(data.dtype)


@primitive(_zero_grad)
def isnan(xp, data):
    """1 where the element is NaN, else 0, in the input dtype."""
    return xp.isnan(data).astype(data.dtype)


@primitive(_zero_grad)
def isfinite(xp, data):
    """1 where the element is finite, else 0, in the input dtype."""
    return xp.isfinite(data).astype(data.dtype)


@primitive(_zero_grad, _zero_grad)
def allclose(xp, a, b, rtol=1e-05, atol=1e-08, equal_nan=True):
    """1 if ``|a - b| <= atol + rtol * |b|`` everywhere (shapes must match), else 0.

    As in MXNet 1.9.1 the result is a 0-d uint8 array (shape ())."""
    if a.shape != b.shape:
        raise MXNetError(f"allclose: the shapes of a {shape_str(a.shape)} and b "
                         f"{shape_str(b.shape)} must be equal")
    ok = xp.allclose(a, b, rtol=rtol, atol=atol, equal_nan=bool(equal_nan))
    return xp.asarray(ok, dtype=np.uint8)


@primitive(_zero_grad)
def arange_like(xp, data, start=0.0, step=1.0, repeat=1, ctx=None, axis=None):
    """An arange with the shape of `data` (or of ``data.shape[axis]`` when `axis` is given),
    in data's dtype: ``start + (i // repeat) * step``. As in MXNet, integer and float16 data
    take `start` and `step` truncated to integers first (an int32 step of 0.5 gives zeros)."""
    if axis is None:
        shape = data.shape
    else:
        if not -data.ndim <= int(axis) < data.ndim:
            raise MXNetError(f"Check failed: real_axis >=0 && real_axis < (*in_attrs)[0].ndim(): "
                             f"cannot handle param.axis {int(axis)}.")
        shape = (data.shape[int(axis)],)
    n = int(np.prod(shape))
    i = np.arange(n) // int(repeat)
    dt = data.dtype
    if dt.kind in "iub" or dt == np.float16:
        if dt.kind in "iu":  # C++ static_cast into the dtype (1e10 in int32 is INT_MIN)
            first, by = (np.int64(_scalar_to(v, dt)) for v in (start, step))
        else:
            first, by = (np.int64(np.trunc(v)) for v in (start, step))
        vals = first + i * by  # int64, wrapped into narrower integer dtypes by the cast
        if dt == np.float16:
            vals = vals.astype(np.float32)
    else:
        ft = np.float64 if dt.itemsize > 4 else np.float32
        vals = ft(start) + i.astype(ft) * ft(step)
    return xp.asarray(vals.reshape(shape).astype(dt))

# contrib-only ops (reached as nd.contrib.<name>, not top-level)
from .contrib_box import MultiBoxPrior, MultiBoxTarget, MultiBoxDetection  # noqa: E402,F401
from .contrib_bbox import (box_iou, box_nms, box_non_maximum_suppression,  # noqa: E402,F401
                           box_encode, box_decode, bipartite_matching)
from .contrib_ops import (AdaptiveAvgPooling2D, BilinearResize2D, ROIAlign,  # noqa: E402,F401
                          SyncBatchNorm)
from .contrib_small import (div_sqrt_dim, quadratic, gradientmultiplier,  # noqa: E402,F401
                            round_ste, sign_ste, index_array, fft, ifft, count_sketch, getnnz)
from .contrib_flow import foreach, while_loop, cond  # noqa: E402,F401
from .contrib_attention import (interleaved_matmul_selfatt_qk,  # noqa: E402,F401
                                interleaved_matmul_selfatt_valatt, interleaved_matmul_encdec_qk,
                                interleaved_matmul_encdec_valatt, rand_zipfian)
