"""Miscellaneous public ops of ``mx.nd``: Custom, amp_multicast, cast_storage, onehot_encode,
reset_arrays, DLPack exchange, multi_lars and imdecode."""
import numpy as np

from .. import autograd as _ag
from ..base import MXNetError, _Null, shape_str
from .ndarray import NDArray, _wrap
from .register import primitive
from .unary_special import cast

__all__ = ["Custom", "amp_multicast", "cast_storage", "onehot_encode", "reset_arrays",
           "from_dlpack", "to_dlpack_for_read", "to_dlpack_for_write", "multi_lars",
           "imdecode"]


# ---------------------------------------------------------------- Custom
def Custom(*data, op_type=None, **kwargs):
    """Apply a custom operator implemented in a frontend language (like Python).

    Custom operators should override required methods like `forward` and `backward`.
    The custom operator must be registered before it can be used
    (``mx.operator.register``). Keyword arguments are passed to the operator's
    ``CustomOpProp`` constructor as strings.

    Parameters
    ----------
    data : NDArray[]
        Input data for the custom operator: its arguments, then its auxiliary states.
    op_type : string
        Name of the custom operator. This is the name that is passed to
        `mx.operator.register` to register the operator.

    Returns
    -------
    out : NDArray or list of NDArrays
    """
    from .. import operator as _operator
    return _operator._invoke(data, op_type, dict(kwargs))


# ---------------------------------------------------------------- amp_multicast
_LOW = (np.dtype(np.float16), np.dtype(np.float32))


def _multicast_grad(g, *args, cast_narrow=False):
    gs = g if isinstance(g, tuple) else (g,)
    xs = args[:len(gs)]
    return tuple(gi if gi.dtype == x.dtype else cast(gi, dtype=x.dtype)
                 for gi, x in zip(gs, xs))


@primitive(grad=_multicast_grad, variadic=True)
def _amp_multicast(xp, *data, cast_narrow=False):
    dts = [a.dtype for a in data]
    lows = [d for d in dts if d in _LOW]
    # MXNet 1.9.1 seeds the target with the FIRST input's dtype, so an int32 first input
    # casts float16 inputs to int32; we use the float16/float32 inputs only.
    if not lows:
        target = None
    elif cast_narrow:
        target = _LOW[0] if _LOW[0] in lows else _LOW[1]
    else:
        target = _LOW[1] if _LOW[1] in lows else _LOW[0]
    res = tuple(a.astype(target) if d in _LOW else a.copy() for a, d in zip(data, dts))
    return res


def amp_multicast(*data, num_outputs=_Null, cast_narrow=False, out=None, name=None, **kwargs):
    """Cast function used by AMP, that casts its inputs to the common widest type.

    It casts only between low precision float/FP32 and does not do anything for other types.

    Parameters
    ----------
    data : NDArray[]
        Weights
    num_outputs : int, required
        Number of input/output pairs to be casted to the widest type.
    cast_narrow : boolean, optional, default=0
        Whether to cast to the narrowest type

    Returns
    -------
    out : NDArray or list of NDArrays
    """
    if kwargs:
        k = next(iter(kwargs))
        raise MXNetError(f"Cannot find argument '{k}', Possible Arguments: num_outputs, "
                         f"cast_narrow, in operator amp_multicast")
    if num_outputs is _Null or num_outputs is None:
        raise MXNetError("Required parameter num_outputs of int is not presented, in operator "
                         "amp_multicast(name=\"\")")
    n = int(num_outputs)
    if len(data) != n:
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({len(data)} vs. {n})"
                         f" : Operator amp_multicast expects {n} inputs, but got {len(data)} "
                         f"instead.")
    res = _amp_multicast(*data, cast_narrow=bool(cast_narrow))
    res = res if isinstance(res, list) else [res]
    if out is not None:
        outs = out if isinstance(out, (list, tuple)) else [out]
        for o, r in zip(outs, res):
            o[:] = r
        return out
    return res[0] if n == 1 else res


# ---------------------------------------------------------------- cast_storage
_STYPES = ("csr", "default", "row_sparse")


