"""Cases of the differential sweep, groups A-F (see tools/record_diff_sweep.py).

A case is (name, expression, {var: (data, dtype)}, [vars to differentiate], index of the
output receiving the head gradient, whether values are compared). No MXNet import here.
"""
import numpy as np

NAN, INF = float("nan"), float("inf")
ODD = [-2.5, -1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 1.5, 2.5, 1e4, -1e4, NAN, INF, -INF]
INTS = [-7, -3, -1, 0, 1, 2, 5, 50000001]
SYM = [[-0.9, -0.3, 0.2], [0.45, 0.6, -0.7]]       # inside (-1, 1), no ties, no zero
POS = [[0.3, 0.7, 1.2], [2.5, 1.7, 0.45]]
GT1 = [[1.2, 2.0, 3.5], [1.7, 4.2, 1.05]]
WIDE = [[-2.7, -1.2, 0.4], [1.3, 2.6, -0.35]]
X234 = (np.arange(24).reshape(2, 3, 4) % 7 - 3.0 + np.arange(24).reshape(2, 3, 4) / 10.).tolist()
M23 = [[1, 5, 3], [4, 2, 6]]
M23B = [[0.5, -1.5, 2.0], [3.0, 0.25, -2.0]]
GEN = [[1, 2, 0], [3, 4, 1], [0.5, -1, 2]]
SPD = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]]
LOW = [[2, 0, 0], [0.5, 1.5, 0], [-0.3, 0.4, 1.2]]
B3 = [[0.5, -1.0, 2.0]]
F, I32, D, H, I64, U8 = "float32", "int32", "float64", "float16", "int64", "uint8"

CASES = []


def case(name, expr, inputs, wrt=(), gout=0, values=True):
    CASES.append((name, expr, inputs, list(wrt), gout, values))


# ---- A. unary math: odd float32 inputs, a smooth domain with gradients, int32 and float64
UNARY = {  # op -> gradient domain (None: no gradient check)
    "abs": WIDE, "sign": WIDE, "negative": WIDE, "reciprocal": POS, "square": WIDE,
    "sqrt": POS, "rsqrt": POS, "cbrt": POS, "rcbrt": POS, "exp": WIDE, "expm1": WIDE,
    "log": POS, "log10": POS, "log2": POS, "log1p": POS, "sin": WIDE, "cos": WIDE, "tan": SYM,
    "arcsin": SYM, "arccos": SYM, "arctan": WIDE, "sinh": WIDE, "cosh": WIDE, "tanh": WIDE,
    "arcsinh": WIDE, "arccosh": GT1, "arctanh": SYM, "degrees": WIDE, "radians": WIDE,
    "floor": WIDE, "ceil": WIDE, "trunc": WIDE, "fix": WIDE, "round": WIDE, "rint": WIDE,
    "erf": WIDE, "erfinv": SYM, "gamma": POS, "gammaln": POS, "relu": WIDE, "sigmoid": WIDE,
    "softsign": WIDE, "hard_sigmoid": WIDE, "logical_not": WIDE, "identity": WIDE,
    "zeros_like": WIDE, "ones_like": WIDE, "BlockGrad": WIDE, "stop_gradient": WIDE,
    "make_loss": WIDE, "shape_array": None, "size_array": None, "_copy": WIDE,
}
for op, dom in UNARY.items():
    case(f"u_{op}_odd", f"nd.{op}(a)", {"a": (ODD, F)})
    case(f"u_{op}_int", f"nd.{op}(a)", {"a": (INTS, I32)})
    if dom is not None:
        case(f"u_{op}_grad", f"nd.{op}(a)", {"a": (dom, F)}, ["a"])
        case(f"u_{op}_f64", f"nd.{op}(a)", {"a": (dom, D)}, ["a"])
