"""Records MXNet 1.9.1's ``mx.nd.contrib`` ops into tests/fixtures/contrib.json.

Run with the reference:  /work/shared/tools/mxnet-ref tools/record_contrib.py

Each case is an expression over named inputs (``nd`` is mx.nd), evaluated the same way by
tests/test_contrib_*.py under mxlite: the forward outputs and, for the inputs named in
`grad`, the gradients of ``sum(out_i * head_i)`` with the deterministic heads of `_head`.
Includes D2L 9.4's MultiBoxPrior / MultiBoxTarget / MultiBoxDetection examples verbatim.
"""
import os
import sys

import numpy as np

from fixture_io import write_json  # noqa: E402


def _arr(shape, seed, scale=1.0, shift=0.0):
    n = int(np.prod(shape))
    return (np.sin(np.arange(n) * 1.7 + seed) * scale + shift).reshape(shape).round(4).tolist()


def _head(shape):
    n = int(np.prod(shape))
    return np.cos(np.arange(n) * 0.9 + 0.3).reshape(shape)


def _f(shape, seed=0, scale=1.0, shift=0.0, dtype="float32"):
    return {"data": _arr(shape, seed, scale, shift), "dtype": dtype}


def _v(values, dtype="float32"):
    return {"data": values, "dtype": dtype}


def _boxes(rs, *shape):
    b = rs.uniform(0, 1, shape + (4,))
    b[..., 2:] = b[..., :2] + rs.uniform(0.05, 0.5, shape + (2,))
    return b.round(3)


def _case(name, expr, inputs, grad=(), match=None):
    return {"name": name, "expr": expr, "inputs": inputs, "grad": list(grad), "match": match}


