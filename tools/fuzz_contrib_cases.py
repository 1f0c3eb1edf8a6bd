"""Randomised fuzz cases of the contrib family (see tools/record_fuzz.py): the box ops
(box_nms, box_iou, box_encode, box_decode, bipartite_matching) and the SSD ops (MultiBoxPrior,
MultiBoxTarget, MultiBoxDetection, in fuzz_contrib_cases2). The small ops and control flow are
in fuzz_contrib_cases3 (both imported at the end).

Deterministic (one RandomState, fixed seed); no MXNet import. Inputs are rounded to 4
decimals so the recorded inputs replay exactly. FUZZ_ONLY=prefix,prefix filters by name;
FUZZ_SEED=n draws another set (exploration only: the fixture uses the default seed).
"""
import os

import numpy as np

rs = np.random.RandomState(int(os.environ.get("FUZZ_SEED", 20261201)))
D, F, H, I32 = "float64", "float32", "float16", "int32"
CASES = []


def case(name, expr, inputs, wrt=(), gout=0, values=True):
    CASES.append((name, expr, inputs, list(wrt), gout, values))


def arr(shape, dt=D, lo=-2.0, hi=2.0, dec=4):
    a = np.round(rs.uniform(lo, hi, shape), dec)
    return (a.tolist(), dt)


def pick(seq):
    return seq[rs.randint(len(seq))]


def fl(v, d=3):
    return float(np.round(v, d))


def corners(n, lo=0.0, hi=1.0, minw=0.05):
    """n random corner boxes inside [lo, hi] (x1 < x2, y1 < y2)."""
    p = rs.uniform(lo, hi, (n, 2, 2))
    a, b = p.min(1), p.max(1) + minw
    return np.round(np.concatenate([a, b], 1), 4)


def to_center(b):
    return np.round(np.stack([(b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2,
                              b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]], 1), 4)


def boxes(n, fmt="corner", **kw):
    b = corners(n, **kw)
    return to_center(b) if fmt == "center" else b


# ---------------------------------------------------------------- box_nms
def nms_data(n, width, cs, si, ii, fmt, ties, ncls=3, batch=()):
    rows = []
    for _ in range(int(np.prod(batch)) if batch else 1):
        d = np.round(rs.uniform(-1, 1, (n, width)), 4)
        # clustered boxes so that overlaps happen
        d[:, cs:cs + 4] = boxes(n, fmt, lo=0.0, hi=0.5, minw=0.2)
        sc = rs.uniform(0, 1, n)
        d[:, si] = np.round(sc, 1) if ties else np.round(sc, 4)
        if ii >= 0:
            d[:, ii] = rs.randint(-1 if rs.rand() < 0.3 else 0, ncls, n)
        rows.append(d)
    out = np.stack(rows).reshape(tuple(batch) + (n, width)) if batch else rows[0]
    return out


for j in range(60):
    width = pick([5, 6, 6, 7])
    cs = int(rs.randint(0, width - 3))
    free = [i for i in range(width) if not cs <= i < cs + 4]
    si = pick(free)
    rest = [i for i in free if i != si]
    ii = pick(rest + [-1]) if rest else -1
    fin = pick(["corner", "center"])
    fout = pick(["corner", "center"])
    ties = bool(rs.rand() < 0.3)
    batch = pick([(), (), (), (2,), (2, 2)])
    n = int(rs.randint(1, 9))
    d = nms_data(n, width, cs, si, ii, fin, ties, batch=batch)
    kw = [f"overlap_thresh={fl(pick([0.0, 0.1, 0.3, 0.5, 0.7, 1.0, rs.uniform(0, 1)]))}"]
    if rs.rand() < 0.5:
        kw.append(f"valid_thresh={fl(pick([0.0, 0.2, 0.5, rs.uniform(0, 1)]))}")
    if rs.rand() < 0.5:
        kw.append(f"topk={pick([-1, 0, 1, 2, 3, n, n + 2])}")
    kw.append(f"coord_start={cs}, score_index={si}")
    if ii >= 0 or rs.rand() < 0.2:
        kw.append(f"id_index={ii}")
        if rs.rand() < 0.5:
            kw.append(f"background_id={pick([-1, 0, 1])}")
        if rs.rand() < 0.5:
            kw.append(f"force_suppress={pick([True, False])}")
    if fin != "corner" or rs.rand() < 0.3:
        kw.append(f"in_format='{fin}'")
    if fout != "corner" or rs.rand() < 0.3:
        kw.append(f"out_format='{fout}'")
    dt = pick([D, F, F])
    case(f"nms_{j}", f"nd.contrib.box_nms(d, {', '.join(kw)})", {"d": (d.tolist(), dt)},
         ["d"] if rs.rand() < 0.6 else [])
