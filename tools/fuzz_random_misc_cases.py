"""Randomised fuzz cases of the random_misc family (see tools/record_fuzz.py): random sampling
(nd.random.*, the legacy nd.random_* and nd.sample_* names, shapes, dtypes, NDArray
parameters, invalid parameters) and the random_pdf_* densities (values and gradients). The
creation ops, casts and misc ops are in fuzz_random_misc_cases2 (imported at the end).

Random values differ from MXNet's generator: sampling cases compare shapes and dtypes only,
except where the result is deterministic (low == high, lam = 0, one-hot multinomial ...).
Deterministic (one RandomState, fixed seed); no MXNet import. FUZZ_ONLY=prefix,prefix keeps
only the cases whose names start with one of the prefixes (to re-record a subset).
"""
import os

import numpy as np

rs = np.random.RandomState(20261201)
D, F, H, I32 = "float64", "float32", "float16", "int32"
CASES = []


def case(name, expr, inputs=None, wrt=(), gout=0, values=True):
    CASES.append((name, expr, inputs or {}, list(wrt), gout, values))


def arr(shape, dt=D, lo=-2.0, hi=2.0, dec=4):
    a = np.round(rs.uniform(lo, hi, shape), dec)
    return (a.tolist(), dt)


def pick(seq):
    return seq[rs.randint(len(seq))]


def rshape(ndim, lo=1, hi=4):
    return tuple(int(v) for v in rs.randint(lo, hi + 1, ndim))


def fl(v, d=2):
    return float(np.round(v, d))


def shape_arg():
    """A shape argument: int, tuple, 1-tuple, or omitted."""
    k = rs.randint(5)
    if k == 0:
        return None
    if k == 1:
        return int(rs.randint(1, 6))
    return rshape(int(rs.randint(1, 4)))


def kw(**kv):
    return ", ".join(f"{k}={v!r}" for k, v in kv.items() if v is not None)


# ---------------------------------------------------------------- scalar-parameter sampling
DISTS = {  # name: (param names, draw of valid params)
    "uniform": (("low", "high"), lambda: sorted([fl(rs.uniform(-3, 3)), fl(rs.uniform(-3, 3))])),
    "normal": (("loc", "scale"), lambda: [fl(rs.uniform(-3, 3)), fl(rs.uniform(0.1, 3))]),
    "gamma": (("alpha", "beta"), lambda: [fl(rs.uniform(0.2, 4)), fl(rs.uniform(0.2, 3))]),
    "exponential": (("scale",), lambda: [fl(rs.uniform(0.1, 3))]),
    "poisson": (("lam",), lambda: [fl(rs.uniform(0, 8))]),
    "negative_binomial": (("k",), lambda: [int(rs.randint(1, 6))]),
    "generalized_negative_binomial": (("mu", "alpha"),
                                      lambda: [fl(rs.uniform(0.1, 5)), fl(rs.uniform(0, 2))]),
}
DTYPES = [None, None, "float16", "float32", "float64"]
for j in range(30):
    dist = pick(list(DISTS))
    names, draw = DISTS[dist]
    vals = draw()
    if dist == "negative_binomial":
        vals = vals + [fl(rs.uniform(0.1, 0.95))]
        names = ("k", "p")
    dt = pick(DTYPES)
    shp = shape_arg()
    mod = pick(["nd.random", "mx.random", "nd.random"])
    if rs.rand() < 0.5:   # positional parameters
        args = ", ".join(repr(v) for v in vals)
        if shp is not None and rs.rand() < 0.5:
            args += f", {shp!r}"
            shp = None
        rest = kw(shape=shp, dtype=dt)
        expr = f"{mod}.{dist}({args}{', ' if rest else ''}{rest})"
    else:
        expr = f"{mod}.{dist}({kw(**dict(zip(names, vals)), shape=shp, dtype=dt)})"
    case(f"rs_{dist}_{j}", expr, values=False)

# randint / randn
for j in range(10):
    lo = int(rs.randint(-10, 10))
    hi = lo + int(rs.randint(1, 20))
    dt = pick([None, "int32", "int64"])
    case(f"rs_randint_{j}", f"nd.random.randint({lo}, {hi}, {kw(shape=shape_arg(), dtype=dt)})",
         values=False)
