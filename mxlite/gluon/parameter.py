"""Gluon Parameters: named weights with deferred initialization, and ParameterDict."""
import warnings

import numpy as np

from .. import autograd, context, initializer, ndarray
from ..base import MXNetError
from ..context import Context, cpu
from ..ndarray import NDArray
from .utils import shape_is_known

__all__ = ["DeferredInitializationError", "Parameter", "Constant", "ParameterDict",
           "tensor_types"]

tensor_types = (NDArray,)

_STORAGE_TYPES = ("default", "row_sparse", "csr")
_GRAD_REQS = ("write", "add", "null")

_MSG_NOT_INITIALIZED = (
    "Parameter '%s' has not been initialized. Note that you should initialize parameters "
    "and create Trainer with Block.collect_params() instead of Block.params because the "
    "later does not include Parameters of nested child Blocks")
_MSG_DEFERRED = (
    "Parameter '%s' has not been initialized yet because initialization was deferred. "
    "Actual initialization happens during the first forward pass. Please pass one batch of "
    "data through the network before accessing Parameters. You can also avoid deferred "
    "initialization by specifying in_units, num_features, etc., for network layers.")
_MSG_WRONG_CTX = ("Parameter '%s' was not initialized on context %s. "
                  "It was only initialized on %s.")
_MSG_LOAD_CTX = ("Failed to load Parameter '%s' on %s because it was "
                 "previous initialized on %s.")
_MSG_NO_GRAD = "Cannot get gradient array for Parameter '%s' because grad_req='null'"


class DeferredInitializationError(MXNetError):
    """Error for unfinished deferred initialization."""


def _slot(ctx):
    """Lookup key of a context: MXNet matches cpu, cpu_pinned and cpu_shared alike (the
    parity of the device type id), then the device number."""
    return ctx.device_typeid & 1, ctx.device_id


def _as_ctx_list(ctx):
    if ctx is None:
        return [context.current_context()]
    return [ctx] if isinstance(ctx, Context) else ctx


class _Variable:
    """What ``Parameter.var()`` returns. There are no symbolic graphs in mxlite, so this
    only carries the name and the attributes a Symbol variable would have."""

    def __init__(self, param):
        self.name = param.name
        self._attrs = dict(__shape__=str(param.shape), __dtype__=str(np.dtype(param.dtype)),
                           __lr_mult__=str(param.lr_mult), __wd_mult__=str(param.wd_mult))

    def attr(self, key):
        return self._attrs.get(key)

    def list_attr(self):
        return self._attrs.copy()

    def list_arguments(self):
        return [self.name]

    list_outputs = list_arguments

    def __repr__(self):
        return "<Symbol %s>" % self.name


