"""The ``mx.metric`` part of the loss_metric fuzz (imported by fuzz_loss_metric_cases).

Each case builds a metric, updates it with lists of label/pred NDArrays over 1-3 batches and
records, as NDArrays: ``get()`` and ``get_global()`` values (hstacked, float64), the same after
``reset_local()`` and one more update, and the name ``get()[0]`` encoded as character codes
(int32). Values are nan where MXNet reports nan (compared with equal_nan).
"""
import numpy as np

from fuzz_loss_metric_cases import D, F, I32, arr, case, fl, pick, rs

MET = "mx.metric."
GET = "nd.array(np.hstack([m.get()[1], m.get_global()[1]]).astype('float64'), dtype='float64')"
NAME = "nd.array([ord(c) for c in str(m.get()[0])] or [0], dtype='int32')"


def metric_case(name, ctor, batches, ins, after_reset=True):
    """`batches`: [(label vars, pred vars)]; updates with each, then records (see above)."""
    def up(lv, pv):
        return f"m.update([{', '.join(lv)}], [{', '.join(pv)}])"
    steps = [up(*b) for b in batches] + [GET]
    if after_reset:
        steps += ["m.reset_local()", up(*batches[-1]), GET]
    steps.append(NAME)
    expr = (f"(lambda m: [x for x in [{', '.join(steps)}] "
            f"if isinstance(x, mx.nd.NDArray)])({ctor})")
    case(f"metric_{name}", expr, ins)


def probs(shape, axis=-1, dt=F):
    raw = rs.uniform(0.02, 1, shape)
    return (np.round(raw / raw.sum(axis=axis, keepdims=True), 4).tolist(), dt)


def classes(shape, k, dt=F):
    return (rs.randint(0, k, shape).astype(float).tolist(), dt)


def draw(batches, make):
    """ins and [(label vars, pred vars)] for `batches` batches of 1-2 arrays each from
    make() -> (label, pred)."""
    ins, plan = {}, []
    for b in range(batches):
        lv, pv = [], []
        for i in range(pick([1, 1, 1, 2])):
            lab, prd = make()
            ins[f"l{b}{i}"], ins[f"p{b}{i}"] = lab, prd
            lv.append(f"l{b}{i}")
            pv.append(f"p{b}{i}")
        plan.append((lv, pv))
    return ins, plan


def nb():
    return int(rs.randint(1, 4))


# ---------------------------------------------------------------- Accuracy
for j in range(22):
    kind = pick(["probs", "probs", "index", "3d", "col"])
    n, c, t = int(rs.randint(1, 6)), int(rs.randint(2, 5)), int(rs.randint(1, 4))
    ldt, pdt = pick([F, F, D, I32]), pick([F, D])
    axis = None
    if kind == "3d":
        axis = pick([1, -1, 2, None])
        ax = 1 if axis is None else axis % 3

    def make():
        if kind == "probs":
            return classes((n,), c, ldt), probs((n, c), dt=pdt)
        if kind == "index":
            return classes((n,), c, ldt), classes((n,), c, pick([F, I32]))
        if kind == "col":
            return classes((n, 1), c, ldt), probs((n, c), dt=pdt)
        shp = [n, t]
        shp.insert(ax, c)
        return classes((n, t), c, ldt), probs(tuple(shp), ax, pdt)
    ins, plan = draw(nb(), make)
    metric_case(f"acc_{kind}_{j}", f"{MET}Accuracy({'' if axis is None else f'axis={axis}'})",
                plan, ins)

# ---------------------------------------------------------------- TopKAccuracy
for j in range(14):
    n, c = int(rs.randint(1, 6)), int(rs.randint(2, 7))
    k = int(rs.randint(2, 8))
    # (1-D predictions are left out: MXNet compares argpartition's unspecified order there)
    ins, plan = draw(nb(), lambda: (classes((n,), c, pick([F, I32])), arr((n, c), F, 0, 1)))
    metric_case(f"topk_{j}", f"{MET}TopKAccuracy(top_k={k})", plan, ins)

# ---------------------------------------------------------------- F1 / MCC
for j in range(24):
    cls = ["F1", "MCC"][j % 2]
    avg = pick([None, "macro", "micro"])
    n = int(rs.randint(1, 7))
    kind = pick(["probs", "probs", "col"])

    def make():
        lab = classes((n,), 2, pick([F, I32, D]))
        if kind == "col":
            return lab, arr((n, 2), pick([F, D]), 0, 1)
        return lab, probs((n, 2))
    ins, plan = draw(nb(), make)
    opt = "" if avg is None else f"average='{avg}'"
    metric_case(f"{cls.lower()}_{j}", f"{MET}{cls}({opt})", plan, ins)

