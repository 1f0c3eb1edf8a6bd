"""random_misc fuzz cases, part 3: creation (arange, linspace, eye, zeros/ones/full/empty,
*_like, array, concatenate, moveaxis), casts (astype, cast over all dtype pairs, clip,
cast_storage) and misc ops (amp_cast, amp_multicast, reset_arrays, multi_lars,
onehot_encode)."""
import numpy as np

rs = np.random.RandomState(20261203)
D, F, H, I32 = "float64", "float32", "float16", "int32"
CASES = []


def case(name, expr, inputs=None, wrt=(), gout=0, values=True):
    CASES.append((name, expr, inputs or {}, list(wrt), gout, values))


def pick(seq):
    return seq[rs.randint(len(seq))]


def rshape(ndim, lo=1, hi=4):
    return tuple(int(v) for v in rs.randint(lo, hi + 1, ndim))


def arr(shape, dt=D, lo=-2.0, hi=2.0, dec=3):
    a = np.round(rs.uniform(lo, hi, shape), dec)
    a[a == 0] = 0.125
    return (a.tolist(), dt)


def num(lo, hi, integer):
    return int(rs.randint(lo, hi)) if integer else float(np.round(rs.uniform(lo, hi), 2))


DTN = ["float32", "float64", "float16", "int32", "int64", "uint8", "int8"]

# ---------------------------------------------------------------- arange
for j in range(30):
    integer = rs.rand() < 0.5
    start = num(-6, 6, integer)
    step = num(1, 4, integer) if integer else float(np.round(rs.uniform(0.2, 2.5), 2))
    if rs.rand() < 0.3:
        step = -step
    length = int(rs.randint(1, 9))
    stop = start + step * length - (0 if integer else float(np.round(step * 0.3, 2)))
    stop = round(stop, 2)
    args = [repr(start), repr(stop)]
    kws = []
    if step != 1 or rs.rand() < 0.3:
        kws.append(f"step={step!r}")
    if rs.rand() < 0.3:
        kws.append(f"repeat={int(rs.randint(1, 4))}")
    if rs.rand() < 0.5:
        kws.append(f"dtype={pick(DTN[:6])!r}")
    if rs.rand() < 0.15 and step > 0:   # one-argument form
        args = [repr(abs(stop))]
    case(f"ar_{j}", f"nd.arange({', '.join(args + kws)})")
for j, expr in enumerate([
        "nd.arange(5)", "nd.arange(0, 1, 0.3)", "nd.arange(2, 6, step=1.5, repeat=2)",
        "nd.arange(10, 0, -3)", "nd.arange(0, 1, 0.1, dtype='float64')",
        "nd.arange(-1.5, 1.5, 0.5, dtype='int32')", "nd.arange(0, 5, 0)",
        "nd.arange(5, 0)", "nd.arange(0, 5, -1)", "nd.arange(3, 3)",
        "nd.arange(0, 2.5, 0.5, repeat=0)", "nd.arange(0, 300, 50, dtype='uint8')",
        "nd.arange(0, 3, infer_range=True)", "nd.arange(2.7)",
        "nd.arange(0, 10, 3, dtype=np.int64)", "nd.arange(1e7, 1e7 + 3)",
        "nd.arange(0, 1, 1e-1, dtype='float16')", "nd.arange(-3)",
        "nd.arange(start=1, stop=4, step=0.7)", "nd.arange(0, 4, repeat=-1)",
]):
    case(f"ar_edge_{j}", expr)

# ---------------------------------------------------------------- linspace
for j in range(16):
    start, stop = float(np.round(rs.uniform(-5, 5), 2)), float(np.round(rs.uniform(-5, 5), 2))
    n = int(rs.randint(1, 9))
    extra = ""
    if rs.rand() < 0.5:
        extra += f", endpoint={bool(rs.rand() < 0.5)}"
    if rs.rand() < 0.5:
        extra += f", dtype={pick(DTN[:5])!r}"
    case(f"ls_{j}", f"nd.linspace({start}, {stop}, {n}{extra})")