case("u_round_half", "nd.round(a)", {"a": ([0.5, 1.5, 2.5, -0.5, -1.5, -2.5], F)})
case("u_rint_half", "nd.rint(a)", {"a": ([0.5, 1.5, 2.5, -0.5, -1.5, -2.5], F)})
case("u_fix_half", "nd.fix(a)", {"a": ([0.5, 1.5, -2.5, -0.7], F)})
case("u_f16_exp", "nd.exp(a)", {"a": (WIDE, H)})
case("u_f16_sqrt", "nd.sqrt(a)", {"a": (POS, H)})
case("u_u8_neg", "nd.negative(a)", {"a": ([0, 1, 200], U8)})
case("u_u8_abs", "nd.abs(a)", {"a": ([0, 1, 200], U8)})
case("u_i64_sign", "nd.sign(a)", {"a": ([-4, 0, 9], I64)})
case("u_i64_sqrt", "nd.sqrt(a)", {"a": ([0, 4, 9], I64)})
case("u_relu_zero_grad", "nd.relu(a)", {"a": ([-1.0, 0.0, 2.0, NAN], F)}, ["a"])
case("u_abs_zero_grad", "nd.abs(a)", {"a": ([-1.0, 0.0, 2.0], F)}, ["a"])
case("u_sqrt_zero_grad", "nd.sqrt(a)", {"a": ([0.0, 4.0], F)}, ["a"])
case("u_hard_sigmoid_p", "nd.hard_sigmoid(a, alpha=0.5, beta=0.25)", {"a": (WIDE, F)}, ["a"])
case("u_clip", "nd.clip(a, -1, 1.5)", {"a": (ODD, F)})
case("u_clip_grad", "nd.clip(a, -1.2, 1.3)", {"a": (WIDE + [[-1.2, 1.3, 0]], F)}, ["a"])
case("u_clip_int", "nd.clip(a, -2, 3)", {"a": (INTS, I32)})
case("u_clip_kw", "nd.clip(a, a_min=0, a_max=2)", {"a": (WIDE, F)})
case("u_clip_missing", "nd.clip(a)", {"a": (WIDE, F)})
case("u_clip_swapped", "nd.clip(a, 2, -2)", {"a": (WIDE, F)})
for dt in (I32, D, H, U8, I64, "int8"):
    case(f"u_cast_{dt}", f"nd.cast(a, dtype='{dt}')", {"a": (WIDE, F)})
case("u_cast_grad", "nd.cast(a, dtype='float64')", {"a": (WIDE, F)}, ["a"])
case("u_Cast_int_f", "nd.Cast(a, dtype='float32')", {"a": (INTS, I32)})
case("u_cast_bad", "nd.cast(a, dtype='foo')", {"a": (WIDE, F)})
case("u_amp_cast", "nd.amp_cast(a, dtype='float16')", {"a": (WIDE, F)}, ["a"])
case("u_make_loss_scale", "nd.make_loss(a, grad_scale=3)", {"a": (WIDE, F)}, ["a"])
case("u_MakeLoss", "nd.MakeLoss(a, normalization='batch')", {"a": (WIDE, F)}, ["a"])
case("u_shape_array_3d", "nd.shape_array(a)", {"a": (X234, F)})
case("u_size_array_3d", "nd.size_array(a)", {"a": (X234, F)})
case("u_sigmoid_big", "nd.sigmoid(a)", {"a": ([-100.0, -20.0, 20.0, 100.0], F)})
case("u_gammaln_neg", "nd.gammaln(a)", {"a": ([-0.5, -1.5, 0.25, 30.0], F)})
case("u_gamma_neg", "nd.gamma(a)", {"a": ([-0.5, -1.5, 0.25, 30.0], F)})

# ---- B. binary, broadcast and scalar variants
BIN = ["add", "subtract", "multiply", "divide", "modulo", "power", "maximum", "minimum",
       "equal", "not_equal", "greater", "greater_equal", "lesser", "lesser_equal",
       "logical_and", "logical_or", "logical_xor"]
BCAST = ["broadcast_add", "broadcast_sub", "broadcast_mul", "broadcast_div", "broadcast_mod",
         "broadcast_power", "broadcast_maximum", "broadcast_minimum", "broadcast_hypot",
         "broadcast_equal", "broadcast_not_equal", "broadcast_greater", "broadcast_lesser",
         "broadcast_greater_equal", "broadcast_lesser_equal", "broadcast_logical_and",
         "broadcast_logical_or", "broadcast_logical_xor", "broadcast_plus", "broadcast_minus"]
IA = [[7, -7, 3], [-3, 0, 8]]
IB = [[2, 2, -2]]
for op in BIN + BCAST:
    smooth = op not in ("modulo", "broadcast_mod")
    ax = POS if "power" in op else WIDE
    case(f"b_{op}", f"nd.{op}(a, b)", {"a": (ax, F), "b": (B3 if "power" not in op
                                                             else [[0.5, 2.0, 3.0]], F)},
         ["a", "b"] if smooth else [])
    case(f"b_{op}_int", f"nd.{op}(a, b)", {"a": (IA, I32), "b": (IB, I32)})
    case(f"b_{op}_nan", f"nd.{op}(a, b)", {"a": ([[NAN, 1.0, INF, 0.0]], F),
                                            "b": ([[1.0, NAN, INF, 0.0]], F)})
for op in BIN:
    case(f"s_{op}", f"nd.{op}(a, 2.5)", {"a": (WIDE, F)}, ["a"])
    case(f"s_{op}_r", f"nd.{op}(2.5, a)", {"a": (POS, F)}, ["a"])
    case(f"s_{op}_int", f"nd.{op}(a, 2)", {"a": (IA, I32)})
    case(f"s_{op}_int_fs", f"nd.{op}(a, 2.5)", {"a": (IA, I32)})
