"""Randomised fuzz cases of the gluon_layers family (see tools/record_fuzz.py): the layers of
mx.gluon.nn (Dense, Conv*, Conv*Transpose, pooling, ReflectionPad2D, the norms, Embedding,
Dropout, activations, Lambdas, Sequential) run imperatively with random hyper-parameters.
RNN layers, cells, parameter gradients and invalid configurations are in
fuzz_gluon_layers_cases2 (imported at the end).

Every expression builds its layer, initializes it and sets each parameter to a fixed function
of its shape (NET below), so the outputs are deterministic. Deterministic (one RandomState,
fixed seed); no MXNet import. FUZZ_ONLY=prefix,prefix records a subset while iterating.
"""
import os

import numpy as np

rs = np.random.RandomState(int(os.environ.get("FUZZ_SEED", 20261130)))
D, F, I32 = "float64", "float32", "int32"
CASES = []
# each parameter: a fixed function of its shape (variances kept positive)
SETP = ("[p.set_data(nd.array((lambda v: np.abs(v) + 0.5 if p.name.endswith('var') else v)"
        "(np.cos(np.arange(int(np.prod(p.shape))) * 0.37 + len(p.shape)).reshape(p.shape)"
        " * 0.3), dtype=p.dtype)) for p in net.collect_params().values()]")
TRAIN = ("(lambda s: [s.__enter__(), {}, s.__exit__(None, None, None)][1])"
         "(mx.autograd.train_mode())")


def net_expr(net, args="a", warm=False, cast=None, post=None, call=None, hybrid=False):
    """Builds `net`; initializes it, runs a warm-up forward for deferred shapes (`warm`: True
    or the call's text) and sets the parameters (SETP), all with recording paused (hybridized
    first if `hybrid`); returns
    net(args) (or `call`, through `post`, a lambda text, if given)."""
    steps = ["net.initialize()"]
    if hybrid:
        steps.insert(0, "net.hybridize()")
    if cast:
        steps.insert(0, f"net.cast('{cast}')")
    y = call or f"net({args})"
    if warm:
        steps.append(warm if isinstance(warm, str) else f"net({args})")
    steps.append(SETP)
    setup = f"(lambda q: [q.__enter__(), {', '.join(steps)}, q.__exit__(None, None, None)])" \
        "(mx.autograd.pause())"
    y = f"({post})({y})" if post else y
    return f"(lambda net, {args}: ({setup}, {y})[-1])({net}, {args})"


def HYB():
    """A quarter of the random layers run hybridized."""
    return bool(rs.rand() < 0.25)


def case(name, expr, inputs, wrt=(), gout=0, values=True):
    CASES.append((name, expr, inputs, list(wrt), gout, values))


def arr(shape, dt=F, lo=-2.0, hi=2.0):
    """Random data (no exact zeros: no kinks at relu/abs)."""
    a = np.round(rs.uniform(lo, hi, shape), 4)
    a[a == 0] = 0.1234
    return (a.tolist(), dt)


def pick(seq):
    return seq[rs.randint(len(seq))]


def rshape(ndim, lo=1, hi=4):
    return tuple(int(v) for v in rs.randint(lo, hi + 1, ndim))


def fl(v):
    return float(np.round(v, 3))


def tup(vals):
    return vals[0] if len(vals) == 1 and rs.rand() < 0.5 else tuple(vals)


NN = "mx.gluon.nn."
ACTS = [None, "relu", "tanh", "sigmoid", "softrelu", "softsign"]

# ---------------------------------------------------------------- Dense
for j in range(22):
    nd_ = pick([2, 2, 3, 4])
    shp = rshape(nd_, 1, 4)
    flatten = bool(rs.rand() < 0.6)
    units = int(rs.randint(1, 6))
    use_bias = bool(rs.rand() < 0.7)
    act = pick(ACTS)
    k = int(np.prod(shp[1:])) if flatten else shp[-1]
    deferred = rs.rand() < 0.4
    cast = pick([None, None, D])
    kw = f"{units}, activation={act!r}, use_bias={use_bias}, flatten={flatten}"
    if not deferred:
        kw += f", in_units={k}"
    case(f"dense_{j}", net_expr(f"{NN}Dense({kw})", warm=deferred, cast=cast, hybrid=HYB()),
         {"a": arr(shp, cast or F)}, ["a"])

