"""Gluon Blocks: Block (imperative), HybridBlock (``hybrid_forward(F, x, ...)`` with F = mx.nd;
hybridize() is accepted and changes nothing) and MXNet 1.x's prefix-based naming."""
import itertools
import re
import threading
import warnings
from collections import OrderedDict

from .. import autograd, initializer, ndarray
from .. import name as _name
from ..base import MXNetError
from ..context import current_context
from ..ndarray import NDArray
from .parameter import DeferredInitializationError, Parameter
from .parameter_dict import ParameterDict
from .utils import HookHandle, _brief_print_list, _indent, shape_is_known

__all__ = ["Block", "HybridBlock", "SymbolBlock"]


class _DeferredInferError(MXNetError, ValueError):
    """Deferred initialization failed (a ValueError in MXNet; an MXNetError here too)."""


# Naming: inside ``with block.name_scope():`` a new Block is named '<parent prefix><hint>N_'
# with a counter per parent; outside any scope the current NameManager counts the hints.

_open_scopes = threading.local()     # .innermost: the _BlockScope entered last, or None


def _top_level_prefix(hint):
    holder = _name.NameManager._current
    if getattr(holder, "value", None) is None:
        holder.value = _name.NameManager()
    return holder.value.get(None, hint) + "_"


class _BlockScope:
    """The ``with block.name_scope():`` context of one Block."""

    def __init__(self, block):
        self._block = block
        self._counts = {}
        self._outer = None
        self._prefix_scope = None

    def _next_prefix(self, hint):
        n = self._counts.get(hint, 0)
        self._counts[hint] = n + 1
        return "%s%d_" % (hint, n)

    @staticmethod
    def create(prefix, params, hint):
        """(full prefix, ParameterDict) for a new Block created where we are now."""
        scope = getattr(_open_scopes, "innermost", None)
        if scope is None:
            full = _top_level_prefix(hint) if prefix is None else prefix
            own_dict_prefix, shared = full, None
        else:
            if prefix is None:
                prefix = scope._next_prefix(hint)
            parent_params = scope._block.params
            full = scope._block.prefix + prefix
            own_dict_prefix, shared = parent_params.prefix + prefix, parent_params._shared
        if params is not None:
            # explicit sharing: a new dict over the given one, keeping its prefix
            return full, ParameterDict(params.prefix, params)
        return full, ParameterDict(own_dict_prefix, shared)

    def __enter__(self):
        # a Block created with prefix='' adds no naming level of its own
        if not self._block._empty_prefix:
            self._outer = getattr(_open_scopes, "innermost", None)
            _open_scopes.innermost = self
            self._prefix_scope = _name.Prefix(self._block.prefix)
            self._prefix_scope.__enter__()
        return self

    def __exit__(self, ptype, value, trace):
        if self._block._empty_prefix:
            return
        self._prefix_scope.__exit__(ptype, value, trace)
        self._prefix_scope = None
        _open_scopes.innermost = self._outer


def _contains_stray_block(obj, registered):
    """Whether a (nested) list/tuple/dict holds a Block that is not a registered child."""
    if isinstance(obj, dict):
        obj = list(obj.values())
    if isinstance(obj, (list, tuple)):
        return any(_contains_stray_block(item, registered) for item in obj)
    return isinstance(obj, Block) and id(obj) not in registered


_UNSET = object()


