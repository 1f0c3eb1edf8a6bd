"""Cases of the differential sweep, eighth wave: legacy and normalization op variants."""
import numpy as np

from diff_sweep_cases import F, GEN, X4, case
from diff_sweep_cases2 import NC, X44

X33 = (np.arange(2 * 2 * 5 * 5) % 9 * 0.25 - 1.0).reshape(2, 2, 5, 5).tolist()
for j, kw in enumerate(["max_displacement=1, pad_size=1", "max_displacement=2, pad_size=2, "
                        "stride2=2", "kernel_size=3, max_displacement=1, pad_size=2",
                        "max_displacement=1, pad_size=1, is_multiply=False",
                        "max_displacement=1, pad_size=1, stride1=2"]):
    case(f"l2_Correlation_{j}", f"nd.Correlation(a, b, {kw})",
         {"a": (X33, F), "b": (np.flip(np.array(X33), 2).tolist(), F)}, ["a", "b"])
case("l2_Correlation_even_kernel", "nd.Correlation(a, b, kernel_size=2, pad_size=2)",
     {"a": (X33, F), "b": (X33, F)})
for j, kw in enumerate(["kernel=(2, 2), pooling_convention='full', stride=(2, 2)",
                        "kernel=(3, 3), pool_type='sum', pad=(1, 1)",
                        "kernel=(2, 2), global_pool=True, pool_type='avg'",
                        "kernel=(3, 3), pool_type='avg', pad=(1, 1), pooling_convention='full', "
                        "stride=(2, 2)"]):
    case(f"l2_Pooling_v1_{j}", f"nd.Pooling_v1(a, {kw})", {"a": (X33, F)}, ["a"])
case("l2_Pooling_v1_lp", "nd.Pooling_v1(a, kernel=(2, 2), pool_type='lp')", {"a": (X33, F)})
for j, kw in enumerate(["kernel=(3, 3), num_filter=2, pad=(1, 1), stride=(2, 2)",
                        "kernel=(2, 2), num_filter=2, dilate=(2, 2), no_bias=True",
                        "kernel=(1, 1), num_filter=2, num_group=2"]):
    w = np.linspace(-1, 1, 2 * (1 if "group" in kw else 2) * 9).reshape(
        2, 1 if "group" in kw else 2, 3, 3)
    k = 1 if "(1, 1)," in kw else (2 if "(2, 2), num" in kw else 3)
    w = w[:, :, :k, :k].tolist()
    args = "a, w" if "no_bias" in kw else "a, w, b"
    case(f"l2_Convolution_v1_{j}", f"nd.Convolution_v1({args}, {kw})",
         {"a": (X33, F), "w": (w, F), "b": ([0.1, -0.1], F)},
         ["a", "w"] + ([] if "no_bias" in kw else ["b"]))
for j, kw in enumerate(["offset=(0, 0), h_w=(5, 5)", "h_w=(3, 2), center_crop=True",
                        "offset=(1, 2), h_w=(6, 1)"]):
    case(f"l2_Crop_{j}", f"nd.Crop(a, {kw})", {"a": (X33, F)}, ["a"])
case("n2_InstanceNorm_3d", "nd.InstanceNorm(a, g, b, eps=0.01)",
     {"a": ((np.arange(24) % 5 - 2.0).reshape(2, 3, 4).tolist(), F), "g": ([1.0, 2, 3], F),
      "b": ([0.0, 0.5, -0.5], F)}, ["a", "g", "b"])
case("n2_InstanceNorm_bad_gamma", "nd.InstanceNorm(a, g, b)",
     {"a": (NC, F), "g": ([1.0, 2.0], F), "b": ([0.0, 0.5], F)})
case("n2_L2Normalization_eps", "nd.L2Normalization(a, eps=10.0, mode='channel')",
     {"a": (NC, F)}, ["a"])
case("n2_L2Normalization_2d_spatial", "nd.L2Normalization(a, mode='spatial')",
     {"a": (GEN, F)})
case("n2_LRN_even", "nd.LRN(a, nsize=2)", {"a": (NC, F)}, ["a"])
case("n2_LRN_big", "nd.LRN(a, nsize=7, alpha=1.0, beta=1.0)", {"a": (NC, F)}, ["a"])
case("n2_LayerNorm_nogamma", "nd.LayerNorm(a)", {"a": (NC, F)})
case("n2_GroupNorm_bad_groups", "nd.GroupNorm(a, g, b, num_groups=2)",
     {"a": (NC, F), "g": ([1.0, 1.0], F), "b": ([0.0, 0.0], F)})
