"""MXNet's fused RNN operator (``nd.RNN``): vanilla RNN (relu/tanh), LSTM (with optional
projection and cell-state clipping) and GRU, multi-layer and bidirectional, layout TNC.

The op is a composition of differentiable primitives (one matmul for the input projection of
all time steps, then one small matmul and a few elementwise ops per step), so first, second
and higher-order gradients all come from the engine.

`parameters` is one flat vector in MXNet's packed layout: all weights first — for each layer,
for each direction: i2h weight (G*H, in), h2h weight (G*H, H or P), [h2r weight (P, H) with
projection] — then all biases in the same order (i2h bias, h2h bias). Gate order: LSTM
i, f, g, o; GRU r, z, n with ``n = tanh(W_in x + b_in + r * (W_hn h + b_hn))``.

MXNet 1.9.1's CPU kernel silently ignores ``lstm_state_clip_*``, ``use_sequence_length`` and
rejects ``projection_size``; those are GPU (cuDNN) features. Here they all work, with cuDNN's
semantics (clipping of the cell state after each step, outputs past a sequence's length are
zero and the returned states are the last valid ones, the reverse direction runs over each
sequence's valid part only).
"""
import numpy as np

from .. import autograd as _ag
from ..base import MXNetError, _Null, shape_str
from .linalg import dot
from .ndarray import NDArray, _wrap
from .register import primitive
from .shape import _reshape_exact
from .unary import relu, sigmoid, tanh, zeros_like

__all__ = ["RNN"]

_GATES = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}


# ---------------------------------------------------------------- local stack / concat
def _concat_grad(g, *args, dim):
    ins = args[:-1]
    res, start = [], 0
    for x in ins:
        n = x.shape[dim]
        key = (slice(None),) * dim + (slice(start, start + n),)
        res.append(g[key])
        start += n
    return tuple(res)


@primitive(grad=_concat_grad, variadic=True)
def rnn_concat(xp, *arrays, dim=1):
    """Concatenates arrays along `dim` (differentiable; used by the RNN op and gluon.rnn)."""
    return xp.concatenate(arrays, axis=dim)


def _stack_grad(g, *args, axis):
    ins = args[:-1]
    return tuple(g[(slice(None),) * axis + (i,)] for i in range(len(ins)))


@primitive(grad=_stack_grad, variadic=True)
def rnn_stack(xp, *arrays, axis=0):
    """Stacks same-shape arrays along a new `axis` (differentiable)."""
    return xp.stack(arrays, axis=axis)


def _unstack_grad(g, x, y, axis):
    return rnn_stack(*g, axis=axis) if isinstance(g, tuple) else g.expand_dims(axis)


@primitive(_unstack_grad)
def rnn_unstack(xp, data, axis=0):
    """Splits `data` along `axis` into its slices (one output each; differentiable), so the
    gradient is one stack instead of one scatter into a full-size zero array per slice."""
    n = data.shape[axis]
    parts = tuple(xp.ascontiguousarray(xp.take(data, i, axis=axis)) for i in range(n))
    return parts if n != 1 else (parts[0],)


def _sections_grad(g, x, y, sections):
    return rnn_concat(*g, dim=0) if isinstance(g, tuple) else g


@primitive(_sections_grad)
def _split_flat(xp, data, sections=()):
    """Cuts a flat vector into consecutive pieces of the given sizes."""
    bounds = np.cumsum((0,) + tuple(sections))
    return tuple(data[a:b] for a, b in zip(bounds[:-1], bounds[1:]))


def _clip_grad(g, c, y, lo, hi, clip_nan):
    return g * _clip_mask(c, lo=lo, hi=hi)


@primitive(lambda g, c, y, lo, hi: zeros_like(c))
def _clip_mask(xp, c, lo, hi):
    return ((c >= lo) & (c <= hi)).astype(c.dtype)


@primitive(_clip_grad)
def _clip_state(xp, c, lo, hi, clip_nan=False):
    """LSTM cell-state clipping; with clip_nan a NaN becomes `lo` (cuDNN's fmax/fmin)."""
    if clip_nan:
        return xp.fmin(xp.fmax(c, c.dtype.type(lo)), c.dtype.type(hi))
    return xp.clip(c, lo, hi)


def _dropout(x, p):
    """Inverted dropout between layers (training only)."""
    from .random import _rng
    keep = 1.0 - p
    dt = x._data.dtype
    mask = (_rng().random(x.shape) < keep).astype(dt) / dt.type(keep)
    return x * _wrap(x._ctx.xp.asarray(mask), x._ctx)


