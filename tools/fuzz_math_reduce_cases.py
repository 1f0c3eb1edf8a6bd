"""Randomised fuzz cases of the math/reduce family (binary and scalar ops with MXNet's dtype
rules, unary math, reductions; linear algebra in fuzz_math_reduce_cases2). Recorded by
``../shared/tools/mxnet-ref tools/record_fuzz.py math_reduce``; replayed by
tests/test_fuzz_math_reduce.py. Deterministic (fixed seed), no MXNet import.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# (FUZZ_SEED draws another sample for exploration; the recorded fixture uses the default)
R = np.random.RandomState(int(os.environ.get("FUZZ_SEED", "20261130")))
NAN, INF = float("nan"), float("inf")
F16, F32, F64 = "float16", "float32", "float64"
I8, I32, I64, U8, BOOL = "int8", "int32", "int64", "uint8", "bool"
ALL_DT = [F16, F32, F64, I8, I32, I64, U8]

CASES = []


def case(name, expr, inputs, wrt=(), gout=0, values=True):
    CASES.append((name, expr, inputs, list(wrt), gout, values))


def rshape(nd_lo=1, nd_hi=4, dmax=4, cap=120):
    while True:
        s = tuple(int(d) for d in R.randint(1, dmax + 1, R.randint(nd_lo, nd_hi + 1)))
        if int(np.prod(s)) <= cap:
            return s


def vals(shape, lo=-2.0, hi=2.0, dt=F64, dec=3):
    """Random data of `shape` for dtype `dt` (floats rounded so 6 digits round-trip)."""
    if dt in (I8, I32, I64):
        lo, hi = int(np.floor(lo)), int(np.ceil(hi))
        return R.randint(lo, hi + 1, shape).tolist()
    if dt == U8:
        return R.randint(max(0, int(lo)), max(1, int(hi)) + 1, shape).tolist()
    if dt == BOOL:
        return (R.rand(*shape) > 0.5).tolist()
    if dt == F16:
        dec = min(dec, 2)
    return np.round(R.uniform(lo, hi, shape), dec).tolist()


def away(shape, lo, hi, dt=F64, gap=0.2):
    """Floats with |x| >= gap (no sign kinks, no zero divisors)."""
    x = np.asarray(vals(shape, lo, hi, dt), dtype=np.float64)
    x = np.where(np.abs(x) < gap, np.where(x < 0, -1, 1) * (gap + np.abs(x)), x)
    return np.round(x, 3).tolist()


def mat_shapes():
    """A random shape of 2 to 4 axes (up to 60 elements)."""
    return rshape(2, 4, 4, 60)


def bshapes():
    """A random broadcastable pair of shapes."""
    base = rshape(1, 4, 4, 60)
    a, b = list(base), list(base)
    for i in range(len(base)):
        k = R.randint(4)
        if k == 1:
            a[i] = 1
        elif k == 2:
            b[i] = 1
    if R.rand() < 0.3:
        b = b[R.randint(len(b)):] or [b[-1]]
    if R.rand() < 0.5:
        a, b = b, a
    return tuple(a), tuple(b)


def badshapes():
    a = rshape(2, 3, 4, 40)
    b = list(a)
    i = R.randint(len(b))
    b[i] = a[i] + 1 if a[i] > 1 else 3
    if a[i] == 1:
        a = list(a)
        a[i] = 2
    return tuple(a), tuple(b)


# ---- A. broadcast_* with random broadcastable shapes (float64 with gradients)
BIN = {  # op -> (lhs domain, rhs domain, differentiable)
    "broadcast_add": ((-3, 3), (-3, 3), True), "broadcast_sub": ((-3, 3), (-3, 3), True),
    "broadcast_mul": ((-3, 3), (-3, 3), True), "broadcast_div": ((-3, 3), "away", True),
    "broadcast_mod": ((0.1, 6), (0.7, 2.5), True), "broadcast_power": ((0.3, 2.5), (-2, 2), True),
    "broadcast_maximum": ((-3, 3), (-3, 3), True), "broadcast_minimum": ((-3, 3), (-3, 3), True),
    "broadcast_hypot": ((-3, 3), (-3, 3), True),
    "broadcast_equal": ((-2, 2), (-2, 2), False), "broadcast_not_equal": ((-2, 2), (-2, 2), False),
    "broadcast_greater": ((-2, 2), (-2, 2), False),
    "broadcast_greater_equal": ((-2, 2), (-2, 2), False),
    "broadcast_lesser": ((-2, 2), (-2, 2), False),
    "broadcast_lesser_equal": ((-2, 2), (-2, 2), False),
    "broadcast_logical_and": ((-1, 1), (-1, 1), False),
    "broadcast_logical_or": ((-1, 1), (-1, 1), False),
    "broadcast_logical_xor": ((-1, 1), (-1, 1), False),
}


def _operand(shape, dom, dt):
    if dom == "away":
        return away(shape, -3, 3, dt, 0.3)
    lo, hi = dom
    if dt not in (F16, F32, F64) or "logical" in str(dom):
        return vals(shape, lo, hi, dt)
    return vals(shape, lo, hi, dt, 1 if hi - lo <= 4 and R.rand() < 0.3 else 3)


def _no_mod_kink(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    q = np.broadcast_to(a, np.broadcast(a, b).shape) / b
    return np.all(np.abs(q - np.round(q)) > 0.02)


for i, (op, (dl, dr, diff)) in enumerate(list(BIN.items()) * 3):
    sa, sb = bshapes()
    dt = F64 if i < 2 * len(BIN) else R.choice([F32, F16])
    while True:
        a, b = _operand(sa, dl, dt), _operand(sb, dr, dt)
        if op != "broadcast_mod" or _no_mod_kink(a, b):
            break
        sa, sb = bshapes()
    case(f"b_{op[10:]}_{i // len(BIN)}", f"nd.{op}(a, b)", {"a": (a, dt), "b": (b, dt)},
         ["a", "b"] if diff and dt == F64 else [])
for i, op in enumerate(R.choice(sorted(BIN), 8, replace=False)):
    sa, sb = badshapes()
    case(f"b_bad_shape_{i}", f"nd.{op}(a, b)", {"a": (vals(sa), F32), "b": (vals(sb), F32)})
# integer dtypes on the broadcast ops (same dtype both sides)
for i in range(24):
    op = R.choice(sorted(BIN))
    dt = R.choice([I8, I32, I64, U8])
    sa, sb = bshapes()
    lo = 0 if dt == U8 else -5
    a = vals(sa, lo, 9, dt)
    b = vals(sb, 1 if op in ("broadcast_div", "broadcast_mod") else lo, 5 if "pow" in op else 9,
              dt)
    if "pow" in op:
        b = np.abs(np.asarray(b)).clip(0, 3).tolist()
    case(f"b_int_{i}", f"nd.{op}(a, b)", {"a": (a, dt), "b": (b, dt)})
# mixed dtypes (MXNet never promotes: an error, or bool refused)
MIX = [(F32, F64), (F32, F16), (F16, F64), (I32, F32), (I64, I32), (U8, I8), (I8, I32),
       (F64, I64), (BOOL, BOOL), (BOOL, F32), (U8, F32)]
for i, (d1, d2) in enumerate(MIX):
    op = R.choice(sorted(BIN))
    sa, sb = bshapes()
    case(f"b_mix_{i}", f"nd.{op}(a, b)", {"a": (vals(sa, 0, 3, d1), d1),
                                         "b": (vals(sb, 1, 3, d2), d2)})

# ---- B. elemwise_* (same shape only) and add_n
for i, op in enumerate(["elemwise_add", "elemwise_sub", "elemwise_mul", "elemwise_div"] * 2):
    s = rshape()
    dt = F64 if i < 4 else R.choice([F32, I32, F16])
    b = away(s, -3, 3, F64, 0.3) if dt == F64 else vals(s, 1, 4, dt)
    case(f"e_{op[9:]}_{i}", f"nd.{op}(a, b)", {"a": (vals(s, -3, 3, dt), dt), "b": (b, dt)},
         ["a", "b"] if dt == F64 else [])
for i, op in enumerate(["elemwise_add", "elemwise_mul", "elemwise_sub"]):
    sa, sb = bshapes()
    if sa == sb:
        sb = sb + (2,)
    case(f"e_bad_shape_{i}", f"nd.{op}(a, b)", {"a": (vals(sa), F32), "b": (vals(sb), F32)})
case("e_mix", "nd.elemwise_add(a, b)", {"a": ([1, 2], F32), "b": ([1, 2], F64)})
for i in range(6):
    n = R.randint(1, 6)
    s = rshape(1, 3, 4, 40)
    dt = F64 if i < 3 else R.choice([F32, I32, F16])
    names = "abcdefg"[:n]
    case(f"addn_{i}", f"nd.add_n({', '.join(names)})",
         {k: (vals(s, -3, 3, dt), dt) for k in names}, list(names) if dt == F64 else [])
case("addn_mix", "nd.add_n(a, b, c)", {"a": ([1, 2], F32), "b": ([1, 2], F32),
                                        "c": ([1, 2], F64)})
case("addn_bool", "nd.add_n(a, b)", {"a": ([1, 0], BOOL), "b": ([1, 1], BOOL)})
case("addn_bool_mix", "nd.add_n(a, b)", {"a": ([1, 2], F32), "b": ([1, 1], BOOL)})
case("addn_one", "nd.add_n(a)", {"a": ([1.5, 2.5], F64)}, ["a"])
case("e_bool_mix", "nd.elemwise_mul(a, b)", {"a": ([1, 0], BOOL), "b": ([1, 2], I32)})
case("e_bool", "nd.elemwise_sub(a, b)", {"a": ([1, 0], BOOL), "b": ([1, 1], BOOL)})
case("addn_shape", "nd.add_n(a, b)", {"a": ([1, 2], F32), "b": ([[1, 2]], F32)})
case("addn_grad_aliased", "nd.add_n(a, a, b)", {"a": ([1.5, 2.], F64), "b": ([1., 2.], F64)},
     ["a", "b"])

# ---- C. NDArray operators and scalar variants over every dtype
OPS2 = ["a + b", "a - b", "a * b", "a / b", "a % b", "a ** b", "a == b", "a != b", "a > b",
        "a >= b", "a < b", "a <= b"]
SCAL = ["a + {s}", "a - {s}", "{s} - a", "a * {s}", "a / {s}", "{s} / a", "a % {s}",
        "{s} % a", "a ** {s}", "{s} ** a", "a > {s}", "{s} > a", "a == {s}", "a != {s}",
        "{s} <= a", "-a", "abs(a)", "nd.maximum(a, {s})", "nd.minimum({s}, a)",
        "nd._internal._hypot_scalar(a, scalar={s})", "nd.logical_and(a, {s})",
        "nd.logical_xor({s}, a)", "nd._internal._rmod_scalar(a, scalar={s})",
        "nd._internal._rpower_scalar(a, scalar={s})"]
SCALARS = ["2", "3", "-2", "0.5", "2.5", "-1.7", "0", "1e10", "True", "np.float64(1.5)",
           "np.int32(3)"]
for i in range(36):
    dt = ALL_DT[i % len(ALL_DT)] if i < 28 else BOOL
    s = rshape(1, 3, 4, 24)
    lo = 0 if dt in (U8, BOOL) else -4
    a = vals(s, lo, 6, dt)
    if dt != BOOL and i % 2 == 0:  # no zero divisors half of the time
        a = (np.where(np.asarray(a) == 0, 1, np.asarray(a))).tolist()
    if i < 14:
        e = OPS2[i % len(OPS2)]
        b = vals(s if R.rand() < 0.6 else s[-1:], 1 if dt == U8 else -3, 4, dt)
        if "**" in e and dt not in (F16, F32, F64):
            b = np.abs(np.asarray(b)).tolist()
        case(f"o_{i}", e, {"a": (a, dt), "b": (b, dt)})
    for j in range(3 if i < 28 else 5):
        e = SCAL[R.randint(len(SCAL))].format(s=SCALARS[R.randint(len(SCALARS))])
        case(f"o_{i}_{j}", e, {"a": (a, dt)})
# int scalars vs float scalars on integer arrays: MXNet's casting of the scalar
for dt in (I32, I64, I8, U8):
    a = vals((5,), 0 if dt == U8 else -5, 9, dt)
    for e in ("a + 0.7", "a * 1.5", "a ** 0.5", "a / 2.5", "a % 2.5", "2.5 % a", "2.5 - a",
              "a > 1.5", "7.9 / a", "a ** 2"):
        case(f"sc_{dt}_{e.replace(' ', '')}", e, {"a": (a, dt)})
# division and mod by zero, NaN and inf
ZEROS = [[3.0, -3.0, 0.0, NAN, INF, -INF, 2.5], [0.0, 0.0, 0.0, 2.0, 0.0, INF, -INF]]
for dt in (F32, F64, F16):
    for e in ("a / b", "a % b", "b / a", "b % a", "a ** b", "nd.broadcast_hypot(a, b)",
              "nd.maximum(a, b)", "nd.minimum(a, b)", "a == b", "a > b", "a / 0", "a % 0",
              "0 % a", "nd.logical_and(a, b)", "1 / a", "a ** -1"):
        case(f"z_{dt}_{e.replace(' ', '')}", e, {"a": (ZEROS[0], dt), "b": (ZEROS[1], dt)})
for dt in (I32, I64, I8, U8):
    for e in ("a / b", "a % b", "a % 0", "0 % a", "a ** b"):
        case(f"z_{dt}_{e.replace(' ', '')}", e, {"a": ([7, 3, 0, 5], dt), "b": ([0, 2, 0, 3], dt)})
case("z_grad_mod", "nd.broadcast_mod(a, b)", {"a": ([5.5, -3.5, 2.25], F64),
                                               "b": ([2.0, 2.0, -1.5], F64)}, ["a", "b"])
case("z_grad_pow0", "nd.broadcast_power(a, b)", {"a": ([0.0, 2.0, 1.5], F64),
                                                  "b": ([2.0, 0.5, -1.0], F64)}, ["a", "b"])
case("z_grad_maxtie", "nd.broadcast_maximum(a, b)", {"a": ([[1.0, 3.0, 2.0]], F64),
                                                      "b": ([[2.0], [3.0]], F64)}, ["a", "b"])
case("z_grad_mintie", "nd.broadcast_minimum(a, b)", {"a": ([1.0, 3.0, 2.0], F64),
                                                      "b": ([2.0, 3.0, 2.0], F64)}, ["a", "b"])
case("z_grad_hypot0", "nd.broadcast_hypot(a, b)", {"a": ([0.0, 3.0], F64),
                                                    "b": ([0.0, 4.0], F64)}, ["a", "b"])

import fuzz_math_reduce_cases2  # noqa: E402,F401  (unary, reductions)
import fuzz_math_reduce_cases3  # noqa: E402,F401  (linear algebra)
import fuzz_math_reduce_cases4  # noqa: E402,F401  (corners)
import fuzz_math_reduce_cases5  # noqa: E402,F401  (linalg edges, float32 gradients)
import fuzz_math_reduce_cases6  # noqa: E402,F401  (operators, casts, float16 ranges)
import fuzz_math_reduce_cases7  # noqa: E402,F401  (gradients at special points)