case("b_mod_grad", "nd.broadcast_mod(a, b)", {"a": ([[2.5, -3.7, 4.2]], F),
                                              "b": ([[1.5, 2.0, -1.6]], F)}, ["a", "b"])
case("b_mod_zero", "nd.broadcast_mod(a, b)", {"a": ([[2.5, 3]], F), "b": ([[0.0, 0.0]], F)})
case("b_mod_int_zero", "nd.broadcast_mod(a, b)", {"a": ([[5, -5]], I32), "b": ([[0, 0]], I32)})
case("b_div_int_zero", "nd.broadcast_div(a, b)", {"a": ([[5, -5, 0]], I32),
                                                  "b": ([[0, 0, 0]], I32)})
case("b_power_zero_grad", "nd.power(a, b)", {"a": ([0.0, 2.0], F), "b": ([2.0, 3.0], F)},
     ["a", "b"])
case("b_maximum_ties", "nd.maximum(a, b)", {"a": ([1.0, 3.0], F), "b": ([2.0, 3.0], F)},
     ["a", "b"])
case("b_minimum_ties", "nd.minimum(a, b)", {"a": ([1.0, 3.0], F), "b": ([2.0, 3.0], F)},
     ["a", "b"])
case("b_mixed_dtype", "nd.broadcast_add(a, b)", {"a": (WIDE, F), "b": (B3, D)})
case("b_bad_shape", "nd.broadcast_add(a, b)", {"a": (WIDE, F), "b": ([[1.0, 2.0]], F)})
case("b_elemwise_add", "nd.elemwise_add(a, b)", {"a": (WIDE, F), "b": (POS, F)}, ["a", "b"])
case("b_elemwise_mul", "nd.elemwise_mul(a, b)", {"a": (WIDE, F), "b": (POS, F)}, ["a", "b"])
case("b_elemwise_div", "nd.elemwise_div(a, b)", {"a": (WIDE, F), "b": (POS, F)}, ["a", "b"])
case("b_elemwise_bad", "nd.elemwise_add(a, b)", {"a": (WIDE, F), "b": (B3, F)})
case("b_add_n", "nd.add_n(a, b, a)", {"a": (WIDE, F), "b": (POS, F)}, ["a", "b"])
case("b_ElementWiseSum", "nd.ElementWiseSum(a, b)", {"a": (WIDE, F), "b": (POS, F)})
for sop in ("plus", "minus", "rminus", "mul", "div", "rdiv", "mod", "rmod", "power", "rpower",
            "maximum", "minimum", "hypot", "equal", "not_equal", "greater", "greater_equal",
            "lesser", "lesser_equal", "logical_and", "logical_or", "logical_xor"):
    case(f"si_{sop}", f"nd._internal._{sop}_scalar(a, scalar=1.5)", {"a": (POS, F)},
         ["a"] if "mod" not in sop else [])
    case(f"si_{sop}_int", f"nd._internal._{sop}_scalar(a, scalar=2)", {"a": (IA, I32)})
case("d_rsub", "2 - a", {"a": (WIDE, F)}, ["a"])
case("d_rdiv", "2 / a", {"a": (POS, F)}, ["a"])
case("d_rpow", "2 ** a", {"a": (WIDE, F)}, ["a"])
case("d_pow", "a ** 3", {"a": (WIDE, F)}, ["a"])
case("d_neg", "-a", {"a": (WIDE, F)}, ["a"])
case("d_int_div", "a / 2", {"a": (IA, I32)})
case("d_int_floordiv_like", "a % 3", {"a": (IA, I32)})
case("d_int_rdiv", "10 / a", {"a": ([[1, 3, -4]], I32)})
case("d_cmp", "a > 0.5", {"a": (WIDE, F)})
case("d_cmp_int", "a >= 0", {"a": (IA, I32)})
case("d_eq_nd", "a == b", {"a": (WIDE, F), "b": (WIDE, F)})
case("d_abs", "abs(a)", {"a": (WIDE, F)}, ["a"])

# ---- C. reductions
RED_AXES = ["", "axis=1", "axis=-1", "axis=(0, 2)", "axis=1, keepdims=True",
            "axis=(0, 1), exclude=True", "axis=(), keepdims=True", "keepdims=True",
            "axis=-3, exclude=True"]
