"""Randomised fuzz cases of the nn_norm family (see tools/record_fuzz.py): FullyConnected,
Activation, LeakyReLU, the softmax family, the loss heads, MakeLoss, BatchNorm, LayerNorm,
InstanceNorm, GroupNorm, L2Normalization, LRN, Dropout, RNN and CTCLoss. Edge values, invalid
arguments and RNN extras are in fuzz_nn_norm_cases2 (imported at the end).

Deterministic (one RandomState, fixed seed); no MXNet import. Inputs are rounded to 4
decimals so the recorded inputs replay exactly.
"""
import numpy as np

rs = np.random.RandomState(20261130)
D, F, H, I32 = "float64", "float32", "float16", "int32"
CASES = []
TRAIN = ("(lambda s: [s.__enter__(), {}, s.__exit__(None, None, None)][1])"
         "(mx.autograd.train_mode())")
# forward + backward inside the expression (the moving statistics update in backward)
BACKWARD = ("(lambda r: [r.__enter__(), {}, r.__exit__(None, None, None)][1])"
            "(mx.autograd.record())")


def case(name, expr, inputs, wrt=(), gout=0, values=True):
    CASES.append((name, expr, inputs, list(wrt), gout, values))


def arr(shape, dt=D, lo=-2.0, hi=2.0):
    """Random data (no exact zeros: no kinks at relu/abs)."""
    a = np.round(rs.uniform(lo, hi, shape), 4)
    a[a == 0] = 0.1234
    return (a.tolist(), dt)


def pos(shape, dt=D, lo=0.3, hi=2.0):
    return arr(shape, dt, lo, hi)


def labels(shape, k, dt=D):
    return (rs.randint(0, k, shape).astype(float).tolist(), dt)


def pick(seq):
    return seq[rs.randint(len(seq))]


def rshape(ndim, lo=1, hi=4):
    return tuple(int(v) for v in rs.randint(lo, hi + 1, ndim))


def fl(v):
    return float(np.round(v, 3))


# ---------------------------------------------------------------- FullyConnected
for j in range(22):
    nd_ = pick([1, 2, 2, 3, 3, 4])
    shp = rshape(nd_, 1, 4)
    flatten = bool(rs.rand() < 0.5)
    no_bias = bool(rs.rand() < 0.3)
    nh = int(rs.randint(1, 5))
    k = int(np.prod(shp[1:])) if flatten else shp[-1]
    if nd_ == 1 and flatten:
        k = 1
    dt = pick([D, D, F])
    ins = {"a": arr(shp, dt), "w": arr((nh, k), dt)}
    args = "a, w"
    if not no_bias:
        ins["b"] = arr((nh,), dt)
        args += ", b"
    case(f"fc_{j}", f"nd.FullyConnected({args}, num_hidden={nh}, no_bias={no_bias}, "
         f"flatten={flatten})", ins, list(ins))
X = arr((2, 3, 4), D)
for j, (expr, extra) in enumerate([
        ("nd.FullyConnected(a, w, b, num_hidden=4)", {"w": arr((5, 12)), "b": arr((5,))}),
        ("nd.FullyConnected(a, w, b, num_hidden=5, flatten=False)",
         {"w": arr((5, 12)), "b": arr((5,))}),
        ("nd.FullyConnected(a, w, num_hidden=5)", {"w": arr((5, 12))}),
        ("nd.FullyConnected(a, w, b, num_hidden=5, no_bias=True)",
         {"w": arr((5, 12)), "b": arr((5,))}),
        ("nd.FullyConnected(a, w, b, num_hidden=5)", {"w": arr((5, 12)), "b": arr((4,))}),
        ("nd.FullyConnected(a, w, b, num_hidden=5)", {"w": arr((5, 12), F), "b": arr((5,))}),
        ("nd.FullyConnected(a, w, b)", {"w": arr((5, 12)), "b": arr((5,))}),
        ("nd.FullyConnected(a, w, b, num_hidden=0)", {"w": arr((0, 12)), "b": arr((0,))}),
        ("nd.FullyConnected(a, w, b, num_hidden=3, flatten=False)",
         {"w": arr((3, 12)), "b": arr((3,))}),
        ("nd.FullyConnected(i, w, b, num_hidden=2)",
         {"i": ([[1, 2], [3, 4]], I32), "w": ([[1, 0], [0, 1]], I32), "b": ([1, 1], I32)}),
]):
    case(f"fc_err_{j}", expr, dict(a=X, **extra))

