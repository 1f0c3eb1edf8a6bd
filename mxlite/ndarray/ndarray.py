"""NDArray: a thin handle over a NumPy (or CuPy) buffer plus its place in the autograd graph.

``_data`` is the raw array (possibly a view), ``_ctx`` the Context, ``_node``/``_index`` the
graph entry (``_node`` is None outside any graph). Operators live in the sibling modules;
the arithmetic dunders and fluent methods dispatch to them.
"""
import builtins
import warnings

import numpy as np

from .. import autograd as _ag
from ..base import MXNetError, as_dtype, numeric_types
from ..context import Context, current_context

__all__ = ["NDArray", "waitall"]

py_slice = builtins.slice
_new = object.__new__
_state = _ag._state


def _wrap(data, ctx=None):
    """A new handle over the raw array `data` (no copy, not in any graph)."""
    a = _new(NDArray)
    a._data = data
    a._ctx = ctx if ctx is not None else current_context()
    a._node = None
    return a


def waitall():
    """Waits for all pending operations (mxlite computes eagerly, so this returns at once)."""


class NDArray:
    """An n-dimensional array on a device, with MXNet 1.x semantics."""
    __slots__ = ("_data", "_ctx", "_node", "_index", "__weakref__")
    __array_priority__ = 1000.0

    def __init__(self, handle=None, writable=True):
        """An empty handle (``NDArray(None)``, as MXNet's pickles rebuild arrays) or a handle
        over a raw array; user code creates arrays with ``nd.array``, ``nd.zeros`` …"""
        if handle is None:
            handle = np.zeros((0,), np.float32)
        elif not hasattr(handle, "shape") or not hasattr(handle, "dtype"):
            raise TypeError("NDArray(handle): handle must be None or a raw array; create "
                            "arrays with mx.nd.array(), mx.nd.zeros() and the like")
        if not writable:
            handle = handle.view()
            handle.flags.writeable = False
        self._data, self._ctx, self._node = handle, current_context(), None

    # ------------------------------------------------------------------ properties
    @property
    def shape(self):
        """Tuple of array dimensions."""
        return self._data.shape

    @property
    def dtype(self):
        """The numpy type object of the elements (``numpy.float32``)."""
        return self._data.dtype.type

    @property
    def size(self):
        """Number of elements."""
        return self._data.size

    @property
    def ndim(self):
        """Number of dimensions."""
        return self._data.ndim

    @property
    def context(self):
        """The device context of this array."""
        return self._ctx

    ctx = context

    @property
    def stype(self):
        """Storage type: always 'default' (dense)."""
        return "default"

    @property
    def handle(self):
        """The underlying buffer (mxlite has no C handle; this is the raw array)."""
        return self._data

    @property
    def writable(self):
        """Whether the array can be written to."""
        return bool(self._data.flags.writeable)

    @property
    def T(self):
        """Transpose (a copy); returns self when ndim < 2."""
        if self._data.ndim < 2:
            return self
        return self.transpose()

    @property
    def grad(self):
        """The gradient buffer attached by attach_grad()/mark_variables, or None."""
        n = self._node
        if n is None or n.grad_fns is not None or n.inputs is None:
            return None
        return n.grad_buf

    @property
    def _fresh_grad(self):
        n = self._node
        return bool(n is not None and n.grad_fns is None and n.fresh)

    @_fresh_grad.setter
    def _fresh_grad(self, value):
        n = self._node
        if n is not None and n.grad_fns is None:
            n.fresh = bool(value)

    # ------------------------------------------------------------------ conversion
    def asnumpy(self):
        """A NumPy copy of the array."""
        d = self._data
        return d.get() if hasattr(d, "get") and not isinstance(d, np.ndarray) else d.copy()

    def asscalar(self):
        """The single element as a numpy scalar; ValueError unless size is 1."""
        if self._data.size != 1:
            raise ValueError("The current array is not a scalar")
        if self._data.ndim == 2 and self._data.shape == (1, 1):
            return self.asnumpy()  # MXNet's quirk: shape (1,1) gives an array back
        return self.asnumpy().reshape(())[()]

    def astype(self, dtype, copy=True):
        """A copy cast to `dtype` (self when copy=False and the dtype already matches)."""
        dt = as_dtype(dtype)
        if not copy and self._data.dtype == dt:
            return self
        return _ops.cast(self, dtype=dt)

    def copy(self):
        """A deep copy on the same context."""
        return _wrap(self._data.copy(), self._ctx)

    def copyto(self, other):
        """Copies into the NDArray `other` (returned) or onto the Context `other`."""
        if isinstance(other, Context):
            return _wrap(_to_device(self._data, other), other)
        if not isinstance(other, NDArray):
            raise TypeError(f"copyto does not support type {type(other)}")
        if other is self or (other._data is self._data):
            warnings.warn("You are attempting to copy an array to itself", RuntimeWarning)
            return False
        _ops._copy_into(self, other)
        return other

    def as_in_context(self, context):
        """This array on `context` (self when it is already there)."""
        if context == self._ctx:
            return self
        return self.copyto(context)

    def as_nd_ndarray(self):
        return self

    def as_np_ndarray(self):
        return self

    def tostype(self, stype):
        """Only 'default' storage exists in mxlite."""
        if stype != "default":
            raise MXNetError(f"sparse storage type {stype!r} is not supported by mxlite")
        return self

    def wait_to_read(self):
        """Blocks until the array can be read (a no-op: mxlite computes eagerly)."""

    def wait_to_write(self):
        """Blocks until the array can be written (a no-op)."""

    def tolist(self):
        return self._data.tolist()

    # ------------------------------------------------------------------ autograd
    def attach_grad(self, grad_req="write", stype=None):
        """Allocates a zero gradient buffer and marks this array as a variable."""
        from .. import autograd
        autograd.mark_variables(self, _wrap(self._ctx.xp.zeros_like(self._data), self._ctx),
                                grad_req)

    def detach(self):
        """A handle sharing this array's memory, outside any graph."""
        return _wrap(self._data, self._ctx)

    def backward(self, out_grad=None, retain_graph=False, train_mode=True):
        """Computes the gradient of this array with respect to the marked variables."""
        _ag.backward([self], None if out_grad is None else [out_grad], retain_graph, train_mode)

    # ------------------------------------------------------------------ shape methods
    def reshape(self, *shape, **kwargs):
        """A view with a new shape; accepts MXNet's special codes 0, -1, -2, -3, -4."""
        reverse = kwargs.pop("reverse", False)
        if "shape" in kwargs:
            shape = kwargs.pop("shape")
        elif len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
            shape = shape[0]
        if kwargs:
            raise TypeError("Got unknown keywords in reshape: " + ", ".join(kwargs) +
                            ". Accepted keyword arguments are 'shape' and 'reverse'.")
        shape = tuple(shape)
        if not reverse and shape and min(shape) >= -1 and 0 not in shape and shape.count(-1) < 2:
            # positive dims and at most one -1 (the common case): numpy's own rules
            size, infer = 1, shape.count(-1)
            for d in shape:
                size *= d
            if infer == 1 and size < 0 and self._data.size % -size == 0:
                shape = tuple(self._data.size // -size if d == -1 else d for d in shape)
                size = self._data.size
            if size == self._data.size:
                if _state.recording:
                    return _ops._reshape_exact(self, shape)
                return _wrap(self._data.reshape(shape), self._ctx)
        return _ops.reshape(self, shape=shape, reverse=reverse)

    def reshape_like(self, *args, **kwargs):
        return _ops.reshape_like(self, *args, **kwargs)

    def broadcast_to(self, shape):
        """Broadcasts to `shape` (0 keeps a dimension; missing leading dimensions are added),
        as a copy. Incompatible shapes raise ValueError, as NumPy's broadcasting does."""
        from .shape import _bcast_target
        target = _bcast_target(self.shape, shape)
        lead = len(target) - self.ndim
        x = self.reshape((1,) * lead + self.shape) if lead else self
        return _ops.broadcast_to(x, shape=target)

    def broadcast_like(self, other):
        return _ops.broadcast_like(self, other)

    def expand_dims(self, axis, inplace=False):
        return _ops.expand_dims(self, axis=axis)

    def flatten(self, inplace=False):
        return _ops.flatten(self)

    def squeeze(self, axis=None, inplace=False):
        return _ops.squeeze(self, axis=axis)

    # ------------------------------------------------------------------ protocols
    def __repr__(self):
        shape = "x".join(str(s) for s in self._data.shape)
        return f"\n{self.asnumpy()}\n<{type(self).__name__} {shape} @{self._ctx}>"

    __str__ = __repr__

    def __len__(self):
        if self._data.ndim == 0:
            raise IndexError("len() of a 0-d NDArray")
        return self._data.shape[0]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __bool__(self):
        n = self._data.size
        if n == 0:
            return False
        if n == 1:
            return bool(self._data.reshape(-1)[0])
        raise ValueError("The truth value of an NDArray with multiple elements is ambiguous.")

    __nonzero__ = __bool__

    def __hash__(self):
        return id(self) // 16

    def __contains__(self, item):
        return bool((self._data == (item._data if isinstance(item, NDArray) else item)).any())

    def __array__(self, dtype=None, copy=None):
        a = self.asnumpy()
        return a if dtype is None else a.astype(dtype)

    def __getstate__(self):
        from .io import _record_bytes
        return {"handle": bytearray(_record_bytes(self))}

    def __setstate__(self, state):
        from .io import _read_record
        data, ctx = _read_record(memoryview(bytes(state["handle"])), 0)[:2]
        self._data, self._ctx, self._node = data, ctx, None

    def __reduce__(self):
        return (NDArray, (None,), self.__getstate__())

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    def __getitem__(self, key):
        return _indexing.getitem(self, key)

    def __setitem__(self, key, value):
        _indexing.setitem(self, key, value)

    # ------------------------------------------------------------------ arithmetic
    def __add__(self, other):
        t = type(other)
        if t is NDArray:
            return _ops.broadcast_add(self, other)
        if t is float or t is int or isinstance(other, numeric_types):
            return _ops._plus_scalar(self, other)
        raise TypeError(f"type {t} not supported")

    __radd__ = __add__

    def __sub__(self, other):
        t = type(other)
        if t is NDArray:
            return _ops.broadcast_sub(self, other)
        if t is float or t is int or isinstance(other, numeric_types):
            return _ops._minus_scalar(self, other)
        raise TypeError(f"type {t} not supported")

    def __rsub__(self, other):
        if isinstance(other, numeric_types):
            return _ops._rminus_scalar(self, other)
        raise TypeError(f"type {type(other)} not supported")

    def __mul__(self, other):
        t = type(other)
        if t is NDArray:
            return _ops.broadcast_mul(self, other)
        if t is float or t is int or isinstance(other, numeric_types):
            return _ops._mul_scalar(self, other)
        raise TypeError(f"type {t} not supported")

    __rmul__ = __mul__

    def __truediv__(self, other):
        t = type(other)
        if t is NDArray:
            return _ops.broadcast_div(self, other)
        if t is float or t is int or isinstance(other, numeric_types):
            return _ops._div_scalar(self, other)
        raise TypeError(f"type {t} not supported")

    __div__ = __truediv__

    def __rtruediv__(self, other):
        if isinstance(other, numeric_types):
            return _ops._rdiv_scalar(self, other)
        raise TypeError(f"type {type(other)} not supported")

    __rdiv__ = __rtruediv__

    def __mod__(self, other):
        if type(other) is NDArray:
            return _ops.broadcast_mod(self, other)
        if isinstance(other, numeric_types):
            return _ops._mod_scalar(self, other)
        raise TypeError(f"type {type(other)} not supported")

    def __rmod__(self, other):
        if isinstance(other, numeric_types):
            return _ops._rmod_scalar(self, other)
        raise TypeError(f"type {type(other)} not supported")

    def __pow__(self, other):
        if type(other) is NDArray:
            return _ops.broadcast_power(self, other)
        if isinstance(other, numeric_types):
            return _ops._power_scalar(self, other)
        raise TypeError(f"type {type(other)} not supported")

    def __rpow__(self, other):
        if isinstance(other, numeric_types):
            return _ops._rpower_scalar(self, other)
        raise TypeError(f"type {type(other)} not supported")

    def __neg__(self):
        return _ops._mul_scalar(self, -1.0)

    def __pos__(self):
        return self

    def __abs__(self):
        return _ops.abs(self)

    def _compare(self, other, array_op, scalar_op):
        if type(other) is NDArray:
            return array_op(self, other)
        if isinstance(other, numeric_types):
            return scalar_op(self, other)
        raise TypeError(f"type {type(other)} not supported")

    def __eq__(self, other):
        return self._compare(other, _ops.broadcast_equal, _ops._equal_scalar)

    def __ne__(self, other):
        return self._compare(other, _ops.broadcast_not_equal, _ops._not_equal_scalar)

    def __gt__(self, other):
        return self._compare(other, _ops.broadcast_greater, _ops._greater_scalar)

    def __ge__(self, other):
        return self._compare(other, _ops.broadcast_greater_equal, _ops._greater_equal_scalar)

    def __lt__(self, other):
        return self._compare(other, _ops.broadcast_lesser, _ops._lesser_scalar)

    def __le__(self, other):
        return self._compare(other, _ops.broadcast_lesser_equal, _ops._lesser_equal_scalar)

    # in-place operators write into this array's own buffer
    def _inplace(self, other, array_op, scalar_op):
        if not self.writable:
            raise ValueError("trying to modify a readonly NDArray")
        if type(other) is NDArray:
            return array_op(self, other, out=self)
        if isinstance(other, numeric_types):
            return scalar_op(self, other, out=self)
        raise TypeError(f"type {type(other)} not supported")

    def __iadd__(self, other):
        return self._inplace(other, _ops.broadcast_add, _ops._plus_scalar)

    def __isub__(self, other):
        return self._inplace(other, _ops.broadcast_sub, _ops._minus_scalar)

    def __imul__(self, other):
        return self._inplace(other, _ops.broadcast_mul, _ops._mul_scalar)

    def __itruediv__(self, other):
        return self._inplace(other, _ops.broadcast_div, _ops._div_scalar)

    __idiv__ = __itruediv__

    def __imod__(self, other):
        return self._inplace(other, _ops.broadcast_mod, _ops._mod_scalar)


def _to_device(data, ctx):
    xp = ctx.xp
    if xp is np:
        return data.get() if not isinstance(data, np.ndarray) else data.copy()
    return xp.asarray(data).copy()


class _Ops:
    """Late-bound operator namespace: the op modules import this module, so the dunders
    look operators up here once the package has loaded (``mxlite.ndarray`` fills it)."""


_ops = _Ops()
from . import indexing as _indexing  # noqa: E402
