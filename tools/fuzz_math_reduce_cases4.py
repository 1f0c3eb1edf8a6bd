"""Fuzz cases of the math/reduce family, part 4: the corners (scalar-op gradients, integer
overflow and casts, zero/NaN gradients of reductions, aliases and NDArray methods, in-place
operators). See fuzz_math_reduce_cases. No MXNet import."""
import numpy as np

from fuzz_math_reduce_cases2 import UNARY
from fuzz_math_reduce_cases import (
    BOOL, F16, F32, F64, I8, I32, I64, INF, NAN, R, U8, away, case, rshape, vals,
)

# ---- H. scalar ops with gradients (float64 and float32)
SGRAD = ["a + {s}", "{s} - a", "a * {s}", "a / {s}", "{s} / a", "a % {s}", "{s} % a",
         "a ** {s}", "{s} ** a", "nd.maximum(a, {s})", "nd.minimum({s}, a)",
         "nd._internal._hypot_scalar(a, scalar={s})", "nd._internal._rpower_scalar(a, scalar={s})",
         "nd._internal._rmod_scalar(a, scalar={s})", "a > {s}", "-a + {s}"]
for i in range(40):
    e = SGRAD[i % len(SGRAD)]
    dt = F64 if i < 28 else F32
    s = rshape(1, 3, 4, 30)
    sc = float(R.choice([0.5, 1.5, 2.0, 3.0, -1.5, 2.5]))
    x = np.asarray(away(s, 0.2, 3.0, F64, 0.2))
    if "%" in e or "mod" in e:  # keep off the jumps of floor-mod
        q = sc / x if "{s} %" in e or "_rmod" in e else x / sc
        x = np.where(np.abs(q - np.round(q)) < 0.05, x + 0.11, x)
    case(f"sg_{i}", e.format(s=sc), {"a": (np.round(x, 3).tolist(), dt)}, ["a"])
case("sg_max_tie", "nd.maximum(a, 1.0)", {"a": ([0.5, 1.0, 2.0], F64)}, ["a"])
case("sg_min_tie", "nd.minimum(a, 1.0)", {"a": ([0.5, 1.0, 2.0], F64)}, ["a"])
case("sg_pow_zero", "a ** 2.0", {"a": ([0.0, -1.5, 2.0], F64)}, ["a"])
case("sg_rpow_zero", "0.0 ** a", {"a": ([0.5, 1.0, 2.0], F64)}, ["a"])
case("sg_hypot_zero", "nd._internal._hypot_scalar(a, scalar=0.0)", {"a": ([0.0, -1.5, 2.0], F64)},
     ["a"])
case("sg_f16", "a * 1.5 + 2 ** a", {"a": ([0.5, 1.0, -2.0], F16)}, ["a"])

# ---- I. integer arithmetic corners: negative divisors, wrap, scalar casts
for i in range(24):
    dt = [I8, I32, I64, U8][i % 4]
    s = rshape(1, 2, 5, 12)
    lo, hi = (0, 255) if dt == U8 else ((-128, 127) if dt == I8 else (-1000, 1000))
    a = vals(s, lo, hi, dt)
    b = np.asarray(vals(s, lo, hi, dt))
    b = np.where(b == 0, 3, b).tolist()
    e = ["a / b", "a % b", "a * b", "a + b", "a - b", "a ** b", "nd.broadcast_hypot(a, b)",
         "nd.maximum(a, b)"][i % 8]
    if "**" in e:
        b = np.clip(np.asarray(b) % 5 - (0 if dt == U8 else 1), 0 if dt == U8 else -1, 4).tolist()
    case(f"ia_{i}", e, {"a": (a, dt), "b": (b, dt)})
for dt in (I8, I32, I64, U8):
    for j, e in enumerate(["a + 300", "a * 1e10", "a - 2.9", "a / -2", "a % -3", "-7 % a",
                           "-7 / a", "a ** -1", "2 ** a", "a + 2 ** 40", "a * -1",
                           "nd._internal._hypot_scalar(a, scalar=3)", "a == 3.5", "a < -0.5",
                           "1000000007 / a", "1e10 / a", "a % 1000000007"]):
        a = [1, 2, -3, 5, 100] if dt != U8 else [1, 2, 3, 5, 200]
        case(f"ic_{dt}_{j}", e, {"a": (a, dt)})
