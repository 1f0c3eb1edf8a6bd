"""Records MXNet 1.9.1's training machinery as fixtures for mxlite's tests.

    ../shared/tools/mxnet-ref tools/record_training.py      # writes tests/fixtures/training.json

The case functions take the framework module as their argument, so tests/test_trainer.py runs
the very same procedures with mxlite and compares against what real MXNet produced:
  * `train(mx, ...)`: a 2-layer MLP (dot -> relu -> dot, explicit initial weights, data from
    numpy RandomState) trained 20 steps of batch 16 with gluon.Trainer and
    SoftmaxCrossEntropyLoss; the 20 losses per optimizer;
  * `op_cases(mx)`: every optimizer update op on fixed arrays (weight and states after);
  * `optimizer_cases(mx)`: three `Optimizer.update` calls per optimizer on fixed arrays;
  * `scheduler_cases(mx)`, `loss_cases(mx)`, `metric_cases(mx)`, `error_cases(mx)`.
"""
import os
import sys

import numpy as np


HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "tests", "fixtures", "training.json")

TRAIN_CONFIGS = {
    "sgd": ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 1e-4}),
    "adam": ("adam", {"learning_rate": 0.01}),
    "nag": ("nag", {"learning_rate": 0.05, "momentum": 0.9}),
    "rmsprop": ("rmsprop", {"learning_rate": 0.01, "centered": True, "clip_gradient": 1.0}),
}