case("n2_BatchNorm_2d", "nd.BatchNorm(a, g, b, m, v, fix_gamma=False)",
     {"a": (GEN, F), "g": ([1.0, 2, 3], F), "b": ([0.0, 0.5, -0.5], F),
      "m": ([0.1, 0.2, 0.3], F), "v": ([1.0, 0.5, 2.0], F)}, ["a", "g", "b"])
case("n2_BatchNorm_1d", "nd.BatchNorm(a, g, b, m, v)",
     {"a": ([1.0, 2.0, 3.0], F), "g": ([1.0], F), "b": ([0.0], F), "m": ([0.0], F),
      "v": ([1.0], F)})
case("n2_BatchNorm_5d", "nd.BatchNorm(a, g, b, m, v, axis=2)",
     {"a": (np.array(X4).reshape(2, 2, 3, 3, 1).tolist(), F), "g": ([1.0, 2, 3], F),
      "b": ([0.0, 0.5, -0.5], F), "m": ([0.1, 0.2, 0.3], F), "v": ([1.0, 0.5, 2.0], F)},
     ["a", "g", "b"])
case("n2_Crop_like_h_w", "nd.Crop(a, b, num_args=2, offset=(1, 1))",
     {"a": (X33, F), "b": (X44, F)}, ["a"])

# ---- ninth wave: casts of odd values, clip with odd bounds, scalar ops on small ints
from diff_sweep_cases import I32, ODD, U8, WIDE  # noqa: E402

ODD_FIN = [-2.5, -1.0, -0.5, 0.0, 0.5, 1.5, 2.5, 1e4, -1e4, 300.7, -129.5, 3e9, -3e9]
for dt in ("int32", "uint8", "int8", "int64", "float16"):
    case(f"c_cast_{dt}_odd", f"nd.cast(a, dtype='{dt}')", {"a": (ODD_FIN, F)})
case("c_cast_nan_int", "nd.cast(a, dtype='int32')", {"a": ([float("nan"), float("inf")], F)})
case("c_cast_i32_u8", "nd.cast(a, dtype='uint8')", {"a": ([-1, 256, 300, 7], I32)})
case("c_cast_f64_f32_big", "nd.cast(a, dtype='float32')", {"a": ([1e39, -1e39, 1e-46], "float64")})
case("c_clip_nan_bound", "nd.clip(a, float('nan'), 1.0)", {"a": (WIDE, F)})
case("c_clip_inf_bounds", "nd.clip(a, -float('inf'), float('inf'))", {"a": (ODD, F)})
case("c_clip_u8", "nd.clip(a, 2.7, 200.2)", {"a": ([0, 3, 255], U8)})
case("c_clip_i32_frac", "nd.clip(a, -2.5, 2.5)", {"a": ([-5, -2, 0, 2, 5], I32)})
for j, expr in enumerate(["a + 300", "a * 2", "a - 1", "a / 3", "a % 7", "a ** 2",
                          "nd.maximum(a, 100)", "-a", "a > 100", "3 - a"]):
    case(f"c_u8_{j}", expr, {"a": ([0, 100, 200, 255], U8)})
    case(f"c_i8_{j}", expr, {"a": ([-128, -1, 0, 127], "int8")})

# ---- tenth wave: second derivatives (autograd.grad with create_graph, then backward)
G2 = ("(lambda x, r: (lambda s: [r.__exit__(None, None, None), s.backward(), x.grad][2])("
      "(x.attach_grad(), r.__enter__(), "
      "mx.autograd.grad({}, [x], nd.ones_like(x), create_graph=True)[0])[2]))"
      "(a, mx.autograd.record())")
for op in ("sin", "cos", "exp", "log", "tanh", "sigmoid", "relu", "square", "sqrt", "reciprocal",
           "abs", "negative", "log1p", "expm1", "rsqrt", "arctan", "softsign"):
    case(f"g2_{op}", G2.format(f"nd.{op}(x)"), {"a": ([0.3, 0.7, 1.2, 2.5], F)})