def cast_storage(data=None, stype=_Null, out=None, name=None, **kwargs):
    """Casts tensor storage type to the new type.

    mxlite stores every array densely: ``stype='default'`` returns a copy; the sparse
    storage types ``'csr'`` and ``'row_sparse'`` raise MXNetError.

    Parameters
    ----------
    data : NDArray
        The input.
    stype : {'csr', 'default', 'row_sparse'}, required
        Output storage type.

    Returns
    -------
    out : NDArray
    """
    if not isinstance(data, NDArray):
        raise AssertionError(f"Argument data must have NDArray type, but got {data!r}")
    if stype is _Null or stype is None:
        raise MXNetError("Required parameter stype of int is not presented, in operator "
                         "cast_storage(name=\"\")")
    if stype not in _STYPES:
        raise MXNetError(f"Invalid Input: '{stype}', valid values are: {{'csr', 'default', "
                         f"'row_sparse'}}, in operator cast_storage(name=\"\", stype=\"{stype}\")")
    if stype != "default":
        raise MXNetError(f"cast_storage: sparse storage type '{stype}' is not supported by "
                         f"mxlite; use dense arrays")
    from .unary import identity
    r = identity(data)
    if out is not None:
        out[:] = r
        return out
    return r


# ---------------------------------------------------------------- onehot_encode / reset_arrays
def onehot_encode(indices, out):
    """One-hot encoding indices into matrix out (deprecated: use one_hot).

    Parameters
    ----------
    indices : NDArray, (N,)
        An NDArray containing indices of the categorical features (truncated to int).
    out : NDArray, float32 (N, K)
        The result holder of the encoding; written in place and returned.
    """
    for pname, v in (("indices", indices), ("out", out)):
        if not isinstance(v, NDArray):
            raise TypeError(f"onehot_encode: {pname} must be an NDArray, got "
                            f"{type(v).__name__}")
    if indices.dtype != np.float32 or out.dtype != np.float32:
        flag = 4 if out.dtype == np.int32 else 1
        raise MXNetError(f"Check failed: ret->type_flag_ == mshadow::default_type_flag "
                         f"({flag} vs. 0) : one_hot_encode only support float32 as "
                         f"input/output")
    if indices.ndim != 1 or out.ndim != 2 or indices.shape[0] != out.shape[0]:
        raise MXNetError(f"Check failed: index[0] == proptype[0] ({indices.shape[0]} vs. "
                         f"{out.shape[0]}) : OneHotEncode shape inconsistent")
    if _ag._state.recording and out._node is not None and out._node.inputs is not None:
        from .register import _ASSIGN_IN_GRAPH
        raise MXNetError(_ASSIGN_IN_GRAPH)
    idx = indices._data.astype(np.int64)  # C cast: truncation toward zero
    k = out.shape[1]
    bad = (idx < 0) | (idx >= k)
    if bad.any():  # MXNet writes out of bounds here; we refuse
        raise MXNetError(f"onehot_encode: index {int(idx[bad][0])} is out of range for "
                         f"out of shape {shape_str(out.shape)}")
    res = np.zeros(out.shape, np.float32)
    res[np.arange(idx.shape[0]), idx] = 1
    out._data[...] = res
    return out


def reset_arrays(*data, num_arrays=_Null, out=None, name=None, **kwargs):
    """Set to zero multiple arrays (in place).

    Parameters
    ----------
    data : NDArray[]
        Arrays (floating point)
    num_arrays : int, required
        number of input arrays.

    Returns
    -------
    out : an empty list
    """
    if num_arrays is _Null or num_arrays is None:
        raise MXNetError("Required parameter num_arrays of int is not presented, in operator "
                         "reset_arrays(name=\"\")")
    n = int(num_arrays)
    if len(data) != n:
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({len(data)} vs. {n})"
                         f" : Operator reset_arrays expects {n} inputs, but got {len(data)} "
                         f"instead.")
    for a in data:
        if not isinstance(a, NDArray):
            raise AssertionError(f"Positional arguments must have NDArray type, but got {a!r}")
        if a._data.dtype.kind != "f":
            raise MXNetError(f"This operation only support floating point types, not "
                             f"{a._data.dtype.name}")
    for a in data:
        a._data[...] = 0
    return []


# ---------------------------------------------------------------- DLPack
class _Capsule:
    """Presents a DLPack capsule through the ``__dlpack__`` protocol numpy consumes."""

    def __init__(self, capsule):
        self.capsule = capsule

    def __dlpack__(self, *args, **kwargs):
        return self.capsule

    def __dlpack_device__(self):
        return (1, 0)  # kDLCPU