# ---------------------------------------------------------------- Activation
ACTS = ["relu", "sigmoid", "tanh", "softrelu", "softsign"]
for j in range(15):
    act = ACTS[j % 5]
    dt = pick([D, D, F])
    case(f"act_{act}_{j}", f"nd.Activation(a, act_type='{act}')", {"a": arr(rshape(pick([1, 2, 3])),
         dt, -4, 4)}, ["a"])
for act in ACTS:
    case(f"act_{act}_f16", f"nd.Activation(a, act_type='{act}')", {"a": arr((2, 3), H)})
case("act_err_type", "nd.Activation(a, act_type='gelu')", {"a": arr((2, 3))})
case("act_err_int", "nd.Activation(a, act_type='relu')", {"a": ([[1, -2]], I32)})
case("act_big", "nd.Activation(a, act_type='softrelu')",
     {"a": ([-100.0, -30.0, 30.0, 100.0, 1000.0], F)}, ["a"])

# ---------------------------------------------------------------- LeakyReLU
for j in range(20):
    act = pick(["leaky", "elu", "selu", "gelu", "prelu", "prelu"])
    shp = rshape(pick([2, 3, 4]), 1, 4)
    dt = pick([D, F])
    ins = {"a": arr(shp, dt, -3, 3)}
    if act == "prelu":
        gs = pick([(shp[1],), (1,)])
        ins["g"] = arr(gs, dt, -0.5, 0.8)
        expr = "nd.LeakyReLU(a, g, act_type='prelu')"
    else:
        slope = fl(rs.uniform(0.01, 1.5))
        expr = f"nd.LeakyReLU(a, act_type='{act}', slope={slope})"
    case(f"lrelu_{act}_{j}", expr, ins, list(ins))
case("lrelu_rrelu_infer", "nd.LeakyReLU(a, act_type='rrelu', lower_bound=0.2, upper_bound=0.5)",
     {"a": arr((3, 4))})
case("lrelu_rrelu_train", TRAIN.format("nd.LeakyReLU(a, act_type='rrelu')"), {"a": arr((3, 4))},
     values=False)
case("lrelu_prelu_1d", "nd.LeakyReLU(a, g, act_type='prelu')", {"a": arr((5,)), "g": arr((1,))},
     ["a", "g"])
case("lrelu_prelu_axis0", "nd.LeakyReLU(a, g, act_type='prelu')",
     {"a": arr((3, 2)), "g": arr((3,))}, ["a", "g"])
case("lrelu_err_prelu_shape", "nd.LeakyReLU(a, g, act_type='prelu')",
     {"a": arr((2, 3, 4)), "g": arr((5,))})
case("lrelu_err_prelu_nogamma", "nd.LeakyReLU(a, act_type='prelu')", {"a": arr((2, 3))})
case("lrelu_err_type", "nd.LeakyReLU(a, act_type='swish')", {"a": arr((2, 3))})
case("lrelu_f16", "nd.LeakyReLU(a, act_type='gelu')", {"a": arr((2, 3), H)})