for op in ("sum", "mean", "prod", "nansum", "nanprod", "max", "min"):
    for j, kw in enumerate(RED_AXES):
        case(f"r_{op}_{j}", f"nd.{op}(a, {kw})", {"a": (X234, F)}, ["a"])
    case(f"r_{op}_int", f"nd.{op}(a, axis=1)", {"a": (IA, I32)})
    case(f"r_{op}_nan", f"nd.{op}(a, axis=1)", {"a": ([[NAN, 1, 2], [INF, -INF, 3]], F)})
    case(f"r_{op}_bad", f"nd.{op}(a, axis=3)", {"a": (X234, F)})
    case(f"r_{op}_f16", f"nd.{op}(a)", {"a": (POS, H)})
    case(f"r_{op}_u8", f"nd.{op}(a, axis=0)", {"a": ([[200, 100], [100, 3]], U8)})
case("r_sum_axis_alias", "nd.sum_axis(a, axis=(1,))", {"a": (X234, F)}, ["a"])
case("r_max_axis_alias", "nd.max_axis(a, axis=2, keepdims=True)", {"a": (X234, F)}, ["a"])
case("r_mean_int_trunc", "nd.mean(a)", {"a": ([1, 2, 2], I32)})
case("r_mean_int_neg", "nd.mean(a, axis=0)", {"a": ([[-1, 2], [-2, 3]], I32)})
case("r_sum_i64", "nd.sum(a)", {"a": ([2 ** 40, 3], I64)})
case("r_dup_axis", "nd.sum(a, axis=(1, -2))", {"a": (X234, F)})
case("r_max_ties", "nd.max(a, axis=1)", {"a": ([[1, 3, 3], [2, 2, 0]], F)}, ["a"])
case("r_prod_zero", "nd.prod(a, axis=1)", {"a": ([[0.0, 2, 3], [0, 0, 1]], F)}, ["a"])
for j, kw in enumerate(["", "ord=1", "axis=1", "ord=1, axis=(0, 2)", "axis=-1, keepdims=True",
                        "ord=2, axis=(1, 2)", "out_dtype='float64'", "ord=3", "axis=(0, 1, 2)",
                        "ord=1, axis=0, keepdims=True"]):
    case(f"r_norm_{j}", f"nd.norm(a, {kw})", {"a": (X234, F)}, ["a"])
case("r_norm_zero", "nd.norm(a)", {"a": ([0.0, 0.0], F)}, ["a"])
case("r_norm_int", "nd.norm(a, axis=1)", {"a": (IA, I32)})
for op in ("argmax", "argmin"):
    for j, kw in enumerate(["", "axis=0", "axis=-1", "axis=1, keepdims=True", "keepdims=True",
                            "axis=3", "axis=(0, 1)"]):
        case(f"r_{op}_{j}", f"nd.{op}(a, {kw})", {"a": (X234, F)})
    case(f"r_{op}_int", f"nd.{op}(a, axis=1)", {"a": (IA, I32)})
    case(f"r_{op}_nan", f"nd.{op}(a, axis=1)", {"a": ([[1, NAN, 2], [0, -INF, INF]], F)})
    case(f"r_{op}_f64", f"nd.{op}(a, axis=1)", {"a": (WIDE, D)})
case("r_argmax_channel", "nd.argmax_channel(a)", {"a": (X234, F)})
case("r_argmax_ties", "nd.argmax(a, axis=1)", {"a": ([[1, 3, 3], [2, 2, 0]], F)})
case("r_moments", "nd.moments(a, axes=(0, 2))", {"a": (X234, F)}, ["a"], 1)
case("r_moments_keep", "nd.moments(a, axes=(1,), keepdims=True)", {"a": (X234, F)}, ["a"], 0)
case("r_moments_int", "nd.moments(a, axes=(1,))", {"a": (IA, I32)})
for j, kw in enumerate(["", "axis=0", "axis=-1", "axis=1, dtype='float64'", "axis=5"]):
    case(f"r_cumsum_{j}", f"nd.cumsum(a, {kw})", {"a": (X234, F)}, ["a"])
case("r_cumsum_int", "nd.cumsum(a, axis=1)", {"a": (IA, I32)})
case("r_cumsum_int_f", "nd.cumsum(a, dtype='float32')", {"a": (IA, I32)})

# ---- D. shape manipulation
for j, s in enumerate(["(4, 6)", "(0, -1)", "(-2,)", "(-3, 4)", "(-4, 1, 2, -2)",
                       "(2, -4, -1, 3, 4)",
                       "(6, 4)", "(5, 5)", "(-1, -1)", "(0, 0, 0)", "(-3, -3)", "(24,)"]):
    case(f"sh_reshape_{j}", f"nd.reshape(a, shape={s})", {"a": (X234, F)}, ["a"])
