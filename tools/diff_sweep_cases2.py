"""Cases of the differential sweep, groups G-K and follow-ups (see record_diff_sweep.py)."""
import numpy as np

from diff_sweep_cases import (  # noqa: F401
    B3, D, F, GEN, H, I32, I64, IA, IB, INF, INTS, LOW, M23, M23B, NAN, ODD, POS, SPD, SYM, U8,
    WIDE, X234, X4, case)

# ---- G. linear algebra
case("la_dot", "nd.dot(a, b)", {"a": (M23B, F), "b": (GEN, F)}, ["a", "b"])
case("la_dot_nd", "nd.dot(a, b)", {"a": (X234, F), "b": (np.ones((4, 2)).tolist(), F)},
     ["a", "b"])
case("la_dot_ta_nd", "nd.dot(a, b, transpose_a=True)", {"a": (X234, F), "b": (M23B, F)},
     ["a", "b"])
case("la_dot_tb_nd", "nd.dot(a, b, transpose_b=True)", {"a": (M23B, F), "b": (X234, F)})
case("la_dot_int", "nd.dot(a, b)", {"a": (IA, I32), "b": (np.array(IA).T.tolist(), I32)})
case("la_dot_11", "nd.dot(a, b)", {"a": ([1.0, 2], F), "b": ([3.0, -1], F)}, ["a", "b"])
case("la_dot_bad", "nd.dot(a, b)", {"a": (M23B, F), "b": (M23B, F)})
case("la_dot_f64", "nd.dot(a, b)", {"a": (M23B, D), "b": (GEN, D)})
case("la_batch_dot", "nd.batch_dot(a, b, transpose_b=True)", {"a": (X234, F), "b": (X234, F)},
     ["a", "b"])
case("la_batch_dot_bad", "nd.batch_dot(a, b)", {"a": (X234, F), "b": (X234, F)})
case("la_batch_dot_2d", "nd.batch_dot(a, b)", {"a": (GEN, F), "b": (GEN, F)})
for op, args, inp in [
        ("gemm", "a, b, c, alpha=0.5, beta=2", {"a": GEN, "b": SPD, "c": LOW}),
        ("gemm2", "a, b, transpose_a=True", {"a": GEN, "b": M23B + [[1, 1, 1]]}),
        ("potrf", "a", {"a": SPD}), ("potri", "a", {"a": LOW}),
        ("trmm", "a, b, lower=False, transpose=True", {"a": SPD, "b": GEN}),
        ("trsm", "a, b, rightside=True, alpha=2", {"a": LOW, "b": M23B}),
        ("syrk", "a, transpose=True", {"a": M23B}), ("sumlogdiag", "a", {"a": SPD}),
        ("extractdiag", "a, offset=1", {"a": GEN}), ("makediag", "a, offset=-1", {"a": M23B}),
        ("extracttrian", "a, offset=-1", {"a": GEN}), ("maketrian", "a, lower=False",
                                                        {"a": [1, 2, 3, 4, 5, 6]}),
        ("inverse", "a", {"a": GEN}), ("det", "a", {"a": GEN}), ("slogdet", "a", {"a": GEN}),
        ("syevd", "a", {"a": SPD}), ("gelqf", "a", {"a": M23B})]:
    inputs = {k: (v, F) for k, v in inp.items()}
    case(f"la_{op}", f"nd.linalg.{op}({args})", inputs, list(inp),
         1 if op in ("slogdet", "syevd") else 0)
    case(f"la_{op}_f64", f"nd.linalg_{op}({args})", {k: (v, D) for k, v in inp.items()})
case("la_det_singular", "nd.linalg.det(a)", {"a": ([[1.0, 2], [2, 4]], F)})
case("la_slogdet_neg", "nd.linalg.slogdet(a)", {"a": ([[0.0, 1], [1, 0]], F)})
case("la_inverse_singular", "nd.linalg.inverse(a)", {"a": ([[1.0, 2], [2, 4]], F)})
case("la_potrf_notpd", "nd.linalg.potrf(a)", {"a": ([[1.0, 2], [2, 1]], F)})
case("la_det_int", "nd.linalg.det(a)", {"a": ([[1, 2], [3, 4]], I32)})
case("la_khatri_rao", "nd.khatri_rao(a, b)", {"a": ([[1.0, 2], [3, 4]], F),
                                              "b": (np.array(M23B).T.tolist(), F)}, ["a", "b"])

# ---- I32. random: seeded; shapes and dtypes only (values are compared for the pdf ops)
for j, expr in enumerate([
        "nd.random.uniform(-1, 1, shape=(2, 3))", "nd.random.uniform(shape=4, dtype='float64')",
        "nd.random.normal(0, 2, shape=(3,))", "nd.random.randn(2, 2)",
        "nd.random.randint(0, 5, shape=(2, 2))", "nd.random.randint(-3, 3, shape=3, dtype='int64')",
        "nd.random.exponential(2.0, shape=(2,))", "nd.random.gamma(2.0, 1.5, shape=(2, 2))",
        "nd.random.poisson(3.0, shape=(4,))", "nd.random.negative_binomial(3, 0.4, shape=(2,))",
        "nd.random.generalized_negative_binomial(2.0, 0.5, shape=(3,))",
        "nd.random.uniform(a, b)", "nd.random.uniform(a, b, shape=(2,))",
        "nd.random.normal(a, b, shape=2)", "nd.random.gamma(b, b, shape=(3,))",
        "nd.random.exponential(b)", "nd.random.poisson(b, shape=(2,))",
        "nd.random.multinomial(p)", "nd.random.multinomial(p, shape=3)",
        "nd.random.multinomial(p, get_prob=True)", "nd.random.shuffle(a)",
        "nd.sample_multinomial(p, shape=(2,))", "nd.random.uniform(1, 0, shape=(2,))",
        "nd.random.normal(0, -1, shape=(2,))", "nd.random.randint(5, 5, shape=(2,))",
        "nd.random_uniform(low=0, high=1, shape=(2, 1))", "nd.random.uniform(0, 1, shape=())",
        "nd.random.uniform(0, 1, shape=(2, 0))", "nd.random.normal(shape=(2,), dtype='float16')",
        "nd.random.randint(0, 3, shape=(2,), dtype='float32')"]):
    case(f"rnd_{j}", expr, {"a": ([0.0, 1.0], F), "b": ([1.0, 2.5], F),
                            "p": ([[0.2, 0.8, 0.0], [0.5, 0.25, 0.25]], F)}, values=False)
