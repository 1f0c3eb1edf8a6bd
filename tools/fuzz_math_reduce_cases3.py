"""Fuzz cases of the math/reduce family, part 3: dot, batch_dot and nd.linalg (see
fuzz_math_reduce_cases). Random well-conditioned inputs, float32/float64, batched. No MXNet
import."""
import numpy as np

from fuzz_math_reduce_cases import F32, F64, I32, R, case, vals


def mat(shape, dt=F64):
    return vals(shape, -2, 2, dt, 2)


def spd(batch, n, dt=F64):
    """Batched symmetric positive-definite matrices (A Aᵀ + n I, 2 decimals)."""
    a = np.asarray(R.uniform(-1, 1, batch + (n, n)))
    m = a @ np.swapaxes(a, -1, -2) + n * np.eye(n)
    return np.round(m, 2).tolist()


def tri(batch, n, lower=True):
    """Well-conditioned triangular matrices (diagonal in [1, 2.5])."""
    a = np.round(R.uniform(-1, 1, batch + (n, n)), 2)
    a = np.tril(a) if lower else np.triu(a)
    idx = np.arange(n)
    a[..., idx, idx] = np.round(R.uniform(1, 2.5, batch + (n,)), 2)
    return a.tolist()


def gen(batch, n):
    """Well-conditioned general square matrices."""
    a = np.round(R.uniform(-1, 1, batch + (n, n)), 2) + 2.5 * np.eye(n)
    return a.tolist()


def rbatch(k=2):
    return tuple(int(d) for d in R.randint(1, 4, R.randint(0, k + 1)))


def tf(x):
    return "True" if x else "False"


# ---- F. dot: 1-D/2-D/N-D with transposes
for i in range(26):
    dt = F64 if i < 18 else [F32, I32][i % 2]
    ta, tb = bool(R.rand() < 0.4), bool(R.rand() < 0.4)
    k = R.randint(1, 5)
    na, nb = R.randint(1, 4), R.randint(1, 4)
    sa = tuple(int(d) for d in R.randint(1, 4, na - 1)) + (k,)
    sb = (k,) + tuple(int(d) for d in R.randint(1, 4, nb - 1))
    if ta and na > 1:  # lhs contracts its first axis
        sa = sa[-1:] + sa[:-1]
    else:
        ta = ta and na == 1
    if tb and nb > 1:  # rhs contracts its last axis
        sb = sb[1:] + sb[:1]
    else:
        tb = tb and nb == 1
    kw = (", transpose_a=True" if ta else "") + (", transpose_b=True" if tb else "")
    case(f"d_dot_{i}", f"nd.dot(a, b{kw})", {"a": (mat(sa, dt), dt), "b": (mat(sb, dt), dt)},
         ["a", "b"] if dt == F64 else [])
for i, (sa, sb, kw) in enumerate([((2, 3), (2, 3), ""), ((3,), (4,), ""),
                                  ((2, 3), (2, 4), ", transpose_b=True"), ((2, 3, 4), (3, 2), "")]):
    case(f"d_dot_bad_{i}", f"nd.dot(a, b{kw})", {"a": (mat(sa, F32), F32),
                                                 "b": (mat(sb, F32), F32)})
case("d_dot_mix", "nd.dot(a, b)", {"a": (mat((2, 3), F32), F32), "b": (mat((3, 2)), F64)})
# batch_dot
for i in range(14):
    dt = F64 if i < 10 else F32
    b = tuple(int(d) for d in R.randint(1, 4, R.randint(1, 3)))
    m, k, n = (int(d) for d in R.randint(1, 5, 3))
    ta, tb = bool(R.rand() < 0.5), bool(R.rand() < 0.5)
    sa = b + ((k, m) if ta else (m, k))
    sb = b + ((n, k) if tb else (k, n))
    kw = (", transpose_a=True" if ta else "") + (", transpose_b=True" if tb else "")
    case(f"d_batch_dot_{i}", f"nd.batch_dot(a, b{kw})",
         {"a": (mat(sa, dt), dt), "b": (mat(sb, dt), dt)}, ["a", "b"] if dt == F64 else [])
case("d_batch_dot_bad", "nd.batch_dot(a, b)", {"a": (mat((2, 2, 3)), F64),
                                               "b": (mat((1, 3, 2)), F64)})
