"""Records MXNet 1.9.1's behaviour for the non-spatial NN ops into tests/fixtures/nn.json.

Run with the reference:  /work/shared/tools/mxnet-ref tools/record_nn.py

Each case is an expression over named inputs, evaluated the same way by the test under
mxlite: forward outputs, first-order gradients (backward with an optional head gradient,
in a record() scope of the given train mode), and arrays read after backward (BatchNorm's
moving statistics). Error cases record the message, which must contain `match`.
"""
import sys

import numpy as np


def _arr(shape, seed, scale=1.0, shift=0.0):
    n = int(np.prod(shape))
    return (np.sin(np.arange(n) * 1.7 + seed) * scale + shift).reshape(shape).round(4).tolist()


def _case(name, expr, inputs, grad=(), head=None, train=True, bwd_train=True, after=(),
          fwd_only=False, match=None, first_only=False):
    return {"name": name, "expr": expr, "inputs": inputs, "grad": list(grad), "head": head,
            "train": train, "bwd_train": bwd_train, "after": list(after),
            "fwd_only": fwd_only, "match": match, "first_only": first_only}


def _f(shape, seed=0, scale=1.0, shift=0.0, dtype="float32"):
    return {"data": _arr(shape, seed, scale, shift), "dtype": dtype}


def _v(values, dtype="float32"):
    return {"data": values, "dtype": dtype}