for j, expr in enumerate(["nd.linspace(0, 10, 4, dtype='int32')", "nd.linspace(0, 1, 0)",
                          "nd.linspace(3, 3, 3)", "nd.linspace(0, 1, 1, endpoint=False)",
                          "nd.linspace(0, 1, -2)", "nd.linspace(-1, -7, 5, dtype='uint8')"]):
    case(f"ls_edge_{j}", expr)

# ---------------------------------------------------------------- eye
for j in range(16):
    n = int(rs.randint(1, 6))
    m = pick([0, 0, int(rs.randint(1, 7))])
    k = int(rs.randint(-4, 5))
    dt = pick([None] + DTN)
    args = f"{n}" + (f", {m}" if m or rs.rand() < 0.3 else "") + (f", k={k}" if k else "")
    if dt:
        args += f", dtype={dt!r}"
    case(f"eye_{j}", f"nd.eye({args})")
for j, expr in enumerate(["nd.eye(0)", "nd.eye(3, k=5)", "nd.eye(-1)", "nd.eye(2, M=3, k=-1)",
                          "nd.eye(3, dtype=np.int64)", "nd.eye(2.0)"]):
    case(f"eye_edge_{j}", expr)

# ---------------------------------------------------------------- zeros / ones / full / empty
SHAPES = ["3", "(2, 3)", "(4,)", "[2, 2]", "(1, 2, 3)", "()", "(2, 0)", "(0,)"]
DTYPES = ["None", "'float64'", "'int32'", "np.float16", "np.int64", "'uint8'", "'int8'",
          "np.float32", "'bool'", "'float128'"]
for j in range(30):
    op = pick(["zeros", "ones", "full", "empty"])
    shp = pick(SHAPES[:5] if rs.rand() < 0.85 else SHAPES)
    dt = pick(DTYPES if rs.rand() < 0.9 else DTYPES[:8])
    args = shp
    if op == "full":
        args += f", {pick([2.7, -1.5, 7, 300, True, -0.4])}"
    if dt != "None" or rs.rand() < 0.2:
        args += f", dtype={dt}"
    case(f"cr_{op}_{j}", f"nd.{op}({args})", values=op != "empty")
for j, expr in enumerate(["nd.zeros(shape=(2, 3), dtype='float64')", "nd.ones((2,), np.float64)",
                          "nd.full((2, 2), float('nan'))", "nd.full((2,), float('inf'),"
                          " dtype='int32')", "nd.full((2,), -3.7, dtype='uint8')",
                          "nd.zeros((2, -1))", "nd.ones(shape=4, dtype=int)",
                          "nd.full(3, 2)", "nd.zeros((2, 3), stype='default')",
                          "nd.ones((3,), dtype=bool)"]):
    case(f"cr_edge_{j}", expr)
for j in range(10):
    shp = rshape(int(rs.randint(1, 4)))
    dt = pick([F, D, I32, H])
    op = pick(["nd.zeros_like(a)", "nd.ones_like(a)", "a.zeros_like()", "a.ones_like()",
               "nd.full_like(a, 2.5)"])
    case(f"like_{j}", op, {"a": arr(shp, dt)}, ["a"] if dt in (F, D) and "full" not in op else [])

# ---------------------------------------------------------------- array
for j, expr in enumerate([
        "nd.array([[1, 2], [3, 4]])", "nd.array([1.5, 2.5], dtype='int32')",
        "nd.array(np.array([1, 2], dtype=np.int64))", "nd.array(np.array([1.5], dtype=np.float64))",
        "nd.array(np.array([True, False]))", "nd.array(np.array([1, 2], dtype=np.uint8))",
        "nd.array(3.5)", "nd.array(7)", "nd.array([])", "nd.array([[1, 2], [3]])",
        "nd.array((1, 2, 3), dtype=np.float16)", "nd.array(a)", "nd.array(a, dtype='float64')",
        "nd.array(i)", "nd.array([-1, 300], dtype='uint8')", "nd.array(np.float64(2.5))",
        "nd.array([[True, False]])", "nd.array(range(4))", "nd.array('abc')",
        "nd.array(np.arange(6).reshape(2, 3).T)", "nd.array([1, 2], dtype='bool')",
        "nd.array(np.array([1, 2], dtype=np.int8), dtype='int64')", "nd.array([[[]]])",
]):
    case(f"arr_{j}", expr, {"a": arr((2, 2), D), "i": ([1, 2, 3], "int64")})