case("sh_reshape_rev", "nd.reshape(a, shape=(-1, 0), reverse=True)", {"a": (X234, F)}, ["a"])
case("sh_Reshape_int", "nd.Reshape(a, shape=(3, 2))", {"a": (IA, I32)})
case("sh_flatten", "nd.flatten(a)", {"a": (X234, F)}, ["a"])
case("sh_flatten_1d", "nd.Flatten(a)", {"a": ([1.0, 2, 3], F)})
for j, ax in enumerate([0, 1, 3, -1, -4, 4, -5]):
    case(f"sh_expand_dims_{j}", f"nd.expand_dims(a, axis={ax})", {"a": (X234, F)}, ["a"])
for j, (sh, kw) in enumerate([((1, 2, 1, 3), ""), ((1, 2, 1, 3), "axis=2"),
                              ((1, 2, 1, 3), "axis=(0, -2)"), ((1, 1), ""),
                              ((1, 2, 1, 3), "axis=1"), ((1,), "")]):
    case(f"sh_squeeze_{j}", f"nd.squeeze(a, {kw})",
         {"a": (np.arange(np.prod(sh), dtype=float).reshape(sh).tolist(), F)}, ["a"])
for j, kw in enumerate(["", "axes=(1, 0, 2)", "axes=(2, 0, 1)", "axes=(0, 1)", "axes=(0, 0, 1)",
                        "axes=(-1, 0, 1)"]):
    case(f"sh_transpose_{j}", f"nd.transpose(a, {kw})", {"a": (X234, F)}, ["a"])
for j, kw in enumerate(["dim1=0, dim2=2", "dim1=1", "dim1=-1, dim2=0", "dim1=0, dim2=3"]):
    case(f"sh_swapaxes_{j}", f"nd.swapaxes(a, {kw})", {"a": (X234, F)}, ["a"])
case("sh_SwapAxis", "nd.SwapAxis(a, dim1=1, dim2=2)", {"a": (X234, F)})
for j, kw in enumerate(["axis=0", "axis=(0, 2)", "axis=-1", "axis=3"]):
    case(f"sh_flip_{j}", f"nd.flip(a, {kw})", {"a": (X234, F)}, ["a"])
case("sh_reverse", "nd.reverse(a, axis=1)", {"a": (X234, F)}, ["a"])
for j, r in enumerate(["(2,)", "(2, 1, 3)", "(1, 1, 1, 2)", "()", "(0, 2)"]):
    case(f"sh_tile_{j}", f"nd.tile(a, reps={r})", {"a": (M23B, F)}, ["a"])
for j, kw in enumerate(["repeats=2", "repeats=2, axis=0", "repeats=3, axis=-1",
                        "repeats=0, axis=1", "repeats=2, axis=2"]):
    case(f"sh_repeat_{j}", f"nd.repeat(a, {kw})", {"a": (M23B, F)}, ["a"])
X4 = np.arange(2 * 2 * 3 * 3, dtype=float).reshape(2, 2, 3, 3).tolist()
for j, kw in enumerate(["mode='constant', pad_width=(0, 0, 0, 0, 1, 1, 2, 0)",
                        "mode='constant', pad_width=(0, 0, 0, 0, 1, 2, 1, 1), constant_value=-1",
                        "mode='edge', pad_width=(0, 0, 0, 0, 2, 1, 0, 2)",
                        "mode='reflect', pad_width=(0, 0, 0, 0, 1, 1, 2, 2)"]):
    case(f"sh_pad_{j}", f"nd.pad(a, {kw})", {"a": (X4, F)}, ["a"])
case("sh_pad_2d", "nd.pad(a, mode='constant', pad_width=(1, 1, 1, 1))", {"a": (M23B, F)})
case("sh_pad_nc", "nd.pad(a, mode='constant', pad_width=(1, 0, 0, 0, 1, 1, 1, 1))",
     {"a": (X4, F)})
for j, kw in enumerate(["", "dim=0", "dim=-1", "dim=2"]):
    case(f"sh_concat_{j}", f"nd.concat(a, b, {kw})", {"a": (M23B, F), "b": (WIDE, F)},
         ["a", "b"])
case("sh_concat_1d", "nd.concat(a, b)", {"a": ([1.0, 2], F), "b": ([3.0], F)})
case("sh_concat_bad", "nd.concat(a, b, dim=0)", {"a": (M23B, F), "b": ([[1.0, 2]], F)})
case("sh_concat_mixed", "nd.concat(a, b, dim=0)", {"a": (M23B, F), "b": (IB, I32)})
for j, kw in enumerate(["", "axis=1", "axis=2", "axis=-1", "axis=3"]):
    case(f"sh_stack_{j}", f"nd.stack(a, b, {kw})", {"a": (M23B, F), "b": (WIDE, F)}, ["a", "b"])
