"""Fuzz cases of the contrib family, part 3: the small ops (div_sqrt_dim, quadratic,
gradientmultiplier, round_ste, sign_ste, index_array, fft, ifft, count_sketch, arange_like,
allclose, isinf/isnan/isfinite) and the control flow (foreach, while_loop, cond), imported by
fuzz_contrib_cases, which owns the RandomState."""
import numpy as np

D, F, H, I32 = "float64", "float32", "float16", "int32"
# control-flow results are nested lists: flatten (outputs..., states...) for the recorder
FE = "(lambda r: list(r[0] if isinstance(r[0], list) else [r[0]]) + list(r[1]))({})"
WL = "(lambda r: (r[0] if isinstance(r[0], list) else [r[0]]) + list(r[1]))({})"

FE_BODIES = [
    ("lambda x, s: (x * s[0] + 1, [s[0] * 0.5 + x])", 1),
    ("lambda x, s: (nd.tanh(x + s[0]), [nd.tanh(x + s[0])])", 1),
    ("lambda x, s: ([x + s[0], x * s[1]], [s[0] + x, s[1] * nd.sigmoid(x)])", 2),
    ("lambda x, s: (nd.sum(x * s[0]) + x, [s[0] - x * x])", 1),
    ("lambda x, s: (x.exp(), [s[0] * x + s[1], s[1] + 1])", 2),
]
WL_FUNCS = [
    ("lambda i, s: (s * 2, (i + 1, s + x))", "lambda i, s: i < {n}"),
    ("lambda i, s: ([s, i * s], (i + 1, nd.tanh(s) * x))", "lambda i, s: i < {n}"),
    ("lambda i, s: (s.sqrt(), (i + 1, s * 1.5))", "lambda i, s: nd.sum(s) < {t}"),
]
CD_FUNCS = [
    ("lambda: a * 2 + b", "lambda: a - b * b"),
    ("lambda: [a.exp(), b]", "lambda: [a * b, b + 1]"),
    ("lambda: nd.tanh(a) * b", "lambda: nd.sigmoid(b) + a"),
]


