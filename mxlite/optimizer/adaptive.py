"""Adaptive optimizers of MXNet 1.9.1: Adam, AdaGrad, RMSProp, AdaDelta, Ftrl, Adamax, Nadam,
FTML (registered in ``Optimizer.opt_registry``).

Adam, RMSProp, Ftrl and FTML hand the step to the fused ``nd.*_update`` kernels; the others are
written with NDArray arithmetic, in the same order of operations as MXNet.
"""
import math

from ..ndarray import NDArray, zeros, clip, sqrt, square, maximum
from ..ndarray import abs as NDabs
from ..ndarray import adam_update, rmsprop_update, rmspropalex_update, ftrl_update, ftml_update
from .optimizer import Optimizer, register

__all__ = ["Adam", "AdaGrad", "RMSProp", "AdaDelta", "Ftrl", "Adamax", "Nadam", "FTML", "NDabs"]


# ---------------------------------------------------------------------------------------------
# shared pieces

def _buffers(weight, count, same_dtype=True):
    """`count` zero arrays shaped like `weight` (its dtype, or the default float32)."""
    dtype = weight.dtype if same_dtype else None
    return tuple(zeros(weight.shape, weight.context, dtype=dtype) for _ in range(count))


def _start(opt, index, weight, grad):
    """Checks the arguments, counts the update; gives (lr, wd, t), t = updates of `index`."""
    assert isinstance(weight, NDArray)
    assert isinstance(grad, NDArray)
    opt._update_count(index)
    return opt._get_lr(index), opt._get_wd(index), opt._index_update_count[index]


def _fused_args(opt, names, clip_name='clip_gradient'):
    """Keyword arguments for a fused kernel: the named hyper-parameters, rescale_grad, and the
    clipping threshold when one is set (a zero threshold means no clipping here)."""
    out = dict((name, getattr(opt, name)) for name in names)
    out['rescale_grad'] = opt.rescale_grad
    if opt.clip_gradient:
        out[clip_name] = opt.clip_gradient
    return out


def _prepared(opt, grad, decay=None):
    """rescale_grad * grad (+ `decay`), clipped to +-clip_gradient when that is not None."""
    g = grad * opt.rescale_grad
    if decay is not None:
        g = g + decay
    bound = opt.clip_gradient
    return g if bound is None else clip(g, -bound, bound)


def _blend(acc, rate, *factors):
    """acc = rate * acc + (1 - rate) * product(factors), in place (multiplied left to right)."""
    term = 1. - rate
    for f in factors:
        term = term * f
    acc[:] *= rate
    acc[:] += term


# ---------------------------------------------------------------------------------------------
# optimizers on fused kernels

@register
class Adam(Optimizer):
    """The Adam optimizer (http://arxiv.org/abs/1412.6980).

    Updates at step t are applied by::

        rescaled_grad = clip(grad * rescale_grad + wd * weight, clip_gradient)
        m = beta1 * m + (1 - beta1) * rescaled_grad
        v = beta2 * v + (1 - beta2) * (rescaled_grad**2)
        lr = learning_rate * sqrt(1 - beta2**t) / (1 - beta1**t)
        w = w - lr * m / (sqrt(v) + epsilon)

    Parameters
    ----------
    beta1 : float, optional
        Exponential decay rate for the first moment estimates.
    beta2 : float, optional
        Exponential decay rate for the second moment estimates.
    epsilon : float, optional
        Small value to avoid division by 0.
    lazy_update : bool, optional
       Default is True. Lazy updates only apply to row_sparse gradients.
    """
    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 lazy_update=True, **kwargs):
        super(Adam, self).__init__(learning_rate=learning_rate, **kwargs)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.lazy_update = lazy_update

    def create_state(self, index, weight):
        return _buffers(weight, 2)  # first and second moments

    def update(self, index, weight, grad, state):
        lr, wd, t = _start(self, index, weight, grad)
        # bias correction folded into the step size
        lr *= math.sqrt(1. - self.beta2 ** t) / (1. - self.beta1 ** t)
        mean, var = state
        adam_update(weight, grad, mean, var, out=weight, lazy_update=self.lazy_update,
                    lr=lr, wd=wd, **_fused_args(self, ('beta1', 'beta2', 'epsilon')))