def box_cases():
    C = []
    # D2L 9.4.1: anchors of a 561x728 image (summarised: too big to store whole)
    C.append(_case("d2l_prior_summary",
                   "(lambda y: [y.reshape((561, 728, 5, 4))[250, 250], y[0, ::99991], "
                   "y.sum(), y.abs().mean()])(nd.contrib.MultiBoxPrior(x, sizes=[0.75, 0.5, "
                   "0.25], ratios=[1, 2, 0.5]))", {"x": {"zeros": [1, 3, 561, 728]}}))
    C.append(_case("prior_small", "nd.contrib.MultiBoxPrior(x, sizes=[0.75, 0.5, 0.25], "
                   "ratios=[1, 2, 0.5])", {"x": _f((1, 3, 4, 5))}))
    C.append(_case("prior_clip_steps", "nd.contrib.MultiBoxPrior(x, sizes=(0.6, 0.3), "
                   "ratios=(2, 0.5, 1), clip=True, steps=(0.3, 0.2), offsets=(0.2, 0.7))",
                   {"x": _f((2, 1, 3, 2))}))
    C.append(_case("prior_ssd", "nd.contrib.MultiBoxPrior(x, sizes=[0.2, 0.272], "
                   "ratios=[1, 2, 0.5])", {"x": _f((1, 8, 2, 2))}))
    # D2L 9.4.3: labelling anchors
    gt = [[0, 0.1, 0.08, 0.52, 0.92], [1, 0.55, 0.2, 0.9, 0.88]]
    anchors = [[0, 0.1, 0.2, 0.3], [0.15, 0.2, 0.4, 0.4], [0.63, 0.05, 0.88, 0.98],
               [0.66, 0.45, 0.8, 0.8], [0.57, 0.3, 0.92, 0.9]]
    C.append(_case("d2l_target", "nd.contrib.MultiBoxTarget(a.expand_dims(axis=0), "
                   "g.expand_dims(axis=0), nd.zeros((1, 3, 5)))", {"a": _v(anchors),
                                                                  "g": _v(gt)}))
    # D2L 9.4.4: NMS
    C.append(_case("d2l_detection", "nd.contrib.MultiBoxDetection(c.expand_dims(axis=0), "
                   "o.expand_dims(axis=0), a.expand_dims(axis=0), nms_threshold=0.5)",
                   {"a": _v([[0.1, 0.08, 0.52, 0.92], [0.08, 0.2, 0.56, 0.95],
                             [0.15, 0.3, 0.62, 0.91], [0.55, 0.2, 0.9, 0.88]]),
                    "o": _v([0.0] * 16),
                    "c": _v([[0] * 4, [0.9, 0.8, 0.7, 0.1], [0.1, 0.2, 0.3, 0.9]])}))
    rs = np.random.RandomState(7)
    for i, kw in enumerate(["", ", overlap_threshold=0.3",
                            ", negative_mining_ratio=3, negative_mining_thresh=0.5",
                            ", negative_mining_ratio=1.5, ignore_label=-2, variances=(0.2, 0.2,"
                            " 0.1, 0.1)", ", overlap_threshold=0.6, negative_mining_ratio=2"]):
        na, ng = 12, 3
        lab = np.concatenate([rs.randint(0, 3, (2, ng, 1)), _boxes(rs, 2, ng)], axis=-1)
        lab[1, 2:] = -1  # padding row
        C.append(_case(f"target_{i}", "nd.contrib.MultiBoxTarget(a, l, c" + kw + ")",
                       {"a": _v(_boxes(rs, 1, na).tolist()), "l": _v(lab.round(3).tolist()),
                        "c": _v(rs.randn(2, 4, na).round(3).tolist())}))
    for i, kw in enumerate(["", ", threshold=0.2, nms_threshold=0.3", ", force_suppress=True",
                            ", nms_topk=3, clip=False", ", nms_threshold=0",
                            ", variances=(0.2, 0.2, 0.1, 0.1), nms_threshold=0.7"]):
        na = 10
        p = np.exp(rs.randn(2, 3, na))
        p = (p / p.sum(axis=1, keepdims=True)).round(3)
        C.append(_case(f"detection_{i}", "nd.contrib.MultiBoxDetection(p, o, a" + kw + ")",
                       {"p": _v(p.tolist()), "o": _v((rs.randn(2, na * 4) * 0.5).round(3)
                                                     .tolist()),
                        "a": _v(_boxes(rs, 1, na).tolist())}))
    # box ops
    lhs, rhs = _boxes(rs, 2, 3), _boxes(rs, 4)
    C.append(_case("box_iou", "nd.contrib.box_iou(l, r)", {"l": _v(lhs.tolist()),
                                                           "r": _v(rhs.tolist())}))
    C.append(_case("box_iou_center", "nd.contrib.box_iou(l, r, format='center')",
                   {"l": _v(lhs.tolist()), "r": _v(rhs.tolist())}))
    for i, kw in enumerate(["", ", overlap_thresh=0.1, topk=4",
                            ", id_index=0, overlap_thresh=0.2",
                            ", id_index=0, background_id=0, force_suppress=True, "
                            "overlap_thresh=0.2",
                            ", valid_thresh=0.3, in_format='center', out_format='corner'",
                            ", coord_start=1, score_index=0, out_format='center'"]):
        d = np.concatenate([rs.randint(0, 3, (2, 7, 1)), rs.uniform(0, 1, (2, 7, 1)),
                            _boxes(rs, 2, 7)], axis=-1).round(3)
        if "coord_start=1" in kw:
            d = d[..., 1:]
        C.append(_case(f"box_nms_{i}", "nd.contrib.box_nms(d" + kw + ")",
                       {"d": _v(d.tolist())}, grad="d"))
    C.append(_case("box_non_maximum_suppression", "nd.contrib.box_non_maximum_suppression(d, "
                   "overlap_thresh=0.3)", {"d": _v(np.concatenate(
                       [rs.uniform(0, 1, (5, 2)), _boxes(rs, 5)], axis=-1).round(3).tolist())}))
    samples = rs.choice([-1, 0, 1], (2, 5)).astype(float)
    C.append(_case("box_encode", "nd.contrib.box_encode(s, m, a, r, mu, sd)",
                   {"s": _v(samples.tolist()), "m": _v(rs.randint(0, 3, (2, 5)).tolist()),
                    "a": _v(_boxes(rs, 2, 5).tolist()), "r": _v(_boxes(rs, 2, 3).tolist()),
                    "mu": _v([0.1, -0.1, 0.0, 0.05]), "sd": _v([0.1, 0.1, 0.2, 0.2])}))
    for i, kw in enumerate(["", ", std0=0.1, std1=0.1, std2=0.2, std3=0.2, format='corner'",
                            ", clip=0.3, format='corner'"]):
        C.append(_case(f"box_decode_{i}", "nd.contrib.box_decode(d, a" + kw + ")",
                       {"d": _v((rs.randn(2, 4, 4) * 0.5).round(3).tolist()),
                        "a": _v(_boxes(rs, 1, 4).tolist())}))
    for i, kw in enumerate(["threshold=0.1", "threshold=0.5, is_ascend=True",
                            "threshold=0.2, topk=1"]):
        C.append(_case(f"bipartite_{i}", "nd.contrib.bipartite_matching(s, " + kw + ")",
                       {"s": _v(rs.uniform(0, 1, (2, 3, 4)).round(2).tolist())}))
    C.append(_case("target_bad_padding", "nd.contrib.MultiBoxTarget(a, l, c)",
                   {"a": _v([anchors]), "l": _v([[[0, 0.1, 0.1, 0.5, 0.5],
                                                   [-1, 0.2, 0.2, 0.3, 0.3]]]),
                    "c": _v(np.zeros((1, 2, 5)).tolist())}, match="== -1.0f"))
    return C