for j, kw in enumerate(["num_outputs=3", "num_outputs=2, axis=0",
                        "num_outputs=3, axis=1, squeeze_axis=True", "num_outputs=1",
                        "num_outputs=2", "num_outputs=4, axis=-1"]):
    case(f"sh_split_{j}", f"nd.split(a, {kw})", {"a": (X234, F)}, ["a"], 1 if j < 3 else 0)
for j, kw in enumerate(["2", "(1, 3), axis=2", "3, axis=1, squeeze_axis=True", "[1]",
                        "(0, 1), axis=0", "5, axis=2"]):
    case(f"sh_split_v2_{j}", f"nd.split_v2(a, {kw})", {"a": (X234, F)}, ["a"])
for j, s in enumerate(["(2, 3)", "(4, 2, 3)", "(0, 3)", "(3, 3)", "(2, 0)"]):
    case(f"sh_broadcast_to_{j}", f"nd.broadcast_to(a, shape={s})", {"a": (B3, F)}, ["a"])
case("sh_broadcast_axis", "nd.broadcast_axis(a, axis=0, size=3)", {"a": (B3, F)}, ["a"])
case("sh_broadcast_axes", "nd.broadcast_axes(a, axis=(0, 2), size=(2, 2))",
     {"a": ([[[1.0], [2.0]]], F)}, ["a"])
case("sh_broadcast_axis_bad", "nd.broadcast_axis(a, axis=1, size=3)", {"a": (M23B, F)})
case("sh_broadcast_like", "nd.broadcast_like(a, b)", {"a": (B3, F), "b": (WIDE, F)}, ["a"])
case("sh_broadcast_like_axes", "nd.broadcast_like(a, b, lhs_axes=(0,), rhs_axes=(1,))",
     {"a": (B3, F), "b": (GEN, F)}, ["a"])
case("sh_broadcast_like_empty", "nd.broadcast_like(a, b, lhs_axes=(), rhs_axes=())",
     {"a": (B3, F), "b": (WIDE, F)})
case("sh_reshape_like", "nd.reshape_like(a, b)", {"a": (M23B, F), "b": ([[1.0, 2], [3, 4],
                                                                        [5, 6]], F)}, ["a"])
case("sh_reshape_like_part", "nd.reshape_like(a, b, lhs_begin=1, lhs_end=3, rhs_begin=0)",
     {"a": (X234, F), "b": (np.zeros((3, 2, 2)).tolist(), F)}, ["a"])
case("sh_slice_like", "nd.slice_like(a, b)", {"a": (X234, F), "b": (M23B, F)}, ["a"])
case("sh_slice_like_axes", "nd.slice_like(a, b, axes=(-1,))", {"a": (X234, F), "b": (M23B, F)},
     ["a"])
case("sh_depth_to_space", "nd.depth_to_space(a, block_size=2)",
     {"a": (np.arange(16.).reshape(1, 4, 2, 2).tolist(), F)}, ["a"])
case("sh_space_to_depth", "nd.space_to_depth(a, block_size=2)",
     {"a": (np.arange(16.).reshape(1, 1, 4, 4).tolist(), F)}, ["a"])
case("sh_depth_to_space_bad", "nd.depth_to_space(a, block_size=2)",
     {"a": (np.arange(12.).reshape(1, 3, 2, 2).tolist(), F)})
for j, kw in enumerate(["", "k=1", "k=-1", "k=5"]):
    case(f"sh_diag_{j}", f"nd.diag(a, {kw})", {"a": (GEN, F)}, ["a"])
case("sh_diag_1d", "nd.diag(a, k=1)", {"a": ([1.0, 2], F)}, ["a"])
case("sh_diag_3d", "nd.diag(a, k=1, axis1=2, axis2=0)", {"a": (X234, F)}, ["a"])
case("sh_moveaxis", "nd.moveaxis(a, 0, -1)", {"a": (X234, F)}, ["a"])
case("sh_concatenate", "nd.concatenate([a, b], axis=1)", {"a": (M23B, F), "b": (WIDE, F)})

# ---- E. indexing and selection
for j, kw in enumerate(["begin=(0, 1), end=(2, 3)", "begin=(None, 2), end=(None, 0), step=(1, -1)",
                        "begin=(1,), end=(2,)", "begin=(-1, 0), end=(None, 3), step=(1, 2)",
                        "begin=(0, 0, 3), end=(2, 3, 0), step=(1, 1, -2)",
                        "begin=(0, 5), end=(2, 6)", "begin=(0,), end=(2,), step=(0,)"]):
    case(f"ix_slice_{j}", f"nd.slice(a, {kw})", {"a": (X234, F)}, ["a"])