def _to_dlpack(data):
    if not isinstance(data, NDArray):
        raise TypeError(f"expected an NDArray, got {type(data).__name__}")
    return data._data.__dlpack__()


def to_dlpack_for_read(data):
    """Returns a reference view of NDArray that represents as DLManagedTensor until
    all previous write operations on the current array are finished.

    Parameters
    ----------
    data: NDArray
        input data.

    Returns
    -------
    PyCapsule (the pointer of DLManagedTensor)
        a reference view of NDArray that represents as DLManagedTensor.
    """
    return _to_dlpack(data)


def to_dlpack_for_write(data):
    """Returns a reference view of NDArray that represents as DLManagedTensor until
    all previous read/write operations on the current array are finished.

    Parameters
    ----------
    data: NDArray
        input data.

    Returns
    -------
    PyCapsule (the pointer of DLManagedTensor)
        a reference view of NDArray that represents as DLManagedTensor.
    """
    return _to_dlpack(data)


def from_dlpack(dlpack):
    """Returns a NDArray backed by a dlpack tensor (sharing its memory).

    Parameters
    ----------
    dlpack: PyCapsule (the pointer of DLManagedTensor), or an object with ``__dlpack__``
        input data; a capsule can be consumed only once.

    Returns
    -------
    NDArray
        a NDArray backed by a dlpack tensor
    """
    if not hasattr(np, "from_dlpack"):
        raise MXNetError("from_dlpack needs NumPy >= 1.22")
    src = dlpack if hasattr(dlpack, "__dlpack__") else _Capsule(dlpack)
    legacy = _capsule_name(dlpack) == b"dltensor"  # read before numpy renames it "used_"
    if isinstance(dlpack, np.ndarray) and not dlpack.flags.writeable:
        return _wrap(dlpack.copy())  # numpy 1.x refuses to export read-only arrays
    try:
        arr = np.from_dlpack(src)
    except (TypeError, ValueError, RuntimeError, BufferError) as e:
        raise MXNetError(f"Invalid DLPack Tensor. DLTensor capsules can be consumed only "
                         f"once. ({e})") from None
    if not arr.flags.writeable:
        # a legacy capsule carries no read-only flag (numpy >= 2 imports it read-only, MXNet
        # shares it writable); a versioned one or an object that says read-only is copied
        arr = _writeable_view(arr) if legacy else arr.copy()
    return _wrap(arr)


def _capsule_name(obj):
    import ctypes
    if type(obj).__name__ != "PyCapsule":
        return None
    get = ctypes.pythonapi.PyCapsule_GetName
    get.restype, get.argtypes = ctypes.c_char_p, [ctypes.py_object]
    return get(obj)


def _writeable_view(arr):
    """NumPy >= 2 imports legacy (unversioned) capsules read-only; MXNet's capsules share
    writable memory (``to_dlpack_for_write``), so view the same memory writable, keeping
    the imported array alive."""
    import ctypes
    if arr.size == 0 or any(st < 0 for st in arr.strides):
        return arr.copy()
    span = sum((n - 1) * st for n, st in zip(arr.shape, arr.strides)) + arr.itemsize
    buf = (ctypes.c_char * span).from_address(arr.__array_interface__["data"][0])
    buf._owner = arr  # ctypes arrays accept attributes: ties the capsule's lifetime to buf
    return np.ndarray(arr.shape, arr.dtype, buffer=buf, strides=arr.strides)


