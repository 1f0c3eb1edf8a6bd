"""``mx.test_utils``: comparison and gradient-checking helpers with MXNet's signatures and
default tolerances (rtol/atol per dtype: float16 1e-2/1e-1, float32 1e-4/1e-3,
float64 1e-5/1e-20, integers exact)."""
import contextlib
import numbers
import os

import numpy as np

from . import autograd
from .context import Context, current_context
from .ndarray import NDArray
from .ndarray import array as _nd_array

__all__ = ["default_context", "set_default_context", "assert_almost_equal", "almost_equal",
           "same", "assert_exception", "check_numeric_gradient", "rand_ndarray",
           "rand_shape_2d", "rand_shape_3d", "rand_shape_nd", "random_arrays",
           "random_uniform_arrays", "environment", "default_dtype", "list_gpus", "get_rtol", "get_atol",
           "numeric_grad"]

_default_ctx = [None]


def default_context():
    """The context tests run on (``cpu(0)`` unless set)."""
    return _default_ctx[0] or current_context()


def set_default_context(ctx):
    """Sets the context default_context() returns."""
    if not isinstance(ctx, Context):
        raise TypeError("ctx must be a Context")
    _default_ctx[0] = ctx


def list_gpus():
    """Indices of the GPUs available (empty without CuPy and a GPU)."""
    from .context import num_gpus
    return range(num_gpus())


def default_dtype():
    return np.float32


def default_rtols():
    return {np.dtype(np.float16): 1e-2, np.dtype(np.float32): 1e-4, np.dtype(np.float64): 1e-5,
            np.dtype(np.bool_): 0, np.dtype(np.int8): 0, np.dtype(np.uint8): 0,
            np.dtype(np.int32): 0, np.dtype(np.uint32): 0, np.dtype(np.int64): 0,
            np.dtype(np.uint64): 0}


def default_atols():
    return {np.dtype(np.float16): 1e-1, np.dtype(np.float32): 1e-3, np.dtype(np.float64): 1e-20,
            np.dtype(np.bool_): 0, np.dtype(np.int8): 0, np.dtype(np.uint8): 0,
            np.dtype(np.int32): 0, np.dtype(np.uint32): 0, np.dtype(np.int64): 0,
            np.dtype(np.uint64): 0}


def get_rtol(rtol=None, dtype=np.dtype(np.float64)):
    return default_rtols()[np.dtype(dtype)] if rtol is None else rtol


def get_atol(atol=None, dtype=np.dtype(np.float64)):
    return default_atols()[np.dtype(dtype)] if atol is None else atol


def _dtype_of(x):
    if isinstance(x, numbers.Number):
        return np.array(x).dtype
    return np.dtype(x.dtype)


def _tolerance(x, tol, defaults):
    if isinstance(tol, numbers.Number):
        return tol
    dt = _dtype_of(x)
    tol = {} if tol is None else tol
    return tol.get(dt, defaults.get(dt, 0))


def _np(x):
    return x.asnumpy() if isinstance(x, NDArray) else np.asarray(x)


def almost_equal(a, b, rtol=None, atol=None, equal_nan=False, use_broadcast=True):
    """Whether two arrays are almost equal (np.allclose with MXNet's default tolerances)."""
    a, b = _np(a), _np(b)
    if not use_broadcast and a.shape != b.shape:
        raise AssertionError(f"Shape mismatch: {a.shape} vs. {b.shape}")
    return bool(np.allclose(a, b, rtol=get_rtol(rtol), atol=get_atol(atol), equal_nan=equal_nan))


def assert_almost_equal(a, b, rtol=None, atol=None, names=("a", "b"), equal_nan=False,
                        use_broadcast=True, mismatches=(10, 10)):
    """Raises AssertionError (naming the worst element) unless `a` and `b` are almost equal.

    Default tolerances depend on the dtypes of a and b (the larger of the two is used).
    """
    rt = builtins_max(_tolerance(a, rtol, default_rtols()), _tolerance(b, rtol, default_rtols()))
    at = builtins_max(_tolerance(a, atol, default_atols()), _tolerance(b, atol, default_atols()))
    a, b = _np(a), _np(b)
    if not use_broadcast and a.shape != b.shape:
        raise AssertionError(f"Shape mismatch: {a.shape} vs. {b.shape}")
    if a.dtype == np.bool_ and b.dtype == np.bool_:
        np.testing.assert_equal(a, b)
        return
    if np.allclose(a, b, rtol=rt, atol=at, equal_nan=equal_nan):
        return
    a64, b64 = np.broadcast_arrays(a.astype(np.float64), b.astype(np.float64))
    absdiff = np.where(np.equal(a64, b64), 0, np.abs(a64 - b64))
    violation = absdiff / (at + rt * np.abs(b64) + 1e-20)
    violation = np.where(np.isnan(violation), np.inf, violation)
    idx = np.unravel_index(int(np.argmax(violation)), violation.shape) if violation.size else ()
    rel = float(violation[idx]) if violation.size else 0.0
    raise AssertionError(
        f"Error {rel:f} exceeds tolerance rtol={rt:e}, atol={at:e}.  Location of maximum error: "
        f"{idx}, {names[0]}={a64[idx] if violation.size else a!r}, "
        f"{names[1]}={b64[idx] if violation.size else b!r}\n {names[0]}: {a}\n {names[1]}: {b}")


builtins_max = max


def same(a, b):
    """Whether two arrays are exactly equal."""
    return np.array_equal(_np(a), _np(b))


def assert_exception(f, exception_type, *args, **kwargs):
    """Asserts that ``f(*args, **kwargs)`` raises `exception_type`."""
    try:
        f(*args, **kwargs)
    except exception_type:
        return
    raise AssertionError(f"{getattr(f, '__name__', f)} did not raise {exception_type.__name__}")


