"""nd.RNN: forward against real MXNet (fixtures), gradients by finite differences, and the
GPU-only features (projection, state clipping, sequence lengths) against a NumPy reference."""
import json
import os

import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd, nd
from mxlite.base import MXNetError
from mxlite.ndarray.rnn import rnn_param_shapes
from opcheck import check_op

FX = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "rnn.json")))


def _args(c, dtype=np.float32):
    a = [nd.array(c["x"], dtype=dtype), nd.array(c["params"], dtype=dtype),
         nd.array(c["h0"], dtype=dtype)]
    if c["mode"] == "lstm":
        a.append(nd.array(c["c0"], dtype=dtype))
    return a


@pytest.mark.parametrize("case", FX["op"], ids=lambda c: "%s-L%d-%s" % (
    c["mode"], c["num_layers"], "bi" if c["bidirectional"] else "uni"))
def test_forward_matches_mxnet(case):
    res = nd.RNN(*_args(case), state_size=case["state_size"], num_layers=case["num_layers"],
                 bidirectional=case["bidirectional"], mode=case["mode"], state_outputs=True)
    assert len(res) == len(case["outputs"])
    for r, e in zip(res, case["outputs"]):
        assert r.dtype == np.float32
        np.testing.assert_allclose(r.asnumpy(), np.array(e), rtol=1e-5, atol=1e-6)
    out = nd.RNN(*_args(case), state_size=case["state_size"], num_layers=case["num_layers"],
                 bidirectional=case["bidirectional"], mode=case["mode"])
    assert isinstance(out, nd.NDArray)
    np.testing.assert_allclose(out.asnumpy(), np.array(case["outputs"][0]), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("mode,L,bi", [("rnn_tanh", 2, True), ("rnn_relu", 1, False),
                                       ("lstm", 2, True), ("gru", 2, False)])
def test_gradients_finite_differences(mode, L, bi):
    case = next(c for c in FX["op"] if c["mode"] == mode and c["num_layers"] == L
                and c["bidirectional"] == bi)
    ins = [np.array(case[k]) for k in ("x", "params", "h0")]
    if mode == "lstm":
        ins.append(np.array(case["c0"]))

    def fn(*a):
        return nd.RNN(*a, state_size=2, num_layers=L, bidirectional=bi, mode=mode,
                      state_outputs=True)
    check_op(fn, None, ins, orders=(1, 2), rtol=1e-4, atol=1e-6)


def test_single_step_bidirectional_gradients():
    rs = np.random.RandomState(0)
    ins = [rs.randn(1, 2, 3), rs.randn(84) * 0.5, rs.randn(2, 2, 2) * 0.3]
    check_op(lambda x, p, h: nd.RNN(x, p, h, state_size=2, num_layers=1, bidirectional=True,
                                    mode="gru", state_outputs=True), None, ins, orders=(1, 2))


# ---------------------------------------------------------------- NumPy reference (LSTM)
def _sig(v):
    return 1 / (1 + np.exp(-v))


def _np_lstm(x, params, h0, c0, H, P=None, clip=None, lengths=None, bi=False):
    """Single-layer LSTM(P) over TNC with cuDNN semantics for clipping and lengths."""
    T, N, n_in = x.shape
    shapes = rnn_param_shapes("lstm", 1, n_in, H, bi, P)
    w, off = {}, 0
    for name, s in shapes:
        n = int(np.prod(s))
        w[name] = params[off:off + n].reshape(s)
        off += n
    lengths = np.full(N, T) if lengths is None else np.asarray(lengths)
    outs, hs, cs = [], [], []
    for di, d in enumerate("lr"[:2 if bi else 1]):
        out = np.zeros((T, N, P or H))
        hy, cy = h0[di].copy(), c0[di].copy()
        for n in range(N):
            h, c = h0[di, n], c0[di, n]
            steps = range(lengths[n]) if d == "l" else range(lengths[n] - 1, -1, -1)
            for t in steps:
                g = (w[d + "0_i2h_weight"] @ x[t, n] + w[d + "0_i2h_bias"]
                     + w[d + "0_h2h_weight"] @ h + w[d + "0_h2h_bias"])
                i, f = _sig(g[:H]), _sig(g[H:2 * H])
                gg, o = np.tanh(g[2 * H:3 * H]), _sig(g[3 * H:])
                c = f * c + i * gg
                if clip is not None:
                    c = np.clip(c, *clip)
                h = o * np.tanh(c)
                if P:
                    h = w[d + "0_h2r_weight"] @ h
                out[t, n] = h
            hy[n], cy[n] = h, c
        outs.append(out)
        hs.append(hy)
        cs.append(cy)
    return np.concatenate(outs, axis=2), np.stack(hs), np.stack(cs)


def _rand_case(rs, T, N, n_in, H, P=None, bi=False):
    D = 2 if bi else 1
    n = sum(int(np.prod(s)) for _, s in rnn_param_shapes("lstm", 1, n_in, H, bi, P))
    return (rs.uniform(-1, 1, (T, N, n_in)), rs.uniform(-0.8, 0.8, n),
            rs.uniform(-0.5, 0.5, (D, N, P or H)), rs.uniform(-0.5, 0.5, (D, N, H)))


def test_lstm_projection_clip_and_lengths_vs_numpy():
    rs = np.random.RandomState(3)
    T, N, n_in, H, P = 4, 3, 3, 3, 2
    x, p, h0, c0 = _rand_case(rs, T, N, n_in, H, P, bi=True)
    lengths = [4, 2, 1]
    res = nd.RNN(nd.array(x, dtype="float64"), nd.array(p, dtype="float64"),
                 nd.array(h0, dtype="float64"), nd.array(c0, dtype="float64"),
                 nd.array(lengths), state_size=H, num_layers=1, bidirectional=True,
                 mode="lstm", projection_size=P, lstm_state_clip_min=-0.3,
                 lstm_state_clip_max=0.3, use_sequence_length=True, state_outputs=True)
    exp = _np_lstm(x, p, h0, c0, H, P, clip=(-0.3, 0.3), lengths=lengths, bi=True)
    assert res[0].shape == (T, N, 2 * P) and res[1].shape == (2, N, P) and res[2].shape == (2, N, H)
    for r, e in zip(res, exp):
        np.testing.assert_allclose(r.asnumpy(), e, rtol=1e-10, atol=1e-12)


def test_sequence_length_gradients():
    rs = np.random.RandomState(4)
    x, p, h0, c0 = _rand_case(rs, 3, 2, 2, 2, bi=True)
    lens = nd.array([2, 3], dtype="float64")

    def fn(x, p, h0, c0):
        return nd.RNN(x, p, h0, c0, lens, state_size=2, num_layers=1, bidirectional=True,
                      mode="lstm", use_sequence_length=True, state_outputs=True)
    check_op(fn, lambda *a: list(_np_lstm(*a, H=2, lengths=[2, 3], bi=True)),
             [x, p, h0, c0], orders=(1, 2), fwd_rtol=1e-10)


def test_dropout_between_layers_only_in_training():
    case = next(c for c in FX["op"] if c["mode"] == "gru" and c["num_layers"] == 2
                and not c["bidirectional"])
    kw = dict(state_size=2, num_layers=2, mode="gru", p=0.5)
    a = nd.RNN(*_args(case), **kw)
    np.testing.assert_allclose(a.asnumpy(), np.array(case["outputs"][0]), rtol=1e-5, atol=1e-6)
    mx.random.seed(1)
    with autograd.train_mode():
        outs = [nd.RNN(*_args(case), **kw).asnumpy() for _ in range(4)]
    assert any(np.abs(o - a.asnumpy()).max() > 1e-4 for o in outs)


def test_errors():
    case = FX["op"][0]
    x, p, h = _args(case)
    with pytest.raises(MXNetError, match=r"Provided = \[13\], inferred shape=\(14,\)"):
        nd.RNN(x, p[:13], h, state_size=2, num_layers=1, mode="rnn_relu")
    with pytest.raises(MXNetError, match="expects 4 inputs, but got 3"):
        nd.RNN(x, nd.zeros((56,)), h, state_size=2, num_layers=1, mode="lstm")
    with pytest.raises(MXNetError, match="Provided = \\[2,2,2\\]"):
        nd.RNN(x, p, nd.zeros((2, 2, 2)), state_size=2, num_layers=1, mode="rnn_relu")
    with pytest.raises(MXNetError, match="Required parameter"):
        nd.RNN(x, p, h, num_layers=1, mode="rnn_relu")
    with pytest.raises(MXNetError, match="Invalid Input"):
        nd.RNN(x, p, h, state_size=2, num_layers=1, mode="elman")
