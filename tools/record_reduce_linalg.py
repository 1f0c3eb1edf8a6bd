"""Records reductions, sorting and linear algebra cases from REAL MXNet 1.9.1.

    ../shared/tools/mxnet-ref tools/record_reduce_linalg.py

writes tests/fixtures/reduce_linalg.json: for each case its inputs, the outputs (shape,
dtype, values), the first-order gradients for a fixed head gradient, or the error text.
The tests (tests/test_op_reduce.py, test_op_sort.py, test_op_linalg.py) replay the cases.
"""

import numpy as np

import mxnet as mx
from mxnet import nd

from fixture_io import write_json

M23 = [[1, 5, 3], [4, 2, 6]]
M23B = [[0.5, -1.5, 2.0], [3.0, 0.25, -2.0]]
SPD = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]]
SPD2 = [[[4, 1], [1, 3]], [[2, 0.5], [0.5, 1]]]
GEN = [[1, 2, 0], [3, 4, 1], [0.5, -1, 2]]
LOW = [[2, 0, 0], [0.5, 1.5, 0], [-0.3, 0.4, 1.2]]
W34 = [[0.3, -1.2, 2.0, 0.7], [1.1, 0.4, -0.6, 1.9], [-0.8, 1.3, 0.2, -0.4]]
X234 = np.arange(24).reshape(2, 3, 4).tolist()
NAN3 = [1, float("nan"), 2]
I23 = ([[1, 5, 3], [4, 2, 6]], "int32")


def f32(a):
    return (a, "float32")


