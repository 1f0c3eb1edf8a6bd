"""Fuzz cases of the math/reduce family, part 7: gradients at special points (poles, domain
edges, zeros, NaN/inf) of unary and binary math (see fuzz_math_reduce_cases). No MXNet
import."""
from fuzz_math_reduce_cases import F16, F32, F64, I32, INF, NAN, R, case, mat_shapes, vals
from fuzz_math_reduce_cases2 import UNARY

SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, -2.0, 2.0, NAN, INF, -INF]
for op in sorted(UNARY):
    case(f"sp_{op}", f"nd.{op}(a)", {"a": (SPECIAL, F64)}, ["a"])
for op in ("hard_sigmoid", "softsign", "relu", "sigmoid", "clip"):
    e = "nd.clip(a, -1.0, 1.0)" if op == "clip" else f"nd.{op}(a)"
    case(f"sp32_{op}", e, {"a": (SPECIAL, F32)}, ["a"])

A = [0.0, 0.0, 2.0, -2.0, NAN, INF, 1.0, -1.5, 0.0, 3.0]
B = [0.0, 2.0, 0.0, 0.5, 1.0, 1.0, NAN, 2.0, -1.0, INF]
for op in ("broadcast_add", "broadcast_sub", "broadcast_mul", "broadcast_div", "broadcast_mod",
           "broadcast_power", "broadcast_maximum", "broadcast_minimum", "broadcast_hypot",
           "elemwise_div", "elemwise_mul"):
    case(f"spb_{op}", f"nd.{op}(a, b)", {"a": (A, F64), "b": (B, F64)}, ["a", "b"])
for i, e in enumerate(["a ** 0.0", "a ** 0.5", "a ** -1.0", "0.0 ** a", "(-2.0) ** a",
                       "a % 0.0", "0.0 % a", "1.0 / a", "a / 0.0", "nd.maximum(a, 0.0)",
                       "nd.minimum(a, 1.0)", "nd._internal._hypot_scalar(a, scalar=0.0)",
                       "nd._internal._rmod_scalar(a, scalar=2.0)"]):
    case(f"sps_{i}", e, {"a": (A, F64)}, ["a"])
for op in ("sum", "mean", "prod", "nansum", "nanprod", "max", "min", "norm"):
    case(f"spr_{op}", f"nd.{op}(a, axis=1)",
         {"a": ([[0.0, NAN, 1.0], [INF, 2.0, -1.0], [0.0, 0.0, 3.0], [-INF, INF, 1.0]], F64)},
         ["a"])
case("spr_norm_inf", "nd.norm(a, ord=1, axis=0)", {"a": ([[0.0, INF], [0.0, -2.0]], F64)}, ["a"])
case("spr_moments_nan", "nd.moments(a, axes=(1,))", {"a": ([[0.0, NAN], [1.0, 3.0]], F64)},
     ["a"], gout=1)

# ---- T. aliases, NDArray methods, more parameter combinations

for i, e in enumerate(["nd.broadcast_plus(a, b)", "nd.broadcast_minus(a, b)",
                       "nd.ElementWiseSum(a, b, a)", "nd.true_divide(a, b)", "nd.modulo(a, b)",
                       "nd.add(a, b)", "nd.subtract(a, 2)", "nd.multiply(3, a)",
                       "nd.maximum(a, b)", "nd.logical_xor(a, b)", "nd.greater_equal(a, b)",
                       "a.abs()", "a.sqrt()", "a.exp()", "a.clip(0.5, 1.5)", "a.sign()",
                       "a.square()", "a.log()", "a.sin()", "a.reciprocal()", "a.relu()",
                       "a.sigmoid()", "a.floor()", "a.round()", "a.rsqrt()", "a.expm1()",
                       "nd.cumsum(a, axis=1, dtype='float16')"]):
    case(f"al_{i}", e, {"a": (vals((2, 3), 0.3, 2.0), F64), "b": (vals((1, 3), 0.4, 2.0), F64)},
          ["a"])
for i in range(8):
    s = mat_shapes()
    ax = tuple(sorted(set(int(v) for v in R.randint(-len(s), len(s), R.randint(1, 3)))))
    case(f"mo_{i}", f"nd.moments(a, axes={ax}, keepdims={bool(i % 2)})",
          {"a": (vals(s), F64)}, ["a"], gout=i % 2)
for i in range(6):
    dt = [F64, F32, I32, F16, F64, F32][i]
    kw = f"dtype='{['float64', 'float32', 'int64', 'float16', 'int32', 'float64'][i]}'"
    case(f"cs_{i}", f"nd.cumsum(a, axis={i % 2}, {kw})", {"a": (vals((3, 4), -3, 3, dt), dt)})
for i in range(4):
    case(f"am_{i}", f"nd.{['argmax', 'argmin'][i % 2]}(a, keepdims=True)",
          {"a": (vals((2, 3, 2), -3, 3, [F32, I32, F16, F64][i]), [F32, I32, F16, F64][i])})
case("am_norm_float_ord", "nd.norm(a, ord=2.0)", {"a": (vals((2, 3)), F32)})
case("am_norm_f16_out", "nd.norm(a, out_dtype='float32')", {"a": (vals((2, 3), dt=F16), F16)})
case("am_moments_list", "nd.moments(a, axes=[0, 1])", {"a": (vals((2, 3, 2)), F64)}, ["a"])
# where: condition and operand dtypes
X, Y = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [[-1.0, -2.0, -3.0], [-4.0, -5.0, -6.0]]
for i, (cd, xd, yd) in enumerate([(I32, F32, F32), ("bool", F32, F32), (F64, F32, F32),
                                  (F32, F32, F64), (F32, I32, F32), (F32, "bool", "bool"),
                                  ("uint8", F16, F16), (F32, "int8", "int8")]):
    case(f"wh_{i}", "nd.where(c, x, y)", {"c": ([[1, 0, 1], [0, 0, 1]], cd), "x": (X, xd),
                                          "y": (Y, yd)})
case("wh_rows_grad", "nd.where(c, x, y)", {"c": ([1, 0], F64), "x": (X, F64), "y": (Y, F64)},
     ["x", "y"])
for dt in ("int8", "uint8", "int32", "bool"):
    case(f"hs_{dt}", "nd.hard_sigmoid(a)", {"a": ([[1, 0, 1], [0, 0, 1]], dt)})
    case(f"bm_{dt}", "(nd.mean(a, axis=0), nd.mean(a), nd.prod(a, axis=1), nd.max(a, axis=0))",
         {"a": ([[1, 0, 1], [0, 0, 1]], dt)})