case("d_batch_dot_2d", "nd.batch_dot(a, b)", {"a": (mat((2, 3)), F64), "b": (mat((3, 2)), F64)})

# ---- G. linalg
L = "nd.linalg."
for i in range(12):  # gemm / gemm2 with alpha, beta, transposes, axis
    dt = F64 if i < 9 else F32
    b = rbatch()
    m, k, n = (int(d) for d in R.randint(1, 4, 3))
    ta, tb = bool(R.rand() < 0.5), bool(R.rand() < 0.5)
    sa = b + ((k, m) if ta else (m, k))
    sb = b + ((n, k) if tb else (k, n))
    sc = b + (m, n)
    alpha, beta = float(R.choice([1.0, -0.5, 2.0, 0.0])), float(R.choice([1.0, 0.5, -1.5, 0.0]))
    kw = f"transpose_a={tf(ta)}, transpose_b={tf(tb)}, alpha={alpha}"
    ax = ""
    if len(b) >= 1 and R.rand() < 0.4:  # rows on another axis: move them to axis 0
        perm = (len(b),) + tuple(range(len(b))) + (len(b) + 1,)
        sa, sb, sc = (tuple(s[p] for p in perm) for s in (sa, sb, sc))
        ax = f", axis={-len(sa)}"
    if i % 2 == 0:
        case(f"la_gemm_{i}", f"{L}gemm(A, B, C, {kw}, beta={beta}{ax})",
             {"A": (mat(sa, dt), dt), "B": (mat(sb, dt), dt), "C": (mat(sc, dt), dt)},
             ["A", "B", "C"] if dt == F64 else [])
    else:
        case(f"la_gemm2_{i}", f"{L}gemm2(A, B, {kw}{ax})",
             {"A": (mat(sa, dt), dt), "B": (mat(sb, dt), dt)}, ["A", "B"] if dt == F64 else [])
case("la_gemm2_bad", f"{L}gemm2(A, B)", {"A": (mat((2, 3)), F64), "B": (mat((2, 3)), F64)})
case("la_gemm2_int", f"{L}gemm2(A, B)", {"A": ([[1, 2]], I32), "B": ([[1], [2]], I32)})
for i in range(12):  # trmm / trsm
    dt = F64 if i < 9 else F32
    b = rbatch()
    n, k = (int(d) for d in R.randint(1, 4, 2))
    right, lower, trans = (bool(R.rand() < 0.5) for _ in range(3))
    alpha = float(R.choice([1.0, -0.5, 2.0]))
    A = tri(b, n, lower)
    sb = b + ((k, n) if right else (n, k))
    op = "trmm" if i % 2 == 0 else "trsm"
    case(f"la_{op}_{i}", f"{L}{op}(A, B, transpose={tf(trans)}, rightside={tf(right)}, "
         f"lower={tf(lower)}, alpha={alpha})", {"A": (A, dt), "B": (mat(sb, dt), dt)},
         ["A", "B"] if dt == F64 else [])
for i in range(6):  # syrk
    dt = F64 if i < 4 else F32
    s = rbatch() + tuple(int(d) for d in R.randint(1, 4, 2))
    case(f"la_syrk_{i}", f"{L}syrk(A, transpose={tf(R.rand() < 0.5)}, "
         f"alpha={float(R.choice([1.0, 0.5, -2.0]))})", {"A": (mat(s, dt), dt)},
         ["A"] if dt == F64 else [])
for i in range(14):  # potrf, potri, sumlogdiag, inverse, det, slogdet on SPD / general
    op = ["potrf", "potri", "sumlogdiag", "inverse", "det", "slogdet", "syevd"][i % 7]
    dt = F64 if i < 7 else F32
    b, n = rbatch(), int(R.randint(1, 4))
    if op == "potri":
        A = tri(b, n, True)
    elif op in ("inverse", "det", "slogdet"):
        A = gen(b, n) if i % 2 else spd(b, n)
    elif op == "sumlogdiag":
        A = tri(b, n, True)
    else:
        A = spd(b, n)
    expr = f"{L}{op}(A)"
    if op == "syevd" and dt == F64:  # eigenvector signs are free: differentiate eigenvalues
        case(f"la_{op}_{i}", expr, {"A": (A, dt)}, ["A"], gout=1)
        continue
    case(f"la_{op}_{i}", expr, {"A": (A, dt)}, ["A"] if dt == F64 and op != "syevd" else [],
         gout=1 if op == "slogdet" else 0)