# (name, expression, inputs {var: (list, dtype)}, [vars to differentiate], output index
# receiving the head gradient)
CASES = [
    # ---- C. reductions
    ("sum_all", "nd.sum(a)", {"a": f32(M23)}, ["a"], 0),
    ("sum_axis1", "nd.sum(a, axis=1)", {"a": f32(M23)}, ["a"], 0),
    ("sum_neg_keep", "nd.sum(a, axis=-1, keepdims=True)", {"a": f32(X234)}, ["a"], 0),
    ("sum_tuple", "nd.sum(a, axis=(0, 2))", {"a": f32(X234)}, ["a"], 0),
    ("sum_exclude", "nd.sum(a, axis=1, exclude=True)", {"a": f32(X234)}, ["a"], 0),
    ("sum_empty_axis", "nd.sum(a, axis=())", {"a": f32(M23)}, [], 0),
    ("sum_dup_axes", "nd.sum(a, axis=(1, 1))", {"a": f32(M23)}, [], 0),
    ("sum_keep_all", "nd.sum(a, keepdims=True)", {"a": f32(M23)}, ["a"], 0),
    ("argmax_keep_none", "nd.argmax(a, keepdims=True)", {"a": f32(M23)}, [], 0),
    ("sum_int", "nd.sum(a, axis=0)", {"a": I23}, [], 0),
    ("sum_axis_alias", "nd.sum_axis(a, axis=0)", {"a": f32(M23)}, ["a"], 0),
    ("sum_bad_axis", "nd.sum(a, axis=2)", {"a": f32(M23)}, [], 0),
    ("sum_bad_neg_axis", "nd.sum(a, axis=-3)", {"a": f32(M23)}, [], 0),
    ("mean_all", "nd.mean(a)", {"a": f32(M23)}, ["a"], 0),
    ("mean_axis", "nd.mean(a, axis=(1, 2), keepdims=True)", {"a": f32(X234)}, ["a"], 0),
    ("mean_int", "nd.mean(a, axis=1)", {"a": I23}, [], 0),
    ("prod_axis", "nd.prod(a, axis=1)", {"a": f32(M23B)}, ["a"], 0),
    ("prod_int", "nd.prod(a)", {"a": I23}, [], 0),
    ("nansum", "nd.nansum(a)", {"a": f32(NAN3)}, ["a"], 0),
    ("nanprod", "nd.nanprod(a)", {"a": f32(NAN3)}, ["a"], 0),
    ("max_all", "nd.max(a)", {"a": f32(M23)}, ["a"], 0),
    ("max_ties", "nd.max(a, axis=1)", {"a": f32([[1, 3, 3], [2, 2, 0]])}, ["a"], 0),
    ("min_axis0", "nd.min(a, axis=0)", {"a": f32(M23B)}, ["a"], 0),
    ("max_exclude", "nd.max(a, axis=1, exclude=True)", {"a": f32(M23)}, ["a"], 0),
    ("max_nan", "nd.max(a)", {"a": f32(NAN3)}, [], 0),
    ("max_int", "nd.max(a, axis=1)", {"a": I23}, [], 0),
    ("min_axis_alias", "nd.min_axis(a, axis=1)", {"a": f32(M23)}, ["a"], 0),
    ("max_axis_alias", "nd.max_axis(a, axis=0)", {"a": f32(M23)}, ["a"], 0),
    ("norm_all", "nd.norm(a)", {"a": f32(M23B)}, ["a"], 0),
    ("norm_l1_axis", "nd.norm(a, ord=1, axis=1)", {"a": f32(M23B)}, ["a"], 0),
    ("norm_keep", "nd.norm(a, axis=0, keepdims=True)", {"a": f32(M23B)}, ["a"], 0),
    ("norm_bad_ord", "nd.norm(a, ord=3)", {"a": f32(M23B)}, [], 0),
    ("argmax_all", "nd.argmax(a)", {"a": f32(M23)}, [], 0),
    ("argmax_axis", "nd.argmax(a, axis=1)", {"a": f32(M23)}, [], 0),
    ("argmax_keep", "nd.argmax(a, axis=0, keepdims=True)", {"a": f32(M23)}, [], 0),
    ("argmax_int", "nd.argmax(a, axis=1)", {"a": I23}, [], 0),
    ("argmax_nan", "nd.argmax(a)", {"a": f32(NAN3)}, [], 0),
    ("argmin_axis", "nd.argmin(a, axis=-1)", {"a": f32(M23)}, [], 0),
    ("argmin_nan", "nd.argmin(a)", {"a": f32([1, float("nan"), 0])}, [], 0),
    ("argmax_bad_axis", "nd.argmax(a, axis=2)", {"a": f32(M23)}, [], 0),
    ("argmax_channel", "nd.argmax_channel(a)", {"a": f32(M23)}, [], 0),
    ("moments", "nd.moments(a, axes=(1,))", {"a": f32(GEN)}, ["a"], 1),
    ("moments_mean", "nd.moments(a, axes=(0, 1), keepdims=True)", {"a": f32(GEN)}, ["a"], 0),
    ("moments_noaxes", "nd.moments(a)", {"a": f32(GEN)}, [], 0),
    ("cumsum_flat", "nd.cumsum(a)", {"a": f32(M23)}, ["a"], 0),
    ("cumsum_axis", "nd.cumsum(a, axis=1)", {"a": f32(GEN)}, ["a"], 0),
    ("cumsum_int_dtype", "nd.cumsum(a, axis=0, dtype='float32')", {"a": I23}, [], 0),
    ("cumsum_bad_axis", "nd.cumsum(a, axis=3)", {"a": f32(M23)}, [], 0),
    # ---- F. sorting
    ("topk_default", "nd.topk(a)", {"a": f32(M23)}, [], 0),
    ("topk_value", "nd.topk(a, k=2, ret_typ='value')", {"a": f32(M23)}, ["a"], 0),
    ("topk_both", "nd.topk(a, k=2, ret_typ='both')", {"a": f32(M23)}, ["a"], 0),
    ("topk_value_axis0", "nd.topk(a, k=2, ret_typ='value', axis=0)", {"a": f32(M23)}, ["a"], 0),
    ("topk_mask", "nd.topk(a, k=2, ret_typ='mask')", {"a": f32(M23)}, [], 0),
    ("topk_none", "nd.topk(a, axis=None, k=3)", {"a": f32(M23)}, [], 0),
    ("topk_none_value", "nd.topk(a, axis=None, k=3, ret_typ='value')", {"a": f32(M23)}, ["a"], 0),
    ("topk_none_mask", "nd.topk(a, axis=None, k=2, ret_typ='mask')", {"a": f32(M23)}, [], 0),
    ("topk_int", "nd.topk(a, k=2, ret_typ='both')", {"a": I23}, [], 0),
    ("topk_ascend", "nd.topk(a, k=2, is_ascend=True)", {"a": f32(M23)}, [], 0),
    ("topk_dtype", "nd.topk(a, k=2, dtype='int32')", {"a": f32(M23)}, [], 0),
    ("topk_k0", "nd.topk(a, k=0)", {"a": f32(M23)}, [], 0),
    ("topk_ties", "nd.topk(a, k=3)", {"a": f32([1, 1, 2, 2])}, [], 0),
    ("topk_axis1", "nd.topk(a, k=2, axis=1, ret_typ='value')", {"a": f32(W34 * 2)}, ["a"], 0),
    ("topk_big_k", "nd.topk(a, k=4)", {"a": f32(M23)}, [], 0),
    ("topk_bad_axis", "nd.topk(a, axis=2)", {"a": f32(M23)}, [], 0),
    ("sort_default", "nd.sort(a)", {"a": f32(M23)}, [], 0),
    ("sort_desc_axis0", "nd.sort(a, axis=0, is_ascend=False)", {"a": f32(M23)}, [], 0),
    ("sort_none", "nd.sort(a, axis=None)", {"a": f32(M23)}, [], 0),
    ("sort_int", "nd.sort(a)", {"a": I23}, [], 0),
    ("argsort_default", "nd.argsort(a)", {"a": f32(M23)}, [], 0),
    ("argsort_none", "nd.argsort(a, axis=None)", {"a": f32(M23)}, [], 0),
    ("argsort_int32", "nd.argsort(a, dtype='int32')", {"a": f32(M23)}, [], 0),
    ("argsort_desc", "nd.argsort(a, is_ascend=False)", {"a": f32(M23)}, [], 0),
    ("argsort_ties", "nd.argsort(a)", {"a": f32([1, 1, 2, 2])}, [], 0),
    ("argsort_ties_desc", "nd.argsort(a, is_ascend=False)", {"a": f32([1, 1, 2, 2])}, [], 0),
    ("argsort_intin", "nd.argsort(a)", {"a": I23}, [], 0),
    # ---- G. linear algebra
    ("dot_2d", "nd.dot(a, b)", {"a": f32(M23B), "b": f32(GEN)}, ["a", "b"], 0),
    ("dot_ta", "nd.dot(a, b, transpose_a=True)", {"a": f32(M23), "b": f32(M23B)}, ["a", "b"], 0),
    ("dot_tb", "nd.dot(a, b, transpose_b=True)", {"a": f32(M23), "b": f32(M23B)}, ["a", "b"], 0),
    ("dot_1d1d", "nd.dot(a, b)", {"a": f32([1, 2]), "b": f32([3, -1])}, ["a", "b"], 0),
    ("dot_1d2d", "nd.dot(a, b)", {"a": f32([1, 2]), "b": f32(M23)}, ["a", "b"], 0),
    ("dot_2d1d", "nd.dot(a, b)", {"a": f32(M23), "b": f32([1, -2, 3])}, ["a", "b"], 0),
    ("dot_nd", "nd.dot(a, b)", {"a": f32(X234), "b": f32(W34[:2] * 2)}, ["a", "b"], 0),
    ("dot_nd_ta", "nd.dot(a, b, transpose_a=True)", {"a": f32(X234), "b": f32(M23)}, ["a", "b"], 0),
    ("dot_vec_transpose", "nd.dot(a, b, transpose_a=True)", {"a": f32([1, 2]), "b": f32([3, 4])},
     [], 0),
    ("dot_2d1d_tb", "nd.dot(a, b, transpose_b=True)", {"a": f32(M23), "b": f32([1, 2, 3])},
     ["a", "b"], 0),
    ("dot_err", "nd.dot(a, b)", {"a": f32(M23), "b": f32(M23)}, [], 0),
    ("dot_err_1d", "nd.dot(a, b)", {"a": f32(M23), "b": f32([1, 2])}, [], 0),
    ("batch_dot", "nd.batch_dot(a, b)", {"a": f32(X234), "b": f32([np.array(W34).T.tolist()] * 2)},
     ["a", "b"], 0),
    ("batch_dot_tb", "nd.batch_dot(a, b, transpose_b=True)", {"a": f32(X234), "b": f32(X234)},
     ["a", "b"], 0),
    ("batch_dot_ta", "nd.batch_dot(a, b, transpose_a=True)",
     {"a": f32(X234), "b": f32(np.arange(30).reshape(2, 3, 5).tolist())}, ["a", "b"], 0),
    ("batch_dot_4d", "nd.batch_dot(a, b)", {"a": f32(np.ones((2, 2, 3, 4)).tolist()),
                                            "b": f32(np.ones((2, 2, 4, 2)).tolist())}, [], 0),
    ("batch_dot_err_batch", "nd.batch_dot(a, b)", {"a": f32(np.ones((2, 3, 4)).tolist()),
                                                  "b": f32(np.ones((3, 4, 5)).tolist())}, [], 0),
    ("batch_dot_err_k", "nd.batch_dot(a, b)", {"a": f32(X234), "b": f32(X234)}, [], 0),
    ("batch_dot_err_2d", "nd.batch_dot(a, b)", {"a": f32(M23), "b": f32(GEN)}, [], 0),
    ("gemm", "nd.linalg.gemm(a, b, c, transpose_a=True, alpha=2, beta=0.5)",
     {"a": f32(GEN), "b": f32(SPD), "c": f32(LOW)}, ["a", "b", "c"], 0),
    ("gemm_axis", "nd.linalg.gemm(a, b, c, axis=-3)",
     {"a": f32(np.arange(8).reshape(2, 2, 2).tolist()), "b": f32(np.ones((2, 2, 2)).tolist()),
      "c": f32(np.ones((2, 2, 2)).tolist())}, ["a", "b", "c"], 0),
    ("gemm2", "nd.linalg_gemm2(a, b, transpose_b=True, alpha=0.5)", {"a": f32(M23), "b": f32(M23B)},
     ["a", "b"], 0),
    ("gemm2_batch", "nd.linalg.gemm2(a, b)", {"a": f32(SPD2), "b": f32(SPD2)}, ["a", "b"], 0),
    ("gemm2_batch_err", "nd.linalg.gemm2(a, b)", {"a": f32(np.ones((2, 2, 3)).tolist()),
                                                  "b": f32(np.ones((3, 3, 2)).tolist())}, [], 0),
    ("gemm2_err", "nd.linalg.gemm2(a, b)", {"a": f32(M23), "b": f32(M23)}, [], 0),
    ("potrf", "nd.linalg.potrf(a)", {"a": f32(SPD)}, ["a"], 0),
    ("potrf_batch", "nd.linalg.potrf(a)", {"a": f32(SPD2)}, ["a"], 0),
    ("potrf_err", "nd.linalg.potrf(a)", {"a": f32(M23)}, [], 0),
    ("potri", "nd.linalg.potri(a)", {"a": f32(LOW)}, ["a"], 0),
    ("trmm", "nd.linalg.trmm(a, b)", {"a": f32(SPD), "b": f32(GEN)}, ["a", "b"], 0),
    ("trmm_opts", "nd.linalg.trmm(a, b, transpose=True, rightside=True, lower=False, alpha=2)",
     {"a": f32(SPD), "b": f32(M23)}, ["a", "b"], 0),
    ("trsm", "nd.linalg.trsm(a, b)", {"a": f32(LOW), "b": f32(GEN)}, ["a", "b"], 0),
    ("trsm_opts", "nd.linalg.trsm(a, b, transpose=True, rightside=True, alpha=2)",
     {"a": f32(LOW), "b": f32(M23)}, ["a", "b"], 0),
    ("trsm_upper", "nd.linalg.trsm(a, b, lower=False, transpose=True)",
     {"a": f32(SPD), "b": f32(GEN)}, ["a", "b"], 0),
    ("syrk", "nd.linalg.syrk(a)", {"a": f32(M23B)}, ["a"], 0),
    ("syrk_t", "nd.linalg.syrk(a, transpose=True, alpha=2)", {"a": f32(M23B)}, ["a"], 0),
    ("sumlogdiag", "nd.linalg.sumlogdiag(a)", {"a": f32(SPD)}, ["a"], 0),
    ("sumlogdiag_batch", "nd.linalg.sumlogdiag(a)", {"a": f32(SPD2)}, ["a"], 0),
    ("extractdiag", "nd.linalg.extractdiag(a)", {"a": f32(GEN)}, ["a"], 0),
    ("extractdiag_off", "nd.linalg.extractdiag(a, offset=-1)", {"a": f32(GEN)}, ["a"], 0),
    ("extractdiag_err", "nd.linalg.extractdiag(a)", {"a": f32(M23)}, [], 0),
    ("extractdiag_bad_offset", "nd.linalg.extractdiag(a, offset=3)", {"a": f32(GEN)}, [], 0),
    ("maketrian_err", "nd.linalg.maketrian(a)", {"a": f32([1, 2])}, [], 0),
    ("makediag_batch", "nd.linalg.makediag(a)", {"a": f32(M23)}, ["a"], 0),
    ("makediag", "nd.linalg.makediag(a)", {"a": f32([1, 2])}, ["a"], 0),
    ("makediag_off", "nd.linalg.makediag(a, offset=1)", {"a": f32(M23)}, ["a"], 0),
    ("extracttrian", "nd.linalg.extracttrian(a)", {"a": f32(np.arange(16).reshape(4, 4).tolist())},
     ["a"], 0),
    ("extracttrian_up", "nd.linalg.extracttrian(a, lower=False)",
     {"a": f32(np.arange(16).reshape(4, 4).tolist())}, ["a"], 0),
    ("extracttrian_off", "nd.linalg.extracttrian(a, offset=1)",
     {"a": f32(np.arange(16).reshape(4, 4).tolist())}, ["a"], 0),
    ("extracttrian_neg", "nd.linalg.extracttrian(a, offset=-2)",
     {"a": f32(np.arange(16).reshape(4, 4).tolist())}, ["a"], 0),
    ("maketrian", "nd.linalg.maketrian(a)", {"a": f32([1, 2, 3, 4, 5, 6])}, ["a"], 0),
    ("maketrian_up", "nd.linalg.maketrian(a, lower=False)", {"a": f32([1, 2, 3, 4, 5, 6])},
     ["a"], 0),
    ("maketrian_off", "nd.linalg.maketrian(a, offset=1)", {"a": f32([1, 2, 3])}, ["a"], 0),
    ("maketrian_neg", "nd.linalg.maketrian(a, offset=-1)", {"a": f32([[1, 2, 3], [4, 5, 6]])},
     ["a"], 0),
    ("gelqf_q", "nd.linalg.gelqf(a)", {"a": f32(M23B)}, ["a"], 0),
    ("gelqf_l", "nd.linalg.gelqf(a)", {"a": f32(M23B)}, ["a"], 1),
    ("gelqf_err", "nd.linalg.gelqf(a)", {"a": f32(np.array(M23).T.tolist())}, [], 0),
    ("syevd_u", "nd.linalg.syevd(a)", {"a": f32(SPD)}, ["a"], 0),
    ("syevd_l", "nd.linalg.syevd(a)", {"a": f32(SPD)}, ["a"], 1),
    ("syevd_err", "nd.linalg.syevd(a)", {"a": f32(M23)}, [], 0),
    ("inverse", "nd.linalg.inverse(a)", {"a": f32(GEN)}, ["a"], 0),
    ("inverse_batch", "nd.linalg_inverse(a)", {"a": f32(SPD2)}, ["a"], 0),
    ("inverse_err", "nd.linalg.inverse(a)", {"a": f32(M23)}, [], 0),
    ("det", "nd.linalg.det(a)", {"a": f32(GEN)}, ["a"], 0),
    ("det_batch", "nd.linalg.det(a)", {"a": f32(SPD2)}, ["a"], 0),
    ("det_err", "nd.linalg.det(a)", {"a": f32(M23)}, [], 0),
    ("slogdet", "nd.linalg.slogdet(a)", {"a": f32(GEN)}, ["a"], 1),
    ("slogdet_batch", "nd.linalg.slogdet(a)", {"a": f32(SPD2)}, ["a"], 1),
    ("khatri_rao", "nd.khatri_rao(a, b)", {"a": f32([[1, 2], [3, 4]]), "b": f32(np.array(M23B).T.tolist())},
     ["a", "b"], 0),
    ("khatri_rao3", "nd.khatri_rao(a, b, c)", {"a": f32([[1, 2]]), "b": f32([[3, 4], [5, 6]]),
                                                "c": f32([[1, -1], [2, 0.5]])}, ["a", "b", "c"], 0),
]