# ---------------------------------------------------------------- Perplexity
for j in range(16):
    n, c = int(rs.randint(1, 6)), int(rs.randint(2, 5))
    ign = pick([None, -1, 0, 1])
    three = rs.rand() < 0.3
    t = int(rs.randint(1, 3))
    axis = pick([None, -1, 1]) if not three else pick([None, -1, 2])

    def make():
        if three:
            return classes((n, t), c), probs((n, t, c))
        return classes((n,), c), probs((n, c))
    ins, plan = draw(nb(), make)
    opt = f"ignore_label={ign}" + ("" if axis is None else f", axis={axis}")
    metric_case(f"perplexity_{j}", f"{MET}Perplexity({opt})", plan, ins)
    if three:   # the same data as 2-D pred and 1-D label (MXNet's only working form)
        flat = {k: ((np.array(v[0]).reshape(-1, c) if k[0] == "p" else
                     np.array(v[0]).ravel()).tolist(), v[1]) for k, v in ins.items()}
        metric_case(f"perplexity_{j}_flat", f"{MET}Perplexity(ignore_label={ign})", plan, flat)

# ---------------------------------------------------------------- MAE / MSE / RMSE
for j in range(21):
    cls = ["MAE", "MSE", "RMSE"][j % 3]
    n, d = int(rs.randint(1, 6)), int(rs.randint(1, 4))
    kind = pick(["vec", "col", "mat"])
    shapes = {"vec": ((n,), (n,)), "col": ((n,), (n, 1)), "mat": ((n, d), (n, d))}[kind]
    ins, plan = draw(nb(), lambda: (arr(shapes[0], pick([F, D])), arr(shapes[1], pick([F, D]))))
    metric_case(f"{cls.lower()}_{kind}_{j}", f"{MET}{cls}()", plan, ins)

# ---------------------------------------------------------------- CrossEntropy / NLL
for j in range(14):
    cls = ["CrossEntropy", "NegativeLogLikelihood"][j % 2]
    n, c = int(rs.randint(1, 6)), int(rs.randint(2, 5))
    eps = pick([None, 1e-12, 0.1, 1e-3])
    ins, plan = draw(nb(), lambda: (classes((n,), c, pick([F, D])), probs((n, c))))
    opt = "" if eps is None else f"eps={eps}"
    metric_case(f"{cls.lower()}_{j}", f"{MET}{cls}({opt})", plan, ins)

# ---------------------------------------------------------------- Pearson / PCC
for j in range(14):
    avg = pick([None, "macro", "micro"])
    n, d = int(rs.randint(2, 7)), int(rs.randint(1, 3))
    shp = pick([(n,), (n, d)])
    ins, plan = draw(nb(), lambda: (arr(shp, F), arr(shp, F)))
    opt = "" if avg is None else f"average='{avg}'"
    metric_case(f"pearson_{j}", f"{MET}PearsonCorrelation({opt})", plan, ins)
for j in range(14):
    n, c = int(rs.randint(2, 7)), int(rs.randint(2, 5))
    index = rs.rand() < 0.35
    ins, plan = draw(nb(), lambda: (classes((n,), c, pick([F, I32])),
                                    classes((n,), c) if index else probs((n, c))))
    metric_case(f"pcc_{j}", f"{MET}PCC()", plan, ins)

# ---------------------------------------------------------------- Loss / Torch / Caffe
for j in range(8):
    cls = pick(["Loss", "Loss", "Torch", "Caffe"])
    shp = pick([(3,), (2, 2), (1,), (4, 1)])
    ins, plan = draw(nb(), lambda: (arr((1,), F), arr(shp, pick([F, D]), 0, 3)))
    metric_case(f"loss_{cls.lower()}_{j}", f"{MET}{cls}()", plan, ins)

