"""Recurrent cells of ``gluon.rnn`` (``RNNCell``, ``LSTMCell``, ``GRUCell`` and their base
classes) with MXNet 1.9.1's semantics: one time step per call, ``unroll`` for a whole
sequence. The container and modifier cells live in ``rnn_cell_more``."""
from ... import autograd, ndarray
from ...ndarray import NDArray
from ...ndarray.linalg import dot
from ...ndarray.rnn import rnn_stack, rnn_unstack
from ..block import Block, HybridBlock

__all__ = ["RecurrentCell", "HybridRecurrentCell", "RNNCell", "LSTMCell", "GRUCell",
           "SequentialRNNCell", "HybridSequentialRNNCell", "DropoutCell", "ModifierCell",
           "ZoneoutCell", "ResidualCell", "BidirectionalCell"]


# ---------------------------------------------------------------- sequence helpers
def _split(x, axis):
    """The slices of `x` along `axis` (axis dropped), always as a list; differentiable."""
    pieces = rnn_unstack(x, axis=axis)
    return [pieces] if isinstance(pieces, NDArray) else pieces


def _exchange_axes(x, first, second):
    order = list(range(x.ndim))
    order[first], order[second] = second, first
    return ndarray.transpose(x, axes=tuple(order))


def _first_step(inputs):
    return inputs if isinstance(inputs, NDArray) else inputs[0]


def _cells_state_info(cells, batch_size):
    infos = []
    for cell in cells:
        infos.extend(cell.state_info(batch_size))
    return infos


def _cells_begin_state(cells, **kwargs):
    states = []
    for cell in cells:
        states.extend(cell.begin_state(**kwargs))
    return states


def _get_begin_state(cell, begin_state, inputs, batch_size):
    """`begin_state` itself, or zeros from ``cell.begin_state`` on the inputs' context and
    dtype when it is None."""
    if begin_state is not None:
        return begin_state
    sample = _first_step(inputs)
    with sample.context:
        return cell.begin_state(func=ndarray.zeros, batch_size=batch_size, dtype=sample.dtype)


def _format_sequence(length, inputs, layout, merge, in_layout=None):
    """Brings `inputs` (one array or a list of (N, C) steps) to the requested form: a list
    of steps when `merge` is False, one array with time on `layout`'s T axis when True, as
    it is when None. Returns (inputs, time axis, F, batch size)."""
    assert inputs is not None, \
        "unroll(inputs=None) has been deprecated. Please create input variables outside unroll."
    time_axis = layout.find("T")
    if not isinstance(inputs, NDArray):
        assert length is None or len(inputs) == length
        batch = inputs[0].shape[0]
        if merge is True:
            inputs = rnn_stack(*inputs, axis=time_axis)
        return inputs, time_axis, ndarray, batch
    batch = inputs.shape[layout.find("N")]
    src_axis = time_axis if in_layout is None else in_layout.find("T")
    if merge is False:
        assert length is None or length == inputs.shape[src_axis]
        return _split(inputs, src_axis), time_axis, ndarray, batch
    if src_axis != time_axis:
        inputs = _exchange_axes(inputs, time_axis, src_axis)
    return inputs, time_axis, ndarray, batch


def _mask_sequence_variable_length(data, length, valid_length, time_axis, merge):
    """Zeroes the steps past each sequence's valid length."""
    assert valid_length is not None
    whole = data if isinstance(data, NDArray) else rnn_stack(*data, axis=time_axis)
    masked = ndarray.SequenceMask(whole, sequence_length=valid_length,
                                  use_sequence_length=True, axis=time_axis)
    return masked if merge else _split(masked, time_axis)


def _reverse_sequences(sequences, unroll_step, valid_length=None):
    """The list of steps in reverse order (each sequence's valid part only, when given)."""
    if valid_length is None:
        return list(sequences)[::-1]
    whole = rnn_stack(*sequences, axis=0)
    return _split(ndarray.SequenceReverse(whole, sequence_length=valid_length,
                                          use_sequence_length=True), 0)


