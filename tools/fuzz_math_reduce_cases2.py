"""Fuzz cases of the math/reduce family, part 2: unary math over dtypes, reductions (see
fuzz_math_reduce_cases). No MXNet import."""
import numpy as np

from fuzz_math_reduce_cases import (
    ALL_DT, F16, F32, F64, I8, I32, I64, INF, NAN, R, U8, away, case, rshape, vals,
)

# ---- D. unary math on random inputs over dtypes (values and dtypes; float64 gradients)
UNARY = {  # op -> domain (lo, hi)
    "abs": (-3, 3), "sign": (-3, 3), "negative": (-3, 3), "reciprocal": "away",
    "square": (-3, 3), "sqrt": (0.1, 9), "rsqrt": (0.1, 9), "cbrt": (-8, 8), "rcbrt": "away",
    "exp": (-3, 3), "expm1": (-2, 2), "log": (0.1, 9), "log10": (0.1, 9), "log2": (0.1, 9),
    "log1p": (-0.5, 5), "sin": (-4, 4), "cos": (-4, 4), "tan": (-1.2, 1.2),
    "arcsin": (-0.95, 0.95), "arccos": (-0.95, 0.95), "arctan": (-4, 4), "sinh": (-3, 3),
    "cosh": (-3, 3), "tanh": (-3, 3), "arcsinh": (-4, 4), "arccosh": (1.1, 5),
    "arctanh": (-0.9, 0.9), "degrees": (-3, 3), "radians": (-200, 200), "floor": (-3, 3),
    "ceil": (-3, 3), "trunc": (-3, 3), "fix": (-3, 3), "round": (-3, 3), "rint": (-3, 3),
    "erf": (-2, 2), "erfinv": (-0.9, 0.9), "gamma": (0.2, 4), "gammaln": (0.2, 6),
    "relu": "away", "sigmoid": (-4, 4), "softsign": (-4, 4), "logical_not": (-2, 2),
    "digamma": (0.3, 5), "log_sigmoid": (-4, 4), "mish": (-3, 3),
}
ops = sorted(UNARY)
for i in range(110):
    op = ops[i % len(ops)]
    dt = F64 if i < len(ops) else ALL_DT[R.randint(len(ALL_DT))]
    dom = UNARY[op]
    s = rshape(1, 3, 4, 30)
    if dom == "away":
        x = away(s, -3, 3, F64, 0.3)
        if dt not in (F32, F64, F16):
            x = np.where(np.round(x) == 0, 1, np.round(x)).tolist()
        if dt == U8:
            x = np.abs(x).tolist()
    else:
        x = vals(s, dom[0], dom[1], dt)
        if dt == U8:
            x = np.abs(x).tolist()
    case(f"u_{op}_{i}", f"nd.{op}(a)", {"a": (x, dt)}, ["a"] if dt == F64 else [])
# odd values in every float dtype
ODD = [-2.5, -1.0, -0.5, -0.0, 0.0, 0.5, 1.5, 1e4, NAN, INF, -INF]
for i, op in enumerate(R.choice(ops, 16, replace=False)):
    case(f"u_odd_{op}", f"nd.{op}(a)", {"a": (ODD, [F16, F32, F64][i % 3])})
for i, (op, kw) in enumerate([("hard_sigmoid", "alpha=0.3, beta=0.4"), ("clip", "-0.5, 1.2"),
                              ("clip", "a_min=1, a_max=-1"), ("cast", "dtype='int32'"),
                              ("cast", "dtype='float16'"), ("clip", "0, 2")]):
    dt = [F64, F32, I32, F16][i % 4]
    case(f"u_kw_{i}", f"nd.{op}(a, {kw})", {"a": (vals((2, 4), -2, 2, dt), dt)},
         ["a"] if dt == F64 else [])

# ---- E. reductions
RED = ["sum", "mean", "prod", "nansum", "nanprod", "max", "min"]