# ---------------------------------------------------------------- softmax family
for j in range(36):
    op = pick(["softmax", "softmax", "log_softmax", "softmin"])
    nd_ = pick([1, 2, 3, 4])
    shp = rshape(nd_, 1, 4)
    axis = int(rs.randint(-nd_, nd_))
    kw = [f"axis={axis}"]
    if rs.rand() < 0.4:
        kw.append(f"temperature={fl(rs.uniform(0.3, 3))}")
    dt = pick([D, D, F])
    wrt = ["a"]
    if rs.rand() < 0.3:
        dt = F
        kw.append(f"dtype='{pick(['float64', 'float32', 'float16'])}'")
        if "float16" in kw[-1]:  # float16 rounding of the backward: values only
            wrt = []
    ins = {"a": arr(shp, dt, -3, 3)}
    if op == "softmax" and rs.rand() < 0.35:
        lshape = shp[:axis % nd_] + shp[axis % nd_ + 1:]
        ins["n"] = (rs.randint(1, shp[axis] + 1, lshape).tolist(), I32)
        kw.append("use_length=True")
        expr = f"nd.softmax(a, n, {', '.join(kw)})"
    else:
        expr = f"nd.{op}(a, {', '.join(kw)})"
    case(f"sm_{op}_{j}", expr, ins, wrt)
case("sm_len_zero", "nd.softmax(a, n, axis=1, use_length=True)",
     {"a": arr((2, 3)), "n": ([0, 2], I32)}, ["a"])
case("sm_len_f64", "nd.softmax(a, n, axis=0, use_length=True)",
     {"a": arr((3, 2)), "n": ([2, 3], D)}, ["a"])
case("sm_log_len", "nd.log_softmax(a, n, axis=-1, use_length=True)",
     {"a": arr((2, 3)), "n": ([1, 2], I32)})
case("sm_min_len", "nd.softmin(a, n, axis=-1, use_length=True)",
     {"a": arr((2, 3)), "n": ([1, 2], I32)})
case("sm_err_axis", "nd.softmax(a, axis=2)", {"a": arr((2, 3))})
case("sm_err_axis_neg", "nd.log_softmax(a, axis=-3)", {"a": arr((2, 3))})
case("sm_err_nolen", "nd.softmax(a, use_length=True)", {"a": arr((2, 3))})
case("sm_err_len_shape", "nd.softmax(a, n, use_length=True)",
     {"a": arr((2, 3)), "n": ([1, 2, 3], I32)})
case("sm_err_int", "nd.softmax(a)", {"a": ([[1, 2]], I32)})
case("sm_err_temp0", "nd.softmax(a, temperature=0.0)", {"a": arr((2, 3))})
case("sm_big", "nd.softmax(a)", {"a": ([[1000.0, -1000.0, 0.0], [1e30, 1e30, -1e30]], F)})
case("sm_log_big", "nd.log_softmax(a)", {"a": ([[1000.0, -1000.0, 0.0]], F)}, ["a"])
case("sm_f16", "nd.softmax(a, axis=0)", {"a": arr((3, 2), H)})
# MXNet accumulates float16 softmax in float16 (no MXNET_SAFE_ACCUMULATION), mxlite in
# float32: the results differ by float16 rounding, so shapes and dtypes only
case("sm_log_f16", "nd.log_softmax(a)", {"a": arr((3, 2), H)}, values=False)
case("sm_f16_to32", "nd.softmax(a, dtype='float32')", {"a": arr((3, 2), H)}, values=False)
for j, (mode, shp) in enumerate([("instance", (2, 3)), ("instance", (2, 3, 2)),
                                  ("channel", (2, 3, 2)), ("channel", (1, 2, 2, 3)),
                                  ("instance", (4,)), ("instance", (2, 2, 2, 2))]):
    case(f"smact_{mode}_{j}", f"nd.SoftmaxActivation(a, mode='{mode}')", {"a": arr(shp, F)},
         ["a"])
case("smact_f64", "nd.SoftmaxActivation(a, mode='channel')", {"a": arr((2, 3, 2))}, ["a"])
case("smact_err_channel2d", "nd.SoftmaxActivation(a, mode='channel')", {"a": arr((2, 3))})
case("smact_err_mode", "nd.SoftmaxActivation(a, mode='spatial')", {"a": arr((2, 3, 2))})

