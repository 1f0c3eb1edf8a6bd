"""Randomised differential fuzz of the nn/norm operators (FullyConnected, activations, the
softmax family, loss heads, normalizations, Dropout, RNN, CTCLoss) against MXNet 1.9.1
(tests/fixtures/fuzz_nn_norm.json, recorded by tools/record_fuzz.py from
tools/fuzz_nn_norm_cases.py). Where the reference is plainly broken the test checks
mxlite's better behaviour instead (DOCUMENTED, selected by rule so the list survives a
re-draw of the cases)."""
import re

import numpy as np
import pytest

from fuzz_replay import fd_grads as _fd, grads as _grads, load, make_test
from fuzz_replay import outputs_match as _outputs_match
from mxlite import nd
from test_diff_sweep import _eval, _inputs, _raises

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

CASES = load("nn_norm")


def _fd_check(case):
    """Forward as MXNet; gradients (float64) equal central finite differences of the forward."""
    _outputs_match(case, _eval(case, _inputs(case)))
    _fd(case, case["wrt"], case["gout"])


def _like_f32(*wrt, dtype="float64", tol=1e-4):
    """MXNet's CPU kernel is float32 only: mxlite's `dtype` result equals its float32 one."""
    def check(case):
        env = _inputs(case)
        env32 = {k: nd.array(v.asnumpy().astype(np.float32), dtype="float32")
                 if np.dtype(v.dtype) == np.dtype(dtype) else v for k, v in env.items()}
        ys, y32 = _eval(case, env), _eval(case, env32)
        for a, b in zip(ys, y32):
            assert np.dtype(a.dtype) == np.dtype(dtype)
            np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=tol, atol=tol * 1e-2)
        g, _ = _grads(case, env, wrt=list(wrt))
        g32, _ = _grads(case, env32, wrt=list(wrt))
        for k in wrt:
            np.testing.assert_allclose(g[k], g32[k], rtol=10 * tol, atol=tol * 0.1)
    return check


def _so_out_grad(case):
    """out_grad=True: the loss gradient times the head gradient (MXNet: times its output)."""
    _outputs_match(case, _eval(case, _inputs(case)))
    got, h = _grads(case, _inputs(case))
    plain, _ = _grads(case, _inputs(case), case["expr"].replace(", out_grad=True", ""))
    np.testing.assert_allclose(got["a"], plain["a"] * h.reshape(got["a"].shape), rtol=1e-5,
                               atol=1e-7)


def _so_multi_smooth(case):
    """multi_output with smooth_alpha: (softmax - smoothed one-hot) / spatial size."""
    _outputs_match(case, _eval(case, _inputs(case)))
    a = _inputs(case)["a"].asnumpy()
    lab = _inputs(case)["l"].asnumpy().astype(int)
    alpha = float(re.search(r"smooth_alpha=([\d.]+)", case["expr"]).group(1))
    k = a.shape[1]
    e = np.exp(a - a.max(1, keepdims=True))
    y = e / e.sum(1, keepdims=True)
    t = (np.arange(k)[None, :, None] == lab[:, None, :]).astype(float)
    t = t * (1 - alpha) + (1 - t) * alpha / (k - 1)
    got, _ = _grads(case, _inputs(case))
    np.testing.assert_allclose(got["a"], (y - t) / np.prod(a.shape[2:]), rtol=1e-5, atol=1e-7)


def _softmax_len_ref(case):
    """softmax with use_length against NumPy (a length past the axis means all of it)."""
    env = _inputs(case)
    a, n = env["a"].asnumpy(), env["n"].asnumpy()
    m = re.search(r"axis=(-?\d+)", case["expr"])
    ax = int(m.group(1)) % a.ndim if m else a.ndim - 1
    temp = re.search(r"temperature=([\d.]+)", case["expr"])
    x = np.moveaxis(a / (float(temp.group(1)) if temp else 1.0), ax, -1)
    mask = np.arange(x.shape[-1]) < n[..., None]
    e = np.where(mask, np.exp(x - np.where(mask, x, -np.inf).max(-1, keepdims=True)), 0)
    ref = np.moveaxis(e / e.sum(-1, keepdims=True), -1, ax)
    np.testing.assert_allclose(_eval(case, env)[0].asnumpy(), ref, rtol=1e-6, atol=1e-9)


