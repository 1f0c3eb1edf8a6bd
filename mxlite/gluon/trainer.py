"""Parameter optimizer: ``gluon.Trainer``, as MXNet 1.9.1.

mxlite has no KVStore: with one context (MXNet's own single-device case) the Trainer updates
locally through one Updater; with several contexts it sums the gradients across them
(allreduce) and updates every copy with the same summed gradient, which gives the weights
MXNet's kvstore='device' gives.
"""

from .. import optimizer as opt
from ..base import atomic_write
from .parameter import Parameter

__all__ = ['Trainer']

_STALE = ("Gradient of Parameter `%s` on context %s has not been updated "
          "by backward since last `step`. This could mean a bug in your "
          "model that made it only use a subset of the Parameters (Blocks) "
          "for this iteration. If you are intentionally only using a subset, "
          "call step with ignore_stale_grad=True to suppress this "
          "warning and skip updating of Parameters with stale gradient")
_NOT_PARAMS = "First argument must be a list or dict of Parameters, got %s."


def _param_list(params):
    """The Parameters to train, in order: mappings are taken in sorted key order."""
    if isinstance(params, dict) or (hasattr(params, "keys") and hasattr(params, "items")):
        params = [params[key] for key in sorted(params.keys())]
    if not isinstance(params, (list, tuple)):
        raise ValueError(_NOT_PARAMS % type(params))
    for item in params:
        if not isinstance(item, Parameter):
            raise ValueError(_NOT_PARAMS % ("list of %s" % type(item)))
    return list(params)