# ---------------------------------------------------------------- SoftmaxOutput
for j in range(30):
    layout = pick(["2d", "2d", "flat", "multi", "preserve"])
    k = int(rs.randint(2, 5))
    n = int(rs.randint(1, 4))
    if layout == "2d":
        shp, lshp = (n, k), (n,)
    elif layout == "flat":  # MXNet: label shape data.shape[:-1], first N entries used
        shp, lshp = (n, k, 2), (n, k)
        k = 2 * k
    elif layout == "multi":
        sp = rshape(pick([1, 2]), 1, 3)
        shp, lshp = (n, k) + sp, (n,) + sp
    else:
        lead = rshape(pick([1, 2]), 1, 3)
        shp, lshp = lead + (k,), lead
    dt = pick([D, F])
    lab = labels(lshp, k, dt)
    kw = []
    if layout == "multi":
        kw.append("multi_output=True")
    if layout == "preserve":
        kw.append("preserve_shape=True")
    if rs.rand() < 0.5:
        kw.append(f"grad_scale={fl(rs.uniform(0.2, 3))}")
    if rs.rand() < 0.5:
        kw.append(f"ignore_label={int(rs.randint(0, k))}")
        if rs.rand() < 0.7:
            kw.append("use_ignore=True")
    if rs.rand() < 0.6:
        kw.append(f"normalization='{pick(['null', 'batch', 'valid'])}'")
    if rs.rand() < 0.25:
        kw.append(f"smooth_alpha={fl(rs.uniform(0.05, 0.3))}")
    if rs.rand() < 0.15:
        kw.append("out_grad=True")
    expr = f"nd.SoftmaxOutput(a, l{''.join(', ' + k_ for k_ in kw)})"
    case(f"so_{layout}_{j}", expr, {"a": arr(shp, dt), "l": lab}, ["a", "l"])
case("so_alias", "nd.Softmax(a, l, grad_scale=2.0)", {"a": arr((2, 3)), "l": labels((2,), 3)},
     ["a"])
case("so_label_oob", "nd.SoftmaxOutput(a, l)", {"a": arr((2, 3)), "l": ([5.0, -1.0], D)}, ["a"])
case("so_label_frac", "nd.SoftmaxOutput(a, l)", {"a": arr((2, 3)), "l": ([1.7, 0.4], D)}, ["a"])
case("so_all_ignored_valid", "nd.SoftmaxOutput(a, l, use_ignore=True, ignore_label=1, "
     "normalization='valid')", {"a": arr((2, 3)), "l": ([1.0, 1.0], D)}, ["a"])
case("so_err_label", "nd.SoftmaxOutput(a, l)", {"a": arr((2, 3)), "l": labels((3,), 3)})
case("so_err_multi_label", "nd.SoftmaxOutput(a, l, multi_output=True)",
     {"a": arr((2, 3, 2)), "l": labels((2,), 3)})
case("so_err_norm", "nd.SoftmaxOutput(a, l, normalization='mean')",
     {"a": arr((2, 3)), "l": labels((2,), 3)})
case("so_err_col_label", "nd.SoftmaxOutput(a, l)", {"a": arr((2, 3)), "l": labels((2, 1), 3)})
case("so_multi_flat_label", "nd.SoftmaxOutput(a, l, multi_output=True)",
     {"a": arr((2, 3, 2, 2)), "l": labels((2, 4), 3)}, ["a"])
case("so_multi_smooth", "nd.SoftmaxOutput(a, l, multi_output=True, smooth_alpha=0.2)",
     {"a": arr((2, 3, 2)), "l": ([[0.0, 2.0], [1.0, 1.0]], D)}, ["a"])
case("so_1d", "nd.SoftmaxOutput(a, l)", {"a": arr((3,)), "l": ([1.0], D)}, ["a"])
case("so_err_dtype", "nd.SoftmaxOutput(a, l)", {"a": arr((2, 3), F), "l": labels((2,), 3, D)})