def _bn_backward_infer(case):
    """record(train_mode=False): the forward is affine in x (moving statistics), so a.grad for
    a ones head is its slope; the other outputs are MXNet's."""
    ys = _eval(case, _inputs(case))
    _outputs_match(case, ys, skip=(3,))
    call = re.search(r"(nd\.BatchNorm\(.*?\)), r\.__exit__", case["expr"]).group(1)
    env = _inputs(case)
    y0 = _eval(dict(case, expr=call), env)[0].asnumpy()
    env["a"] = env["a"] + 1
    slope = _eval(dict(case, expr=call), env)[0].asnumpy() - y0
    np.testing.assert_allclose(ys[3].asnumpy(), slope, rtol=1e-6, atol=1e-9)


def _ctc_empty_label(case):
    """Zero label lengths: the loss is -sum_t log p(blank); MXNet gives 0."""
    env = _inputs(case)
    d = env["d"].asnumpy().astype(np.float64)
    lsm = d - d.max(2, keepdims=True)
    lsm -= np.log(np.exp(lsm).sum(2, keepdims=True))
    blank = d.shape[2] - 1 if "blank_label='last'" in case["expr"] else 0
    tn = env["dl"].asnumpy().astype(int) if "dl" in env else np.full(d.shape[1], d.shape[0])
    empty = env["ll"].asnumpy() == 0
    loss = _eval(case, env)[0].asnumpy()
    for i in range(d.shape[1]):
        ref = -lsm[:tn[i], i, blank].sum() if empty[i] else case["outputs"][0]["data"][i]
        np.testing.assert_allclose(loss[i], ref, rtol=1e-5, atol=1e-5)


def _sce_out_of_range(case):
    """softmax_cross_entropy: a label outside [0, classes) adds nothing (MXNet reads another
    sample's entry: flat index row * classes + label)."""
    env = _inputs(case)
    a, lab = env["a"].asnumpy(), env["l"].asnumpy().astype(int)
    lsm = a - a.max(1, keepdims=True)
    lsm -= np.log(np.exp(lsm).sum(1, keepdims=True))
    ok = (lab >= 0) & (lab < a.shape[1])
    ref = -lsm[np.arange(len(lab))[ok], lab[ok]].sum()
    np.testing.assert_allclose(_eval(case, env)[0].asnumpy(), [ref], rtol=1e-6, atol=1e-9)


def _drop_all(case):
    """Dropout with p=1 zeroes everything (MXNet: NaN, 0 * inf)."""
    y = _eval(case, _inputs(case))[0].asnumpy()
    assert y.shape == tuple(case["outputs"][0]["shape"]) and not y.any()


def _rnn_clip(case):
    """LSTM cell clipping (cuDNN's): the returned cell state lies in the bounds, huge bounds
    change nothing, and the gradients are finite differences of the clipped forward."""
    ys = _eval(case, _inputs(case))
    lo, hi = (float(v) for v in re.findall(r"lstm_state_clip_m\w+=(-?[\d.]+)", case["expr"]))
    cy = ys[2].asnumpy()
    assert (cy >= lo).all() and (cy <= hi).all()
    free = re.sub(r"lstm_state_clip_min=-?[\d.]+, lstm_state_clip_max=-?[\d.]+",
                  "lstm_state_clip_min=-1e9, lstm_state_clip_max=1e9", case["expr"])
    plain = re.sub(r", lstm_state_clip_min=-?[\d.]+, lstm_state_clip_max=-?[\d.]+", "",
                   case["expr"])
    for a, b in zip(_eval(dict(case, expr=free), _inputs(case)),
                    _eval(dict(case, expr=plain), _inputs(case))):
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-12)
    _fd(case, ["x", "p", "s", "c"], 0)


def _rnn_seq_len(case):
    """use_sequence_length (cuDNN's): each sequence runs over its valid steps only; outputs
    past its length are 0 and the returned state is its last valid one."""
    env = _inputs(case)
    out, hy = (y.asnumpy() for y in _eval(case, env)[:2])
    lens = env["sl"].asnumpy().astype(int)
    plain = case["expr"].replace(", sl", "").replace(", use_sequence_length=True", "")
    for n, ln in enumerate(lens):
        sub = {"x": nd.array(env["x"].asnumpy()[:ln, n:n + 1], dtype="float64"),
               "p": env["p"], "s": nd.array(env["s"].asnumpy()[:, n:n + 1], dtype="float64")}
        o, h = (y.asnumpy() for y in _eval(dict(case, expr=plain), sub)[:2])
        np.testing.assert_allclose(out[:ln, n], o[:, 0], rtol=1e-10)
        assert not out[ln:, n].any()
        np.testing.assert_allclose(hy[:, n], h[:, 0], rtol=1e-10)