def raxis(nd_):
    """A random axis argument string (None, int, negative int, tuple, empty tuple)."""
    k = R.randint(6)
    if k == 0:
        return None
    if k <= 2:
        return str(int(R.randint(-nd_, nd_)))
    if k == 5 and R.rand() < 0.3:
        return "()"
    n = R.randint(1, nd_ + 1)
    ax = R.choice(nd_, n, replace=False)
    ax = [int(a) - nd_ if R.rand() < 0.3 else int(a) for a in ax]
    return "(" + ", ".join(map(str, ax)) + ("," if n == 1 else "") + ")"


def kwargs(axis, keep=None, exclude=None):
    kw = []
    if axis is not None:
        kw.append(f"axis={axis}")
    if keep:
        kw.append("keepdims=True")
    if exclude:
        kw.append("exclude=True")
    return ", ".join(kw)


for i in range(70):
    op = RED[i % len(RED)]
    dt = F64 if i < 35 else [F32, F16, I32, I64, I8, U8, F64][i % 7]
    s = rshape(1, 4, 4, 60)
    x = np.asarray(vals(s, -2, 2, dt), dtype=np.float64)
    if op in ("prod", "nanprod") and dt in (F64, F32, F16):
        x = np.asarray(away(s, -1.6, 1.6, F64, 0.4))
    if op in ("prod", "nanprod") and dt not in (F64, F32, F16):
        x = np.clip(x, -2 if dt != U8 else 0, 2)
    if dt == U8:
        x = np.abs(x)
    if op.startswith("nan") and dt in (F32, F64) and R.rand() < 0.7:
        x = np.where(R.rand(*s) < 0.25, NAN, x)
    if op in ("max", "min") and i % 3 == 0:  # ties: all tied elements get the gradient
        x = np.round(x).clip(-1, 1) if dt != U8 else np.round(x)
    ax = raxis(len(s))
    kw = kwargs(ax, R.rand() < 0.4, ax is not None and R.rand() < 0.3)
    x = x.astype(int).tolist() if dt in (I8, I32, I64, U8) else x.tolist()
    case(f"r_{op}_{i}", f"nd.{op}(a{', ' if kw else ''}{kw})", {"a": (x, dt)},
         ["a"] if dt == F64 else [])
for i, e in enumerate(["nd.sum(a, axis=2)", "nd.max(a, axis=(0, 0))", "nd.mean(a, axis=-3)",
                       "nd.prod(a, axis=(1, -1))", "nd.min(a, axis=(0, 1), exclude=True)",
                       "nd.sum(a, axis=5, exclude=True)"]):
    case(f"r_bad_{i}", e, {"a": (vals((2, 3)), F32)})
# norm
for i in range(24):
    dt = F64 if i < 12 else [F32, F16, I32, F64][i % 4]
    s = rshape(1, 4, 4, 60)
    x = away(s, -3, 3, F64, 0.2) if dt in (F64, F32, F16) else vals(s, -4, 4, dt)
    kw = [f"ord={R.choice([1, 2])}"] if R.rand() < 0.7 else []
    k = R.randint(4)
    if k == 1:
        kw.append(f"axis={R.randint(-len(s), len(s))}")
    elif k == 2 and len(s) >= 2:
        ax = R.choice(len(s), 2, replace=False)
        kw.append(f"axis=({ax[0]}, {ax[1] - len(s)})")
    if R.rand() < 0.4:
        kw.append("keepdims=True")
    if R.rand() < 0.25:
        kw.append(f"out_dtype='{R.choice([F16, F32, F64, I32])}'")
    case(f"r_norm_{i}", f"nd.norm(a, {', '.join(kw)})", {"a": (x, dt)},
         ["a"] if dt == F64 and "out_dtype" not in " ".join(kw) else [])
for i, kw in enumerate(["ord=3", "ord=0", "axis=(0, 1, 2)", "axis=(0, 0)"]):
    case(f"r_norm_bad_{i}", f"nd.norm(a, {kw})", {"a": (vals((2, 3, 2)), F32)})
