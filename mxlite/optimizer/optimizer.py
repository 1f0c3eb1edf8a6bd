"""Weight updating functions: the Optimizer base class, its registry, SGD-style optimizers and
the Updater (MXNet 1.9.1's ``mxnet.optimizer.optimizer``)."""
import importlib
import io
import pickle
import warnings

import numpy

from ..base import py_str
from ..ndarray import NDArray, cast
from ..ndarray import (sgd_update, sgd_mom_update, mp_sgd_update, mp_sgd_mom_update,
                       multi_sgd_update, multi_sgd_mom_update, multi_mp_sgd_update,
                       multi_mp_sgd_mom_update)

__all__ = ["Optimizer", "SGD", "ccSGD", "NAG", "Signum", "Test", "Updater", "create",
           "get_updater", "register"]  # the SGD family lives in sgd.py


def _warn_float16(owner=None):
    """MXNet's warning for float16 weights updated without a float32 master copy."""
    where = "the %s optimizer" % owner if owner else "the optimizer"
    warnings.warn("Accumulating with float16 in optimizer can lead to poor accuracy or slow "
                  "convergence. Consider using multi_precision=True option of " + where)


def _is_half(weight):
    return weight.dtype == numpy.float16


class Optimizer(object):
    """The base class inherited by all optimizers.

    Parameters
    ----------
    rescale_grad : float, optional, default 1.0
        Multiply the gradient with `rescale_grad` before updating. Often
        choose to be ``1.0/batch_size``.
    param_idx2name : dict from int to string, optional, default None
        A dictionary that maps int index to string name.
    clip_gradient : float, optional, default None
        Clip the gradient by projecting onto the box ``[-clip_gradient, clip_gradient]``.
    learning_rate : float, optional, default None
        The initial learning rate. If None, the optimization will use the learning rate from
        ``lr_scheduler``; if that is None too, 0.01.
    lr_scheduler : LRScheduler, optional, default None
        The learning rate scheduler.
    wd : float, optional, default 0.0
        The weight decay (or L2 regularization) coefficient.
    sym: Symbol, optional, default None
        The Symbol this optimizer is applying to.
    begin_num_update : int, optional, default 0
        The initial number of updates.
    multi_precision : bool, optional, default False
        Keep a float32 master copy of float16 weights and update that.
    param_dict : dict of int -> gluon.Parameter, default None
        Used to look up parameter attributes such as lr_mult and wd_mult.
    """
    opt_registry = {}

    def __init__(self, rescale_grad=1., param_idx2name=None, wd=0.,
                 clip_gradient=None, learning_rate=None,
                 lr_scheduler=None, sym=None, begin_num_update=0,
                 multi_precision=False, param_dict=None):
        names = {} if param_idx2name is None else param_idx2name
        assert isinstance(names, dict), \
            'param_idx2name should be a dict of param indexes to names.'
        # the attribute names below are what pickles (ours and MXNet's) carry
        self.rescale_grad = rescale_grad
        self.lr_scheduler = lr_scheduler
        self.lr = self._pick_initial_lr(learning_rate, lr_scheduler)
        self.wd = wd
        self.lr_mult, self.wd_mult = {}, {}
        self.begin_num_update = self.num_update = begin_num_update
        counts = {}
        self._all_index_update_counts = {0: counts}
        self._index_update_count = counts
        self.clip_gradient = clip_gradient
        self.multi_precision = multi_precision
        self.aggregate_num = 0       # > 0: the Updater hands over lists of that many weights
        self.idx2name = names.copy()
        self.sym_info = () if sym is None else (sym.attr_dict(), sym.list_arguments())
        self.param_dict = param_dict or {}
        self.allow_np_array = False
        self.set_lr_mult({})
        self.set_wd_mult({})

    @staticmethod
    def _pick_initial_lr(learning_rate, scheduler):
        if scheduler is None:
            return 0.01 if learning_rate is None else learning_rate
        if learning_rate is not None and scheduler.base_lr != learning_rate:
            # MXNet prints the warning object rather than issuing it
            print(UserWarning("learning rate from ``lr_scheduler`` has been overwritten by "
                              "``learning_rate`` in optimizer."))
            scheduler.base_lr = learning_rate
        return learning_rate

    # ---- registry ----------------------------------------------------------------------
    @staticmethod
    def register(klass):
        """Registers a new optimizer under its lower-cased class name.

        Examples
        --------
        >>> @mx.optimizer.Optimizer.register
        ... class MyOptimizer(mx.optimizer.Optimizer):
        ...     pass
        >>> optim = mx.optimizer.Optimizer.create_optimizer('MyOptimizer')
        """
        assert isinstance(klass, type)
        key = klass.__name__.lower()
        known = Optimizer.opt_registry.get(key)
        if known is not None:
            warnings.warn('WARNING: New optimizer %s.%s is overriding existing optimizer %s.%s'
                          % (klass.__module__, klass.__name__,
                             known.__module__, known.__name__))
        Optimizer.opt_registry[key] = klass
        return klass

    @staticmethod
    def create_optimizer(name, **kwargs):
        """Instantiates an optimizer by name (case insensitive) with `kwargs`.

        Examples
        --------
        >>> sgd = mx.optimizer.Optimizer.create_optimizer('sgd')
        >>> adam = mx.optimizer.create('adam', learning_rate=.1)
        """
        klass = Optimizer.opt_registry.get(name.lower())
        if klass is None:
            raise ValueError('Cannot find optimizer %s' % name)
        return klass(**kwargs)

    # ---- learning rate ------------------------------------------------------------------
    @property
    def learning_rate(self):
        """The current learning rate (from the scheduler at `num_update` when there is one)."""
        sched = self.lr_scheduler
        return self.lr if sched is None else sched(self.num_update)

    def set_learning_rate(self, lr):
        """Sets a new learning rate (only when there is no lr_scheduler)."""
        if self.lr_scheduler is None:
            self.lr = lr
            return
        raise UserWarning("LRScheduler of the optimizer has already been defined. Note that "
                          "set_learning_rate can mutate the value of the learning rate of the "
                          "optimizer only when the LRScheduler of the optimizer is undefined.")

    # ---- states and updates -------------------------------------------------------------
    def create_state(self, index, weight):
        """Creates auxiliary state (momentum ...) for a given weight; None when stateless."""

    def create_state_multi_precision(self, index, weight):
        """Creates auxiliary state, plus a float32 master copy when `weight` is float16 and
        multi_precision is on."""
        if _is_half(weight):
            if self.multi_precision:
                master = weight.astype(numpy.float32)
                return (master, self.create_state(index, master))
            _warn_float16()
        return self.create_state(index, weight)

    def update(self, index, weight, grad, state):
        """Updates the given parameter using the corresponding gradient and state."""
        raise NotImplementedError()

    def update_multi_precision(self, index, weight, grad, state):
        """Updates the given parameter; mixed precision version."""
        if not (self.multi_precision and _is_half(weight)):
            self.update(index, weight, grad, state)
            return
        # state is (float32 master weight, the optimizer's own state for it)
        master = state[0]
        self.update(index, master, grad.astype(numpy.float32), state[1])
        cast(master, dtype=weight.dtype, out=weight)

    # ---- multipliers ----------------------------------------------------------------------
    def set_lr_scale(self, args_lrscale):
        """[DEPRECATED] Sets lr scale. Use set_lr_mult instead."""
        raise DeprecationWarning

    def _declared_mults(self, attr_key):
        """Multipliers declared as Symbol attributes (``__lr_mult__``/``__wd_mult__``)."""
        if not self.sym_info:
            return {}
        attrs, arg_names = self.sym_info
        return {a: float(attrs[a][attr_key])
                for a in arg_names if a in attrs and attr_key in attrs[a]}

    def set_lr_mult(self, args_lr_mult):
        """Sets an individual learning rate multiplier for each parameter (by name or index)."""
        table = self._declared_mults('__lr_mult__')
        table.update(args_lr_mult)
        self.lr_mult = table

    def set_wd_mult(self, args_wd_mult):
        """Sets an individual weight decay multiplier for each parameter (by name or index).

        Parameters named in `param_idx2name` that do not end with ``_weight`` or ``_gamma``
        get multiplier 0 by default.
        """
        table = dict.fromkeys((n for n in self.idx2name.values()
                               if not n.endswith(('_weight', '_gamma'))), 0.0)
        table.update(self._declared_mults('__wd_mult__'))
        table.update(args_wd_mult)
        self.wd_mult = table

    def _scale_each(self, base, indices, param_attr, table):
        """`base` times each index's multiplier: a gluon Parameter's attribute first, then the
        table by index, then the table by the index's name."""
        scaled = []
        for idx in indices:
            if idx in self.param_dict:
                factor = getattr(self.param_dict[idx], param_attr)
            elif idx in table:
                factor = table[idx]
            elif idx in self.idx2name:
                factor = table.get(self.idx2name[idx], 1.0)
            else:
                scaled.append(base)
                continue
            scaled.append(base * factor)
        return scaled

    def _get_lrs(self, indices):
        """Learning rates for `indices` (scheduler or lr, times the lr multipliers)."""
        return self._scale_each(self.learning_rate, indices, 'lr_mult', self.lr_mult)

    def _get_lr(self, index):
        return self._get_lrs([index])[0]

    def _get_wds(self, indices):
        """Weight decays for `indices` (wd times the wd multipliers)."""
        return self._scale_each(self.wd, indices, 'wd_mult', self.wd_mult)

    def _get_wd(self, index):
        return self._get_wds([index])[0]

    # ---- update counting --------------------------------------------------------------------
    def _set_current_context(self, device_id):
        """Sets the number of the currently handled device (update counts are per device)."""
        self._index_update_count = self._all_index_update_counts.setdefault(device_id, {})

    def _update_count(self, index):
        """Counts one more update of `index` (an int or a list); num_update is the maximum."""
        counts = self._index_update_count
        for idx in index if isinstance(index, (list, tuple)) else (index,):
            n = counts.get(idx, self.begin_num_update) + 1
            counts[idx] = n
            if n >= self.num_update:
                self.num_update = n

    # ---- pickling: gluon Parameters never travel with the optimizer ------------------------
    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != 'param_dict'}

    def __setstate__(self, state):
        self.__dict__ = state
        self.param_dict = {}