# ---------------------------------------------------------------- concatenate / moveaxis
for j in range(10):
    nd_ = int(rs.randint(1, 4))
    base = rshape(nd_, 1, 3)
    ax = int(rs.randint(-nd_, nd_))
    ins = {}
    for v in "abc"[:int(rs.randint(1, 4))]:
        s = list(base)
        s[ax] = int(rs.randint(1, 4))
        ins[v] = arr(tuple(s), pick([F, D]) if v == "a" else ins["a"][1])
    extra = f", axis={ax}" if ax or rs.rand() < 0.5 else ""
    if rs.rand() < 0.3:
        extra += ", always_copy=False"
    case(f"cat_{j}", f"nd.concatenate([{', '.join(ins)}]{extra})", ins, list(ins))
case("cat_bad", "nd.concatenate([a, b], axis=1)", {"a": arr((2, 2)), "b": arr((3, 3))})
case("cat_axis_oob", "nd.concatenate([a, b], axis=2)", {"a": arr((2, 2)), "b": arr((2, 2))})
for j in range(10):
    nd_ = int(rs.randint(1, 5))
    x = arr(rshape(nd_, 1, 3))
    k = int(rs.randint(1, nd_ + 1))
    src = [int(v) for v in rs.permutation(nd_)[:k]]
    dst = [int(v) for v in rs.permutation(nd_)[:k]]
    src = [s - nd_ if rs.rand() < 0.3 else s for s in src]
    if k == 1 and rs.rand() < 0.5:
        src, dst = src[0], dst[0]
    case(f"mva_{j}", f"nd.moveaxis(a, {src}, {dst})", {"a": x})
for j, expr in enumerate(["nd.moveaxis(a, 0, 3)", "nd.moveaxis(a, [0, 1], [1])",
                          "nd.moveaxis(a, [0, 0], [1, 2])", "nd.moveaxis(a, -4, 0)"]):
    case(f"mva_edge_{j}", expr, {"a": arr((2, 3, 4))})

# ---------------------------------------------------------------- casts
CDT = ["float16", "float32", "float64", "uint8", "int8", "int32", "int64", "bool"]
FVALS = [-2.7, -0.5, 0.0, 0.4, 1.9, 2.5, 127.6, 255.9, 1000.3, -129.2]
IVALS = [-3, 0, 1, 2, 127, 128, 255, 256, -129, 70000]
for src in CDT:
    vals = [1, 0, 1, 1] if src == "bool" else (FVALS if src[0] == "f" else
                                               [v for v in IVALS if src != "uint8" or v >= 0])
    if src in ("int8", "uint8"):
        vals = [v for v in vals if -128 <= v <= (127 if src == "int8" else 255)]
    for dst in CDT:
        form = pick(["nd.cast(a, dtype={!r})", "nd.Cast(a, {!r})", "a.astype({!r})"])
        wrt = ["a"] if src[0] == "f" and dst[0] == "f" and src != "float16" else []
        case(f"cast_{src}_{dst}", form.format(dst), {"a": (vals, src)}, wrt)
for j, (expr, vals, dt) in enumerate([
        ("nd.cast(a, dtype='int32')", [float("nan"), 1.0], F),
        ("nd.cast(a, dtype='uint8')", [-1.0, -200.0, 256.0], F),
        ("nd.cast(a, dtype='float16')", [70000.0, 1e-8, -1e5], F),
        ("a.astype('int32', copy=False)", [1.7, -1.7], F),
        ("a.astype('float32', copy=False)", [1.7, -1.7], F),
        ("a.astype(np.float64)", [1.7, -1.7], F),
        ("nd.cast(a, dtype='foo')", [1.0], F),
        ("nd.cast(a)", [1.0], F),
        ("nd.cast(a, dtype='int64')", [float("inf"), -1.5], D),
        ("nd.cast(a, dtype='bool')", [float("nan"), 0.0, -0.0, 0.1], F),
]):
    case(f"cast_edge_{j}", expr, {"a": (vals, dt)})

