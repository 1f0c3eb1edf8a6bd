"""Second part of the nn_norm fuzz (imported by fuzz_nn_norm_cases): RNN and CTCLoss draws,
edge values, invalid arguments, and the RNN's optional features (dropout, cell clipping,
sequence lengths)."""
import numpy as np

from fuzz_nn_norm_cases import D, F, H, I32, TRAIN, arr, case, labels, pick, pos, rs

# ---------------------------------------------------------------- RNN
GATES = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}


def rnn_size(mode, layers, inp, h, bi):
    g, d = GATES[mode], 2 if bi else 1
    n, ni = 0, inp
    for _ in range(layers):
        n += d * (g * h * ni + g * h * h + 2 * g * h)
        ni = h * d
    return n


for j in range(28):
    mode = ["rnn_relu", "rnn_tanh", "lstm", "gru"][j % 4]
    layers, bi = pick([1, 1, 2]), bool(rs.rand() < 0.4)
    t, n, inp, h = int(rs.randint(1, 4)), int(rs.randint(1, 3)), int(rs.randint(1, 4)), \
        int(rs.randint(1, 4))
    if layers == 2 and bi:
        h = min(h, 2)
    d = 2 if bi else 1
    so = bool(rs.rand() < 0.5)
    dt = pick([D, F])
    ins = {"x": arr((t, n, inp), dt), "p": arr((rnn_size(mode, layers, inp, h, bi),), dt,
                                                -0.7, 0.7),
           "s": arr((layers * d, n, h), dt, -0.8, 0.8)}
    args = "x, p, s"
    if mode == "lstm":
        ins["c"] = arr((layers * d, n, h), dt, -0.8, 0.8)
        args += ", c"
    nout = 1 + (2 if mode == "lstm" else 1) * so
    case(f"rnn_{mode}_{j}", f"nd.RNN({args}, state_size={h}, num_layers={layers}, "
         f"bidirectional={bi}, mode='{mode}', state_outputs={so})", ins, list(ins),
         gout=int(rs.randint(nout)))
RX = {"x": arr((2, 1, 2)), "p": arr((rnn_size("gru", 1, 2, 2, False),)), "s": arr((1, 1, 2)),
      "c": arr((1, 1, 2))}
case("rnn_err_params", "nd.RNN(x, p, s, state_size=3, num_layers=1, mode='gru')", RX)
case("rnn_err_state", "nd.RNN(x, p, c, state_size=2, num_layers=2, mode='gru')",
     dict(RX, p=arr((rnn_size("gru", 2, 2, 2, False),))))
case("rnn_err_mode", "nd.RNN(x, p, s, state_size=2, num_layers=1, mode='lstmp')", RX)
case("rnn_err_nocell", "nd.RNN(x, p, s, state_size=2, num_layers=1, mode='lstm')",
     dict(RX, p=arr((rnn_size("lstm", 1, 2, 2, False),))))
case("rnn_err_2d", "nd.RNN(x, p, s, state_size=2, num_layers=1, mode='gru')",
     dict(RX, x=arr((2, 2))))
case("rnn_err_dtype", "nd.RNN(x, p, s, state_size=2, num_layers=1, mode='gru')",
     dict(RX, p=arr((rnn_size("gru", 1, 2, 2, False),), F)))

