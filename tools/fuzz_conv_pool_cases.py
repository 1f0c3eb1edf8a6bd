"""Randomised fuzz cases for the conv_pool family (tools/record_fuzz.py conv_pool).

Convolution / Deconvolution (1-D..3-D, stride, pad, dilate, groups, bias, adj, target_shape),
Pooling (max/avg/sum/lp, global, conventions, count_include_pad), the legacy _v1 ops,
UpSampling, BilinearSampler, GridGenerator, ROIPooling and the contrib AdaptiveAvgPooling2D,
BilinearResize2D and ROIAlign, plus invalid combinations (errors). Deterministic: one
RandomState with a fixed seed; no MXNet import. Inputs are distinct values on a coarse grid
(exact at 6 significant digits, no max-pooling ties).
"""
import numpy as np

R = np.random.RandomState(20261130)
CASES = []
F32, F64, F16 = "float32", "float64", "float16"


def case(name, expr, inputs, wrt=(), gout=0, values=True):
    CASES.append((name, expr, inputs, list(wrt), gout, values))


def distinct(shape, scale=0.01, dtype=F64):
    """Distinct values (a shuffled grid centred on 0): no ties for max pooling."""
    n = int(np.prod(shape))
    v = (R.permutation(n) - n // 2) * scale + 0.003
    if dtype == F16:
        v = np.round(v, 2)
    return (v.reshape(shape).tolist(), dtype)


def rnd(shape, dtype=F64, lo=-1.0, hi=1.0, dec=2):
    v = np.round(R.uniform(lo, hi, size=shape), dec)
    return (v.tolist(), dtype)


def tup(t):
    return "(" + ", ".join(str(int(i)) for i in t) + ("," if len(t) == 1 else "") + ")"


def pick(seq, p=None):
    return seq[R.choice(len(seq), p=p)]


def kw(d):
    return ", ".join(f"{k}={v}" for k, v in d.items())


def _dtype():
    return pick([F64, F32, F16], [0.65, 0.3, 0.05])


# ------------------------------------------------------------------------ Convolution
def conv_case(i):
    n = pick([1, 2, 3], [0.3, 0.45, 0.25])
    g = pick([1, 1, 1, 2, 3])
    C, F = g * pick([1, 2]), g * pick([1, 2])
    N = pick([1, 2])
    k = [pick([1, 2, 3] if n == 3 else [1, 2, 3, 4]) for _ in range(n)]
    s = [pick([1, 1, 2, 3]) for _ in range(n)]
    d = [pick([1, 1, 2]) for _ in range(n)]
    p = [pick([0, 0, 1, 2]) for _ in range(n)]
    size = []
    for j in range(n):
        dk = d[j] * (k[j] - 1) + 1
        size.append(max(1, dk - 2 * p[j] + R.randint(0, 5 if n < 3 else 3)))
    while N * C * np.prod(size) > 260:
        j = int(np.argmax(size))
        if size[j] <= 1:
            break
        size[j] -= 1
    for j in range(n):  # keep the kernel within the padded input
        while d[j] * (k[j] - 1) + 1 > size[j] + 2 * p[j]:
            k[j] -= 1
    params = {"kernel": tup(k)}
    if any(v != 1 for v in s) or R.rand() < 0.3:
        params["stride"] = tup(s)
    if any(v != 1 for v in d) or R.rand() < 0.2:
        params["dilate"] = tup(d)
    if any(v != 0 for v in p) or R.rand() < 0.2:
        params["pad"] = tup(p)
    params["num_filter"] = F
    if g > 1 or R.rand() < 0.1:
        params["num_group"] = g
    no_bias = R.rand() < 0.3
    if no_bias:
        params["no_bias"] = True
    if R.rand() < 0.1:
        params["layout"] = repr({1: "NCW", 2: "NCHW", 3: "NCDHW"}[n])
    if R.rand() < 0.08:
        params["cudnn_off"] = True
        params["workspace"] = 256
    dt = _dtype()
    ins = {"a": distinct([N, C] + size, 0.01, dt), "w": rnd([F, C // g] + k, dt)}
    args = "a, w"
    if not no_bias:
        ins["b"] = rnd([F], dt)
        args += ", b"
    wrt = list(ins) if dt != F16 else []
    case(f"conv{n}d_{i}", f"nd.Convolution({args}, {kw(params)})", ins, wrt)


def conv_bad_cases():
    a = distinct([1, 2, 4, 4])
    w = rnd([2, 2, 3, 3])
    b = rnd([2])
    case("conv_bad_noweight", "nd.Convolution(a, kernel=(3, 3), num_filter=1)",
         {"a": ([[-1.0, 2.0]], F32)})
    case("conv_bad_nobias", "nd.Convolution(a, w, kernel=(3, 3), num_filter=2)",
         {"a": a, "w": w})
    case("conv_bad_extra_bias", "nd.Convolution(a, w, b, kernel=(3, 3), num_filter=2, "
         "no_bias=True)", {"a": a, "w": w, "b": b})
    case("conv_bad_kernel_big", "nd.Convolution(a, w, b, kernel=(5, 5), num_filter=2)",
         {"a": a, "w": rnd([2, 2, 5, 5]), "b": b})
    case("conv_bad_kernel_big_pad", "nd.Convolution(a, w, b, kernel=(3, 7), pad=(0, 1), "
         "num_filter=2)", {"a": a, "w": rnd([2, 2, 3, 7]), "b": b})
    case("conv_bad_dilate_big", "nd.Convolution(a, w, b, kernel=(3, 3), dilate=(1, 2), "
         "num_filter=2)", {"a": a, "w": w, "b": b})
    case("conv_bad_group_c", "nd.Convolution(a, w, b, kernel=(3, 3), num_filter=2, "
         "num_group=3)", {"a": distinct([1, 4, 4, 4]), "w": rnd([2, 1, 3, 3]), "b": b})
    case("conv_bad_group_f", "nd.Convolution(a, w, b, kernel=(3, 3), num_filter=3, "
         "num_group=2)", {"a": a, "w": rnd([3, 1, 3, 3]), "b": rnd([3])})
    case("conv_bad_weight", "nd.Convolution(a, w, b, kernel=(3, 3), num_filter=2)",
         {"a": a, "w": rnd([2, 2, 2, 3]), "b": b})
    case("conv_bad_weight_f", "nd.Convolution(a, w, b, kernel=(3, 3), num_filter=2)",
         {"a": a, "w": rnd([3, 2, 3, 3]), "b": b})
    case("conv_bad_weight_group", "nd.Convolution(a, w, b, kernel=(3, 3), num_filter=2, "
         "num_group=2)", {"a": a, "w": w, "b": b})
    case("conv_bad_bias", "nd.Convolution(a, w, b, kernel=(3, 3), num_filter=2)",
         {"a": a, "w": w, "b": rnd([3])})
    case("conv_bad_stride_dims", "nd.Convolution(a, w, b, kernel=(3, 3), stride=(1, 1, 1), "
         "num_filter=2)", {"a": a, "w": w, "b": b})
    case("conv_bad_pad_dims", "nd.Convolution(a, w, b, kernel=(3, 3), pad=(1,), num_filter=2)",
         {"a": a, "w": w, "b": b})
    case("conv_bad_data_ndim", "nd.Convolution(a, w, b, kernel=(3,), num_filter=2)",
         {"a": a, "w": rnd([2, 2, 3]), "b": b})
    case("conv_bad_stride0", "nd.Convolution(a, w, b, kernel=(3, 3), stride=(0, 1), "
         "num_filter=2)", {"a": a, "w": w, "b": b})
    case("conv_bad_dtype", "nd.Convolution(a, w, b, kernel=(3, 3), num_filter=2)",
         {"a": a, "w": (w[0], F32), "b": b})
    case("conv_bad_nokernel", "nd.Convolution(a, w, b, num_filter=2)",
         {"a": a, "w": w, "b": b})
    case("conv_bad_layout", "nd.Convolution(a, w, b, kernel=(3, 3), num_filter=2, "
         "layout='NCW')", {"a": a, "w": w, "b": b})


# ------------------------------------------------------------------------ Deconvolution
def deconv_case(i):
    n = pick([1, 2, 3], [0.3, 0.45, 0.25])
    g = pick([1, 1, 1, 2])
    C, F = g * pick([1, 2]), g * pick([1, 2])
    N = pick([1, 2])
    k = [pick([1, 2, 3] if n == 3 else [1, 2, 3, 4]) for _ in range(n)]
    s = [pick([1, 1, 2, 3]) for _ in range(n)]
    d = [pick([1, 1, 2]) for _ in range(n)]
    size = [R.randint(1, 5 if n < 3 else 3) for _ in range(n)]
    plain3d = n == 3 and R.rand() < 0.75  # MXNet's CPU 3-D deconv: float32, no dilate/pad
    if plain3d:
        d = [1] * n
    p, a = [], []
    for j in range(n):
        full = s[j] * (size[j] - 1) + d[j] * (k[j] - 1) + 1
        p.append(0 if plain3d else min(pick([0, 0, 1, 2]), (full - 1) // 2))
        a.append(R.randint(0, s[j]) if R.rand() < 0.5 else 0)
    params = {"kernel": tup(k)}
    if any(v != 1 for v in s) or R.rand() < 0.3:
        params["stride"] = tup(s)
    if any(v != 1 for v in d) or R.rand() < 0.2:
        params["dilate"] = tup(d)
    if any(v != 0 for v in p) or R.rand() < 0.2:
        params["pad"] = tup(p)
    target = R.rand() < 0.25 and not plain3d
    if target and R.rand() < 0.8:
        d = [1] * n  # MXNet's dilated deconvolution with target_shape is broken
    if target:
        t = []
        for j in range(n):
            full = s[j] * (size[j] - 1) + d[j] * (k[j] - 1) + 1
            t.append(max(1, full - (R.randint(0, 3) if s[j] > 1 else pick([0, 2]))))
        params["target_shape"] = tup(t)
    elif any(v != 0 for v in a) or R.rand() < 0.1:
        params["adj"] = tup(a)
    params["num_filter"] = F
    if g > 1 or R.rand() < 0.1:
        params["num_group"] = g
    with_bias = R.rand() < 0.4
    if with_bias:
        params["no_bias"] = False
    elif R.rand() < 0.3:
        params["no_bias"] = True
    # MXNet CPU: 3-D and dilated deconvolution are right in float32 only (MKLDNN), and
    # target_shape in float64 only (the MKLDNN path fails on an odd crop)
    dt = F32 if plain3d or any(v > 1 for v in d) and not target else F64 if target else _dtype()
    ins = {"a": rnd([N, C] + size, dt), "w": rnd([C, F // g] + k, dt)}
    args = "a, w"
    if with_bias:
        ins["b"] = rnd([F], dt)
        args += ", b"
    wrt = list(ins) if dt != F16 else []
    case(f"deconv{n}d_{i}", f"nd.Deconvolution({args}, {kw(params)})", ins, wrt)


def deconv_bad_cases():
    a = rnd([1, 2, 3, 3])
    w = rnd([2, 2, 3, 3])
    b = rnd([2])
    case("deconv_bad_noweight", "nd.Deconvolution(a, kernel=(3, 3), num_filter=2)",
         {"a": a})
    case("deconv_bad_nobias", "nd.Deconvolution(a, w, kernel=(3, 3), num_filter=2, "
         "no_bias=False)", {"a": a, "w": w})
    case("deconv_bad_extra_bias", "nd.Deconvolution(a, w, b, kernel=(3, 3), num_filter=2)",
         {"a": a, "w": w, "b": b})
    case("deconv_bad_weight", "nd.Deconvolution(a, w, kernel=(3, 3), num_filter=2)",
         {"a": a, "w": rnd([2, 3, 3, 3])})
    case("deconv_bad_weight_k", "nd.Deconvolution(a, w, kernel=(3, 3), num_filter=2)",
         {"a": a, "w": rnd([2, 2, 2, 3])})
    case("deconv_bad_bias", "nd.Deconvolution(a, w, b, kernel=(3, 3), num_filter=2, "
         "no_bias=False)", {"a": a, "w": w, "b": rnd([3])})
    case("deconv_bad_adj", "nd.Deconvolution(a, w, kernel=(3, 3), stride=(2, 2), adj=(2, 0), "
         "num_filter=2)", {"a": a, "w": w})
    case("deconv_bad_adj_dims", "nd.Deconvolution(a, w, kernel=(3, 3), stride=(2, 2), "
         "adj=(1,), num_filter=2)", {"a": a, "w": w})
    case("deconv_bad_target", "nd.Deconvolution(a, w, kernel=(3, 3), target_shape=(9, 9), "
         "num_filter=2)", {"a": a, "w": w})
    case("deconv_bad_group", "nd.Deconvolution(a, w, kernel=(3, 3), num_filter=3, "
         "num_group=2)", {"a": a, "w": rnd([2, 1, 3, 3])})
    case("deconv_bad_pad", "nd.Deconvolution(a, w, kernel=(3, 3), pad=(3, 3), num_filter=2)",
         {"a": a, "w": w})
    case("deconv_bad_data_ndim", "nd.Deconvolution(a, w, kernel=(3,), num_filter=2)",
         {"a": a, "w": rnd([2, 2, 3])})


# ------------------------------------------------------------------------ Pooling
def pool_case(i, op="Pooling"):
    n = pick([1, 2, 3], [0.3, 0.45, 0.25] if op == "Pooling" else [0.05, 0.85, 0.1])
    pt = pick(["max", "avg", "sum", "lp"], [0.4, 0.3, 0.1, 0.2]) if op == "Pooling" else \
        pick(["max", "avg", "sum"])
    N, C = pick([1, 2]), pick([1, 2, 3])
    k = [pick([1, 2, 3] if n == 3 else [1, 2, 3, 4]) for _ in range(n)]
    s = [pick([1, 1, 2, 3]) for _ in range(n)]
    p = [min(pick([0, 0, 1, 2]), k[j] - 1) for j in range(n)]
    size = [max(1, k[j] - 2 * p[j] + R.randint(0, 5 if n < 3 else 3)) for j in range(n)]
    while N * C * np.prod(size) > 260:
        j = int(np.argmax(size))
        size[j] -= 1
        if k[j] > size[j] + 2 * p[j]:
            k[j] -= 1
            p[j] = min(p[j], k[j] - 1)
    params = {"kernel": tup(k), "pool_type": repr(pt)}
    glob = R.rand() < 0.12
    if glob:
        params["global_pool"] = True
    conv = pick(["valid", "full", "same"], [0.5, 0.4, 0.1]) if n == 1 and pt == "max" else \
        pick(["valid", "full", "valid"])
    if conv != "valid" or R.rand() < 0.2:
        params["pooling_convention"] = repr(conv)
    if any(v != 1 for v in s) or R.rand() < 0.2:
        params["stride"] = tup(s)
    if any(v != 0 for v in p) or R.rand() < 0.2:
        params["pad"] = tup(p)
    if pt == "lp":
        params["p_value"] = pick([1, 2, 3])
    if pt == "avg" and op == "Pooling" and R.rand() < 0.6:
        params["count_include_pad"] = pick([True, False])
    dt = pick([F64, F32, F16], [0.6, 0.3, 0.1]) if op == "Pooling" else pick([F32, F64])
    if op == "Pooling" and R.rand() < 0.08:
        params["layout"] = repr({1: "NCW", 2: "NCHW", 3: "NCDHW"}[n])
    if pt == "lp":  # positive inputs keep lp's powers smooth and well-conditioned
        a = rnd([N, C] + size, dt, 0.2, 1.5, 3)
    else:
        a = distinct([N, C] + size, 0.01, dt)
    case(f"{'pool' if op == 'Pooling' else 'poolv1_'}{n}d_{i}",
         f"nd.{op}(a, {kw(params)})", {"a": a}, ["a"] if dt != F16 else [])


def pool_layout_cases():
    for i, (lay, shape, k) in enumerate([("NWC", [2, 5, 3], "(2,)"),
                                         ("NHWC", [1, 4, 5, 2], "(2, 2)"),
                                         ("NHWC", [2, 3, 3, 3], "(3, 2)"),
                                         ("NDHWC", [1, 3, 3, 2, 2], "(2, 2, 1)")]):
        for pt in ("max", "avg"):
            case(f"pool_layout_{pt}_{i}", f"nd.Pooling(a, kernel={k}, pool_type='{pt}', "
                 f"layout='{lay}', stride={k})", {"a": distinct(shape)}, ["a"])


def pool_empty_window_cases():
    """'full' windows that start past the input (MXNet: max -inf, avg/sum/lp 0; 3-D avg nan)."""
    for n, shape, k, s in ((1, [1, 2, 3], "(2,)", "(3,)"), (2, [1, 1, 3, 4], "(2, 2)", "(3, 3)"),
                           (3, [1, 1, 3, 3, 3], "(2, 2, 2)", "(3, 3, 3)")):
        for pt in ("max", "avg", "sum", "lp"):
            for dt in (F32, F64):
                extra = ", p_value=2" if pt == "lp" else ""
                a = rnd(shape, dt, 0.2, 1.5, 3) if pt == "lp" else distinct(shape, dtype=dt)
                case(f"pool_empty_{n}d_{pt}_{dt}", f"nd.Pooling(a, kernel={k}, pool_type='{pt}', "
                     f"pooling_convention='full', stride={s}{extra})", {"a": a}, ["a"])


def pool_same_cases():
    """'same' (1-D max only): ceil(x / stride) outputs (MXNet 1.9.1 fails on every call)."""
    for i, (w, k, st) in enumerate(((6, 4, None), (7, 2, 2), (5, 3, 2), (1, 1, 2))):
        stride = f", stride=({st},)" if st else ""
        case(f"pool_same_{i}", f"nd.Pooling(a, kernel=({k},), pooling_convention='same'{stride})",
             {"a": distinct([2, 2, w])}, ["a"])


def pool_bad_cases():
    a = distinct([1, 2, 4, 4])
    bad = {
        "kernel_big": "kernel=(5, 2)",
        "kernel_big_pad": "kernel=(3, 7), pad=(1, 1)",
        "nokernel": "pool_type='avg'",
        "kernel_dims": "kernel=(2,)",
        "stride_dims": "kernel=(2, 2), stride=(1, 1, 1)",
        "pad_dims": "kernel=(2, 2), pad=(1,)",
        "stride0": "kernel=(2, 2), stride=(0, 1)",
        "kernel0": "kernel=(0, 2)",
        "same_2d": "kernel=(2, 2), pooling_convention='same'",
        "same_avg": "kernel=(2, 2), pool_type='avg', pooling_convention='same'",
        "lp_nop": "kernel=(2, 2), pool_type='lp'",
        "pool_type": "kernel=(2, 2), pool_type='median'",
        "convention": "kernel=(2, 2), pooling_convention='floor'",
        "pad_ge_kernel": "kernel=(2, 2), pad=(2, 2)",
        "layout": "kernel=(2, 2), layout='NCW'",
    }
    for name, kwargs in bad.items():
        case(f"pool_bad_{name}", f"nd.Pooling(a, {kwargs})", {"a": a})
    case("pool_bad_2d_data", "nd.Pooling(a, kernel=(2,))", {"a": distinct([4, 4])})
    case("pool_bad_same_avg1d", "nd.Pooling(a, kernel=(2,), pool_type='avg', "
         "pooling_convention='same')", {"a": distinct([1, 2, 5])})


# ------------------------------------------------------------------------ legacy ops
def conv_v1_case(i):
    n = 2
    g = pick([1, 1, 2])
    C, F = g * pick([1, 2]), g * pick([1, 2])
    N = pick([1, 2])
    k = [pick([1, 2, 3]) for _ in range(n)]
    s = [pick([1, 1, 2]) for _ in range(n)]
    d = [pick([1, 1, 2]) for _ in range(n)]
    p = [pick([0, 0, 1]) for _ in range(n)]
    size = [max(1, d[j] * (k[j] - 1) + 1 - 2 * p[j] + R.randint(0, 4)) for j in range(n)]
    params = {"kernel": tup(k), "stride": tup(s), "dilate": tup(d), "pad": tup(p),
              "num_filter": F}
    if g > 1:
        params["num_group"] = g
    no_bias = R.rand() < 0.3
    if no_bias:
        params["no_bias"] = True
    dt = pick([F32, F64])
    ins = {"a": distinct([N, C] + size, 0.01, dt), "w": rnd([F, C // g] + k, dt)}
    args = "a, w"
    if not no_bias:
        ins["b"] = rnd([F], dt)
        args += ", b"
    case(f"convv1_{i}", f"nd.Convolution_v1({args}, {kw(params)})", ins, list(ins))


def legacy_bad_cases():
    a = distinct([1, 2, 4, 4])
    case("convv1_bad_weight", "nd.Convolution_v1(a, w, b, kernel=(3, 3), num_filter=2)",
         {"a": a, "w": rnd([2, 2, 2, 3]), "b": rnd([2])})
    case("convv1_bad_kernel_big", "nd.Convolution_v1(a, w, b, kernel=(5, 5), num_filter=2)",
         {"a": a, "w": rnd([2, 2, 5, 5]), "b": rnd([2])})
    case("poolv1_bad_kernel_big", "nd.Pooling_v1(a, kernel=(5, 5))", {"a": a})


def build():
    for i in range(90):
        conv_case(i)
    conv_bad_cases()
    for i in range(55):
        deconv_case(i)
    deconv_bad_cases()
    for i in range(100):
        pool_case(i)
    pool_bad_cases()
    pool_layout_cases()
    pool_same_cases()
    pool_empty_window_cases()
    for i in range(12):
        pool_case(i, "Pooling_v1")
    for i in range(8):
        conv_v1_case(i)
    legacy_bad_cases()
    import fuzz_conv_pool_spatial as sp
    sp.build(dict(ups_n=16, ups_b=10, sampler=16, grid=14, roipool=14, roialign=18,
                  adaptive=12, resize=22))
    import fuzz_conv_pool_extra
    fuzz_conv_pool_extra.build()


build()