# ---------------------------------------------------------------- clip
for j in range(18):
    dt = pick([D, D, F, I32, H])
    shp = rshape(int(rs.randint(1, 3)), 1, 4)
    lo = float(np.round(rs.uniform(-2, 1), 2))
    hi = float(np.round(rs.uniform(-1, 2), 2))
    if dt == I32:
        x = (rs.randint(-4, 5, shp).tolist(), I32)
    else:
        x = arr(shp, dt)
    wrt = ["a"] if dt in (D, F) and lo <= hi else []
    form = pick(["nd.clip(a, {}, {})", "nd.clip(a, a_min={}, a_max={})", "a.clip({}, {})"])
    case(f"clip_{j}", form.format(lo, hi), {"a": x}, wrt)
for j, expr in enumerate(["nd.clip(a, 1.0, -1.0)", "nd.clip(a, 0.5, 0.5)", "nd.clip(a)",
                          "nd.clip(a, a_min=0)", "nd.clip(a, -np.inf, 0.3)"]):
    case(f"clip_edge_{j}", expr, {"a": arr((3, 3))}, ["a"] if j in (0, 1, 4) else [])
for j, dt in enumerate([F, D, I32]):
    case(f"cstore_{j}", "nd.cast_storage(a, stype='default')", {"a": arr((2, 3), dt)}, ["a"])
case("cstore_bad", "nd.cast_storage(a, stype='foo')", {"a": arr((2, 3), F)})

# ---------------------------------------------------------------- amp / misc ops
for j in range(10):
    src = pick([F, D, H, I32])
    dst = pick(["float16", "float32", "float64"])
    x = (rs.randint(-5, 5, (2, 3)).tolist(), I32) if src == I32 else arr((2, 3), src)
    case(f"ampc_{j}", f"nd.amp_cast(a, dtype={dst!r})", {"a": x}, ["a"] if src != I32 else [])
case("ampc_bad", "nd.amp_cast(a, dtype='int32')", {"a": arr((2,), F)})
for j in range(12):
    n = int(rs.randint(1, 4))
    ins = {v: arr(rshape(int(rs.randint(1, 3)), 1, 3), pick([F, D, H])) for v in "abc"[:n]}
    narrow = bool(rs.rand() < 0.5)
    gout = int(rs.randint(n))
    case(f"ampm_{j}", f"nd.amp_multicast({', '.join(ins)}, num_outputs={n}, "
         f"cast_narrow={narrow})", ins, [k for k in ins if ins[k][1] != H], gout)
case("ampm_count", "nd.amp_multicast(a, b, num_outputs=3)", {"a": arr((2,)), "b": arr((2,), F)})
case("ampm_int", "nd.amp_multicast(a, b, num_outputs=2)", {"a": arr((2,), F),
                                                          "b": ([1, 2], I32)})
for j in range(5):
    n = int(rs.randint(1, 4))
    ins = {v: arr(rshape(int(rs.randint(1, 3))), pick([F, D, I32])) for v in "abc"[:n]}
    if any(t[1] == I32 for t in ins.values()):
        ins = {k: (np.round(v[0]).astype(int).tolist() if v[1] == I32 else v[0], v[1])
               for k, v in ins.items()}
    case(f"reset_{j}", f"(nd.reset_arrays({', '.join(ins)}, num_arrays={n}), "
         f"[{', '.join(ins)}])[1]", ins)
case("reset_count", "(nd.reset_arrays(a, b, num_arrays=1), [a, b])[1]",
     {"a": arr((2,)), "b": arr((2,))})
