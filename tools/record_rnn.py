"""Records nd.RNN, CTCLoss and gluon.rnn behaviour from real MXNet 1.9.1 into
tests/fixtures/rnn.json.

    ../shared/tools/mxnet-ref tools/record_rnn.py
"""
import os

import numpy as np
import mxnet as mx
from mxnet.gluon import rnn

from fixture_io import write_json  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "rnn.json")
GATES = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}


def lst(a):
    a = np.asarray(a.asnumpy() if hasattr(a, "asnumpy") else a, dtype=np.float64)
    return np.vectorize(lambda v: float("%.9g" % v))(a).tolist() if a.size else a.tolist()


def n_params(mode, L, I, H, D):
    g, n, ni = GATES[mode], 0, I
    for _ in range(L):
        n += D * (g * H * ni + g * H * H + 2 * g * H)
        ni = H * D
    return n


def op_cases():
    T, N, I, H = 3, 2, 3, 2
    cases = []
    seed = 0
    for mode in GATES:
        for L, bi in ((1, False), (2, False), (2, True)):
            rs = np.random.RandomState(seed)
            seed += 1
            D = 2 if bi else 1
            x = rs.uniform(-1, 1, (T, N, I))
            p = rs.uniform(-0.6, 0.6, (n_params(mode, L, I, H, D),))
            h0 = rs.uniform(-0.5, 0.5, (L * D, N, H))
            c0 = rs.uniform(-0.5, 0.5, (L * D, N, H))
            args = [mx.nd.array(x), mx.nd.array(p), mx.nd.array(h0)]
            if mode == "lstm":
                args.append(mx.nd.array(c0))
            res = mx.nd.RNN(*args, state_size=H, num_layers=L, bidirectional=bi, mode=mode,
                            state_outputs=True)
            cases.append({"mode": mode, "num_layers": L, "bidirectional": bi, "state_size": H,
                          "x": lst(x), "params": lst(p), "h0": lst(h0), "c0": lst(c0),
                          "outputs": [lst(r) for r in res]})
    return cases


def params_of(block):
    return [[k, list(v.shape)] for k, v in block.collect_params().items()]


def fill(block, rs):
    vals = {}
    for k, v in block.collect_params().items():
        a = rs.uniform(-0.6, 0.6, v.shape)
        v.set_data(mx.nd.array(a))
        vals[k] = lst(a)
    return vals