def extend(case, rs):
    def pick(seq):
        return seq[rs.randint(len(seq))]

    def fl(v, d=3):
        return float(np.round(v, d))

    def arr(shape, dt=D, lo=-2.0, hi=2.0, dec=4):
        return (np.round(rs.uniform(lo, hi, shape), dec).tolist(), dt)

    def rshape(nd_, lo=1, hi=4):
        return tuple(int(v) for v in rs.randint(lo, hi + 1, nd_))

    # ------------------------------------------------------------ small elementwise
    for j in range(10):
        dt = pick([D, F, H])
        case(f"dsd_{j}", "nd.contrib.div_sqrt_dim(a)", {"a": arr(rshape(pick([1, 2, 3])), dt)},
             ["a"] if dt != H else [])
    case("dsd_int", "nd.contrib.div_sqrt_dim(a)", {"a": ([[1, 2, 3, 4]], I32)})
    for j in range(12):
        dt = pick([D, D, F, H])
        # float16: no cancellation (MXNet's half_t rounding of the steps is not reproduced
        # bit for bit; a result near 0 would magnify one ulp of an intermediate)
        lo = 0.0 if dt == H else -3.0
        kw = [f"{k}={fl(rs.uniform(lo, 3))}" for k in "abc" if rs.rand() < 0.7]
        case(f"quad_{j}", "nd.contrib.quadratic(a" + "".join(", " + k for k in kw) + ")",
             {"a": arr(rshape(pick([1, 2, 3])), dt, 0.3 if dt == H else -2.0)},
             ["a"] if dt != H else [])
    case("quad_int", "nd.contrib.quadratic(a, a=1.5, b=2, c=0.5)", {"a": ([[1, -2, 3]], I32)})
    for j in range(8):
        dt = pick([D, F])
        sc = fl(pick([0.0, -1.0, 2.5, rs.uniform(-3, 3)]))
        case(f"gmul_{j}", f"nd.contrib.gradientmultiplier(a, scalar={sc})",
             {"a": arr(rshape(2), dt)}, ["a"])
    case("gmul_chain", "nd.contrib.gradientmultiplier(a * a, scalar=-0.5) * 3",
         {"a": arr((2, 3))}, ["a"])
    STE = [0.5, -0.5, 1.5, -2.5, 0.0, 0.49, -0.51, 2.0, 3.7, -0.0]
    for op in ("round_ste", "sign_ste"):
        for j in range(5):
            dt = pick([D, F, H])
            case(f"{op}_{j}", f"nd.contrib.{op}(a)", {"a": arr(rshape(2), dt, -3, 3, 1)},
                 ["a"] if dt != H else [])
        case(f"{op}_edges", f"nd.contrib.{op}(a) * 2", {"a": (STE, F)}, ["a"])
        case(f"{op}_int", f"nd.contrib.{op}(a)", {"a": ([-2, 0, 3], I32)})

    # ------------------------------------------------------------ index_array
    for j in range(12):
        shp = rshape(int(rs.randint(1, 5)), 1, 3)
        n = len(shp)
        if rs.rand() < 0.3:
            ax = ""
        else:
            k = int(rs.randint(1, n + 1))
            axes = [int(v) for v in rs.choice(np.arange(-n, n), k, replace=False)]
            ax = f", axes={tuple(axes)}"
        case(f"idxarr_{j}", f"nd.contrib.index_array(a{ax})",
             {"a": arr(shp, pick([F, I32 if False else D]))})
    for j, kw in enumerate(["axes=(3,)", "axes=(-4,)", "axes=(0, 0)", "axes=()", "axes=1"]):
        case(f"idxarr_edge_{j}", f"nd.contrib.index_array(a, {kw})", {"a": arr((2, 3, 1), F)})
    case("idxarr_grad", "nd.contrib.index_array(a, axes=(1,)) * 1.0 + a.expand_dims(-1)",
         {"a": arr((2, 3), F)}, ["a"])

    # ------------------------------------------------------------ fft / ifft / count_sketch
    for j in range(8):
        shp = pick([(int(rs.randint(1, 4)), int(rs.randint(1, 6))), rshape(4, 1, 3)])
        cs = pick(["", ", compute_size=1", ", compute_size=3", ", compute_size=128"])
        case(f"fft_{j}", f"nd.contrib.fft(a{cs})", {"a": arr(shp, F)}, ["a"] if j < 4 else [])
        ish = shp[:-1] + (2 * shp[-1],)
        case(f"ifft_{j}", f"nd.contrib.ifft(a{cs})", {"a": arr(ish, F)}, ["a"] if j < 4 else [])
    case("fft_f64", "nd.contrib.fft(a)", {"a": arr((2, 3), D)})
    case("ifft_odd", "nd.contrib.ifft(a)", {"a": arr((2, 3), F)})
    case("fft_1d", "nd.contrib.fft(a)", {"a": arr((4,), F)})
    for j in range(6):
        n, ind, od = int(rs.randint(1, 4)), int(rs.randint(1, 6)), int(rs.randint(1, 6))
        h = rs.randint(0, od, (1, ind)).astype(float)
        s = rs.choice([-1.0, 1.0], (1, ind))
        pb = pick(["", ", processing_batch_size=1", ", processing_batch_size=2"])
        case(f"sketch_{j}", f"nd.contrib.count_sketch(a, h, s, out_dim={od}{pb})",
             {"a": arr((n, ind), F), "h": (h.tolist(), F), "s": (s.tolist(), F)},
             ["a"] if j < 3 else [])
    case("sketch_noout", "nd.contrib.count_sketch(a, h, s)",
         {"a": arr((2, 3), F), "h": ([[0, 1, 0]], F), "s": ([[1, -1, 1]], F)})

    # ------------------------------------------------------------ arange_like / allclose / isinf
    for j in range(12):
        shp = rshape(int(rs.randint(1, 4)), 1, 4)
        kw = []
        if rs.rand() < 0.5:
            kw.append(f"start={fl(rs.uniform(-3, 3), 2)}")
        if rs.rand() < 0.5:
            kw.append(f"step={fl(pick([1.0, -1.0, 0.5, 0.0, rs.uniform(-2, 2)]), 2)}")
        if rs.rand() < 0.4:
            kw.append(f"repeat={pick([1, 2, 3])}")
        if rs.rand() < 0.6:
            kw.append(f"axis={int(rs.randint(-len(shp), len(shp)))}")
        case(f"arl_{j}", "nd.contrib.arange_like(a" + "".join(", " + k for k in kw) + ")",
             {"a": arr(shp, pick([F, D, I32 if j % 4 == 0 else F]) if True else F)})
    case("arl_edge_axis", "nd.contrib.arange_like(a, axis=2)", {"a": arr((2, 3), F)})
    case("arl_edge_int", "nd.contrib.arange_like(a, start=1.5)", {"a": ([[1, 2]], I32)})
    case("arl_edge_int_step", "nd.contrib.arange_like(a, step=0.5)",
         {"a": ([[1, 2], [3, 4]], I32)})
    for j in range(12):
        shp = rshape(2, 1, 3)
        # 6 significant digits at most: the recorded inputs replay exactly
        a = np.round(rs.uniform(-2, 2, shp), 2)
        b = np.round(a + np.round(rs.uniform(-1, 1, shp) * pick([0.0, 1e-5, 1e-3, 0.1]), 5), 5)
        if rs.rand() < 0.3:
            a.ravel()[0] = pick([np.nan, np.inf])
            b.ravel()[0] = pick([np.nan, np.inf, 1.0])
        kw = []
        if rs.rand() < 0.5:
            kw.append(f"rtol={pick([0.0, 1e-5, 1e-3, 0.1])}")
        if rs.rand() < 0.5:
            kw.append(f"atol={pick([0.0, 1e-8, 1e-4, 0.01])}")
        if rs.rand() < 0.5:
            kw.append(f"equal_nan={pick([True, False])}")
        dt = pick([F, D])
        case(f"allclose_{j}", "nd.contrib.allclose(a, b" + "".join(", " + k for k in kw) + ")",
             {"a": (a.tolist(), dt), "b": (b.tolist(), dt)})
    case("allclose_bcast", "nd.contrib.allclose(a, b)", {"a": arr((2, 3), F), "b": arr((3,), F)})
    SPECIAL = [1.0, np.inf, -np.inf, np.nan, 0.0, -2.5, 1e30]
    for op in ("isinf", "isnan", "isfinite"):
        for dt in (F, D, H):
            case(f"{op}_{dt}", f"nd.contrib.{op}(a)", {"a": (SPECIAL, dt)})
        case(f"{op}_int", f"nd.contrib.{op}(a)", {"a": ([1, -2, 0], I32)})

    # ------------------------------------------------------------ foreach
    for j in range(16):
        body, ns = pick(FE_BODIES)
        t, shp = int(rs.randint(1, 4)), rshape(pick([1, 2]), 1, 3)
        ins = {"a": arr((t,) + shp)}
        states = []
        for k in range(ns):
            ins[f"s{k}"] = arr(shp)
            states.append(f"s{k}")
        st = "[" + ", ".join(states) + "]"
        nout = 2 if "[x + s[0]" in body else 1
        case(f"foreach_{j}", FE.format(f"nd.contrib.foreach({body}, a, {st})"), ins,
             list(ins), gout=int(rs.randint(0, nout + ns)))
    case("foreach_multi_data", FE.format(
        "nd.contrib.foreach(lambda x, s: (x[0] * x[1] + s, s + x[0]), [a, b], c)"),
        {"a": arr((3, 2)), "b": arr((3, 2)), "c": arr((2,))}, ["a", "b", "c"], gout=1)
    case("foreach_bad_body", FE.format("nd.contrib.foreach(lambda x, s: (x, 3), a, [b])"),
         {"a": arr((2, 2)), "b": arr((2,))})
    case("foreach_bad_data", "nd.contrib.foreach(lambda x, s: (x, s), 3, [b])",
         {"b": arr((2,))})

    # ------------------------------------------------------------ while_loop
    # the name ends in _k<steps run>: MXNet leaves the stacked outputs past them uninitialised
    for j in range(14):
        func, cnd = pick(WL_FUNCS)
        shp = rshape(1, 1, 3)
        n = int(rs.randint(0, 5))
        mi = int(rs.randint(max(n, 1), 7))
        t = fl(rs.uniform(1, 12), 2)
        cnd = cnd.format(n=n, t=t)
        ins = {"x": arr(shp, lo=0.5, hi=1.5), "s": arr(shp, lo=0.2, hi=1.0),
               "i": ([0.0], D)}
        k = min(n, mi)
        if "nd.sum" in cnd:
            k, s0 = 0, np.array(ins["s"][0])
            while k < mi and s0.sum() < t:
                s0, k = s0 * 1.5, k + 1
        wrt = ["x", "s"] if k else []  # no iteration: the outputs are not in the graph
        expr = WL.format(f"nd.contrib.while_loop({cnd}, {func}, (i, s), max_iterations={mi})")
        nout = 2 if "[s, i * s]" in func else 1
        case(f"while_{j}_k{k}", expr, ins, wrt, gout=pick(list(range(nout)) + [-1]))
    case("while_nomax", WL.format(
        "nd.contrib.while_loop(lambda i, s: i < 2, lambda i, s: (s, (i + 1, s)), (i, s))"),
        {"i": ([0.0], D), "s": arr((2,))})
    case("while_single_var_k3", WL.format(
        "nd.contrib.while_loop(lambda s: nd.sum(s) < 5, lambda s: (s * 1, s + 1), s, "
        "max_iterations=10)"), {"s": ([0.2, 0.4], D)}, ["s"], gout=1)

    # ------------------------------------------------------------ cond
    for j in range(10):
        th, el = pick(CD_FUNCS)
        shp = rshape(pick([1, 2]), 1, 3)
        p = pick([0.0, 1.0, 2.0, -1.0])
        expr = f"nd.contrib.cond(p, {th}, {el})"
        ins = {"p": ([p], pick([F, D, I32])), "a": arr(shp), "b": arr(shp)}
        nout = 2 if "[a.exp()" in th else 1
        case(f"cond_{j}", expr, ins, ["a", "b"], gout=int(rs.randint(0, nout)))
    case("cond_pred_expr", "nd.contrib.cond(nd.sum(a) > 0, lambda: a * 2, lambda: a * -3)",
         {"a": arr((3,))}, ["a"])
    case("cond_pred_half", "nd.contrib.cond(p, lambda: a * 2, lambda: a * -3)",
         {"p": ([0.5], F), "a": arr((3,))}, ["a"])
    case("cond_struct_mismatch", "nd.contrib.cond(p, lambda: [a, a], lambda: a)",
         {"p": ([1.0], F), "a": arr((3,))})
    case("cond_nonarray", "nd.contrib.cond(p, lambda: 3, lambda: a)",
         {"p": ([1.0], F), "a": arr((3,))})
    case("foreach_empty", FE.format("nd.contrib.foreach(lambda x, s: (x + s, s * 2), a, b)"),
         {"a": (np.zeros((0, 2)).tolist(), F), "b": arr((2,), F)})
    case("foreach_nested_states", FE.format(
        "nd.contrib.foreach(lambda x, s: (x * s[0][0], [[s[0][0] + x], s[1] * 2]), a, [[b], c])"),
        {"a": arr((3, 2)), "b": arr((2,)), "c": arr((2,))}, ["a", "b", "c"], gout=1)
    case("while_shape_change", WL.format(
        "nd.contrib.while_loop(lambda i, s: i < 2, lambda i, s: (s, (i + 1, "
        "nd.concat(s, s, dim=0))), (i, s), max_iterations=3)"), {"i": ([0.0], D), "s": arr((2,))})
    case("while_nonarray_cond", WL.format(
        "nd.contrib.while_loop(lambda i, s: True, lambda i, s: (s, (i + 1, s)), (i, s), "
        "max_iterations=2)"), {"i": ([0.0], D), "s": arr((2,))})
    case("allclose_f16", "nd.contrib.allclose(a, b, rtol=1e-3)",
         {"a": ([1.0, 2.0, 3.0], H), "b": ([1.0, 2.001, 3.0], H)})
    case("allclose_int", "nd.contrib.allclose(a, b)", {"a": ([1, 2], I32), "b": ([1, 3], I32)})
    case("round_ste_f16_ties", "nd.contrib.round_ste(a)", {"a": (STE, H)})
    case("gmul_int", "nd.contrib.gradientmultiplier(a, scalar=2)", {"a": ([1, 2], I32)})
    case("idxarr_int", "nd.contrib.index_array(a, axes=(-1, 0))", {"a": ([[1, 2, 3]], I32)})
    case("while_len_change", WL.format(
        "nd.contrib.while_loop(lambda i, s: i < 2, lambda i, s: (s, (i + 1,)), (i, s), "
        "max_iterations=3)"), {"i": ([0.0], D), "s": arr((2,))})
    case("while_cond_vector", WL.format(
        "nd.contrib.while_loop(lambda i, s: s > 0, lambda i, s: (s, (i + 1, s - 1)), (i, s), "
        "max_iterations=3)"), {"i": ([0.0], D), "s": arr((2,), lo=0.5, hi=1)})
    case("while_no_output", WL.format(
        "nd.contrib.while_loop(lambda i, s: i < 2, lambda i, s: (None, (i + 1, s * 2)), (i, s),"
        " max_iterations=3)"), {"i": ([0.0], D), "s": arr((2,))}, ["s"], gout=-1)
    case("while_maxiter_nd", WL.format(
        "nd.contrib.while_loop(lambda i, s: i < 2, lambda i, s: (s, (i + 1, s * 2)), (i, s),"
        " max_iterations=m)"), {"i": ([0.0], D), "s": arr((2,)), "m": ([4], I32)})
    case("foreach_state_len", FE.format(
        "nd.contrib.foreach(lambda x, s: (x, [s[0], s[0]]), a, [b])"),
        {"a": arr((2, 2)), "b": arr((2,))})
    case("foreach_grad_states_only", FE.format(
        "nd.contrib.foreach(lambda x, s: (x * 2, [s[0] * x]), a, [b])"),
        {"a": arr((3, 2)), "b": arr((2,))}, ["a", "b"], gout=1)
    case("gmul_f16", "nd.contrib.gradientmultiplier(a, scalar=0.5)", {"a": arr((2, 2), H)},
         ["a"])
    case("dsd_f16_grad", "nd.contrib.div_sqrt_dim(a)", {"a": arr((2, 3), H)}, ["a"])
    case("cond_pred_multi", "nd.contrib.cond(p, lambda: a, lambda: b)",
         {"p": ([1.0, 0.0], F), "a": arr((2,)), "b": arr((2,))})
