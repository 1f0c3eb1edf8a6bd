"""Randomised fuzz cases of the loss_metric family (see tools/record_fuzz.py): every
``gluon.loss`` class of MXNet 1.9.1 with random weights, batch axes, sample weights, shapes,
dtypes and options (values and gradients w.r.t. the prediction, the label where it is
differentiable, and the sample weight), plus invalid arguments. The ``mx.metric`` cases are in
fuzz_loss_metric_cases2 (imported at the end).

Deterministic (one RandomState, fixed seed); no MXNet import. Inputs are rounded to 4
decimals so the recorded inputs replay exactly. FUZZ_ONLY=prefix,prefix keeps only the
cases whose names start with one of the prefixes (while iterating); FUZZ_SEED=n draws another
set (to look for rare discrepancies under a temporary family name; the fixture uses the
default seed).
"""
import os

import numpy as np

rs = np.random.RandomState(int(os.environ.get("FUZZ_SEED", 20261130)))
D, F, I32 = "float64", "float32", "int32"
CASES = []
LOSS = "mx.gluon.loss."


def case(name, expr, inputs, wrt=(), gout=0, values=True):
    CASES.append((name, expr, inputs, list(wrt), gout, values))


def arr(shape, dt=D, lo=-2.0, hi=2.0):
    """Random data (no exact zeros)."""
    a = np.round(rs.uniform(lo, hi, shape), 4)
    a[a == 0] = 0.1234
    return (a.tolist(), dt)


def pos(shape, dt=D, lo=0.1, hi=2.0):
    return arr(shape, dt, lo, hi)


def ints(shape, lo, hi, dt=D):
    """Integers in [lo, hi) stored as `dt`."""
    return (rs.randint(lo, hi, shape).astype(float).tolist(), dt)


def signs(shape, dt=D):
    return ((rs.randint(0, 2, shape) * 2 - 1).astype(float).tolist(), dt)


def pick(seq):
    return seq[rs.randint(len(seq))]


def rshape(ndim, lo=1, hi=4):
    return tuple(int(v) for v in rs.randint(lo, hi + 1, ndim))


def fl(v):
    return float(np.round(v, 3))


def kw(**opts):
    """Keyword text for a constructor: the options that are not None (weight=None kept only
    when asked with the string 'None')."""
    return ", ".join(f"{k}={v!r}" if v != "None" else f"{k}=None" for k, v in opts.items()
                     if v is not None)


def bw_shape(shp):
    """A sample-weight shape broadcastable to `shp`: some trailing dims, each 1 or full."""
    k = int(rs.randint(1, len(shp) + 1))
    return tuple(1 if rs.rand() < 0.5 else d for d in shp[len(shp) - k:])


def batch_axis(ndim):
    return pick([0, 0, 0, 1, -1]) if ndim > 1 else 0


def weight():
    return pick([None, None, 1.0, 2.0, 0.5, -1.3])


def hybrid(ctor, args):
    """The loss called after hybridize() (MXNet runs it as a symbol graph)."""
    return f"(lambda f: [f.hybridize(), f({args})][1])({ctor})"


def add_sw(ins, loss_shape, dt):
    """Maybe a sample weight `w` broadcastable to `loss_shape`; the call's extra argument."""
    if rs.rand() < 0.45:
        ins["w"] = arr(bw_shape(loss_shape), dt, 0.2, 2.0)
        return ", w"
    return ""


# ---------------------------------------------------------------- L2 / L1 / Huber
for j in range(60):
    cls = ["L2Loss", "L1Loss", "HuberLoss"][j % 3]
    nd_ = pick([1, 2, 2, 3, 3, 4])
    shp = rshape(nd_, 1, 4)
    dt = pick([D, D, F])
    lshape = shp if rs.rand() < 0.75 else (int(np.prod(shp)),)   # same size, other shape
    ins = {"p": arr(shp, dt), "l": arr(lshape, dt)}
    opts = dict(weight=weight(), batch_axis=batch_axis(nd_))
    if cls == "HuberLoss":
        opts["rho"] = pick([1, 0.5, fl(rs.uniform(0.1, 2.5))])
        d = np.abs(np.array(ins["p"][0]) - np.array(ins["l"][0]).reshape(shp))
        if np.min(np.abs(d - opts["rho"])) < 1e-3:
            opts["rho"] += 0.0123
    args = "p, l" + add_sw(ins, shp, dt)
    wrt = ["p", "l"] + (["w"] if "w" in ins and rs.rand() < 0.5 else [])
    ctor = f"{LOSS}{cls}({kw(**opts)})"
    expr = hybrid(ctor, args) if rs.rand() < 0.1 else f"{ctor}({args})"
    case(f"loss_{cls}_{j}", expr, ins, wrt)