class Trainer(object):
    """Applies an `Optimizer` on a set of Parameters. Trainer should
    be used together with `autograd`.

    Parameters
    ----------
    params : ParameterDict, dict or list of Parameters
        The set of parameters to optimize (a dict is taken in sorted key order).
    optimizer : str or Optimizer
        The optimizer to use. See `mx.optimizer.Optimizer` for a list of available optimizers.
    optimizer_params : dict
        Key-word arguments to be passed to optimizer constructor. For example,
        `{'learning_rate': 0.1}`. All optimizers accept learning_rate, wd (weight decay),
        clip_gradient, and lr_scheduler. See each optimizer's
        constructor for a list of additional supported arguments.
    kvstore : str or KVStore
        Accepted for compatibility; mxlite reduces gradients across contexts itself.
    compression_params : dict
        Accepted for compatibility (no gradient compression).
    update_on_kvstore : bool, default None
        Accepted for compatibility; updates always happen in the Trainer.

    Properties
    ----------
    learning_rate : float
        The current learning rate of the optimizer.
    """
    def __init__(self, params, optimizer, optimizer_params=None, kvstore='device',
                 compression_params=None, update_on_kvstore=None):
        self._params = _param_list(params)
        self._param2idx = {p.name: i for i, p in enumerate(self._params)}
        for p in self._params:
            p._set_trainer(self)
        # sparse storage and gradient compression do not exist in mxlite
        self._contains_sparse_weight = self._contains_sparse_grad = False
        self._compression_params = compression_params
        self._contexts = self._check_contexts()
        self._init_optimizer(optimizer, optimizer_params or {})
        self._scale = self._optimizer.rescale_grad
        # kept so that code poking at MXNet's kvstore bookkeeping still finds it
        self._kvstore_params = {'kvstore': kvstore, 'update_on_kvstore': update_on_kvstore}
        self._reset_kvstore()

    # ------------------------------------------------------------------ set-up
    def _check_contexts(self):
        """The contexts shared by all Parameters (None when there are none)."""
        found = None
        for p in self._params:
            here = p.list_ctx()
            assert found is None or found == here, (
                "All Parameters must be initialized on the same set of contexts, but "
                "Parameter %s is initialized on %s while previous Parameters are "
                "initialized on %s." % (p.name, str(here), str(found)))
            found = here
        return found

    def _index_map(self):
        return dict(enumerate(self._params))

    def _init_optimizer(self, optimizer, optimizer_params):
        if not isinstance(optimizer, opt.Optimizer):
            optimizer = opt.create(optimizer, param_dict=self._index_map(), **optimizer_params)
        else:
            assert not optimizer_params, ("optimizer_params must be None if optimizer is an "
                                          "instance of Optimizer instead of str")
            # the dict is shared, not copied: later lr_mult/wd_mult changes apply
            optimizer.param_dict = self._index_map()
        self._optimizer = optimizer
        self._updaters = [opt.get_updater(optimizer) for _ in self._contexts or [None]]

    def _reset_kvstore(self):
        self._kvstore = self._distributed = self._update_on_kvstore = None
        self._kv_initialized = False
        self._params_to_init = list(self._params)

    def _init_kvstore(self):
        """mxlite has no KVStore: updates always happen locally."""
        self._kvstore = self._update_on_kvstore = None
        self._distributed = False
        self._kv_initialized = True

    def _init_params(self):
        """Parameters whose deferred initialization has not finished are retried later."""
        self._params_to_init = [p for p in self._params_to_init
                                if getattr(p, "_deferred_init", ())]

    def _prepare(self):
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()

    # ------------------------------------------------------------------ learning rate
    @property
    def learning_rate(self):
        if isinstance(self._optimizer, opt.Optimizer):
            return self._optimizer.learning_rate
        raise UserWarning("Optimizer has to be defined before its learning "
                          "rate can be accessed.")

    @property
    def optimizer(self):
        if not isinstance(self._optimizer, opt.Optimizer):
            raise UserWarning("Optimizer has not been initialized yet")
        return self._optimizer

    def set_learning_rate(self, lr):
        """Sets a new learning rate of the optimizer.

        Parameters
        ----------
        lr : float
            The new learning rate of the optimizer.
        """
        if isinstance(self._optimizer, opt.Optimizer):
            self._optimizer.set_learning_rate(lr)
            return
        raise UserWarning("Optimizer has to be defined before its learning "
                          "rate is mutated.")

    # ------------------------------------------------------------------ stepping
    def _check_and_rescale_grad(self, scale):
        self._optimizer.rescale_grad = scale

    def step(self, batch_size, ignore_stale_grad=False):
        """Makes one step of parameter update. Should be called after
        `autograd.backward()` and outside of `record()` scope.

        Parameters
        ----------
        batch_size : int
            Batch size of data processed. Gradient will be normalized by `1/batch_size`.
            Set this to 1 if you normalized loss manually with `loss = mean(loss)`.
        ignore_stale_grad : bool, optional, default=False
            If true, ignores Parameters with stale gradient (gradient that has not
            been updated by `backward` after last step) and skip update.
        """
        self._check_and_rescale_grad(self._scale / batch_size)
        self.allreduce_grads()
        self._update(ignore_stale_grad)

    def allreduce_grads(self):
        """For each parameter, reduce the gradients from different contexts.

        Should be called after `autograd.backward()`, outside of `record()` scope,
        and before `trainer.update()`.
        """
        self._prepare()
        self._allreduce_grads()

    def _allreduce_grads(self):
        # every copy of a gradient becomes the sum over all contexts
        if len(self._contexts or ()) < 2:
            return
        for p in self._params:
            if p.grad_req == 'null':
                continue
            raw = [g._data for g in p.list_grad()]
            total = sum(raw[1:], raw[0].copy())
            for buf in raw:
                buf[...] = total

    def update(self, batch_size, ignore_stale_grad=False):
        """Makes one step of parameter update (without reducing gradients first).

        Should be called after `autograd.backward()` and outside of `record()` scope,
        and after `trainer.allreduce_grads()`.

        Parameters
        ----------
        batch_size : int
            Batch size of data processed. Gradient will be normalized by `1/batch_size`.
        ignore_stale_grad : bool, optional, default=False
            If true, ignores Parameters with stale gradient and skip update.
        """
        self._prepare()
        self._check_and_rescale_grad(self._scale / batch_size)
        self._update(ignore_stale_grad)

    def _update(self, ignore_stale_grad=False):
        scaler = getattr(self, '_amp_loss_scaler', None)
        if scaler is not None and scaler.has_overflow(self._params):
            return  # the AMP loss scaler saw inf/nan: this step is skipped
        # per context: the indices, gradients and weights handed to its updater
        work = [([], [], []) for _ in self._updaters]
        for idx, p in enumerate(self._params):
            if p.grad_req == 'null':
                continue
            weights = p.list_data()
            if not ignore_stale_grad:
                for w in weights:
                    if not w._fresh_grad:
                        raise UserWarning(_STALE % (p.name, str(w.context)))
            for (ids, grads, ws), w, g in zip(work, weights, p.list_grad()):
                if w._fresh_grad or not ignore_stale_grad:
                    ids.append(idx)
                    grads.append(g)
                    ws.append(w)
                w._fresh_grad = False
        for updater, (ids, grads, ws) in zip(self._updaters, work):
            if ids:
                updater(tuple(ids), tuple(grads), tuple(ws))

    # ------------------------------------------------------------------ states
    def save_states(self, fname):
        """Saves trainer states (e.g. optimizer, momentum) to a file.

        Parameters
        ----------
        fname : str
            Path to output states file.

        Note
        ----
        `optimizer.param_dict`, which contains Parameter information (such as
        `lr_mult` and `wd_mult`) will not be saved.
        """
        assert self._optimizer is not None
        self._prepare()
        atomic_write(fname, self._updaters[0].get_states(dump_optimizer=True))

    def load_states(self, fname):
        """Loads trainer states (e.g. optimizer, momentum) from a file.

        Parameters
        ----------
        fname : str
            Path to input states file.

        Note
        ----
        `optimizer.param_dict`, which contains Parameter information (such as
        `lr_mult` and `wd_mult`) will not be loaded from the file, but rather set
        based on current Trainer's parameters.
        """
        self._prepare()
        with open(fname, 'rb') as f:
            blob = f.read()
        first = self._updaters[0]
        first.set_states(blob)
        for other in self._updaters[1:]:
            other.set_states(blob)
            other.optimizer = first.optimizer
        self._optimizer = first.optimizer
        self._optimizer.param_dict = self._index_map()