# ---------------------------------------------------------------- regression heads, MakeLoss
for j in range(15):
    op = pick(["LinearRegressionOutput", "LogisticRegressionOutput", "MAERegressionOutput"])
    form = pick(["same", "same", "col"])
    shp = rshape(pick([1, 2, 3]), 1, 4) if form == "same" else (int(rs.randint(1, 5)), 1)
    lshp = shp if form == "same" else shp[:1]
    dt = pick([D, F])
    lab = arr(lshp, dt, 0, 1) if op.startswith("Logistic") else arr(lshp, dt)
    kw = f", grad_scale={fl(rs.uniform(0.2, 3))}" if rs.rand() < 0.6 else ""
    case(f"reg_{op[:3]}_{j}", f"nd.{op}(a, l{kw})", {"a": arr(shp, dt), "l": lab}, ["a", "l"])
case("reg_err_shape", "nd.LinearRegressionOutput(a, l)", {"a": arr((2, 3)), "l": arr((3, 2))})
case("reg_err_col", "nd.MAERegressionOutput(a, l)", {"a": arr((2, 3)), "l": arr((2,))})
case("reg_mae_tie", "nd.MAERegressionOutput(a, l)", {"a": ([1.0, 2.0], D), "l": ([1.0, 0.0], D)},
     ["a"])
for j in range(8):
    norm = pick(["null", "batch", "valid"])
    shp = rshape(pick([1, 2, 3]), 1, 4)
    kw = f"normalization='{norm}'"
    if rs.rand() < 0.6:
        kw += f", grad_scale={fl(rs.uniform(0.2, 3))}"
    if rs.rand() < 0.6:
        kw += f", valid_thresh={fl(rs.uniform(-1, 1))}"
    case(f"mkloss_{norm}_{j}", f"nd.MakeLoss(a, {kw})", {"a": arr(shp, pick([D, F]))}, ["a"])
case("mkloss_batch_3d", "nd.MakeLoss(a, normalization='batch', grad_scale=2.0)",
     {"a": arr((2, 3, 2))}, ["a"])
case("mkloss_batch_1d", "nd.MakeLoss(a, normalization='batch')", {"a": arr((4,))}, ["a"])
case("mkloss_err_norm", "nd.MakeLoss(a, normalization='mean')", {"a": arr((2, 3))})

# ---------------------------------------------------------------- other losses
for j in range(5):
    n, k = int(rs.randint(1, 4)), int(rs.randint(2, 5))
    dt = pick([D, F])
    case(f"sce_{j}", "nd.softmax_cross_entropy(a, l)", {"a": arr((n, k), dt),
         "l": labels((n,), k, dt)}, ["a", "l"])
case("sce_err_3d", "nd.softmax_cross_entropy(a, l)", {"a": arr((2, 3, 2)), "l": labels((2,), 3)})
case("sce_err_batch", "nd.softmax_cross_entropy(a, l)", {"a": arr((2, 3)), "l": labels((3,), 3)})
for j in range(7):
    sc = fl(rs.uniform(0.3, 3))
    case(f"sl1_{j}", f"nd.smooth_l1(a, scalar={sc})", {"a": arr(rshape(pick([1, 2, 3])),
         pick([D, F]), -3, 3)}, ["a"])
case("sl1_default", "nd.smooth_l1(a)", {"a": arr((2, 3))}, ["a"])
for j in range(8):
    n, k = int(rs.randint(1, 4)), int(rs.randint(2, 5))
    dt = pick([D, F])
    kw = []
    if rs.rand() < 0.5:
        kw.append(f"margin={fl(rs.uniform(0.3, 2))}")
    if rs.rand() < 0.5:
        kw.append(f"regularization_coefficient={fl(rs.uniform(0.3, 2))}")
    if rs.rand() < 0.5:
        kw.append("use_linear=True")
    case(f"svm_{j}", f"nd.SVMOutput(a, l{''.join(', ' + k_ for k_ in kw)})",
         {"a": arr((n, k), dt, -1.5, 1.5), "l": labels((n,), k, dt)}, ["a", "l"])