PDF = [("uniform", "s, low=lo, high=hi", {"s": [[0.1, 0.9], [2.0, 0.5]], "lo": [0.0, -1.0],
                                          "hi": [1.0, 1.0]}),
       ("normal", "s, mu=lo, sigma=hi", {"s": [[0.1, 0.9], [2.0, -0.5]], "lo": [0.0, -1.0],
                                         "hi": [1.0, 2.0]}),
       ("gamma", "s, alpha=lo, beta=hi", {"s": [[0.1, 0.9], [2.0, 0.5]], "lo": [2.0, 1.5],
                                          "hi": [1.0, 2.0]}),
       ("exponential", "s, lam=hi", {"s": [[0.1, 0.9], [2.0, 0.5]], "hi": [1.0, 2.0]}),
       ("poisson", "s, lam=hi", {"s": [[0.0, 1.0], [2.0, 3.0]], "hi": [1.0, 2.0]}),
       ("negative_binomial", "s, k=lo, p=hi", {"s": [[0.0, 1.0], [2.0, 3.0]], "lo": [2.0, 3.0],
                                               "hi": [0.4, 0.7]}),
       ("generalized_negative_binomial", "s, mu=lo, alpha=hi",
        {"s": [[0.0, 1.0], [2.0, 3.0]], "lo": [2.0, 3.0], "hi": [0.4, 0.7]}),
       ("dirichlet", "s, alpha=hi", {"s": [[[0.2, 0.8], [0.5, 0.5]]], "hi": [[1.0, 2.0]]})]
for op, args, inp in PDF:
    diff = ["s"] if op in ("uniform", "normal", "gamma", "exponential", "dirichlet") else []
    diff += [k for k in inp if k != "s" and op not in ("dirichlet",)]
    case(f"pdf_{op}", f"nd.random_pdf_{op}({args})", {k: (v, F) for k, v in inp.items()},
         diff if op not in ("poisson", "negative_binomial", "generalized_negative_binomial")
         else [k for k in diff if k != "s"])
    case(f"pdf_{op}_log", f"nd.random_pdf_{op}({args}, is_log=True)",
         {k: (v, F) for k, v in inp.items()})

case("pdf_uniform_in", "nd.random_pdf_uniform(s, low=lo, high=hi)",
     {"s": ([[0.1, 0.9], [-0.5, 0.5]], F), "lo": ([0.0, -1.0], F), "hi": ([1.0, 1.0], F)},
     ["s", "lo", "hi"])

# ---- K. misc
for op in ("isnan", "isinf", "isfinite"):
    case(f"m_{op}", f"nd.contrib.{op}(a)", {"a": (ODD, F)})
    case(f"m_{op}_int", f"nd.contrib.{op}(a)", {"a": (INTS, I32)})
case("m_allclose", "nd.contrib.allclose(a, b)", {"a": (WIDE, F), "b": (WIDE, F)})
case("m_allclose_nan", "nd.contrib.allclose(a, b, equal_nan=True)",
     {"a": ([NAN, 1.0], F), "b": ([NAN, 1.0], F)})
case("m_allclose_no", "nd.contrib.allclose(a, b, rtol=0, atol=0.01)",
     {"a": ([1.0, 2.0], F), "b": ([1.0, 2.02], F)})
case("m_arange_like", "nd.contrib.arange_like(a)", {"a": (M23B, F)})
case("m_arange_like_axis", "nd.contrib.arange_like(a, start=2, step=0.5, axis=1)",
     {"a": (M23B, F)})
case("m_multi_sum_sq", "nd.multi_sum_sq(a, b, num_arrays=2)", {"a": (WIDE, F), "b": (POS, F)})
case("m_all_finite", "nd.all_finite(a)", {"a": (ODD, F)})
case("m_all_finite_ok", "nd.all_finite(a)", {"a": (WIDE, F)})
case("m_amp_multicast", "nd.amp_multicast(a, b, num_outputs=2)", {"a": (WIDE, H), "b": (POS, F)})
case("m_smooth_l1", "nd.smooth_l1(a, scalar=1.5)", {"a": (WIDE, F)}, ["a"])
case("m_zeros_like_int", "nd.zeros_like(a)", {"a": (IA, I32)})
case("m_softmax", "nd.softmax(a, axis=0)", {"a": (WIDE, F)}, ["a"])
case("m_log_softmax", "nd.log_softmax(a)", {"a": (WIDE, F)}, ["a"])
case("m_softmax_temp", "nd.softmax(a, temperature=2.0)", {"a": (WIDE, F)}, ["a"])
case("m_softmax_ce", "nd.softmax_cross_entropy(a, l)", {"a": (WIDE, F), "l": ([2, 0], F)},
     ["a"])
case("m_L2Normalization", "nd.L2Normalization(a)", {"a": (WIDE, F)}, ["a"])
case("m_LayerNorm", "nd.LayerNorm(a, g, b)", {"a": (WIDE, F), "g": ([1.0, 2, 0.5], F),
                                              "b": ([0.0, 1, -1], F)}, ["a", "g", "b"])

# ---- follow-ups of the first sweep (edges next to the discrepancies it found)
case("f_argmax_channel_1d", "nd.argmax_channel(a)", {"a": ([1.0, 3, 2], F)})
case("f_argmax_channel_4d", "nd.argmax_channel(a)", {"a": (X4, F)})
case("f_argmax_f16", "nd.argmax(a)", {"a": (WIDE, H)})
case("f_argmin_i64_keep", "nd.argmin(a, axis=0, keepdims=True)", {"a": (IA, I64)})
case("f_mean_i32_wrap", "nd.mean(a)", {"a": ([2 ** 30, 2 ** 30, 2 ** 30], I32)})
case("f_mean_i8_wrap", "nd.mean(a, axis=1)", {"a": ([[100, 100], [-7, -6]], "int8")})
case("f_mean_neg_trunc", "nd.mean(a)", {"a": ([-7, -7, 1], I32)})
case("f_squeeze_oob", "nd.squeeze(a, axis=3)", {"a": ([[1.0, 2.0]], F)})
case("f_broadcast_axis_oob", "nd.broadcast_axis(a, axis=3, size=2)", {"a": (B3, F)})
case("f_broadcast_like_mismatch", "nd.broadcast_like(a, b, lhs_axes=(0,), rhs_axes=())",
     {"a": (B3, F), "b": (WIDE, F)})
