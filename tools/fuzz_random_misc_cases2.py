"""random_misc fuzz cases, part 2: the random_pdf_* densities (values and gradients w.r.t.
the sample and every parameter). Creation ops, casts and misc ops are in part 3."""
import numpy as np

from fuzz_random_misc_cases3 import CASES as _CASES3

rs = np.random.RandomState(20261202)
D, F, H, I32 = "float64", "float32", "float16", "int32"
CASES = []


def case(name, expr, inputs=None, wrt=(), gout=0, values=True):
    CASES.append((name, expr, inputs or {}, list(wrt), gout, values))


def pick(seq):
    return seq[rs.randint(len(seq))]


def rshape(ndim, lo=1, hi=3):
    return tuple(int(v) for v in rs.randint(lo, hi + 1, ndim))


def u(shape, lo, hi, dt, dec=3):
    return (np.round(rs.uniform(lo, hi, shape), dec).tolist(), dt)


# ---------------------------------------------------------------- random_pdf_*
PDF = {  # name: params [(name, lo, hi)], sample (lo, hi, integer?)
    "uniform": ([("low", -2, -0.5), ("high", 0.5, 2)], (-0.45, 0.45, False)),
    "normal": ([("mu", -1, 1), ("sigma", 0.3, 2)], (-2, 2, False)),
    "gamma": ([("alpha", 0.5, 3), ("beta", 0.3, 2)], (0.2, 3, False)),
    "exponential": ([("lam", 0.3, 3)], (0.1, 3, False)),
    "poisson": ([("lam", 0.5, 5)], (0, 6, True)),
    "negative_binomial": ([("k", 1, 5), ("p", 0.2, 0.8)], (0, 6, True)),
    "generalized_negative_binomial": ([("mu", 0.5, 4), ("alpha", 0.2, 2)], (0, 6, True)),
}
for j in range(56):
    dist = list(PDF)[j % len(PDF)]
    params, (slo, shi, integer) = PDF[dist]
    pshape = rshape(int(rs.randint(1, 3)))
    sshape = pshape + rshape(int(rs.randint(0, 3)))
    dt = pick([D, D, F])
    s = rs.uniform(slo, shi, sshape)
    s = np.round(s) if integer else np.round(s, 3)
    ins = {"s": (s.tolist(), dt)}
    args = ["s"]
    for pn, lo, hi in params:
        ins[pn[:2]] = u(pshape, lo, hi, dt)
        args.append(f"{pn}={pn[:2]}" if rs.rand() < 0.5 else pn[:2])
    is_log = bool(rs.rand() < 0.5)
    wrt = [k for k in ins if not (integer and k == "s")]
    case(f"pdf_{dist}_{j}", f"nd.random_pdf_{dist}({', '.join(args)}"
         f"{', is_log=True' if is_log else ''})", ins, wrt)
for j in range(8):
    k = int(rs.randint(2, 5))
    pshape = rshape(int(rs.randint(1, 3)))
    sshape = pshape + rshape(int(rs.randint(0, 2)))
    dt = pick([D, F])
    s = rs.dirichlet(np.ones(k), sshape)
    a = np.round(rs.uniform(0.5, 3, pshape + (k,)), 3)
    is_log = j % 2 == 1
    case(f"pdf_dirichlet_{j}", f"nd.random_pdf_dirichlet(s, a{', is_log=True' if is_log else ''})",
         {"s": (np.round(s, 4).tolist(), dt), "a": (a.tolist(), dt)}, ["s", "a"])
# edges: samples outside the support, integer samples' gradients, shape errors
for j, (expr, ins, wrt) in enumerate([
        ("nd.random_pdf_uniform(s, lo, hi)", {"s": ([[-3.0, 0.0, 3.0]], D),
                                              "lo": ([-1.0], D), "hi": ([1.0], D)}, ["s", "lo"]),
        ("nd.random_pdf_uniform(s, lo, hi, is_log=True)",
         {"s": ([[-3.0, 0.0, 3.0]], D), "lo": ([-1.0], D), "hi": ([1.0], D)}, []),
        ("nd.random_pdf_exponential(s, lam)", {"s": ([[-1.0, 0.5]], D), "lam": ([2.0], D)},
         ["s", "lam"]),
        ("nd.random_pdf_gamma(s, al, be)", {"s": ([[-1.0, 0.5]], D), "al": ([2.0], D),
                                            "be": ([1.5], D)}, []),
        ("nd.random_pdf_poisson(s, lam)", {"s": ([[0.0, 1.0, 2.0, 3.0]], D),
                                           "lam": ([1.5], D)}, ["s", "lam"]),
        ("nd.random_pdf_poisson(s, lam)", {"s": ([[0.5, 1.5]], D), "lam": ([1.5], D)}, []),
        ("nd.random_pdf_negative_binomial(s, k, p)", {"s": ([[0.0, 2.0]], D), "k": ([2.0], D),
                                                      "p": ([0.3], D)}, ["s", "k", "p"]),
        ("nd.random_pdf_normal(s, mu, sig)", {"s": ([[0.0, 1.0]], D), "mu": ([0.0, 1.0], D),
                                              "sig": ([1.0, 1.0], D)}, []),
        ("nd.random_pdf_normal(s, mu, sig)", {"s": ([[0.0, 1.0]], D), "mu": ([0.0], D),
                                              "sig": ([1.0, 2.0], D)}, []),
        ("nd.random_pdf_normal(s, mu, sig)", {"s": ([0.5], D), "mu": ([[0.0]], D),
                                              "sig": ([[1.0]], D)}, []),
        ("nd.random_pdf_normal(s, mu, sig)", {"s": ([[0.5, 1.0]], F), "mu": ([0.0], D),
                                              "sig": ([1.0], D)}, []),
        ("nd.random_pdf_normal(s, mu, sig)", {"s": ([[0.5, 1.0]], H), "mu": ([0.0], H),
                                              "sig": ([1.0], H)}, []),
        ("nd.random_pdf_dirichlet(s, a)", {"s": ([[0.2, 0.8]], D), "a": ([[1.0, 2.0, 3.0]], D)},
         []),
        ("nd.random_pdf_normal(s, mu, sig)", {"s": ([[0.5, 1.0]], D), "mu": ([0.0], D),
                                              "sig": ([-1.0], D)}, []),
        ("nd.random_pdf_normal(s, mu, sig)", {"s": ([[0.5], [1.0]], D), "mu": ([0.0, 0.5], D),
                                              "sig": ([1.0, 2.0], D)}, ["s", "mu", "sig"]),
        ("nd.random_pdf_generalized_negative_binomial(s, mu, al)",
         {"s": ([[0.0, 1.0, 4.0]], D), "mu": ([2.0], D), "al": ([0.5], D)}, ["mu", "al"]),
]):
    case(f"pdf_edge_{j}", expr, ins, wrt)

CASES.extend(_CASES3)