register = Optimizer.register
create = Optimizer.create_optimizer


# ---- helpers shared by the SGD-like optimizers (sgd.py, others.py) -------------------------
def _mp_state(opt, index, weight, what):
    """create_state_multi_precision of SGD-like optimizers: (state, weight32) for float16."""
    if _is_half(weight):
        if opt.multi_precision:
            master = weight.astype(numpy.float32)
            return (opt.create_state(index, master), master)
        _warn_float16(what)
    return opt.create_state(index, weight)


def _sgd_kwargs(opt, momentum):
    """Keyword arguments of the sgd kernels; momentum and clipping only when in use."""
    extra = [('momentum', momentum if momentum > 0 else None),
             ('clip_gradient', opt.clip_gradient or None)]
    kwargs = {'rescale_grad': opt.rescale_grad}
    kwargs.update((k, v) for k, v in extra if v is not None)
    return kwargs


def _as_lists(indices, weights, grads, states):
    if isinstance(indices, (tuple, list)):
        return indices, weights, grads, states
    return [indices], [weights], [grads], [states]


# multi-tensor kernels by (multi_precision, with momentum)
_MULTI_KERNELS = {(False, False): multi_sgd_update, (False, True): multi_sgd_mom_update,
                  (True, False): multi_mp_sgd_update, (True, True): multi_mp_sgd_mom_update}