def _data():
    rs = np.random.RandomState(0)
    x = rs.randn(320, 8).astype(np.float32)
    y = rs.randint(0, 4, size=(320,)).astype(np.float32)
    rs = np.random.RandomState(1)
    w1 = (rs.randn(16, 8) * 0.3).astype(np.float32)
    b1 = (rs.randn(16) * 0.1).astype(np.float32)
    w2 = (rs.randn(4, 16) * 0.3).astype(np.float32)
    b2 = (rs.randn(4) * 0.1).astype(np.float32)
    return x, y, [("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2)]


def train(mx, opt_name, opt_params, steps=20, batch=16):
    """Trains the MLP; returns the mean loss of every step (before its update)."""
    x, y, init = _data()
    params = []
    for name, value in init:
        p = mx.gluon.Parameter(name, shape=value.shape)
        p.initialize(init=mx.init.Zero(), ctx=mx.cpu())
        p.set_data(mx.nd.array(value))
        params.append(p)
    w1, b1, w2, b2 = params
    trainer = mx.gluon.Trainer(params, opt_name, dict(opt_params))
    loss_fn = mx.gluon.loss.SoftmaxCrossEntropyLoss()
    losses = []
    for step in range(steps):
        xb = mx.nd.array(x[step * batch:(step + 1) * batch])
        yb = mx.nd.array(y[step * batch:(step + 1) * batch])
        with mx.autograd.record():
            h = mx.nd.relu(mx.nd.dot(xb, w1.data(), transpose_b=True) + b1.data())
            out = mx.nd.dot(h, w2.data(), transpose_b=True) + b2.data()
            loss = loss_fn(out, yb)
        loss.backward()
        trainer.step(batch)
        losses.append(float(loss.mean().asscalar()))
    return losses


def train_dense(mx, opt_name, opt_params, steps=20, batch=16):
    """The same run with gluon.nn.Dense layers and net.collect_params()."""
    x, y, init = _data()
    net = mx.gluon.nn.HybridSequential(prefix="mlp_")
    with net.name_scope():
        net.add(mx.gluon.nn.Dense(16, in_units=8, activation="relu"))
        net.add(mx.gluon.nn.Dense(4, in_units=16))
    net.initialize(mx.init.Zero(), ctx=mx.cpu())
    values = dict(init)
    for (layer, (wname, bname)) in zip(net, (("w1", "b1"), ("w2", "b2"))):
        layer.weight.set_data(mx.nd.array(values[wname]))
        layer.bias.set_data(mx.nd.array(values[bname]))
    trainer = mx.gluon.Trainer(net.collect_params(), opt_name, dict(opt_params))
    loss_fn = mx.gluon.loss.SoftmaxCrossEntropyLoss()
    losses = []
    for step in range(steps):
        xb = mx.nd.array(x[step * batch:(step + 1) * batch])
        yb = mx.nd.array(y[step * batch:(step + 1) * batch])
        with mx.autograd.record():
            loss = loss_fn(net(xb), yb)
        loss.backward()
        trainer.step(batch)
        losses.append(float(loss.mean().asscalar()))
    return losses


def _arrays(shape=(3, 4), n=6, seed=2):
    rs = np.random.RandomState(seed)
    return [rs.randn(*shape).astype(np.float32) for _ in range(n)]


# op name -> (number of state arrays, kwargs variants); states start as fixed arrays
OP_CASES = [
    ("sgd_update", 0, [{"lr": 0.1}, {"lr": 0.1, "wd": 0.01, "rescale_grad": 0.5,
                                     "clip_gradient": 0.3}]),
    ("sgd_mom_update", 1, [{"lr": 0.1, "momentum": 0.9},
                           {"lr": 0.1, "momentum": 0.9, "wd": 0.01, "clip_gradient": 0.3}]),
    ("nag_mom_update", 1, [{"lr": 0.1, "momentum": 0.9},
                           {"lr": 0.1, "momentum": 0.9, "wd": 0.01, "rescale_grad": 2.0,
                            "clip_gradient": 0.3}]),
    ("adam_update", 2, [{"lr": 0.01}, {"lr": 0.01, "wd": 0.1, "rescale_grad": 0.5,
                                       "clip_gradient": 0.2, "beta1": 0.8}]),
    ("rmsprop_update", 1, [{"lr": 0.01}, {"lr": 0.01, "wd": 0.1, "clip_gradient": 0.2,
                                          "clip_weights": 0.5, "gamma1": 0.9}]),
    ("rmspropalex_update", 3, [{"lr": 0.01}, {"lr": 0.01, "wd": 0.1, "clip_gradient": 0.2,
                                              "clip_weights": 0.5}]),
    ("ftrl_update", 2, [{"lr": 0.1}, {"lr": 0.1, "lamda1": 0.5, "beta": 2.0, "wd": 0.1,
                                      "clip_gradient": 0.3}]),
    ("ftml_update", 3, [{"lr": 0.1, "t": 1}, {"lr": 0.1, "t": 3, "wd": 0.1, "clip_grad": 0.3}]),
    ("signsgd_update", 0, [{"lr": 0.1}, {"lr": 0.1, "wd": 0.1}]),
    ("signum_update", 1, [{"lr": 0.1, "momentum": 0.9},
                          {"lr": 0.1, "momentum": 0.9, "wd": 0.1, "wd_lh": 0.01,
                           "clip_gradient": 0.3}]),
    ("lamb_update_phase1", 2, [{"t": 1, "wd": 0.0}, {"t": 3, "wd": 0.1, "bias_correction": False,
                                                     "clip_gradient": 0.3}]),
]


def _contrib(mx):
    # mxlite until nd.contrib re-exports it: mx.nd.contrib.adamw_update lives in mx.nd
    return mx.nd.contrib if hasattr(mx.nd.contrib, "adamw_update") else mx.nd


def op_cases(mx):
    """Each update op on fixed arrays: the result and the states after, as lists."""
    res = {}
    for name, n_states, variants in OP_CASES:
        for k, kw in enumerate(variants):
            a = _arrays()
            w, g = mx.nd.array(a[0]), mx.nd.array(a[1])
            states = [mx.nd.array(np.abs(s)) for s in a[2:2 + n_states]]
            if name == "ftml_update":
                states = [mx.nd.array(np.abs(a[2]) + 1), mx.nd.array(np.abs(a[3])),
                          mx.nd.array(a[4])]
            if name == "rmspropalex_update":
                states = [mx.nd.array(np.abs(a[2]) + 1), mx.nd.array(a[3] * 0.1),
                          mx.nd.array(a[4])]
            out = getattr(mx.nd, name)(w, g, *states, **kw)
            res[f"{name}/{k}"] = {"out": out.asnumpy().tolist(),
                                  "states": [s.asnumpy().tolist() for s in states]}
    a = _arrays()
    w, g = mx.nd.array(a[0]), mx.nd.array(a[1])
    m, v = mx.nd.array(a[2]), mx.nd.array(np.abs(a[3]))
    gph = mx.nd.lamb_update_phase1(w, g, m, v, t=2, wd=0.01)
    r1, r2 = w.norm(), gph.norm()
    out = mx.nd.lamb_update_phase2(w, gph, r1, r2, lr=0.1, lower_bound=0.5, upper_bound=3.0)
    res["lamb_update_phase2/0"] = {"out": out.asnumpy().tolist(), "states": []}
    m, v = mx.nd.array(a[2]), mx.nd.array(np.abs(a[3]))
    out = _contrib(mx).adamw_update(w, g, m, v, mx.nd.array([0.5]), lr=0.01, eta=0.5, wd=0.1,
                                     clip_gradient=0.4)
    res["adamw_update/0"] = {"out": out.asnumpy().tolist(),
                             "states": [m.asnumpy().tolist(), v.asnumpy().tolist()]}
    w1, m1 = mx.nd.array(a[0]), mx.nd.array(a[2])
    mx.nd.nag_mom_update(w1, g, m1, lr=0.1, momentum=0.9, wd=0.1, out=w1)
    res["nag_mom_update/inplace"] = {"out": w1.asnumpy().tolist(), "states": [m1.asnumpy().tolist()]}
    out = mx.nd.multi_sum_sq(w, g, num_arrays=2)
    res["multi_sum_sq/0"] = {"out": out.asnumpy().tolist(), "states": []}
    m1, m2 = mx.nd.array(a[2]), mx.nd.array(a[3])
    w1, w2 = mx.nd.array(a[0]), mx.nd.array(a[4])
    mx.nd.multi_sgd_mom_update(w1, g, m1, w2, g, m2, lrs=(0.1, 0.2), wds=(0.01, 0.0),
                               momentum=0.9, rescale_grad=0.5, num_weights=2, out=[w1, w2])
    res["multi_sgd_mom_update/0"] = {"out": [w1.asnumpy().tolist(), w2.asnumpy().tolist()],
                                     "states": [m1.asnumpy().tolist(), m2.asnumpy().tolist()]}
    return res


OPTIMIZERS = [
    ("sgd", {"learning_rate": 0.1}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01, "rescale_grad": 0.5}),
    ("nag", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01}),
    ("adam", {"learning_rate": 0.01, "wd": 0.01, "clip_gradient": 0.5}),
    ("adagrad", {"learning_rate": 0.1, "wd": 0.01}),
    ("rmsprop", {"learning_rate": 0.01}),
    ("rmsprop", {"learning_rate": 0.01, "centered": True, "wd": 0.01}),
    ("adadelta", {"wd": 0.01}),
    ("ftrl", {"wd": 0.01}),
    ("ftml", {"learning_rate": 0.1}),
    ("signum", {"learning_rate": 0.1, "wd_lh": 0.01}),
    ("lamb", {"learning_rate": 0.01, "wd": 0.01}),
    ("adamax", {"wd": 0.01}),
    ("nadam", {"wd": 0.01}),
    ("dcasgd", {"learning_rate": 0.1}),  # momentum>0 crashes in MXNet (`if mom:`)
    ("lars", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01}),
    ("groupadagrad", {"learning_rate": 0.1}),
    ("lbsgd", {"learning_rate": 0.1, "momentum": 0.9, "batch_scale": 2, "warmup_epochs": 1,
               "updates_per_epoch": 2}),
    ("sgd", {"learning_rate": 0.1, "clip_gradient": 0.5, "begin_num_update": 2,
             "lr_scheduler": "factor"}),
    ("rmsprop", {"learning_rate": 0.01, "clip_weights": 0.9, "gamma1": 0.8}),
]