# ---------------------------------------------------------------- composite / create / custom
N, C = 4, 3
L4, P43 = classes((N,), C), probs((N, C))
L4b, P43b = classes((N,), C), probs((N, C))
B2, P42 = classes((N,), 2), probs((N, 2))
R4, Q4 = arr((N,), F), arr((N,), F)
CLS = {"l00": L4, "p00": P43, "l10": L4b, "p10": P43b}
BIN = {"l00": B2, "p00": P42}
REG = {"l00": R4, "p00": Q4, "l10": arr((N,), F), "p10": arr((N,), F)}
ONE = [(["l00"], ["p00"])]
TWO = [(["l00"], ["p00"]), (["l10"], ["p10"])]
CREATE = [
    ("acc", "'acc'", CLS, TWO), ("accuracy", "'Accuracy'", CLS, ONE),
    ("top_k", "'top_k_accuracy', top_k=2", CLS, TWO), ("ce", "'ce'", CLS, ONE),
    ("nll", "'nll_loss'", CLS, ONE), ("xent", "'cross-entropy'", CLS, ONE),
    ("f1", "'f1'", BIN, ONE), ("mcc", "'mcc', average='micro'", BIN, ONE),
    ("mae", "'mae'", REG, ONE), ("rmse", "'RMSE'", REG, ONE),
    ("pearsonr", "'pearsonr'", REG, ONE), ("pcc", "'pcc'", CLS, TWO),
    ("perplexity", "'perplexity', ignore_label=None", CLS, ONE),
    ("perplexity_noarg", "'perplexity'", CLS, ONE),
    ("loss", "'loss'", CLS, ONE), ("list", "['acc', 'ce']", CLS, TWO),
    ("list_inst", "[mx.metric.Accuracy(), 'top_k_accuracy']", CLS, ONE),
    ("list_kw", "['acc', 'top_k_accuracy'], top_k=2", CLS, ONE),
    ("unknown", "'foo'", CLS, ONE), ("inst_args", "mx.metric.MSE(), 3", REG, ONE),
    ("callable", "lambda l, p: float(np.abs(l - p.argmax(1)).mean())", CLS, TWO),
    ("callable_name", "lambda l, p: float((l == p.argmax(1)).sum()), name='hits'", CLS, TWO),
    ("callable_tuple", "lambda l, p: (float((l == p.argmax(1)).sum()), l.size)", CLS, TWO),
    ("json", "'[\"acc\", {\"axis\": 1}]'", CLS, ONE),
    ("config", "mx.metric.TopKAccuracy(top_k=2).get_config()", CLS, ONE),
    ("int", "3", CLS, ONE),
]
for name, args, ins, plan in CREATE:
    metric_case(f"create_{name}", f"{MET}create({args})", plan, dict(ins))
COMPOSITE = [
    ("two", "mx.metric.CompositeEvalMetric([mx.metric.Accuracy(), mx.metric.CrossEntropy()])",
     CLS, TWO),
    ("names", "mx.metric.CompositeEvalMetric(['acc', 'mae', 'ce'], name='c')", CLS,
     ONE),
    ("empty", "mx.metric.CompositeEvalMetric()", CLS, ONE),
    ("add", "(lambda c: [c.add('mse'), c.add(mx.metric.MAE()), c][2])"
     "(mx.metric.CompositeEvalMetric())", REG, ONE),
    ("nested", "mx.metric.CompositeEvalMetric([mx.metric.CompositeEvalMetric(['mae', 'mse']), "
     "'rmse'])", REG, ONE),
    ("get_metric", "mx.metric.CompositeEvalMetric(['acc', 'ce']).get_metric(1)", CLS, TWO),
    ("custom", "mx.metric.CustomMetric(lambda l, p: float(p.max()), name='mx', "
     "allow_extra_outputs=True)", CLS, ONE),
    ("custom_anon", "mx.metric.CustomMetric(lambda l, p: (2.0, 3))", CLS, TWO),
    ("np", "mx.metric.np(lambda l, p: float(((l - p) ** 2).sum()))", REG, ONE),
    ("np_named", "mx.metric.np(lambda l, p: float(l.sum()), name='lsum')", REG, TWO),
]
for name, ctor, ins, plan in COMPOSITE:
    metric_case(f"misc_{name}", ctor, plan, dict(ins))