def numeric_grad(f, location, eps=1e-4, dtype=np.float64):
    """Central finite-difference gradients of sum(f(*location)) for numpy inputs."""
    location = [np.array(x, dtype=dtype) for x in location]
    grads = []
    for i, x in enumerate(location):
        g = np.zeros_like(x)
        flat, gflat = x.reshape(-1), g.reshape(-1)
        for j in range(flat.size):
            old = flat[j]
            flat[j] = old + eps
            fp = float(_np(f(*[_nd_array(v, dtype=dtype) for v in location])).sum())
            flat[j] = old - eps
            fm = float(_np(f(*[_nd_array(v, dtype=dtype) for v in location])).sum())
            flat[j] = old
            gflat[j] = (fp - fm) / (2 * eps)
        grads.append(g)
    return grads


def check_numeric_gradient(sym, location, aux_states=None, numeric_eps=None, rtol=None,
                           atol=None, grad_nodes=None, use_forward_train=True, ctx=None,
                           grad_stype_dict=None, dtype=np.float32):
    """Checks autograd gradients of an NDArray function against finite differences.

    Parameters
    ----------
    sym : callable taking NDArrays and returning an NDArray (mxlite has no Symbol executor;
        the function plays its role)
    location : list of numpy arrays / NDArrays (or a dict name -> array, passed by keyword)
    numeric_eps, rtol, atol : finite-difference step and tolerances (defaults depend on dtype)
    grad_nodes : indices (or names) of the inputs to check; default all
    """
    names = None
    if isinstance(location, dict):
        names, location = list(location), list(location.values())
    vals = [np.array(_np(v), dtype=dtype) for v in location]
    eps = numeric_eps if numeric_eps is not None else (1e-4 if np.dtype(dtype) == np.float64
                                                        else 1e-2 if np.dtype(dtype) == np.float16
                                                        else 1e-3)
    rtol = rtol if rtol is not None else (1e-2 if np.dtype(dtype) != np.float64 else 1e-5)
    atol = atol if atol is not None else (1e-3 if np.dtype(dtype) != np.float64 else 1e-8)

    def call(arrs):
        return sym(**dict(zip(names, arrs))) if names else sym(*arrs)
    if grad_nodes is None:
        check = list(range(len(vals)))
    else:
        check = [names.index(n) if isinstance(n, str) else n for n in grad_nodes]
    xs = [_nd_array(v, dtype=dtype) for v in vals]
    for i in check:
        xs[i].attach_grad()
    with autograd.record(train_mode=use_forward_train):
        y = call(xs)
    y.backward()
    with autograd.train_mode() if use_forward_train else contextlib.nullcontext():
        numeric = numeric_grad(lambda *a: call(list(a)), vals, eps=eps, dtype=np.float64)
    for i in check:
        assert_almost_equal(xs[i].grad.asnumpy().astype(np.float64), numeric[i], rtol=rtol,
                            atol=atol, names=(f"NUMERICAL_{i}", f"BACKWARD_{i}"))


def rand_shape_2d(dim0=10, dim1=10, allow_zero_size=False):
    low = 0 if allow_zero_size else 1
    return np.random.randint(low, dim0 + 1), np.random.randint(low, dim1 + 1)


def rand_shape_3d(dim0=10, dim1=10, dim2=10, allow_zero_size=False):
    low = 0 if allow_zero_size else 1
    return (np.random.randint(low, dim0 + 1), np.random.randint(low, dim1 + 1),
            np.random.randint(low, dim2 + 1))


def rand_shape_nd(num_dim, dim=10, allow_zero_size=False):
    low = 0 if allow_zero_size else 1
    return tuple(np.random.randint(low, dim + 1, size=num_dim))


def rand_ndarray(shape, stype="default", density=None, dtype=None, modifier_func=None,
                 shuffle_csr_indices=False, distribution=None, ctx=None):
    """A random dense NDArray (uniform in [0, 1)); sparse stypes are not supported."""
    if stype != "default":
        from .base import MXNetError
        raise MXNetError(f"rand_ndarray: sparse storage type {stype!r} is not supported")
    data = np.random.uniform(size=shape)
    if modifier_func is not None:
        data = modifier_func(data)
    return _nd_array(data, ctx=ctx or default_context(), dtype=dtype or default_dtype())


def random_arrays(*shapes):
    """Random normal numpy arrays (float32) of the given shapes; one array for one shape."""
    arrays = [np.array(np.random.randn(), dtype=default_dtype()) if len(s) == 0
              else np.random.randn(*s).astype(default_dtype()) for s in shapes]
    return arrays[0] if len(arrays) == 1 else arrays


def random_uniform_arrays(*shapes, **kwargs):
    """Random uniform numpy arrays (low=0, high=1, dtype=float32)."""
    low = kwargs.pop("low", 0.0)
    high = kwargs.pop("high", 1.0)
    dtype = kwargs.pop("dtype", default_dtype())
    if kwargs:
        raise TypeError("Got unexpected argument/s : " + str(kwargs.keys()))
    return [np.random.uniform(low, high, size=s).astype(dtype) for s in shapes]


@contextlib.contextmanager
def environment(*args):
    """Sets environment variables for the body of a ``with`` block, then restores them.

    ``environment('NAME', 'value')`` or ``environment({'A': '1', 'B': None})``.
    """
    if len(args) == 1 and isinstance(args[0], dict):
        env = args[0]
    else:
        assert len(args) == 2, "Expecting one dict arg or two args: env var name and value"
        env = {args[0]: args[1]}
    snapshot = {k: os.environ.get(k) for k in env}

    def apply(d):
        for k, v in d.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    apply(env)
    try:
        yield
    finally:
        apply(snapshot)


