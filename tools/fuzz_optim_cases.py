"""Randomised fuzz cases of the optim family (see tools/record_fuzz.py): the optimizer update
operators of mx.nd (sgd/mom/nag and their mp_, multi_ and preloaded_ variants, adam, rmsprop,
rmspropalex, ftrl, ftml, signsgd, signum, lamb phases, multi_sum_sq, contrib adamw). The
mx.optimizer classes (multi-step updates) and invalid arguments are in fuzz_optim_cases2
(imported at the end).

Update ops mutate their weight and state inputs: each expression returns the result and the
mutated arrays. Deterministic (one RandomState, fixed seed); no MXNet import. Inputs are
rounded to 4 decimals so the recorded inputs replay exactly. FUZZ_ONLY=prefix,prefix keeps
only the cases whose names start with one of the prefixes (while iterating).
"""
import os

import numpy as np

rs = np.random.RandomState(20261207)
F, H, D = "float32", "float16", "float64"
CASES = []


def case(name, expr, inputs, values=True):
    CASES.append((name, expr, inputs, [], 0, values))


def arr(shape, dt=F, lo=-2.0, hi=2.0):
    a = np.round(rs.uniform(lo, hi, shape), 4)
    a[a == 0] = 0.1234
    return (a.tolist(), dt)


def pos(shape, dt=F, lo=0.01, hi=2.0):
    return arr(shape, dt, lo, hi)


def pick(seq):
    return seq[rs.randint(len(seq))]


def rshape():
    return tuple(int(v) for v in rs.randint(1, 5, pick([1, 1, 2, 2, 3])))


def fl(v):
    return float(np.round(v, 4))


def draw(spec):
    """Keyword string from spec {name: [choices or callables]}; a name drawn as None is left
    at its default."""
    parts = []
    for k, choices in spec.items():
        v = pick(choices)
        v = v() if callable(v) else v
        if v is not None:
            parts.append(f"{k}={v!r}")
    return ", ".join(parts)


LR = [lambda: fl(rs.uniform(0.001, 0.5))]
WD = [None, 0.0, lambda: fl(rs.uniform(0.0, 0.1))]
RG = [None, 1.0, lambda: fl(rs.uniform(0.1, 2.0))]
CLIP = [None, -1.0, lambda: fl(rs.uniform(0.05, 0.6)), 10.0]
MOM = [None, 0.0, lambda: fl(rs.uniform(0.5, 0.99))]
BASE = {"wd": WD, "rescale_grad": RG, "clip_gradient": CLIP}


def outw(use_out):
    return ", out=w" if use_out else ""


# ---------------------------------------------------------------- sgd / sgd_mom / nag
for j in range(22):
    shp, dt = rshape(), pick([F, F, F, H, D])
    kw = draw({"lr": LR, **BASE, "lazy_update": [None, True, False]})
    o = bool(rs.rand() < 0.6)
    case(f"sgd_{j}", f"[nd.sgd_update(w, g, {kw}{outw(o)}), w]",
         {"w": arr(shp, dt), "g": arr(shp, dt)})
for op in ("sgd_mom", "nag_mom"):
    for j in range(18):
        shp, dt = rshape(), pick([F, F, F, H, D])
        spec = {"lr": LR, "momentum": MOM, **BASE}
        if op == "sgd_mom":
            spec["lazy_update"] = [None, True, False]
        kw = draw(spec)
        o = bool(rs.rand() < 0.6)
        case(f"{op}_{j}", f"[nd.{op}_update(w, g, m, {kw}{outw(o)}), w, m]",
             {"w": arr(shp, dt), "g": arr(shp, dt), "m": arr(shp, dt, -0.5, 0.5)})

# ---------------------------------------------------------------- mp_ variants
for op, mom in (("mp_sgd", False), ("mp_sgd_mom", True), ("mp_nag_mom", True)):
    for j in range(10):
        shp, dt = rshape(), pick([H, H, H, F])
        w32 = arr(shp, F)
        ins = {"w": (w32[0], dt), "g": arr(shp, dt), "w32": w32}
        spec = {"lr": LR, **BASE}
        args = "w, g, w32"
        if mom:
            ins["m"] = arr(shp, F, -0.5, 0.5)
            spec["momentum"] = MOM
            args = "w, g, m, w32"
        kw = draw(spec)
        o = bool(rs.rand() < 0.6)
        extra = ", m" if mom else ""
        case(f"{op}_{j}", f"[nd.{op}_update({args}, {kw}{outw(o)}), w, w32{extra}]", ins)

