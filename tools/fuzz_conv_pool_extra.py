"""Fuzz cases of the conv_pool family, third part: lp pooling of mixed signs, integer inputs,
ROI edge cases, SpatialTransformer, im2col/col2im and a few more invalid calls (imported by
tools/fuzz_conv_pool_cases.py; shares its RandomState)."""
import numpy as np

from fuzz_conv_pool_cases import F32, F64, R, case, distinct, kw, pick, rnd, tup


def lp_signed(i):
    n = pick([1, 2])
    shape = [1, 2] + [R.randint(3, 6) for _ in range(n)]
    k = tup([2] * n)
    p = pick([1, 2, 3])
    case(f"pool_lp_signed_{i}", f"nd.Pooling(a, kernel={k}, pool_type='lp', p_value={p})",
         {"a": rnd(shape, F64, -1.5, 1.5, 3)}, ["a"])


def int_and_dtype_cases():
    ai = ((np.arange(32) % 7) - 3).reshape(1, 2, 4, 4).tolist()
    case("conv_int32", "nd.Convolution(a, w, kernel=(3, 3), num_filter=1, no_bias=True)",
         {"a": (ai, "int32"), "w": (np.ones((1, 2, 3, 3), int).tolist(), "int32")})
    case("pool_int32", "nd.Pooling(a, kernel=(2, 2))", {"a": (ai, "int32")})
    case("pool_int32_avg", "nd.Pooling(a, kernel=(2, 2), pool_type='avg')", {"a": (ai, "int32")})
    case("deconv_int32", "nd.Deconvolution(a, w, kernel=(2, 2), num_filter=1)",
         {"a": (ai, "int32"), "w": (np.ones((2, 1, 2, 2), int).tolist(), "int32")})
    case("conv_bad_bias_dtype", "nd.Convolution(a, w, b, kernel=(3, 3), num_filter=1)",
         {"a": distinct([1, 2, 4, 4], dtype=F32), "w": rnd([1, 2, 3, 3], F32),
          "b": rnd([1], F64)})
    case("conv_bad_num_filter0", "nd.Convolution(a, w, kernel=(3, 3), num_filter=0, "
         "no_bias=True)", {"a": distinct([1, 2, 4, 4]), "w": rnd([1, 2, 3, 3])})
    case("pool_bad_p0", "nd.Pooling(a, kernel=(2, 2), pool_type='lp', p_value=0)",
         {"a": rnd([1, 1, 3, 3], F64, 0.2, 1.0)})
    case("ups_bad_num_args", "nd.UpSampling(a, b, scale=2, sample_type='nearest', num_args=3)",
         {"a": distinct([1, 1, 2, 2]), "b": distinct([1, 1, 4, 4])})
    case("ups_nearest_1arg_2in", "nd.UpSampling(a, b, scale=2, sample_type='nearest')",
         {"a": distinct([1, 1, 2, 2]), "b": distinct([1, 1, 4, 4])}, ["a", "b"])


def roi_edge_cases():
    a = distinct([2, 2, 5, 6], 0.01)
    rois = {
        "outside": [[0.0, -3, -2, 1, 1], [1.0, 4, 3, 9, 8]],
        "reversed": [[0.0, 4, 3, 1, 1]],
        "point": [[1.0, 2, 2, 2, 2]],
        "whole": [[0.0, 0, 0, 5, 4], [1.0, 0, 0, 5, 4]],
        "bad_batch": [[2.0, 0, 0, 2, 2]],
        "neg_batch": [[-1.0, 0, 0, 2, 2]],
    }
    for name, r in rois.items():
        for ps in ((2, 2), (3, 1)):
            tag = f"{name}_{ps[0]}x{ps[1]}"
            case(f"roipool_{tag}", f"nd.ROIPooling(a, r, pooled_size={tup(ps)}, "
                 "spatial_scale=1.0)", {"a": a, "r": (r, F64)}, ["a"])
            case(f"roialign_{tag}", f"nd.contrib.ROIAlign(a, r, pooled_size={tup(ps)}, "
                 "spatial_scale=1.0, sample_ratio=2)", {"a": a, "r": (r, F64)}, ["a"])