case("f_broadcast_to_bad", "nd.broadcast_to(a, shape=(2, 2))", {"a": (B3, F)})
case("f_slice_like_neg2", "nd.slice_like(a, b, axes=(-2, 0))", {"a": (X234, F), "b": (M23B, F)})
case("f_slice_like_lower", "nd.slice_like(a, b, axes=(-1,))",
     {"a": (np.ones((3, 4)).tolist(), F), "b": (X234, F)}, ["a"])
case("f_tile_empty_int", "nd.tile(a, reps=())", {"a": (IA, I32)})
for op, args in [("det", "a"), ("inverse", "a"), ("potrf", "a"), ("gemm2", "a, a"),
                 ("syrk", "a"), ("extractdiag", "a"), ("trsm", "a, a"), ("syevd", "a")]:
    case(f"f_la_{op}_int", f"nd.linalg.{op}({args})", {"a": ([[2, 1], [1, 3]], I32)})
    case(f"f_la_{op}_f16", f"nd.linalg.{op}({args})", {"a": ([[2, 1], [1, 3]], H)})
case("f_la_potrf_f64_notpd", "nd.linalg.potrf(a)", {"a": ([[1.0, 2], [2, 1]], D)})

# ---- second wave: normalization, legacy and misc ops, sampling with array parameters,
# more indexing/shape edges, unary ops on float16 and small int dtypes
NC = (np.arange(2 * 3 * 2 * 2) % 7 * 0.5 - 1.2).reshape(2, 3, 2, 2).tolist()
G3, B3C = ([1.5, 0.5, 2.0], F), ([0.1, -0.2, 0.3], F)
MM, MV = ([0.2, -0.1, 0.0], F), ([1.0, 2.0, 0.5], F)
BN_IN = {"a": (NC, F), "g": G3, "b": B3C, "m": MM, "v": MV}
for j, kw in enumerate(["", "fix_gamma=False", "use_global_stats=True, fix_gamma=False",
                        "eps=0.1, fix_gamma=False, output_mean_var=True", "axis=-1, fix_gamma=False"
                        ]):
    gb = "g, b, m, v" if "axis=-1" not in kw else "g2, b2, m2, v2"
    case(f"n_BatchNorm_{j}", f"nd.BatchNorm(a, {gb}, {kw})",
         dict(BN_IN, g2=([1.0, 2.0], F), b2=([0.0, 1.0], F), m2=([0.5, 0.0], F),
              v2=([2.0, 1.0], F)),
         ["a", "g", "b"] if "axis" not in kw else ["a"])
case("n_BatchNorm_v1", "nd.BatchNorm_v1(a, g, b, fix_gamma=False)", BN_IN, ["a", "g", "b"])
for j, kw in enumerate(["", "axis=0", "axis=1, eps=0.5", "output_mean_var=True"]):
    shp = {"": 4, "axis=0": 2, "axis=1, eps=0.5": 3, "output_mean_var=True": 4}[kw]
    case(f"n_LayerNorm_{j}", f"nd.LayerNorm(a, g, b, {kw})",
         {"a": (X234, F), "g": (np.linspace(0.5, 2, shp).tolist(), F),
          "b": (np.linspace(-1, 1, shp).tolist(), F)}, ["a", "g", "b"])
case("n_LayerNorm_bad", "nd.LayerNorm(a, g, b)", {"a": (X234, F), "g": G3, "b": B3C})
case("n_InstanceNorm", "nd.InstanceNorm(a, g, b)", {"a": (NC, F), "g": G3, "b": B3C},
     ["a", "g", "b"])
case("n_GroupNorm", "nd.GroupNorm(a, g, b, num_groups=1)",
     {"a": (NC, F), "g": ([1.5], F), "b": ([0.2], F)}, ["a", "g", "b"])
case("n_GroupNorm_3", "nd.GroupNorm(a, g, b, num_groups=3, eps=0.01)",
     {"a": (NC, F), "g": G3, "b": B3C}, ["a", "g", "b"])
for mode in ("instance", "channel", "spatial"):
    case(f"n_L2Normalization_{mode}", f"nd.L2Normalization(a, mode='{mode}')", {"a": (NC, F)},
         ["a"])
case("n_L2Normalization_bad", "nd.L2Normalization(a, mode='foo')", {"a": (NC, F)})
case("n_LRN", "nd.LRN(a, nsize=3)", {"a": (NC, F)}, ["a"])
case("n_LRN_p", "nd.LRN(a, nsize=1, alpha=0.1, beta=0.5, knorm=1)", {"a": (NC, F)}, ["a"])
case("n_LRN_missing", "nd.LRN(a)", {"a": (NC, F)})
X44 = np.arange(2 * 1 * 4 * 4, dtype=float).reshape(2, 1, 4, 4).tolist()
case("l_Crop", "nd.Crop(a, offset=(1, 0), h_w=(2, 3))", {"a": (X44, F)}, ["a"])
case("l_Crop_center", "nd.Crop(a, h_w=(2, 2), center_crop=True)", {"a": (X44, F)}, ["a"])
case("l_Crop_like", "nd.Crop(a, b, num_args=2)", {"a": (X44, F), "b": (NC, F)}, ["a"])
case("l_Crop_bad", "nd.Crop(a, offset=(3, 3), h_w=(2, 2))", {"a": (X44, F)})
case("l_IdentityAttachKLSparseReg", "nd.IdentityAttachKLSparseReg(a)",
     {"a": ([[0.2, 0.6], [0.4, 0.9]], F)}, ["a"])
case("l_Pooling_v1", "nd.Pooling_v1(a, kernel=(2, 2), pool_type='avg', stride=(2, 2))",
     {"a": (X44, F)}, ["a"])
case("l_Pooling_v1_max_pad", "nd.Pooling_v1(a, kernel=(3, 3), pad=(1, 1))", {"a": (X44, F)},
     ["a"])
case("l_Convolution_v1", "nd.Convolution_v1(a, w, b, kernel=(2, 2), num_filter=2)",
     {"a": (X44, F), "w": (np.linspace(-1, 1, 8).reshape(2, 1, 2, 2).tolist(), F),
      "b": ([0.5, -0.5], F)}, ["a", "w", "b"])
case("l_Correlation", "nd.Correlation(a, b, max_displacement=1)",
     {"a": (NC, F), "b": (np.flip(np.array(NC), 3).tolist(), F)}, ["a", "b"])