class Block:
    """Base class for all neural network layers and models; subclass it and define
    ``forward``.

    Parameters
    ----------
    prefix : str, default None (the class name in lower case plus a counter, e.g. 'dense0_')
    params : ParameterDict or None, parameters to share (from another block's ``params``)
    """

    def __init__(self, prefix=None, params=None):
        self._empty_prefix = prefix == ""
        self._prefix, self._params = _BlockScope.create(prefix, params, self._alias())
        self._name = self._prefix[:-1] if self._prefix[-1:] == "_" else self._prefix
        self._scope = _BlockScope(self)
        self._children = OrderedDict()
        self._reg_params = {}
        # OrderedDicts: HookHandle keeps weak references to them
        self._forward_hooks = OrderedDict()
        self._forward_pre_hooks = OrderedDict()

    def __repr__(self):
        lines = ["  (%s): %s" % (attr, _indent(repr(value), 2))
                 for attr, value in self.__dict__.items() if isinstance(value, Block)]
        return "%s(\n%s\n)" % (type(self).__name__, "\n".join(lines))

    def __setattr__(self, name, value):
        """Registers parameters and child blocks assigned as attributes."""
        current = getattr(self, name, _UNSET)
        if isinstance(current, (Parameter, Block)) and not isinstance(value, type(current)):
            # (sic: MXNet's message lacks the space before 'is')
            raise TypeError("Changing attribute type for %s from %s to %sis not allowed."
                            % (name, type(current), type(value)))
        if isinstance(value, Block):
            self.register_child(value, name)
        elif isinstance(value, Parameter):
            assert name not in self._reg_params, (
                "Overriding Parameter attribute %s is not allowed. If you want to share "
                "parameters between blocks, please set 'params' at Block construction "
                "instead.")
            self._reg_params[name] = value
        object.__setattr__(self, name, value)

    def _check_container_with_block(self):
        registered = {id(child) for child in self._children.values()}
        for attr, value in self.__dict__.items():
            if attr == "_children" or attr.startswith("__"):
                continue
            if isinstance(value, (list, tuple, dict)) and \
                    _contains_stray_block(value, registered):
                warnings.warn('"%s.%s" is an unregistered container with Blocks. Note that '
                              'Blocks inside the list, tuple or dict will not be registered '
                              'automatically. Make sure to register them using '
                              'register_child() or switching to '
                              'nn.Sequential/nn.HybridSequential instead. '
                              % (type(self).__name__, attr), stacklevel=3)

    def _alias(self):
        return type(self).__name__.lower()

    prefix = property(lambda self: self._prefix, doc="Prefix of this Block.")
    name = property(lambda self: self._name,
                    doc="Name of this Block, without the trailing '_'.")
    params = property(lambda self: self._params,
                      doc="This Block's own ParameterDict (not its children's).")

    def name_scope(self):
        """A name space (``with self.name_scope():``) for children created in __init__."""
        return self._scope

    def collect_params(self, select=None):
        """A ParameterDict with this Block's and all its children's Parameters, optionally
        only those whose names match the regular expression `select`
        (e.g. ``'.*weight|.*bias'``)."""
        self._check_container_with_block()
        result = ParameterDict(self._params.prefix)
        own = self.params.items()
        if select:
            matcher = re.compile(select).match
            own = [(key, p) for key, p in own if matcher(key)]
        result.update(dict(own))
        for child in self._children.values():
            result.update(child.collect_params(select=select))
        return result

    def _collect_params_with_prefix(self, prefix=""):
        """{structural name ('features.0.weight'): Parameter} for this Block's subtree."""
        lead = prefix + "." if prefix else ""
        found = {lead + attr: p for attr, p in self._reg_params.items()}
        for key, child in self._children.items():
            found.update(child._collect_params_with_prefix(lead + key))
        return found

    def save_parameters(self, filename, deduplicate=False):
        """Saves parameters to `filename` under structural names ('0.weight',
        'features.1.bias'), in MXNet's binary format."""
        named = self._collect_params_with_prefix()
        if deduplicate:
            # a shared Parameter is written once, under the last of its names
            last_name = {}
            for key, p in named.items():
                last_name[p] = key
            named = {key: p for p, key in last_name.items()}
        ndarray.save(filename, {key: p._reduce() for key, p in named.items()})

    def save_params(self, filename):
        """[Deprecated] Saves parameters under their prefixed names; use save_parameters."""
        warnings.warn(
            "save_params is deprecated. Please use save_parameters. Note that if you want "
            "load from SymbolBlock later, please use export instead. For details, see "
            "https://mxnet.apache.org/tutorials/gluon/save_load_params.html")
        everything = self.collect_params()
        try:
            everything.save(filename, strip_prefix=self.prefix)
        except ValueError as err:
            hint = "save_params is deprecated. Using save_parameters may resolve this error."
            raise ValueError("%s\n%s" % (err, hint)) from None

    def load_parameters(self, filename, ctx=None, allow_missing=False,
                        ignore_extra=False, cast_dtype=False,
                        dtype_source="current"):
        """Loads parameters saved by save_parameters (or save_params) from `filename`.

        ctx: Context(s), default cpu(); allow_missing: ignore parameters missing from the
        file; ignore_extra: ignore names in the file not in this Block; cast_dtype: cast the
        loaded data to the parameter's dtype; dtype_source: 'current' or 'saved'.
        """
        stored = ndarray.load(filename)
        if isinstance(stored, list):
            raise ValueError("The file '%s' holds a list of NDArrays without names; "
                             "parameters need a dict" % filename)
        mine = self._collect_params_with_prefix()
        if not stored and not mine:
            return
        if all("." not in key for key in stored):
            # a legacy file (save_params): its names carry the prefixes
            del stored
            self.collect_params().load(filename, ctx, allow_missing, ignore_extra, self.prefix,
                                       cast_dtype=cast_dtype, dtype_source=dtype_source)
            return
        if not allow_missing:
            self._check_none_missing(mine, stored, filename)
        for key, value in stored.items():
            target = mine.get(key)
            if target is None:
                if ignore_extra:
                    continue
                raise ValueError(
                    "Parameter '%s' loaded from file '%s' is not present in ParameterDict, "
                    "which contains parameters %s. Set ignore_extra=True to ignore. " % (
                        key, filename, _brief_print_list(self._params.keys())))
            target._load_init(value, ctx, cast_dtype=cast_dtype, dtype_source=dtype_source)

    @staticmethod
    def _check_none_missing(mine, stored, filename):
        # a shared Parameter counts as present when the file has any one of its names
        aliases = {}
        for key, p in mine.items():
            aliases.setdefault(p, []).append(key)
        for key, p in mine.items():
            assert any(alias in stored for alias in aliases[p]), \
                "Parameter '%s' is missing in file '%s', which contains parameters: %s. " \
                "Set allow_missing=True to ignore missing parameters." % (
                    key, filename, _brief_print_list(stored.keys()))

    def load_params(self, filename, ctx=None, allow_missing=False, ignore_extra=False):
        """[Deprecated] Please use load_parameters."""
        warnings.warn("load_params is deprecated. Please use load_parameters.")
        self.load_parameters(filename, ctx, allow_missing, ignore_extra)

    def save(self, prefix):
        """Saves the parameters to ``prefix-model.params`` (no graph: mxlite has none)."""
        self.save_parameters(prefix + "-model.params")

    def load(self, prefix):
        """Loads parameters saved by ``save(prefix)``."""
        self.load_parameters(prefix + "-model.params")

    def register_child(self, block, name=None):
        """Registers `block` as a child (named `name`, default its index)."""
        key = str(len(self._children)) if name is None else name
        self._children[key] = block

    def register_forward_pre_hook(self, hook):
        """Registers ``hook(block, inputs)`` to run before forward; returns a HookHandle."""
        return self._attach_hook(self._forward_pre_hooks, hook)

    def register_forward_hook(self, hook):
        """Registers ``hook(block, inputs, outputs)`` to run after forward; returns a
        HookHandle."""
        return self._attach_hook(self._forward_hooks, hook)

    @staticmethod
    def _attach_hook(table, hook):
        handle = HookHandle()
        handle.attach(table, hook)
        return handle

    def apply(self, fn):
        """Applies `fn` recursively to every child block and then to self; returns self."""
        for child in self._children.values():
            child.apply(fn)
        fn(self)
        return self

    def initialize(self, init=initializer.Uniform(), ctx=None, verbose=False,
                   force_reinit=False):
        """Initializes the Parameters of this Block and its children
        (``collect_params().initialize(...)``)."""
        self.collect_params().initialize(init, ctx, verbose, force_reinit)

    def hybridize(self, active=True, **kwargs):
        """Accepted for compatibility: mxlite always runs imperatively (same results)."""
        for child in self._children.values():
            child.hybridize(active, **kwargs)

    def cast(self, dtype):
        """Casts this Block's and its children's parameters to `dtype`."""
        for child in self._children.values():
            child.cast(dtype)
        for p in self.params.values():
            p.cast(dtype)

    def __call__(self, *args):
        """Calls forward, running the registered pre- and post-forward hooks."""
        if self._forward_pre_hooks:
            for pre in list(self._forward_pre_hooks.values()):
                pre(self, args)
        result = self.forward(*args)
        if self._forward_hooks:
            for post in list(self._forward_hooks.values()):
                post(self, args, result)
        return result

    def forward(self, *args):
        """Overrides to implement forward computation using NDArrays."""
        raise NotImplementedError

    def register_op_hook(self, callback, monitor_all=False):
        """Accepted for compatibility; mxlite calls no op hooks."""
        for child in self._children.values():
            child.register_op_hook(callback, monitor_all)

    def summary(self, *inputs):
        """Prints a table of the layers' output shapes and parameter counts for `inputs`."""
        from .block_summary import summary
        summary(self, inputs)