def cases():
    C = []
    x23 = _f((2, 3), 1, 2.0)
    h23 = _arr((2, 3), 5)
    x234 = _f((2, 3, 4), 2, 1.5, 0.3)
    h234 = _arr((2, 3, 4), 7)
    # FullyConnected
    C.append(_case("fc_flatten", "nd.FullyConnected(x, w, b, num_hidden=5)",
                   {"x": x234, "w": _f((5, 12), 3, 0.5), "b": _f((5,), 4)}, "xwb",
                   _arr((2, 5), 6)))
    C.append(_case("fc_noflatten", "nd.FullyConnected(x, w, b, num_hidden=5, flatten=False)",
                   {"x": x234, "w": _f((5, 4), 3, 0.5), "b": _f((5,), 4)}, "xwb",
                   _arr((2, 3, 5), 6)))
    C.append(_case("fc_nobias", "nd.FullyConnected(x, w, num_hidden=2, no_bias=True)",
                   {"x": x23, "w": _f((2, 3), 3)}, "xw", _arr((2, 2), 8)))
    C.append(_case("fc_1d", "nd.FullyConnected(x, w, b, num_hidden=2)",
                   {"x": _f((3,), 1), "w": _f((2, 1), 3), "b": _f((2,), 4)}, "xwb"))
    C.append(_case("fc_missing_bias", "nd.FullyConnected(x, w, num_hidden=2)",
                   {"x": x23, "w": _f((2, 3), 3)}, match="expects 3 inputs, but got 2"))
    C.append(_case("fc_bad_weight", "nd.FullyConnected(x, w, b, num_hidden=6)",
                   {"x": x234, "w": _f((5, 12), 3), "b": _f((6,), 4)},
                   match="Provided = [5,12], inferred shape=(6,12)"))
    C.append(_case("fc_bad_bias", "nd.FullyConnected(x, w, b, num_hidden=2)",
                   {"x": x23, "w": _f((2, 3), 3), "b": _f((3,), 4)},
                   match="Unexpected shape for bias [3]"))
    # Activation / LeakyReLU
    xa = _v([[-2.0, -0.5, 0.0, 0.5, 2.0], [25.0, -25.0, 1.5, -1.5, 0.1]])
    for a in ("relu", "sigmoid", "tanh", "softrelu", "softsign"):
        C.append(_case("act_" + a, f"nd.Activation(x, act_type='{a}')", {"x": xa}, "x",
                       _arr((2, 5), 9)))
    C.append(_case("act_relu_nan", "nd.Activation(x, act_type='relu')",
                   {"x": _v([float("nan"), -1.0, 1.0])}, "x"))
    C.append(_case("act_bad", "nd.Activation(x, act_type='foo')", {"x": xa},
                   match="Invalid Input: 'foo'"))
    for a in ("leaky", "elu", "gelu"):
        C.append(_case("leaky_" + a, f"nd.LeakyReLU(x, act_type='{a}', slope=0.3)", {"x": xa},
                       "x", _arr((2, 5), 9)))
    C.append(_case("leaky_default", "nd.LeakyReLU(x)", {"x": xa}, "x"))
    C.append(_case("leaky_selu_fwd", "nd.LeakyReLU(x, act_type='selu')", {"x": xa},
                   fwd_only=True))  # MXNet's selu gradient is wrong: lambda*(y+alpha)
    C.append(_case("leaky_rrelu_predict", "nd.LeakyReLU(x, act_type='rrelu')", {"x": xa},
                   train=False, fwd_only=True, first_only=True))  # MXNet adds a garbage output
    C.append(_case("prelu", "nd.LeakyReLU(x, g, act_type='prelu')",
                   {"x": x234, "g": _v([0.1, 0.2, 0.3])}, "xg", h234))
    C.append(_case("prelu_scalar_gamma", "nd.LeakyReLU(x, g, act_type='prelu')",
                   {"x": x234, "g": _v([0.1])}, "xg", h234))
    C.append(_case("prelu_gamma_axis0", "nd.LeakyReLU(x, g, act_type='prelu')",
                   {"x": x234, "g": _v([0.1, 0.2])}, "xg", h234))
    C.append(_case("prelu_bad_gamma", "nd.LeakyReLU(x, g, act_type='prelu')",
                   {"x": x234, "g": _v([0.1, 0.2, 0.3, 0.4])}, match="Cannot broadcast gamma"))
    # softmax family
    for op in ("softmax", "log_softmax", "softmin"):
        C.append(_case(op, f"nd.{op}(x)", {"x": x23}, "x", h23))
        C.append(_case(op + "_axis0_T", f"nd.{op}(x, axis=0, temperature=2.0)", {"x": x23},
                       "x", h23))
        C.append(_case(op + "_f64out", f"nd.{op}(x, dtype='float64')", {"x": x23}, "x"))
        C.append(_case(op + "_3d_ax1", f"nd.{op}(x, axis=1)", {"x": x234}, "x", h234))
    C.append(_case("softmax_big", "nd.softmax(x)", {"x": _v([[1000.0, 0.0, -1000.0]])},
                   fwd_only=True))
    C.append(_case("log_softmax_big", "nd.log_softmax(x)", {"x": _v([[1000.0, 0.0, -1000.0]])},
                   fwd_only=True))
    C.append(_case("softmax_length", "nd.softmax(x, l, use_length=True)",
                   {"x": x23, "l": _v([2, 1], "int32")}, "x", h23))
    C.append(_case("softmax_length_3d", "nd.softmax(x, l, axis=1, use_length=True)",
                   {"x": x234, "l": _v([[1, 2, 3, 1], [3, 0, 2, 1]], "int32")}, "x", h234))
    C.append(_case("softmax_length_float", "nd.softmax(x, l, use_length=True)",
                   {"x": x23, "l": _v([2, 1])}, match="only support integer types"))
    C.append(_case("softmax_bad_axis", "nd.softmax(x, axis=2)", {"x": x23},
                   match="axis 2 exceeds the input dimension of 2"))
    C.append(_case("softmax_int", "nd.softmax(x)", {"x": _v([1, 2], "int32")},
                   match="only support floating point types"))
    C.append(_case("SoftmaxActivation", "nd.SoftmaxActivation(x)", {"x": x23}, "x", h23))
    # on 3-D input MXNet's instance-mode backward sums over axis 1 while its forward
    # normalizes the last axis (a bug): record the forward only
    C.append(_case("SoftmaxActivation_3d", "nd.SoftmaxActivation(x)", {"x": x234},
                   fwd_only=True))
    C.append(_case("SoftmaxActivation_channel", "nd.SoftmaxActivation(x, mode='channel')",
                   {"x": x234}, "x", h234))
    # SoftmaxOutput (head gradient ignored)
    xs = _f((4, 3), 3, 2.0)
    lab = _v([2.0, 0.0, -1.0, 1.0])
    hs = _arr((4, 3), 11, 3.0)
    for kw in ("", ", grad_scale=2.0", ", use_ignore=True", ", use_ignore=True, ignore_label=0",
               ", normalization='batch'", ", normalization='valid'",
               ", normalization='valid', use_ignore=True, ignore_label=0",
               ", smooth_alpha=0.3", ", smooth_alpha=0.3, use_ignore=True"):
        tag = kw.replace(", ", "_").replace("=", "").replace("'", "")
        C.append(_case("SoftmaxOutput" + tag, f"nd.SoftmaxOutput(x, l{kw})",
                       {"x": xs, "l": lab}, "xl", hs))
    C.append(_case("SoftmaxOutput_label_oob", "nd.SoftmaxOutput(x, l)",
                   {"x": xs, "l": _v([2.7, 0.2, 5.0, -3.0])}, "x", hs))
    C.append(_case("Softmax_alias", "nd.Softmax(x, l)", {"x": xs, "l": lab}, "x", hs))
    lm = _v([[1.0, 2.0, 0.0, 1.0], [0.0, 0.0, 2.0, 1.0]])
    for kw in ("", ", normalization='batch'",
               ", normalization='valid', use_ignore=True, ignore_label=1"):
        tag = kw.replace(", ", "_").replace("=", "").replace("'", "")
        C.append(_case("SoftmaxOutput_multi" + tag, f"nd.SoftmaxOutput(x, l, multi_output=True{kw})",
                       {"x": x234, "l": lm}, "x", h234))
    lp = _v([[1.0, 2.0, 0.0], [0.0, 0.0, 3.0]])
    for kw in ("", ", normalization='batch'"):
        tag = kw.replace(", ", "_").replace("=", "").replace("'", "")
        C.append(_case("SoftmaxOutput_preserve" + tag,
                       f"nd.SoftmaxOutput(x, l, preserve_shape=True{kw})",
                       {"x": x234, "l": lp}, "x", h234))
    C.append(_case("SoftmaxOutput_bad_label", "nd.SoftmaxOutput(x, l)",
                   {"x": xs, "l": _v([1.0, 2.0])}, match="Provided = [2], inferred shape=[4]"))
    # regression outputs
    lr = _f((2, 3), 8, 0.5, 0.5)
    for op in ("LinearRegressionOutput", "LogisticRegressionOutput", "MAERegressionOutput"):
        C.append(_case(op, f"nd.{op}(x, l)", {"x": x23, "l": lr}, "xl", h23))
        C.append(_case(op + "_gs", f"nd.{op}(x, l, grad_scale=3.0)", {"x": x23, "l": lr}, "x"))
        C.append(_case(op + "_col", f"nd.{op}(x, l)",
                       {"x": _v([[1.0], [2.0], [3.0]]), "l": _v([0.0, 2.0, 0.0])}, "xl"))
        C.append(_case(op + "_3d", f"nd.{op}(x, l)", {"x": x234, "l": _f((2, 3, 4), 5)}, "x"))
        C.append(_case(op + "_badlabel", f"nd.{op}(x, l)", {"x": x23, "l": _v([1.0, 2.0])},
                       match="Provided=[2], inferred shape=[2,3]"))
    xv = _v([[-1.0, 0.5, 2.0], [3.0, -4.0, 0.0], [0.2, 0.9, -0.3]])
    lv = _v([2.0, 0.0, 1.0])
    C.append(_case("SVMOutput", "nd.SVMOutput(x, l)", {"x": xv, "l": lv}, "xl",
                   _arr((3, 3), 4, 5.0)))
    C.append(_case("SVMOutput_linear", "nd.SVMOutput(x, l, use_linear=True)", {"x": xv, "l": lv},
                   "xl"))
    C.append(_case("SVMOutput_m2", "nd.SVMOutput(x, l, margin=2.0, regularization_coefficient=0.5)",
                   {"x": xv, "l": lv}, "x"))
    C.append(_case("SVMOutput_lin_m2", "nd.SVMOutput(x, l, margin=2.0, "
                   "regularization_coefficient=0.5, use_linear=True)", {"x": xv, "l": lv}, "x"))
    C.append(_case("SVMOutput_oob", "nd.SVMOutput(x, l)", {"x": xv, "l": _v([2.7, -1.0, 5.0])},
                   "x"))
    C.append(_case("softmax_cross_entropy", "nd.softmax_cross_entropy(x, l)",
                   {"x": xv, "l": lv}, "x", [2.0]))
    C.append(_case("softmax_cross_entropy_3d", "nd.softmax_cross_entropy(x, l)",
                   {"x": x234, "l": _v([1.0, 2.0])}, match="only accept 2D data"))
    xl1 = _v([-2.0, -0.6, -0.2, 0.0, 0.1, 0.3, 0.9, 3.0])
    for s in ("", ", scalar=2.0", ", scalar=0.5"):
        C.append(_case("smooth_l1" + s.replace(", scalar=", "_"), f"nd.smooth_l1(x{s})",
                       {"x": xl1}, "x", _arr((8,), 3)))
    # Dropout (deterministic parts)
    ones = _v(np.ones((4, 5)).tolist())
    C.append(_case("dropout_predict", "nd.Dropout(x)", {"x": ones}, "x", train=False))
    C.append(_case("dropout_p0_always", "nd.Dropout(x, p=0.0, mode='always')", {"x": ones}, "x"))
    C.append(_case("dropout_bad_p", "nd.Dropout(x, p=1.5)", {"x": ones},
                   match="exceed bound [0,1]"))
    C.append(_case("dropout_bad_axes", "nd.Dropout(x, axes=(2,), mode='always')", {"x": ones},
                   match="index = 2 must be in range [0, 2)"))
    C.append(_case("dropout_int", "nd.Dropout(x, mode='always')", {"x": _v([1, 2], "int32")},
                   match="only support floating point types"))
    # Embedding
    w = _v(np.arange(12.0).reshape(4, 3).tolist())
    C.append(_case("embedding", "nd.Embedding(i, w, input_dim=4, output_dim=3)",
                   {"i": _v([[0.0, 2.0, 2.0], [1.0, 2.0, 0.0]]), "w": w}, "w",
                   np.arange(18.0).reshape(2, 3, 3).tolist()))
    C.append(_case("embedding_clip_trunc", "nd.Embedding(i, w, 4, 3)",
                   {"i": _v([0.0, 7.0, -3.0, 2.7, -0.5, 3.9]), "w": w}, "w"))
    C.append(_case("embedding_int_idx", "nd.Embedding(i, w, input_dim=4, output_dim=3)",
                   {"i": _v([3, 1], "int32"), "w": w}, "w"))
    C.append(_case("embedding_f64", "nd.Embedding(i, w, input_dim=4, output_dim=3)",
                   {"i": _v([3.0, 1.0]), "w": _v(w["data"], "float64")}, "w"))
    C.append(_case("embedding_bad_shape", "nd.Embedding(i, w, input_dim=5, output_dim=3)",
                   {"i": _v([3.0, 1.0]), "w": w}, match="Provided = [4,3], inferred shape=(5,3)"))
    # BatchNorm
    d = _f((2, 3, 4), 1, 1.0, 0.5)
    hb = _arr((2, 3, 4), 3)

    def bn_in(**kw):
        r = {"x": d, "g": _v([1.0, 2.0, 3.0]), "b": _v([0.1, 0.2, 0.3]),
             "mm": _v([0.1, 0.2, 0.3]), "mv": _v([1.0, 2.0, 3.0])}
        r.update(kw)
        return r
    for kw, train, bwd in (("", True, True), ("", True, False), (", fix_gamma=False", True, True),
                           (", fix_gamma=False, momentum=0.5", True, True),
                           (", use_global_stats=True", True, True),
                           (", fix_gamma=False", False, False), (", eps=0.1", True, True),
                           (", fix_gamma=False, axis=-1", True, True)):
        tag = kw.replace(", ", "_").replace("=", "").replace("'", "") + \
            f"_{'train' if train else 'predict'}_{'bwdtrain' if bwd else 'bwdpredict'}"
        inputs = bn_in()
        if "axis=-1" in kw:
            inputs.update(g=_v([1.0, 2.0, 3.0, 4.0]), b=_v([0.1, 0.2, 0.3, 0.4]),
                          mm=_v([0.1, 0.2, 0.3, 0.4]), mv=_v([1.0, 2.0, 3.0, 4.0]))
        if (train and not bwd) or (not train and bwd):
            grads = ""  # MXNet's gradient is inconsistent with the forward mode there
        else:
            grads = "xgb"
        C.append(_case("BatchNorm" + tag, f"nd.BatchNorm(x, g, b, mm, mv{kw})", inputs, grads,
                       hb, train=train, bwd_train=bwd, after=("mm", "mv", "g")))
    C.append(_case("BatchNorm_2d", "nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)",
                   bn_in(x=_f((4, 3), 2)), "xgb", _arr((4, 3), 1), after=("mm", "mv")))
    C.append(_case("BatchNorm_omv_train", "nd.BatchNorm(x, g, b, mm, mv, output_mean_var=True)",
                   bn_in(), "", after=("mm", "mv")))
    C.append(_case("BatchNorm_omv_predict", "nd.BatchNorm(x, g, b, mm, mv, output_mean_var=True)",
                   bn_in(), fwd_only=True, train=False))
    C.append(_case("BatchNorm_f64", "nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)",
                   {k: dict(v, dtype="float64") for k, v in bn_in().items()}, "xgb", hb,
                   after=("mm", "mv")))
    C.append(_case("BatchNorm_mixed", "nd.BatchNorm(x, g, b, mm, mv)",
                   dict(bn_in(), x=dict(d, dtype="float64")), match="requires uniform type"))
    C.append(_case("BatchNorm_1d", "nd.BatchNorm(x, g, b, mm, mv)",
                   dict(bn_in(), x=_f((3,), 1)), match="Channel axis out of range"))
    # LayerNorm / InstanceNorm / GroupNorm
    d2 = _f((2, 3, 4), 4, 2.0, 0.5)
    C.append(_case("LayerNorm", "nd.LayerNorm(x, g, b)",
                   {"x": d2, "g": _v([1.0, 2.0, 3.0, 4.0]), "b": _v([0.1, 0.2, 0.3, 0.4])}, "xgb",
                   hb))
    C.append(_case("LayerNorm_axis1_eps", "nd.LayerNorm(x, g, b, axis=1, eps=0.1)",
                   {"x": d2, "g": _v([1.0, 2.0, 3.0]), "b": _v([0.1, 0.2, 0.3])}, "xgb", hb))
    C.append(_case("LayerNorm_omv", "nd.LayerNorm(x, g, b, output_mean_var=True)",
                   {"x": d2, "g": _v([1.0, 2.0, 3.0, 4.0]), "b": _v([0.1, 0.2, 0.3, 0.4])},
                   fwd_only=True))
    C.append(_case("LayerNorm_bad_gamma", "nd.LayerNorm(x, g, b, axis=1)",
                   {"x": d2, "g": _v([1.0, 2.0, 3.0, 4.0]), "b": _v([0.1, 0.2, 0.3, 0.4])},
                   match="Provided = [4], inferred shape=[3]"))
    C.append(_case("InstanceNorm", "nd.InstanceNorm(x, g, b)",
                   {"x": d2, "g": _v([1.0, 2.0, 3.0]), "b": _v([0.1, 0.2, 0.3])}, "xgb", hb))
    C.append(_case("InstanceNorm_2d", "nd.InstanceNorm(x, g, b)",
                   {"x": _f((3, 4), 1), "g": _v([1.0] * 3), "b": _v([0.0] * 3)},
                   match="only supports input tensors of rank >= 3"))
    d6 = _f((2, 6, 4), 5, 2.0, 0.5)
    h6 = _arr((2, 6, 4), 6)
    C.append(_case("GroupNorm2", "nd.GroupNorm(x, g, b, num_groups=2)",
                   {"x": d6, "g": _v([1.0, 2.0]), "b": _v([0.1, 0.2])}, "xgb", h6))
    C.append(_case("GroupNorm1", "nd.GroupNorm(x, g, b)",
                   {"x": d6, "g": _v([1.5]), "b": _v([0.1])}, "xgb", h6))
    C.append(_case("GroupNorm_omv", "nd.GroupNorm(x, g, b, num_groups=3, output_mean_var=True)",
                   {"x": d6, "g": _v([1.0, 2.0, 3.0]), "b": _v([0.1, 0.2, 0.3])},
                   fwd_only=True))
    C.append(_case("GroupNorm_indivisible", "nd.GroupNorm(x, g, b, num_groups=4)",
                   {"x": d6, "g": _v([1.0] * 4), "b": _v([0.0] * 4)},
                   match="must be divisible by # of groups"))
    for m in ("instance", "channel", "spatial"):
        C.append(_case("L2Normalization_" + m, f"nd.L2Normalization(x, mode='{m}')",
                       {"x": d2}, "x", hb))
    C.append(_case("L2Normalization_2d_eps", "nd.L2Normalization(x, eps=1.0)",
                   {"x": _v([[3.0, 4.0], [0.0, 0.0]])}, "x"))
    dl = _f((2, 5, 2, 2), 6, 2.0, 0.5)
    hl = _arr((2, 5, 2, 2), 2)
    C.append(_case("LRN3", "nd.LRN(x, nsize=3)", {"x": dl}, "x", hl))
    C.append(_case("LRN5", "nd.LRN(x, nsize=5, alpha=0.1, beta=0.5, knorm=1.0)", {"x": dl}, "x",
                   hl))
    C.append(_case("LRN2", "nd.LRN(x, nsize=2, alpha=0.1)", {"x": dl}, "x", hl))
    C.append(_case("LRN4", "nd.LRN(x, nsize=4, alpha=0.1)", {"x": dl}, "x", hl))
    return C