for j in range(5):
    shp = rshape(int(rs.randint(1, 4)))
    extra = pick(["", ", loc=1.5", ", scale=0.5, dtype='float64'", ", dtype='float16'"])
    case(f"rs_randn_{j}", f"nd.random.randn({', '.join(map(str, shp))}{extra})", values=False)
case("rs_randn_noshape", "nd.random.randn()", values=False)
case("rs_randint_equal", "nd.random.randint(4, 5, shape=(2, 3))")
case("rs_randint_lo_eq_hi", "nd.random.randint(5, 5, shape=(2,))", values=False)
case("rs_randint_float", "nd.random.randint(0, 3, shape=(2,), dtype='float32')")
case("rs_randint_lo_gt_hi", "nd.random.randint(5, 2, shape=(2,))")

# deterministic results
case("rs_uniform_point", "nd.random.uniform(1.5, 1.5, shape=(2, 3))")
case("rs_uniform_point_f64", "nd.random.uniform(-2, -2, shape=4, dtype='float64')")
case("rs_poisson_zero", "nd.random.poisson(0, shape=(3,))")
case("rs_gnb_zero_mu", "nd.random.generalized_negative_binomial(0.0, 0.5, shape=(2, 2))")
case("rs_uniform_nd_point", "nd.random.uniform(a, a, shape=(2,))", {"a": arr((3,), F)})
case("rs_poisson_nd_zero", "nd.random.poisson(z, shape=(2,))", {"z": ([0.0, 0.0], F)})

# invalid parameters / arguments
for j, expr in enumerate([
        "nd.random.uniform(2, 1, shape=(2,))", "nd.random.normal(0, -1, shape=(2,))",
        "nd.random.normal(0, 0, shape=(2,))", "nd.random.gamma(-1, 1, shape=(2,))",
        "nd.random.gamma(1, -2, shape=(2,))", "nd.random.exponential(-1, shape=(2,))",
        "nd.random.exponential(0, shape=(2,))", "nd.random.poisson(-1, shape=(2,))",
        "nd.random.negative_binomial(-1, 0.5, shape=(2,))",
        "nd.random.negative_binomial(2, 1.5, shape=(2,))",
        "nd.random.negative_binomial(2, 0, shape=(2,))",
        "nd.random.generalized_negative_binomial(-1, 0.5, shape=(2,))",
        "nd.random.generalized_negative_binomial(1, -0.5, shape=(2,))",
        "nd.random.uniform(0, 1, shape=(2,), dtype='int32')",
        "nd.random.normal(0, 1, shape=(2,), dtype='uint8')",
        "nd.random.uniform(0, 1, shape=(2,), dtype='float128')",
        "nd.random.uniform(0, 1, shape=(2, 0))", "nd.random.uniform(0, 1, shape=())",
        "nd.random.normal(0, 1, shape=(-1, 2))", "nd.random.uniform(0, 1, shape=(2,), foo=1)",
        "nd.random.poisson(2, shape=(2,), dtype='int32')",
        "nd.random.randint(0, 3, shape=(2,), dtype='uint8')",
        "nd.random.uniform(a, 1.0, shape=(2,))", "nd.random.normal(a, b, shape=(2,))",
        "nd.random.uniform(b, a)", "nd.random.randint(a, 3)",
        "nd.random.negative_binomial(2.5, 0.5, shape=(2,))",
        "nd.random.gamma(0, 1, shape=(2,))",
]):
    case(f"rs_err_{j}", expr, {"a": arr((3,), F, 0, 1), "b": arr((2,), F, 1, 2)}, values=False)

# ---------------------------------------------------------------- legacy flat names
LEGACY = {"random_uniform": ("low", "high"), "random_normal": ("loc", "scale"),
          "random_gamma": ("alpha", "beta"), "random_exponential": ("lam",),
          "random_poisson": ("lam",), "random_negative_binomial": ("k", "p"),
          "random_generalized_negative_binomial": ("mu", "alpha"),
          "random_randint": ("low", "high"), "uniform": ("low", "high"),
          "normal": ("loc", "scale")}
LVALS = {"low": 0.5, "high": 2.5, "loc": 1.0, "scale": 2.0, "alpha": 1.5, "beta": 0.5,
         "lam": 2.0, "k": 3, "p": 0.4, "mu": 2.0}