def _last_valid(step_states, valid_length):
    """For each state slot, its value at each sequence's last valid step."""
    return [ndarray.SequenceLast(rnn_stack(*per_step, axis=0), sequence_length=valid_length,
                                 use_sequence_length=True, axis=0)
            for per_step in zip(*step_states)]


def _affine(x, weight, bias):
    """What FullyConnected computes: x . weight^T + bias."""
    return dot(x, weight, transpose_b=True) + bias


def _dropout(x, p, axes=()):
    """Inverted dropout (mask shared along `axes`) while training; `x` itself otherwise."""
    if p and autograd.is_training():
        return ndarray.Dropout(x, p=p, axes=axes)
    return x


_BUILTIN_ACTIVATIONS = ("tanh", "relu", "sigmoid", "softsign")


# ---------------------------------------------------------------- base classes
class RecurrentCell(Block):
    """Abstract base class for RNN cells.

    Parameters
    ----------
    prefix : str, optional
        Prefix for names of `Block`s (and of the weights if `params` is None).
    params : Parameter or None, default None
        Container for weight sharing between cells. Created if `None`.
    """

    def __init__(self, prefix=None, params=None):
        super(RecurrentCell, self).__init__(prefix=prefix, params=params)
        self._modified = False
        self.reset()

    def reset(self):
        """Reset before re-using the cell for another graph."""
        self._init_counter = self._counter = -1
        for child in self._children.values():
            child.reset()

    def state_info(self, batch_size=0):
        """shape and layout information of states"""
        raise NotImplementedError()

    def begin_state(self, batch_size=0, func=ndarray.zeros, **kwargs):
        """Initial state for this cell.

        Parameters
        ----------
        batch_size: int, default 0
            Size of the batch ('N' in layout) dimension of input.
        func : callable, default ndarray.zeros
            Function for creating initial state (``ndarray.zeros``, ``ndarray.ones`` …).
        **kwargs :
            Additional keyword arguments passed to func (`dtype`, `ctx` …).

        Returns
        -------
        states : list of NDArray
            Starting states for the first RNN step.
        """
        assert not self._modified, \
            "After applying modifier cells (e.g. ZoneoutCell) the base " \
            "cell cannot be called directly. Call the modifier cell instead."
        made = []
        for spec in self.state_info(batch_size):
            self._init_counter += 1
            args = kwargs if spec is None else dict(spec, **kwargs)
            label = "%sbegin_state_%d" % (self._prefix, self._init_counter)
            made.append(func(name=label, **args))
        return made

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        """Unrolls an RNN cell across time steps.

        Parameters
        ----------
        length : int
            Number of steps to unroll.
        inputs : NDArray or list of NDArray
            One array of shape (batch_size, length, ...) for layout 'NTC' ((length,
            batch_size, ...) for 'TNC'), or a list of `length` arrays (batch_size, ...).
        begin_state : list of NDArray, optional
            Input states; ``begin_state()`` zeros if None.
        layout : str, optional
            `layout` of the input array. Only used if inputs is a single array.
        merge_outputs : bool, optional
            False: a list of outputs per step; True: one array stacked along the time axis;
            None: whatever is faster.
        valid_length : NDArray or None
            (batch_size,) lengths: outputs past them are masked with 0 and the last valid
            states are returned.

        Returns
        -------
        outputs : list of NDArray or NDArray
        states : list of NDArray
        """
        self.reset()
        steps, time_axis, _, batch = _format_sequence(length, inputs, layout, False)
        states = _get_begin_state(self, begin_state, steps, batch)
        outs, history = [], []
        for t in range(length):
            step_out, states = self(steps[t], states)
            outs.append(step_out)
            history.append(states)
        if valid_length is not None:
            states = _last_valid(history, valid_length)
            outs = _mask_sequence_variable_length(outs, length, valid_length, time_axis, True)
        return _format_sequence(length, outs, layout, merge_outputs)[0], states

    def _get_activation(self, F, inputs, activation, **kwargs):
        """Get activation function. Convert if is string"""
        if not isinstance(activation, str):
            if type(activation).__name__ == "LeakyReLU" and hasattr(activation, "_alpha"):
                # gluon.nn.LeakyReLU as a block: the same op, called directly
                return ndarray.LeakyReLU(inputs, act_type="leaky", slope=activation._alpha)
            return activation(inputs, **kwargs)
        named = getattr(ndarray, activation, None) if activation in _BUILTIN_ACTIVATIONS \
            else None
        if named is None:
            return ndarray.Activation(inputs, act_type=activation)
        return named(inputs)

    def forward(self, inputs, states):
        """Unrolls the recurrent cell for one time step: returns (output, new states)."""
        self._counter += 1
        return super(RecurrentCell, self).forward(inputs, states)