# ---------------------------------------------------------------- CTCLoss
for j in range(22):
    t, n, a = int(rs.randint(3, 7)), int(rs.randint(1, 4)), int(rs.randint(3, 6))
    blank = pick(["first", "last"])
    use_dl, use_ll = bool(rs.rand() < 0.4), bool(rs.rand() < 0.4)
    lmax = int(rs.randint(1, 4))
    tn = rs.randint(min(max(lmax * 2, 2), t), t + 1, n) if use_dl else np.full(n, t)
    tn = np.minimum(tn, t)
    lab = np.zeros((n, lmax))
    ln = np.zeros(n, int)
    for i in range(n):
        ln[i] = int(rs.randint(1 if not use_ll else 0, min(lmax, (tn[i] + 1) // 2) + 1))
        ln[i] = max(ln[i], 1) if not use_ll else ln[i]
        vals = rs.randint(1, a, ln[i]) if blank == "first" else rs.randint(0, a - 1, ln[i])
        padv = 0 if blank == "first" else -1
        if use_ll:
            padv = pick([0, -1, 1])
        lab[i] = np.concatenate([vals, np.full(lmax - ln[i], padv)])
    dt = F  # MXNet's CTCLoss is float32 only
    ins = {"d": arr((t, n, a), dt), "l": (lab.tolist(), dt)}
    args, kw = "d, l", f"blank_label='{blank}'"
    if use_dl:
        ins["dl"] = (tn.astype(float).tolist(), dt)
        args += ", dl"
        kw += ", use_data_lengths=True"
    if use_ll:
        ins["ll"] = (ln.astype(float).tolist(), dt)
        args += ", ll"
        kw += ", use_label_lengths=True"
    op = pick(["CTCLoss", "ctc_loss"])
    case(f"ctc_{blank}_{j}", f"nd.{op}({args}, {kw})", ins, ["d"])
CT = {"d": arr((3, 2, 4), F), "l": ([[1, 2], [3, 0]], F)}
case("ctc_err_batch", "nd.CTCLoss(d, l)", dict(CT, l=([[1, 2]], F)))
case("ctc_err_long", "nd.CTCLoss(d, l)", dict(CT, l=([[1, 2, 1, 2], [3, 1, 1, 1]], F)))
case("ctc_err_blank", "nd.CTCLoss(d, l, blank_label='middle')", CT)
case("ctc_err_nolen", "nd.CTCLoss(d, l, use_data_lengths=True)", CT)
case("ctc_err_2d", "nd.CTCLoss(d, l)", dict(CT, d=arr((3, 4), F)))
case("ctc_err_lab1d", "nd.CTCLoss(d, l)", dict(CT, l=([1, 2], F)))
case("ctc_err_dl", "nd.CTCLoss(d, l, dl, use_data_lengths=True)", dict(CT, dl=([3, 3, 3], F)))
case("ctc_err_ll", "nd.CTCLoss(d, l, ll, use_label_lengths=True)", dict(CT, ll=([2], F)))
case("ctc_f64", "nd.CTCLoss(d, l)", {"d": arr((3, 2, 4)), "l": ([[1, 2], [3, 0]], D)}, ["d"])
case("ctc_empty_label", "nd.CTCLoss(d, l, ll, use_label_lengths=True)",
     {"d": arr((4, 2, 4), F), "l": ([[1, 2], [3, 1]], F), "ll": ([0, 2], F)}, ["d"])
case("ctc_empty_label_last", "nd.CTCLoss(d, l, dl, ll, use_data_lengths=True, "
     "use_label_lengths=True, blank_label='last')",
     {"d": arr((4, 2, 4), F), "l": ([[1, 2], [0, -1]], F), "dl": ([3, 4], F),
      "ll": ([2, 0], F)}, ["d"])
case("ctc_all_empty", "nd.CTCLoss(d, l, ll, use_label_lengths=True, blank_label='last')",
     {"d": arr((3, 2, 4), F), "l": ([[1, 2], [0, -1]], F), "ll": ([0, 0], F)}, ["d"])
case("ctc_repeat", "nd.CTCLoss(d, l)", dict(CT, l=([[2, 2], [1, 1]], F)), ["d"])


# ---------------------------------------------------------------- invalid arguments
A23, A232, A4 = {"a": arr((2, 3))}, {"a": arr((2, 3, 2))}, {"a": arr((1, 4, 2, 2), F)}
BN = {"a": arr((2, 3, 2)), "g": arr((3,)), "b": arr((3,)), "m": arr((3,)), "v": pos((3,))}
LN = {"a": arr((2, 3)), "g": arr((3,)), "b": arr((3,))}
GN = {"a": arr((2, 4, 2)), "g": arr((2,)), "b": arr((2,))}
for j, (expr, ins) in enumerate([
        ("nd.FullyConnected(a, w, b, num_hidden=-1)", dict(A23, w=arr((1, 3)), b=arr((1,)))),
        ("nd.BatchNorm(a, g, b, m, v, eps=-1.0)", BN),
        ("nd.BatchNorm(a, g, b, m, v, momentum=1.5)", BN),
        ("nd.BatchNorm(a, g, b, m, v, eps=0.0)", BN),
        ("nd.LayerNorm(a, g, b, eps=-0.5)", LN),
        ("nd.GroupNorm(a, g, b, num_groups=0)", GN),
        ("nd.GroupNorm(a, g, b, num_groups=-2)", GN),
        ("nd.LRN(a, nsize=0)", A4),
        ("nd.LRN(a, nsize=-1)", A4),
        ("nd.Dropout(a, p=-0.1)", A23),
        ("nd.Dropout(a, p=0.3, axes=(5,))", A23),
        ("nd.softmax(a, temperature=-1.5)", A23),
        ("nd.log_softmax(a, axis=1, temperature=0.25)", A23),
        ("nd.L2Normalization(a, eps=-1.0)", A23),
        ("nd.smooth_l1(a, scalar=0.0)", A23),
        ("nd.smooth_l1(a, scalar=-2.0)", A23),
        ("nd.SoftmaxActivation(a)", {"a": arr((4,), F)}),
        ("nd.LeakyReLU(a, act_type='leaky', slope=-0.5)", A23),
        ("nd.LeakyReLU(a, act_type='elu', slope=0.0)", A23),
        ("nd.Activation(a)", A23),
        ("nd.SoftmaxOutput(a, l, multi_output=True, preserve_shape=True)",
         dict(A232, l=labels((2, 2), 3))),
        ("nd.SoftmaxOutput(a, l, grad_scale=-2.0, normalization='valid', use_ignore=True)",
         dict(A23, l=([1.0, -1.0], D))),
        ("nd.SVMOutput(a, l, margin=-1.0)", dict(A23, l=([7.0, -1.0], D))),
        ("nd.softmax_cross_entropy(a, l)", dict(A23, l=([5.0, -2.0], D))),
        ("nd.InstanceNorm(a, g, b, eps=-0.1)", {"a": arr((2, 2, 3), F), "g": arr((2,), F),
                                                  "b": arr((2,), F)}),
]):
    wrt = [] if any(w in expr for w in ("=-", "=0.0", "num_groups", "axes", "nsize")) else ["a"]
    case(f"inv_{j}", expr, ins, wrt)

# ---------------------------------------------------------------- edge values
case("edge_bn_const", TRAIN.format("nd.BatchNorm(a, g, b, m, v, fix_gamma=False, eps=1e-5)"),
     {"a": ([[1.0, 2.0], [1.0, 3.0], [1.0, 5.0]], D), "g": arr((2,)), "b": arr((2,)),
      "m": arr((2,)), "v": pos((2,))}, ["a", "g", "b"])
case("edge_bn_mom0", TRAIN.format("[nd.BatchNorm(a, g, b, m, v, momentum=0.0), m, v]"), BN,
     ["a", "b"])
case("edge_ln_const", "nd.LayerNorm(a, g, b, eps=1e-3)",
     {"a": ([[2.0, 2.0, 2.0], [1.0, -1.0, 0.5]], D), "g": arr((3,)), "b": arr((3,))},
     ["a", "g", "b"])
case("edge_gn_f16", "nd.GroupNorm(a, g, b, num_groups=2)",
     {"a": arr((2, 4, 2), H), "g": arr((2,), H), "b": arr((2,), H)})
case("edge_ln_f16", "nd.LayerNorm(a, g, b)", {"a": arr((2, 4), H), "g": arr((4,), H),
                                               "b": arr((4,), H)})
case("edge_l2n_f16", "nd.L2Normalization(a, mode='channel')", {"a": arr((2, 3, 2), H)})
case("edge_l2n_zero", "nd.L2Normalization(a)", {"a": ([[0.0, 0.0], [3.0, 4.0]], D)}, ["a"])
case("edge_drop_p1", "nd.Dropout(a, p=1.0, mode='always')", A23)
case("edge_softrelu", "nd.Activation(a, act_type='softrelu')",
     {"a": ([-50.0, -20.0, -5.0, 15.0, 40.0], D)}, ["a"])
case("edge_sigmoid", "nd.Activation(a, act_type='sigmoid')",
     {"a": ([-800.0, -40.0, 40.0, 800.0], D)}, ["a"])
case("edge_gelu_big", "nd.LeakyReLU(a, act_type='gelu')", {"a": ([-40.0, -6.0, 6.0, 40.0], D)},
     ["a"])
case("edge_elu_big", "nd.LeakyReLU(a, act_type='elu')", {"a": ([-800.0, -40.0, 40.0], D)},
     ["a"])
case("edge_prelu_2d_gamma", "nd.LeakyReLU(a, g, act_type='prelu')",
     {"a": arr((2, 3, 2)), "g": arr((3, 1))}, ["a", "g"])
case("edge_prelu_f16", "nd.LeakyReLU(a, g, act_type='prelu')",
     {"a": arr((2, 3), H), "g": arr((3,), H)})
case("edge_fc_f16", "nd.FullyConnected(a, w, b, num_hidden=2)",
     {"a": arr((2, 3), H), "w": arr((2, 3), H), "b": arr((2,), H)})
case("edge_fc_4d_noflat", "nd.FullyConnected(a, w, num_hidden=2, no_bias=True, flatten=False)",
     {"a": arr((2, 1, 2, 3)), "w": arr((2, 3))}, ["a", "w"])
case("edge_sm_len_temp", "nd.softmax(a, n, axis=1, temperature=0.5, use_length=True, "
     "dtype='float64')", {"a": arr((2, 4), F), "n": ([3, 1], I32)}, ["a"])
case("edge_sm_len_i64", "nd.softmax(a, n, use_length=True)",
     {"a": arr((2, 3)), "n": ([2, 3], "int64")}, ["a"])
case("edge_sm_len_over", "nd.softmax(a, n, use_length=True)",
     {"a": arr((2, 3)), "n": ([5, 3], I32)})
case("edge_sm_inf", "nd.softmax(a)", {"a": ([[float("-inf"), 1.0, 2.0], [float("inf"), 1.0,
                                             0.0]], D)})
case("edge_so_ignore_multi", "nd.SoftmaxOutput(a, l, multi_output=True, use_ignore=True, "
     "ignore_label=1, normalization='valid')",
     {"a": arr((2, 3, 3)), "l": ([[1.0, 0.0, 2.0], [1.0, 1.0, 1.0]], D)}, ["a"])
case("edge_so_preserve_batch", "nd.SoftmaxOutput(a, l, preserve_shape=True, "
     "normalization='batch')", {"a": arr((2, 2, 3)), "l": labels((2, 2), 3)}, ["a"])
case("edge_ctc_pad_first_minus1", "nd.CTCLoss(d, l)",
     {"d": arr((4, 2, 4), F), "l": ([[1.0, -1.0], [2.0, 3.0]], F)}, ["d"])
case("edge_ctc_blank_inside", "nd.CTCLoss(d, l, blank_label='last')",
     {"d": arr((5, 1, 4), F), "l": ([[1.0, 3.0, 2.0]], F)}, ["d"])
case("edge_ctc_dl_over", "nd.CTCLoss(d, l, dl, use_data_lengths=True)",
     {"d": arr((4, 2, 4), F), "l": ([[1.0, 2.0], [2.0, 0.0]], F), "dl": ([6.0, 3.0], F)})
case("edge_ctc_ll_over", "nd.CTCLoss(d, l, ll, use_label_lengths=True)",
     {"d": arr((4, 2, 4), F), "l": ([[1.0, 2.0], [2.0, 0.0]], F), "ll": ([3.0, 1.0], F)})
case("edge_ctc_impossible", "nd.CTCLoss(d, l)",
     {"d": arr((3, 1, 4), F), "l": ([[1.0, 1.0, 1.0]], F)})

# ---------------------------------------------------------------- RNN extras
for j, (mode, extra, extra_in) in enumerate([
        ("lstm", "p=0.4, num_layers=2", {}),
        ("gru", "p=0.5, num_layers=2, bidirectional=True", {}),
        ("lstm", "num_layers=1, lstm_state_clip_min=-0.1, lstm_state_clip_max=0.1", {}),
        ("lstm", "num_layers=1, projection_size=2", {}),
        ("gru", "num_layers=1, use_sequence_length=True", {"sl": ([3.0, 1.0], D)}),
        ("rnn_tanh", "num_layers=1, use_sequence_length=True", {"sl": ([2.0, 3.0], D)}),
]):
    layers = 2 if "num_layers=2" in extra else 1
    bi = "bidirectional=True" in extra
    d = 2 if bi else 1
    ins = {"x": arr((3, 2, 2)), "p": arr((rnn_size(mode, layers, 2, 3, bi),), D, -0.7, 0.7),
           "s": arr((layers * d, 2, 3), D, -0.8, 0.8)}
    args = "x, p, s"
    if mode == "lstm":
        ins["c"] = arr((layers * d, 2, 3), D, -0.8, 0.8)
        args += ", c"
    ins.update(extra_in)
    if extra_in:
        args += ", sl"
    case(f"rnnx_{mode}_{j}", f"nd.RNN({args}, state_size=3, mode='{mode}', {extra}, "
         f"state_outputs=True)", ins,  # dropout under record() is random: values only
         [] if "p=" in extra else [k for k in ins if k != "sl"], gout=int(rs.randint(2)))
case("rnnx_err_size0", "nd.RNN(x, p, s, state_size=0, num_layers=1, mode='gru')",
     {"x": arr((2, 1, 2)), "p": arr((6,)), "s": arr((1, 1, 1))})
case("rnnx_err_layers0", "nd.RNN(x, p, s, state_size=2, num_layers=0, mode='gru')",
     {"x": arr((2, 1, 2)), "p": arr((6,)), "s": arr((1, 1, 2))})
case("rnnx_f32_big", "nd.RNN(x, p, s, state_size=2, num_layers=1, mode='rnn_relu')",
     {"x": arr((2, 2, 2), F, -3, 3), "p": arr((rnn_size("rnn_relu", 1, 2, 2, False),), F, -2, 2),
      "s": arr((1, 2, 2), F)}, ["x", "p", "s"])

# ---------------------------------------------------------------- more invalid calls
IA = {"a": ([[1, -2, 3], [4, 5, -6]], I32)}
for j, (expr, ins) in enumerate([
        ("nd.softmax(a, dtype='int32')", {"a": arr((2, 3), F)}),
        ("nd.log_softmax(a)", IA),
        ("nd.LeakyReLU(a)", IA),
        ("nd.Dropout(a, p=0.5)", IA),
        ("nd.L2Normalization(a)", IA),
        ("nd.LayerNorm(a, g, b)", dict(IA, g=([1, 1, 1], I32), b=([0, 0, 0], I32))),
        ("nd.BatchNorm(a, g, b, m, v)", dict(IA, g=([1, 1, 1], I32), b=([0, 0, 0], I32),
                                              m=([0, 0, 0], I32), v=([1, 1, 1], I32))),
        ("nd.LayerNorm(a, g)", {"a": arr((2, 3)), "g": arr((3,))}),
        ("nd.FullyConnected(a, w, b, num_hidden=3)", {"a": arr((2, 3)), "w": arr((9,)),
                                                      "b": arr((3,))}),
        ("nd.SVMOutput(a, l)", {"a": arr((2, 3), F), "l": labels((2,), 3, D)}),
        ("nd.CTCLoss(d, l)", {"d": arr((3, 2, 4), F), "l": ([[1.0, 2.0], [3.0, 0.0]], D)}),
        ("nd.RNN(x, p, s, num_layers=1, mode='gru')", {"x": arr((2, 1, 2)), "p": arr((36,)),
                                                       "s": arr((1, 1, 2))}),
        ("nd.LinearRegressionOutput(a, l)", {"a": arr((2, 3), F), "l": arr((2, 3), D)}),
        ("nd.LeakyReLU(a, g, act_type='prelu')", {"a": arr((2, 3), F), "g": arr((3,), D)}),
        ("nd.GroupNorm(a, g, b, num_groups=2)", {"a": arr((2, 4, 2), F), "g": arr((2,), D),
                                                 "b": arr((2,), D)}),
        ("nd.softmax(a, n, use_length=True)", {"a": arr((2, 3)), "n": ([[1, 2]], I32)}),
        ("nd.SoftmaxOutput(a, l)", {"a": ([[1, 2, 3]], I32), "l": ([1], I32)}),
        ("nd.smooth_l1(a)", IA),
        ("nd.LRN(a, nsize=3)", {"a": ([[[[1, 2]], [[3, 4]]]], I32)}),
        ("nd.InstanceNorm(a, g, b)", {"a": arr((2, 2, 3), F), "g": arr((2,), D),
                                      "b": arr((2,), D)}),
]):
    case(f"inv2_{j}", expr, ins)

# ---------------------------------------------------------------- more random RNN draws
for j in range(12):
    mode = ["rnn_relu", "rnn_tanh", "lstm", "gru"][j % 4]
    layers, bi = int(rs.randint(1, 3)), bool(rs.rand() < 0.5)
    t, n, inp, h = int(rs.randint(2, 6)), int(rs.randint(1, 4)), int(rs.randint(1, 3)), 2
    d = 2 if bi else 1
    dt = [D, F][j % 2]
    ins = {"x": arr((t, n, inp), dt, -2, 2),
           "p": arr((rnn_size(mode, layers, inp, h, bi),), dt, -1.2, 1.2),
           "s": arr((layers * d, n, h), dt, -1, 1)}
    args = "x, p, s"
    if mode == "lstm":
        ins["c"] = arr((layers * d, n, h), dt, -1, 1)
        args += ", c"
    nout = 3 if mode == "lstm" else 2
    case(f"rnn2_{mode}_{j}", f"nd.RNN({args}, state_size={h}, num_layers={layers}, "
         f"bidirectional={bi}, mode='{mode}', state_outputs=True)", ins, list(ins),
         gout=int(rs.randint(nout)))