def optimizer_cases(mx):
    """Three updates of one weight (index 0) per optimizer; the weight after each update."""
    res = []
    for name, kw in OPTIMIZERS:
        a = _arrays(seed=3)
        kw = dict(kw)
        if kw.get("lr_scheduler") == "factor":
            kw["lr_scheduler"] = mx.lr_scheduler.FactorScheduler(step=1, factor=0.5, base_lr=0.1)
        opt = mx.optimizer.create(name, **kw)
        w = mx.nd.array(a[0])
        state = opt.create_state_multi_precision(0, w)
        hist = []
        for step in range(3):
            g = mx.nd.array(a[1 + step])
            opt.update_multi_precision(0, w, g, state)
            hist.append(w.asnumpy().tolist())
        res.append({"name": name, "kwargs": OPTIMIZERS[len(res)][1], "weights": hist,
                    "num_update": opt.num_update})
    return res


SCHEDULERS = [
    ("FactorScheduler", {"step": 3, "factor": 0.5, "base_lr": 1.0}),
    ("FactorScheduler", {"step": 2, "factor": 0.5, "base_lr": 1.0, "stop_factor_lr": 0.1,
                         "warmup_steps": 3, "warmup_begin_lr": 0.1}),
    ("MultiFactorScheduler", {"step": [2, 5, 7], "factor": 0.1, "base_lr": 1.0}),
    ("MultiFactorScheduler", {"step": [4, 6], "factor": 0.5, "base_lr": 1.0,
                              "warmup_steps": 3, "warmup_mode": "constant",
                              "warmup_begin_lr": 0.2}),
    ("PolyScheduler", {"max_update": 8, "base_lr": 1.0, "pwr": 2, "final_lr": 0.1}),
    ("PolyScheduler", {"max_update": 8, "base_lr": 1.0, "warmup_steps": 2}),
    ("CosineScheduler", {"max_update": 8, "base_lr": 1.0, "final_lr": 0.1}),
    ("CosineScheduler", {"max_update": 8, "base_lr": 1.0, "warmup_steps": 3,
                         "warmup_begin_lr": 0.5}),
]