@register
class RMSProp(Optimizer):
    """The RMSProp optimizer.

    ``centered=False`` follows Tieleman & Hinton, 2012 (:func:`~mxnet.ndarray.rmsprop_update`);
    ``centered=True`` follows Graves, 2013 (:func:`~mxnet.ndarray.rmspropalex_update`).

    Parameters
    ----------
    gamma1: float, optional
        A decay factor of moving average over past squared gradient.
    gamma2: float, optional
        A "momentum" factor. Only used if `centered`=``True``.
    epsilon : float, optional
        Small value to avoid division by 0.
    centered : bool, optional
        Whether to use Graves's centered version.
    clip_weights : float, optional
        Clips weights into range ``[-clip_weights, clip_weights]``.
    """
    def __init__(self, learning_rate=0.001, gamma1=0.9, gamma2=0.9,
                 epsilon=1e-8, centered=False, clip_weights=None, **kwargs):
        super(RMSProp, self).__init__(learning_rate=learning_rate, **kwargs)
        self.gamma1, self.gamma2 = gamma1, gamma2
        self.centered = centered
        self.epsilon = epsilon
        self.clip_weights = clip_weights

    def create_state(self, index, weight):
        # (n,) or, centered, (n, g, delta); float32 like MXNet
        return _buffers(weight, 3 if self.centered else 1, same_dtype=False)

    def update(self, index, weight, grad, state):
        lr, wd, _ = _start(self, index, weight, grad)
        names = ('gamma1', 'epsilon', 'gamma2') if self.centered else ('gamma1', 'epsilon')
        extra = _fused_args(self, names)
        if self.clip_weights:
            extra['clip_weights'] = self.clip_weights
        kernel = rmspropalex_update if self.centered else rmsprop_update
        kernel(weight, grad, *state, out=weight, lr=lr, wd=wd, **extra)


@register
class Ftrl(Optimizer):
    """The Ftrl optimizer (*Ad Click Prediction: a View from the Trenches*)::

        rescaled_grad = clip(grad * rescale_grad, clip_gradient)
        z += rescaled_grad - (sqrt(n + rescaled_grad**2) - sqrt(n)) * weight / learning_rate
        n += rescaled_grad**2
        w = (sign(z) * lamda1 - z) / ((beta + sqrt(n)) / learning_rate + wd) * (abs(z) > lamda1)

    Parameters
    ----------
    lamda1 : float, optional
        L1 regularization coefficient.
    learning_rate : float, optional
        The initial learning rate.
    beta : float, optional
        Per-coordinate learning rate correlation parameter.
    """
    def __init__(self, lamda1=0.01, learning_rate=0.1, beta=1, **kwargs):
        # MXNet hands learning_rate to the base class only afterwards, as a plain attribute
        super(Ftrl, self).__init__(**kwargs)
        self.lamda1, self.beta = lamda1, beta
        self.lr = learning_rate

    def create_state(self, index, weight):
        return _buffers(weight, 2, same_dtype=False)  # z, n

    def update(self, index, weight, grad, state):
        lr, wd, _ = _start(self, index, weight, grad)
        z, n = state
        ftrl_update(weight, grad, z, n, out=weight, lr=lr, wd=wd,
                    **_fused_args(self, ('lamda1', 'beta')))


@register
class FTML(Optimizer):
    """The FTML optimizer (*FTML - Follow the Moving Leader in Deep Learning*)::

        rescaled_grad = clip(grad * rescale_grad + wd * weight, clip_gradient)
        v = beta2 * v + (1 - beta2) * square(rescaled_grad)
        d_t = (1 - power(beta1, t)) / lr * (square_root(v / (1 - power(beta2, t))) + epsilon)
        z = beta1 * z + (1 - beta1) * rescaled_grad - (d_t - beta1 * d_(t-1)) * weight
        weight = - z / d_t
    """
    def __init__(self, beta1=0.6, beta2=0.999, epsilon=1e-8, **kwargs):
        super(FTML, self).__init__(**kwargs)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon

    def create_state(self, index, weight):
        return _buffers(weight, 3)  # d, v, z

    def update(self, index, weight, grad, state):
        lr, wd, t = _start(self, index, weight, grad)
        # the kernel names its clipping argument clip_grad
        extra = _fused_args(self, ('beta1', 'beta2', 'epsilon'), clip_name='clip_grad')
        extra['t'] = t
        ftml_update(weight, grad, *state, out=weight, lr=lr, wd=wd, **extra)


# ---------------------------------------------------------------------------------------------
# optimizers written with NDArray arithmetic

@register
class AdaGrad(Optimizer):
    """AdaGrad optimizer::

        grad = clip(grad * rescale_grad, clip_gradient)
        history += square(grad)
        div = grad / sqrt(history + float_stable_eps)
        weight += (div + weight * wd) * -lr

    Parameters
    ----------
    eps: float, optional
        Initial value of the history accumulator. Avoids division by 0.
    """
    def __init__(self, eps=1e-7, **kwargs):
        super(AdaGrad, self).__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        return _buffers(weight, 1, same_dtype=False)[0]  # sum of squared gradients

    def update(self, index, weight, grad, state):
        lr, wd, _ = _start(self, index, weight, grad)
        g = _prepared(self, grad)
        state[:] += square(g)
        step = g / sqrt(state + self.float_stable_eps)
        weight[:] += (step + weight * wd) * -lr