# ---------------------------------------------------------------- Conv / ConvTranspose
for j in range(48):
    dims = pick([1, 2, 2, 3])
    trans = rs.rand() < 0.4
    groups = pick([1, 1, 1, 2, 3])
    cin = groups * int(rs.randint(1, 3))
    cout = groups * int(rs.randint(1, 3))
    ks = [int(rs.randint(1, 4)) for _ in range(dims)]
    st = [int(rs.randint(1, 3)) for _ in range(dims)]
    dl = [int(pick([1, 1, 2])) for _ in range(dims)]
    pd = [int(rs.randint(0, k)) if k > 1 else 0 for k in ks]
    hi = {1: 7, 2: 5, 3: 4}[dims]
    sp = []
    for d in range(dims):
        need = dl[d] * (ks[d] - 1) + 1 - 2 * pd[d]
        sp.append(int(rs.randint(max(need, 1 if trans else 2), max(need, 2) + hi - 1)))
    shp = (int(rs.randint(1, 3)), cin) + tuple(sp)
    while int(np.prod(shp)) > 250:
        shp = (1,) + shp[1:2] + tuple(max(1, s - 1) for s in shp[2:])
    act = pick([None, None, None, "relu", "tanh"])
    use_bias = bool(rs.rand() < 0.7)
    deferred = rs.rand() < 0.3
    cast = pick([None, None, D])
    cls = f"Conv{dims}D" + ("Transpose" if trans else "")
    kw = (f"{cout}, {tup(ks)}, strides={tup(st)}, padding={tup(pd)}, dilation={tup(dl)}, "
          f"groups={groups}, use_bias={use_bias}, activation={act!r}")
    if trans:
        # (3-D: a valid output_padding only; MXNet's CPU cannot run them, see the test)
        op = [int(rs.randint(0, s if dims == 3 else max(s, d))) if rs.rand() < 0.4 else 0
              for s, d in zip(st, dl)]
        kw += f", output_padding={tup(op)}"
    if not deferred:
        kw += f", in_channels={cin}"
    case(f"conv{dims}d{'t' if trans else ''}_{j}",
         net_expr(f"{NN}{cls}({kw})", warm=deferred, cast=cast, hybrid=HYB()),
         {"a": arr(shp, cast or F)},
         ["a"])