# ---------------------------------------------------------------- SigmoidBCE
for j in range(30):
    nd_ = pick([1, 2, 2, 3, 4])
    shp = rshape(nd_, 1, 4)
    dt = pick([D, D, F])
    from_sig = bool(rs.rand() < 0.4)
    ins = {"p": arr(shp, dt, 0.05, 0.95) if from_sig else arr(shp, dt, -4, 4)}
    ins["l"] = ints(shp, 0, 2, dt) if rs.rand() < 0.6 else arr(shp, dt, 0.0, 1.0)
    opts = dict(from_sigmoid=from_sig, weight=weight(), batch_axis=batch_axis(nd_))
    cls = pick(["SigmoidBinaryCrossEntropyLoss", "SigmoidBCELoss"])
    sw = add_sw(ins, shp, dt)
    args = "p, l" + (sw or (", None" if rs.rand() < 0.3 else ""))
    if rs.rand() < 0.5:
        ins["q"] = arr(bw_shape(shp), dt, 0.2, 3.0)
        args += ", q" if "w" in ins or "None" in args else ", None, q"
    wrt = ["p", "l"] + [k for k in ("w", "q") if k in ins and rs.rand() < 0.5]
    ctor = f"{LOSS}{cls}({kw(**opts)})"
    expr = hybrid(ctor, args) if rs.rand() < 0.1 else f"{ctor}({args})"
    case(f"loss_bce_{j}", expr, ins, wrt)

# ---------------------------------------------------------------- SoftmaxCrossEntropy
for j in range(36):
    nd_ = pick([1, 2, 2, 2, 3, 3, 4])
    shp = rshape(nd_, 1, 4)
    shp = tuple(max(d, 2) if i == 0 else d for i, d in enumerate(shp))
    ax = int(rs.randint(-nd_, nd_)) if rs.rand() < 0.6 else -1
    axp = ax % nd_
    shp = tuple(max(d, 2) if i == axp else d for i, d in enumerate(shp))  # no 1-class softmax
    sparse = bool(rs.rand() < 0.65)
    from_logits = bool(rs.rand() < 0.25)
    dt = pick([D, D, F])
    ins = {"p": arr(shp, dt, -3, 3)}
    if sparse:
        lshape = tuple(d for i, d in enumerate(shp) if i != axp)
        if rs.rand() < 0.25:    # the class axis kept as 1
            lshape = tuple(1 if i == axp else d for i, d in enumerate(shp))
        ins["l"] = ints(lshape or (1,), 0, shp[axp], dt)
    else:
        raw = rs.uniform(0.05, 1, shp)
        ins["l"] = (np.round(raw / raw.sum(axis=axp, keepdims=True), 4).tolist(), dt)
    loss_shape = tuple(1 if i == axp else d for i, d in enumerate(shp))
    opts = dict(axis=ax if ax != -1 or rs.rand() < 0.3 else None, sparse_label=sparse,
                from_logits=from_logits, weight=weight(), batch_axis=batch_axis(nd_))
    cls = pick(["SoftmaxCrossEntropyLoss", "SoftmaxCELoss"])
    args = "p, l" + add_sw(ins, loss_shape, dt)
    wrt = ["p"] + ([] if sparse and rs.rand() < 0.7 else ["l"]) + \
        (["w"] if "w" in ins and rs.rand() < 0.5 else [])
    ctor = f"{LOSS}{cls}({kw(**opts)})"
    expr = hybrid(ctor, args) if rs.rand() < 0.1 else f"{ctor}({args})"
    case(f"loss_sce_{j}", expr, ins, wrt)

# ---------------------------------------------------------------- KLDiv
for j in range(24):
    nd_ = pick([1, 2, 2, 3, 4])
    shp = rshape(nd_, 1, 4)
    ax = int(rs.randint(-nd_, nd_)) if rs.rand() < 0.5 else -1
    shp = tuple(max(d, 2) if i == ax % nd_ else d for i, d in enumerate(shp))
    from_logits = bool(rs.rand() < 0.5)
    dt = pick([D, D, F])
    raw = rs.uniform(0.05, 1, shp)
    lab = raw / raw.sum(axis=ax % nd_, keepdims=True)
    ins = {"l": (np.round(lab, 4).tolist(), dt)}
    if from_logits:
        ins["p"] = (np.round(np.log(rs.uniform(0.05, 1, shp)), 4).tolist(), dt)
    else:
        ins["p"] = arr(shp, dt, -3, 3)
    opts = dict(from_logits=from_logits, axis=ax if ax != -1 else None, weight=weight(),
                batch_axis=batch_axis(nd_))
    args = "p, l" + add_sw(ins, shp, dt)
    wrt = ["p", "l"] + (["w"] if "w" in ins and rs.rand() < 0.5 else [])
    ctor = f"{LOSS}KLDivLoss({kw(**opts)})"
    expr = hybrid(ctor, args) if rs.rand() < 0.1 else f"{ctor}({args})"
    case(f"loss_kl_{j}", expr, ins, wrt)