# ---------------------------------------------------------------- multi_ and preloaded_
WRAP = "(lambda r: (list(r) if isinstance(r, (list, tuple)) else [r]) + [{}])({})"
for op in ("multi_sgd", "multi_sgd_mom", "multi_mp_sgd", "multi_mp_sgd_mom"):
    mp, mom = "_mp_" in op, op.endswith("mom")
    for j in range(9):
        n = pick([1, 2, 2, 3])
        dt = pick([H, H, F]) if mp else pick([F, F, H, D])
        ins, args, states = {}, [], []
        for i in range(n):
            shp = rshape()
            w32 = arr(shp, F)
            ins[f"w{i}"] = (w32[0], dt) if mp else arr(shp, dt)
            ins[f"g{i}"] = arr(shp, dt)
            args += [f"w{i}", f"g{i}"]
            if mom:
                ins[f"m{i}"] = arr(shp, F if mp else dt, -0.5, 0.5)
                args.append(f"m{i}")
                states.append(f"m{i}")
            if mp:
                ins[f"w32_{i}"] = w32
                args.append(f"w32_{i}")
                states.append(f"w32_{i}")
        lrs = tuple(fl(rs.uniform(0.001, 0.5)) for _ in range(n))
        wds = tuple(pick([0.0, fl(rs.uniform(0, 0.1))]) for _ in range(n))
        spec = {"rescale_grad": RG, "clip_gradient": CLIP}
        if mom:
            spec["momentum"] = MOM
        kw = draw(spec)
        kw = (", " + kw) if kw else ""
        o = bool(rs.rand() < 0.8)  # (MXNet cannot run these without out)
        out = ", out=[" + ", ".join(f"w{i}" for i in range(n)) + "]" if o else ""
        call = (f"nd.{op}_update({', '.join(args)}, lrs={lrs}, wds={wds}, num_weights={n}"
                f"{kw}{out})")
        mut = ", ".join([f"w{i}" for i in range(n)] + states)
        case(f"{op}_{j}", WRAP.format(mut, call), ins)
for op in ("preloaded_multi_sgd", "preloaded_multi_sgd_mom", "preloaded_multi_mp_sgd",
           "preloaded_multi_mp_sgd_mom"):
    mp, mom = "_mp_" in op, op.endswith("mom")
    for j in range(6):
        n = pick([1, 2, 3])
        dt = pick([H, F]) if mp else pick([F, F, H])
        ins, args, states = {}, [], []
        for i in range(n):
            shp = rshape()
            w32 = arr(shp, F)
            ins[f"w{i}"] = (w32[0], dt) if mp else arr(shp, dt)
            ins[f"g{i}"] = arr(shp, dt)
            args += [f"w{i}", f"g{i}"]
            if mom:
                ins[f"m{i}"] = arr(shp, F if mp else dt, -0.5, 0.5)
                args.append(f"m{i}")
                states.append(f"m{i}")
            if mp:
                ins[f"w32_{i}"] = w32
                args.append(f"w32_{i}")
                states.append(f"w32_{i}")
        ins["lrs"] = pos((n,), F, 0.001, 0.5)
        ins["wds"] = (np.round(rs.uniform(0, 0.1, n) * (rs.rand(n) < 0.6), 4).tolist(), F)
        spec = {"rescale_grad": RG, "clip_gradient": CLIP}
        if mom:
            spec["momentum"] = MOM
        kw = draw(spec)
        kw = (", " + kw) if kw else ""
        o = bool(rs.rand() < 0.8)
        out = ", out=[" + ", ".join(f"w{i}" for i in range(n)) + "]" if o else ""
        call = f"nd.{op}_update({', '.join(args)}, lrs, wds, num_weights={n}{kw}{out})"
        mut = ", ".join([f"w{i}" for i in range(n)] + states)
        case(f"{op}_{j}", WRAP.format(mut, call), ins)