# ---------------------------------------------------------------- pooling
for j in range(36):
    dims = pick([1, 2, 2, 3])
    kind = pick(["Max", "Avg"])
    ks = [int(rs.randint(1, 4)) for _ in range(dims)]
    st = None if rs.rand() < 0.3 else [int(rs.randint(1, 3)) for _ in range(dims)]
    pd = [int(rs.randint(0, k // 2 + 1)) for k in ks]
    ceil = bool(rs.rand() < 0.4)
    hi = {1: 8, 2: 6, 3: 4}[dims]
    sp = tuple(int(rs.randint(max(k, 2), max(k, 2) + hi - 1)) for k in ks)
    shp = (int(rs.randint(1, 3)), int(rs.randint(1, 3))) + sp
    kw = f"pool_size={tup(ks)}, strides={st if st is None else tup(st)}, padding={tup(pd)}"
    kw += f", ceil_mode={ceil}"
    if kind == "Avg" and rs.rand() < 0.6:
        kw += f", count_include_pad={bool(rs.rand() < 0.5)}"
    case(f"pool_{kind.lower()}{dims}d_{j}", net_expr(f"{NN}{kind}Pool{dims}D({kw})",
                                                     hybrid=HYB()),
         {"a": arr(shp, pick([F, D]))}, ["a"])
for dims in (1, 2, 3):
    for kind in ("Max", "Avg"):
        shp = (2, 2) + rshape(dims, 1, {1: 5, 2: 4, 3: 3}[dims])
        case(f"gpool_{kind.lower()}{dims}d", net_expr(f"{NN}Global{kind}Pool{dims}D()"),
             {"a": arr(shp, D)}, ["a"])
for j in range(4):
    p = int(rs.randint(0, 3))
    shp = (1, 2, p + 1 + int(rs.randint(0, 3)), p + 1 + int(rs.randint(0, 3)))
    case(f"reflpad2d_{j}", net_expr(f"{NN}ReflectionPad2D(padding={p})"),
         {"a": arr(shp, F)}, ["a"])

# ---------------------------------------------------------------- BatchNorm
for j in range(22):
    nd_ = pick([2, 3, 4])
    shp = rshape(nd_, 2, 4)
    axis = pick([1, 1, -1, 0] + list(range(nd_)))
    c = shp[axis]
    kw = (f"axis={axis}, momentum={fl(rs.uniform(0.0, 1.0))}, epsilon={pick([1e-5, 1e-3, 0.1])}"
          f", center={bool(rs.rand() < 0.7)}, scale={bool(rs.rand() < 0.7)}"
          f", use_global_stats={bool(rs.rand() < 0.3)}")
    deferred = rs.rand() < 0.3
    if not deferred:
        kw += f", in_channels={c}"
    mode = pick(["infer", "train", "train"])
    bn = f"{NN}BatchNorm({kw})"
    if mode == "infer":
        expr = net_expr(bn, warm=deferred, hybrid=HYB())
    else:  # training forward; the running statistics are outputs too
        post = ("lambda y: [y, net.running_mean.data(), net.running_var.data()]")
        expr = net_expr(bn, warm=deferred, post=post, call=TRAIN.format("net(a)"))
    case(f"bn_{mode}_{j}", expr, {"a": arr(shp, F)}, ["a"])

# ---------------------------------------------------------------- Layer/Instance/GroupNorm
for j in range(12):
    nd_ = pick([2, 3, 4])
    shp = rshape(nd_, 2, 4)
    axis = pick([-1, -1, 1] + list(range(-nd_, nd_)))
    kw = (f"axis={axis}, epsilon={pick([1e-5, 1e-3, 0.1])}, center={bool(rs.rand() < 0.7)}, "
          f"scale={bool(rs.rand() < 0.7)}")
    deferred = rs.rand() < 0.3
    if not deferred:
        kw += f", in_channels={shp[axis]}"
    case(f"ln_{j}", net_expr(f"{NN}LayerNorm({kw})", warm=deferred, hybrid=HYB()),
         {"a": arr(shp, F)}, ["a"])
for j in range(10):
    nd_ = pick([3, 3, 4])
    shp = rshape(nd_, 2, 4)
    axis = pick([1, 1, -1, 2])
    kw = (f"axis={axis}, epsilon={pick([1e-5, 1e-3, 0.1])}, center={bool(rs.rand() < 0.7)}, "
          f"scale={bool(rs.rand() < 0.5)}")
    deferred = rs.rand() < 0.3
    if not deferred:
        kw += f", in_channels={shp[axis]}"
    case(f"in_{j}", net_expr(f"{NN}InstanceNorm({kw})", warm=deferred), {"a": arr(shp, F)},
         ["a"])
for j in range(10):
    g = pick([1, 2, 3])
    nd_ = pick([3, 4])
    shp = (int(rs.randint(1, 3)), g * int(rs.randint(1, 3))) + rshape(nd_ - 2, 2, 3)
    kw = (f"num_groups={g}, epsilon={pick([1e-5, 1e-3, 0.1])}, center={bool(rs.rand() < 0.7)}, "
          f"scale={bool(rs.rand() < 0.7)}")
    case(f"gn_{j}", net_expr(f"{NN}GroupNorm({kw})", warm=True, hybrid=HYB()),
         {"a": arr(shp, F)}, ["a"])

# ---------------------------------------------------------------- Embedding
for j in range(6):
    n_in, n_out = int(rs.randint(2, 7)), int(rs.randint(1, 5))
    idx = rs.randint(0, n_in, rshape(pick([1, 2, 3]), 1, 3)).astype(float)
    case(f"emb_{j}", net_expr(f"{NN}Embedding({n_in}, {n_out})"),
         {"a": (idx.tolist(), pick([F, I32]))})

# ---------------------------------------------------------------- Dropout / Flatten / acts
for j, (kw, train) in enumerate([("0", False), ("0.0, axes=(1,)", True), ("0", True),
                                 ("0.5", False), ("0.7, axes=(0, 2)", False)]):
    call = TRAIN.format("net(a)") if train else None
    # rate > 0: the gradient pass records (training): a random mask, values not compared
    case(f"dropout_{j}", net_expr(f"{NN}Dropout({kw})", call=call), {"a": arr((2, 3, 2))},
         ["a"] if kw.startswith("0") and not kw.startswith("0.") or "0.0" in kw else [])
for j in range(3):
    case(f"flatten_{j}", net_expr(f"{NN}Flatten()"), {"a": arr(rshape(j + 2, 1, 4))}, ["a"])
for j, act in enumerate(["relu", "sigmoid", "tanh", "softrelu", "softsign"]):
    case(f"act_{act}", net_expr(f"{NN}Activation({act!r})"), {"a": arr((2, 3), D, -3, 3)},
         ["a"])
for j in range(14):
    kind = ["LeakyReLU", "PReLU", "ELU", "SELU", "Swish", "GELU", "PReLU"][j % 7]
    shp = rshape(pick([2, 3, 4]), 1, 4)
    kw = {"LeakyReLU": f"{fl(rs.uniform(0, 1.5))}",
          "PReLU": pick(["", f"in_channels={shp[1]}", "mx.init.Constant(0.1)"]),
          "ELU": f"alpha={fl(rs.uniform(0.1, 2))}", "SELU": "", "GELU": "",
          "Swish": f"beta={fl(rs.uniform(0.1, 2))}"}[kind]
    case(f"{kind.lower()}_{j}", net_expr(f"{NN}{kind}({kw})", warm="in_channels" not in kw),
         {"a": arr(shp, F, -3, 3)}, ["a"])
for j, fn in enumerate(["'tanh'", "lambda F, x: F.relu(x) * 2", "lambda F, x: F.sum(x, axis=1)",
                        "lambda F, x: F.softmax(x)"]):
    case(f"hlambda_{j}", net_expr(f"{NN}HybridLambda({fn})"), {"a": arr((2, 3), D)}, ["a"])
for j, fn in enumerate(["'tanh'", "lambda x: nd.relu(x) + x", "lambda x: x.T"]):
    case(f"lambda_{j}", net_expr(f"{NN}Lambda({fn})"), {"a": arr((2, 3), D)}, ["a"])

from fuzz_gluon_layers_cases2 import more_cases  # noqa: E402

more_cases(case, arr, pick, rshape, fl, net_expr, rs)
_ONLY = os.environ.get("FUZZ_ONLY")
if _ONLY:
    CASES[:] = [c for c in CASES if c[0].startswith(tuple(_ONLY.split(",")))]