# ---------------------------------------------------------------- CTC
for j in range(16):
    n, t, c = int(rs.randint(1, 4)), int(rs.randint(2, 6)), int(rs.randint(2, 5))
    layout, llayout = pick(["NTC", "TNC"]), pick(["NT", "TN"])
    lmax = int(rs.randint(1, max(2, t // 2 + 1)))
    lab = rs.randint(0, c - 1, (n, lmax)).astype(float)
    lens = rs.randint(1, lmax + 1, n)
    use_ll = rs.rand() < 0.4
    use_pl = rs.rand() < 0.4
    if not use_ll:              # padded with -1 after the length
        for i in range(n):
            lab[i, lens[i]:] = -1
    pshape = (n, t, c) if layout == "NTC" else (t, n, c)
    ins = {"p": arr(pshape, F, -2, 2),
           "l": ((lab if llayout == "NT" else lab.T).tolist(), F)}
    args = "p, l"
    if use_pl:
        ins["pl"] = (rs.randint(max(1, 2 * lmax), t + 1, n).astype(float).tolist(), F)
        args += ", pl"
    if use_ll:
        ins["ll"] = (lens.astype(float).tolist(), F)
        args += ", ll" if use_pl else ", None, ll"
    if rs.rand() < 0.35:
        ins["w"] = arr(pick([(n,), (1,)]), F, 0.2, 2)
        args += ", w" if use_ll else (", None, w" if use_pl else ", None, None, w")
    opts = dict(layout=layout, label_layout=llayout, weight=weight())
    case(f"loss_ctc_{j}", f"{LOSS}CTCLoss({kw(**opts)})({args})", ins,
         ["p"] + (["w"] if "w" in ins else []))

# ---------------------------------------------------------------- Hinge / SquaredHinge
for j in range(24):
    cls = ["HingeLoss", "SquaredHingeLoss"][j % 2]
    nd_ = pick([1, 2, 2, 3, 4])
    shp = rshape(nd_, 1, 4)
    dt = pick([D, D, F])
    margin = pick([None, 1, 0.5, fl(rs.uniform(0.1, 2))])
    m = 1 if margin is None else margin
    p = np.round(rs.uniform(-2, 2, shp), 4)
    lab = (rs.randint(0, 2, shp) * 2 - 1).astype(float)
    p[np.abs(m - p * lab) < 0.02] += 0.05       # away from the hinge's kink
    ins = {"p": (p.tolist(), dt), "l": (lab.tolist(), dt)}
    opts = dict(margin=margin, weight=weight(), batch_axis=batch_axis(nd_))
    args = "p, l" + add_sw(ins, shp, dt)
    wrt = ["p", "l"] + (["w"] if "w" in ins and rs.rand() < 0.5 else [])
    ctor = f"{LOSS}{cls}({kw(**opts)})"
    expr = hybrid(ctor, args) if rs.rand() < 0.1 else f"{ctor}({args})"
    case(f"loss_{cls}_{j}", expr, ins, wrt)

# ---------------------------------------------------------------- Logistic
for j in range(16):
    nd_ = pick([1, 2, 2, 3, 4])
    shp = rshape(nd_, 1, 4)
    dt = pick([D, D, F])
    fmt = pick([None, "signed", "binary"])
    ins = {"p": arr(shp, dt, -4, 4),
           "l": ints(shp, 0, 2, dt) if fmt == "binary" else signs(shp, dt)}
    opts = dict(weight=weight(), batch_axis=batch_axis(nd_), label_format=fmt)
    args = "p, l" + add_sw(ins, shp, dt)
    wrt = ["p", "l"] + (["w"] if "w" in ins and rs.rand() < 0.5 else [])
    case(f"loss_logistic_{j}", f"{LOSS}LogisticLoss({kw(**opts)})({args})", ins, wrt)

# ---------------------------------------------------------------- Triplet
for j in range(14):
    nd_ = pick([1, 2, 2, 3])
    shp = rshape(nd_, 1, 4)
    dt = pick([D, D, F])
    margin = pick([None, 1, 0.3, fl(rs.uniform(0.1, 3))])
    ba = batch_axis(nd_)
    ins = {"p": arr(shp, dt), "q": arr(shp, dt), "r": arr(shp, dt)}
    pv, qv, rv = (np.array(ins[k][0]) for k in "pqr")
    gap = ((qv - pv) ** 2 - (rv - pv) ** 2).sum(axis=tuple(i for i in range(nd_)
                                                           if i != ba % nd_))
    m = 1 if margin is None else margin
    if np.min(np.abs(gap + m)) < 0.05:
        margin = fl(m + 0.2)
    opts = dict(margin=margin, weight=weight(), batch_axis=ba)
    case(f"loss_triplet_{j}", f"{LOSS}TripletLoss({kw(**opts)})(p, q, r)", ins, ["p", "q", "r"])

# ---------------------------------------------------------------- PoissonNLL
for j in range(22):
    nd_ = pick([1, 2, 2, 3, 4])
    shp = rshape(nd_, 1, 4)
    dt = pick([D, D, F])
    from_logits = pick([None, True, False])
    full = pick([None, False, True])
    ins = {"p": arr(shp, dt, -2, 2) if from_logits in (None, True) else pos(shp, dt, 0.2, 4),
           "l": ints(shp, 0, 6, dt)}
    opts = dict(weight=weight(), from_logits=from_logits, batch_axis=batch_axis(nd_),
                compute_full=full)
    args = "p, l" + add_sw(ins, shp, dt)
    if rs.rand() < 0.25:
        args += (", " if "w" in ins else ", None, ") + f"epsilon={pick([1e-3, 0.1, 1e-8])}"
    wrt = ["p"] + ([] if full else ["l"]) + (["w"] if "w" in ins and rs.rand() < 0.5 else [])
    ctor = f"{LOSS}PoissonNLLLoss({kw(**opts)})"
    expr = hybrid(ctor, args) if rs.rand() < 0.1 else f"{ctor}({args})"
    case(f"loss_poisson_{j}", expr, ins, wrt)

# ---------------------------------------------------------------- CosineEmbedding
for j in range(16):
    n, d = int(rs.randint(1, 5)), int(rs.randint(1, 5))
    dt = pick([D, D, F])
    margin = pick([None, 0, 0.2, fl(rs.uniform(-0.5, 0.8))])
    x1, x2 = np.round(rs.uniform(-2, 2, (n, d)), 4), np.round(rs.uniform(-2, 2, (n, d)), 4)
    sim = (x1 * x2).sum(1) / np.linalg.norm(x1, axis=1) / np.linalg.norm(x2, axis=1)
    m = 0 if margin is None else margin
    if np.min(np.abs(sim - m)) < 0.02:
        margin = fl(m + 0.1)
    lshape = pick([(n,), (n, 1)])
    ins = {"p": (x1.tolist(), dt), "q": (x2.tolist(), dt), "l": signs(lshape, dt)}
    opts = dict(weight=weight(), batch_axis=None, margin=margin)
    args = "p, q, l"
    if rs.rand() < 0.35:
        ins["w"] = arr(pick([(n, 1), (1, 1), (1,)]), dt, 0.2, 2)
        args += ", w"
    case(f"loss_cosine_{j}", f"{LOSS}CosineEmbeddingLoss({kw(**opts)})({args})", ins,
         ["p", "q", "l"] + (["w"] if "w" in ins else []))

# ---------------------------------------------------------------- SDML
for j in range(12):
    n, d = int(rs.randint(2, 5)), int(rs.randint(1, 5))
    dt = pick([D, D, F])
    sp = pick([None, 0.3, 0.0, fl(rs.uniform(0.05, 0.9))])
    opts = dict(smoothing_parameter=sp, weight=pick([None, 2.0, 0.5]))
    ins = {"p": arr((n, d), dt, -1, 1), "q": arr((n, d), dt, -1, 1)}
    case(f"loss_sdml_{j}", f"{LOSS}SDMLLoss({kw(**opts)})(p, q)", ins, ["p", "q"])

import fuzz_loss_metric_cases3  # noqa: E402,F401  (edge values and invalid loss arguments)
import fuzz_loss_metric_cases2  # noqa: E402,F401  (the mx.metric cases)
import fuzz_loss_metric_cases4  # noqa: E402,F401  (hybridized, graphs, metric API)

if os.environ.get("FUZZ_ONLY"):
    CASES[:] = [c for c in CASES if c[0].startswith(tuple(os.environ["FUZZ_ONLY"].split(",")))]
