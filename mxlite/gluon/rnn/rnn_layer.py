"""Recurrent layers (``gluon.rnn.RNN``, ``LSTM``, ``GRU``). Like MXNet 1.9.1 they hold one
weight/bias set per layer and direction and feed them, packed into one flat vector, to the
fused ``nd.RNN`` operator, so the same weights give the reference's results."""
from ... import ndarray
from ...base import MXNetError
from ...ndarray import NDArray
from ...ndarray.rnn import RNN as _fused_rnn, rnn_concat
from ..block import HybridBlock
from . import rnn_cell

__all__ = ["RNN", "LSTM", "GRU"]

_GATES_PER_MODE = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}


def _legacy_key(key, bidirectional):
    """'l0_i2h_weight' -> '_unfused.0.i2h_weight' ('_unfused.0.l_cell.i2h_weight' when
    bidirectional): the names MXNet saves fused layers under."""
    side, rest = key[0], key[1:]
    layer, _, leaf = rest.partition("_")
    parts = ["_unfused", layer] + (["%s_cell" % side] if bidirectional else []) + [leaf]
    return ".".join(parts)


class _RNNLayer(HybridBlock):
    """Implementation of recurrent layers."""

    def __init__(self, hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                 i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                 h2h_bias_initializer, mode, projection_size, h2r_weight_initializer,
                 lstm_state_clip_min, lstm_state_clip_max, lstm_state_clip_nan, dtype,
                 use_sequence_length=False, **kwargs):
        super(_RNNLayer, self).__init__(**kwargs)
        assert layout in ("TNC", "NTC"), \
            "Invalid layout %s; must be one of ['TNC' or 'NTC']" % layout
        self._mode, self._layout, self._dtype = mode, layout, dtype
        self._hidden_size, self._num_layers = hidden_size, num_layers
        self._projection_size = projection_size or None
        self._dropout = dropout
        self._dir = 2 if bidirectional else 1
        self._input_size = input_size
        self._use_sequence_length = use_sequence_length
        self._i2h_weight_initializer = i2h_weight_initializer
        self._h2h_weight_initializer = h2h_weight_initializer
        self._i2h_bias_initializer = i2h_bias_initializer
        self._h2h_bias_initializer = h2h_bias_initializer
        self._h2r_weight_initializer = h2r_weight_initializer
        self._lstm_state_clip_min = lstm_state_clip_min
        self._lstm_state_clip_max = lstm_state_clip_max
        self._lstm_state_clip_nan = lstm_state_clip_nan
        self.skip_states = None
        self._gates = _GATES_PER_MODE[mode]
        for name, shape, init in self._param_layout():
            param = self.params.get(name, shape=shape, init=init, allow_deferred_init=True,
                                    dtype=dtype)
            setattr(self, name, param)

    def _directions(self):
        return "lr"[:self._dir]

    def _param_layout(self):
        """(attribute name, shape, initializer) of every weight, in registration order."""
        rows = self._gates * self._hidden_size
        proj = self._projection_size
        recurrent = proj or self._hidden_size
        width = self._input_size
        for layer in range(self._num_layers):
            for side in self._directions():
                tag = "%s%d_" % (side, layer)
                yield tag + "i2h_weight", (rows, width), self._i2h_weight_initializer
                yield tag + "h2h_weight", (rows, recurrent), self._h2h_weight_initializer
                yield tag + "i2h_bias", (rows,), self._i2h_bias_initializer
                yield tag + "h2h_bias", (rows,), self._h2h_bias_initializer
                if proj:
                    yield tag + "h2r_weight", (proj, self._hidden_size), \
                        self._h2r_weight_initializer
            width = recurrent * self._dir

    def __repr__(self):
        in_size, rows = self.l0_i2h_weight.shape[1], self.l0_i2h_weight.shape[0]
        pieces = ["{} -> {}".format(in_size or None, rows // self._gates), self._layout]
        if self._num_layers != 1:
            pieces.append("num_layers=%s" % self._num_layers)
        if self._dropout != 0:
            pieces.append("dropout=%s" % self._dropout)
        if self._dir == 2:
            pieces.append("bidirectional")
        return "%s(%s)" % (type(self).__name__, ", ".join(pieces))

    def _collect_params_with_prefix(self, prefix=""):
        # saved under the names of MXNet's former unfused cells, as MXNet 1.9.1 does
        head = prefix + "." if prefix else ""
        bidirectional = any(key.startswith("r") for key in self._reg_params)
        found = {head + _legacy_key(key, bidirectional): param
                 for key, param in self._reg_params.items()}
        for child_name, child in self._children.items():
            found.update(child._collect_params_with_prefix(head + child_name))
        return found

    def state_info(self, batch_size=0):
        raise NotImplementedError

    def _state_spec(self, batch_size, size):
        return {"shape": (self._num_layers * self._dir, batch_size, size),
                "__layout__": "LNC", "dtype": self._dtype}

    def _unfuse(self):
        """Unfuses the fused RNN in to a stack of rnn cells."""
        assert not self._projection_size, "_unfuse does not support projection layer yet!"
        assert not self._lstm_state_clip_min and not self._lstm_state_clip_max, \
            "_unfuse does not support state clipping yet!"
        if self._mode.startswith("rnn_"):
            make = rnn_cell.RNNCell
            extra = {"activation": self._mode[len("rnn_"):]}
        else:
            make = rnn_cell.LSTMCell if self._mode == "lstm" else rnn_cell.GRUCell
            extra = {}
        inits = {"i2h_weight_initializer": self._i2h_weight_initializer,
                 "h2h_weight_initializer": self._h2h_weight_initializer,
                 "i2h_bias_initializer": self._i2h_bias_initializer,
                 "h2h_bias_initializer": self._h2h_bias_initializer}

        def cell(side, layer, width):
            return make(self._hidden_size, input_size=width, prefix="%s%d_" % (side, layer),
                        **dict(inits, **extra))
        stack = rnn_cell.HybridSequentialRNNCell(prefix=self.prefix, params=self.params)
        with stack.name_scope():
            width = self._input_size
            for layer in range(self._num_layers):
                if self._dir == 2:
                    stack.add(rnn_cell.BidirectionalCell(cell("l", layer, width),
                                                         cell("r", layer, width)))
                else:
                    stack.add(cell("l", layer, width))
                if self._dropout > 0 and layer < self._num_layers - 1:
                    stack.add(rnn_cell.DropoutCell(self._dropout))
                width = self._dir * self._hidden_size
        return stack

    def cast(self, dtype):
        super(_RNNLayer, self).cast(dtype)
        self._dtype = dtype

    def begin_state(self, batch_size=0, func=ndarray.zeros, **kwargs):
        """Initial state for this cell.

        Parameters
        ----------
        batch_size: int
            Only required for `NDArray` API. Size of the batch ('N' in layout).
        func : callable, default `ndarray.zeros`
            Function for creating initial state (``ndarray.zeros``, ``ndarray.ones`` …).
        **kwargs :
            Additional keyword arguments passed to func. For example `mean`, `std`, `dtype`.

        Returns
        -------
        states : list of NDArray
            Starting states for the first RNN step.
        """
        made = []
        for idx, spec in enumerate(self.state_info(batch_size)):
            args = dict(spec) if spec is not None else {}
            args.update(kwargs)
            made.append(func(name="%sh0_%d" % (self.prefix, idx), **args))
        return made

    def __call__(self, inputs, states=None, sequence_length=None, **kwargs):
        self.skip_states = states is None
        if states is None:
            if not isinstance(inputs, NDArray):
                raise MXNetError("mxlite recurrent layers take NDArray inputs (no symbols)")
            batch = inputs.shape[self._layout.find("N")]
            states = self.begin_state(batch, ctx=inputs.context, dtype=inputs.dtype)
        elif isinstance(states, NDArray):
            states = [states]
        extra = (sequence_length,) if self._use_sequence_length else ()
        return super(_RNNLayer, self).__call__(inputs, states, *extra, **kwargs)

    def infer_shape(self, inputs, *args):
        """Completes the deferred first-layer input weights from the input's C axis."""
        width = inputs.shape[self._layout.find("C")]
        for side in self._directions():
            getattr(self, side + "0_i2h_weight").shape = (self._gates * self._hidden_size,
                                                          width)

    def hybrid_forward(self, F, inputs, states, sequence_length=None, **kwargs):
        expected = self.state_info(inputs.shape[self._layout.find("N")])
        for given, spec in zip(states, expected):
            if given.shape != spec["shape"]:
                raise ValueError("Invalid recurrent state shape. Expecting %s, got %s." % (
                    str(spec["shape"]), str(given.shape)))
        result = self._forward_kernel(F, inputs, states, sequence_length, **kwargs)
        return result[0] if self.skip_states else result

    def _flat_parameters(self, weights):
        """All weights, then all biases (layer by layer, direction by direction), flattened
        and joined: the fused operator's packed parameter vector."""
        gates = ("i2h", "h2h", "h2r") if self._projection_size else ("i2h", "h2h")
        chunks = []
        for kind, kinds_gates in (("weight", gates), ("bias", ("i2h", "h2h"))):
            for layer in range(self._num_layers):
                for side in self._directions():
                    chunks += [weights["%s%d_%s_%s" % (side, layer, g, kind)].reshape(-1)
                               for g in kinds_gates]
        return rnn_concat(*chunks, dim=0)

    def _forward_kernel(self, F, inputs, states, sequence_length, **kwargs):
        """Packs the parameters into the fused operator's flat vector and runs it."""
        batch_major = self._layout == "NTC"
        if batch_major:
            inputs = ndarray.transpose(inputs, axes=(1, 0, 2))
        extra = [sequence_length] if self._use_sequence_length else []
        options = dict(use_sequence_length=self._use_sequence_length,
                       state_size=self._hidden_size, projection_size=self._projection_size,
                       num_layers=self._num_layers, bidirectional=self._dir == 2,
                       p=self._dropout, state_outputs=True, mode=self._mode,
                       lstm_state_clip_min=self._lstm_state_clip_min,
                       lstm_state_clip_max=self._lstm_state_clip_max,
                       lstm_state_clip_nan=self._lstm_state_clip_nan)
        res = _fused_rnn(inputs, self._flat_parameters(kwargs), *states, *extra, **options)
        n_states = 2 if self._mode == "lstm" else 1
        seq_out, new_states = res[0], [res[k] for k in range(1, 1 + n_states)]
        if batch_major:
            seq_out = ndarray.transpose(seq_out, axes=(1, 0, 2))
        return seq_out, new_states


_LAYER_DOC = """
    Parameters
    ----------
    hidden_size: int
        The number of features in the hidden state h.
    num_layers: int, default 1
        Number of recurrent layers.
    layout : str, default 'TNC'
        The format of input and output tensors. T, N and C stand for
        sequence length, batch size, and feature dimensions respectively.
    dropout: float, default 0
        If non-zero, introduces a dropout layer on the outputs of each
        RNN layer except the last layer.
    bidirectional: bool, default False
        If `True`, becomes a bidirectional RNN.
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer
        Initializers for the input and recurrent weight matrices.
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializers for the bias vectors.
    input_size: int, default 0
        The number of expected features in the input x (inferred from the input if 0).
    dtype : str, default 'float32'
        Type to initialize the parameters and default states to.
    prefix : str or None
        Prefix of this `Block`.
    params : ParameterDict or None
        Shared Parameters for this `Block`.

    Inputs: **data** (T, N, C) for layout 'TNC'; **states** as ``begin_state`` gives
    ((num_layers * directions, N, hidden_size) each), or None for zeros.
    Outputs: **out** (T, N, directions * hidden_size); **out_states** only when states
    were given.
"""

_NO_LSTM_EXTRAS = dict(projection_size=None, h2r_weight_initializer=None,
                       lstm_state_clip_min=None, lstm_state_clip_max=None,
                       lstm_state_clip_nan=False)


class RNN(_RNNLayer):
    r"""Applies a multi-layer Elman RNN with `tanh` or `ReLU` non-linearity to an input
    sequence: ``h_t = act(w_ih x_t + b_ih + w_hh h_(t-1) + b_hh)``.

    activation: {'relu' or 'tanh'}, default 'relu'
        The activation function to use.
    """ + _LAYER_DOC

    def __init__(self, hidden_size, num_layers=1, activation="relu", layout="TNC", dropout=0,
                 bidirectional=False, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros", input_size=0,
                 dtype="float32", **kwargs):
        super(RNN, self).__init__(
            hidden_size=hidden_size, num_layers=num_layers, layout=layout, dropout=dropout,
            bidirectional=bidirectional, input_size=input_size,
            i2h_weight_initializer=i2h_weight_initializer,
            h2h_weight_initializer=h2h_weight_initializer,
            i2h_bias_initializer=i2h_bias_initializer,
            h2h_bias_initializer=h2h_bias_initializer, mode="rnn_" + activation, dtype=dtype,
            **_NO_LSTM_EXTRAS, **kwargs)

    def state_info(self, batch_size=0):
        return [self._state_spec(batch_size, self._hidden_size)]


class LSTM(_RNNLayer):
    r"""Applies a multi-layer long short-term memory (LSTM) RNN to an input sequence
    (gates i, f, g, o; ``c_t = f*c_(t-1) + i*g``, ``h_t = o*tanh(c_t)``).

    projection_size: int, default None
        The number of features after projection (LSTMP, ``r_t = W_hr h_t``).
    h2r_weight_initializer : str or Initializer, default None
    state_clip_min, state_clip_max : float or None, default None
        Clip range of the cell states (both or neither).
    state_clip_nan : boolean, default False
        Whether to stop NaN from propagating in state by clipping it to min/max.
    """ + _LAYER_DOC

    def __init__(self, hidden_size, num_layers=1, layout="TNC", dropout=0, bidirectional=False,
                 input_size=0, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros",
                 projection_size=None, h2r_weight_initializer=None, state_clip_min=None,
                 state_clip_max=None, state_clip_nan=False, dtype="float32", **kwargs):
        super(LSTM, self).__init__(
            hidden_size=hidden_size, num_layers=num_layers, layout=layout, dropout=dropout,
            bidirectional=bidirectional, input_size=input_size,
            i2h_weight_initializer=i2h_weight_initializer,
            h2h_weight_initializer=h2h_weight_initializer,
            i2h_bias_initializer=i2h_bias_initializer,
            h2h_bias_initializer=h2h_bias_initializer, mode="lstm",
            projection_size=projection_size, h2r_weight_initializer=h2r_weight_initializer,
            lstm_state_clip_min=state_clip_min, lstm_state_clip_max=state_clip_max,
            lstm_state_clip_nan=state_clip_nan, dtype=dtype, **kwargs)

    def state_info(self, batch_size=0):
        return [self._state_spec(batch_size, self._projection_size or self._hidden_size),
                self._state_spec(batch_size, self._hidden_size)]


class GRU(_RNNLayer):
    r"""Applies a multi-layer gated recurrent unit (GRU) RNN to an input sequence
    (cuDNN's variant: ``n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_(t-1) + b_hn))``,
    ``h_t = (1 - z_t) * n_t + z_t * h_(t-1)``).
    """ + _LAYER_DOC

    def __init__(self, hidden_size, num_layers=1, layout="TNC", dropout=0, bidirectional=False,
                 input_size=0, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros", dtype="float32",
                 **kwargs):
        super(GRU, self).__init__(
            hidden_size=hidden_size, num_layers=num_layers, layout=layout, dropout=dropout,
            bidirectional=bidirectional, input_size=input_size,
            i2h_weight_initializer=i2h_weight_initializer,
            h2h_weight_initializer=h2h_weight_initializer,
            i2h_bias_initializer=i2h_bias_initializer,
            h2h_bias_initializer=h2h_bias_initializer, mode="gru", dtype=dtype,
            **_NO_LSTM_EXTRAS, **kwargs)

    def state_info(self, batch_size=0):
        return [self._state_spec(batch_size, self._hidden_size)]