# ---------------------------------------------------------------- adam family
EPS = [None, 1e-8, lambda: fl(rs.uniform(1e-4, 0.1))]
B1 = [None, lambda: fl(rs.uniform(0.0, 0.99))]
B2 = [None, lambda: fl(rs.uniform(0.5, 0.9999))]
for j in range(20):
    shp, dt = rshape(), pick([F, F, F, H, D])
    kw = draw({"lr": LR, "beta1": B1, "beta2": B2, "epsilon": EPS, **BASE,
               "lazy_update": [None, True, False]})
    o = bool(rs.rand() < 0.6)
    case(f"adam_{j}", f"[nd.adam_update(w, g, m, v, {kw}{outw(o)}), w, m, v]",
         {"w": arr(shp, dt), "g": arr(shp, dt), "m": arr(shp, dt, -0.5, 0.5),
          "v": pos(shp, dt, 0.0, 1.0)})
for j in range(14):
    shp, dt = rshape(), pick([F, F, H, D])
    kw = draw({"lr": LR, "gamma1": [None, lambda: fl(rs.uniform(0.5, 0.99))], "epsilon": EPS,
               **BASE, "clip_weights": [None, -1.0, lambda: fl(rs.uniform(0.2, 1.5))]})
    o = bool(rs.rand() < 0.6)
    case(f"rmsprop_{j}", f"[nd.rmsprop_update(w, g, n, {kw}{outw(o)}), w, n]",
         {"w": arr(shp, dt), "g": arr(shp, dt), "n": pos(shp, dt, 0.0, 1.0)})
for j in range(14):
    shp, dt = rshape(), pick([F, F, H, D])
    kw = draw({"lr": LR, "gamma1": [None, lambda: fl(rs.uniform(0.5, 0.99))],
               "gamma2": [None, lambda: fl(rs.uniform(0.5, 0.99))], "epsilon": EPS, **BASE,
               "clip_weights": [None, -1.0, lambda: fl(rs.uniform(0.2, 1.5))]})
    o = bool(rs.rand() < 0.6)
    # n >= g**2 + something so that n - g**2 stays positive
    gs = arr(shp, dt, -0.5, 0.5)
    n = (np.round(np.array(gs[0]) ** 2 + rs.uniform(0.05, 1.0, shp), 4).tolist(), dt)
    case(f"rmspropalex_{j}",
         f"[nd.rmspropalex_update(w, g, n, s, d, {kw}{outw(o)}), w, n, s, d]",
         {"w": arr(shp, dt), "g": arr(shp, dt), "n": n, "s": gs, "d": arr(shp, dt, -0.3, 0.3)})
for j in range(14):
    shp, dt = rshape(), pick([F, F, H, D])
    kw = draw({"lr": LR, "lamda1": [None, 0.0, lambda: fl(rs.uniform(0.0, 0.5))],
               "beta": [None, lambda: fl(rs.uniform(0.1, 2.0))], **BASE})
    o = bool(rs.rand() < 0.6)
    case(f"ftrl_{j}", f"[nd.ftrl_update(w, g, z, n, {kw}{outw(o)}), w, z, n]",
         {"w": arr(shp, dt), "g": arr(shp, dt), "z": arr(shp, dt), "n": pos(shp, dt, 0.0, 1.0)})
for j in range(14):
    shp, dt = rshape(), pick([F, F, H, D])
    kw = draw({"lr": LR, "beta1": B1, "beta2": B2, "epsilon": EPS,
               "t": [lambda: int(rs.randint(1, 20))], "wd": WD, "rescale_grad": RG,
               "clip_grad": CLIP})
    o = bool(rs.rand() < 0.6)
    case(f"ftml_{j}", f"[nd.ftml_update(w, g, d, v, z, {kw}{outw(o)}), w, d, v, z]",
         {"w": arr(shp, dt), "g": arr(shp, dt), "d": pos(shp, dt, 0.0, 1.0),
          "v": pos(shp, dt, 0.0, 1.0), "z": arr(shp, dt)})
for j in range(10):
    shp, dt = rshape(), pick([F, F, H, D])
    kw = draw({"lr": LR, **BASE})
    o = bool(rs.rand() < 0.6)
    case(f"signsgd_{j}", f"[nd.signsgd_update(w, g, {kw}{outw(o)}), w]",
         {"w": arr(shp, dt), "g": arr(shp, dt)})
for j in range(12):
    shp, dt = rshape(), pick([F, F, H, D])
    kw = draw({"lr": LR, "momentum": MOM, **BASE,
               "wd_lh": [None, 0.0, lambda: fl(rs.uniform(0, 0.1))]})
    o = bool(rs.rand() < 0.6)
    case(f"signum_{j}", f"[nd.signum_update(w, g, m, {kw}{outw(o)}), w, m]",
         {"w": arr(shp, dt), "g": arr(shp, dt), "m": arr(shp, dt, -0.5, 0.5)})