case("ix_crop", "nd.crop(a, begin=(0, 1), end=(1, 3))", {"a": (X234, F)}, ["a"])
for j, kw in enumerate(["axis=1, begin=1, end=3", "axis=-1, begin=-3, end=None",
                        "axis=0, begin=1, end=2", "axis=2, begin=3, end=1",
                        "axis=3, begin=0, end=1",
                        "axis=1, begin=-5, end=2"]):
    case(f"ix_slice_axis_{j}", f"nd.slice_axis(a, {kw})", {"a": (X234, F)}, ["a"])
TI = [[0, 2], [7, -3]]
for j, kw in enumerate(["", "axis=1", "mode='wrap'", "axis=-1, mode='wrap'", "axis=2",
                        "mode='raise'"]):
    case(f"ix_take_{j}", f"nd.take(a, i, {kw})", {"a": (GEN, F), "i": (TI, F)}, ["a"])
case("ix_take_dup", "nd.take(a, i)", {"a": ([1.0, 2, 3], F), "i": ([0, 0, 2], F)}, ["a"])
case("ix_take_float_idx", "nd.take(a, i)", {"a": ([1.0, 2, 3], F), "i": ([0.7, 1.9, -0.5], F)})
case("ix_take_int", "nd.take(a, i)", {"a": (IA, I32), "i": ([1, 0], I32)})
case("ix_batch_take", "nd.batch_take(a, i)", {"a": (GEN, F), "i": ([2, 0, 1], I32)})
for j, kw in enumerate(["", "axis=0", "axis=1, keepdims=True", "mode='wrap'", "axis=2"]):
    idx = [[1, 5, -1]] if "axis=0" in kw else [0, 5, -1]
    case(f"ix_pick_{j}", f"nd.pick(a, i, {kw})", {"a": (GEN, F), "i": (idx, F)}, ["a"])
case("ix_pick_3d", "nd.pick(a, i, axis=1)", {"a": (X234, F), "i": ([[0, 1, 2, 0],
                                                                    [2, 2, 1, 0]], F)}, ["a"])
case("ix_choose_element_0index", "nd.choose_element_0index(a, i)",
     {"a": (GEN, F), "i": ([0, 2, 1], F)})
case("ix_fill_element_0index", "nd.fill_element_0index(a, m, i)",
     {"a": (GEN, F), "m": ([9.0, 8, 7], F), "i": ([0, 2, 1], F)})
for j, kw in enumerate(["depth=4", "depth=3, on_value=5, off_value=-1", "depth=4, dtype='int32'",
                        "depth=3, dtype='float64'"]):
    case(f"ix_one_hot_{j}", f"nd.one_hot(i, {kw})", {"i": ([[0, 3], [-1, 2]], F)})
case("ix_where", "nd.where(c, x, y)", {"c": ([[1, 0, 1], [0, 0, 1]], F), "x": (WIDE, F),
                                       "y": (POS, F)}, ["x", "y"])
case("ix_where_rows", "nd.where(c, x, y)", {"c": ([0, 2], F), "x": (WIDE, F), "y": (POS, F)},
     ["x", "y"])
case("ix_where_nan_cond", "nd.where(c, x, y)", {"c": ([NAN, 0], F), "x": (WIDE, F),
                                                "y": (POS, F)})
case("ix_where_bad", "nd.where(c, x, y)", {"c": ([1, 0, 1], F), "x": (WIDE, F), "y": (POS, F)})
case("ix_where_int", "nd.where(c, x, y)", {"c": ([[1, 0, 1], [0, 0, 1]], I32), "x": (IA, I32),
                                           "y": ([[9, 9, 9], [8, 8, 8]], I32)})
case("ix_gather_nd", "nd.gather_nd(a, i)", {"a": (GEN, F), "i": ([[1, 0, 2], [0, 1, 0]], F)},
     ["a"])
case("ix_gather_nd_part", "nd.gather_nd(a, i)", {"a": (X234, F), "i": ([[1, 0, 1]], I32)}, ["a"])
case("ix_gather_nd_dup", "nd.gather_nd(a, i)", {"a": (GEN, F), "i": ([[1, 1], [0, 0]], F)},
     ["a"])
case("ix_gather_nd_neg", "nd.gather_nd(a, i)", {"a": (GEN, F), "i": ([[-1, 0], [0, 5]], I32)})
case("ix_scatter_nd", "nd.scatter_nd(d, i, shape=(3, 3))",
     {"d": ([1.0, 2, 3], F), "i": ([[0, 1, 2], [2, 0, 1]], F)}, ["d"])
case("ix_scatter_nd_part", "nd.scatter_nd(d, i, shape=(2, 3))",
     {"d": ([[1.0, 2, 3]], F), "i": ([[1]], I32)}, ["d"])