case("ic_i64_big", "a + 1", {"a": ([2 ** 53, 2 ** 62, -2 ** 63], I64)})
case("ic_i64_bigmul", "a * 3", {"a": ([2 ** 40 + 1, 7], I64)})
case("ic_i64_bigmod", "(a % 10, 1000000007 % a, nd.broadcast_mod(a, a - 3))",
     {"a": ([2 ** 53 + 1, 2 ** 62 + 1, -2 ** 53 - 1], I64)})
case("ic_i64_bigsum", "nd.sum(a)", {"a": ([2 ** 53, 1, 1], I64)})
case("ic_bool_ops", "(a + 1, a * 2.5, a > 0, -a, a == 1, 3 - a)", {"a": ([1, 0, 1], BOOL)})
case("ic_bool_unary", "(nd.sqrt(a), nd.abs(a), nd.exp(a), nd.logical_not(a))",
     {"a": ([1, 0, 1], BOOL)})

# ---- J. unary math on full integer ranges (NaN/inf results cast back to the int dtype)
for i, op in enumerate(["sqrt", "log", "reciprocal", "rsqrt", "exp", "arcsin", "gamma",
                        "square", "negative", "abs", "sign", "cbrt", "log1p", "erfinv",
                        "arccosh", "tan", "sigmoid", "relu", "expm1", "degrees"]):
    dt = [I8, I32, I64, U8][i % 4]
    a = {I8: [-128, -5, -1, 0, 1, 3, 127], U8: [0, 1, 3, 128, 255]}.get(dt,
                                                                         [-1000, -2, 0, 1, 2, 40])
    case(f"ui_{op}_{dt}", f"nd.{op}(a)", {"a": (a, dt)})
for op, dom in sorted(UNARY.items()):  # float16 (computed in float32 and rounded once?)
    x = away((12,), -3, 3, F16, 0.3) if dom == "away" else vals((12,), dom[0], dom[1], F16)
    case(f"uh_{op}", f"nd.{op}(a)", {"a": (x, F16)}, ["a"])

# ---- K. reductions: corners, gradients at zeros/NaN, aliases and methods
case("rz_prod_zero", "nd.prod(a, axis=1)", {"a": ([[2.0, 0.0, 3.0], [0.0, 0.0, 1.5],
                                                    [1.0, 2.0, 0.5]], F64)}, ["a"])
case("rz_nanprod_zero", "nd.nanprod(a, axis=0)",
     {"a": ([[2.0, NAN, 3.0], [0.0, 1.0, NAN]], F64)}, ["a"])
case("rz_nansum_grad", "nd.nansum(a, axis=1)", {"a": ([[2.0, NAN, 3.0], [NAN, NAN, 1.0]], F64)},
     ["a"])
case("rz_max_nan_grad", "nd.max(a, axis=1)", {"a": ([[2.0, NAN, 3.0], [1.0, 1.0, -1.0]], F64)},
     ["a"])
case("rz_min_tie_all", "nd.min(a)", {"a": ([[2.0, 2.0], [2.0, 2.0]], F64)}, ["a"])
case("rz_max_tie_keep", "nd.max(a, axis=0, keepdims=True)",
     {"a": ([[1.0, 3.0, 3.0], [1.0, 3.0, 2.0]], F32)}, ["a"])