case("m_onehot_encode", "nd.onehot_encode(i, o)", {"i": ([0, 2, 1], F), "o": (GEN, F)})
case("m_reset_arrays", "[nd.reset_arrays(a, b, num_arrays=2), a, b][1:]",
     {"a": (WIDE, F), "b": (POS, F)})
case("m_multi_lars", "nd.multi_lars(l, w, g, d, eta=0.5, eps=1e-3)",
     {"l": ([0.1, 0.2], F), "w": ([4.0, 0.0], F), "g": ([1.0, 2.0], F), "d": ([0.01, 0.1], F)})
case("m_Cast_f16_odd", "nd.cast(a, dtype='float16')", {"a": (ODD + [1e5, 3e-8], F)})
case("m_cast_to_u8", "nd.cast(a, dtype='uint8')", {"a": ([0.0, 1.7, 255.0, 3.2], F)})
case("m_cast_int_to_int8", "nd.cast(a, dtype='int8')", {"a": ([1, 127, -128, 5], I32)})
for op in ("sample_uniform", "sample_normal", "sample_gamma"):
    case(f"rs_{op}", f"nd.{op}(x, y, shape=(2,))", {"x": ([0.5, 1.0], F), "y": ([1.0, 2.0], F)},
         values=False)
    case(f"rs_{op}_f64", f"nd.{op}(x, y, dtype='float64')",
         {"x": ([[0.5, 1.0]], D), "y": ([[1.0, 2.0]], D)}, values=False)
case("rs_sample_normal_bad_sigma", "nd.sample_normal(x, y)",
     {"x": ([0.0, 1.0], F), "y": ([-1.0, 0.0], F)}, values=False)
case("rs_sample_exponential_bad", "nd.sample_exponential(y)", {"y": ([0.0, -1.0], F)},
     values=False)
for op in ("sample_exponential", "sample_poisson"):
    case(f"rs_{op}", f"nd.{op}(y, shape=3)", {"y": ([1.0, 2.0], F)}, values=False)
case("rs_sample_negative_binomial", "nd.sample_negative_binomial(x, y)",
     {"x": ([2.0, 3.0], F), "y": ([0.4, 0.5], F)}, values=False)
case("rs_sample_gnb", "nd.sample_generalized_negative_binomial(x, y, shape=(2,))",
     {"x": ([2.0, 3.0], F), "y": ([0.4, 0.5], F)}, values=False)
case("rs_sample_bad_shape", "nd.sample_uniform(x, y)", {"x": ([0.0, 1.0], F), "y": ([1.0], F)},
     values=False)
case("rs_shuffle_2d", "nd.random.shuffle(a)", {"a": (GEN, F)}, values=False)
case("rs_multinomial_dtype", "nd.random.multinomial(p, shape=(2,), dtype='float32')",
     {"p": ([0.3, 0.7], F)}, values=False)
case("rs_multinomial_bad_dtype", "nd.random.multinomial(p, dtype='float64')",
     {"p": ([0.3, 0.7], F)}, values=False)
case("rs_uniform_like", "nd.random.uniform_like(a)", {"a": (GEN, D)}, values=False)
case("rs_normal_like", "nd.random.normal_like(a, loc=1, scale=2)", {"a": (GEN, F)},
     values=False)
for op, args, inp in [("gamma", "s, alpha=lo, beta=hi", {"s": [[0.5], [2.0]],
                                                        "lo": [2.0, 0.7], "hi": [1.0, 3.0]}),
                      ("poisson", "s, lam=hi", {"s": [[0.0, 4.0]], "hi": [1.5]}),
                      ("negative_binomial", "s, k=lo, p=hi",
                       {"s": [[0.0, 4.0]], "lo": [2.5], "hi": [0.3]}),
                      ("dirichlet", "s, alpha=hi", {"s": [[[0.3, 0.7]]], "hi": [[0.5, 3.0]]}),
                      ("normal", "s, mu=lo, sigma=hi", {"s": [[0.5, 1.0, -3.0]], "lo": [0.2],
                                                        "hi": [0.5]})]:
    case(f"pdf2_{op}", f"nd.random_pdf_{op}({args})", {k: (v, F) for k, v in inp.items()},
         [k for k in inp if not (k == "s" and op in ("poisson", "negative_binomial"))])
case("pdf2_normal_f64", "nd.random_pdf_normal(s, mu=lo, sigma=hi)",
     {"s": ([[0.5, 1.0]], D), "lo": ([0.2], D), "hi": ([0.5], D)})
case("pdf2_bad_shape", "nd.random_pdf_normal(s, mu=lo, sigma=hi)",
     {"s": ([[0.5, 1.0]], F), "lo": ([0.2, 0.1], F), "hi": ([0.5, 1.0], F)})
for j, kw in enumerate(["mode='raise'", "mode='clip', axis=-2", "axis=-3"]):
    case(f"ix2_take_{j}", f"nd.take(a, i, {kw})", {"a": (X234, F), "i": ([[1, 0]], I32)}, ["a"])
case("ix2_take_raise_oob", "nd.take(a, i, mode='raise')", {"a": (GEN, F), "i": ([5], I32)})
case("ix2_take_bad_mode", "nd.take(a, i, mode='foo')", {"a": (GEN, F), "i": ([1], I32)})
case("ix2_one_hot_neg_depth", "nd.one_hot(i, depth=0)", {"i": ([1, 2], F)})
case("ix2_one_hot_int_idx", "nd.one_hot(i, depth=3)", {"i": ([1, 5, -1], I32)})
case("ix2_pick_int", "nd.pick(a, i)", {"a": (IA, I32), "i": ([2, 0], I32)})
case("ix2_pick_bad_shape", "nd.pick(a, i)", {"a": (GEN, F), "i": ([0, 1], F)})
case("ix2_gather_nd_1d", "nd.gather_nd(a, i)", {"a": ([5.0, 6, 7], F), "i": ([[2, 0]], F)},
     ["a"])
case("ix2_gather_nd_bad", "nd.gather_nd(a, i)", {"a": (GEN, F), "i": ([[0], [1], [2]], F)})
case("ix2_scatter_nd_dup", "nd.scatter_nd(d, i, shape=(3,))",
     {"d": ([1.0, 2, 3], F), "i": ([[0, 0, 2]], F)}, ["d"])
case("ix2_SequenceMask_int_len", "nd.SequenceMask(a, l, use_sequence_length=True)",
     {"a": (np.arange(6.).reshape(3, 2).tolist(), F), "l": ([2, 1], I32)}, ["a"])
