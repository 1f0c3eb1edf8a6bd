"""Shared basics: the error type, numeric type tuples, dtype tables, small helpers."""
import numpy as np

__all__ = ["MXNetError", "numeric_types", "integer_types", "string_types", "_Null"]


class MXNetError(RuntimeError):
    """Error raised by mxlite where MXNet raises ``mxnet.base.MXNetError``."""


class _NullType:
    """Placeholder meaning "use the operator's default" (MXNet's ``_Null``)."""
    __slots__ = ()

    def __repr__(self):
        return "_Null"

    def __bool__(self):
        return False


_Null = _NullType()

integer_types = (int, np.int32, np.int64)
numeric_types = (float, int, np.generic)
string_types = (str,)


def py_str(x):
    """A str from bytes (utf-8) or any object (MXNet's py_str)."""
    return x.decode("utf-8") if isinstance(x, (bytes, bytearray)) else str(x)


# MXNet's type flags (used by the binary file format) and the dtypes it accepts.
DTYPE_TO_FLAG = {np.dtype(np.float32): 0, np.dtype(np.float64): 1, np.dtype(np.float16): 2,
                 np.dtype(np.uint8): 3, np.dtype(np.int32): 4, np.dtype(np.int8): 5,
                 np.dtype(np.int64): 6, np.dtype(np.bool_): 7}
FLAG_TO_DTYPE = {v: k for k, v in DTYPE_TO_FLAG.items()}
_DTYPE_CACHE = {}


def as_dtype(dtype, default=np.float32):
    """Normalises a dtype given as a string, numpy type or np.dtype; None gives `default`.

    Unknown dtypes raise ``TypeError`` naming the dtype, as MXNet does.
    """
    if dtype is None or dtype is _Null:
        dtype = default
    try:
        return _DTYPE_CACHE[dtype]
    except (KeyError, TypeError):
        pass
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"data type {dtype!r} not understood") from None
    if dt not in DTYPE_TO_FLAG:
        raise TypeError(f"data type {dtype!r} is not supported by mxlite; "
                        f"use one of {sorted(str(d) for d in DTYPE_TO_FLAG)}")
    try:
        _DTYPE_CACHE[dtype] = dt
    except TypeError:
        pass
    return dt


def shape_str(shape):
    """MXNet's shape notation in error texts: [2,3]."""
    return "[" + ",".join(str(int(s)) for s in shape) + "]"


def as_shape(shape):
    """An int, tuple or list shape as a tuple of ints."""
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    try:
        return tuple(int(s) for s in shape)
    except TypeError:
        raise TypeError(f"shape must be an int or a tuple of ints, got {shape!r}") from None


def data_dir_default():
    """The default cache folder for datasets and models: ~/.mxnet."""
    import os
    return os.path.join(os.path.expanduser("~"), ".mxnet")


def data_dir():
    """The cache folder for datasets and models: $MXNET_HOME, else ~/.mxnet."""
    import os
    return os.getenv("MXNET_HOME", data_dir_default())


def atomic_write(fname, data):
    """Writes bytes to `fname` through a temporary file in the same folder and a rename, so a
    reader never sees a half-written file; the file gets the umask's usual permissions."""
    import os
    import tempfile
    fname = os.fspath(fname)
    folder = os.path.dirname(os.path.abspath(fname))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-" + os.path.basename(fname))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600
        os.replace(tmp, fname)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def memo_plan(cache, key_fn, make, args, limit=256):
    """``cache[key_fn(*args)]``, computed by ``make(*args)`` on a miss: an op's validated
    parameters per (shapes, dtypes, attributes). A key that cannot be built or hashed (a
    list attribute, an input that is not an NDArray) skips the cache, so `make` raises its
    own error. Errors are never cached; the cache is emptied once it holds `limit` plans."""
    try:
        key = key_fn(*args)
        plan = cache.get(key)
    except (TypeError, AttributeError):
        return make(*args)
    if plan is None:
        plan = make(*args)
        if len(cache) >= limit:
            cache.clear()
        cache[key] = plan
    return plan
