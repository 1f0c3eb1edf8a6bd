"""More loss_metric draws (imported by fuzz_loss_metric_cases): hybridized losses called on
two batches of different shapes, label dtypes of the sparse softmax loss, losses inside
larger graphs (the gradient reaching a parameter through the loss), and the metric API
beyond update/get (update_dict with names, get_config, get_name_value, NDArray-not-list
arguments)."""
import numpy as np

from fuzz_loss_metric_cases import D, F, I32, LOSS, arr, case, ints, pick, pos, rs, signs

# ---------------------------------------------------------------- hybridized, two shapes
SIMPLE = {
    "L2Loss": lambda s, dt: (arr(s, dt), arr(s, dt)),
    "L1Loss": lambda s, dt: (arr(s, dt), arr(s, dt)),
    "HuberLoss": lambda s, dt: (arr(s, dt), arr(s, dt)),
    "SigmoidBCELoss": lambda s, dt: (arr(s, dt), ints(s, 0, 2, dt)),
    "HingeLoss": lambda s, dt: (arr(s, dt, 1.05, 2) if rs.rand() < 0.5 else arr(s, dt),
                                signs(s, dt)),
    "LogisticLoss": lambda s, dt: (arr(s, dt), signs(s, dt)),
    "KLDivLoss": lambda s, dt: (arr(s, dt, -3, -0.1), pos(s, dt, 0.05, 0.9)),
    "PoissonNLLLoss": lambda s, dt: (arr(s, dt), ints(s, 0, 4, dt)),
}
for j in range(24):
    cls = list(SIMPLE)[j % len(SIMPLE)]
    dt = pick([D, F])
    s1, s2 = (2, int(rs.randint(1, 4))), (int(rs.randint(1, 4)), int(rs.randint(1, 4)))
    ins = {}
    ins["a"], ins["b"] = SIMPLE[cls](s1, dt)
    ins["c"], ins["d"] = SIMPLE[cls](s2, dt)
    w = pick([None, 0.5, 2.0])
    ctor = f"{LOSS}{cls}({'' if w is None else f'weight={w}'})"
    expr = f"(lambda f: [f.hybridize(), f(a, b), f(c, d)][1:])({ctor})"
    gout = pick([0, 1])
    case(f"hyb2_{cls}_{j}", expr, ins, ["a", "c"] if rs.rand() < 0.5 else ["ac"[gout]], gout=gout)

# ---------------------------------------------------------------- sparse label dtypes
for j in range(10):
    n, c = int(rs.randint(1, 5)), int(rs.randint(2, 5))
    pdt, ldt = pick([D, F]), pick([D, F, I32, "int64", "uint8"])
    ins = {"p": arr((n, c), pdt, -3, 3), "l": ints((n,), 0, c, ldt)}
    case(f"sce_ldt_{j}", f"{LOSS}SoftmaxCELoss()(p, l)", ins, ["p"])

# ---------------------------------------------------------------- losses after an op
for j in range(12):
    n, k, h = int(rs.randint(1, 4)), int(rs.randint(1, 4)), int(rs.randint(2, 4))
    dt = pick([D, F])
    ins = {"x": arr((n, k), dt), "w": arr((h, k), dt)}
    kind = pick(["sce", "l2", "bce", "huber"])
    if kind == "sce":
        ins["l"] = ints((n,), 0, h, dt)
        loss = "SoftmaxCELoss()"
    elif kind == "bce":
        ins["l"] = ints((n, h), 0, 2, dt)
        loss = "SigmoidBCELoss()"
    else:
        ins["l"] = arr((n, h), dt)
        loss = "L2Loss()" if kind == "l2" else "HuberLoss(rho=0.5)"
    expr = f"{LOSS}{loss}(nd.FullyConnected(x, w, num_hidden={h}, no_bias=True), l).mean()"
    case(f"graph_{kind}_{j}", expr, ins, ["x", "w"])