def _first_ndarray(args):
    """The first NDArray in (nested lists/tuples of) `args`, depth first, or None."""
    pending = list(reversed(args))
    while pending:
        item = pending.pop()
        if isinstance(item, NDArray):
            return item
        if isinstance(item, (list, tuple)):
            pending.extend(reversed(item))
    return None


def first_ctx(args):
    """The context of the first NDArray in (nested) `args`, else the current context."""
    found = _first_ndarray(args)
    return current_context() if found is None else found.context


class HybridBlock(Block):
    """A Block whose computation is ``hybrid_forward(self, F, x, *args, **params)``: F is
    mx.nd and the Block's own parameters arrive as NDArrays under their attribute names.

    Parameters with unknown (0) dimensions are completed at the first forward by
    ``infer_shape(x, *args)``, which the built-in layers implement from the input's shape.
    """

    def __init__(self, prefix=None, params=None):
        Block.__init__(self, prefix=prefix, params=params)
        # hybridize() only records its settings: there is no graph to build or cache
        self._active = False
        self._backend = None
        self._flags = []
        self._cached_op = None

    def register_child(self, block, name=None):
        if not isinstance(block, HybridBlock):
            raise ValueError(
                "Children of HybridBlock must also be HybridBlock, but %s has type %s. If you "
                "are using Sequential, please try HybridSequential instead."
                % (block, type(block)))
        Block.register_child(self, block, name)

    def hybridize(self, active=True, backend=None, clear=True,
                  static_alloc=False, static_shape=False, inline_limit=2,
                  forward_bulk_size=None, backward_bulk_size=None, **kwargs):
        """Accepted for compatibility: results are identical to the imperative run."""
        self._active, self._backend = active, backend
        self._flags = [("static_alloc", static_alloc), ("static_shape", static_shape),
                       ("inline_limit", inline_limit)]
        # (sic) MXNet warns for pre-hooks even when deactivating
        if (active and self._forward_hooks) or self._forward_pre_hooks:
            warnings.warn('"%s" is being hybridized while still having forward hook/pre-hook. '
                          'If "%s" is a child of HybridBlock, the hooks will not take effect.'
                          % (self, self))
        Block.hybridize(self, active, static_alloc=static_alloc, static_shape=static_shape)

    def _clear_cached_op(self):
        self._cached_op = None

    def optimize_for(self, x, *args, backend=None, **kwargs):
        """Accepted for compatibility; mxlite has no graph backends."""
        self.hybridize(True, backend=backend)

    def infer_shape(self, *args):
        """Completes the shapes of this Block's deferred parameters from the inputs.

        The built-in layers override this; a custom HybridBlock with parameters of unknown
        shape must override it too (mxlite has no symbolic shape inference)."""
        pending = [p.name for p in self._reg_params.values()
                   if p._deferred_init or not shape_is_known(p.shape)]
        if self._children and not pending:
            return self._infer_children_shapes(*args)
        raise MXNetError(
            "mxlite cannot infer the shapes of the deferred parameters %s of %s from the "
            "inputs %s: give their full shapes when creating them, or override "
            "infer_shape(self, *args) to set them."
            % (pending, self.name, [getattr(a, "shape", a) for a in args]))

    def _infer_children_shapes(self, *args):
        """A container's shapes: one forward pass (recording paused) lets every child
        complete its own shapes. Every parameter is then restored to its state before
        (deferred ones stay deferred, now with known shapes), as MXNet's infer_shape does."""
        fields = ("_data", "_grad", "_deferred_init", "_ctx_list", "_ctx_map")
        snapshot = [(p, [getattr(p, f) for f in fields])
                    for p in self.collect_params().values()]
        for p, _ in snapshot:
            if p._data is None and not p._deferred_init:
                # uninitialized: make it deferred (zeros) so the trial pass can run
                p._deferred_init = (initializer.Zero(), [first_ctx(args)],
                                    initializer.Zero(), None)
        try:
            with autograd.pause():
                self.forward(*args)
        finally:
            for p, values in snapshot:
                for f, v in zip(fields, values):
                    setattr(p, f, v)

    def infer_type(self, *args):
        """Accepted for compatibility (parameters keep their dtypes)."""

    def _deferred_infer_shape(self, *args):
        try:
            self.infer_shape(*args)
        except Exception as err:  # noqa: BLE001 - MXNet wraps every inference failure
            raise _DeferredInferError(
                "Deferred initialization failed because shape cannot be inferred. "
                "MXNetError: %s" % err) from err

    def export(self, path, epoch=0, remove_amp_cast=True):
        """Not supported: mxlite has no symbolic graphs to export."""
        raise MXNetError("HybridBlock.export() is not supported by mxlite (there is no "
                         "symbolic graph); use save_parameters()/load_parameters() instead")

    def _param_arrays(self, ctx, inputs):
        """This Block's parameters as NDArrays on `ctx`, finishing deferred init if needed."""
        try:
            return {key: p.data(ctx) for key, p in self._reg_params.items()}
        except DeferredInitializationError:
            pass
        self._deferred_infer_shape(*inputs)
        for p in itertools.chain(self.params.values(), self._reg_params.values()):
            p._finish_deferred_init()
        return {key: p.data(ctx) for key, p in self._reg_params.items()}

    def forward(self, x, *args):
        """Runs hybrid_forward with F = mx.nd and this Block's parameters as NDArrays."""
        inputs = (x,) + args
        anchor = x if type(x) is NDArray else _first_ndarray(inputs)
        if anchor is None:
            raise ValueError("In HybridBlock, there must be one NDArray or one Symbol in the "
                             "input. Please check the type of the args.\n")
        ctx = anchor.context
        with ctx:
            arrays = self._param_arrays(ctx, inputs)
            return self.hybrid_forward(ndarray, x, *args, **arrays)

    def hybrid_forward(self, F, x, *args, **kwargs):
        """Overrides to construct the computation, with F = mx.nd."""
        raise NotImplementedError


class SymbolBlock(HybridBlock):
    """Not supported: mxlite has no symbolic graphs (SymbolBlock.imports raises too)."""

    def __init__(self, outputs, inputs, params=None):
        raise MXNetError("SymbolBlock is not supported by mxlite (there are no symbolic "
                         "graphs); rebuild the network with gluon.nn layers and use "
                         "load_parameters()")

    @staticmethod
    def imports(symbol_file, input_names, param_file=None, ctx=None, allow_missing=False,
                ignore_extra=False):
        """Not supported: mxlite cannot load symbol JSON graphs."""
        raise MXNetError("SymbolBlock.imports is not supported by mxlite (it cannot run "
                         "symbol JSON graphs); rebuild the network with gluon.nn layers and "
                         "load the parameters with load_parameters()")