@register
class AdaDelta(Optimizer):
    """The AdaDelta optimizer (https://arxiv.org/abs/1212.5701)::

        grad = clip(grad * rescale_grad, clip_gradient)
        acc_grad = rho * acc_grad + (1. - rho) * grad * grad
        delta = sqrt(acc_delta + epsilon) / sqrt(acc_grad + epsilon) * grad
        acc_delta = rho * acc_delta + (1. - rho) * delta * delta
        weight -= (delta + wd * weight)

    Like MXNet, this scales the gradient buffer itself by `rescale_grad` in place.
    """
    def __init__(self, rho=0.90, epsilon=1e-5, **kwargs):
        super(AdaDelta, self).__init__(**kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def create_state(self, index, weight):
        return _buffers(weight, 2, same_dtype=False)  # running E[g^2], running E[dx^2]

    def update(self, index, weight, grad, state):
        assert isinstance(weight, NDArray)
        assert isinstance(grad, NDArray)
        wd = self._get_wd(index)  # no learning rate here: the scheduler is never consulted
        self._update_count(index)
        grad *= self.rescale_grad  # MXNet scales the caller's buffer
        g = grad
        if self.clip_gradient is not None:
            g = clip(g, -self.clip_gradient, self.clip_gradient)
        sq_grad, sq_delta = state
        _blend(sq_grad, self.rho, g, g)
        dx = sqrt(sq_delta + self.epsilon) / sqrt(sq_grad + self.epsilon) * g
        _blend(sq_delta, self.rho, dx, dx)
        weight[:] -= dx + wd * weight


@register
class Adamax(Optimizer):
    """The AdaMax optimizer, Adam with the infinity norm::

        grad = clip(grad * rescale_grad + wd * weight, clip_gradient)
        m = beta1 * m_t + (1 - beta1) * grad
        u = maximum(beta2 * u, abs(grad))
        weight -= lr / (1 - beta1**t) * m / u
    """
    def __init__(self, learning_rate=0.002, beta1=0.9, beta2=0.999, **kwargs):
        super(Adamax, self).__init__(learning_rate=learning_rate, **kwargs)
        self.beta1, self.beta2 = beta1, beta2

    def create_state(self, index, weight):
        return _buffers(weight, 2)  # first moment, infinity norm

    def update(self, index, weight, grad, state):
        lr, wd, t = _start(self, index, weight, grad)
        lr /= 1. - self.beta1 ** t
        g = _prepared(self, grad, wd * weight)
        moment, norm = state
        _blend(moment, self.beta1, g)
        norm[:] = maximum(self.beta2 * norm, NDabs(g))
        weight[:] -= lr * moment / norm


@register
class Nadam(Optimizer):
    """The Nesterov Adam optimizer (http://cs229.stanford.edu/proj2015/054_report.pdf).

    Parameters
    ----------
    beta1, beta2 : float, optional
        Exponential decay rates for the first and second moment estimates.
    epsilon : float, optional
        Small value to avoid division by 0.
    schedule_decay : float, optional
        Exponential decay rate for the momentum schedule.
    """
    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 schedule_decay=0.004, **kwargs):
        super(Nadam, self).__init__(learning_rate=learning_rate, **kwargs)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.schedule_decay = schedule_decay
        self.m_schedule = 1.  # product of the momentum schedule so far (shared by all weights)

    def _mu(self, step):
        """The momentum coefficient of the schedule at `step`."""
        return self.beta1 * (1. - 0.5 * (pow(0.96, step * self.schedule_decay)))

    def create_state(self, index, weight):
        return _buffers(weight, 2)  # first and second moments

    def update(self, index, weight, grad, state):
        lr, wd, t = _start(self, index, weight, grad)
        g = _prepared(self, grad, wd * weight)
        mu_now, mu_next = self._mu(t), self._mu(t + 1)
        self.m_schedule = self.m_schedule * mu_now
        schedule_next = self.m_schedule * mu_next
        m, v = state
        _blend(m, self.beta1, g)
        _blend(v, self.beta2, g, g)
        m_hat = (1. - mu_now) * (g / (1. - self.m_schedule)) \
            + mu_next * (m / (1. - schedule_next))
        v_hat = v / (1. - pow(self.beta2, t))
        weight[:] -= lr * m_hat / (sqrt(v_hat) + self.epsilon)