# edges and invalid arguments
D6 = nms_data(5, 6, 2, 1, 0, "corner", False)
for j, expr in enumerate([
        "nd.contrib.box_nms(d, coord_start=3)",
        "nd.contrib.box_nms(d, score_index=6)",
        "nd.contrib.box_nms(d, id_index=6)",
        "nd.contrib.box_nms(d, score_index=2)",
        "nd.contrib.box_nms(d, in_format='xywh')",
        "nd.contrib.box_nms(d, out_format='xyxy')",
        "nd.contrib.box_nms(d, overlap_thresh=-0.5)",
        "nd.contrib.box_nms(d, overlap_thresh=1.5)",
        "nd.contrib.box_nms(d, topk=-3)",
        "nd.contrib.box_nms(d, valid_thresh=-1.0)",
        "nd.contrib.box_nms(d, coord_start=-1)",
        "nd.contrib.box_nms(d, id_index=0, background_id=5)",
        "nd.contrib.box_nms(d, id_index=0, background_id=-2)",
        "nd.contrib.box_nms(d, id_index=0, background_id=0, force_suppress=True)",
        "nd.contrib.box_nms(d, coord_start=2, score_index=3)",
        "nd.contrib.box_nms(d, id_index=3)",
        "nd.contrib.box_nms(d[:, :4])",
        "nd.contrib.box_nms(d, topk=0, out_format='center')",
        "nd.contrib.box_nms(d[0])",
        "nd.contrib.box_nms(d, id_index=0, score_index=0)",
        "nd.non_maximum_suppression(d, overlap_thresh=0.3)",
        "nd.contrib.box_non_maximum_suppression(d, overlap_thresh=0.3, id_index=0)",
]):
    case(f"nms_edge_{j}", expr, {"d": (D6.tolist(), F)})
case("nms_f16", "nd.contrib.box_nms(d, overlap_thresh=0.4)", {"d": (D6.tolist(), H)})
case("nms_int", "nd.contrib.box_nms(d)", {"d": (np.round(D6 * 10).tolist(), I32)})
D6N = D6.copy()
D6N[:, 0] = [-2, -1, 0, 1, -1]
case("nms_ids_neg", "nd.contrib.box_nms(d, id_index=0, overlap_thresh=0.2)",
     {"d": (D6N.tolist(), D)}, ["d"])
case("nms_ties_all", "nd.contrib.box_nms(d, overlap_thresh=0.5)",
     {"d": ([[0, 0.5, 0, 0, 1, 1], [0, 0.5, 0, 0, 1, 1], [0, 0.5, 0.1, 0, 1, 1],
             [0, 0.5, 2, 2, 3, 3]], F)}, ["d"])
case("nms_valid_all_out", "nd.contrib.box_nms(d, valid_thresh=0.99)", {"d": (D6.tolist(), D)},
     ["d"])
case("nms_valid_eq", "nd.contrib.box_nms(d, valid_thresh=0.5)",
     {"d": ([[0, 0.5, 0, 0, 1, 1], [0, 0.6, 2, 2, 3, 3], [0, 0.4, 4, 4, 5, 5]], F)})
case("nms_overlap_eq", "nd.contrib.box_nms(d, overlap_thresh=0.5)",
     {"d": ([[0, 0.9, 0, 0, 3, 1], [0, 0.8, 1, 0, 4, 1], [0, 0.7, 0, 0, 2, 1]], D)}, ["d"])
