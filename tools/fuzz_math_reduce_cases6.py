"""Fuzz cases of the math/reduce family, part 6: NDArray operators with broadcasting and
gradients, casts and rounding over dtypes, float16 scalar ranges (see fuzz_math_reduce_cases).
No MXNet import."""
import numpy as np

from fuzz_math_reduce_cases import (
    BOOL, F16, F32, F64, I8, I32, I64, INF, NAN, R, U8, away, bshapes, case, vals,
)

# ---- P. operators between broadcastable arrays, with gradients
OPEXPR = ["a + b", "a - b", "a * b", "a / b", "a ** b", "a % b", "b - a * 2", "a / b + b / a",
          "(a > b) * a + (a <= b) * b", "abs(a - b)", "-a * b", "a ** 2 - 3 / b"]
for i in range(24):
    e = OPEXPR[i % len(OPEXPR)]
    dt = F64 if i < 16 else F32
    while True:
        sa, sb = bshapes()
        a = vals(sa, 0.6, 3.0, dt)
        b = away(sb, 0.5, 2.5, dt, 0.5)
        q = np.asarray(a) / np.asarray(b)
        if "%" not in e or (np.abs(q - np.round(q)) > 0.03).all():
            break
    case(f"op_{i}", e, {"a": (a, dt), "b": (b, dt)}, ["a", "b"])
for i, (d1, d2) in enumerate([(I32, F32), (F32, F64), (F16, F32), (U8, I32), (BOOL, I32)]):
    for e in ("a + b", "a == b", "a % b", "b ** a"):
        case(f"op_mix_{i}_{OPEXPR.index(e) if e in OPEXPR else e[:4]}", e,
             {"a": ([1, 2, 3], d1), "b": ([2, 2, 2], d2)})

# ---- Q. casts and rounding over dtypes
CASTIN = [-300.7, -128.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 127.5, 255.9, 300.2, 70000.0]
for src in (F32, F64):
    for dst in (I8, U8, I32, I64, F16, BOOL):
        case(f"cast_{src}_{dst}", f"nd.cast(a, dtype='{dst}')", {"a": (CASTIN, src)})
case("cast_nan_int", "nd.cast(a, dtype='int32')", {"a": ([NAN, INF, -INF, 3e9], F32)})
case("cast_int_narrow", "(nd.cast(a, dtype='int8'), nd.cast(a, dtype='uint8'))",
     {"a": ([-129, 128, 256, -1, 1000], I32)})
case("cast_grad", "nd.cast(a, dtype='float16') * 2", {"a": ([0.5, 1.7, -2.3], F32)}, ["a"])
for dt in (F16, F32, F64):
    case(f"round_half_{dt}", "(nd.round(a), nd.rint(a), nd.fix(a), nd.floor(a), nd.ceil(a), "
         "nd.trunc(a))", {"a": ([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -3.5], dt)})
for dt in (I8, U8, I32, I64):
    a = {I8: [-128, -1, 0, 1, 127], U8: [0, 1, 128, 255]}.get(dt, [-(2 ** 31), -1, 0, 7])
    case(f"intun_{dt}", "(nd.abs(a), nd.negative(a), nd.sign(a), nd.square(a), nd.relu(a), "
         "nd.sigmoid(a), nd.clip(a, -1.5, 2.7), nd.round(a), nd.reciprocal(a))",
         {"a": (a, dt)})
case("clip_int_bounds", "nd.clip(a, 0.5, 2.7)", {"a": ([-1, 0, 1, 2, 3], I32)})
case("clip_f16", "nd.clip(a, -0.333, 0.777)", {"a": ([-1.0, 0.0, 0.5, 1.0], F16)}, ["a"])
case("clip_grad_edges", "nd.clip(a, -1.0, 1.0)", {"a": ([-2.0, -1.0, 0.0, 1.0, 2.0], F64)}, ["a"])

# ---- R. float16 ranges with scalars
for i, e in enumerate(["a + 70000", "a * 1e-8", "a / 1e-5", "a ** 8", "2 ** a", "a - 65504",
                       "a % 0.1", "0.1 % a", "a > 1e5", "nd.maximum(a, 1e9)", "a * 1e10 - a",
                       "1 / a"]):
    case(f"f16s_{i}", e, {"a": ([-3.0, -0.5, 0.0, 1.5, 40.0, 1000.0], F16)})
for i, e in enumerate(["a + 2 ** 31", "a * 2.0 ** 70", "a - 1e-30", "a ** 0.5", "a % 1e-3"]):
    case(f"f32s_{i}", e, {"a": ([-3.0, -0.5, 0.0, 1.5, 40.0, 1000.0], F32)})

# ---- S. reductions over random axes on integer and float16 data
for i in range(16):
    op = ["sum", "mean", "prod", "max", "min", "nansum", "nanprod", "norm"][i % 8]
    dt = [I8, U8, I32, I64, F16][i % 5]
    s = tuple(int(d) for d in R.randint(1, 5, R.randint(2, 5)))
    x = vals(s, 0 if dt == U8 else -60, 60, dt) if op not in ("prod", "nanprod") else \
        vals(s, 0 if dt == U8 else -3, 3, dt)
    n = int(R.randint(1, len(s) + 1))
    ax = tuple(int(a) - (len(s) if R.rand() < 0.4 else 0) for a in R.choice(len(s), n, False))
    kw = f"axis={ax}" + (", keepdims=True" if i % 3 == 0 else "") + \
        (", exclude=True" if i % 4 == 1 and op != "norm" else "")
    case(f"ri_{op}_{i}", f"nd.{op}(a, {kw})", {"a": (x, dt)})

# ---- U. float16 gradients (MXNet computes inside the kernels in float32?)
for i, op in enumerate(["broadcast_add", "broadcast_mul", "broadcast_div", "broadcast_power",
                        "broadcast_hypot", "broadcast_mod", "broadcast_maximum", "elemwise_div"]):
    sa = sb = (3, 4)  # (no broadcasting: float16 sums of the gradient cancel)
    a = vals(sa, 0.6, 3.0, F16)
    b = away(sb, 0.7, 2.5, F16, 0.7)
    if op == "broadcast_mod":
        b = vals(sb, 7.0, 7.0, F16)
    case(f"h16_{op}", f"nd.{op}(a, b)", {"a": (a, F16), "b": (b, F16)},
         ["a", "b"])
for i, e in enumerate(["nd.sum(a, axis=1)", "nd.mean(a)", "nd.prod(a, axis=0)", "nd.norm(a)",
                       "nd.max(a, axis=1)", "nd.moments(a, axes=(0,))[1]", "a / 3 + 3 / a",
                       "a ** 1.7 + 1.7 ** a", "nd.cumsum(a, axis=1)"]):
    case(f"h16r_{i}", e, {"a": (away((4, 5), 0.5, 1.5, F16, 0.5), F16)}, ["a"])
for i, e in enumerate(["a * a", "nd.broadcast_mul(a, a)", "a ** a", "nd.broadcast_hypot(a, a)",
                       "nd.elemwise_div(a, a)", "nd.maximum(a, a)", "nd.minimum(a, a)",
                       "nd.dot(a, a.T)", "nd.batch_dot(a.reshape((1, 2, 3)), a.reshape((1, 3, 2)))",
                       "nd.linalg.gemm2(a, a, transpose_b=True)", "nd.sum(a * nd.max(a, axis=1, "
                       "keepdims=True))", "a % a", "nd.broadcast_sub(a, a[0])"]):
    case(f"alias_{i}", e, {"a": ([[0.5, 1.5, 2.0], [1.2, 0.8, 2.6]], F64)}, ["a"])