# ---------------------------------------------------------------- metric API
MET = "mx.metric."
CODES = "nd.array([ord(c) for c in str({})] or [0], dtype='int32')"
P = (np.round(rs.dirichlet(np.ones(3), 4), 4).tolist(), F)
LAB = (rs.randint(0, 3, 4).astype(float).tolist(), F)
BP = (np.round(rs.dirichlet(np.ones(2), 4), 4).tolist(), F)
BL = (rs.randint(0, 2, 4).astype(float).tolist(), F)
R1, R2 = arr((4,), F), arr((4,), F)
API = [
    ("update_dict", "(lambda m: [m.update_dict({'lab': a, 'other': c}, {'out': b, 'x': d}), "
     "nd.array([m.get()[1]], dtype='float64')][1])(mx.metric.Accuracy(output_names=['out'], "
     "label_names=['lab']))", {"a": LAB, "b": P, "c": BL, "d": BP}),
    ("update_dict_all", "(lambda m: [m.update_dict({'lab': a}, {'out': b}), "
     "nd.array([m.get()[1]], dtype='float64')][1])(mx.metric.MAE())", {"a": R1, "b": R2}),
    ("update_dict_comp", "(lambda m: [m.update_dict({'lab': a, 'o': c}, {'out': b, 'x': d}), "
     "nd.array(m.get()[1], dtype='float64')][1])(mx.metric.CompositeEvalMetric(['acc', 'ce'], "
     "output_names=['out'], label_names=['lab']))", {"a": LAB, "b": P, "c": BL, "d": BP}),
    ("update_dict_missing", "(lambda m: [m.update_dict({'lab': a}, {'out': b}), "
     "nd.array([m.get()[1]], dtype='float64')][1])(mx.metric.MAE(output_names=['nope']))",
     {"a": R1, "b": R2}),
    ("name_value", "(lambda m: [m.update([a], [b]), " + CODES.format("m.get_name_value()") +
     "][1])(mx.metric.CompositeEvalMetric(['acc', 'ce']))", {"a": LAB, "b": P}),
    ("global_name_value", "(lambda m: [m.update([a], [b]), m.reset_local(), " +
     CODES.format("m.get_global_name_value()") + "][2])(mx.metric.F1())", {"a": BL, "b": BP}),
    ("config_acc", CODES.format("sorted(mx.metric.Accuracy(axis=0, name='x').get_config()"
                                ".items())"), {}),
    ("config_topk", CODES.format("sorted(mx.metric.TopKAccuracy(top_k=3).get_config()"
                                 ".items())"), {}),
    ("config_f1", CODES.format("sorted(mx.metric.F1(average='micro').get_config().items())"),
     {}),
    ("config_perp", CODES.format("sorted(mx.metric.Perplexity(-1, axis=1).get_config()"
                                 ".items())"), {}),
    ("config_ce", CODES.format("sorted(mx.metric.CrossEntropy(eps=0.5).get_config().items())"),
     {}),
    ("config_pearson", CODES.format("sorted(mx.metric.PearsonCorrelation().get_config()"
                                    ".items())"), {}),
    ("config_comp", CODES.format("mx.metric.CompositeEvalMetric(['acc', 'mse'])"
                                 ".get_config()['metrics']"), {}),
    ("config_custom", CODES.format("mx.metric.CustomMetric(lambda l, p: 1.0).get_config()"), {}),
    ("create_config", "(lambda m: [m.update([a], [b]), nd.array([m.get()[1]], "
     "dtype='float64'), " + CODES.format("m.name") + "][1:])(mx.metric.create("
     "mx.metric.TopKAccuracy(top_k=2, name='tk').get_config()))", {"a": LAB, "b": P}),
    ("nd_not_list", "(lambda m: [m.update(a, b), nd.array([m.get()[1]], dtype='float64')][1])"
     "(mx.metric.Accuracy())", {"a": LAB, "b": P}),
    ("nd_not_list_mse", "(lambda m: [m.update(a, b), nd.array([m.get()[1]], dtype='float64')]"
     "[1])(mx.metric.MSE())", {"a": R1, "b": R2}),
    ("nd_not_list_ce", "(lambda m: [m.update(a, b), nd.array([m.get()[1]], dtype='float64')]"
     "[1])(mx.metric.CrossEntropy())", {"a": LAB, "b": P}),
    ("loss_nd", "(lambda m: [m.update(None, b), nd.array([m.get()[1]], dtype='float64')][1])"
     "(mx.metric.Loss())", {"b": R2}),
    ("str_acc", "(lambda m: [m.update([a], [b]), " + CODES.format("m") + "][1])"
     "(mx.metric.Accuracy())", {"a": LAB, "b": P}),
    ("register_alias", "(lambda k: [mx.metric.alias('myacc_x')(k), nd.array([mx.metric.create("
     "'myacc_x').axis], dtype='int32')][1])(type('MyAcc', (mx.metric.Accuracy,), {}))", {}),
    ("register_bad", "[mx.metric.register(dict), nd.array([1])][1]", {}),
    ("gluon_metric_absent", "nd.array([int(hasattr(mx.gluon, 'metric'))], dtype='int32')", {}),
    ("loss_names", CODES.format("sorted(n for n in dir(mx.gluon.loss) if n[:1].isupper())"),
     {}),
    ("metric_names", CODES.format("sorted(n for n in dir(mx.metric) if n[:1].isupper())"), {}),
    ("metric_funcs", CODES.format("[n for n in ('create', 'register', 'alias', 'np', "
                                  "'check_label_shapes') if callable(getattr(mx.metric, n, "
                                  "None))]"), {}),
]
for name, expr, ins in API:
    case(f"metric_api_{name}", expr, ins)