SQ = np.arange(24.).reshape(3, 2, 4).tolist()
for op in ("SequenceMask", "SequenceLast", "SequenceReverse"):
    case(f"ix_{op}_nolen", f"nd.{op}(a)", {"a": (SQ, F)}, ["a"])
    case(f"ix_{op}_len", f"nd.{op}(a, l, use_sequence_length=True)",
         {"a": (SQ, F), "l": ([1, 3], F)}, ["a"])
    case(f"ix_{op}_axis1", f"nd.{op}(a, l, use_sequence_length=True, axis=1)",
         {"a": (np.arange(24.).reshape(2, 3, 4).tolist(), F), "l": ([2, 1], F)}, ["a"])
case("ix_SequenceMask_value", "nd.SequenceMask(a, l, use_sequence_length=True, value=-1)",
     {"a": (SQ, F), "l": ([2, 0], F)}, ["a"])
case("ix_Embedding", "nd.Embedding(i, w, input_dim=3, output_dim=2)",
     {"i": ([[0, 2.7], [5, -1]], F), "w": ([[1.0, 2], [3, 4], [5, 6]], F)}, ["w"])
case("ix_Embedding_bad", "nd.Embedding(i, w, input_dim=4, output_dim=2)",
     {"i": ([0, 1], F), "w": ([[1.0, 2], [3, 4], [5, 6]], F)})
case("ix_ravel", "nd.ravel_multi_index(i, shape=(3, 4))", {"i": ([[0, 2, 1], [3, 1, 0]], F)})
case("ix_unravel", "nd.unravel_index(i, shape=(3, 4))", {"i": ([0, 5, 11, 7], F)})
case("ix_unravel_int", "nd.unravel_index(i, shape=(2, 3))", {"i": ([4, 1], I32)})
case("ix_histogram", "nd.histogram(a, bins=4)", {"a": (WIDE, F)})
case("ix_histogram_range", "nd.histogram(a, bins=3, range=(-1, 1))", {"a": (WIDE, F)})
case("ix_boolean_mask", "nd.contrib.boolean_mask(a, m)", {"a": (GEN, F), "m": ([1, 0, 1], F)},
     ["a"])
case("ix_index_copy", "nd.contrib.index_copy(a, i, b)",
     {"a": (GEN, F), "i": ([2, 0], I32), "b": ([[9.0, 8, 7], [6, 5, 4]], F)}, ["a", "b"])

# ---- F. sorting
for j, kw in enumerate(["", "k=2", "k=2, ret_typ='value'", "k=2, ret_typ='both'",
                        "k=2, ret_typ='mask'", "axis=0, k=2, ret_typ='value'", "axis=None, k=4",
                        "k=2, is_ascend=True, ret_typ='value'", "k=3, dtype='int32'", "k=0",
                        "k=9", "axis=3", "k=2, ret_typ='foo'", "axis=None, k=3, ret_typ='value'",
                        "k=-1"]):
    case(f"so_topk_{j}", f"nd.topk(a, {kw})", {"a": (X234, F)},
         ["a"] if "value" in kw else [])
case("so_topk_nan", "nd.topk(a, k=2, ret_typ='both')", {"a": ([[1, NAN, 3, INF]], F)})
case("so_topk_int", "nd.topk(a, k=2, ret_typ='both')", {"a": (IA, I32)})
case("so_topk_ties", "nd.topk(a, k=3)", {"a": ([1.0, 2, 2, 1, 2], F)})
case("so_topk_ties_asc", "nd.topk(a, k=3, is_ascend=True)", {"a": ([1.0, 2, 2, 1, 2], F)})
case("so_topk_f16", "nd.topk(a, k=2, ret_typ='value')", {"a": (WIDE, H)})
for j, kw in enumerate(["", "axis=0", "axis=None", "is_ascend=False", "axis=-2, is_ascend=0",
                        "axis=3"]):
    case(f"so_sort_{j}", f"nd.sort(a, {kw})", {"a": (X234, F)})
    case(f"so_argsort_{j}", f"nd.argsort(a, {kw})", {"a": (X234, F)})
case("so_sort_nan", "nd.sort(a)", {"a": ([3.0, NAN, -INF, 1, INF, -0.0, 0.0], F)})
case("so_argsort_nan", "nd.argsort(a)", {"a": ([3.0, NAN, -INF, 1, INF], F)})
case("so_sort_int", "nd.sort(a, is_ascend=False)", {"a": (IA, I32)})
case("so_argsort_ties", "nd.argsort(a, is_ascend=False)", {"a": ([1.0, 2, 2, 1, 2], F)})
for dt in (I32, I64, D, H, U8):
    case(f"so_argsort_{dt}", f"nd.argsort(a, dtype='{dt}')", {"a": (WIDE, F)})
case("so_argsort_int_in", "nd.argsort(a)", {"a": (IA, I32)})
