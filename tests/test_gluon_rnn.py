"""gluon.rnn layers and cells: parameter names/shapes, reprs and outputs against real MXNet
(fixtures), shapes of outputs and states, unroll variants, and a tiny LSTM language-model
training step that reduces the loss."""
import json
import os

import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd, nd
from mxlite.gluon import rnn

FX = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "rnn.json")))["gluon"]


def _blocks():
    return {
        "rnn_relu": rnn.RNN(4, prefix="rnn0_"),
        "lstm_bi2": rnn.LSTM(4, 2, bidirectional=True, input_size=3, prefix="lstm0_"),
        "gru": rnn.GRU(4, prefix="gru0_"),
        "lstmp": rnn.LSTM(4, projection_size=2, prefix="lstm1_"),
        "rnncell": rnn.RNNCell(4, prefix="rnn1_"),
        "lstmcell": rnn.LSTMCell(4, prefix="lstm2_"),
        "grucell": rnn.GRUCell(4, input_size=3, prefix="gru1_"),
    }


def test_parameter_names_shapes_and_repr():
    for key, block in _blocks().items():
        got = [[k, list(v.shape)] for k, v in block.collect_params().items()]
        assert got == FX["params"][key], key
        assert repr(block) == FX["repr"][key]


def test_default_prefixes():
    with mx.name.NameManager():
        got = [rnn.LSTM(3).prefix, rnn.LSTM(3).prefix, rnn.GRU(3).prefix, rnn.RNN(3).prefix,
               rnn.RNNCell(3).prefix, rnn.LSTMCell(3).prefix, rnn.GRUCell(3).prefix,
               rnn.DropoutCell(0.5).prefix, rnn.SequentialRNNCell().prefix]
    assert got == FX["default_prefix"]


def _set(block, values):
    block.initialize()
    params = block.collect_params()
    assert sorted(params.keys()) == sorted(values.keys())
    for k, v in values.items():
        params[k].set_data(nd.array(v))


@pytest.mark.parametrize("case", FX["layers"], ids=lambda c: c["cls"])
def test_layer_matches_mxnet(case):
    cls = getattr(rnn, case["cls"])
    i = FX["layers"].index(case)
    layer = cls(2, layout="NTC", input_size=3, prefix="layer%d_" % i, **case["kwargs"])
    _set(layer, case["params"])
    with autograd.record():
        out, states = layer(nd.array(case["x"]), [nd.array(s) for s in case["states"]])
        loss = (out * out).sum() + sum((s * 0.5).sum() for s in states)
    loss.backward()
    np.testing.assert_allclose(out.asnumpy(), case["out"], rtol=1e-5, atol=1e-6)
    assert len(states) == len(case["new_states"])
    for s, e in zip(states, case["new_states"]):
        np.testing.assert_allclose(s.asnumpy(), e, rtol=1e-5, atol=1e-6)
    for k, p in layer.collect_params().items():
        np.testing.assert_allclose(p.grad().asnumpy(), case["grads"][k], rtol=1e-4, atol=1e-6)


def _cell(case, i):
    if case["cls"] == "BidirectionalCell":
        return rnn.BidirectionalCell(rnn.LSTMCell(2, input_size=3, prefix="bl_"),
                                     rnn.GRUCell(2, input_size=3, prefix="br_"))
    return getattr(rnn, case["cls"])(2, input_size=3, prefix="cell%d_" % i, **case["kwargs"])


@pytest.mark.parametrize("case", FX["cells"], ids=lambda c: c["cls"])
def test_cell_unroll_matches_mxnet(case):
    cell = _cell(case, FX["cells"].index(case))
    _set(cell, case["params"])
    x = nd.array(case["x"])
    out, states = cell.unroll(3, x, layout="NTC", merge_outputs=True)
    np.testing.assert_allclose(out.asnumpy(), case["out"], rtol=1e-5, atol=1e-6)
    for s, e in zip(states, case["states"]):
        np.testing.assert_allclose(s.asnumpy(), e, rtol=1e-5, atol=1e-6)
    # list outputs, TNC layout: same numbers
    outs, _ = cell.unroll(3, nd.transpose(x, axes=(1, 0, 2)), layout="TNC", merge_outputs=False)
    assert isinstance(outs, list) and len(outs) == 3
    np.testing.assert_allclose(np.stack([o.asnumpy() for o in outs], 1), case["out"],
                               rtol=1e-5, atol=1e-6)


def test_layer_shapes_deferred_init_and_states():
    layer = rnn.LSTM(5, num_layers=2, bidirectional=True)
    layer.initialize()
    x = nd.random.uniform(shape=(7, 3, 4))
    out = layer(x)
    assert out.shape == (7, 3, 10)
    assert layer.l0_i2h_weight.shape == (20, 4) and layer.l1_i2h_weight.shape == (20, 10)
    h0 = layer.begin_state(3)
    assert [s.shape for s in h0] == [(4, 3, 5), (4, 3, 5)]
    out, states = layer(x, h0)
    assert [s.shape for s in states] == [(4, 3, 5), (4, 3, 5)]
    gru = rnn.GRU(6, layout="NTC")
    gru.initialize()
    out, (h,) = gru(nd.ones((2, 5, 3)), gru.begin_state(2))
    assert out.shape == (2, 5, 6) and h.shape == (1, 2, 6)
    with pytest.raises(ValueError, match="Invalid recurrent state shape"):
        gru(nd.ones((2, 5, 3)), nd.zeros((1, 3, 6)))