# argmax / argmin / argmax_channel
for i in range(20):
    op = ["argmax", "argmin"][i % 2]
    dt = [F32, F64, F16, I32, I64, U8, I8][i % 7]
    s = rshape(1, 4, 4, 60)
    x = vals(s, 0 if dt == U8 else -3, 3, dt)
    if i % 5 == 0:
        x = np.round(np.asarray(x, dtype=float)).astype(int if dt[0] in "iu" else float).tolist()
    kw = []
    if R.rand() < 0.7:
        kw.append(f"axis={R.randint(-len(s), len(s))}")
    if R.rand() < 0.4:
        kw.append("keepdims=True")
    case(f"r_{op}_{i}", f"nd.{op}(a{', ' if kw else ''}{', '.join(kw)})", {"a": (x, dt)})
case("r_argmax_nan", "nd.argmax(a, axis=1)", {"a": ([[1, NAN, 3], [NAN, 5, 2]], F32)})
case("r_argmin_nan", "nd.argmin(a, axis=0)", {"a": ([[1, NAN, 3], [NAN, 5, 2]], F32)})
case("r_argmax_bad", "nd.argmax(a, axis=2)", {"a": (vals((2, 3)), F32)})
for i, dt in enumerate([F32, F64, I32, F16]):
    s = rshape(2, 4, 4, 60)
    case(f"r_argmax_channel_{i}", "nd.argmax_channel(a)", {"a": (vals(s, -3, 3, dt), dt)})
# moments
for i in range(10):
    s = rshape(1, 4, 4, 60)
    n = R.randint(1, len(s) + 1)
    ax = tuple(int(a) for a in R.choice(len(s), n, replace=False))
    keep = ", keepdims=True" if R.rand() < 0.5 else ""
    dt = F64 if i < 7 else [F32, F16, I32][i - 7]
    case(f"r_moments_{i}", f"nd.moments(a, axes={ax}{keep})", {"a": (vals(s, -3, 3, dt), dt)},
         ["a"] if dt == F64 else [], gout=i % 2)
case("r_moments_none", "nd.moments(a)", {"a": (vals((2, 3)), F32)})
# cumsum
for i in range(12):
    s = rshape(1, 3, 4, 40)
    dt = F64 if i < 6 else [F32, I32, I8, U8, F16, I64][i - 6]
    kw = []
    if R.rand() < 0.7:
        kw.append(f"axis={R.randint(0, len(s))}")
    if R.rand() < 0.4:
        kw.append(f"dtype='{R.choice([F32, F64, I32, I64])}'")
    case(f"r_cumsum_{i}", f"nd.cumsum(a{', ' if kw else ''}{', '.join(kw)})",
         {"a": (vals(s, 0 if dt == U8 else -3, 3, dt), dt)}, ["a"] if dt == F64 and not kw
         or (dt == F64 and "dtype" not in str(kw)) else [])
case("r_cumsum_bad", "nd.cumsum(a, axis=3)", {"a": (vals((2, 3)), F32)})
case("r_sum_inf", "nd.sum(a, axis=0)", {"a": ([[INF, 1], [-INF, 2], [NAN, 3]], F32)})
case("r_prod_inf", "nd.prod(a, axis=1)", {"a": ([[INF, 0], [-INF, 2], [NAN, 3]], F32)})
case("r_f16_sum_big", "nd.sum(a)", {"a": ([[0.1] * 50] * 4, F16)})
case("r_i8_sum_wrap", "nd.sum(a, axis=0)", {"a": ([[100, -100], [100, -100]], I8)})
case("r_u8_mean", "nd.mean(a)", {"a": ([200, 250, 255, 1], U8)})
case("r_i32_prod_neg", "nd.prod(a)", {"a": ([-3, 5, -7, 2], I32)})