# ---------------------------------------------------------------- multi_lars
def multi_lars(lrs=None, weights_sum_sq=None, grads_sum_sq=None, wds=None, eta=_Null,
               eps=_Null, rescale_grad=1., out=None, name=None, **kwargs):
    """Compute the LARS coefficients of multiple weights and grads from their sums of square::

        lr_i = lrs_i * eta * sqrt(w_i) / (sqrt(g_i) * rescale_grad + wds_i * sqrt(w_i) + eps)

    where ``w_i`` and ``g_i`` are the sums of squares; ``lr_i = lrs_i`` unless both are > 0.

    Parameters
    ----------
    lrs : NDArray
        Learning rates to scale by LARS coefficient
    weights_sum_sq : NDArray
        sum of square of weights arrays
    grads_sum_sq : NDArray
        sum of square of gradients arrays
    wds : NDArray
        weight decays
    eta : float, required
        LARS eta
    eps : float, required
        LARS eps
    rescale_grad : float, optional, default=1
        Gradient rescaling factor
    """
    from .optimizer_ops import _check, _req, _s, _opt
    if kwargs:
        k = next(iter(kwargs))
        raise MXNetError(f"Cannot find argument '{k}', Possible Arguments: eps, eta, "
                         f"rescale_grad, in operator multi_lars")
    _check("multi_lars", (lrs, weights_sum_sq, grads_sum_sq, wds),
           ("lrs", "weights_sum_sq", "grads_sum_sq", "wds"))
    eta = _req("multi_lars", "eta", eta)
    if eps is _Null or eps is None:
        raise MXNetError(f"Required parameter eps of float is not presented, in operator "
                         f"multi_lars(name=\"\", eta=\"{eta}\")")
    lr, w, g, wd = lrs._data, weights_sum_sq._data, grads_sum_sq._data, wds._data
    dt = lr.dtype
    sw, sg = np.sqrt(w), np.sqrt(g)
    with np.errstate(divide="ignore", invalid="ignore"):
        coef = lr * _s(eta, dt) * sw / (sg * _s(_opt(rescale_grad, 1.), dt) + wd * sw
                                        + _s(eps, dt))
    res = np.where((w > 0) & (g > 0), coef, lr).astype(dt, copy=False)
    if out is not None:
        out._data[...] = res
        return out
    return _wrap(res, lrs._ctx)


# ---------------------------------------------------------------- imdecode
def imdecode(str_img, clip_rect=(0, 0, 0, 0), out=None, index=0, channels=3, mean=None):
    """Decodes an image buffer (JPEG, PNG, ...) to an HWC uint8 NDArray (RGB order).

    Needs Pillow (an optional extra of mxlite). MXNet 1.9.1's own ``nd.imdecode`` fails
    ("Shape is unknown"); this follows ``mx.image.imdecode``'s result layout.

    Parameters
    ----------
    str_img : bytes
        Binary image data
    clip_rect : iterable of 4 int
        Clip decoded image to rectangle (x0, y0, x1, y1); all zeros: no clipping.
    out : NDArray
        Output buffer of the result's shape (3-D), or 4-D with the image written at `index`.
    index : int
        Output decoded image to i-th slice of 4 dimensional buffer.
    channels : int
        Number of channels to output. Decode to grey scale when channels = 1.
    mean : NDArray
        Subtract mean from decode image before outputing (the result is then float32).
    """
    try:
        import PIL  # noqa: F401  (an optional extra: checked here for a clear message)
    except ImportError:
        raise MXNetError("imdecode needs Pillow to decode images: pip install Pillow "
                         "(an optional extra of mxlite)") from None
    from ..image.image import _decode  # mx.image's decoder (OpenCV-faithful grey levels)
    if isinstance(str_img, NDArray):
        str_img = str_img.asnumpy().astype(np.uint8).tobytes()
    elif isinstance(str_img, str):
        str_img = str_img.encode("latin-1")
    if channels not in (1, 3):
        raise MXNetError(f"imdecode: channels must be 1 or 3, got {channels}")
    arr = _decode(bytes(str_img), flag=0 if channels == 1 else 1)
    x0, y0, x1, y1 = (int(v) for v in clip_rect)
    if (x0, y0, x1, y1) != (0, 0, 0, 0):
        if not (0 <= x0 < x1 <= arr.shape[1] and 0 <= y0 < y1 <= arr.shape[0]):
            raise MXNetError(f"imdecode: clip_rect {tuple(clip_rect)} is outside the image of "
                             f"shape {shape_str(arr.shape)}")
        arr = arr[y0:y1, x0:x1]
    if mean is not None:
        m = mean.asnumpy() if isinstance(mean, NDArray) else np.asarray(mean)
        arr = arr.astype(np.float32) - m.astype(np.float32)
    arr = np.ascontiguousarray(arr)
    if out is None:
        return _wrap(arr)
    dst = out[index] if out.ndim == 4 else out
    if dst.shape != arr.shape:
        raise MXNetError(f"imdecode: out has shape {shape_str(dst.shape)} but the image is "
                         f"{shape_str(arr.shape)}")
    dst[:] = _wrap(arr.astype(dst.dtype))
    return out