case("la_det_singular", f"{L}det(A)", {"A": ([[1.0, 2.0], [2.0, 4.0]], F64)}, ["A"])
case("la_slogdet_neg", f"{L}slogdet(A)", {"A": ([[0.0, 2.0], [1.5, 0.5]], F64)}, ["A"], gout=1)
case("la_potrf_notspd", f"{L}potrf(A)", {"A": ([[1.0, 2.0], [2.0, 1.0]], F64)})
case("la_inverse_nonsquare", f"{L}inverse(A)", {"A": (mat((2, 3)), F64)})
for i in range(12):  # extractdiag / makediag / extracttrian / maketrian with offsets
    op = ["extractdiag", "makediag", "extracttrian", "maketrian"][i % 4]
    dt = F64 if i < 8 else F32
    b = rbatch(1)
    n = int(R.randint(2, 5))
    off = int(R.randint(-n + 1, n))
    kw = f"offset={off}"
    if op in ("extracttrian", "maketrian"):
        lower = bool(R.rand() < 0.5)
        kw += f", lower={tf(lower)}"
    if op == "makediag":
        A = mat(b + (n,), dt)
    elif op == "maketrian":
        m = n * (n + 1) // 2 if off == 0 else (n - abs(off)) * (n - abs(off) + 1) // 2
        if off != 0:
            kw += ""
        A = mat(b + (max(m, 1),), dt)
    else:
        A = mat(b + (n, n), dt)
    case(f"la_{op}_{i}", f"{L}{op}(A, {kw})", {"A": (A, dt)}, ["A"] if dt == F64 else [])
case("la_maketrian_bad", f"{L}maketrian(A)", {"A": (mat((4,)), F64)})
case("la_extractdiag_off", f"{L}extractdiag(A, offset=3)", {"A": (mat((2, 3)), F64)})
for i in range(5):  # gelqf: L Q with orthonormal rows (m <= n)
    dt = F64 if i < 3 else F32
    m = int(R.randint(1, 4))
    n = m + int(R.randint(0, 3))
    a = np.asarray(mat(rbatch(1) + (m, n))) + np.eye(m, n) * 2.5
    case(f"la_gelqf_{i}", f"{L}gelqf(A)", {"A": (np.round(a, 2).tolist(), dt)},
         ["A"] if dt == F64 else [], gout=i % 2)
case("la_gelqf_wide", f"{L}gelqf(A)", {"A": (mat((3, 2)), F64)})
for i in range(6):  # khatri_rao: column-wise Kronecker of k matrices with equal columns
    dt = F64 if i < 4 else F32
    k = int(R.randint(1, 4))
    c = int(R.randint(1, 4))
    names = "ABC"[:k]
    inp = {nm: (mat((int(R.randint(1, 4)), c), dt), dt) for nm in names}
    case(f"la_khatri_rao_{i}", f"nd.khatri_rao({', '.join(names)})", inp,
         list(names) if dt == F64 else [])
case("la_khatri_rao_bad", "nd.khatri_rao(A, B)", {"A": (mat((2, 3)), F64),
                                                  "B": (mat((2, 2)), F64)})
for i, (d1, d2) in enumerate([(F32, F64), (F64, F32), (F32, I32), (I32, I32),
                              ("float16", "float16"), ("bool", F32), (F32, "bool")]):
    A = {"A": ([[2.0, 0.5], [0.5, 1.0]], d1), "B": ([[1.0, 2.0], [0.0, 1.0]], d2)}
    for e in ("nd.dot(A, B)", "nd.batch_dot(A.reshape((1, 2, 2)), B.reshape((1, 2, 2)))",
              f"{L}gemm2(A, B)", f"{L}gemm(A, A, B)", f"{L}trsm(A, B)", f"{L}trmm(B, A)",
              "nd.khatri_rao(A, B)", f"{L}potrf(A)"):
        case(f"la_dt_{i}_{e.split('(')[0].split('.')[-1]}", e, A)
case("la_syrk_int", f"{L}syrk(A)", {"A": ([[1, 2], [3, 4]], I32)})
case("la_trsm_f32_batched", f"{L}trsm(A, B, alpha=0.5)",
     {"A": (tri((2,), 3), F32), "B": (mat((2, 3, 2), F32), F32)})