def scheduler_cases(mx):
    """Learning rates for num_update 0..11 per scheduler, and an optimizer driven by one."""
    res = []
    for name, kw in SCHEDULERS:
        s = getattr(mx.lr_scheduler, name)(**kw)
        res.append({"name": name, "kwargs": kw, "lrs": [s(i) for i in range(12)]})
    return res


def loss_cases(mx):
    """Per-sample losses of every gluon loss on fixed inputs (with weights and sample_weight)."""
    L = mx.gluon.loss
    rs = np.random.RandomState(4)
    pred = rs.randn(4, 5).astype(np.float32)
    lab_reg = rs.randn(4, 5).astype(np.float32)
    lab_cls = np.array([0, 3, 1, 4], np.float32)
    lab_bin = (rs.rand(4, 5) > 0.5).astype(np.float32)
    lab_sign = lab_bin * 2 - 1
    prob = 1 / (1 + np.exp(-pred))
    dist = np.exp(pred) / np.exp(pred).sum(1, keepdims=True)
    sw = np.array([[1.0], [0.5], [2.0], [0.0]], np.float32)
    A = mx.nd.array
    cases = {
        "L2Loss": L.L2Loss()(A(pred), A(lab_reg)),
        "L2Loss_w": L.L2Loss(weight=2.0)(A(pred), A(lab_reg), A(sw)),
        "L1Loss": L.L1Loss()(A(pred), A(lab_reg)),
        "L1Loss_sw": L.L1Loss(weight=0.5)(A(pred), A(lab_reg), A(sw)),
        "SoftmaxCE": L.SoftmaxCrossEntropyLoss()(A(pred), A(lab_cls)),
        "SoftmaxCE_sw": L.SoftmaxCELoss(weight=0.7)(A(pred), A(lab_cls), A(sw)),
        "SoftmaxCE_dense": L.SoftmaxCrossEntropyLoss(sparse_label=False)(A(pred), A(dist)),
        "SoftmaxCE_logits": L.SoftmaxCrossEntropyLoss(from_logits=True)(
            A(np.log(dist)), A(lab_cls)),
        "SoftmaxCE_axis0": L.SoftmaxCrossEntropyLoss(axis=0, batch_axis=1)(
            A(pred), A(np.array([0, 3, 1, 2, 0], np.float32))),
        "SigmoidBCE": L.SigmoidBinaryCrossEntropyLoss()(A(pred), A(lab_bin)),
        "SigmoidBCE_pos": L.SigmoidBCELoss()(A(pred), A(lab_bin), None,
                                             A(np.full((1, 5), 3.0, np.float32))),
        "SigmoidBCE_fromsig": L.SigmoidBCELoss(from_sigmoid=True)(A(prob), A(lab_bin)),
        "SigmoidBCE_fromsig_pos": L.SigmoidBCELoss(from_sigmoid=True)(
            A(prob), A(lab_bin), A(sw), A(np.full((1, 5), 2.0, np.float32))),
        "KLDiv": L.KLDivLoss()(A(np.log(dist)), A(dist[::-1].copy())),
        "KLDiv_nologits": L.KLDivLoss(from_logits=False)(A(pred), A(dist[::-1].copy())),
        "Huber": L.HuberLoss()(A(pred), A(lab_reg)),
        "Huber_rho": L.HuberLoss(rho=0.5)(A(pred), A(lab_reg), A(sw)),
        "Hinge": L.HingeLoss()(A(pred), A(lab_sign)),
        "SquaredHinge": L.SquaredHingeLoss(margin=2)(A(pred), A(lab_sign)),
        "Logistic": L.LogisticLoss()(A(pred), A(lab_sign)),
        "Logistic_binary": L.LogisticLoss(label_format="binary")(A(pred), A(lab_bin)),
        "Triplet": L.TripletLoss()(A(pred), A(lab_reg), A(lab_reg[::-1].copy())),
        "PoissonNLL": L.PoissonNLLLoss()(A(pred), A(np.abs(lab_reg))),
        "PoissonNLL_full": L.PoissonNLLLoss(from_logits=False, compute_full=True)(
            A(np.abs(pred) + 0.1), A(np.abs(lab_reg) * 3)),
        "CosineEmbedding": L.CosineEmbeddingLoss()(A(pred), A(lab_reg),
                                                   A(np.array([1, -1, 1, -1], np.float32))),
        "CosineEmbedding_margin": L.CosineEmbeddingLoss(margin=0.2)(
            A(pred), A(lab_reg), A(np.array([-1, -1, 1, -1], np.float32))),
    }
    ctc_pred = rs.randn(2, 5, 4).astype(np.float32)
    ctc_label = np.array([[0, 1, 2], [1, 1, -1]], np.float32)
    cases["CTC"] = L.CTCLoss()(A(ctc_pred), A(ctc_label))
    cases["CTC_TNC_lengths"] = L.CTCLoss(layout="TNC", label_layout="TN", weight=0.5)(
        A(ctc_pred.transpose(1, 0, 2).copy()), A(ctc_label.T.copy()), A(np.array([5, 4], np.float32)),
        A(np.array([3, 1], np.float32)))
    cases["SDML"] = L.SDMLLoss()(A(pred), A(lab_reg))
    out = {k: v.asnumpy().tolist() for k, v in cases.items()}
    out["repr"] = repr(L.L2Loss())
    out["repr_ce"] = repr(L.SoftmaxCELoss(weight=0.5))
    # the gradient of the softmax cross entropy with respect to the logits
    x = A(pred)
    x.attach_grad()
    with mx.autograd.record():
        loss = L.SoftmaxCrossEntropyLoss()(x, A(lab_cls))
    loss.backward()
    out["SoftmaxCE_grad"] = x.grad.asnumpy().tolist()
    return out


