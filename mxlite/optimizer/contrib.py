"""Contrib optimizers (``mx.optimizer.contrib``) and AdamW."""
import math

from .. import ndarray as nd
from .optimizer import Optimizer

__all__ = ["GroupAdaGrad", "AdamW"]


@Optimizer.register
class GroupAdaGrad(Optimizer):
    """AdaGrad with one learning-rate history per row of a 2-D weight.

    The accumulated history is the running sum over steps of the row mean of the squared
    (rescaled, clipped) gradient; the step is ``lr * grad / sqrt(history + eps)``.
    Weight decay is not supported.

    Parameters
    ----------
    eps: float, optional
        Initial value of the history accumulator. Avoids division by 0.
    """

    def __init__(self, eps=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        assert weight.ndim == 2, "GroupAdaGrad needs 2-D weights"
        return nd.zeros((weight.shape[0], 1), weight.context)

    def update(self, index, weight, grad, state):
        for a in (weight, grad):
            assert isinstance(a, nd.NDArray)
        self._update_count(index)
        step_size, decay = self._get_lr(index), self._get_wd(index)
        assert decay == 0, "Weight decay is not supported for GroupAdaGrad"
        g = grad * self.rescale_grad
        bound = self.clip_gradient
        if bound is not None:
            g = nd.clip(g, -bound, bound)
        state[:] += nd.mean(g * g, axis=1, keepdims=True)
        weight[:] -= step_size * g / nd.sqrt(state + self.float_stable_eps)


@Optimizer.register
class AdamW(Optimizer):
    """Adam with decoupled weight decay (Loshchilov & Hutter, https://arxiv.org/abs/1711.05101),
    built on ``nd.contrib.adamw_update``. MXNet 1.9.1 ships only the update op; this class
    follows the op's formula with the bias correction folded into the step size::

        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad**2
        lr_t = learning_rate * sqrt(1 - beta2**t) / (1 - beta1**t)    (if correct_bias)
        w = w - lr_t * (m / (sqrt(v) + epsilon) + wd * w)

    Parameters
    ----------
    beta1, beta2 : float, decay rates of the moment estimates
    epsilon : float, small value to avoid division by 0
    correct_bias : bool, default True, whether to apply Adam's bias correction
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 correct_bias=True, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.correct_bias = correct_bias

    def create_state(self, index, weight):
        return (nd.zeros(weight.shape, weight.context, dtype=weight.dtype),
                nd.zeros(weight.shape, weight.context, dtype=weight.dtype))

    def update(self, index, weight, grad, state):
        self._update_count(index)
        t = self._index_update_count[index]
        step = self._get_lr(index)
        if self.correct_bias:
            step *= math.sqrt(1.0 - self.beta2 ** t) / (1.0 - self.beta1 ** t)
        mean, var = state
        clip = self.clip_gradient if self.clip_gradient is not None else -1
        nd.contrib.adamw_update(weight, grad.copy(), mean, var,
                                rescale_grad=nd.full((1,), self.rescale_grad,
                                                     ctx=weight.context),
                                lr=1.0, eta=step, beta1=self.beta1, beta2=self.beta2,
                                epsilon=self.epsilon, wd=self._get_wd(index),
                                clip_gradient=clip, out=weight)
