"""LAMB, LARS, LBSGD, DCASGD and SGLD optimizers of MXNet 1.9.1."""
import logging
import math
import os

import numpy

from ..ndarray import NDArray, zeros, clip
from ..ndarray import (sgd_update, sgd_mom_update, mp_sgd_update, mp_sgd_mom_update,
                       lamb_update_phase1, lamb_update_phase2, mp_lamb_update_phase1,
                       mp_lamb_update_phase2)
from .optimizer import Optimizer, register, _mp_state, _sgd_kwargs, _sgd_apply, _as_lists

__all__ = ["LAMB", "LARS", "LBSGD", "DCASGD", "SGLD"]


def _zeros_like(weight, dtype=None):
    return zeros(weight.shape, weight.context, dtype=dtype or weight.dtype)


def _norm(a):
    """L2 norm accumulated in float32 (as MXNet's kernels do), as a numpy.float32."""
    flat = a.asnumpy().astype(numpy.float32)
    return numpy.sqrt(numpy.sum(numpy.square(flat), dtype=numpy.float32))


def _ensure_nd(weight, grad):
    assert isinstance(weight, NDArray)
    assert isinstance(grad, NDArray)


def _wants_mp(opt, index, weight):
    """Whether update_multi_precision must use the float32 master copy: multi_precision is on
    and the (first) weight is float16."""
    first = weight[0] if isinstance(index, (tuple, list)) else weight
    return opt.multi_precision and first.dtype == numpy.float16


def _aggregation_size(default):
    return int(os.getenv('MXNET_OPTIMIZER_AGGREGATION_SIZE', default))


def _sgd_step(weight, grad, state, lr, wd, kwargs):
    """One plain or momentum SGD step; a tuple `state` is (momentum or None, float32 weight)."""
    if isinstance(state, (list, tuple)):
        mom, weight32 = state
        if mom is None:
            mp_sgd_update(weight, grad, weight32, out=weight, lr=lr, wd=wd, **kwargs)
        else:
            mp_sgd_mom_update(weight, grad, mom, weight32, out=weight, lr=lr, wd=wd, **kwargs)
    elif state is None:
        sgd_update(weight, grad, out=weight, lr=lr, wd=wd, **kwargs)
    else:
        sgd_mom_update(weight, grad, state, out=weight, lr=lr, wd=wd, **kwargs)


@register
class LAMB(Optimizer):
    """LAMB Optimizer (https://arxiv.org/pdf/1904.00962.pdf): see
    :func:`~mxnet.ndarray.lamb_update_phase1` and :func:`~mxnet.ndarray.lamb_update_phase2`."""
    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-6,
                 lower_bound=None, upper_bound=None, bias_correction=True, **kwargs):
        super(LAMB, self).__init__(learning_rate=learning_rate, **kwargs)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.lower_bound, self.upper_bound = lower_bound, upper_bound
        self.bias_correction = bias_correction
        self.aggregate_num = min(45, max(1, _aggregation_size("45")))

    def create_state(self, index, weight):
        return (_zeros_like(weight), _zeros_like(weight))  # mean, var

    def _phase1_args(self, t):
        args = dict(beta1=self.beta1, beta2=self.beta2, epsilon=self.epsilon, t=t,
                    bias_correction=self.bias_correction, rescale_grad=self.rescale_grad)
        if self.clip_gradient:
            args['clip_gradient'] = self.clip_gradient
        return args

    def _phase2_args(self):
        bounds = (('lower_bound', self.lower_bound), ('upper_bound', self.upper_bound))
        return {key: val for key, val in bounds if val}

    def _lamb_step(self, weight, grad, state, t, lr, wd, mp, aggregated=False):
        from ..ndarray import array
        p1, p2 = self._phase1_args(t), self._phase2_args()
        if mp:
            master, (mean, var) = state[0], state[1]
            direction = mp_lamb_update_phase1(weight, grad, mean, var, master, wd=wd, **p1)
            trust = (array([_norm(master)]), array([_norm(direction)]))
            # as in MXNet: the aggregated update (lists of weights) also advances the float32
            # master copy; a single-weight update (mp_lamb_update_phase2) leaves it unchanged
            if aggregated:
                lamb_update_phase2(master, direction, trust[0], trust[1], lr=lr, out=master,
                                   **p2)
                weight[:] = master.astype(weight.dtype)
            else:
                mp_lamb_update_phase2(weight, direction, trust[0], trust[1], master, lr=lr,
                                      out=weight, **p2)
            return
        mean, var = state
        direction = lamb_update_phase1(weight, grad, mean, var, wd=wd, **p1)
        trust = (array([_norm(weight)]), array([_norm(direction)]))
        lamb_update_phase2(weight, direction, trust[0], trust[1], lr=lr, out=weight, **p2)

    def _run(self, index, weight, grad, state, mp):
        # MXNet's aggregated multi_lamb_update computes these same per-tensor formulas
        indices, weights, grads, states = _as_lists(index, weight, grad, state)
        hyper = []
        for idx, w, g in zip(indices, weights, grads):
            _ensure_nd(w, g)
            self._update_count(idx)  # each index is counted before its lr is read
            hyper.append((self._index_update_count[idx], self._get_lr(idx), self._get_wd(idx)))
        aggregated = isinstance(index, (tuple, list))
        for w, g, s, (t, lr, wd) in zip(weights, grads, states, hyper):
            self._lamb_step(w, g, s, t, lr, wd, mp, aggregated)

    def update(self, index, weight, grad, state):
        self._run(index, weight, grad, state, False)

    def update_multi_precision(self, index, weight, grad, state):
        self._run(index, weight, grad, state, _wants_mp(self, index, weight))