def _documented():
    doc = {}
    for name, c in CASES.items():
        e = c["expr"]
        # MXNet's selu gradient below 0 is lambda*(y + alpha) instead of y + lambda*alpha
        if "act_type='selu'" in e and "wrt" in c:
            doc[name] = _fd_check
        # MXNet's LayerNorm/GroupNorm drop the gradient flowing into the mean/std outputs
        elif "output_mean_var=True" in e and e.startswith(("nd.LayerNorm", "nd.GroupNorm")) \
                and c.get("gout", 0) != 0:
            doc[name] = _fd_check
        # MXNet's SoftmaxActivation(mode='instance') backward on >2-D input disagrees with
        # finite differences of its own (last-axis) forward
        elif e.startswith("nd.SoftmaxActivation(a, mode='instance')") and \
                len(c["inputs"]["a"]["shape"]) > 2:
            doc[name] = _fd_check
        # MXNet's SoftmaxOutput out_grad=True multiplies by its own output, not the head grad
        elif "out_grad=True" in e:
            doc[name] = _so_out_grad
        # MXNet's softmax with use_length fails on a negative axis other than -1
        # ("index = 3 must be in range [0, 3)")
        elif "use_length=True" in e and re.search(r"axis=-[2-9]", e) and "error" in c:
            doc[name] = _softmax_len_ref
        # MXNet's backward after a record(train_mode=False) BatchNorm forward uses the
        # batch-statistics formula with the moving statistics (not the derivative)
        elif name.startswith("bn_backward_infer") and "use_global_stats" not in e:
            doc[name] = _bn_backward_infer
        # MXNet's CTCLoss gives loss 0 (and gradient 0) when every label length is 0 (one
        # empty label among others gets the right loss)
        elif name.startswith("ctc_") and "ll" in c["inputs"] and \
                not any(c["inputs"]["ll"]["data"]) and "error" not in c:
            doc[name] = _ctc_empty_label
    doc.update({
        # MXNet's SoftmaxActivation, InstanceNorm, LRN and CTCLoss reject float64 ("data type
        # do not match", "Unsupported data type 1"); mxlite computes them
        "smact_f64": _like_f32("a"), "in_f64": _like_f32("a", "g", "b"),
        "lrn_f64": _like_f32("a"), "ctc_f64": _like_f32("d"),
        # MXNet's CPU FullyConnected refuses float16 ("only supported by CuDNN version")
        "edge_fc_f16": _like_f32("a", "w", "b", dtype="float16", tol=2e-3),
        # MXNet's softmax reads past the row for a length beyond the axis (the denominator
        # takes the next row's entries); mxlite uses the whole axis
        "edge_sm_len_over": _softmax_len_ref,
        # MXNet's softmax_cross_entropy reads another sample's entry for a label out of range
        "inv_23": _sce_out_of_range,
        # MXNet's Dropout(p=1) gives NaN (0 * inf); mxlite zeros
        "edge_drop_p1": _drop_all,
        # MXNet's LRN divides alpha by nsize: all zeros for nsize=0, a wrong window for -1;
        # mxlite raises
        "inv_7": _raises, "inv_8": _raises,
        # MXNet's CTCLoss reads garbage for a -1 label with blank_label='first', data lengths
        # beyond T and label lengths beyond the label width; mxlite raises
        "edge_ctc_pad_first_minus1": _raises, "edge_ctc_dl_over": _raises,
        "edge_ctc_ll_over": _raises,
        # MXNet's CTCLoss gradient for a label equal to the blank disagrees with finite
        # differences of its own loss (the blank column); the loss itself matches
        "edge_ctc_blank_inside": _fd_check,
        # MXNet's CPU RNN refuses LSTM cell clipping and sequence lengths (cuDNN-only);
        # mxlite implements cuDNN's semantics
        "rnnx_lstm_2": _rnn_clip, "rnnx_gru_4": _rnn_seq_len, "rnnx_rnn_tanh_5": _rnn_seq_len,
        # MXNet ignores smooth_alpha with multi_output (the same gradient as without)
        "so_multi_smooth": _so_multi_smooth,
        # MXNet reads gamma/beta/moving stats of another length than C (the first C entries,
        # or past the end when shorter); mxlite raises
        "bn_err_gamma": _raises,
    })
    return doc


DOCUMENTED = _documented()

test_case = make_test("nn_norm", DOCUMENTED)