for j in range(24):
    op = pick(list(LEGACY))
    names = LEGACY[op]
    vals = dict((n, LVALS[n]) for n in names)
    if op == "random_randint":
        vals = {"low": -3, "high": 7}
    shp = pick([None, 3, (2,), (2, 3), (1, 2, 2)])
    dt = pick([None, None, "float64", "float16"]) if op != "random_randint" else \
        pick([None, "int64"])
    if rs.rand() < 0.3:
        vals = {}
    case(f"lg_{op}_{j}", f"nd.{op}({kw(**vals, shape=shp, dtype=dt)})", values=False)
case("lg_uniform_point", "nd.random_uniform(low=3.0, high=3.0, shape=(2, 2))")
case("lg_uniform_bad", "nd.random_uniform(low=3.0, high=1.0, shape=(2, 2))")
case("lg_exponential_rate", "nd.random_exponential(lam=0, shape=(2,))", values=False)

# ---------------------------------------------------------------- NDArray parameters
SAMPLE = {  # name: [(param, lo, hi)], the nd.random name, its keyword names
    "uniform": ([("low", -2, 0), ("high", 0.5, 2)], ("low", "high")),
    "normal": ([("mu", -2, 2), ("sigma", 0.2, 2)], ("loc", "scale")),
    "gamma": ([("alpha", 0.3, 3), ("beta", 0.3, 2)], ("alpha", "beta")),
    "exponential": ([("lam", 0.3, 3)], ("scale",)),
    "poisson": ([("lam", 0.0, 5)], ("lam",)),
    "negative_binomial": ([("k", 1, 5), ("p", 0.1, 0.9)], ("k", "p")),
    "generalized_negative_binomial": ([("mu", 0.1, 4), ("alpha", 0.1, 2)], ("mu", "alpha")),
}
for j in range(24):
    dist = pick(list(SAMPLE))
    params, rnames = SAMPLE[dist]
    pshape = rshape(int(rs.randint(1, 3)), 1, 3)
    dt = pick([F, F, D, H])
    ins = {}
    for (pn, lo, hi), v in zip(params, "pq"):
        a = np.round(rs.uniform(lo, hi, pshape), 2)
        if pn == "k":
            a = np.round(a)
        ins[v] = (a.tolist(), dt)
    shp = pick([None, 2, (2,), (1, 3), (2, 2)])
    odt = pick([None, None, "float64", "float16"])
    args = ", ".join(ins)
    if rs.rand() < 0.5:
        expr = f"nd.sample_{dist}({args}{', ' if shp or odt else ''}{kw(shape=shp, dtype=odt)})"
    else:
        expr = f"nd.random.{dist}({args}{', ' if shp or odt else ''}{kw(shape=shp, dtype=odt)})"
    case(f"sp_{dist}_{j}", expr, ins, values=False)
P = arr((2, 3), F, 0.2, 1.0)
for j, (expr, ins) in enumerate([
        ("nd.sample_uniform(a, b)", {"a": arr((2, 3), F, -1, 0), "b": arr((3,), F, 1, 2)}),
        ("nd.sample_normal(a, b, shape=(2,))", {"a": arr((2,), F), "b": arr((2,), F, -2, -1)}),
        ("nd.sample_uniform(a, b)", {"a": arr((2,), F, 1, 2), "b": arr((2,), F, -1, 0)}),
        ("nd.sample_gamma(a, b)", {"a": arr((2,), F, -2, -1), "b": arr((2,), F, 1, 2)}),
        ("nd.sample_poisson(a, shape=(2,), dtype='int32')", {"a": arr((2,), F, 1, 2)}),
        ("nd.sample_uniform(a, b, shape=())", {"a": arr((2,), F, -1, 0), "b": arr((2,), F, 1, 2)}),
        ("nd.sample_uniform(a, a, shape=(3,))", {"a": arr((2,), F)}),
        ("nd.sample_exponential(a, shape=(2,))", {"a": arr((2,), F, -2, -1)}),
        ("nd.sample_normal(a, b, shape=(2,), dtype='float64')",
         {"a": arr((2,), D), "b": arr((2,), D, 1, 2)}),
        ("nd.sample_uniform(a, b, dtype='float16')", {"a": arr((2,), D, -1, 0),
                                                     "b": arr((2,), D, 1, 2)}),
        ("nd.sample_uniform(a, b)", {"a": arr((2,), F, -1, 0), "b": arr((2,), D, 1, 2)}),
        ("nd.sample_poisson(a, shape=(2,))", {"a": ([0.0, 0.0, 0.0], F)}),
]):
    case(f"sp_edge_{j}", expr, ins, values=(j in (6, 11)))