case("nms_f16_batch", "nd.contrib.box_nms(d, overlap_thresh=0.3, topk=3, id_index=0)",
     {"d": (nms_data(5, 6, 2, 1, 0, "corner", True, batch=(2,)).tolist(), H)})
case("nms_empty_boxes", "nd.contrib.box_nms(d, overlap_thresh=0.5)",
     {"d": ([[0, 0.9, 0.5, 0.5, 0.5, 0.5], [0, 0.8, 0.5, 0.5, 0.5, 0.5],
             [0, 0.7, 1, 1, 0, 0]], F)})

# ---------------------------------------------------------------- box_iou
for j in range(25):
    fmt = pick(["corner", "center"])
    ls = pick([(int(rs.randint(1, 5)),), (2, int(rs.randint(1, 4)))])
    rsh = pick([(int(rs.randint(1, 5)),), (2, int(rs.randint(1, 3)))])
    lhs = boxes(int(np.prod(ls)), fmt, hi=0.6, minw=0.1).reshape(ls + (4,))
    rhs = boxes(int(np.prod(rsh)), fmt, hi=0.6, minw=0.1).reshape(rsh + (4,))
    if rs.rand() < 0.2:  # a degenerate / inverted box
        lhs.reshape(-1, 4)[0, 2] = lhs.reshape(-1, 4)[0, 0] - 0.1
    dt = pick([D, F])
    fa = "" if fmt == "corner" and rs.rand() < 0.5 else f", format='{fmt}'"
    case(f"iou_{j}", f"nd.contrib.box_iou(a, b{fa})", {"a": (lhs.tolist(), dt),
         "b": (rhs.tolist(), dt)}, ["a", "b"] if rs.rand() < 0.3 else [])
B3 = boxes(3).tolist()
for j, (expr, b) in enumerate([
        ("nd.contrib.box_iou(a, b, format='xyxy')", B3),
        ("nd.contrib.box_iou(a, b)", [[0.1, 0.1, 0.2]]),
        ("nd.contrib.box_iou(a, b)", [0.1, 0.1, 0.2, 0.3]),
        ("nd.contrib.box_iou(a, b)", [[0.1, 0.1, 0.1, 0.1]]),
]):
    case(f"iou_edge_{j}", expr, {"a": (B3, F), "b": (b, F)})
case("iou_f16", "nd.contrib.box_iou(a, b)", {"a": (B3, H), "b": (boxes(2).tolist(), H)})

# ---------------------------------------------------------------- box_encode
for j in range(16):
    b, n, m = int(rs.randint(1, 3)), int(rs.randint(1, 5)), int(rs.randint(1, 4))
    samples = rs.choice([-1.0, 0.0, 1.0, 0.5], (b, n))
    matches = rs.randint(0, m, (b, n)).astype(float)
    anchors = boxes(b * n, minw=0.1).reshape(b, n, 4)
    refs = boxes(b * m, minw=0.1).reshape(b, m, 4)
    means = np.round(rs.uniform(-0.2, 0.2, 4), 3) if rs.rand() < 0.5 else np.zeros(4)
    stds = np.round(rs.uniform(0.1, 1.0, 4), 3) if rs.rand() < 0.7 else np.ones(4)
    dt = pick([D, F])
    case(f"enc_{j}", "nd.contrib.box_encode(s, mt, an, rf, me, sd)",
         {"s": (samples.tolist(), dt), "mt": (matches.tolist(), dt), "an": (anchors.tolist(), dt),
          "rf": (refs.tolist(), dt), "me": (means.tolist(), dt), "sd": (stds.tolist(), dt)},
         pick([[], ["an", "rf"], ["rf", "me", "sd"]]), gout=pick([0, 1]))
ENC = {"s": ([[1.0, 0.0]], F), "mt": ([[0.0, 5.0]], F), "an": ([boxes(2).tolist()], F),
       "rf": ([boxes(2).tolist()], F), "me": ([0.0] * 4, F), "sd": ([0.1, 0.1, 0.2, 0.2], F)}