case("svm_3d", "nd.SVMOutput(a, l, use_linear=True)", {"a": arr((2, 3, 2), D, -0.4, 0.4),
     "l": labels((2, 3), 2)}, ["a"])
case("svm_err_3d", "nd.SVMOutput(a, l)", {"a": arr((2, 3, 2)), "l": labels((2,), 3)})
case("svm_err_label", "nd.SVMOutput(a, l)", {"a": arr((2, 3)), "l": labels((3,), 3)})

# ---------------------------------------------------------------- BatchNorm
for j in range(36):
    nd_ = pick([2, 3, 4, 4])
    shp = rshape(nd_, 1, 3)
    shp = (max(shp[0], 2),) + shp[1:]
    axis = pick([1, 1, -1, nd_ - 1, int(rs.randint(-nd_, nd_))])
    if nd_ == 4 and rs.rand() < 0.3:
        axis = 3
    c = shp[axis]
    dt = pick([D, D, F])
    ins = {"a": arr(shp, dt), "g": arr((c,), dt, 0.5, 2), "b": arr((c,), dt),
           "m": arr((c,), dt, -0.5, 0.5), "v": pos((c,), dt, 0.5, 2)}
    kw = [f"axis={axis}"] if axis != 1 or rs.rand() < 0.3 else []
    if rs.rand() < 0.6:
        kw.append("fix_gamma=False")
    if rs.rand() < 0.25:
        kw.append("use_global_stats=True")
    if rs.rand() < 0.5:
        kw.append(f"eps={pick([1e-5, 0.01, 0.5, fl(rs.uniform(0.001, 0.2))])}")
    if rs.rand() < 0.5:
        kw.append(f"momentum={fl(rs.uniform(0, 1))}")
    mode = pick(["infer", "train", "train", "backward", "backward_infer"])
    omv = mode in ("infer", "train") and rs.rand() < 0.35
    if omv:
        kw.append("output_mean_var=True")
    call = f"nd.BatchNorm(a, g, b, m, v, {', '.join(kw)})"
    if mode in ("infer", "train"):
        body = f"(lambda o: (o if isinstance(o, list) else [o]) + [m, v])({call})"
        expr = TRAIN.format(body) if mode == "train" else body
        case(f"bn_{mode}_{j}", expr, ins, ["a", "g", "b"], gout=0)
    else:
        rec = "mx.autograd.record()" if mode == "backward" else \
            "mx.autograd.record(train_mode=False)"
        inner = (f"(lambda r: [a.attach_grad(), g.attach_grad(), b.attach_grad(), r.__enter__(), "
                 f"{call}, r.__exit__(None, None, None)][4])({rec})")
        expr = f"(lambda y: [y.backward(), y, m, v, a.grad, g.grad, b.grad][1:])({inner})"
        case(f"bn_{mode}_{j}", expr, ins)
BN = {"a": arr((2, 3, 2)), "g": arr((3,)), "b": arr((3,)), "m": arr((3,)), "v": pos((3,))}
case("bn_err_axis", "nd.BatchNorm(a, g, b, m, v, axis=3)", BN)
case("bn_err_axis_neg", "nd.BatchNorm(a, g, b, m, v, axis=-4)", BN)
case("bn_err_gamma", "nd.BatchNorm(a, g, b, m, v, axis=2)", BN)
case("bn_err_missing", "nd.BatchNorm(a, g, b)", BN)
case("bn_f16", "nd.BatchNorm(a, g, b, m, v, fix_gamma=False)",  # float16 rounding: no values
     dict(BN, a=arr((2, 3, 2), H), g=arr((3,), F), b=arr((3,), F), m=arr((3,), F),
          v=pos((3,), F)), values=False)