# ---------------------------------------------------------------- multinomial, shuffle
for j in range(14):
    k = int(rs.randint(2, 6))
    lead = rshape(int(rs.randint(0, 3)), 1, 3)
    p = rs.dirichlet(np.ones(k), lead or None)
    p = np.round(p, 3)
    p[..., -1] = np.round(1 - p[..., :-1].sum(-1), 3)
    p = np.abs(p)
    shp = pick([None, 2, (3,), (2, 2)])
    dt = pick([None, "int32", "float32", "float64", "uint8"])
    gp = bool(rs.rand() < 0.4)
    fn = pick(["nd.random.multinomial", "nd.sample_multinomial"])
    case(f"mn_{j}", f"{fn}(p, {kw(shape=shp, get_prob=gp or None, dtype=dt)})",
         {"p": (p.tolist(), pick([F, D]))}, values=False)
for j in range(8):   # one-hot rows: deterministic samples, log-probabilities 0, gradients 1/p
    k = int(rs.randint(2, 6))
    lead = rshape(int(rs.randint(1, 3)), 1, 3)
    idx = rs.randint(0, k, lead)
    p = np.eye(k)[idx]
    shp = pick([None, 2, (2, 2)])
    gp = j % 2 == 0
    case(f"mn_onehot_{j}", f"nd.random.multinomial(p, {kw(shape=shp, get_prob=gp or None)})",
         {"p": (p.tolist(), pick([F, D]))}, ["p"] if gp else [], gout=1 if gp else 0)
for j, (expr, p) in enumerate([
        ("nd.random.multinomial(p, dtype='int64')", [[0.5, 0.5]]),
        ("nd.random.multinomial(p, dtype='float16')", [[0.0, 1.0]]),
        ("nd.random.multinomial(p, shape=0)", [[0.0, 1.0]]),
        ("nd.random.multinomial(p)", [0.0, 0.0, 1.0]),
        ("nd.random.multinomial(p, shape=(2,), get_prob=True)", [1.0, 0.0]),
        ("nd.random.multinomial(p)", [[0.2, 0.2]]),
        ("nd.random.multinomial([0.5, 0.5])", [0.0]),
]):
    case(f"mn_edge_{j}", expr, {"p": (p, F)}, values=True)
for j in range(8):
    shp = rshape(int(rs.randint(1, 4)), 1, 4)
    dt = pick([F, D, I32, H])
    const = j % 2 == 0
    data = np.full(shp, 2.5) if const else rs.randint(0, 9, shp).astype(float)
    if const:   # rows equal along axis 0: shuffling cannot change them
        data = np.broadcast_to(rs.randint(0, 9, (1,) + shp[1:]).astype(float), shp)
    fn = pick(["nd.random.shuffle", "nd.shuffle", "mx.random.shuffle"])
    case(f"shuf_{j}", f"{fn}(a)", {"a": (data.tolist(), dt)}, values=const)
case("shuf_scalar_shape", "nd.random.shuffle(a)", {"a": ([3.0], F)})

# follow-ups (fixed expressions)
for j, (expr, vals) in enumerate([
        ("nd.random.negative_binomial(0, 0.5, shape=(2,))", True),
        ("nd.random.negative_binomial(2.0, 0.5, shape=(2,))", False),
        ("nd.random.negative_binomial(2, -0.5, shape=(2,))", False),
        ("nd.random.negative_binomial(2, 1, shape=(2,))", True),
        ("nd.random.negative_binomial(k=np.int64(2), p=0.3, shape=(2,))", False),
        ("nd.random.generalized_negative_binomial(0, 0, shape=(2,))", True),
        ("nd.random.randint(a, b)", False), ("nd.random.randint(1, 3.0, shape=2)", False),
        ("nd.random.randint(1.5, 3, shape=2)", False),
        ("nd.random.randint(np.int64(1), 3, shape=2)", False),
        ("nd.random_randint(low=1, shape=2)", False), ("nd.random_randint(high=1, shape=2)", False),
        ("nd.random.multinomial(p, dtype='bool')", False),
        ("nd.random.uniform(0, 1, shape=(2,), dtype=np.float64)", False),
        ("nd.random.uniform(0, 1, shape=(2,), dtype='foo')", False),
        ("nd.random.exponential(z, shape=2)", False),
        ("nd.sample_uniform(a, b, dtype='int32')", False),
        ("nd.random.normal(a, b, shape=(2,), dtype='float64')", False),
        ("nd.random_exponential(lam=-2.0, shape=(2,))", False),
        ("nd.random.uniform(0, 1, (2, 2), ctx=mx.cpu())", False),
        ("nd.random.uniform(-1, 1, shape=(2,), out=nd.zeros((2,)))", False),
        ("nd.random.normal(0, 1, out=nd.zeros((3, 2)))", False),
        ("nd.random.uniform(0, 1, shape=(3,), out=nd.zeros((2,)))", False),
]):
    case(f"rs_more_{j}", expr, {"a": ([0.5, 1.0], F), "b": ([2.0, 3.0], F), "z": ([0.0, 1.0], F),
                                "p": ([[0.5, 0.5]], F)}, values=vals)

