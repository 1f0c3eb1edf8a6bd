"""mx.contrib.autograd: MXNet's first autograd API (train_section, compute_gradient,
grad_and_loss, ...), as thin wrappers over mx.autograd."""
import functools

from .. import autograd as _ag
from ..ndarray import NDArray
from ..ndarray.unary import zeros_like

__all__ = ["set_is_training", "TrainingStateScope", "train_section", "test_section",
           "mark_variables", "backward", "compute_gradient", "grad_and_loss", "grad"]


def set_is_training(is_train):
    """Sets both training and recording to `is_train`; returns the previous recording
    state (as MXNet, whose second C call overwrites the first's answer)."""
    flag = bool(is_train)
    _ag.set_training(flag)
    return bool(_ag.set_recording(flag))


class TrainingStateScope:
    """Scope setting the training (and recording) state inside a ``with`` block."""

    def __init__(self, enter_state):
        self._enter_state = enter_state
        self._prev = None

    def __enter__(self):
        self._prev = set_is_training(self._enter_state)

    def __exit__(self, *exc_info):
        # restore only when entering actually changed something
        if self._enter_state != self._prev:
            set_is_training(self._prev)


def train_section():
    """A scope that records the computation for gradients (training mode)."""
    return TrainingStateScope(True)


def test_section():
    """A scope that neither records nor trains."""
    return TrainingStateScope(False)


def mark_variables(variables, gradients, grad_reqs="write"):
    """Marks NDArrays as variables whose gradients go into `gradients`."""
    _ag.mark_variables(variables, gradients, grad_reqs)


def backward(outputs, out_grads=None, retain_graph=False):
    """Computes the gradients of `outputs` (a list) with respect to the marked variables."""
    assert isinstance(outputs, (list, tuple)), "outputs must be a list or tuple of NDArrays"
    _ag.backward(list(outputs), out_grads, retain_graph=retain_graph)


def compute_gradient(outputs):
    """Deprecated. Please use backward."""
    backward(outputs)


def _pick_args(args, argnum):
    """The positional arguments selected by `argnum` (all when None)."""
    if argnum is None:
        return args
    positions = argnum if isinstance(argnum, list) else [argnum]
    return [args[p] for p in positions]


def grad_and_loss(func, argnum=None):
    """A function returning (gradients of the arguments `argnum`, loss) of `func`."""
    def run(*args):
        targets = _pick_args(args, argnum)
        assert all(isinstance(t, NDArray) for t in targets), \
            "type of autograd input should NDArray."
        buffers = [zeros_like(t) for t in targets]
        mark_variables(targets, buffers)
        with train_section():
            loss = func(*args)
        heads = [loss] if isinstance(loss, NDArray) else loss
        compute_gradient(heads)
        return buffers, loss
    return functools.wraps(func)(run)


def grad(func, argnum=None):
    """A function returning the gradients of `func` with respect to arguments `argnum`."""
    both = grad_and_loss(func, argnum)

    def only_grads(*args):
        return both(*args)[0]
    return functools.wraps(both)(only_grads)