@register
class LARS(Optimizer):
    """The LARS optimizer ('Large Batch Training of Convolution Networks'): SGD with momentum
    and a per-layer learning rate (except bias and batch norm parameters)::

        lr_layer = lr * eta * w_norm / (g_norm + wd * w_norm + eps)   (if both norms > 0)
    """
    def __init__(self, momentum=0.0, lazy_update=True, eta=0.001, eps=0,
                 momentum_correction=True, **kwargs):
        super(LARS, self).__init__(**kwargs)
        self.momentum = momentum
        self.momentum_correction = momentum_correction
        self.lazy_update = lazy_update
        self.aggregate_num = _aggregation_size("4")
        self.eta, self.eps = eta, eps
        self.skip = 0
        self.last_lr = self.cur_lr = None

    def _scaled_lr(self, base, index):
        """`base` times the lr multiplier of `index` (by Parameter, index or name), if any."""
        if index in self.param_dict:
            return base * self.param_dict[index].lr_mult
        if index in self.lr_mult:
            return base * self.lr_mult[index]
        if index in self.idx2name:
            return base * self.lr_mult.get(self.idx2name[index], 1.0)
        return base

    def _get_lrs(self, indices):
        """Like the base class, and remembers the previous base rate for momentum correction."""
        base = self.lr if self.lr_scheduler is None else self.lr_scheduler(self.num_update)
        self.last_lr = base if self.cur_lr is None else self.cur_lr
        self.cur_lr = base
        return [self._scaled_lr(base, i) for i in indices]

    def set_wd_mult(self, args_wd_mult):
        """As the base class, except that only ``*_weight`` parameters keep weight decay by
        default (``*_gamma`` get 0 too)."""
        mults = dict.fromkeys((n for n in self.idx2name.values() if not n.endswith('_weight')),
                              0.0)
        if self.sym_info:
            attrs, arg_names = self.sym_info
            for name in arg_names:
                if '__wd_mult__' in attrs.get(name, ()):
                    mults[name] = float(attrs[name]['__wd_mult__'])
        mults.update(args_wd_mult)
        self.wd_mult = mults

    def create_state_multi_precision(self, index, weight):
        return _mp_state(self, index, weight, "SGD")

    def create_state(self, index, weight):
        return None if self.momentum == 0.0 else _zeros_like(weight)

    def _get_lars(self, i, weight, g, lr, wd):
        """The layer's learning rate (float32 norms, as MXNet's multi_lars kernel)."""
        name = self.idx2name.get(i, str(i))
        if name.endswith(('gamma', 'beta', 'bias')):
            return lr
        f32 = numpy.float32
        w_norm, g_norm = _norm(weight), _norm(g) * f32(self.rescale_grad)
        if not (w_norm > 0.0 and g_norm > 0.0):
            return lr
        trust = f32(lr) * f32(self.eta) * w_norm
        return float(trust / (g_norm + f32(wd) * w_norm + f32(self.eps)))

    def _run(self, index, weight, grad, state, mp):
        indices, weights, grads, states = _as_lists(index, weight, grad, state)
        for w, g in zip(weights, grads):
            _ensure_nd(w, g)
        self._update_count(indices)
        base_lrs, wds = self._get_lrs(indices), self._get_wds(indices)
        kwargs = _sgd_kwargs(self, self.momentum)
        mom = self.momentum
        if mom > 0:
            if self.momentum_correction and self.last_lr != 0:
                mom = mom * (self.cur_lr / self.last_lr)  # follow the change of lr
            kwargs['momentum'] = mom
        lrs = [self._get_lars(*args) for args in zip(indices, weights, grads, base_lrs, wds)]
        _sgd_apply(weights, grads, states, lrs, wds, kwargs, mp, True)

    def update(self, index, weight, grad, state):
        self._run(index, weight, grad, state, False)

    def update_multi_precision(self, index, weight, grad, state):
        self._run(index, weight, grad, state, _wants_mp(self, index, weight))