BN1 = {"a": arr((3,)), "g": arr((3,)), "b": arr((3,)), "m": arr((3,)), "v": pos((3,))}
case("bn_1d", "nd.BatchNorm(a, g, b, m, v, axis=0, fix_gamma=False)", BN1, ["a", "g", "b"])
case("bn_1d_train", TRAIN.format("nd.BatchNorm(a, g, b, m, v, axis=-1, output_mean_var=True)"),
     BN1, ["a", "b"])

# ---------------------------------------------------------------- Layer/Instance/GroupNorm
for j in range(16):
    nd_ = pick([1, 2, 3, 4])
    shp = rshape(nd_, 2, 4)
    axis = int(rs.randint(-nd_, nd_))
    c = shp[axis]
    dt = pick([D, D, F])
    ins = {"a": arr(shp, dt), "g": arr((c,), dt, 0.5, 2), "b": arr((c,), dt)}
    kw = [f"axis={axis}"]
    if rs.rand() < 0.5:
        kw.append(f"eps={pick([1e-3, 0.1, fl(rs.uniform(0.001, 0.5))])}")
    gout = 0
    if rs.rand() < 0.4:
        kw.append("output_mean_var=True")
        gout = pick([0, 0, 1, 2])
    case(f"ln_{j}", f"nd.LayerNorm(a, g, b, {', '.join(kw)})", ins, ["a", "g", "b"], gout)
case("ln_default", "nd.LayerNorm(a, g, b)", {"a": arr((2, 3)), "g": arr((3,)), "b": arr((3,))},
     ["a", "g", "b"])
case("ln_err_axis", "nd.LayerNorm(a, g, b, axis=2)",
     {"a": arr((2, 3)), "g": arr((3,)), "b": arr((3,))})
case("ln_err_gamma", "nd.LayerNorm(a, g, b, axis=0)",
     {"a": arr((2, 3)), "g": arr((3,)), "b": arr((3,))})
for j in range(8):
    shp = rshape(pick([3, 4]), 1, 3)
    shp = shp[:2] + tuple(max(s, 2) for s in shp[2:])
    c = shp[1]
    dt = F  # MXNet's InstanceNorm is float32 only
    kw = f", eps={pick([1e-5, 0.01, 0.3])}" if rs.rand() < 0.5 else ""
    case(f"in_{j}", f"nd.InstanceNorm(a, g, b{kw})",
         {"a": arr(shp, dt), "g": arr((c,), dt, 0.5, 2), "b": arr((c,), dt)}, ["a", "g", "b"])
case("in_err_2d", "nd.InstanceNorm(a, g, b)", {"a": arr((2, 3), F), "g": arr((3,), F),
     "b": arr((3,), F)})
case("in_err_gamma", "nd.InstanceNorm(a, g, b)", {"a": arr((2, 3, 2), F), "g": arr((2,), F),
     "b": arr((2,), F)})
case("in_f64", "nd.InstanceNorm(a, g, b)", {"a": arr((2, 3, 2)), "g": arr((3,)),
     "b": arr((3,))}, ["a", "g", "b"])
for j in range(12):
    ng = int(rs.randint(1, 4))
    c = ng * int(rs.randint(1, 3))
    shp = (int(rs.randint(1, 3)), c) + rshape(pick([1, 2]), 1, 3)
    dt = pick([D, F])
    gs = pick([(ng,), (ng,), (c,)])
    kw = [f"num_groups={ng}"]
    if rs.rand() < 0.5:
        kw.append(f"eps={pick([1e-3, 0.1, fl(rs.uniform(0.001, 0.5))])}")
    gout = 0
    if rs.rand() < 0.35:
        kw.append("output_mean_var=True")
        gout = pick([0, 1, 2])
    case(f"gn_{j}", f"nd.GroupNorm(a, g, b, {', '.join(kw)})",
         {"a": arr(shp, dt), "g": arr(gs, dt, 0.5, 2), "b": arr(gs, dt)}, ["a", "g", "b"], gout)