def spatial_transformer(i):
    N, C = pick([1, 2]), pick([1, 2])
    H, W = R.randint(2, 6), R.randint(2, 6)
    th, tw = R.randint(2, 5), R.randint(2, 5)
    loc = np.round(np.array([[1, 0, 0, 0, 1, 0]] * N) * R.uniform(0.6, 0.9)
                   + R.uniform(-0.15, 0.15, size=(N, 6)), 3)
    case(f"stn_{i}", f"nd.SpatialTransformer(a, l, target_shape={tup((th, tw))}, "
         "transform_type='affine', sampler_type='bilinear')",
         {"a": rnd([N, C, H, W], F32), "l": (loc.tolist(), F32)}, ["a", "l"])


def im2col_case(i):
    n = pick([1, 2])
    k = [pick([1, 2, 3]) for _ in range(n)]
    s = [pick([1, 2]) for _ in range(n)]
    d = [pick([1, 1, 2]) for _ in range(n)]
    p = [pick([0, 1]) for _ in range(n)]
    size = [d[j] * (k[j] - 1) + 1 + R.randint(0, 4) for j in range(n)]
    params = {"kernel": tup(k), "stride": tup(s), "dilate": tup(d), "pad": tup(p)}
    dt = pick([F32, F64])
    case(f"im2col_{i}", f"nd.im2col(a, {kw(params)})",
         {"a": rnd([pick([1, 2]), pick([1, 2])] + size, dt)}, ["a"])
    out = [(size[j] + 2 * p[j] - d[j] * (k[j] - 1) - 1) // s[j] + 1 for j in range(n)]
    C = pick([1, 2])
    cols = [1, C * int(np.prod(k)), int(np.prod(out))]
    case(f"col2im_{i}", f"nd.col2im(a, output_size={tup(size)}, {kw(params)})",
         {"a": rnd(cols, dt)}, ["a"])


def resize_single_cases():
    """An output size of 1 samples the first row/column in MXNet, align_corners or not."""
    for i, (shape, params) in enumerate((([1, 1, 2, 3], "height=1, width=3"),
                                         ([1, 2, 4, 5], "height=1, width=1"),
                                         ([1, 1, 3, 2], "height=5, width=1"),
                                         ([2, 1, 2, 5], "scale_height=0.5, scale_width=3.0"))):
        for ac in (False, True):
            case(f"resize_single_{i}_{ac}", f"nd.contrib.BilinearResize2D(a, {params}, "
                 f"align_corners={ac})", {"a": rnd(shape, F64)}, ["a"])


def legacy_pool_cases():
    """Pooling_v1's max pads with zeros and gives -inf for a 'full' window past the input."""
    for i, (shape, kwargs) in enumerate((
            ([1, 3, 3, 1], "kernel=(1, 4), pooling_convention='full', stride=(3, 3), pad=(0, 2)"),
            ([2, 1, 4, 5], "kernel=(2, 2), pooling_convention='full', stride=(3, 3)"),
            ([1, 2, 3, 3], "kernel=(3, 3), pad=(1, 1), stride=(2, 2)"))):
        case(f"poolv1_legacy_{i}", f"nd.Pooling_v1(a, {kwargs})",
             {"a": distinct(shape, 0.01, F64)}, ["a"])
    case("pool_same_global", "nd.Pooling(a, kernel=(3,), global_pool=True, "
         "pooling_convention='same', stride=(2,))", {"a": distinct([1, 3, 7], 0.01, F32)}, ["a"])


def build():
    for i in range(8):
        lp_signed(i)
    int_and_dtype_cases()
    roi_edge_cases()
    for i in range(8):
        spatial_transformer(i)
    for i in range(8):
        im2col_case(i)
    resize_single_cases()
    legacy_pool_cases()