for j in range(8):
    n = int(rs.randint(1, 6))
    ins = {"l": arr((n,), F, 0.01, 1), "w": arr((n,), F, 0, 4), "g": arr((n,), F, 0, 4),
           "d": arr((n,), F, 0, 0.1)}
    if j % 3 == 0:   # zero norms keep the learning rate
        ins["w"] = ([0.0] + ins["w"][0][1:], F)
        ins["g"] = (ins["g"][0][:-1] + [0.0], F)
    eta = float(np.round(rs.uniform(0.001, 1), 3))
    eps = pick([0.0, 1e-8, 0.5])
    rg = pick([1.0, 0.5, 2.0])
    case(f"lars_{j}", f"nd.multi_lars(l, w, g, d, eta={eta}, eps={eps}, rescale_grad={rg})", ins)
case("lars_noeta", "nd.multi_lars(l, w, g, d, eps=0.1)",
     {"l": arr((2,), F, 0, 1), "w": arr((2,), F, 0, 1), "g": arr((2,), F, 0, 1),
      "d": arr((2,), F, 0, 1)})
for j in range(6):
    b = int(rs.randint(1, 5))
    k = int(rs.randint(2, 6))
    idx = rs.randint(0, k, b).astype(float).tolist()
    if j == 5:
        idx[0] = float(k + 1)
    case(f"onehot_{j}", f"nd.onehot_encode(i, nd.zeros(({b}, {k}), dtype={F if j < 4 else D!r}))",
         {"i": (idx, pick([F, I32]))})
case("onehot_neg", "nd.onehot_encode(i, nd.zeros((2, 3)))", {"i": ([-1.0, 1.0], F)})
case("onehot_shape", "nd.onehot_encode(i, nd.zeros((3, 3)))", {"i": ([0.0, 1.0], F)})

# ---------------------------------------------------------------- follow-ups (fixed)
A23 = arr((2, 3), F)
for j, expr in enumerate([
        "nd.concatenate([a, a], axis=-1)", "nd.concatenate([a, a], axis=-3)",
        "nd.concatenate([a, b], axis=0)", "nd.concatenate((a, a), axis=0)",
        "nd.concatenate([], axis=0)", "nd.concatenate([a, a, a], axis=1)",
        "nd.eye(3, -1)", "nd.eye(0, 2)", "nd.eye(2, 0, k=1)", "nd.eye(np.int64(2))",
        "nd.eye(2, 3, k=-5)", "nd.eye(3, 2.0)",
        "nd.arange(0, 5, 0.0)", "nd.arange(2.5, 1.5)", "nd.arange(0, 1.5, -0.5)",
        "nd.arange(0.0, 1e-9)", "nd.arange(1.7, 9, 2.5, dtype='int64')",
        "nd.arange(0.5, 4.2, 0.7, dtype='float16')", "nd.arange(0, 3, 1.0, dtype='float16', "
        "repeat=2)", "nd.arange(-2.5, -9.1, -1.5, dtype='int32')",
        "nd.arange(0, 2, 0.5, repeat=2, dtype='float64')",
        "nd.linspace(0, 1, 2.5)", "nd.linspace(0, 1, 5, dtype='float16')",
        "nd.linspace(5, -5, 6, endpoint=False, dtype='int64')",
        "nd.full((2,), float('nan'), dtype='int8')", "nd.full((2,), float('inf'), dtype='int64')",
        "nd.full((2,), 1e10, dtype='int32')", "nd.full((2,), -1e10, dtype='uint8')",
        "nd.full((2,), 2.7, dtype='bool')", "nd.full((2,), np.int64(300), dtype='int8')",
        "nd.full((2,), -129, dtype='int8')", "nd.full((2,), 3.9, dtype='int64')",
        "nd.full((2,), 2 ** 40, dtype='int32')", "nd.full((2,), -0.5, dtype='float16')",
        "nd.zeros((2,), dtype='float128')", "nd.ones((0,), dtype='float64')",
        "nd.empty((0,), dtype='float64')", "nd.full((0,), 1)", "nd.zeros((0,))",
        "nd.ones((2,), mx.cpu(), 'float64')", "nd.zeros((2, 2), ctx=mx.cpu(), dtype='int8')",
        "nd.ones((2,), 'float64')",
]):
    case(f"cr_more_{j}", expr, {"a": A23, "b": arr((2, 3), D)},
         ["a"] if expr.startswith("nd.concatenate([a, a, a]") else [],
         values=not expr.startswith("nd.empty"))