def metric_cases(mx):
    """get() of every metric after two updates on fixed labels/predictions."""
    rs = np.random.RandomState(5)
    A = mx.nd.array
    preds = [rs.rand(6, 3).astype(np.float32) for _ in range(2)]
    preds = [p / p.sum(1, keepdims=True) for p in preds]
    labels = [np.array([0, 1, 2, 2, 1, 0], np.float32), np.array([2, 1, 0, 0, 1, 1], np.float32)]
    bpreds = [rs.rand(6, 2).astype(np.float32) for _ in range(2)]
    blabels = [np.array([0, 1, 1, 0, 1, 0], np.float32), np.array([1, 1, 0, 0, 1, 1], np.float32)]
    reg_p = [rs.randn(6).astype(np.float32) for _ in range(2)]
    reg_l = [rs.randn(6).astype(np.float32) for _ in range(2)]
    res = {}

    def run(key, metric, labs, prds):
        for lab, prd in zip(labs, prds):
            metric.update([A(lab)], [A(prd)])
        name, value = metric.get()
        res[key] = {"name": name, "value": value, "num_inst": getattr(metric, "num_inst", None),
                    "global": metric.get_global()[1], "nv": metric.get_name_value()}
    run("acc", mx.metric.create("acc"), labels, preds)
    run("top_k", mx.metric.TopKAccuracy(top_k=2), labels, preds)
    run("f1", mx.metric.F1(), blabels, bpreds)
    run("f1_micro", mx.metric.F1(average="micro"), blabels, bpreds)
    run("mcc", mx.metric.MCC(), blabels, bpreds)
    run("mcc_micro", mx.metric.MCC(average="micro"), blabels, bpreds)
    run("mae", mx.metric.MAE(), reg_l, reg_p)
    run("mse", mx.metric.MSE(), reg_l, reg_p)
    run("rmse", mx.metric.RMSE(), reg_l, reg_p)
    run("ce", mx.metric.create("ce"), labels, preds)
    run("nll", mx.metric.NegativeLogLikelihood(), labels, preds)
    run("perp", mx.metric.Perplexity(ignore_label=None), labels, preds)
    run("perp_ign", mx.metric.Perplexity(ignore_label=1), labels, preds)
    run("pearson", mx.metric.PearsonCorrelation(), reg_l, reg_p)
    run("pearson_micro", mx.metric.PearsonCorrelation(average="micro"), reg_l, reg_p)
    run("pcc", mx.metric.PCC(), labels, preds)
    run("loss", mx.metric.Loss(), reg_l, reg_p)
    comp = mx.metric.create(["acc", "ce"])
    run("composite", comp, labels, preds)
    run("custom", mx.metric.np(lambda l, p: float(np.abs(l - p.argmax(1)).sum())), labels, preds)
    return res