case("ix2_SequenceReverse_full", "nd.SequenceReverse(a, l, use_sequence_length=True)",
     {"a": (np.arange(6.).reshape(3, 2).tolist(), F), "l": ([3, 0], F)}, ["a"])
case("ix2_SequenceLast_2d", "nd.SequenceLast(a, l, use_sequence_length=True)",
     {"a": (np.arange(6.).reshape(3, 2).tolist(), F), "l": ([3, 1], F)}, ["a"])
case("ix2_SequenceMask_bad_len", "nd.SequenceMask(a, l, use_sequence_length=True)",
     {"a": (np.arange(6.).reshape(3, 2).tolist(), F), "l": ([2, 1, 1], F)})
case("ix2_slice_neg_step", "nd.slice(a, begin=(None, None, None), end=(None, None, None), "
     "step=(-1, -2, -3))", {"a": (X234, F)}, ["a"])
case("ix2_slice_bad_len", "nd.slice(a, begin=(0, 0), end=(1,))", {"a": (X234, F)})
case("ix2_slice_empty", "nd.slice(a, begin=(1,), end=(1,))", {"a": (X234, F)})
case("ix2_slice_axis_empty", "nd.slice_axis(a, axis=0, begin=1, end=1)", {"a": (X234, F)})
case("ix2_ravel_oob", "nd.ravel_multi_index(i, shape=(2, 2))", {"i": ([[3], [0]], F)})
case("ix2_unravel_oob", "nd.unravel_index(i, shape=(2, 2))", {"i": ([7, -1], F)})
case("ix2_histogram_bins", "nd.histogram(a, bins=b)", {"a": (WIDE, F), "b": ([-3.0, 0, 3], F)})
case("ix2_boolean_mask_none", "nd.contrib.boolean_mask(a, m)",
     {"a": (GEN, F), "m": ([0, 0, 0], F)})
for j, (sh, kw) in enumerate([((2, 3), "num_outputs=4"), ((2, 3), "num_outputs=3, axis=2"),
                              ((2, 3), "num_outputs=2, axis=0, squeeze_axis=True")]):
    case(f"sh2_split_{j}", f"nd.split(a, {kw})", {"a": (M23B, F)})
case("sh2_stack_bad", "nd.stack(a, b)", {"a": (M23B, F), "b": (B3, F)})
case("sh2_stack_one", "nd.stack(a)", {"a": (M23B, F)}, ["a"])
case("sh2_concat_one", "nd.concat(a, dim=0)", {"a": (M23B, F)}, ["a"])
case("sh2_concat_int", "nd.concat(a, b, dim=0)", {"a": (IA, I32), "b": (IB, I32)})
case("sh2_pad_bad_width", "nd.pad(a, mode='constant', pad_width=(0, 0, 0, 0, 1, 1))",
     {"a": (X4, F)})
case("sh2_pad_nonzero_nc", "nd.pad(a, mode='edge', pad_width=(0, 1, 0, 0, 1, 1, 1, 1))",
     {"a": (X4, F)})
case("sh2_pad_int", "nd.pad(a, mode='constant', pad_width=(0, 0, 0, 0, 1, 0, 0, 1), "
     "constant_value=7)", {"a": ((np.arange(8).reshape(1, 2, 2, 2)).tolist(), I32)})
case("sh2_pad_reflect_big", "nd.pad(a, mode='reflect', pad_width=(0, 0, 0, 0, 3, 3, 0, 0))",
     {"a": (X4, F)})
case("sh2_moveaxis_list", "nd.moveaxis(a, [0, 1], [2, 0])", {"a": (X234, F)})
case("sh2_swapaxes_same", "nd.swapaxes(a, 1, 1)", {"a": (X234, F)}, ["a"])
case("sh2_diag_bad_axes", "nd.diag(a, axis1=0, axis2=0)", {"a": (X234, F)})
case("sh2_reshape_like_bad", "nd.reshape_like(a, b)", {"a": (M23B, F), "b": (GEN, F)})
case("sh2_expand_dims_int", "nd.expand_dims(a, axis=-1)", {"a": (IA, I32)})
case("sh2_flatten_4d", "nd.flatten(a)", {"a": (X4, F)}, ["a"])
case("sh2_tile_neg", "nd.tile(a, reps=(-1,))", {"a": (M23B, F)})
case("sh2_repeat_neg", "nd.repeat(a, repeats=-1)", {"a": (M23B, F)})
case("sh2_depth_to_space_b1", "nd.depth_to_space(a, block_size=1)", {"a": (X4, F)})
F16_ODD = [-2.5, -0.5, 0.0, 0.5, 1.0, 2.5, 70000.0, NAN, INF]
for op in ("exp", "log", "sqrt", "sigmoid", "tanh", "erf", "gammaln", "round", "rint", "relu",
           "reciprocal", "square", "softsign", "arctan", "expm1", "log1p", "cbrt", "sign"):
    case(f"u2_{op}_f16", f"nd.{op}(a)", {"a": (F16_ODD, H)})
for op in ("square", "negative", "abs", "sign", "relu", "sqrt", "exp", "reciprocal", "floor",
           "logical_not", "sigmoid", "rsqrt", "cbrt"):
    case(f"u2_{op}_i8", f"nd.{op}(a)", {"a": ([-128, -3, 0, 2, 127], "int8")})
    case(f"u2_{op}_u8", f"nd.{op}(a)", {"a": ([0, 3, 16, 255], U8)})

# ---- third wave: gradients at odd points (zero, +-1, nan, inf, large)
from diff_sweep_cases import UNARY  # noqa: E402

ODD_G = [-2.5, -1.0, -0.5, 0.0, 0.5, 1.0, 2.5, 1e4, -1e4, NAN, INF, -INF]
for op, dom in UNARY.items():
    if dom is not None:
        case(f"ug_{op}", f"nd.{op}(a)", {"a": (ODD_G, F)}, ["a"])
case("ug_clip", "nd.clip(a, -1, 1)", {"a": (ODD_G, F)}, ["a"])
case("ug_hard_sigmoid_edges", "nd.hard_sigmoid(a)", {"a": ([-2.5, 2.5, 0.0, -3.0, 3.0], F)},
     ["a"])