# ---------------------------------------------------------------- layout of `parameters`
def rnn_param_shapes(mode, num_layers, input_size, state_size, bidirectional=False,
                     projection_size=None):
    """[(name, shape)] in the packed order of the flat `parameters` vector.

    Names follow gluon's: ``l0_i2h_weight``, ``r0_h2h_bias`` …
    """
    g = _GATES[mode]
    H, P = state_size, projection_size
    D = 2 if bidirectional else 1
    weights, biases = [], []
    ni = input_size
    for layer in range(num_layers):
        for d in "lr"[:D]:
            weights.append((f"{d}{layer}_i2h_weight", (g * H, ni)))
            weights.append((f"{d}{layer}_h2h_weight", (g * H, P or H)))
            if P:
                weights.append((f"{d}{layer}_h2r_weight", (P, H)))
            biases.append((f"{d}{layer}_i2h_bias", (g * H,)))
            biases.append((f"{d}{layer}_h2h_bias", (g * H,)))
        ni = (P or H) * D
    return weights + biases


def _unpack(params, shapes):
    pieces = _split_flat(params, sections=tuple(int(np.prod(s)) for _, s in shapes))
    pieces = pieces if isinstance(pieces, list) else [pieces]
    return {name: _reshape_exact(p, shp) for (name, shp), p in zip(shapes, pieces)}


# ---------------------------------------------------------------- one layer, one direction
def _run_direction(xw, h, c, w, mode, H, clip, masks, reverse=False):
    """Runs the recurrence over xw (T, N, G*H: input projection incl. biases) from state h/c.

    Returns (list of per-step outputs (N, H or P), final h, final c). `masks` is None or a
    list of (N, 1) 0/1 arrays marking the steps inside each sequence's valid length.
    """
    Wh, Whr, bh = w["h2h"], w.get("h2r"), w.get("h2h_bias")
    outs = []
    steps = rnn_unstack(xw, axis=0)
    steps = steps if isinstance(steps, list) else [steps]
    for t, x_t in enumerate(steps[::-1] if reverse else steps):
        hh = dot(h, Wh, transpose_b=True)
        c_new = None
        if mode == "lstm":
            gates = x_t + hh
            s = sigmoid(gates)
            i, f, o = s[:, :H], s[:, H:2 * H], s[:, 3 * H:]
            gg = tanh(gates[:, 2 * H:3 * H])
            c_new = f * c + i * gg
            if clip is not None:
                c_new = _clip_state(c_new, lo=clip[0], hi=clip[1], clip_nan=clip[2])
            h_new = o * tanh(c_new)
            if Whr is not None:
                h_new = dot(h_new, Whr, transpose_b=True)
        elif mode == "gru":
            hh = hh + bh
            rz = sigmoid(x_t[:, :2 * H] + hh[:, :2 * H])
            r, z = rz[:, :H], rz[:, H:]
            n = tanh(x_t[:, 2 * H:] + r * hh[:, 2 * H:])
            h_new = n + z * (h - n)
        else:
            a = x_t + hh
            h_new = relu(a) if mode == "rnn_relu" else tanh(a)
        if masks is not None:
            m = masks[t]
            out = h_new * m
            h = out + h * (1 - m)
            if c_new is not None:
                c = c_new * m + c * (1 - m)
        else:
            out = h = h_new
            if c_new is not None:
                c = c_new
        outs.append(out)
    return outs, h, c


def _reverse_index(lengths, T, N):
    """Flat (T*N) gather index reversing each sequence within its valid length."""
    t = np.arange(T)[:, None]
    L = lengths[None, :]
    src_t = np.where(t < L, L - 1 - t, t)
    return (src_t * N + np.arange(N)[None, :]).reshape(-1)


def _seq_reverse(x, idx):
    T, N = x.shape[0], x.shape[1]
    flat = _reshape_exact(x, (T * N,) + x.shape[2:])
    return _reshape_exact(flat[idx], x.shape)


def _check_state(st, shape):
    if st.shape != shape:
        raise MXNetError(f"Shape inconsistent, Provided = {shape_str(st.shape)}, "
                         f"inferred shape=({','.join(str(int(d)) for d in shape)})")