def states_case(mx):
    """Trainer states saved by save_states after 3 steps (base64), the weight then, and the
    weight after 2 more steps: mxlite must load MXNet's file and continue identically."""
    import base64
    import tempfile
    res = {}
    for name, kw in (("adam", {"learning_rate": 0.1}),
                     ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01})):
        p = mx.gluon.Parameter("w", shape=(3,))
        p.initialize(init=mx.init.One(), ctx=mx.cpu())
        t = mx.gluon.Trainer([p], name, kw)
        hist = []
        for k in range(5):
            with mx.autograd.record():
                y = (p.data() * mx.nd.array([1.0, -2.0, 0.5]) * (k + 1)).sum()
            y.backward()
            t.step(2)
            if k == 2:
                with tempfile.TemporaryDirectory() as d:
                    t.save_states(os.path.join(d, "s"))
                    blob = open(os.path.join(d, "s"), "rb").read()
            hist.append(p.data().asnumpy().tolist())
        res[name] = {"states": base64.b64encode(blob).decode(), "weights": hist}
    return res


def _err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return [type(e).__name__, str(e).split("\n")[-1] if "Traceback" in str(e) else str(e)]
    return None


def error_cases(mx):
    """Exact error types and texts."""
    res = {}
    res["unknown_optimizer"] = _err(lambda: mx.optimizer.create("bogus"))
    res["metric_shapes"] = _err(lambda: mx.metric.Accuracy().update(
        [mx.nd.array([0, 1])], [mx.nd.array([[0.3, 0.7]]), mx.nd.array([[0.3, 0.7]])]))
    res["metric_inner_shapes"] = _err(lambda: mx.metric.Accuracy().update(
        [mx.nd.array([0, 1, 1])], [mx.nd.array([[0.3, 0.7], [0.2, 0.8]])]))
    res["metric_create"] = _err(lambda: mx.metric.create("bogus"))

    def stale():
        p = mx.gluon.Parameter("weight0", shape=(2,))
        p.initialize(init=mx.init.One(), ctx=mx.cpu())
        q = mx.gluon.Parameter("weight1", shape=(2,))
        q.initialize(init=mx.init.One(), ctx=mx.cpu())
        t = mx.gluon.Trainer([p, q], "sgd")
        with mx.autograd.record():
            y = (p.data() * 2).sum()
        y.backward()
        t.step(1)
    res["stale_grad"] = _err(stale)

    def stale_again():
        p = mx.gluon.Parameter("weight0", shape=(2,))
        p.initialize(init=mx.init.One(), ctx=mx.cpu())
        t = mx.gluon.Trainer([p], "sgd")
        with mx.autograd.record():
            y = (p.data() * 2).sum()
        y.backward()
        t.step(1)
        t.step(1)
    res["stale_grad_second_step"] = _err(stale_again)
    res["trainer_bad_params"] = _err(lambda: mx.gluon.Trainer(3, "sgd"))
    res["trainer_bad_list"] = _err(lambda: mx.gluon.Trainer([3], "sgd"))
    res["set_lr_with_scheduler"] = _err(lambda: mx.optimizer.SGD(
        lr_scheduler=mx.lr_scheduler.FactorScheduler(2)).set_learning_rate(0.1))
    res["factor_bad_step"] = _err(lambda: mx.lr_scheduler.FactorScheduler(0))
    res["warmup_bad_lr"] = _err(lambda: mx.lr_scheduler.CosineScheduler(
        5, base_lr=0.1, warmup_begin_lr=0.5))
    res["logistic_bad_format"] = _err(lambda: mx.gluon.loss.LogisticLoss(label_format="x"))
    return res


def main():
    from fixture_io import write_json  # here: the tests import this file without tools/ on the path
    import mxnet as mx
    fixture = {
        "train": {k: train(mx, n, kw) for k, (n, kw) in TRAIN_CONFIGS.items()},
        "train_dense": {k: train_dense(mx, *TRAIN_CONFIGS[k]) for k in ("sgd", "adam")},
        "ops": op_cases(mx),
        "optimizers": optimizer_cases(mx),
        "schedulers": scheduler_cases(mx),
        "losses": loss_cases(mx),
        "metrics": metric_cases(mx),
        "errors": error_cases(mx),
        "trainer_states": states_case(mx),
    }
    write_json(FIXTURE, fixture, end="\n",
               default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o))
    print("wrote", os.path.normpath(FIXTURE), os.path.getsize(FIXTURE), "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