for op in ("power", "divide", "maximum", "minimum", "broadcast_hypot", "modulo", "multiply"):
    case(f"bg_{op}", f"nd.{op}(a, b)", {"a": ([0.0, 0.0, -1.0, 2.0, NAN, INF, 1.0, -2.0], F),
                                        "b": ([0.0, -1.0, 0.5, 0.0, 1.0, 2.0, NAN, 3.0], F)},
         ["a", "b"])
for op in ("sum", "mean", "prod", "max", "min", "nansum", "nanprod", "norm"):
    case(f"rg_{op}_odd", f"nd.{op}(a, axis=1)",
         {"a": ([[NAN, 1.0, 2.0], [INF, 0.0, 3.0], [0.0, 0.0, 2.0], [-INF, 1.0, 1.0]], F)}, ["a"])
case("rg_norm_l1_zero", "nd.norm(a, ord=1, axis=1)", {"a": ([[0.0, 1.0], [0.0, 0.0]], F)}, ["a"])
case("rg_moments_const", "nd.moments(a, axes=(1,))", {"a": ([[2.0, 2.0], [1.0, 3.0]], F)}, ["a"],
     1)
case("rg_cumsum_nan", "nd.cumsum(a)", {"a": ([1.0, NAN, 2.0], F)}, ["a"])
for j, kw in enumerate(["mode='wrap'", "mode='clip'"]):
    case(f"ig_take_{j}", f"nd.take(a, i, {kw})", {"a": ([1.0, 2, 3], F),
                                                  "i": ([-1, 4, 1, 7], F)}, ["a"])
    case(f"ig_pick_{j}", f"nd.pick(a, i, {kw})", {"a": (GEN, F), "i": ([-1, 4, 7], F)}, ["a"])
case("ig_topk_both", "nd.topk(a, k=2, ret_typ='both', axis=0)", {"a": (GEN, F)}, ["a"])
case("ig_topk_none", "nd.topk(a, k=2, ret_typ='value', axis=None)", {"a": (GEN, F)}, ["a"])
case("ig_topk_ties", "nd.topk(a, k=2, ret_typ='value')", {"a": ([1.0, 2.0, 2.0, 1.0], F)},
     ["a"])
case("ig_sort_grad", "nd.sort(a)", {"a": (GEN, F)}, ["a"])
case("ig_topk_i64", "nd.topk(a, k=2, dtype='int64')", {"a": (GEN, F)})
case("ig_topk_u8", "nd.topk(a, k=2, dtype='uint8', ret_typ='both')", {"a": (GEN, F)})
case("ig_topk_f16in", "nd.topk(a, k=1, ret_typ='mask')", {"a": (WIDE, H)})
case("ig_slice_grad_step", "nd.slice(a, begin=(None, 2), end=(None, None), step=(1, -1))",
     {"a": (GEN, F)}, ["a"])
case("ig_one_hot_grad", "nd.one_hot(i, depth=3)", {"i": ([0.0, 2.0], F)}, ["i"])
case("ig_where_cond_grad", "nd.where(c, x, y)", {"c": ([1.0, 0.0], F), "x": ([1.0, 2.0], F),
                                                  "y": ([3.0, 4.0], F)}, ["c", "x", "y"])
case("ig_gather_nd_idx_grad", "nd.gather_nd(a, i)", {"a": (GEN, F), "i": ([[0, 2]], F)},
     ["a", "i"])

# ---- fourth wave: positional parameters, out=, numpy scalars, zero-size arrays
Z03 = (np.zeros((0, 3)), F)
for j, expr in enumerate([
        "nd.sum(a, 1)", "nd.sum(a, (0, 2), True)", "nd.mean(a, 1, True, True)", "nd.max(a, 2)",
        "nd.norm(a, 1, 1)", "nd.argmax(a, 1, True)", "nd.cumsum(a, 1)", "nd.topk(a, 1, 2)",
        "nd.topk(a, 1, 2, 'value')", "nd.sort(a, 0, False)", "nd.argsort(a, 0)",
        "nd.reshape(a, (4, 6))", "nd.transpose(a, (1, 0, 2))", "nd.expand_dims(a, 1)",
        "nd.tile(a, (2,))", "nd.repeat(a, 2, 1)", "nd.slice_axis(a, 1, 0, 2)",
        "nd.slice(a, (0, 1), (2, 3))", "nd.flip(a, 1)", "nd.swapaxes(a, 0, 2)",
        "nd.squeeze(nd.expand_dims(a, 0), 0)", "nd.cast(a, 'int32')", "nd.clip(a, 0, 1)",
        "nd.broadcast_to(nd.sum(a, 0, True), (3, 3, 4))", "nd.split(a, 2, 2)",
        "nd.moments(a, (0, 1))", "nd.flatten(a)", "nd.diag(nd.sum(a, 0), 1)",
        "nd.sum(a, axis=np.int64(1))", "nd.reshape(a, shape=[4, -1])", "nd.tile(a, reps=[1, 2])",
        "nd.transpose(a, axes=[2, 0, 1])", "nd.sum(a, axis=[0, 2])", "nd.slice_axis(a, 2, 1, None)",
        "nd.topk(a, k=np.int32(2))", "nd.one_hot(nd.argmax(a, 1), 4)", "nd.pick(a, i, 1)",
        "nd.take(a, i, 2)", "nd.take(a, i, 0, 'wrap')", "nd.hard_sigmoid(a, 0.3, 0.4)",
        "nd.sum(a, 1, name='foo')", "nd.sum(a, None, True)", "nd.sum(a, axis=1, keepdims=1)",
        "nd.cumsum(a, 1, 'float64')", "nd.stack(a, a, axis=-1)", "nd.concat(a, a, dim=-2)",
        "nd.pad(nd.expand_dims(a, 0), 'edge', (0, 0, 0, 0, 1, 1, 0, 1))"]):
    case(f"p_{j}", expr, {"a": (X234, F), "i": ([[1, 0, 2, 0], [2, 2, 1, 0]], F)})
for j, (expr, o) in enumerate([("nd.sum(a, axis=1, out=o)", np.zeros((2, 4), np.float32)),
                               ("nd.exp(a, out=o)", np.zeros((2, 3, 4), np.float32)),
                               ("nd.sum(a, axis=1, out=o)", np.zeros((2, 3), np.float32)),
                               ("nd.topk(a, k=2, out=o)", np.zeros((2, 3, 2), np.float32)),
                               ("nd.reshape(a, shape=(4, 6), out=o)", np.zeros((4, 6), np.float32)),
                               ("nd.argmax(a, axis=0, out=o)", np.zeros((3, 4), np.int32))]):
    case(f"o_{j}", f"[{expr}, o]", {"a": (X234, F), "o": (o.tolist(), o.dtype.name)})
