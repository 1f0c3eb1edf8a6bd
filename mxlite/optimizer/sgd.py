"""The SGD family of MXNet 1.9.1's optimizers: SGD (and ccSGD), NAG, Signum, Test."""
import os

import numpy

from ..ndarray import NDArray, zeros
from ..ndarray import (sgd_update, mp_sgd_update, nag_mom_update, mp_nag_mom_update,
                       signsgd_update, signum_update)
from .optimizer import Optimizer, register, _mp_state, _sgd_kwargs, _sgd_apply, _as_lists

__all__ = ["SGD", "ccSGD", "NAG", "Signum", "Test"]


def _momentum_or_none(opt, weight):
    """A zero momentum buffer shaped like `weight`, or None when momentum is off."""
    if opt.momentum == 0.0:
        return None
    return zeros(weight.shape, weight.context, dtype=weight.dtype)


def _check_arrays(*arrays):
    for arr in arrays:
        assert isinstance(arr, NDArray)


def _start_step(opt, index, weight, grad):
    """Checks the arrays, counts the update, returns (lr, wd) of `index`."""
    _check_arrays(weight, grad)
    opt._update_count(index)
    return opt._get_lr(index), opt._get_wd(index)


@register
class SGD(Optimizer):
    """The SGD optimizer with momentum and weight decay.

    Standard updates are applied by::

        rescaled_grad = lr * (rescale_grad * clip(grad, clip_gradient) + wd * weight)
        state = momentum * state + rescaled_grad
        weight = weight - state

    Parameters
    ----------
    momentum : float, optional
        The momentum value.
    lazy_update : bool, optional
        Default is True. Lazy updates only apply to row_sparse gradients.
    multi_precision: bool, optional
        Keep and update a float32 master copy of float16 weights.
    """
    def __init__(self, momentum=0.0, lazy_update=True, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum
        self.lazy_update = lazy_update
        # MXNet's environment knob for the multi-tensor kernels
        self.aggregate_num = int(os.getenv('MXNET_OPTIMIZER_AGGREGATION_SIZE', "4"))

    def create_state(self, index, weight):
        return _momentum_or_none(self, weight)

    def create_state_multi_precision(self, index, weight):
        return _mp_state(self, index, weight, "SGD")

    def _update_impl(self, indices, weights, grads, states, multi_precision=False):
        indices, weights, grads, states = _as_lists(indices, weights, grads, states)
        _check_arrays(*weights, *grads)
        self._update_count(indices)
        # always through the multi-tensor kernels (a single weight is a batch of one)
        _sgd_apply(weights, grads, states, self._get_lrs(indices), self._get_wds(indices),
                   _sgd_kwargs(self, self.momentum), multi_precision, True, self.lazy_update)

    def update(self, index, weight, grad, state):
        self._update_impl(index, weight, grad, state)

    def update_multi_precision(self, index, weight, grad, state):
        sample = weight[0] if isinstance(index, (tuple, list)) else weight
        half = self.multi_precision and sample.dtype == numpy.float16
        self._update_impl(index, weight, grad, state, multi_precision=half)


@register
class ccSGD(SGD):
    """[DEPRECATED] Same as `SGD`. Left here for backward compatibility."""


@register
class NAG(Optimizer):
    """Nesterov accelerated gradient.

    This optimizer updates each weight by::

        state = momentum * state + grad + wd * weight
        weight = weight - (lr * (grad + momentum * state))

    Parameters
    ----------
    momentum : float, optional
       The momentum value.
    multi_precision: bool, optional
        Keep and update a float32 master copy of float16 weights.
    """
    def __init__(self, momentum=0.0, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum

    def create_state(self, index, weight):
        return _momentum_or_none(self, weight)

    def create_state_multi_precision(self, index, weight):
        return _mp_state(self, index, weight, "NAG")

    def _update_impl(self, index, weight, grad, state, multi_precision=False):
        lr, wd = _start_step(self, index, weight, grad)
        kwargs = dict(_sgd_kwargs(self, self.momentum), out=weight, lr=lr, wd=wd)
        if multi_precision:
            # state = (momentum or None, float32 master weight)
            mom, master = state[0], state[1]
            if mom is None:
                mp_sgd_update(weight, grad, master, **kwargs)
            else:
                mp_nag_mom_update(weight, grad, mom, master, **kwargs)
        elif state is None:
            sgd_update(weight, grad, **kwargs)
        else:
            nag_mom_update(weight, grad, state, **kwargs)

    def update(self, index, weight, grad, state):
        self._update_impl(index, weight, grad, state)

    def update_multi_precision(self, index, weight, grad, state):
        half = (self.multi_precision and weight.dtype == numpy.float16
                and isinstance(state, (tuple, list)))
        self._update_impl(index, weight, grad, state, multi_precision=half)


@register
class Signum(Optimizer):
    r"""The Signum optimizer that takes the sign of gradient or momentum.

    The optimizer updates the weight by::

        rescaled_grad = rescale_grad * clip(grad, clip_gradient) + wd * weight
        state = momentum * state + (1-momentum)*rescaled_grad
        weight = (1 - lr * wd_lh) * weight - lr * sign(state)

    Parameters
    ----------
    momentum : float, optional
       The momentum value.
    wd_lh : float, optional
       The amount of decoupled weight decay regularization.
    """
    def __init__(self, learning_rate=0.01, momentum=0.9, wd_lh=0.0, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.momentum = momentum
        self.wd_lh = wd_lh

    def create_state(self, index, weight):
        return _momentum_or_none(self, weight)

    def _update_impl(self, index, weight, grad, state):
        lr, wd = _start_step(self, index, weight, grad)
        kwargs = dict(_sgd_kwargs(self, self.momentum), out=weight, lr=lr, wd=wd)
        if state is None:
            # signsgd has no decoupled weight decay
            signsgd_update(weight, grad, **kwargs)
            return
        if self.wd_lh:
            kwargs['wd_lh'] = self.wd_lh
        signum_update(weight, grad, state, **kwargs)

    def update(self, index, weight, grad, state):
        self._update_impl(index, weight, grad, state)


@register
class Test(Optimizer):
    """The Test optimizer: ``weight += rescale_grad * grad``; the state mirrors the weight."""
    def create_state(self, index, weight):
        return zeros(weight.shape, weight.context)

    def update(self, index, weight, grad, state):
        weight[:] = weight + grad * self.rescale_grad
        state[:] = weight