def ops_cases():
    C = []
    x = _f((2, 3, 5, 4), 1)
    for os_ in ["(2, 3)", "3", "()", "(7, 6)"]:
        C.append(_case(f"adaptive_{os_}", f"nd.contrib.AdaptiveAvgPooling2D(x, output_size={os_})",
                       {"x": x}, grad="x"))
    for kw in ["height=7, width=3", "height=3, width=9, align_corners=False",
               "scale_height=1.5, scale_width=0.5", "mode='to_odd_up'",
               "mode='odd_scale', scale_height=2, scale_width=0.5", "height=1, width=1"]:
        C.append(_case(f"bilinear_{kw}", f"nd.contrib.BilinearResize2D(x, {kw})", {"x": x},
                       grad="x"))
    C.append(_case("bilinear_like", "nd.contrib.BilinearResize2D(x, y, mode='like')",
                   {"x": x, "y": _f((1, 1, 6, 2), 2)}))  # MXNet's backward here corrupts memory
    xr = _f((2, 4, 6, 7), 3)
    rois = _v([[0, 0.5, 0.7, 2.6, 3.1], [1, -1, 0, 8, 9], [0, 1, 1, 1.2, 1.3],
               [1, 3.3, 2.2, 9.5, 7.7]])
    for kw in ["pooled_size=(2, 2), spatial_scale=1.0",
               "pooled_size=(3, 2), spatial_scale=0.5, sample_ratio=2",
               "pooled_size=(2, 3), spatial_scale=0.7, aligned=True",
               "pooled_size=(2, 2), spatial_scale=1.0, position_sensitive=True"]:
        C.append(_case(f"roialign_{kw}", f"nd.contrib.ROIAlign(x, r, {kw})",
                       {"x": xr, "r": rois}, grad="x"))
    v = _f((3, 4), 4, 2.0)
    C.append(_case("div_sqrt_dim", "nd.contrib.div_sqrt_dim(v)", {"v": v}, grad="v"))
    C.append(_case("quadratic", "nd.contrib.quadratic(v, a=1.5, b=-2, c=0.5)", {"v": v},
                   grad="v"))
    C.append(_case("gradientmultiplier", "nd.contrib.gradientmultiplier(v, scalar=-2.5)",
                   {"v": v}, grad="v"))
    r = _v([-1.5, 1.5, -2.5, 2.5, 0.5, -0.5, 2.7, -0.2, 0.0])
    C.append(_case("round_ste", "nd.contrib.round_ste(v)", {"v": r}, grad="v"))
    C.append(_case("sign_ste", "nd.contrib.sign_ste(v)", {"v": r}, grad="v"))
    for ax in ["None", "(1,)", "(1, 0)", "(-1,)"]:
        C.append(_case(f"index_array_{ax}", f"nd.contrib.index_array(v, axes={ax})",
                       {"v": {"zeros": [3, 2, 2]}}))
    C.append(_case("getnnz", "nd.contrib.getnnz(v.tostype('csr'))",
                   {"v": _v([[1, 0, 3], [0, 0, 2]])}))
    C.append(_case("getnnz_rows", "nd.contrib.getnnz(v.tostype('csr'), axis=1)",
                   {"v": _v([[1, 0, 3], [0, 0, 2]])}))
    C.append(_case("syncbn", "nd.contrib.SyncBatchNorm(x, g, b, m, s, fix_gamma=False, key='bn0')",
                   {"x": x, "g": _f((3,), 5, 0.5, 1.0), "b": _f((3,), 6),
                    "m": {"zeros": [3]}, "s": _v([1.0, 1.0, 1.0])}, grad="xgb"))
    return C


