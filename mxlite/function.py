"""``autograd.Function``: a user-defined op with its own forward and backward."""
from .autograd import _state, pause, record_op, unmark_ones
from .base import MXNetError

__all__ = ["Function"]


class Function:
    """Customize differentiation in autograd.

    Subclass it and define ``forward(self, *inputs)`` and ``backward(self, *output_grads)``;
    ``save_for_backward`` keeps arrays for the backward pass. Each instance is called once.
    """

    def __init__(self):
        self._used = False
        self.saved_tensors = ()

    def save_for_backward(self, *args):
        """Saves arrays for use in backward (``self.saved_tensors``)."""
        self.saved_tensors = args

    def forward(self, *inputs):
        """Forward computation on NDArrays (runs with recording paused)."""
        raise NotImplementedError

    def backward(self, *output_grads):
        """Returns one gradient NDArray per input, given one gradient per output."""
        raise NotImplementedError

    def __call__(self, *inputs):
        from .ndarray.ndarray import NDArray
        assert not self._used, \
            "Each Function instance can only be called once. Please create another instance."
        self._used = True
        recording = _state.recording
        _state.recording = False
        try:
            outputs = self.forward(*inputs)
        finally:
            _state.recording = recording
        if not recording:
            return outputs
        single = isinstance(outputs, NDArray)
        outs = (outputs,) if single else tuple(outputs)
        n_in, fn = len(inputs), self

        def grad(g, *args):
            unmark_ones(g)  # (user code may write into g)
            grads = (g,) if single else g
            with pause(train_mode=_state.training):
                res = fn.backward(*grads)
            res = (res,) if isinstance(res, NDArray) else tuple(res)
            if len(res) != n_in:
                raise MXNetError(f"{type(fn).__name__}.backward returned {len(res)} gradient(s) "
                                 f"but forward took {n_in} input(s)")
            for i, (r, x) in enumerate(zip(res, args[:n_in])):
                if not isinstance(r, NDArray) or r.shape != x.shape:
                    raise MXNetError(f"{type(fn).__name__}.backward: gradient {i} must be an "
                                     f"NDArray of shape {x.shape}, got "
                                     f"{getattr(r, 'shape', type(r).__name__)}")
            return res

        record_op(grad, tuple(inputs), tuple(o._data for o in outs), None, outs, joint=True)
        return outputs