_ = (I32,)

# ---------------------------------------------------------------- float16 losses
H = "float16"
F16 = [
    ("L2Loss()", lambda s: (arr(s, H), arr(s, H))),
    ("L1Loss(weight=0.5)", lambda s: (arr(s, H), arr(s, H))),
    ("HuberLoss(rho=0.7)", lambda s: (arr(s, H), arr(s, H))),
    ("SigmoidBCELoss()", lambda s: (arr(s, H), ints(s, 0, 2, H))),
    ("SigmoidBCELoss(from_sigmoid=True)", lambda s: (arr(s, H, 0.1, 0.9), ints(s, 0, 2, H))),
    ("SoftmaxCELoss(sparse_label=False)", lambda s: (arr(s, H), pos(s, H, 0.1, 0.5))),
    ("LogisticLoss(label_format='binary')", lambda s: (arr(s, H), ints(s, 0, 2, H))),
    ("SquaredHingeLoss()", lambda s: (arr(s, H), signs(s, H))),
    ("PoissonNLLLoss()", lambda s: (arr(s, H), ints(s, 0, 4, H))),
]
for j, (ctor, make) in enumerate(F16):
    ins = dict(zip("pl", make((int(rs.randint(1, 4)), int(rs.randint(2, 5))))))
    case(f"f16_{j}", f"{LOSS}{ctor}(p, l)", ins, ["p"])

# ---------------------------------------------------------------- more metric oddities
MORE = [
    ("f1_col_label", "F1()", {"a": (rs.randint(0, 2, (4, 1)).astype(float).tolist(), F),
                              "b": BP}),
    ("f1_labels_12", "F1(average='micro')", {"a": ([1.0, 2.0, 2.0, 1.0], F), "b": BP}),
    ("mcc_labels_12", "MCC()", {"a": ([1.0, 2.0, 2.0, 1.0], F), "b": BP}),
    ("acc_int64", "Accuracy()", {"a": (LAB[0], "int64"), "b": P}),
    ("acc_f64_pred_int", "Accuracy()", {"a": LAB, "b": ([0, 2, 1, 1], I32)}),
    ("acc_nan", "Accuracy()", {"a": LAB, "b": ([[np.nan, 0.5, 0.2], [0.1, np.nan, 0.3],
                                                [0.2, 0.3, 0.5], [0.6, 0.3, 0.1]], F)}),
    ("topk_k_eq_c", "TopKAccuracy(top_k=3)", {"a": LAB, "b": P}),
    ("ce_int_label", "CrossEntropy()", {"a": (LAB[0], I32), "b": P}),
    ("ce_label_col", "CrossEntropy()", {"a": ([[v] for v in LAB[0]], F), "b": P}),
    ("nll_f64", "NegativeLogLikelihood(eps=0.0)", {"a": LAB, "b": (P[0], D)}),
    ("perp_int_label", "Perplexity(ignore_label=2)", {"a": (LAB[0], I32), "b": P}),
    ("perp_label_col", "Perplexity(ignore_label=None)", {"a": ([[v] for v in LAB[0]], F),
                                                         "b": P}),
    ("pcc_unseen_class", "PCC()", {"a": ([0.0, 0.0, 4.0, 1.0], F), "b": P}),
    ("mae_int", "MAE()", {"a": ([1, 2, 3, 4], I32), "b": ([2, 2, 2, 2], I32)}),
    ("rmse_2d_col", "RMSE()", {"a": arr((4, 1), F), "b": arr((4,), F)}),
    ("pearson_2d", "PearsonCorrelation(average='micro')", {"a": arr((3, 2), F),
                                                          "b": arr((3, 2), F)}),
    ("loss_f16", "Loss()", {"a": R1, "b": arr((4,), "float16", 0, 2)}),
    ("create_composite", "create('composite')", {"a": LAB, "b": P}),
    ("create_list_callable", "create(['acc', lambda l, p: 0.5])", {"a": LAB, "b": P}),
    ("custom_numpy_value", "CustomMetric(lambda l, p: np.float32(0.25) * l.size)",
     {"a": LAB, "b": P}),
    ("custom_tuple_numpy", "CustomMetric(lambda l, p: (np.sum(l), np.int64(l.size)))",
     {"a": LAB, "b": P}),
]
GET2 = ("nd.array(np.hstack([m.get()[1], m.get_global()[1]]).astype('float64'), "
        "dtype='float64')")