def RNN(data=None, parameters=None, state=None, state_cell=None, sequence_length=None,
        state_size=_Null, num_layers=_Null, bidirectional=False, mode=_Null, p=0.0,
        state_outputs=False, projection_size=None, lstm_state_clip_min=None,
        lstm_state_clip_max=None, lstm_state_clip_nan=False, use_sequence_length=False,
        out=None, name=None, **kwargs):
    """Applies recurrent layers to input data. Currently, vanilla RNN, LSTM and GRU are
    implemented, with both multi-layer and bidirectional support.

    Vanilla RNN: ``h_t = relu|tanh(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh)``.
    LSTM: gates i, f, g, o; ``c_t = f*c_(t-1) + i*g``, ``h_t = o*tanh(c_t)``; with
    `projection_size`, ``r_t = W_hr h_t`` is the output and recurrent state.
    GRU: ``r, z = sigmoid(...)``, ``n = tanh(W_in x + b_in + r*(W_hn h + b_hn))``,
    ``h_t = (1-z)*n + z*h_(t-1)``.

    Parameters
    ----------
    data : NDArray
        Input data, shape (seq_len, batch, input_size) (layout TNC).
    parameters : NDArray
        Vector of all RNN trainable parameters concatenated (MXNet's packed layout).
    state : NDArray
        Initial hidden state, shape (num_layers * directions, batch, state_size).
    state_cell : NDArray
        Initial cell state for LSTM networks (only for LSTM).
    sequence_length : NDArray
        Valid sequence lengths, shape (batch,) (only used if use_sequence_length is True).
    state_size : int, required
        Size of the state for each layer.
    num_layers : int, required
        Number of stacked layers.
    bidirectional : boolean, optional, default=0
        Whether to use bidirectional recurrent layers.
    mode : {'gru', 'lstm', 'rnn_relu', 'rnn_tanh'}, required
        The type of RNN to compute.
    p : float, optional, default=0
        Drop rate of the dropout on the outputs of each RNN layer, except the last layer.
    state_outputs : boolean, optional, default=0
        Whether to have the states as symbol outputs.
    projection_size : int or None, optional, default='None'
        Size of the LSTM projection.
    lstm_state_clip_min, lstm_state_clip_max : double or None, optional, default=None
        Clip range of LSTM cell states (both or neither).
    lstm_state_clip_nan : boolean, optional, default=0
        Whether to stop NaN from propagating in state by clipping it to min/max.
    use_sequence_length : boolean, optional, default=0
        If set, the layer takes the extra input `sequence_length`.

    Returns
    -------
    out : NDArray or list of NDArrays
        `out` (T, N, D*H); with state_outputs ``[out, hy]`` or, for LSTM, ``[out, hy, cy]``.
    """
    for k, v in kwargs.items():
        if v is not _Null:
            raise MXNetError(f"Cannot find argument '{k}' of operator RNN")
    if state_size is _Null or num_layers is _Null or mode is _Null:
        missing = [(n, t) for n, v, t in (
            ("state_size", state_size, "int (non-negative)"),
            ("num_layers", num_layers, "int (non-negative)"),
            ("mode", mode, "{'gru', 'lstm', 'rnn_relu', 'rnn_tanh'}")) if v is _Null]
        raise MXNetError(f"Required parameter {missing[0][0]} of {missing[0][1]} is not "
                         f"presented, in operator RNN(name=\"\")")
    if mode not in _GATES:
        raise MXNetError(f"Invalid Input: '{mode}', valid values are: {{'gru', 'lstm', "
                         f"'rnn_relu', 'rnn_tanh'}}")
    # MXNet counts the positional array inputs: data, parameters, state, [cell], [lengths].
    arrays = [a for a in (data, parameters, state, state_cell, sequence_length) if a is not None]
    for a in arrays:
        if not isinstance(a, NDArray):
            raise AssertionError(f"Argument must have NDArray type, but got {a!r}")
    want = 3 + (mode == "lstm") + bool(use_sequence_length)
    if len(arrays) != want:
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({len(arrays)} vs. "
                         f"{want}) : Operator RNN expects {want} inputs, but got "
                         f"{len(arrays)} instead.")
    data, parameters, state = arrays[:3]
    cell = arrays[3] if mode == "lstm" else None
    lengths = arrays[-1] if use_sequence_length else None
    state_size, num_layers = int(state_size), int(num_layers)
    P = int(projection_size) if projection_size not in (None, _Null, 0) else None
    if P is not None and mode != "lstm":
        raise MXNetError("projection_size is only supported for LSTM")
    if data.ndim != 3:
        raise MXNetError(f"Check failed: dshape.ndim() == 3U ({data.ndim} vs. 3) : Input data "
                         f"should be rank-3 tensor of dim [sequence length, batch size, input "
                         f"size]")
    T, N, n_in = data.shape
    D = 2 if bidirectional else 1
    H = state_size
    for pname, a in (("parameters", parameters), ("state", state), ("state_cell", cell)):
        if a is not None and a.dtype != data.dtype:
            want, got = np.dtype(data.dtype).name, np.dtype(a.dtype).name
            raise MXNetError(f"Check failed: (*in_type)[i] == dtype : This layer requires uniform "
                             f"type. Expected '{want}' v.s. given '{got}' at '{pname}'")
    # MXNet checks the states before the parameters
    _check_state(state, (num_layers * D, N, P or H))
    if cell is not None:
        _check_state(cell, (num_layers * D, N, H))
    shapes = rnn_param_shapes(mode, num_layers, n_in, H, bidirectional, P)
    total = sum(int(np.prod(s)) for _, s in shapes)
    if parameters.shape != (total,):
        raise MXNetError(f"Shape inconsistent, Provided = {shape_str(parameters.shape)}, "
                         f"inferred shape=({total},)")
    clip = None
    if mode == "lstm" and lstm_state_clip_min is not None and lstm_state_clip_max is not None:
        clip = (float(lstm_state_clip_min), float(lstm_state_clip_max), bool(lstm_state_clip_nan))
    masks = rev_idx = None
    if lengths is not None:
        L = lengths.asnumpy().astype(np.int64).reshape(-1)
        if L.shape != (N,) or (L < 1).any() or (L > T).any():
            raise MXNetError(f"sequence_length must have shape ({N},) with values in [1, {T}], "
                             f"got {L.tolist()}")
        if (L < T).any():
            xp = data._ctx.xp
            masks = [_wrap(xp.asarray((t < L).astype(data.dtype)[:, None]), data._ctx)
                     for t in range(T)]
            rev_idx = _reverse_index(L, T, N)
    w = _unpack(parameters, shapes)
    training = _ag.is_training()
    x = data
    hs, cs = [], []
    for layer in range(num_layers):
        ni = x.shape[2]
        dir_outs = []
        for di, d in enumerate("lr"[:D]):
            pre = f"{d}{layer}_"
            k = layer * D + di
            bi, bh = w[pre + "i2h_bias"], w[pre + "h2h_bias"]
            xw = dot(_reshape_exact(x, (T * N, ni)), w[pre + "i2h_weight"], transpose_b=True)
            # GRU keeps b_hn inside r * (...): add the h2h bias per step instead.
            xw = xw + (bi if mode == "gru" else bi + bh)
            xw = _reshape_exact(xw, (T, N, xw.shape[1]))
            wd = {"h2h": w[pre + "h2h_weight"], "h2h_bias": bh}
            if P:
                wd["h2r"] = w[pre + "h2r_weight"]
            h0 = state[k]
            c0 = cell[k] if cell is not None else None
            if d == "l":
                outs, h, c = _run_direction(xw, h0, c0, wd, mode, H, clip, masks)
                seq = rnn_stack(*outs, axis=0)
            elif rev_idx is None:
                outs, h, c = _run_direction(xw, h0, c0, wd, mode, H, clip, None, reverse=True)
                seq = rnn_stack(*outs[::-1], axis=0)
            else:
                outs, h, c = _run_direction(_seq_reverse(xw, rev_idx), h0, c0, wd, mode, H,
                                            clip, masks)
                seq = _seq_reverse(rnn_stack(*outs, axis=0), rev_idx)
            dir_outs.append(seq)
            hs.append(h)
            cs.append(c)
        x = dir_outs[0] if D == 1 else rnn_concat(*dir_outs, dim=2)
        if p and training and layer < num_layers - 1:
            x = _dropout(x, float(p))
    res = [x]
    if state_outputs:
        res.append(rnn_stack(*hs, axis=0))
        if mode == "lstm":
            res.append(rnn_stack(*cs, axis=0))
    if out is not None:
        outs = out if isinstance(out, (list, tuple)) else [out]
        for o, r in zip(outs, res):
            if o.shape != r.shape:
                raise MXNetError(f"Shape inconsistent: RNN output has shape "
                                 f"{shape_str(r.shape)} but out= has shape {shape_str(o.shape)}")
            o[:] = r
        return out
    return res[0] if len(res) == 1 else res