# ---------------------------------------------------------------- errors and oddities
ERR = [
    ("acc_len", "Accuracy()", {"l00": L4, "p00": P43, "l01": L4b},
     [(["l00", "l01"], ["p00"])]),
    ("acc_shape", "Accuracy()", {"l00": classes((3,), 3), "p00": P43}, ONE),
    ("acc_axis_bad", "Accuracy(axis=2)", CLS, ONE),
    ("acc_float_label", "Accuracy()", {"l00": ([0.7, 1.2, 2.9, 1.0], F), "p00": P43}, ONE),
    ("acc_neg_label", "Accuracy()", {"l00": ([-1.0, 1.0, 2.0, 0.0], F), "p00": P43}, ONE),
    ("topk_1", "TopKAccuracy(top_k=1)", CLS, ONE),
    ("topk_3d", "TopKAccuracy(top_k=2)", {"l00": L4, "p00": probs((N, C, 2))}, ONE),
    ("topk_len", "TopKAccuracy(top_k=2)", {"l00": classes((3,), 3), "p00": P43}, ONE),
    ("f1_3class", "F1()", CLS, ONE),
    ("mcc_3class", "MCC()", CLS, ONE),
    ("f1_index", "F1()", {"l00": B2, "p00": classes((N,), 2)}, ONE),
    ("f1_all_neg", "F1()", {"l00": ([0.0, 0.0, 0.0, 0.0], F), "p00": P42}, ONE),
    ("mcc_all_pos", "MCC(average='micro')", {"l00": ([1.0, 1.0, 1.0, 1.0], F), "p00": P42},
     ONE),
    ("f1_len", "F1()", {"l00": classes((3,), 2), "p00": P42}, ONE),
    ("perp_shape", "Perplexity(ignore_label=None)", {"l00": classes((3,), 3), "p00": P43},
     ONE),
    ("perp_all_ignored", "Perplexity(ignore_label=1)", {"l00": ([1.0, 1.0, 1.0, 1.0], F),
                                                       "p00": P43}, ONE),
    ("perp_zero_prob", "Perplexity(ignore_label=None)",
     {"l00": ([0.0, 1.0], F), "p00": ([[0.0, 1.0], [0.5, 0.5]], F)}, ONE),
    ("mse_shape", "MSE()", {"l00": arr((4,), F), "p00": arr((3,), F)}, ONE),
    ("mae_len", "MAE()", {"l00": R4, "p00": Q4, "p01": Q4}, [(["l00"], ["p00", "p01"])]),
    ("ce_shape", "CrossEntropy()", {"l00": classes((3,), 3), "p00": P43}, ONE),
    ("ce_zero", "CrossEntropy(eps=0)", {"l00": ([0.0, 1.0], F),
                                        "p00": ([[0.0, 1.0], [0.5, 0.5]], F)}, ONE),
    ("pearson_shape", "PearsonCorrelation()", {"l00": R4, "p00": arr((2, 2), F)}, ONE),
    ("pearson_const", "PearsonCorrelation()", {"l00": ([1.0, 1.0, 1.0], F),
                                               "p00": arr((3,), F)}, ONE),
    ("pearson_micro_one", "PearsonCorrelation(average='micro')",
     {"l00": ([1.0], F), "p00": ([2.0], F)}, ONE),
    ("pcc_index_float", "PCC()", {"l00": L4, "p00": ([0.0, 1.9, 2.2, 1.0], F)}, ONE),
    ("custom_len", "CustomMetric(lambda l, p: 1.0)", {"l00": R4, "p00": Q4, "p01": Q4},
     [(["l00"], ["p00", "p01"])]),
    ("custom_extra", "CustomMetric(lambda l, p: 1.0, allow_extra_outputs=True)",
     {"l00": R4, "p00": Q4, "p01": Q4}, [(["l00"], ["p00", "p01"])]),
]
for name, ctor, ins, plan in ERR:
    metric_case(f"err_{name}", MET + ctor, plan, dict(ins))
# nothing updated: nan values; reset() clears the global tallies too
for name, ctor in [("acc", "Accuracy()"), ("f1", "F1()"), ("mcc", "MCC()"),
                   ("perp", "Perplexity(None)"), ("pearson_micro",
                                                  "PearsonCorrelation(average='micro')"),
                   ("pcc", "PCC()"), ("mse", "MSE()"), ("composite",
                                                        "CompositeEvalMetric(['acc', 'mse'])")]:
    case(f"metric_fresh_{name}", f"(lambda m: [{GET}, {NAME}])({MET}{ctor})", {})
for name, ctor, ins in [("acc", "Accuracy()", CLS), ("f1", "F1(average='micro')", BIN),
                        ("pcc", "PCC()", CLS), ("topk", "TopKAccuracy(top_k=2)", CLS),
                        ("pearson", "PearsonCorrelation(average='micro')", REG)]:
    case(f"metric_reset_{name}", f"(lambda m: [m.update([l00], [p00]), m.reset(), "
         f"m.update([l00], [p00]), {GET}][3])({MET}{ctor})", dict(ins))
_ = (D, fl)