def _sgd_apply(weights, grads, states, lrs, wds, kwargs, multi_precision, aggregate,
               lazy_update=True):
    """The SGD family's update: multi-tensor kernels when aggregating, else one by one.

    A multi-precision state is ``(momentum or None, float32 master weight)``."""
    if aggregate:
        with_mom = kwargs.get('momentum', 0) > 0
        flat = []
        for w, g, s in zip(weights, grads, states):
            if multi_precision:
                extra = tuple(s) if with_mom else (s[1],)
            else:
                extra = (s,) if with_mom else ()
            flat.extend((w, g) + extra)
        _MULTI_KERNELS[(bool(multi_precision), with_mom)](
            *flat, out=weights, num_weights=len(weights), lrs=lrs, wds=wds, **kwargs)
        return
    for w, g, s, lr, wd in zip(weights, grads, states, lrs, wds):
        if multi_precision:
            mom, tail, opts = s[0], (s[1],), {}
            plain, with_momentum = mp_sgd_update, mp_sgd_mom_update
        else:
            mom, tail, opts = s, (), {'lazy_update': lazy_update}
            plain, with_momentum = sgd_update, sgd_mom_update
        if mom is None:
            plain(w, g, *tail, out=w, lr=lr, wd=wd, **opts, **kwargs)
        else:
            with_momentum(w, g, mom, *tail, out=w, lr=lr, wd=wd, **opts, **kwargs)