case("gn_err_div", "nd.GroupNorm(a, g, b, num_groups=2)",
     {"a": arr((2, 3, 2)), "g": arr((2,)), "b": arr((2,))})
case("gn_err_2d", "nd.GroupNorm(a, g, b, num_groups=1)",
     {"a": arr((2, 3)), "g": arr((1,)), "b": arr((1,))})

# ---------------------------------------------------------------- L2Normalization, LRN
for j in range(14):
    mode = pick(["instance", "channel", "spatial"])
    nd_ = pick([2, 3, 4]) if mode == "instance" else pick([3, 4])
    kw = f"mode='{mode}'"
    if rs.rand() < 0.5:
        kw += f", eps={pick([1e-6, 0.01, 1.0])}"
    case(f"l2n_{mode}_{j}", f"nd.L2Normalization(a, {kw})", {"a": arr(rshape(nd_, 1, 3),
         pick([D, F]))}, ["a"])
case("l2n_err_mode", "nd.L2Normalization(a, mode='batch')", {"a": arr((2, 3, 2))})
case("l2n_err_2d", "nd.L2Normalization(a, mode='channel')", {"a": arr((2, 3))})
case("l2n_1d", "nd.L2Normalization(a)", {"a": arr((4,))}, ["a"])
for j in range(10):
    shp = (int(rs.randint(1, 3)), int(rs.randint(1, 6))) + rshape(2, 1, 3)
    ns = int(rs.randint(1, 6))
    kw = f"nsize={ns}"
    if rs.rand() < 0.6:
        kw += f", alpha={pick([1e-4, 0.1, fl(rs.uniform(0.01, 1))])}"
    if rs.rand() < 0.6:
        kw += f", beta={fl(rs.uniform(0.2, 1.5))}"
    if rs.rand() < 0.6:
        kw += f", knorm={fl(rs.uniform(0.5, 3))}"
    case(f"lrn_{j}", f"nd.LRN(a, {kw})", {"a": arr(shp, F)}, ["a"])  # float32 only in MXNet
case("lrn_3d", "nd.LRN(a, nsize=3)", {"a": arr((2, 4, 3), F)}, ["a"])
case("lrn_2d", "nd.LRN(a, nsize=3, alpha=0.3)", {"a": arr((2, 4), F)}, ["a"])
case("lrn_f64", "nd.LRN(a, nsize=3, alpha=0.3)", {"a": arr((1, 4, 2, 2))}, ["a"])
case("lrn_err_nsize", "nd.LRN(a)", {"a": arr((1, 3, 2, 2))})

# ---------------------------------------------------------------- Dropout
for j in range(10):
    shp = rshape(pick([1, 2, 3, 4]), 1, 4)
    p = pick([0.0, 0.0, fl(rs.uniform(0.1, 0.9))])
    kw = f"p={p}"
    nd_ = len(shp)
    if rs.rand() < 0.5:
        kw += f", axes={tuple(sorted(set(int(a) for a in rs.randint(0, nd_, 2))))}"
    mode = pick(["infer", "always", "train"])
    if mode == "always":
        kw += ", mode='always'"
    expr = f"nd.Dropout(a, {kw})"
    if mode == "train":
        expr = TRAIN.format(expr)
    case(f"drop_{mode}_{j}", expr, {"a": arr(shp, pick([D, F]))}, ["a"] if p == 0 else [],
         values=p == 0 or mode == "infer")
case("drop_err_p", "nd.Dropout(a, p=1.5)", {"a": arr((2, 3))})
case("drop_err_mode", "nd.Dropout(a, mode='test')", {"a": arr((2, 3))})
case("drop_always_axes", "nd.Dropout(a, p=0.5, mode='always', axes=(0, 2))",
     {"a": arr((2, 3, 4))}, values=False)

import fuzz_nn_norm_cases2  # noqa: E402,F401  (edge values, invalid arguments, RNN extras)
