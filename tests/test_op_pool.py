"""Pooling (max/avg/sum/lp, conventions, padding, global, layouts) and ROIPooling: forward
against MXNet fixtures and a NumPy loop, gradients of order 1-2 by finite differences."""
import numpy as np
import pytest

from mxlite import autograd, nd
from mxlite.base import MXNetError
from opcheck import check_op
from test_op_conv import CASES, check_errors, run_fixture


def ref_pool(x, k, s, p, pool_type, convention="valid", count_include_pad=True, p_value=2):
    """Direct loop over output windows, MXNet's clipping rules."""
    S = x.shape[2:]
    n = len(k)
    if convention == "full":
        o = [-(-(S[i] + 2 * p[i] - k[i]) // s[i]) + 1 for i in range(n)]
    else:
        o = [(S[i] + 2 * p[i] - k[i]) // s[i] + 1 for i in range(n)]
    y = np.zeros(x.shape[:2] + tuple(o))
    for idx in np.ndindex(*o):
        start = [idx[i] * s[i] - p[i] for i in range(n)]
        end = [min(start[i] + k[i], S[i] + p[i]) for i in range(n)]
        lo = [max(a, 0) for a in start]
        hi = [min(b, S[i]) for i, b in enumerate(end)]
        win = x[(slice(None), slice(None)) + tuple(slice(a, b) for a, b in zip(lo, hi))]
        win = win.reshape(x.shape[:2] + (-1,))
        if pool_type == "max":
            v = win.max(-1) if win.shape[-1] else np.finfo(np.float32).min
        elif pool_type == "lp":
            t = (win ** p_value).sum(-1)
            v = np.sign(t) * np.abs(t) ** (1.0 / p_value)
        else:
            v = win.sum(-1)
            if pool_type == "avg":
                cnt = np.prod([b - a for a, b in zip(start, end)]) if count_include_pad \
                    else np.prod([b - a for a, b in zip(lo, hi)])
                v = v / cnt if cnt > 0 else v * 0
        y[(slice(None), slice(None)) + idx] = v
    return y


CONFIGS = [
    dict(kernel=(2, 2), stride=(2, 2)),
    dict(kernel=(3, 2), stride=(1, 2), pad=(1, 1)),
    dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1), pooling_convention="full"),
    dict(kernel=(3,), stride=(2,), pad=(1,)),
    dict(kernel=(2, 2, 2), stride=(1, 2, 1)),
]
SHAPES = [(2, 2, 5, 6), (2, 2, 5, 6), (1, 2, 6, 5), (2, 2, 7), (1, 2, 3, 4, 3)]


@pytest.mark.parametrize("pool_type", ["max", "avg", "sum", "lp"])
@pytest.mark.parametrize("i", range(len(CONFIGS)))
def test_pooling_orders_1_2(pool_type, i):
    kw = dict(CONFIGS[i])
    shape = SHAPES[i]
    rs = np.random.RandomState(i)
    x = rs.randn(*shape)
    if pool_type == "lp":
        kw["p_value"] = 3
        x = np.abs(x) + 0.5  # keeps the window sums away from 0, where the cube root kinks
    conv = kw.get("pooling_convention", "valid")
    n = len(kw["kernel"])

    def ref(X):
        return ref_pool(X, kw["kernel"], kw["stride"], kw.get("pad", (0,) * n), pool_type,
                        conv, p_value=kw.get("p_value", 2))
    check_op(lambda X: nd.Pooling(X, pool_type=pool_type, **kw), ref, [x], orders=(1, 2))


def test_pooling_count_include_pad_false():
    x = np.random.RandomState(7).randn(1, 2, 5, 5)
    kw = dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1), pooling_convention="full")
    check_op(lambda X: nd.Pooling(X, pool_type="avg", count_include_pad=False, **kw),
             lambda X: ref_pool(X, (3, 3), (2, 2), (1, 1), "avg", "full", False), [x])


def test_pooling_semantics():
    # default stride is 1, not the kernel
    assert nd.Pooling(nd.ones((1, 1, 7, 7)), kernel=(2, 2)).shape == (1, 1, 6, 6)
    assert nd.Pooling(nd.ones((1, 1, 7, 7)), kernel=(2, 2), stride=(2, 2),
                      pooling_convention="full").shape == (1, 1, 4, 4)
    y = nd.Pooling(nd.ones((1, 1, 2, 2)), kernel=(2, 2), pad=(1, 1), pool_type="avg")
    assert y.asnumpy()[0, 0, 0, 0] == 0.25
    y = nd.Pooling(nd.ones((1, 1, 2, 2)), kernel=(2, 2), pad=(1, 1), pool_type="avg",
                   count_include_pad=False)
    assert y.asnumpy()[0, 0, 0, 0] == 1.0
    y = nd.Pooling(nd.full((1, 1, 2, 2), 2.0), kernel=(2, 2), pool_type="lp", p_value=2)
    assert y.asnumpy().ravel().tolist() == [4.0]
    # max ties: the gradient goes to the first maximum only (as MXNet)
    x = nd.ones((1, 1, 2, 3))
    x.attach_grad()
    with autograd.record():
        y = nd.Pooling(x, kernel=(2, 2), stride=(1, 1))
    y.backward()
    assert x.grad.asnumpy().tolist() == [[[[1, 1, 0], [0, 0, 0]]]]
    # an all-padding window gives the lowest float (MXNet), not -inf
    y = nd.Pooling(nd.ones((1, 1, 5, 5)), kernel=(2, 2), stride=(4, 4), pad=(1, 1),
                   pooling_convention="full")
    assert y.asnumpy()[0, 0, 2, 2] == np.finfo(np.float32).min
    # 'same' (1-D max; MXNet 1.9.1 crashes on it): ceil(x / s) outputs
    y = nd.Pooling(nd.array([[[1., 5, 3, 4, 2]]]), kernel=(2,), stride=(2,),
                   pooling_convention="same")
    assert y.asnumpy().tolist() == [[[5, 4, 2]]]


def test_pooling_fixtures():
    for case in CASES.values():
        if case["op"] == "Pooling":
            run_fixture(case)


def test_global_pooling_big_window():
    x = np.random.RandomState(8).randn(2, 3, 9, 10)
    for pt, f in (("max", np.max), ("avg", np.mean), ("sum", np.sum)):
        check_op(lambda X: nd.Pooling(X, global_pool=True, pool_type=pt),
                 lambda X: f(X, axis=(2, 3), keepdims=True), [x], orders=(1,))


def test_roi_pooling():
    run_fixture(CASES["roi_pooling"])
    rs = np.random.RandomState(9)
    data = rs.randn(2, 2, 6, 7)
    rois = nd.array([[0, 0, 0, 9, 7], [1, 2.4, 1.6, 11.5, 9.2]], dtype=np.float64)
    check_op(lambda D: nd.ROIPooling(D, rois, pooled_size=(2, 3), spatial_scale=0.5), None,
             [data], orders=(1, 2))


def test_pooling_errors_match_mxnet():
    check_errors("nd.Pooling")


def test_pooling_misc_errors():
    with pytest.raises(MXNetError, match="0D pooling not supported"):
        nd.Pooling(nd.ones((1, 1, 4, 4)))
    with pytest.raises(MXNetError, match="Input data should be"):
        nd.Pooling(nd.ones((2, 2)), kernel=(1, 1))