# ---- Updater --------------------------------------------------------------------------------
class Updater(object):
    """Updater for kvstore: applies `optimizer` to (index, grad, weight), keeping the states."""
    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.states = {}
        self.states_synced = {}
        self.aggregate_updates = optimizer.aggregate_num > 0

    def __call__(self, index, grad, weight):
        """Updates weight given gradient and index (or lists of them)."""
        batch = isinstance(index, (list, tuple))
        keys = [py_str(k) if isinstance(k, bytes) else k for k in (index if batch else [index])]
        grads, weights = (grad, weight) if batch else ([grad], [weight])
        opt = self.optimizer
        if weights:
            opt._set_current_context(weights[0].context.device_id)
        for key, w in zip(keys, weights):
            self._ensure_state(key, w)
        if not self.aggregate_updates:
            for key, w, g in zip(keys, weights, grads):
                opt.update_multi_precision(key, w, g, self.states[key])
            return
        # weights of one dtype go together, aggregate_num at a time
        by_dtype = {}
        for triple in zip(keys, weights, grads):
            by_dtype.setdefault(triple[1].dtype, []).append(triple)
        size = opt.aggregate_num
        for triples in by_dtype.values():
            for start in range(0, len(triples), size):
                ks, ws, gs = zip(*triples[start:start + size])
                opt.update_multi_precision(ks, ws, gs, [self.states[k] for k in ks])

    def _ensure_state(self, key, weight):
        if key not in self.states:
            self.states[key] = self.optimizer.create_state_multi_precision(key, weight)
        elif not self.states_synced[key]:
            self.states[key] = self.sync_state_context(self.states[key], weight.context)
        else:
            return
        self.states_synced[key] = True

    def sync_state_context(self, state, context):
        """Moves a state (NDArray or nested tuple/list) to `context`."""
        if isinstance(state, NDArray):
            return state.as_in_context(context)
        if not isinstance(state, (tuple, list)):
            return state
        kind = tuple if isinstance(state, tuple) else list
        return kind(self.sync_state_context(part, context) for part in state)

    def set_states(self, states):
        """Sets updater states from the bytes made by :meth:`get_states` (by mxlite, or by
        MXNet itself: its pickles name ``mxnet.*`` classes)."""
        loaded = _MXNetUnpickler(io.BytesIO(states)).load()
        if isinstance(loaded, tuple) and len(loaded) == 2:
            loaded, self.optimizer = loaded
        self.states = loaded
        self.states_synced = dict.fromkeys(loaded, False)

    def get_states(self, dump_optimizer=False):
        """Gets updater states as bytes (pickle), with the optimizer when `dump_optimizer`."""
        payload = (self.states, self.optimizer) if dump_optimizer else self.states
        return pickle.dumps(payload)


class _MXNetUnpickler(pickle.Unpickler):
    """Reads pickles made by MXNet: ``mxnet.X`` resolves to ``mxlite.X``."""
    def find_class(self, module, name):
        head, _, rest = module.partition(".")
        if head != "mxnet":
            return super().find_class(module, name)
        target = importlib.import_module("mxlite" + ("." + rest if rest else ""))
        if not hasattr(target, name) and rest.startswith("optimizer"):
            # MXNet's optimizer submodules differ from ours; the package has every class
            target = importlib.import_module("mxlite.optimizer")
        return getattr(target, name)


def get_updater(optimizer):
    """Returns a closure of the updater needed for kvstore.

    Parameters
    ----------
    optimizer: Optimizer
         The optimizer.

    Returns
    -------
    updater: function
         The closure of the updater.
    """
    return Updater(optimizer)


from .sgd import SGD, ccSGD, NAG, Signum, Test  # noqa: E402,F401