for j, expr in enumerate([
        "nd.sum(a)", "nd.sum(a, axis=0)", "nd.sum(a, axis=1)", "nd.mean(a, axis=0)",
        "nd.max(a, axis=1)", "nd.prod(a, axis=0)", "nd.exp(a)", "nd.reshape(a, shape=(3, 0))",
        "nd.transpose(a)", "nd.concat(a, a, dim=0)", "nd.topk(a, k=1)", "nd.sort(a, axis=0)",
        "nd.argmax(a, axis=1)", "nd.norm(a)", "nd.cumsum(a, axis=0)", "nd.tile(a, reps=(2, 1))",
        "nd.take(b, a)", "nd.one_hot(a, depth=2)", "nd.broadcast_to(a, shape=(0, 3))",
        "nd.slice_axis(b, axis=0, begin=1, end=1)", "nd.expand_dims(a, axis=0)",
        "nd.stack(a, a)", "nd.split(b, num_outputs=3, axis=1)", "nd.where(a, a, a)",
        "nd.clip(a, 0, 1)", "nd.flip(a, axis=0)", "nd.repeat(a, repeats=2, axis=0)"]):
    case(f"z_{j}", expr, {"a": Z03, "b": (GEN, F)})

# ---- fifth wave: bad keyword names, missing required parameters, bad parameter values
for j, expr in enumerate([
        "nd.sum(a, axes=1)", "nd.topk(a, kk=1)", "nd.take(a, i, modes='clip')", "nd.one_hot(i)",
        "nd.cast(a)", "nd.reshape(a)", "nd.slice_axis(a, axis=1)",
        "nd.slice_axis(a, axis=1, begin=0)",
        "nd.pick(a, i, axis=1, mode='foo')", "nd.pad(x4, mode='foo', pad_width=(0,) * 8)",
        "nd.pad(x4, pad_width=(0,) * 8)", "nd.expand_dims(a)", "nd.tile(a)", "nd.repeat(a)",
        "nd.broadcast_to(a)", "nd.broadcast_axis(a, axis=0)", "nd.swapaxes(a, dim3=1)",
        "nd.moments(a)", "nd.moments(a, axes=())", "nd.linalg.gemm2(a)", "nd.linalg.det()",
        "nd.linalg.potrf(a, lower=True)", "nd.linalg.extractdiag(a, offset='x')",
        "nd.split(a)", "nd.split(a, num_outputs=0)", "nd.split_v2(a, 0)", "nd.topk(a, axis=1.5)",
        "nd.sum(a, axis='1')", "nd.sum(a, axis=1.0)", "nd.sum(a, keepdims='yes')",
        "nd.argmax(a, axis='x')", "nd.norm(a, ord=0)", "nd.norm(a, axis=(0, 1, 2, 0))",
        "nd.cumsum(a, dtype='foo')", "nd.one_hot(i, depth=-1)", "nd.one_hot(i, depth=2, dtype='x')",
        "nd.random.uniform(0, 1, shape=(2,), foo=1)", "nd.random.normal(shape=(2,), dtype='int32')",
        "nd.random.randint(3, shape=(2,))", "nd.random.randint(0, 3)",
        "nd.random.multinomial(a)", "nd.random.shuffle(a, axis=1)", "nd.clip(a, 0)",
        "nd.hard_sigmoid(a, foo=1)", "nd.sort(a, axis=1, foo=2)", "nd.diag(a, k=1.5)",
        "nd.SequenceMask(a, use_sequence_length=True)", "nd.SequenceLast(a, i, axis=2)",
        "nd.gather_nd(a)", "nd.scatter_nd(a, i)", "nd.where(a, a)", "nd.histogram(a)",
        "nd.depth_to_space(x4)", "nd.slice_like(a)", "nd.reshape_like(a)", "nd.Embedding(i, a)",
        "nd.khatri_rao()", "nd.batch_take(a)", "nd.ravel_multi_index(i)", "nd.unravel_index(i)"]):
    case(f"e_{j}", expr, {"a": (GEN, F), "i": ([0, 1, 2], F), "x4": (X4, F)},
         values="random" not in expr)
case("f_la_potrf_upper", "nd.linalg.potrf(a, lower=False)", {"a": (SPD, F)}, ["a"])
case("f_la_potri_upper", "nd.linalg.potri(a, lower=False)", {"a": (np.array(LOW).T.tolist(), F)},
     ["a"])
case("f_la_potrf_upper_batch", "nd.linalg.potrf(a, lower=False)",
     {"a": ([SPD, np.eye(3).tolist()], D)}, ["a"])
case("f_sum_axis_str", "nd.sum(a, axis='(0, 1)')", {"a": (X234, F)})
case("f_topk_axis_str", "nd.topk(a, axis='0')", {"a": (GEN, F)})

# ---- sixth wave: training mode, float64 odd inputs, batched linalg, reshape codes, ties
TRAIN = "(lambda s: [s.__enter__(), {}, s.__exit__(None, None, None)][1])(mx.autograd.train_mode())"
case("t_BatchNorm_train", TRAIN.format("nd.BatchNorm(a, g, b, m, v, fix_gamma=False)"), BN_IN)
case("t_BatchNorm_train_omv",
     TRAIN.format("nd.BatchNorm(a, g, b, m, v, output_mean_var=True, eps=0.01)"), BN_IN)
case("t_BatchNorm_v1_train",
     TRAIN.format("[nd.BatchNorm_v1(a, g, b, moving_mean=m, moving_var=v), m, v]"), BN_IN)
case("t_BatchNorm_global", TRAIN.format("nd.BatchNorm(a, g, b, m, v, use_global_stats=True)"),
     BN_IN)
ODD64 = [-2.5, -1.0, -0.0, 0.0, 0.5, 1.0, 1e300, -1e300, 1e-310, NAN, INF, -INF]
for op in ("exp", "log", "sqrt", "rsqrt", "cbrt", "erfinv", "gammaln", "gamma", "arccosh",
           "arctanh", "reciprocal", "sigmoid", "tanh", "rint", "round", "fix", "sign",
           "square", "log1p", "expm1"):
    case(f"u3_{op}_f64", f"nd.{op}(a)", {"a": (ODD64, D)})