class Parameter:
    """A Container holding the parameters (weights) of Blocks.

    Parameters
    ----------
    name : str
    grad_req : {'write', 'add', 'null'}, default 'write'
    shape : int or tuple of int, default None; 0 marks a dimension unknown until the first
        forward pass (deferred initialization).
    dtype : numpy.dtype or str, default 'float32'
    lr_mult, wd_mult : float, default 1.0
    init : Initializer, default None
    allow_deferred_init : bool, default False
    differentiable : bool, default True
    stype, grad_stype : {'default', 'row_sparse', 'csr'}, default 'default'
    """

    _kind = "Parameter"   # the word __repr__ starts with

    def __init__(self, name, grad_req="write", shape=None, dtype=np.float32,
                 lr_mult=1.0, wd_mult=1.0, init=None, allow_deferred_init=False,
                 differentiable=True, stype="default", grad_stype="default"):
        for what, value in (("grad_stype", grad_stype), ("stype", stype)):
            assert value in _STORAGE_TYPES, (
                "%s for Parameter '%s' must be one of 'default', 'row_sparse', or 'csr', "
                "but got '%s'" % (what, name, value))
        self.name, self.init = name, init
        self.lr_mult, self.wd_mult = lr_mult, wd_mult
        self._shape = (shape,) if isinstance(shape, int) else shape
        self._dtype = dtype
        self._stype, self._grad_stype = stype, grad_stype
        self._differentiable = differentiable
        self._allow_deferred_init = allow_deferred_init
        # per-context state: arrays, their contexts and the context -> index lookup
        self._data = self._grad = None
        self._ctx_list = self._ctx_map = None
        # (init, ctx_list, default_init, data) while initialization waits for a shape
        self._deferred_init = ()
        self._var = self._trainer = None
        self._grad_req = None
        self.grad_req = grad_req

    def __repr__(self):
        return "%s %s (shape=%s, dtype=%s)" % (self._kind, self.name, self.shape, self.dtype)

    # ------------------------------------------------------------------ properties
    @property
    def grad_req(self):
        return self._grad_req

    @grad_req.setter
    def grad_req(self, req):
        assert req in _GRAD_REQS, \
            "grad_req must be one of 'write', 'add', or 'null', but got '%s'" % req
        req = req if self._differentiable else "null"
        if req == self._grad_req:
            return
        self._grad_req = req
        if req != "null":
            if self._data is not None:
                self._init_grad()
        elif self._grad is not None:
            # dropping the gradient: the data must stop being an autograd variable
            self._grad = None
            self._data = [arr.detach() for arr in self._data]

    @property
    def dtype(self):
        """The type of the parameter (setting it casts the data)."""
        return self._dtype

    @dtype.setter
    def dtype(self, dtype):
        self.cast(dtype)

    @property
    def shape(self):
        """The shape of the parameter; setting it fills unknown (0) dimensions."""
        return self._shape

    @shape.setter
    def shape(self, new_shape):
        old = self._shape
        if old is None:
            self._shape = new_shape
            return
        fits = len(old) == len(new_shape) and \
            all(o in (-1, 0, n) for n, o in zip(new_shape, old))
        assert fits, "Expected shape %s is incompatible with given shape %s." % (
            str(new_shape), str(old))
        self._shape = tuple(new_shape)

    @property
    def stype(self):
        return self._stype

    def _set_trainer(self, trainer):
        self._trainer = trainer

    # ------------------------------------------------------------------ lookup
    def _check_and_get(self, arr_list, ctx):
        """`arr_list` (data or grads) itself when ctx is `list`, else its entry for `ctx`;
        raises the errors MXNet raises for uninitialized parameters."""
        if arr_list is None:
            raise (DeferredInitializationError(_MSG_DEFERRED % self.name)
                   if self._deferred_init else RuntimeError(_MSG_NOT_INITIALIZED % self.name))
        if ctx is list:
            return arr_list
        if ctx is None:
            if len(arr_list) == 1:
                return arr_list[0]
            ctx = context.current_context()
        pos = self._ctx_map.get(_slot(ctx))
        if pos is None:
            raise RuntimeError(_MSG_WRONG_CTX % (self.name, str(ctx), str(self._ctx_list)))
        return arr_list[pos]

    def data(self, ctx=None):
        """The parameter's data on `ctx` (the only context when None)."""
        return self._check_and_get(self._data, ctx)

    def list_data(self):
        """Copies of this parameter on all contexts, in the order of creation."""
        return self._check_and_get(self._data, list)

    def _grads_on(self, ctx):
        if self._grad is None and self._data is not None:
            raise RuntimeError(_MSG_NO_GRAD % self.name)
        return self._check_and_get(self._grad, ctx)

    def grad(self, ctx=None):
        """The gradient buffer on `ctx`."""
        return self._grads_on(ctx)

    def list_grad(self):
        """Gradient buffers on all contexts, in the same order as list_ctx()."""
        return self._grads_on(list)

    def list_ctx(self):
        """The contexts this parameter is initialized on."""
        if self._data is not None:
            return self._ctx_list
        if not self._deferred_init:
            raise RuntimeError("Parameter '%s' has not been initialized" % self.name)
        return self._deferred_init[1]

    def row_sparse_data(self, row_id):
        raise MXNetError("row_sparse parameters are not supported by mxlite")

    def list_row_sparse_data(self, row_id):
        raise MXNetError("row_sparse parameters are not supported by mxlite")

    # ------------------------------------------------------------------ initialization
    def initialize(self, init=None, ctx=None, default_init=initializer.Uniform(),
                   force_reinit=False):
        """Initializes the parameter's data and gradient arrays.

        Parameters
        ----------
        init : Initializer, default None (the parameter's own `init`, else `default_init`)
        ctx : Context or list of Context, default current_context()
        default_init : Initializer, default Uniform()
        force_reinit : bool, default False
        """
        if self._data is not None and not force_reinit:
            warnings.warn("Parameter '%s' is already initialized, ignoring. "
                          "Set force_reinit=True to re-initialize." % self.name, stacklevel=2)
            return
        self._data = self._grad = None
        if init is None:
            init = self.init if self.init is not None else default_init
        pending = (init, _as_ctx_list(ctx), default_init, None)
        if shape_is_known(self.shape):
            self._deferred_init = pending
            self._finish_deferred_init()
        elif self._allow_deferred_init:
            self._deferred_init = pending
        else:
            raise ValueError("Cannot initialize Parameter '%s' because it has "
                             "invalid shape: %s." % (self.name, str(self.shape)))

    def _finish_deferred_init(self):
        """Finishes deferred initialization once the shape is known."""
        if not self._deferred_init:
            return
        init, ctxs, default_init, value = self._deferred_init
        self._deferred_init = ()
        assert shape_is_known(self.shape), (
            "Cannot initialize Parameter '%s' because it has invalid shape: %s. Please "
            "specify in_units, in_channels, etc for `Block`s." % (self.name, str(self.shape)))
        with autograd.pause():
            if value is None:
                value = ndarray.zeros(shape=self.shape, dtype=self.dtype, ctx=cpu())
                desc = initializer.InitDesc(self.name, {"__init__": init})
                initializer.create(default_init)(desc, value)
            self._init_impl(value, ctxs)

    def _init_impl(self, data, ctx_list):
        """Puts a copy of `data` on each context, then the gradient buffers."""
        self._ctx_list = list(ctx_list)
        self._ctx_map = {}
        for pos, ctx in enumerate(self._ctx_list):
            self._ctx_map[_slot(ctx)] = pos
        self._data = [data.copyto(ctx) for ctx in self._ctx_list]
        self._init_grad()

    def _init_grad(self):
        """Allocates the gradient buffers and marks the data as autograd variables."""
        if self.grad_req == "null":
            self._grad = None
            return
        self._grad = [ndarray.zeros(shape=arr.shape, dtype=arr.dtype, ctx=arr.context)
                      for arr in self._data]
        autograd.mark_variables(self.list_data(), self._grad, self.grad_req)

    def _check_loadable(self, data, cast_dtype, dtype_source):
        """Merges the saved shape into ours and reconciles dtypes; returns the array to use."""
        if cast_dtype:
            assert dtype_source in ("current", "saved")
        if self.shape:
            for mine, saved in zip(self.shape, data.shape):
                assert mine in (0, saved), (
                    "Failed loading Parameter '%s' from saved params: shape incompatible "
                    "expected %s vs saved %s" % (self.name, str(self.shape), str(data.shape)))
            self.shape = tuple(s if s else d for s, d in zip(self.shape, data.shape))
        if not self.dtype:
            return data
        if np.dtype(self.dtype).type == data.dtype:
            return data
        assert cast_dtype, (
            "Failed loading Parameter '%s' from saved params: dtype incompatible expected %s "
            "vs saved %s. Set cast_dtype=True to cast the dtype of saved params."
            % (self.name, str(self.dtype), str(data.dtype)))
        if dtype_source == "current":
            return data.astype(self.dtype, copy=False)
        self.dtype = data.dtype
        return data

    def _load_init(self, data, ctx, cast_dtype=False, dtype_source="current"):
        """(Re)initializes by loading from `data`."""
        data = self._check_loadable(data, cast_dtype, dtype_source)
        if isinstance(ctx, Context):
            ctx = [ctx]
        fresh = self._data is None
        if fresh and not self._deferred_init:
            ctx = ctx if ctx is not None else [cpu()]
        else:
            assert ctx is None or set(ctx) == set(self.list_ctx()), \
                _MSG_LOAD_CTX % (self.name, str(ctx), str(self.list_ctx()))
            if fresh:
                ctx = self._deferred_init[1]
        if fresh:
            self._init_impl(data, ctx)
        else:
            self.set_data(data)
        self._deferred_init = ()

    def _reduce(self):
        """The average of the data over all contexts, on the CPU."""
        copies = [arr.copyto(cpu()) for arr in self.list_data()]
        total = copies[0]
        for extra in copies[1:]:
            total = total + extra
        return total / len(copies) if len(copies) > 1 else total

    # ------------------------------------------------------------------ updates
    def reset_ctx(self, ctx):
        """Re-assigns the parameter to other contexts."""
        ctx = _as_ctx_list(ctx)
        if self._data:
            with autograd.pause():
                self._init_impl(self._reduce(), ctx)
        elif self._deferred_init:
            init, _, default_init, value = self._deferred_init
            self._deferred_init = (init, ctx, default_init, value)
        else:
            raise ValueError("Cannot reset context for Parameter '%s' because it "
                             "has not been initialized." % self.name)

    def set_data(self, data):
        """Sets this parameter's value on all contexts."""
        self.shape = data.shape
        if self._data is not None:
            with autograd.pause():
                for arr in self.list_data():
                    arr[:] = data
            return
        assert self._deferred_init, "Parameter '%s' has not been initialized" % self.name
        init, ctxs, default_init, _ = self._deferred_init
        self._deferred_init = (init, ctxs, default_init, data)

    def zero_grad(self):
        """Sets the gradient buffers to 0 (useful with grad_req='add')."""
        for buf in self._grad or ():
            buf._data[...] = 0

    def var(self):
        """A named placeholder for this parameter (mxlite has no symbolic graphs)."""
        if self._var is None:
            self._var = _Variable(self)
        return self._var

    def cast(self, dtype):
        """Casts data and gradient of this Parameter to a new data type."""
        self._dtype = dtype
        if self._data is None:
            return
        with autograd.pause():
            self._data = [arr.astype(dtype) for arr in self._data]
            if self._grad is not None:
                self._grad = [buf.astype(dtype) for buf in self._grad]
                autograd.mark_variables(self._data, self._grad, self.grad_req)


def _constant_init_name(name, const, value):
    """Registers an initializer that copies `value` and returns its registry name (a
    Constant's `init` is that name, as in MXNet)."""
    key = "Constant_{}_{}".format(name, id(const))

    @initializer.alias(key)
    class _CopyValue(initializer.Initializer):
        def _init_weight(self, _, arr):
            value.copyto(arr)

    return key


class Constant(Parameter):
    """A constant parameter (grad_req='null') holding `value`, for inputs such as masks."""

    _kind = "Constant"

    def __init__(self, name, value):
        self.value = value if isinstance(value, NDArray) else ndarray.array(value)
        super(Constant, self).__init__(
            name, grad_req="null", shape=self.value.shape, dtype=self.value.dtype,
            init=_constant_init_name(name, self, self.value))

    @property
    def grad_req(self):
        return "null"

    @grad_req.setter
    def grad_req(self, req):
        if req != "null":
            warnings.warn('Constant parameter "{}" does not support grad_req other than '
                          '"null", and new value "{}" is ignored.'.format(self.name, req))


from .parameter_dict import ParameterDict  # noqa: E402