# ---------------------------------------------------------------- lamb, multi_sum_sq, adamw
for j in range(14):
    shp, dt = rshape(), pick([F, F, H, D])
    kw1 = draw({"beta1": B1, "beta2": B2, "epsilon": EPS,
                "t": [lambda: int(rs.randint(1, 20))], "bias_correction": [None, True, False],
                "wd": [lambda: fl(rs.uniform(0.0, 0.1))], "rescale_grad": RG,
                "clip_gradient": CLIP})
    kw2 = draw({"lr": LR, "lower_bound": [None, -1.0, lambda: fl(rs.uniform(0.0, 0.5))],
                "upper_bound": [None, -1.0, lambda: fl(rs.uniform(0.5, 5.0))]})
    case(f"lamb_{j}", f"(lambda gg: [gg, m, v, nd.lamb_update_phase2(w, gg, nd.norm(w), "
         f"nd.norm(gg), {kw2})])(nd.lamb_update_phase1(w, g, m, v, {kw1}))",
         {"w": arr(shp, dt), "g": arr(shp, dt), "m": arr(shp, dt, -0.5, 0.5),
          "v": pos(shp, dt, 0.0, 1.0)})
for j in range(8):
    shp = rshape()
    w32 = arr(shp, F)
    kw1 = draw({"beta1": B1, "beta2": B2, "epsilon": EPS,
                "t": [lambda: int(rs.randint(1, 20))], "bias_correction": [None, True, False],
                "wd": [lambda: fl(rs.uniform(0.0, 0.1))], "rescale_grad": RG,
                "clip_gradient": CLIP})
    kw2 = draw({"lr": LR, "lower_bound": [None, -1.0, lambda: fl(rs.uniform(0.0, 0.5))],
                "upper_bound": [None, -1.0, lambda: fl(rs.uniform(0.5, 5.0))]})
    case(f"mp_lamb_{j}", f"(lambda gg: [gg, m, v, nd.mp_lamb_update_phase2(w, gg, "
         f"nd.norm(w32), nd.norm(gg), w32, {kw2}, out=w), w, w32])"
         f"(nd.mp_lamb_update_phase1(w, g, m, v, w32, {kw1}))",
         {"w": (w32[0], H), "g": arr(shp, H), "m": arr(shp, F, -0.5, 0.5),
          "v": pos(shp, F, 0.0, 1.0), "w32": w32})
for j in range(8):
    n = pick([1, 2, 3, 4])
    dt = pick([F, F, H, D])
    ins = {f"x{i}": arr(rshape(), dt) for i in range(n)}
    case(f"multi_sum_sq_{j}", f"nd.multi_sum_sq({', '.join(ins)}, num_arrays={n})", ins)
for op in ("adamw", "mp_adamw"):
    for j in range(9):
        shp = rshape()
        mp = op == "mp_adamw"
        dt = H if mp else pick([F, F, H, D])
        w32 = arr(shp, F)
        sdt = F if mp else dt
        ins = {"w": (w32[0], dt), "g": arr(shp, dt), "m": arr(shp, sdt, -0.5, 0.5),
               "v": pos(shp, sdt, 0.0, 1.0), "r": (pick([[1.0], [0.5], [fl(rs.uniform(0.1, 2))],
                                                          [0.0], [float("nan")]]), F)}
        kw = draw({"lr": LR, "eta": [lambda: fl(rs.uniform(0.1, 1.0))], "beta1": B1,
                   "beta2": B2, "epsilon": EPS, "wd": WD, "clip_gradient": CLIP})
        args = "w, g, m, v, w32, r" if mp else "w, g, m, v, r"
        if mp:
            ins["w32"] = w32
        o = bool(rs.rand() < 0.6)
        st = ", w32" if mp else ""
        case(f"{op}_{j}", f"[nd.contrib.{op}_update({args}, {kw}{outw(o)}), w, m, v{st}]", ins)

from fuzz_optim_cases2 import add_cases  # noqa: E402

add_cases(case, rs)

_only = os.environ.get("FUZZ_ONLY")
if _only:
    CASES = [c for c in CASES if c[0].startswith(tuple(_only.split(",")))]