for name, ctor, ins in MORE:
    case(f"metric_more_{name}", f"(lambda m: [m.update([a], [b]), m.update([a], [b]), {GET2}, "
         + CODES.format("[n for n, _ in m.get_name_value()]") + f"][2:])({MET}{ctor})", ins)
_ = (D, H)

# ---------------------------------------------------------------- weight types
for j, w in enumerate(["np.float32(0.5)", "np.int64(2)", "True", "nd.array([2.0])"]):
    case(f"weight_type_{j}", f"{LOSS}L1Loss(weight={w})(p, l)",
         {"p": arr((2, 3)), "l": arr((2, 3))}, ["p"])

# ---------------------------------------------------------------- helpers user code imports
HELP = [
    ("apply_weighting", "mx.gluon.loss._apply_weighting(nd, p, 2.0, w)",
     {"p": arr((2, 3)), "w": pos((2, 1))}, ["p", "w"]),
    ("apply_weighting_none", "mx.gluon.loss._apply_weighting(nd, p, None, None)",
     {"p": arr((2, 3))}, ["p"]),
    ("apply_weighting_bad", "mx.gluon.loss._apply_weighting(nd, p, w)",
     {"p": arr((2, 3)), "w": pos((2, 1))}, []),
    ("reshape_like", "mx.gluon.loss._reshape_like(nd, l, p)",
     {"p": arr((2, 3)), "l": arr((3, 2))}, ["l"]),
    ("subclass", "type('MyLoss', (mx.gluon.loss.Loss,), {'hybrid_forward': lambda self, F, x, y:"
     " F.mean(F.square(x - y), axis=self._batch_axis, exclude=True) * self._weight})"
     "(2.0, 1)(p, l)", {"p": arr((2, 3)), "l": arr((2, 3))}, ["p", "l"]),
    ("base_call", "mx.gluon.loss.Loss(1.0, 0)(p, l)", {"p": arr((2, 3)), "l": arr((2, 3))}, []),
    ("hyb_bce_posw", "(lambda f: [f.hybridize(), f(p, l, w, q)][1])(mx.gluon.loss.SigmoidBCELoss"
     "())", {"p": arr((3, 2)), "l": ints((3, 2), 0, 2), "w": pos((3, 1)), "q": pos((2,))},
     ["p", "l", "w", "q"]),
    ("hyb_sce_sw", "(lambda f: [f.hybridize(), f(p, l, w)][1])(mx.gluon.loss.SoftmaxCELoss("
     "axis=1, batch_axis=0))", {"p": arr((2, 3, 2)), "l": ints((2, 2), 0, 3),
                                "w": pos((2, 1, 2))}, ["p", "w"]),
    ("hyb_ctc", "(lambda f: [f.hybridize(), f(p, l, pl, ll)][1])(mx.gluon.loss.CTCLoss())",
     {"p": arr((2, 5, 4), F), "l": ([[0.0, 1.0], [2.0, 2.0]], F), "pl": ([5.0, 4.0], F),
      "ll": ([2.0, 1.0], F)}, ["p"]),
    ("hyb_cosine", "(lambda f: [f.hybridize(), f(p, q, l)][1])(mx.gluon.loss.CosineEmbeddingLoss"
     "(margin=0.2))", {"p": arr((3, 2), F), "q": arr((3, 2), F), "l": signs((3,), F)},
     ["p", "q"]),
    ("hyb_triplet", "(lambda f: [f.hybridize(), f(p, q, r)][1])(mx.gluon.loss.TripletLoss("
     "margin=3.0))", {"p": arr((2, 3)), "q": arr((2, 3)), "r": arr((2, 3))}, ["p", "q", "r"]),
    ("check_shapes", "[mx.metric.check_label_shapes(a, b, shape=True), nd.array([1])][1]",
     {"a": arr((4,), F), "b": arr((2, 2), F)}, []),
    ("check_shapes_ok", "mx.metric.check_label_shapes(a, b, wrap=True)[1][0]",
     {"a": arr((4,), F), "b": arr((2, 2), F)}, []),
    ("check_lens", "[mx.metric.check_label_shapes([a], [b, b]), nd.array([1])][1]",
     {"a": arr((4,), F), "b": arr((2, 2), F)}, []),
]
for name, expr, ins, wrt in HELP:
    case(f"help_{name}", expr, ins, wrt)
