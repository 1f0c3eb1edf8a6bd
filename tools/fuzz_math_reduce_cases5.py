"""Fuzz cases of the math/reduce family, part 5: linalg edges and errors, float32 gradients,
higher ranks (see fuzz_math_reduce_cases). No MXNet import."""
from fuzz_math_reduce_cases import F16, F32, F64, R, away, bshapes, case, rshape, vals
from fuzz_math_reduce_cases3 import gen, mat, spd, tri

L = "nd.linalg."

# ---- M. float32 gradients of broadcast binaries and reductions; 5-D broadcasting
for i, op in enumerate(["broadcast_add", "broadcast_mul", "broadcast_div", "broadcast_power",
                        "broadcast_hypot", "broadcast_sub", "broadcast_maximum"]):
    sa, sb = bshapes()
    a = vals(sa, 0.5, 2.5, F32)
    b = away(sb, -2, 2, F32, 0.4) if op != "broadcast_power" else vals(sb, -2, 2, F32)
    case(f"g32_{op[10:]}", f"nd.{op}(a, b)", {"a": (a, F32), "b": (b, F32)}, ["a", "b"])
for i in range(4):
    s = (2, 1, 3, 1, 2)
    t = tuple(int(d) for d in R.choice([1, 2], 5)) if i % 2 else (1, 2, 1, 2, 1)
    t = tuple(s[k] if t[k] == 2 and s[k] != 1 else t[k] for k in range(5))
    case(f"g5d_{i}", "a * b - a / (b + 3)", {"a": (vals(s), F64), "b": (vals(t, 0, 1), F64)},
         ["a", "b"])
for i in range(10):
    op = ["sum", "mean", "prod", "max", "min", "nansum", "norm", "moments"][i % 8]
    s = rshape(2, 4, 4, 60)
    x = away(s, -2, 2, F32 if i < 6 else F16, 0.3)
    dt = F32 if i < 6 else F16
    ax = int(R.randint(-len(s), len(s)))
    e = f"nd.{op}(a, axes=({ax},))" if op == "moments" else f"nd.{op}(a, axis={ax})"
    case(f"g32_r_{op}_{i}", e, {"a": (x, dt)}, ["a"])

# ---- N. dot / batch_dot edges
for i, (sa, sb, kw) in enumerate([
        ((3,), (3,), ", transpose_a=True"), ((3,), (3, 2), ", transpose_b=True"),
        ((3,), (3, 2, 2), ""), ((2, 2, 3), (3,), ""), ((3, 2), (3,), ", transpose_a=True"),
        ((2, 3), (4, 3), ", transpose_b=True"), ((1, 1), (1, 1), ", transpose_a=True"),
        ((4,), (2, 4), ", transpose_b=True"), ((2, 3, 4), (2, 3), ", transpose_a=True")]):
    case(f"dd_{i}", f"nd.dot(a, b{kw})", {"a": (mat(sa), F64), "b": (mat(sb), F64)}, ["a", "b"])
for i, (sa, sb, kw) in enumerate([
        ((2, 2, 3, 2), (2, 2, 2, 3), ""), ((2, 1, 3, 2), (2, 2, 2, 3), ""),
        ((2, 3, 2), (2, 3, 2), ", transpose_a=True"), ((2, 3, 2), (2, 3, 2), ""),
        ((2, 3, 2), (2, 2, 3, 1), ""), ((1, 1, 1), (1, 1, 1), ", transpose_a=True, "
                                                             "transpose_b=True")]):
    case(f"bd_{i}", f"nd.batch_dot(a, b{kw})", {"a": (mat(sa), F64), "b": (mat(sb), F64)},
         ["a", "b"])

# ---- O. linalg: gemm axis variants, errors, float32 gradients
for i, (sa, sb, sc, kw) in enumerate([
        ((3, 2, 4), (4, 2, 5), (3, 2, 5), "axis=0"), ((2, 3, 3, 4), (2, 4, 3, 2), (2, 3, 3, 2),
                                                     "axis=1"),
        ((2, 3, 3, 4), (2, 4, 3, 2), (2, 3, 3, 2), "axis=-3"),
        ((3, 2), (2, 4), (3, 4), "axis=-2"), ((3, 2), (2, 4), (3, 4), "axis=0"),
        ((3, 2), (2, 4), (3, 4), "axis=1"), ((2, 3, 2), (2, 2, 4), (2, 3, 4), "axis=2"),
        ((2, 3, 2), (2, 2, 4), (2, 3, 4), "axis=-1")]):
    case(f"lg_gemm_ax_{i}", f"{L}gemm(A, B, C, alpha=0.5, beta=2.0, {kw})",
         {"A": (mat(sa), F64), "B": (mat(sb), F64), "C": (mat(sc), F64)}, ["A", "B", "C"])
    case(f"lg_gemm2_ax_{i}", f"{L}gemm2(A, B, transpose_a=False, {kw})",
         {"A": (mat(sa), F64), "B": (mat(sb), F64)}, ["A", "B"])
for i in range(6):  # row axis anywhere, with random transposes
    b = tuple(int(d) for d in R.randint(1, 4, 2))
    m, k, n = (int(d) for d in R.randint(1, 4, 3))
    ta, tb = bool(R.rand() < 0.5), bool(R.rand() < 0.5)
    ax = int(R.randint(0, 3))
    def put(rows, cols):  # noqa: E306
        s = list(b)
        s.insert(ax, rows)
        return tuple(s) + (cols,)
    sa, sb, sc = put(*((k, m) if ta else (m, k))), put(*((n, k) if tb else (k, n))), put(m, n)
    kw = f"transpose_a={ta}, transpose_b={tb}, axis={ax - 3 if i % 2 else ax}"
    case(f"lg_gemm_axt_{i}", f"{L}gemm(A, B, C, {kw}, alpha=-0.5, beta=0.5)",
         {"A": (mat(sa), F64), "B": (mat(sb), F64), "C": (mat(sc), F64)}, ["A", "B", "C"])