# ---------------------------------------------------------------- *_like, positional forms
LIKE = {"uniform": ("low", "high", -1.0, 2.0), "normal": ("loc", "scale", 1.0, 0.5),
        "gamma": ("alpha", "beta", 2.0, 0.5), "exponential": ("lam", None, 2.0, None),
        "poisson": ("lam", None, 3.0, None), "negative_binomial": ("k", "p", 3, 0.4),
        "generalized_negative_binomial": ("mu", "alpha", 2.0, 0.3)}
for j in range(21):
    dist = list(LIKE)[j % len(LIKE)]
    n1, n2, v1, v2 = LIKE[dist]
    dt = pick([F, D, H, F, I32])
    kws = []
    if rs.rand() < 0.7:
        kws.append(f"{n1}={v1!r}")
    if n2 and rs.rand() < 0.7:
        kws.append(f"{n2}={v2!r}")
    if j >= 14 and kws:  # invalid parameters
        kws[-1] = kws[-1].split("=")[0] + "=-1.0"
    case(f"like_{dist}_{j}", f"nd.random.{dist}_like(a{''.join(', ' + k for k in kws)})",
         {"a": arr(rshape(int(rs.randint(1, 3))), dt, 0, 1)}, values=False)
for j, expr in enumerate([
        "nd.random_uniform(0, 1, (2, 3), mx.cpu(), 'float64')",
        "nd.random_normal(0, 1, (2,), None, 'float16')", "nd.random_normal(0, 1, 3)",
        "nd.random_gamma(2.0, 1.0, (2, 2), dtype='float64')", "nd.random_poisson(2.0, (3,))",
        "nd.random_exponential(2.0, (3,))", "nd.random_randint(0, 5, (2, 2), mx.cpu(), 'int64')",
        "nd.uniform(0, 1, shape=(2,), dtype='float64')", "nd.normal(loc=0, scale=2, shape=3)",
        "nd.sample_normal(a, b, (2,), 'float64')", "nd.sample_gamma(a, b, (3,))",
        "nd.sample_uniform(low=a, high=b, shape=2)", "nd.sample_normal(mu=a, sigma=b)",
        "nd.sample_exponential(lam=b, shape=(1, 2))", "nd.sample_poisson(b, (2,), 'float16')",
        "nd.random.multinomial(p, shape=2, out=nd.zeros((1, 2), dtype='int32'))",
        "nd.random.randn(2, 2, dtype='float64', ctx=mx.cpu())", "nd.random.randn(3, scale=0.5)",
        "nd.random.uniform(shape=(2,), low=a, high=b)", "nd.random.normal(a, 1.0)",
        "nd.sample_normal(a)", "nd.random.shuffle(p)", "nd.random_uniform()",
        "nd.random.poisson(b, shape=(2,), dtype='float64')",
]):
    case(f"rs_pos_{j}", expr, {"a": ([0.5, 1.0], F), "b": ([2.0, 3.0], F),
                               "p": ([[0.25, 0.75]], F)}, values=False)

import fuzz_random_misc_cases2  # noqa: E402  (pdf, creation, casts, misc)

CASES.extend(fuzz_random_misc_cases2.CASES)
if os.environ.get("FUZZ_ONLY"):
    CASES[:] = [c for c in CASES if c[0].startswith(tuple(os.environ["FUZZ_ONLY"].split(",")))]