class HybridRecurrentCell(RecurrentCell, HybridBlock):
    """HybridRecurrentCell supports hybridize."""

    def hybrid_forward(self, F, x, *args, **kwargs):
        raise NotImplementedError


class _DenseGatesCell(HybridRecurrentCell):
    """RNNCell, LSTMCell and GRUCell: `_ngates` blocks of `hidden_size` rows computed from
    the input (i2h) and from the previous output (h2h), each with a bias."""
    _ngates = 1
    _nstates = 1

    def _make_weights(self, hidden_size, input_size, initializers):
        self._hidden_size = hidden_size
        self._input_size = input_size
        rows = self._ngates * hidden_size
        shapes = {"i2h_weight": (rows, input_size), "h2h_weight": (rows, hidden_size),
                  "i2h_bias": (rows,), "h2h_bias": (rows,)}
        for name in ("i2h_weight", "h2h_weight", "i2h_bias", "h2h_bias"):
            setattr(self, name, self.params.get(name, shape=shapes[name],
                                                init=initializers[name],
                                                allow_deferred_init=True))

    def _projections(self, inputs, prev, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        return _affine(inputs, i2h_weight, i2h_bias), _affine(prev, h2h_weight, h2h_bias)

    def _gate(self, x, k):
        size = self._hidden_size
        return x[:, k * size:(k + 1) * size]

    def state_info(self, batch_size=0):
        return [{"shape": (batch_size, self._hidden_size), "__layout__": "NC"}
                for _ in range(self._nstates)]

    def infer_shape(self, inputs, *args):
        """Completes the deferred i2h weight from the input's feature size."""
        self.i2h_weight.shape = (self._ngates * self._hidden_size, inputs.shape[-1])

    def __repr__(self):
        rows, cols = self.i2h_weight.shape
        text = "{}({} -> {}".format(type(self).__name__, cols or None, rows)
        if self._ngates == 1 and hasattr(self, "_activation"):
            text += ", {}".format(self._activation)
        return text + ")"


def _initializers(i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    return {"i2h_weight": i2h_weight, "h2h_weight": h2h_weight, "i2h_bias": i2h_bias,
            "h2h_bias": h2h_bias}


class RNNCell(_DenseGatesCell):
    r"""Elman RNN recurrent neural network cell:
    ``h_t = act(w_ih * x_t + b_ih + w_hh * h_(t-1) + b_hh)``.

    Parameters
    ----------
    hidden_size : int
        Number of units in output symbol
    activation : str or Block, default 'tanh'
        Type of activation function.
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
    input_size : int, default 0 (inferred at the first call)
    prefix : str, default ``'rnn_'``
    params : Parameter or None

    Inputs: **data** (batch_size, input_size); **states** [(batch_size, num_hidden)].
    Outputs: **out** (batch_size, num_hidden); **next_states** [out].
    """
    _ngates = 1

    def __init__(self, hidden_size, activation="tanh", i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer="zeros",
                 h2h_bias_initializer="zeros", input_size=0, prefix=None, params=None):
        super(RNNCell, self).__init__(prefix=prefix, params=params)
        self._activation = activation
        self._make_weights(hidden_size, input_size, _initializers(
            i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
            h2h_bias_initializer))

    def _alias(self):
        return "rnn"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        from_x, from_h = self._projections(inputs, states[0], i2h_weight, h2h_weight,
                                           i2h_bias, h2h_bias)
        h = self._get_activation(F, from_x + from_h, self._activation)
        return h, [h]


class LSTMCell(_DenseGatesCell):
    r"""Long-Short Term Memory (LSTM) network cell: gates i, f, g, o;
    ``c_t = f*c_(t-1) + i*g``, ``h_t = o*tanh(c_t)``.

    Parameters
    ----------
    hidden_size : int
        Number of units in output symbol.
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
    input_size : int, default 0 (inferred at the first call)
    prefix : str, default ``'lstm_'``
    params : Parameter or None
    activation : str, default 'tanh'
    recurrent_activation : str, default 'sigmoid'

    Inputs: **data** (batch_size, input_size); **states** [h, c], each (batch_size, num_hidden).
    Outputs: **out** (batch_size, num_hidden); **next_states** [h, c].
    """
    _ngates = 4
    _nstates = 2

    def __init__(self, hidden_size, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros", input_size=0,
                 prefix=None, params=None, activation="tanh", recurrent_activation="sigmoid"):
        super(LSTMCell, self).__init__(prefix=prefix, params=params)
        self._make_weights(hidden_size, input_size, _initializers(
            i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
            h2h_bias_initializer))
        self._activation = activation
        self._recurrent_activation = recurrent_activation

    def _alias(self):
        return "lstm"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        from_x, from_h = self._projections(inputs, states[0], i2h_weight, h2h_weight,
                                           i2h_bias, h2h_bias)
        pre = from_x + from_h
        squash, gate_fn = self._activation, self._recurrent_activation
        # MXNet's gate order: input, forget, candidate (uses `activation`), output
        keep_in, keep_old, candidate, show = [
            self._get_activation(F, self._gate(pre, k), fn)
            for k, fn in enumerate((gate_fn, gate_fn, squash, gate_fn))]
        cell = keep_old * states[1] + keep_in * candidate
        h = show * self._get_activation(F, cell, squash)
        return h, [h, cell]


class GRUCell(_DenseGatesCell):
    r"""Gated Rectified Unit (GRU) network cell, cuDNN's variant (the reset gate applies
    after the matrix multiplication): ``n_t = tanh(W_in x_t + b_in + r_t * (W_hn h + b_hn))``,
    ``h_t = (1 - z_t) * n_t + z_t * h_(t-1)``.

    Parameters
    ----------
    hidden_size : int
        Number of units in output symbol.
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
    input_size : int, default 0 (inferred at the first call)
    prefix : str, default ``'gru_'``
    params : Parameter or None

    Inputs: **data** (batch_size, input_size); **states** [(batch_size, num_hidden)].
    Outputs: **out** (batch_size, num_hidden); **next_states** [out].
    """
    _ngates = 3

    def __init__(self, hidden_size, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros", input_size=0,
                 prefix=None, params=None):
        super(GRUCell, self).__init__(prefix=prefix, params=params)
        self._make_weights(hidden_size, input_size, _initializers(
            i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
            h2h_bias_initializer))

    def _alias(self):
        return "gru"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        h_prev = states[0]
        from_x, from_h = self._projections(inputs, h_prev, i2h_weight, h2h_weight,
                                           i2h_bias, h2h_bias)
        # elemwise_add (as MXNet): mismatched batches fail with MXNet's text
        reset, update = [ndarray.sigmoid(ndarray.elemwise_add(self._gate(from_x, k),
                                                              self._gate(from_h, k)))
                         for k in (0, 1)]
        fresh = ndarray.tanh(self._gate(from_x, 2) + reset * self._gate(from_h, 2))
        h = (1 - update) * fresh + update * h_prev
        return h, [h]


from .rnn_cell_more import (SequentialRNNCell, HybridSequentialRNNCell, DropoutCell,  # noqa
                            ModifierCell, ZoneoutCell, ResidualCell, BidirectionalCell)