case("enc_edge_oob", "nd.contrib.box_encode(s, mt, an, rf, me, sd)", ENC)
case("enc_edge_badmeans", "nd.contrib.box_encode(s, mt, an, rf, me, sd)",
     dict(ENC, me=([0.0] * 3, F), mt=([[0.0, 1.0]], F)))
case("enc_edge_shape", "nd.contrib.box_encode(s, mt, an, rf, me, sd)",
     dict(ENC, an=(boxes(2).tolist(), F), mt=([[0.0, 1.0]], F)))

# ---------------------------------------------------------------- box_decode
for j in range(20):
    b, n = int(rs.randint(1, 3)), int(rs.randint(1, 5))
    fmt = pick(["corner", "center"])
    data = np.round(rs.uniform(-1.5, 1.5, (b, n, 4)), 4)
    anc = boxes(n, fmt, minw=0.1).reshape(1, n, 4)
    kw = []
    for k in range(4):
        if rs.rand() < 0.5:
            kw.append(f"std{k}={fl(rs.uniform(0.05, 1.5))}")
    if rs.rand() < 0.5:
        kw.append(f"clip={pick([-1.0, 0.5, 1.0, 4.135])}")
    if fmt != "center" or rs.rand() < 0.3:
        kw.append(f"format='{fmt}'")
    dt = pick([D, F])
    case(f"dec_{j}", "nd.contrib.box_decode(d, an" + "".join(", " + k for k in kw) + ")",
         {"d": (data.tolist(), dt), "an": (anc.tolist(), dt)},
         pick([[], ["d"], ["d", "an"]]))
case("dec_edge_fmt", "nd.contrib.box_decode(d, an, format='xyxy')",
     {"d": ([[[0.1] * 4]], F), "an": ([[boxes(1)[0].tolist()]], F)})
case("dec_edge_shape", "nd.contrib.box_decode(d, an)",
     {"d": ([[[0.1] * 4, [0.2] * 4]], F), "an": ([[boxes(1)[0].tolist()]], F)})
case("dec_edge_anc2d", "nd.contrib.box_decode(d, an)",
     {"d": ([[[0.1] * 4]], F), "an": ([boxes(1)[0].tolist()], F)})

# ---------------------------------------------------------------- bipartite_matching
for j in range(22):
    shp = pick([(int(rs.randint(1, 5)), int(rs.randint(1, 5))),
                (2, int(rs.randint(1, 4)), int(rs.randint(1, 4)))])
    ties = rs.rand() < 0.25
    a = np.round(rs.uniform(0, 1, shp), 1 if ties else 4)
    asc = bool(rs.rand() < 0.4)
    th = fl(pick([0.0, 0.1, 0.3, 0.5, 0.9, 1.1, -0.1] if not asc else [0.2, 0.5, 0.8, 1.1]))
    kw = f"threshold={th}"
    if asc or rs.rand() < 0.3:
        kw += f", is_ascend={asc}"
    if rs.rand() < 0.5:
        kw += f", topk={pick([-1, 0, 1, 2, 3, 10])}"
    case(f"bpm_{j}", f"nd.contrib.bipartite_matching(a, {kw})", {"a": (a.tolist(), pick([D, F]))})
case("bpm_edge_nothr", "nd.contrib.bipartite_matching(a)", {"a": (arr((2, 3), F, 0, 1))})
case("bpm_edge_1d", "nd.contrib.bipartite_matching(a, threshold=0.1)", {"a": (arr((3,), F, 0, 1))})

from fuzz_contrib_cases2 import extend  # noqa: E402

extend(case, rs)

from fuzz_contrib_cases3 import extend as extend3  # noqa: E402

extend3(case, rs)

_ONLY = os.environ.get("FUZZ_ONLY")
if _ONLY:
    CASES[:] = [c for c in CASES if c[0].startswith(tuple(_ONLY.split(",")))]