FLOW = {
    "foreach": "nd.contrib.foreach(lambda x, s: (x * 2 + s[0], [s[0] + x]), d, [z])",
    "foreach_multi": "nd.contrib.foreach(lambda x, s: ([x[0] * x[1], x[1]], s * 2 + x[0]), "
                     "[d, e], z)",
    "while_loop": "nd.contrib.while_loop(lambda i, s: i < 3, lambda i, s: ([i * 10, s], "
                  "[i + 1, s + i]), [i0, s0], max_iterations=5)",
    "while_loop_single": "nd.contrib.while_loop(lambda i: i < 3, lambda i: (i * 10, i + 1), "
                         "i0, max_iterations=3)",
    "while_loop_noout": "nd.contrib.while_loop(lambda i, s: i < 3, lambda i, s: ([], "
                        "(i + 1, s + i)), (i0, s0), max_iterations=5)",
    "cond_then": "nd.contrib.cond(i0 < 1, lambda: s0 * 2, lambda: s0 * 3)",
    "cond_else": "nd.contrib.cond(i0 > 1, lambda: [s0 * 2], lambda: [s0 * 3, i0])",
}


def _inputs(spec, nd):
    out = {}
    for k, v in spec.items():
        if "zeros" in v:
            out[k] = nd.zeros(tuple(v["zeros"]))
        else:
            out[k] = nd.array(np.array(v["data"]), dtype=v["dtype"])
    return out


def _flat(y):
    if isinstance(y, (list, tuple)):
        r = []
        for e in y:
            r.extend(_flat(e))
        return r
    return [y]


def _enc(a):
    a = a.asnumpy()
    data = a.tolist()
    if a.dtype == np.float32:  # the shortest decimals that round-trip in float32
        data = np.array([float(str(v)) for v in a.ravel()]).reshape(a.shape).tolist()
    return {"data": data, "dtype": str(a.dtype), "shape": list(a.shape)}


def run_case(c, mx):
    nd = mx.nd
    xs = _inputs(c["inputs"], nd)
    for k in c["grad"]:
        xs[k].attach_grad()
    try:
        with mx.autograd.record():
            y = eval(c["expr"], {"nd": nd}, dict(xs))
            outs = _flat(y)
            loss = None
            for o in outs:
                if np.dtype(o.dtype).kind == "f":
                    t = (o * nd.array(_head(o.shape), dtype=o.dtype)).sum()
                    loss = t if loss is None else loss + t
        if c["grad"]:
            loss.backward()
        res = {"outputs": [_enc(o) for o in outs],
               "grads": {k: _enc(xs[k].grad) for k in c["grad"]}}
    except Exception as e:  # noqa: BLE001
        res = {"error": type(e).__name__, "message": str(e)[:2000]}
        if c["match"] is None or c["match"] not in str(e):
            raise
    return res


def main():
    import mxnet as mx
    data = {"box": [], "ops": [], "flow": {}}
    for key, cs in (("box", box_cases()), ("ops", ops_cases())):
        for c in cs:
            if os.environ.get("RECORD_VERBOSE"):
                print(c["name"], file=sys.stderr, flush=True)
            c.update(run_case(c, mx))
            data[key].append(c)
    nd = mx.nd
    env = {"d": nd.array(np.arange(6).reshape(3, 2)), "e": nd.array(np.ones((3, 2)) * 2),
           "z": nd.zeros(2), "i0": nd.array([0]), "s0": nd.array([1])}
    for name, expr in FLOW.items():
        y = eval(expr, dict(env, nd=nd))
        # structure: nested lists of encoded arrays
        def enc(v):
            return [enc(e) for e in v] if isinstance(v, (list, tuple)) else _enc(v)
        yv = enc(y)
        if name.startswith("while_loop"):  # MXNet pads with uninitialised memory: drop it
            yv = {"value": yv, "steps": 3}
        data["flow"][name] = yv
    path = write_json("contrib.json", data)
    print("wrote", path, os.path.getsize(path), "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