def _describe(v):
    if isinstance(v, (list, tuple)):
        return [_describe(a) for a in v]
    a = v.asnumpy()
    vals = a.astype(np.float64)
    vals = [None if np.isnan(v) else float(f"{v:.7g}") for v in vals.ravel().tolist()]
    return {"shape": list(a.shape), "dtype": str(a.dtype), "values": vals}


def run_case(mx, case):
    """Runs one case with the given mxnet-like module; returns the result dict."""
    nd, ag = mx.nd, mx.autograd
    env = {"nd": nd}
    for k, spec in case["inputs"].items():
        env[k] = nd.array(np.array(spec["data"], dtype=np.float64), dtype=spec["dtype"])
    try:
        if case["fwd_only"] or case["match"]:
            if case["train"]:
                with ag.train_mode():
                    out = eval(case["expr"], env)
            else:
                out = eval(case["expr"], env)
            return {"out": _describe(out)}
        # with no gradient wanted, x still gets one so that backward can run
        for k in case["grad"] or (["x"] if case["after"] else []):
            env[k].attach_grad()
        with ag.record(train_mode=case["train"]):
            out = eval(case["expr"], env)
        res = {"out": _describe(out)}
        head = out[0] if isinstance(out, (list, tuple)) else out
        hg = None
        if case["head"] is not None:
            hg = nd.array(np.array(case["head"], dtype=np.float64), dtype=head.dtype)
        if case["grad"] or case["after"]:
            head.backward(hg, train_mode=case["bwd_train"])
        res["grads"] = {k: _describe(env[k].grad) for k in case["grad"]}
        res["after"] = {k: _describe(env[k]) for k in case["after"]}
        return res
    except Exception as e:  # noqa: BLE001 - the error is the result
        return {"error": type(e).__name__, "message": str(e)}


def main():
    from fixture_io import write_json  # here: the tests import this file without tools/ on the path
    import mxnet as mx
    out = []
    for case in cases():
        res = run_case(mx, case)
        if case["match"]:
            assert "error" in res and case["match"] in res["message"], (case["name"], res)
            res["message"] = case["match"]  # keep the fixture small
        else:
            assert "error" not in res, (case["name"], res)
        out.append(dict(case, result=res))
    path = write_json("nn.json", out)
    print(f"wrote {len(out)} cases to {path}")


if __name__ == "__main__":
    sys.exit(main())