case("rz_norm_zero", "nd.norm(a)", {"a": ([0.0, 0.0, 0.0], F64)}, ["a"])
case("rz_norm1_zero", "nd.norm(a, ord=1, axis=1)", {"a": ([[0.0, 1.5], [0.0, -2.0]], F64)}, ["a"])
case("rz_mean_f16", "nd.mean(a)", {"a": ([[60000.0] * 8] * 4, F16)})
case("rz_sum_f16_over", "nd.sum(a, axis=1)", {"a": ([[60000.0, 60000.0, -60000.0]], F16)})
case("rz_mean_int_neg", "nd.mean(a, axis=1)", {"a": ([[-1, -2], [-3, 0], [5, -8]], I32)})
case("rz_mean_u8", "nd.mean(a, axis=0)", {"a": ([[255, 255], [255, 1]], U8)})
case("rz_prod_i8_wrap", "nd.prod(a, axis=1)", {"a": ([[100, 3], [-128, -1]], I8)})
case("rz_nansum_int", "nd.nansum(a, axis=0)", {"a": ([[1, 2], [3, 4]], I32)})
case("rz_nanprod_int", "nd.nanprod(a)", {"a": ([[1, 2], [3, 4]], I64)})
case("rz_argmax_tie", "nd.argmax(a, axis=1)", {"a": ([[1, 3, 3], [2, 2, 2]], I32)})
case("rz_argmin_f16", "nd.argmin(a, axis=0)", {"a": ([[1, 3, 3], [2, 0.5, 2]], F16)})
case("rz_argmax_channel_1d", "nd.argmax_channel(a)", {"a": ([1.0, 3.0, 2.0], F32)})
case("rz_argmax_inf", "nd.argmax(a)", {"a": ([[1.0, INF], [-INF, 2.0]], F32)})
case("rz_moments_f16", "nd.moments(a, axes=(0,))", {"a": ([[1.0, 2.0], [3.0, 5.0]], F16)})
case("rz_cumsum_neg", "nd.cumsum(a, axis=-1)", {"a": ([[1.0, 2.0], [3.0, 5.0]], F32)})
case("rz_cumsum_i8_wrap", "nd.cumsum(a)", {"a": ([100, 100, 100], I8)})
case("rz_cumsum_bool", "nd.cumsum(a)", {"a": ([1, 0, 1], BOOL)})
case("rz_sum_bool", "nd.sum(a)", {"a": ([1, 0, 1], BOOL)})
case("rz_norm_bool", "nd.norm(a)", {"a": ([1, 0, 1], BOOL)})
case("rz_argmax_bool", "nd.argmax(a)", {"a": ([1, 0, 1], BOOL)})
for i, e in enumerate([
        "nd.sum_axis(a, axis=1)", "nd.max_axis(a, axis=(0, 2), keepdims=True)",
        "nd.min_axis(a, axis=-1, exclude=True)", "a.sum(axis=1)", "a.max()", "a.min(axis=0)",
        "a.mean(axis=(1, 2))", "a.prod(axis=-1, keepdims=True)", "a.nansum()", "a.nanprod(0)",
        "a.norm()", "a.norm(ord=1, axis=1)", "a.argmax(axis=1)", "a.argmin()",
        "a.argmax_channel()", "a.sum(axis=(), exclude=True)", "nd.sum(a, axis=())",
        "nd.sum(a, axis=[0, 1])", "nd.mean(a, axis=(-1, 0), exclude=True, keepdims=True)",
        "nd.max(a, axis=(), keepdims=True)", "nd.sum(a, 1)", "nd.mean(a, 1, True)",
        "nd.sum(a, axis=-4)", "nd.norm(a, axis=(1, 2, 0))", "nd.max(a, axis=(0, -3))",
        "nd.sum(a, axis=1.0)", "nd.argmax(a, axis=(0, 1))"]):
    x = vals((2, 3, 4), 0.2, 2.0, F64)
    case(f"ra_{i}", e, {"a": (x, F64)}, ["a"] if "arg" not in e else [])

# ---- L. in-place operators and Python-level wrappers on scalars
for i, e in enumerate(["a.__iadd__(b)", "a.__isub__(2)", "a.__imul__(b)", "a.__itruediv__(b)",
                       "a.__imod__(b)", "a.__imod__(3)", "a.__ipow__(2)"]):
    for dt in (F32, I32):
        sb = [(2, 3), (3,), (1, 3), (2, 1)][i % 4]
        case(f"ip_{i}_{dt}", e, {"a": (vals((2, 3), 1, 5, dt), dt), "b": (vals(sb, 1, 5, dt), dt)})
case("ip_bcast_self", "b.__iadd__(a)", {"a": (vals((2, 3)), F32), "b": (vals((3,)), F32)})
case("ip_mix", "a.__iadd__(b)", {"a": (vals((2, 3)), F32), "b": (vals((2, 3)), F64)})
for i, e in enumerate(["nd.add(2, 3)", "nd.maximum(2, 3.5)", "nd.power(2, 3)", "nd.modulo(-7, 3)",
                       "nd.equal(1, 1)", "nd.true_divide(a, 2)", "nd.subtract(3, a)",
                       "nd.power(a, b)", "nd.lesser_equal(2, a)", "nd.logical_or(a, 0)",
                       "nd.divide(4, a)", "nd.hypot(a, b)", "nd.not_equal(a, b)"]):
    case(f"pw_{i}", e, {"a": ([1.0, 2.0, 4.0], F32), "b": ([0.5, 2.0, 1.0], F32)})