def head_for(shape, j=0):
    n = int(np.prod(shape))
    return (((np.arange(n) * 5 + 3 + j) % 11 - 5) / 4.0).reshape(shape)


def as_list(y):
    return list(y) if isinstance(y, (list, tuple)) else [y]


def err_text(e):
    lines = [ln for ln in str(e).split("\n") if "Error" in ln or "Check failed" in ln]
    return (lines[0] if lines else str(e).strip().split("\n")[-1]).strip()


def run(case):
    name, expr, inputs, wrt, gout = case
    env = {k: nd.array(np.array(v, dtype=dt), dtype=dt) for k, (v, dt) in inputs.items()}
    rec = {"name": name, "expr": expr,
           "inputs": {k: {"data": np.array(v, dtype=dt).tolist(), "dtype": dt}
                      for k, (v, dt) in inputs.items()}, "wrt": wrt, "gout": gout}
    try:
        ys = as_list(eval(expr, {"nd": nd, "np": np}, dict(env)))
        rec["outputs"] = [{"shape": list(y.shape), "dtype": np.dtype(y.dtype).name,
                           "data": y.asnumpy().tolist()} for y in ys]
    except Exception as e:  # noqa: BLE001 - record the reference's error (may be async)
        rec["error"] = {"type": type(e).__name__, "text": err_text(e)}
        return rec
    if wrt:
        for k in wrt:
            env[k].attach_grad()
        with mx.autograd.record():
            ys = as_list(eval(expr, {"nd": nd, "np": np}, dict(env)))
        head = head_for(ys[gout].shape)
        try:
            ys[gout].backward(nd.array(head, dtype=ys[gout].dtype))
            rec["head"] = head.tolist()
            rec["grads"] = {k: env[k].grad.asnumpy().tolist() for k in wrt}
        except Exception as e:  # noqa: BLE001
            rec["grad_error"] = err_text(e)
    return rec


def main():
    out = {"mxnet": mx.__version__, "cases": [run(c) for c in CASES]}
    path = write_json("reduce_linalg.json", out)
    print(f"wrote {len(out['cases'])} cases to {path}")


if __name__ == "__main__":
    main()