@register
class DCASGD(Optimizer):
    """The DCASGD optimizer (*Asynchronous Stochastic Gradient Descent with Delay
    Compensation*). MXNet 1.9.1 crashes with momentum > 0 (``if mom:`` on an array);
    mxlite applies the intended update."""
    def __init__(self, momentum=0.0, lamda=0.04, **kwargs):
        super(DCASGD, self).__init__(**kwargs)
        self.momentum = momentum
        self.weight_previous = {}
        self.lamda = lamda

    def create_state(self, index, weight):
        mom = None if self.momentum == 0.0 else _zeros_like(weight)
        return (mom, weight.copy())  # (momentum, weight before the last update)

    def update(self, index, weight, grad, state):
        _ensure_nd(weight, grad)
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        g = grad * self.rescale_grad
        if self.clip_gradient is not None:
            g = clip(g, -self.clip_gradient, self.clip_gradient)
        mom, prev = state
        # the delay compensation term approximates the Hessian by g * g
        step = -lr * (g + wd * weight + self.lamda * g * g * (weight - prev))
        if mom is not None:
            mom[:] *= self.momentum
            mom[:] += step
            step = mom
        prev[:] = weight
        weight[:] += step


@register
class SGLD(Optimizer):
    """Stochastic Gradient Riemannian Langevin Dynamics: an SGD half-step plus Gaussian noise
    of variance lr."""
    def create_state(self, index, weight):
        return None

    def update(self, index, weight, grad, state):
        from ..ndarray import random as _random
        _ensure_nd(weight, grad)
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        g = grad * self.rescale_grad
        if self.clip_gradient is not None:
            g = clip(g, -self.clip_gradient, self.clip_gradient)
        weight[:] += -lr / 2 * (g + wd * weight)
        noise = _random.normal(0, math.sqrt(lr), shape=weight.shape, dtype=weight.dtype,
                               ctx=weight.context)
        weight[:] += noise


_WARMUP_CURVES = {
    # learning-rate multiplier growth during warmup: (batch_scale - 1, update, warmup updates)
    'linear': lambda span, n, total: span * n / total,
    'power2': lambda span, n, total: span * (n * n) / (total * total),
    'sqrt': lambda span, n, total: span * math.sqrt(float(n) / total),
}


