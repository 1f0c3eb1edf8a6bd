"""Activation layers: Activation, LeakyReLU, PReLU, ELU, SELU, GELU, Swish."""
from ... import initializer
from ..block import HybridBlock

__all__ = ["Activation", "LeakyReLU", "PReLU", "ELU", "SELU", "Swish", "GELU"]


class Activation(HybridBlock):
    """Applies an activation function: 'relu', 'sigmoid', 'tanh', 'softrelu' or 'softsign'.
    Its name prefix is the activation's name (``relu0_``)."""

    def __init__(self, activation, **kwargs):
        # _alias() names the block after the activation, so it is needed before Block.__init__
        self._act_type = activation
        HybridBlock.__init__(self, **kwargs)

    def _alias(self):
        return self._act_type

    def hybrid_forward(self, F, x):
        return F.Activation(x, act_type=self._act_type)

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, self._act_type)


class _LeakyOp(HybridBlock):
    """A layer that is one mode of the LeakyReLU operator; `_op_attrs` holds its arguments."""

    def __init__(self, mode, slope=None, **kwargs):
        HybridBlock.__init__(self, **kwargs)
        attrs = {"act_type": mode}
        if slope is not None:
            attrs["slope"] = slope
        self._op_attrs = attrs

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, **self._op_attrs)


class LeakyReLU(_LeakyOp):
    """Leaky ReLU: ``x if x > 0 else alpha * x`` (alpha >= 0)."""

    def __init__(self, alpha, **kwargs):
        assert alpha >= 0, "Slope coefficient for LeakyReLU must be no less than 0."
        _LeakyOp.__init__(self, "leaky", alpha, **kwargs)
        self._alpha = alpha     # read by the rnn cells, which apply it directly

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, self._alpha)


class PReLU(HybridBlock):
    """Parametric ReLU with a learned slope `alpha` of shape (in_channels,).

    Parameters
    ----------
    alpha_initializer : Initializer, default Constant(0.25)
    in_channels : int, default 1
    """

    def __init__(self, alpha_initializer=initializer.Constant(0.25), in_channels=1, **kwargs):
        HybridBlock.__init__(self, **kwargs)
        with self.name_scope():
            self.alpha = self.params.get("alpha", shape=(in_channels,), init=alpha_initializer)

    def hybrid_forward(self, F, x, alpha):
        return F.LeakyReLU(x, gamma=alpha, act_type="prelu")


class ELU(_LeakyOp):
    """Exponential linear unit: ``x if x > 0 else alpha * (exp(x) - 1)``."""

    def __init__(self, alpha=1.0, **kwargs):
        _LeakyOp.__init__(self, "elu", alpha, **kwargs)
        self._alpha = alpha


class SELU(_LeakyOp):
    """Scaled exponential linear unit (Klambauer et al. 2017)."""

    def __init__(self, **kwargs):
        _LeakyOp.__init__(self, "selu", **kwargs)


class GELU(_LeakyOp):
    """Gaussian error linear unit (Hendrycks & Gimpel 2016)."""

    def __init__(self, **kwargs):
        _LeakyOp.__init__(self, "gelu", **kwargs)


class Swish(HybridBlock):
    """Swish: ``x * sigmoid(beta * x)`` (Ramachandran et al. 2017)."""

    def __init__(self, beta=1.0, **kwargs):
        HybridBlock.__init__(self, **kwargs)
        self._beta = beta

    def hybrid_forward(self, F, x):
        gate = F.sigmoid(self._beta * x)
        return x * gate