ERRS = [("potrf", "A", (2, 3)), ("potri", "A", (3,)), ("trmm", "AB", ((2, 2), (3, 2))),
        ("trsm", "AB", ((2, 3), (3, 2))), ("syrk", "A", (3,)), ("sumlogdiag", "A", (2, 3)),
        ("extractdiag", "A", (3,)), ("makediag", "A", ()), ("extracttrian", "A", (2, 3)),
        ("maketrian", "A", (5,)), ("gelqf", "A", (3, 2)), ("syevd", "A", (2, 3)),
        ("inverse", "A", (2, 3)), ("det", "A", (3,)), ("slogdet", "A", (2, 3)),
        ("gemm", "ABC", ((2, 3), (3, 2), (3, 3))), ("gemm2", "AB", ((2, 3, 2), (3, 2, 2))),
        ("trmm", "AB", ((2, 2, 2), (3, 2, 2)))]
for i, (op, names, shp) in enumerate(ERRS):
    shapes = shp if len(names) > 1 else (shp,)
    inp = {n: (mat(s) if s else 1.0, F64) for n, s in zip(names, shapes)}
    case(f"lg_err_{op}_{i}", f"{L}{op}({', '.join(names)})", inp)
case("lg_potrf_notspd", f"{L}potrf(A)", {"A": ([[1.0, 2.0], [2.0, -3.0]], F64)})
case("lg_inverse_singular", f"{L}inverse(A)", {"A": ([[1.0, 2.0], [2.0, 4.0]], F64)})
case("lg_trsm_singular", f"{L}trsm(A, B)", {"A": ([[0.0, 0.0], [1.0, 2.0]], F64),
                                            "B": ([[1.0], [1.0]], F64)})
case("lg_syevd_repeated", f"{L}syevd(A)", {"A": ([[2.0, 0.0, 0.0], [0.0, 2.0, 0.0],
                                                  [0.0, 0.0, 5.0]], F64)}, ["A"], gout=1)
case("lg_syevd_nonsym", f"{L}syevd(A)", {"A": ([[2.0, 1.0], [0.0, 3.0]], F64)})
case("lg_potrf_upper_read", f"{L}potrf(A)", {"A": ([[4.0, 100.0], [2.0, 3.0]], F64)}, ["A"])
case("lg_sumlogdiag_neg", f"{L}sumlogdiag(A)", {"A": ([[-2.0, 1.0], [0.5, 3.0]], F64)}, ["A"])
case("lg_det_1x1", f"{L}det(A)", {"A": ([[[2.5]], [[-1.5]]], F64)}, ["A"])
case("lg_slogdet_batched", f"{L}slogdet(A)", {"A": (gen((2, 2), 2), F64)}, ["A"], gout=1)
case("lg_maketrian_off_batched", f"{L}maketrian(A, offset=-1, lower=True)",
     {"A": (mat((2, 3)), F64)}, ["A"])
case("lg_maketrian_off_upper", f"{L}maketrian(A, offset=1, lower=False)",
     {"A": (mat((2, 3)), F64)}, ["A"])
case("lg_extracttrian_bad_off", f"{L}extracttrian(A, offset=3)", {"A": (mat((3, 3)), F64)})
case("lg_makediag_f32", f"{L}makediag(A, offset=-2)", {"A": (mat((2, 2), F32), F32)}, ["A"])
for i, op in enumerate(["potrf", "potri", "inverse", "det", "slogdet", "sumlogdiag", "syrk",
                        "gelqf"]):
    A = spd((2,), 3, F32) if op != "potri" and op != "sumlogdiag" else tri((2,), 3)
    case(f"lg_f32_grad_{op}", f"{L}{op}(A)", {"A": (A, F32)}, ["A"],
         gout=1 if op == "slogdet" else 0)
case("lg_trsm_f32_grad", f"{L}trsm(A, B, rightside=True, alpha=-1.5)",
     {"A": (tri((2,), 3), F32), "B": (mat((2, 2, 3), F32), F32)}, ["A", "B"])
case("lg_khatri_rao_1col", "nd.khatri_rao(A, B, C)",
     {"A": (mat((2, 1)), F64), "B": (mat((3, 1)), F64), "C": (mat((1, 1)), F64)}, ["A", "B", "C"])
case("lg_khatri_rao_1d", "nd.khatri_rao(A, B)", {"A": (mat((3,)), F64), "B": (mat((3,)), F64)})
case("lg_khatri_rao_3d", "nd.khatri_rao(A, B)", {"A": (mat((1, 2, 3)), F64),
                                                 "B": (mat((1, 2, 3)), F64)})
case("lg_potri_singular", f"{L}potri(A)", {"A": ([[0.0, 0.0], [1.0, 1.0]], F64)})
case("lg_slogdet_singular", f"{L}slogdet(A)", {"A": ([[1.0, 2.0], [2.0, 4.0]], F64)}, ["A"], gout=1)
case("lg_potri_tiny_f32", f"{L}potri(A)", {"A": ([[1e-30, 0.0], [0.0, 1e-30]], F32)})
case("lg_trsm_zero", f"{L}trsm(A, B)", {"A": ([[0.0, 0.0], [0.0, 0.0]], F64),
                                        "B": ([[1.0], [2.0]], F64)})
