"""Fuzz cases of the contrib family, part 2: MultiBoxPrior, MultiBoxTarget, MultiBoxDetection
(imported by fuzz_contrib_cases, which owns the RandomState)."""
import numpy as np

D, F, H, I32 = "float64", "float32", "float16", "int32"


def extend(case, rs):
    def pick(seq):
        return seq[rs.randint(len(seq))]

    def fl(v, d=3):
        return float(np.round(v, d))

    def corners(n, lo=0.0, hi=1.0, minw=0.05):
        p = rs.uniform(lo, hi, (n, 2, 2))
        a, b = p.min(1), p.max(1) + minw
        return np.round(np.concatenate([a, b], 1), 4)

    def tup(vals):
        return "(" + ", ".join(str(v) for v in vals) + ("," if len(vals) == 1 else "") + ")"

    # ------------------------------------------------------------ MultiBoxPrior
    for j in range(24):
        h, w = int(rs.randint(1, 5)), int(rs.randint(1, 5))
        kw = []
        ns, nr = int(rs.randint(1, 4)), int(rs.randint(1, 4))
        if rs.rand() < 0.8:
            kw.append("sizes=" + tup([fl(rs.uniform(0.05, 1.2)) for _ in range(ns)]))
        if rs.rand() < 0.8:
            kw.append("ratios=" + tup([fl(pick([0.5, 1.0, 2.0, rs.uniform(0.3, 3)]))
                                       for _ in range(nr)]))
        if rs.rand() < 0.5:
            kw.append(f"clip={pick([True, False])}")
        if rs.rand() < 0.4:
            kw.append("steps=" + tup([pick([-1.0, fl(rs.uniform(0.1, 0.5))]) for _ in "ab"]))
        if rs.rand() < 0.4:
            kw.append("offsets=" + tup([fl(rs.uniform(0, 1)) for _ in "ab"]))
        dt = pick([F, F, D])
        case(f"prior_{j}", "nd.contrib.MultiBoxPrior(x" + "".join(", " + k for k in kw) + ")",
             {"x": (np.zeros((1, 2, h, w)).tolist(), dt)}, ["x"] if j < 2 else [])
    X = (np.zeros((2, 1, 2, 3)).tolist(), F)
    for j, kw in enumerate(["sizes=(0.5,)", "sizes=()", "ratios=()", "sizes=(-0.5,)",
                            "ratios=(0.0,)", "steps=(0.1,)", "offsets=(0.5, 0.5, 0.5)",
                            "sizes=(0.3, 0.6), ratios=(1, 2, 0.5), clip=True",
                            "sizes=[0.3, 0.6]", "sizes=0.4"]):
        case(f"prior_edge_{j}", f"nd.contrib.MultiBoxPrior(x, {kw})", {"x": X})
    case("prior_edge_3d", "nd.contrib.MultiBoxPrior(x)", {"x": (np.zeros((1, 2, 3)).tolist(), F)})
    case("prior_f16", "nd.contrib.MultiBoxPrior(x, sizes=(0.3,), ratios=(1, 2))",
         {"x": (np.zeros((1, 1, 2, 2)).tolist(), H)})

    # ------------------------------------------------------------ MultiBoxTarget
    def target_inputs(b, a, lmax, c):
        anc = corners(a, hi=0.8, minw=0.15).reshape(1, a, 4)
        lab = -np.ones((b, lmax, 5))
        for i in range(b):
            k = int(rs.randint(0, lmax + 1))
            if k:
                lab[i, :k, 0] = rs.randint(0, c - 1, k)
                # some labels copy an anchor (near-perfect matches)
                g = corners(k, hi=0.8, minw=0.15)
                for r in range(k):
                    if rs.rand() < 0.5:
                        g[r] = np.round(anc[0, rs.randint(a)] + rs.uniform(-0.03, 0.03, 4), 4)
                lab[i, :k, 1:] = g
        cls = np.round(rs.uniform(-2, 2, (b, c, a)), 4)
        return anc, lab, cls

    for j in range(30):
        b, a, lmax, c = int(rs.randint(1, 3)), int(rs.randint(1, 9)), int(rs.randint(1, 4)), \
            int(rs.randint(2, 5))
        anc, lab, cls = target_inputs(b, a, lmax, c)
        kw = []
        if rs.rand() < 0.6:
            kw.append(f"overlap_threshold={fl(pick([0.0, 0.1, 0.3, 0.5, 0.7, rs.uniform()]))}")
        if rs.rand() < 0.3:
            kw.append(f"ignore_label={pick([-1.0, -2.0, 1.0])}")
        if rs.rand() < 0.5:
            kw.append(f"negative_mining_ratio={pick([-1.0, 0.5, 1.0, 2.0, 3.0])}")
            if rs.rand() < 0.5:
                kw.append(f"negative_mining_thresh={fl(pick([0.0, 0.3, 0.5, rs.uniform()]))}")
        if rs.rand() < 0.4:
            kw.append(f"minimum_negative_samples={pick([0, 1, 2, 5])}")
        if rs.rand() < 0.4:
            kw.append("variances=" + tup([fl(rs.uniform(0.05, 0.5)) for _ in range(4)]))
        dt = pick([F, F, D])
        case(f"target_{j}", "nd.contrib.MultiBoxTarget(an, lb, cp" +
             "".join(", " + k for k in kw) + ")",
             {"an": (anc.tolist(), dt), "lb": (lab.tolist(), dt), "cp": (cls.tolist(), dt)},
             ["an", "cp"] if j < 3 else [])
    anc, lab, cls = target_inputs(1, 4, 2, 3)
    T = {"an": (anc.tolist(), F), "lb": (lab.tolist(), F), "cp": (cls.tolist(), F)}
    for j, (kw, over) in enumerate([
            ("variances=(0.1, 0.2)", {}), ("", {"an": (anc[0].tolist(), F)}),
            ("", {"lb": (lab[:, :, :4].tolist(), F)}),
            ("", {"cp": (cls[:, :, :3].tolist(), F)}),
            ("negative_mining_ratio=1.0, minimum_negative_samples=100", {}),
            ("overlap_threshold=1.5", {}),
            ("", {"lb": (lab[:, :, :].tolist() + lab.tolist(), F)}),
            ("", {"lb": ((lab * 0 + [[[-1.0, 0, 0, 0, 0]]]).tolist(), F)}),
            ("negative_mining_ratio=-1.0, negative_mining_thresh=0.0", {}),
            ("negative_mining_ratio=2.0", {"lb": (lab.tolist() * 2, F)}),
            ("", {"an": (anc.tolist() * 2, F)}),
            ("", {"cp": (cls.tolist() * 2, F)}),
    ]):
        case(f"target_edge_{j}", "nd.contrib.MultiBoxTarget(an, lb, cp" +
             (", " + kw if kw else "") + ")", dict(T, **over))

    # ------------------------------------------------------------ MultiBoxDetection
    def detect_inputs(b, a, c, ties=False):
        anc = corners(a, hi=0.5, minw=0.3).reshape(1, a, 4)
        logits = rs.uniform(-2, 2, (b, c, a))
        p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
        p = np.round(p, 1 if ties else 4)
        loc = np.round(rs.uniform(-1, 1, (b, a * 4)), 4)
        return anc, p, loc

    for j in range(36):
        b, a, c = int(rs.randint(1, 3)), int(rs.randint(1, 9)), int(rs.randint(2, 5))
        anc, p, loc = detect_inputs(b, a, c, ties=rs.rand() < 0.25)
        kw = []
        if rs.rand() < 0.5:
            kw.append(f"clip={pick([True, False])}")
        if rs.rand() < 0.6:
            kw.append(f"threshold={fl(pick([0.0, 0.01, 0.2, 0.4, rs.uniform(0, 0.6)]))}")
        if rs.rand() < 0.4:
            kw.append(f"background_id={pick([0, 1, c - 1, -1])}")
        if rs.rand() < 0.6:
            kw.append(f"nms_threshold={fl(pick([0.0, 0.2, 0.5, 0.8, 1.0, rs.uniform()]))}")
        if rs.rand() < 0.4:
            kw.append(f"force_suppress={pick([True, False])}")
        if rs.rand() < 0.3:
            kw.append("variances=" + tup([fl(rs.uniform(0.05, 0.5)) for _ in range(4)]))
        if rs.rand() < 0.4:
            kw.append(f"nms_topk={pick([-1, 0, 1, 2, 3, a + 1])}")
        dt = pick([F, F, D])
        case(f"detect_{j}", "nd.contrib.MultiBoxDetection(cp, lp, an" +
             "".join(", " + k for k in kw) + ")",
             {"cp": (p.tolist(), dt), "lp": (loc.tolist(), dt), "an": (anc.tolist(), dt)},
             ["cp", "lp"] if j < 2 else [])
    anc, p, loc = detect_inputs(1, 3, 3)
    T = {"cp": (p.tolist(), F), "lp": (loc.tolist(), F), "an": (anc.tolist(), F)}
    for j, (kw, over) in enumerate([
            ("variances=(0.1,)", {}), ("", {"lp": (loc[:, :8].tolist(), F)}),
            ("", {"an": (anc[0].tolist(), F)}), ("background_id=5", {}),
            ("nms_threshold=1.5", {}), ("threshold=-0.5", {}),
            ("", {"cp": (p[0].tolist(), F)}),
            ("", {"lp": (loc.tolist() * 2, F)}), ("", {"an": (anc.tolist() * 2, F)}),
            ("", {"cp": (p.tolist() * 2, F)}), ("nms_topk=0", {}),
    ]):
        case(f"detect_edge_{j}", "nd.contrib.MultiBoxDetection(cp, lp, an" +
             (", " + kw if kw else "") + ")", dict(T, **over))