for op in ("sum", "mean", "prod", "max", "min", "nansum", "norm"):
    case(f"r3_{op}_f64", f"nd.{op}(a, axis=(0, 2), keepdims=True)", {"a": (X234, D)}, ["a"])
    case(f"r3_{op}_i64", f"nd.{op}(a, axis=1, exclude=True)",
         {"a": (np.arange(24).reshape(2, 3, 4).tolist(), I64)})
BATCH = np.stack([np.array(SPD), np.array(SPD) * 0.5 + np.eye(3)]).tolist()
BLOW = np.stack([np.array(LOW), np.array(LOW).T.T * 2]).tolist()
for op, args, inp in [
        ("trmm", "a, b, rightside=True", {"a": BLOW, "b": BATCH}),
        ("trsm", "a, b, transpose=True, lower=True", {"a": BLOW, "b": BATCH}),
        ("syrk", "a, alpha=0.5", {"a": BATCH}), ("gelqf", "a", {"a": BATCH}),
        ("syevd", "a", {"a": BATCH}), ("potri", "a", {"a": BLOW}),
        ("sumlogdiag", "a", {"a": BATCH}), ("slogdet", "a", {"a": BATCH}),
        ("gemm", "a, b, c, transpose_b=True, axis=-3", {"a": BATCH, "b": BATCH, "c": BATCH}),
        ("extracttrian", "a, lower=False, offset=1", {"a": BATCH}),
        ("makediag", "a, offset=2", {"a": [[1.0, 2.0], [3.0, 4.0]]})]:
    case(f"la3_{op}", f"nd.linalg.{op}({args})", {k: (v, F) for k, v in inp.items()},
         list(inp), 1 if op in ("syevd", "slogdet", "gelqf") else 0)
    case(f"la3_{op}_f64", f"nd.linalg.{op}({args})", {k: (v, D) for k, v in inp.items()},
         list(inp), 0)
for j, s in enumerate(["(-4, -1, 2, 0, 0)", "(0, -4, 3, -1, 4)", "(-2, 1)", "(1, -2)",
                       "(0, 0, 0, 1)", "(-3, -2)", "(-1, 2)", "(2, 3, 4, -2)", "(-4, 2, 1, -2)"]):
    case(f"sh3_reshape_{j}", f"nd.reshape(a, shape={s})", {"a": (X234, F)})
    case(f"sh3_reshape_rev_{j}", f"nd.reshape(a, shape={s}, reverse=True)", {"a": (X234, F)})
TIES = [[2.0, 1.0, 2.0, 3.0, 1.0], [1.0, 1.0, 1.0, 0.0, 0.0]]
for j, kw in enumerate(["k=3", "k=3, is_ascend=True", "k=2, ret_typ='mask'",
                        "k=2, ret_typ='mask', is_ascend=True", "k=2, axis=0",
                        "k=2, axis=0, is_ascend=True", "axis=None, k=4"]):
    case(f"so3_topk_{j}", f"nd.topk(a, {kw})", {"a": (TIES, F)})
for j, kw in enumerate(["", "is_ascend=False", "axis=0", "axis=0, is_ascend=False", "axis=None"]):
    case(f"so3_argsort_{j}", f"nd.argsort(a, {kw})", {"a": (TIES, F)})
case("ix3_one_hot_float", "nd.one_hot(i, depth=3)", {"i": ([1.7, -0.5, 2.2, 2.9], F)})
case("ix3_pick_float", "nd.pick(a, i)", {"a": (GEN, F), "i": ([1.9, -0.7, 2.5], F)})
case("ix3_take_nan", "nd.take(a, i)", {"a": ([1.0, 2, 3], F), "i": ([NAN, 1.0], F)})
case("ix3_split_v2_neg", "nd.split_v2(a, (-1,), axis=1)", {"a": (X234, F)})
case("ix3_split_v2_sq", "nd.split_v2(a, 2, axis=0, squeeze_axis=True)", {"a": (X234, F)}, ["a"])
case("ix3_slice_axis_i64", "nd.slice_axis(a, axis=0, begin=0, end=1)", {"a": (IA, I64)})
case("ix3_gather_nd_i64", "nd.gather_nd(a, i)", {"a": (IA, I64), "i": ([[1, 0]], I64)})

# ---- seventh wave: pdf gradients in log mode and float64, multi-dim parameters
PDF3 = [("uniform", "s, low=lo, high=hi",
         {"s": [[[0.1, 0.6]], [[-0.5, 0.2]]], "lo": [[0.0], [-1.0]], "hi": [[1.0], [0.5]]}),
        ("normal", "s, mu=lo, sigma=hi",
         {"s": [[[0.1, 0.6]], [[-0.5, 2.0]]], "lo": [[0.0], [-1.0]], "hi": [[1.0], [0.5]]}),
        ("gamma", "s, alpha=lo, beta=hi",
         {"s": [[[0.1, 0.6]], [[0.5, 2.0]]], "lo": [[1.5], [3.0]], "hi": [[1.0], [0.5]]}),
        ("exponential", "s, lam=hi", {"s": [[[0.1, 0.6]], [[0.5, 2.0]]], "hi": [[1.5], [0.5]]}),
        ("poisson", "s, lam=hi", {"s": [[[0.0, 3.0]], [[1.0, 2.0]]], "hi": [[1.5], [0.5]]}),
        ("negative_binomial", "s, k=lo, p=hi", {"s": [[[0.0, 3.0]], [[1.0, 2.0]]],
                                                "lo": [[2.0], [1.5]], "hi": [[0.3], [0.6]]}),
        ("generalized_negative_binomial", "s, mu=lo, alpha=hi",
         {"s": [[[0.0, 3.0]], [[1.0, 2.0]]], "lo": [[2.0], [1.5]], "hi": [[0.3], [0.6]]}),
        ("dirichlet", "s, alpha=hi", {"s": [[[0.2, 0.3, 0.5]], [[0.6, 0.3, 0.1]]],
                                      "hi": [[1.5, 2.0, 0.5], [1.0, 1.0, 3.0]]})]
for op, args, inp in PDF3:
    diff = [k for k in inp if not (k == "s" and op in ("poisson", "negative_binomial",
                                                       "generalized_negative_binomial"))]
    for log in (False, True):
        for dt in (F, D):
            case(f"pdf3_{op}_{int(log)}_{dt}", f"nd.random_pdf_{op}({args}, is_log={log})",
                 {k: (v, dt) for k, v in inp.items()}, diff)