@register
class LBSGD(Optimizer):
    """The Large Batch SGD optimizer with momentum and weight decay: SGD on gradients
    accumulated over `batch_scale` calls, with a warmup of the learning-rate multiplier
    ('linear', 'power2', 'sqrt') or LARS ('lars').

    Parameters
    ----------
    momentum : float, optional
        The momentum value.
    multi_precision: bool, optional
        Keep and update a float32 master copy of float16 weights.
    warmup_strategy: string ('linear', 'power2', 'sqrt'. , 'lars'   default : 'linear')
    warmup_epochs: unsigned, default: 5
    batch_scale:   unsigned, default: 1 (same as batch size * numworkers)
    updates_per_epoch: updates_per_epoch (default: 32)
    begin_epoch: unsigned, default 0, starting epoch.
    """
    def __init__(self, momentum=0.0, multi_precision=False, warmup_strategy='linear',
                 warmup_epochs=5, batch_scale=1, updates_per_epoch=32, begin_epoch=0,
                 num_epochs=60, **kwargs):
        super(LBSGD, self).__init__(**kwargs)
        logging.info('Running Large-Batch SGD Algorithm')
        logging.info('(Batch_scale=%f, warmup_epochs=%d, warmup_strategy=%s, '
                     'updates_per_epoch=%d)', batch_scale, warmup_epochs, warmup_strategy,
                     updates_per_epoch)
        self.momentum = momentum
        self.multi_precision = multi_precision
        self.warmup_strategy, self.warmup_epochs = warmup_strategy, warmup_epochs
        self.batch_scale = batch_scale
        self.updates_per_epoch = updates_per_epoch
        self.init_updates = begin_epoch * updates_per_epoch
        self.num_epochs = num_epochs
        self.lbmult = 1
        self.cumgrads = {}  # index -> {'cum_grad': summed gradient, 'num_cums': calls so far}
        self.adaptive = False
        self.admult = 1

    def create_state(self, index, weight):
        has_mom = self.momentum != 0.0
        if self.multi_precision and weight.dtype == numpy.float16:
            mom = zeros(weight.shape, weight.context, dtype=numpy.float32) if has_mom else None
            return (mom, weight.astype(numpy.float32))
        return _zeros_like(weight) if has_mom else None

    def _get_lbmult(self, nup):
        """The learning-rate multiplier of the warmup schedule at update `nup`."""
        total = self.warmup_epochs * self.updates_per_epoch
        top = float(self.batch_scale)
        if nup >= total:
            return top
        curve = _WARMUP_CURVES.get(self.warmup_strategy)
        if total <= 1 or curve is None:
            return 1.0
        return 1.0 + curve(top - 1, nup, total)

    def _get_lars(self, weight, g, wd):
        """The LARS learning-rate multiplier, clipped to [0.01, 100]."""
        w2 = float((weight * weight).asnumpy().sum())
        g2 = float((g * g).asnumpy().sum())
        ratio = math.sqrt(w2 / (g2 + wd * w2 + 1e-18))
        return min(max(ratio, 0.01), 100)

    def _cumulate_gradient(self, grad, index):
        prev = self.cumgrads.get(index)
        if prev and prev['num_cums'] > 0:
            entry = {'cum_grad': prev['cum_grad'] + grad, 'num_cums': prev['num_cums'] + 1}
        else:  # the first gradient is kept as is (not copied), as in MXNet
            entry = {'cum_grad': grad, 'num_cums': self.init_updates + 1}
        self.cumgrads[index] = entry
        return entry

    def update(self, index, weight, grad, state):
        _ensure_nd(weight, grad)
        lr, wd = self._get_lr(index), self._get_wd(index)  # read before counting, as MXNet
        self._update_count(index)
        acc = self._cumulate_gradient(grad, index)
        if acc['num_cums'] % self.batch_scale != 0:
            # not a full batch yet: a zero-rate step
            sgd_update(weight, grad, out=weight, lr=0.0, wd=wd)
            return
        mean_grad = acc['cum_grad'] / self.batch_scale
        if self.warmup_strategy == 'lars':
            mult = self._get_lars(weight, mean_grad, wd)
        else:
            mult = self._get_lbmult(acc['num_cums'])
        _sgd_step(weight, mean_grad, state, lr * mult, wd, _sgd_kwargs(self, self.momentum))
        acc['cum_grad'] = 0