def test_layer_equals_unfused_cells():
    layer = rnn.GRU(3, num_layers=2, bidirectional=True, input_size=2)
    layer.initialize(mx.init.Uniform(0.5))
    x = nd.random.uniform(shape=(4, 2, 2))
    fused = layer(x)
    stack = layer._unfuse()
    out, _ = stack.unroll(4, x, layout="TNC", merge_outputs=True)
    np.testing.assert_allclose(out.asnumpy(), fused.asnumpy(), rtol=1e-5, atol=1e-6)


def test_sequential_dropout_residual_zoneout_cells():
    seq = rnn.SequentialRNNCell()
    with seq.name_scope():
        seq.add(rnn.LSTMCell(4))
        seq.add(rnn.DropoutCell(0.5))
        seq.add(rnn.ResidualCell(rnn.GRUCell(4)))
    seq.initialize()
    assert [s["shape"] for s in seq.state_info(2)] == [(2, 4), (2, 4), (2, 4)]
    x = nd.random.uniform(shape=(2, 3, 5))
    out, states = seq.unroll(3, x, layout="NTC", merge_outputs=True)
    assert out.shape == (2, 3, 4) and [s.shape for s in states] == [(2, 4)] * 3
    step_out, step_states = seq(x[:, 0], seq.begin_state(batch_size=2))
    assert step_out.shape == (2, 4) and len(step_states) == 3
    z = rnn.ZoneoutCell(rnn.RNNCell(4), zoneout_outputs=0.3, zoneout_states=0.3)
    z.initialize()
    o, s = z.unroll(3, x, layout="NTC", merge_outputs=False)
    assert len(o) == 3 and o[0].shape == (2, 4)
    # predict mode: zoneout and dropout are identities
    base = rnn.RNNCell(4, input_size=5)
    base.initialize()
    zc = rnn.ZoneoutCell(base, 0.5, 0.5)
    a, _ = zc.unroll(3, x, merge_outputs=True)
    base._modified = False
    b, _ = base.unroll(3, x, merge_outputs=True)
    np.testing.assert_allclose(a.asnumpy(), b.asnumpy())


def test_unroll_valid_length():
    cell = rnn.LSTMCell(3, input_size=2)
    cell.initialize()
    x = nd.random.uniform(shape=(2, 4, 2))
    vl = nd.array([2, 4])
    out, states = cell.unroll(4, x, layout="NTC", merge_outputs=True, valid_length=vl)
    full, _ = cell.unroll(4, x, layout="NTC", merge_outputs=True)
    assert np.all(out.asnumpy()[0, 2:] == 0)
    np.testing.assert_allclose(out.asnumpy()[1], full.asnumpy()[1], rtol=1e-6)
    np.testing.assert_allclose(states[0].asnumpy()[0], full.asnumpy()[0, 1], rtol=1e-6)


def test_lstm_language_model_training_reduces_loss():
    mx.random.seed(0)
    V, E, H, T, N = 8, 6, 10, 5, 4
    rs = np.random.RandomState(0)
    seq = rs.randint(0, V, (T + 1, N))
    embed = nd.array(rs.uniform(-0.5, 0.5, (V, E)))
    lstm = rnn.LSTM(H, num_layers=1, input_size=E)
    lstm.initialize(mx.init.Uniform(0.3))
    w_out = nd.array(rs.uniform(-0.3, 0.3, (V, H)))
    w_out.attach_grad()
    params = list(lstm.collect_params().values())

    def loss_fn():
        x = nd.array(np.eye(V)[seq[:-1]]).reshape((T * N, V))
        x = nd.dot(x, embed).reshape((T, N, E))
        out = lstm(x).reshape((T * N, H))
        logits = nd.dot(out, w_out, transpose_b=True)
        m = nd.array(logits.asnumpy().max(axis=1, keepdims=True))
        lse = nd.log(nd.sum(nd.exp(logits - m), axis=1, keepdims=True)) + m
        target = nd.array(np.eye(V)[seq[1:].reshape(-1)])
        return nd.mean(nd.sum((lse - logits) * target, axis=1))

    losses = []
    for _ in range(8):
        with autograd.record():
            loss = loss_fn()
        loss.backward()
        losses.append(float(loss.asscalar()))
        for p in params:
            p.set_data(p.data() - 3.0 * p.grad())
        w_out[:] = w_out - 3.0 * w_out.grad
    assert losses[-1] < losses[0] - 0.05, losses


def test_gru_cell_batch_mismatch_text():
    """A begin state of another batch size fails with elemwise_add's text, as in MXNet."""
    cell = mx.gluon.rnn.GRUCell(2, input_size=3)
    cell.initialize()
    with pytest.raises(mx.MXNetError, match="Incompatible attr in node  at 1-th input"):
        cell(mx.nd.ones((2, 3)), [mx.nd.ones((3, 2))])