def gluon_cases():
    g = {}
    blocks = {
        "rnn_relu": rnn.RNN(4, prefix="rnn0_"),
        "lstm_bi2": rnn.LSTM(4, 2, bidirectional=True, input_size=3, prefix="lstm0_"),
        "gru": rnn.GRU(4, prefix="gru0_"),
        "lstmp": rnn.LSTM(4, projection_size=2, prefix="lstm1_"),
        "rnncell": rnn.RNNCell(4, prefix="rnn1_"),
        "lstmcell": rnn.LSTMCell(4, prefix="lstm2_"),
        "grucell": rnn.GRUCell(4, input_size=3, prefix="gru1_"),
    }
    g["params"] = {k: params_of(b) for k, b in blocks.items()}
    g["repr"] = {k: repr(b) for k, b in blocks.items()}
    # default prefixes in a fresh process
    g["default_prefix"] = [rnn.LSTM(3).prefix, rnn.LSTM(3).prefix, rnn.GRU(3).prefix,
                           rnn.RNN(3).prefix, rnn.RNNCell(3).prefix, rnn.LSTMCell(3).prefix,
                           rnn.GRUCell(3).prefix, rnn.DropoutCell(0.5).prefix,
                           rnn.SequentialRNNCell().prefix]
    # layers with fixed weights, NTC layout, explicit states
    N, T, I, H = 2, 3, 3, 2
    layers = []
    for i, (cls, kw) in enumerate(((rnn.LSTM, dict(num_layers=2, bidirectional=True)),
                                   (rnn.GRU, dict(num_layers=1)),
                                   (rnn.RNN, dict(num_layers=2, activation="tanh")))):
        rs = np.random.RandomState(100 + i)
        layer = cls(H, layout="NTC", input_size=I, prefix="layer%d_" % i, **kw)
        layer.initialize()
        vals = fill(layer, rs)
        x = rs.uniform(-1, 1, (N, T, I))
        states = [mx.nd.array(rs.uniform(-0.5, 0.5, s["shape"])) for s in layer.state_info(N)]
        with mx.autograd.record():
            out, new_states = layer(mx.nd.array(x), states)
            loss = (out * out).sum() + sum((s * 0.5).sum() for s in new_states)
        loss.backward()
        grads = {k: lst(v.grad()) for k, v in layer.collect_params().items()}
        layers.append({"cls": cls.__name__, "kwargs": kw, "params": vals, "x": lst(x),
                       "states": [lst(s) for s in states], "out": lst(out),
                       "new_states": [lst(s) for s in new_states], "grads": grads})
    g["layers"] = layers
    cells = []
    for i, (cls, kw) in enumerate(((rnn.LSTMCell, {}), (rnn.GRUCell, {}),
                                   (rnn.RNNCell, {"activation": "relu"}))):
        rs = np.random.RandomState(200 + i)
        cell = cls(H, input_size=I, prefix="cell%d_" % i, **kw)
        cell.initialize()
        vals = fill(cell, rs)
        x = rs.uniform(-1, 1, (N, T, I))
        out, states = cell.unroll(T, mx.nd.array(x), layout="NTC", merge_outputs=True)
        cells.append({"cls": cls.__name__, "kwargs": kw, "params": vals, "x": lst(x),
                      "out": lst(out), "states": [lst(s) for s in states]})
    # bidirectional cell
    rs = np.random.RandomState(300)
    bi = rnn.BidirectionalCell(rnn.LSTMCell(H, input_size=I, prefix="bl_"),
                               rnn.GRUCell(H, input_size=I, prefix="br_"))
    bi.initialize()
    vals = fill(bi, rs)
    x = rs.uniform(-1, 1, (N, T, I))
    out, states = bi.unroll(T, mx.nd.array(x), layout="NTC", merge_outputs=True)
    cells.append({"cls": "BidirectionalCell", "kwargs": {}, "params": vals, "x": lst(x),
                  "out": lst(out), "states": [lst(s) for s in states]})
    g["cells"] = cells
    return g


def ctc_cases():
    rs = np.random.RandomState(7)
    T, N, A = 5, 2, 4
    d = rs.randn(T, N, A)
    cases = []
    specs = [
        dict(label=[[2, 1, 0, 0], [3, 2, 2, 0]], kw={}),
        dict(label=[[1, 0, -1, -1], [2, 1, 1, -1]], kw={"blank_label": "last"}),
        dict(label=[[2, 1, 3, 1], [3, 2, 2, 1]], kw={"use_data_lengths": True,
                                                      "use_label_lengths": True},
             data_lengths=[4, 5], label_lengths=[1, 3]),
        dict(label=[[2, 2, 2], [3, 1, 0]], kw={}, T=3),   # impossible sample -> 0
        dict(label=[[2, 2, 2, 2], [3, 1, 0, 0]], kw={}, T=3),   # labels longer than data
    ]
    for s in specs:
        Tn = s.get("T", T)
        dd = mx.nd.array(d[:Tn])
        dd.attach_grad()
        args = [dd, mx.nd.array(s["label"])]
        if "data_lengths" in s:
            args += [mx.nd.array(s["data_lengths"]), mx.nd.array(s["label_lengths"])]
        head = np.array([1.0, 2.0])
        try:
            with mx.autograd.record():
                loss = mx.nd.CTCLoss(*args, **s["kw"])
            loss.backward(mx.nd.array(head))
        except mx.base.MXNetError as e:
            cases.append({"T": Tn, "label": s["label"], "kw": s["kw"],
                          "error": str(e).split("\n")[-1][:200]})
            continue
        cases.append({"data": lst(d[:Tn]), "label": s["label"], "kw": s["kw"],
                      "data_lengths": s.get("data_lengths"),
                      "label_lengths": s.get("label_lengths"), "head": lst(head),
                      "loss": lst(loss), "grad": lst(dd.grad)})
    return cases


def main():
    fx = {"op": op_cases(), "gluon": gluon_cases(), "ctc": ctc_cases()}
    write_json(OUT, fx)
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
