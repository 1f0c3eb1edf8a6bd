"""Fuzz cases of the conv_pool family, spatial part: UpSampling, BilinearSampler,
GridGenerator, ROIPooling and the contrib AdaptiveAvgPooling2D, BilinearResize2D, ROIAlign
(imported by tools/fuzz_conv_pool_cases.py; shares its RandomState)."""
import numpy as np

from fuzz_conv_pool_cases import F32, F64, R, case, distinct, kw, pick, rnd, tup


# ------------------------------------------------------------------------ UpSampling
def upsampling_nearest(i):
    s = pick([1, 2, 2, 3, 4])
    N, C = pick([1, 2]), pick([1, 2, 3])
    h, w = R.randint(1, 4), R.randint(1, 4)
    nin = pick([1, 1, 2, 3])
    ins = {"a": distinct([N, C, h, w], 0.01, pick([F32, F64]))}
    dt = ins["a"][1]
    names = ["a"]
    out = (h * s, w * s)
    for j in range(1, nin):
        f = pick([d for d in range(1, 2 * s + 1) if out[0] % d == 0 and out[1] % d == 0])
        nm = "bcd"[j - 1]
        c2 = C if R.rand() < 0.7 else pick([1, 2])
        ins[nm] = distinct([N, c2, out[0] // f, out[1] // f], 0.01, dt)
        names.append(nm)
    params = {"scale": s, "sample_type": "'nearest'"}
    if nin > 1 or R.rand() < 0.3:
        params["num_args"] = nin
    if nin > 1 and R.rand() < 0.6:
        params["multi_input_mode"] = repr(pick(["concat", "sum"]))
    case(f"ups_nearest_{i}", f"nd.UpSampling({', '.join(names)}, {kw(params)})", ins, names)


def upsampling_bilinear(i):
    s = pick([1, 2, 3, 4])
    N, C = pick([1, 2]), pick([1, 2, 3])
    h, w = R.randint(1, 4), R.randint(1, 4)
    k = 2 * s - s % 2
    dt = pick([F32, F64])
    ins = {"a": rnd([N, C, h, w], dt), "w": rnd([C, 1, k, k], dt)}
    params = {"scale": s, "sample_type": "'bilinear'", "num_filter": C}
    if R.rand() < 0.7:
        params["num_args"] = 2
    case(f"ups_bilinear_{i}", f"nd.UpSampling(a, w, {kw(params)})", ins, ["a", "w"])


def upsampling_bad():
    a = distinct([1, 2, 2, 2])
    case("ups_bad_noscale", "nd.UpSampling(a, sample_type='nearest')", {"a": a})
    case("ups_bad_sizes", "nd.UpSampling(a, b, scale=2, sample_type='nearest', num_args=2)",
         {"a": a, "b": distinct([1, 2, 3, 3])})
    case("ups_bad_sum_channels", "nd.UpSampling(a, b, scale=2, sample_type='nearest', "
         "num_args=2, multi_input_mode='sum')", {"a": a, "b": distinct([1, 3, 4, 4])})
    case("ups_bad_bilinear_weight", "nd.UpSampling(a, w, scale=2, sample_type='bilinear', "
         "num_filter=2, num_args=2)", {"a": a, "w": rnd([2, 1, 3, 3])})
    case("ups_bad_sample_type", "nd.UpSampling(a, scale=2, sample_type='cubic')", {"a": a})


# ------------------------------------------------------------------- sampler / grid
def _grid_values(shape, W, H):
    """Grid coordinates in about [-1.2, 1.2], away from the pixel lattice (kinks)."""
    v = np.round(R.uniform(-1.2, 1.2, size=shape), 3)
    for _ in range(20):
        px = (v[:, 0] + 1) * (W - 1) / 2
        py = (v[:, 1] + 1) * (H - 1) / 2
        bad = np.zeros(v.shape, bool)
        bad[:, 0] = np.abs(px - np.round(px)) < 0.02
        bad[:, 1] = np.abs(py - np.round(py)) < 0.02
        if not bad.any():
            break
        v[bad] = np.round(v[bad] + R.uniform(0.01, 0.03, size=bad.sum()), 3)
    return v


def sampler_case(i):
    N, C = pick([1, 2]), pick([1, 2])
    H, W = R.randint(2, 6), R.randint(2, 6)
    Ho, Wo = R.randint(1, 5), R.randint(1, 5)
    dt = pick([F32, F64])
    g = _grid_values((N, 2, Ho, Wo), W, H)
    ins = {"a": rnd([N, C, H, W], dt), "g": (g.tolist(), dt)}
    case(f"bsampler_{i}", "nd.BilinearSampler(a, g)", ins, ["a", "g"])


def grid_case(i):
    dt = pick([F32, F64], [0.85, 0.15])  # MXNet: "Other DTypes are not supported!"
    N = pick([1, 2])
    lo = 1 if R.rand() < 0.15 else 2  # a size of 1 divides by zero in MXNet
    if R.rand() < 0.55:
        H, W = R.randint(lo, 6), R.randint(lo, 6)
        case(f"grid_affine_{i}", f"nd.GridGenerator(a, transform_type='affine', "
             f"target_shape={tup((H, W))})", {"a": rnd([N, 6], dt)}, ["a"])
    else:
        H, W = R.randint(lo, 6), R.randint(lo, 6)
        case(f"grid_warp_{i}", "nd.GridGenerator(a, transform_type='warp')",
             {"a": rnd([N, 2, H, W], dt, -2, 2)}, ["a"])


def grid_bad():
    case("grid_bad_affine_shape", "nd.GridGenerator(a, transform_type='affine', "
         "target_shape=(3, 3))", {"a": rnd([1, 5])})
    case("grid_bad_warp_shape", "nd.GridGenerator(a, transform_type='warp')",
         {"a": rnd([1, 3, 2, 2])})
    case("grid_bad_type", "nd.GridGenerator(a, transform_type='perspective')",
         {"a": rnd([1, 6])})
    case("bsampler_bad_grid", "nd.BilinearSampler(a, g)",
         {"a": rnd([1, 1, 3, 3]), "g": rnd([1, 3, 2, 2])})
    case("bsampler_bad_batch", "nd.BilinearSampler(a, g)",
         {"a": rnd([2, 1, 3, 3]), "g": rnd([1, 2, 2, 2])})


# ------------------------------------------------------------------------ ROI ops
def _rois(R_, N, H, W, scale, integer):
    rows = []
    for _ in range(R_):
        b = R.randint(0, N)
        if integer:  # ROIPooling rounds coordinates: keep them away from .5
            x1, x2 = sorted(R.randint(0, int(W / scale) + 1, size=2))
            y1, y2 = sorted(R.randint(0, int(H / scale) + 1, size=2))
        else:
            x1, x2 = sorted(np.round(R.uniform(-0.5, W / scale + 0.5, size=2), 2))
            y1, y2 = sorted(np.round(R.uniform(-0.5, H / scale + 0.5, size=2), 2))
        rows.append([float(b), float(x1), float(y1), float(x2), float(y2)])
    return rows


def roipool_case(i):
    N, C = pick([1, 2]), pick([1, 2])
    H, W = R.randint(2, 7), R.randint(2, 7)
    scale = pick([1.0, 1.0, 0.5, 0.25])
    ph, pw = R.randint(1, 4), R.randint(1, 4)
    dt = pick([F32, F64])
    rois = _rois(R.randint(1, 4), N, H, W, scale, True)
    case(f"roipool_{i}", f"nd.ROIPooling(a, r, pooled_size={tup((ph, pw))}, "
         f"spatial_scale={scale})",
         {"a": distinct([N, C, H, W], 0.01, dt), "r": (rois, dt)}, ["a"])


def roialign_case(i):
    N = pick([1, 2])
    H, W = R.randint(2, 7), R.randint(2, 7)
    scale = pick([1.0, 1.0, 0.5])
    ph, pw = R.randint(1, 4), R.randint(1, 4)
    ps = R.rand() < 0.2
    C = ph * pw * pick([1, 2]) if ps else pick([1, 2])
    params = {"pooled_size": tup((ph, pw)), "spatial_scale": scale}
    if R.rand() < 0.6:
        params["sample_ratio"] = pick([-1, 1, 2, 3])
    if ps:
        params["position_sensitive"] = True
    if R.rand() < 0.5:
        params["aligned"] = pick([True, False])
    dt = pick([F32, F64])
    rois = _rois(R.randint(1, 4), N, H, W, scale, False)
    case(f"roialign_{i}", f"nd.contrib.ROIAlign(a, r, {kw(params)})",
         {"a": rnd([N, C, H, W], dt), "r": (rois, dt)}, ["a"])


def roi_bad():
    a = distinct([1, 2, 4, 4])
    case("roipool_bad_rois", "nd.ROIPooling(a, r, pooled_size=(2, 2), spatial_scale=1.0)",
         {"a": a, "r": ([[0.0, 0, 0, 2]], F64)})
    case("roipool_bad_nopooled", "nd.ROIPooling(a, r, spatial_scale=1.0)",
         {"a": a, "r": ([[0.0, 0, 0, 2, 2]], F64)})
    case("roialign_bad_rois", "nd.contrib.ROIAlign(a, r, pooled_size=(2, 2), "
         "spatial_scale=1.0)", {"a": a, "r": ([[0.0, 0, 0, 2]], F64)})
    case("roialign_bad_ps", "nd.contrib.ROIAlign(a, r, pooled_size=(2, 2), "
         "spatial_scale=1.0, position_sensitive=True)", {"a": a, "r": ([[0.0, 0, 0, 2, 2]], F64)})


# ------------------------------------------------------------------------ contrib resize
def adaptive_case(i):
    N, C = pick([1, 2]), pick([1, 2])
    H, W = R.randint(1, 8), R.randint(1, 8)
    form = pick(["int", "tuple", "one", "none"])
    if form == "int":
        o = R.randint(1, 6)
        arg = f", output_size={o}"
    elif form == "one":
        arg = f", output_size={tup((R.randint(1, 6),))}"
    elif form == "none":
        arg = ""
    else:
        arg = f", output_size={tup((R.randint(1, 6), R.randint(1, 6)))}"
    dt = pick([F32, F64])
    case(f"adaptive_{i}", f"nd.contrib.AdaptiveAvgPooling2D(a{arg})",
         {"a": rnd([N, C, H, W], dt)}, ["a"])


def resize_case(i):
    N, C = pick([1, 2]), pick([1, 2])
    H, W = R.randint(1, 7), R.randint(1, 7)
    mode = pick(["size", "size", "odd_scale", "like", "to_even_down", "to_even_up",
                 "to_odd_down", "to_odd_up"])
    params = {}
    ins = {"a": rnd([N, C, H, W], pick([F32, F64]))}
    dt = ins["a"][1]
    args = "a"
    if mode == "size":
        if R.rand() < 0.3:
            params["scale_height"] = pick([0.5, 1.5, 2.0, 2.5])
            params["scale_width"] = pick([0.5, 1.5, 2.0, 3.0])
        else:
            params["height"] = R.randint(1, 8)
            params["width"] = R.randint(1, 8)
    elif mode == "odd_scale":
        params["scale_height"] = pick([0.5, 1.5, 2.0])
        params["scale_width"] = pick([0.5, 1.5, 2.0, 3.0])
    elif mode == "like":
        ins["b"] = rnd([N, C, R.randint(1, 7), R.randint(1, 7)], dt)
        args = "a, b"
    if mode != "size" or R.rand() < 0.2:
        params["mode"] = repr(mode)
    if R.rand() < 0.4:
        params["align_corners"] = pick([True, False])
    tail = (", " + kw(params)) if params else ""
    case(f"resize_{mode}_{i}", f"nd.contrib.BilinearResize2D({args}{tail})", ins, ["a"])


def resize_bad():
    a = rnd([1, 1, 3, 3])
    case("resize_bad_3d", "nd.contrib.BilinearResize2D(a, height=2, width=2)",
         {"a": rnd([1, 3, 3])})
    case("resize_bad_like_noarg", "nd.contrib.BilinearResize2D(a, mode='like')", {"a": a})
    case("resize_bad_mode", "nd.contrib.BilinearResize2D(a, height=2, width=2, mode='big')",
         {"a": a})
    case("adaptive_bad_3d", "nd.contrib.AdaptiveAvgPooling2D(a, output_size=2)",
         {"a": rnd([1, 3, 3])})
    case("adaptive_bad_size3", "nd.contrib.AdaptiveAvgPooling2D(a, output_size=(1, 2, 3))",
         {"a": a})


def build(counts):
    for fn, n in ((upsampling_nearest, counts["ups_n"]), (upsampling_bilinear,
                  counts["ups_b"]), (sampler_case, counts["sampler"]),
                  (grid_case, counts["grid"]), (roipool_case, counts["roipool"]),
                  (roialign_case, counts["roialign"]), (adaptive_case, counts["adaptive"]),
                  (resize_case, counts["resize"])):
        for i in range(n):
            fn(i)
    upsampling_bad()
    grid_bad()
    roi_bad()
    resize_bad()
