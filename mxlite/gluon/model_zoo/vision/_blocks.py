"""Small container blocks the model zoo needs (MXNet keeps them in gluon.contrib.nn)."""
from ...block import HybridBlock
from ...nn import HybridSequential

__all__ = ["HybridConcurrent", "Identity"]


class HybridConcurrent(HybridSequential):
    """Runs every child on the same input and concatenates their outputs along `axis`.

    Parameters
    ----------
    axis : int, default -1
        The axis on which to concatenate the outputs.
    prefix, params : see Block
    """

    def __init__(self, axis=-1, prefix=None, params=None):
        super(HybridConcurrent, self).__init__(prefix=prefix, params=params)
        self.axis = axis

    def hybrid_forward(self, F, x):
        outs = [child(x) for child in self._children.values()]
        return F.concat(*outs, dim=self.axis)


class Identity(HybridBlock):
    """Returns its input unchanged (the shortcut branch of a DenseNet layer)."""

    def __init__(self, prefix=None, params=None):
        super(Identity, self).__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x):
        return x
