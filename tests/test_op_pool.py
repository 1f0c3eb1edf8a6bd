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


# ------------------------------------------------- fast kernels for non-overlapping windows
TILED = [((2, 3, 8, 8), (2, 2)), ((2, 3, 9, 7), (2, 2)), ((2, 2, 24, 24), (2, 2)),
         ((2, 2, 25, 26), (2, 2)), ((3, 2, 6, 9), (3, 3)), ((2, 2, 6, 8), (2, 4)),
         ((2, 2, 6, 8), (1, 2)), ((2, 2, 6, 8), (2, 1)), ((2, 2, 5, 5), (1, 1)),
         ((2, 3, 10), (2,)), ((2, 3, 11), (3,)), ((2, 3, 7), (1,))]


def _kernels(fast, monkeypatch):
    from mxlite.ndarray import pool_blocked as B
    monkeypatch.setattr(B, "applies", B.applies if fast else (lambda *a: False))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("i", range(len(TILED)))
def test_tiling_kernels_match_general_loops(i, dtype, monkeypatch):
    from mxlite.ndarray import pool_kernels as K
    shape, k = TILED[i]
    rs = np.random.RandomState(i)
    S = shape[2:]
    o = tuple(si // ki for si, ki in zip(S, k))
    p = (0,) * len(k)
    for x in (rs.randn(*shape).astype(dtype), rs.randint(0, 2, shape).astype(dtype),
              np.zeros(shape, dtype)):  # ties: the first maximum must win
        g = rs.randn(*(shape[:2] + o)).astype(dtype)
        res = {}
        for fast in (False, True):
            _kernels(fast, monkeypatch)
            y, arg = K.pool_max(np, x, k, k, p, o)
            y2, _ = K.pool_max(np, x, k, k, p, o, want_index=False)
            res[fast] = (y, arg, y2, K.pool_max_scatter(np, g, arg, S, k, k, p),
                         K.pool_sum(np, x, k, k, p, o), K.pool_sum_T(np, g, S, k, k, p))
        for name, a, b in zip(("max", "argmax", "max w/o index", "scatter", "sum", "sum_T"),
                              res[False], res[True]):
            assert a.dtype == b.dtype and a.shape == b.shape, name
            if name == "sum":
                np.testing.assert_allclose(b, a, rtol=1e-6, atol=1e-6)
            else:
                np.testing.assert_array_equal(b, a, err_msg=name)


def test_tiling_kernels_nan():
    from mxlite.ndarray import pool_kernels as K
    x = np.random.RandomState(3).randn(2, 2, 4, 4).astype(np.float32)
    x[0, 0, 0, 1] = x[1, 1, 3, 3] = np.nan
    y, arg = K.pool_max(np, x, (2, 2), (2, 2), (0, 0), (2, 2))
    assert np.isnan(y[0, 0, 0, 0]) and np.isnan(y[1, 1, 1, 1])
    assert not np.isnan(y[0, 0, 1, 1])


def test_tiling_kernels_threaded(monkeypatch):
    """The batch split over threads gives the single-thread results."""
    from mxlite import _parallel
    from mxlite.ndarray import pool_blocked as B
    rs = np.random.RandomState(5)
    x = np.maximum(rs.randn(7, 3, 12, 16), 0).astype(np.float32)
    g = rs.randn(7, 3, 6, 8).astype(np.float32)
    one = (B.max_pool(x, (2, 2), (6, 8), True), B.max_pool(x, (2, 2), (6, 8), False)[0])
    one += (B.max_scatter(g, one[0][1], (12, 16), (2, 2)), B.sum_pool(x, (2, 2), (6, 8)),
            B.sum_spread(g, (12, 16), (2, 2)))
    prev = _parallel.set_num_threads(2)
    try:
        monkeypatch.setattr(_parallel, "MIN_SIZE", 64)
        monkeypatch.setattr(B, "SPLIT_SIZE", 64)
        assert B._split(7, x.size) == 2
        two = (B.max_pool(x, (2, 2), (6, 8), True), B.max_pool(x, (2, 2), (6, 8), False)[0])
        two += (B.max_scatter(g, two[0][1], (12, 16), (2, 2)), B.sum_pool(x, (2, 2), (6, 8)),
                B.sum_spread(g, (12, 16), (2, 2)))
    finally:
        _parallel.set_num_threads(prev)
    np.testing.assert_array_equal(two[0][0], one[0][0])
    np.testing.assert_array_equal(two[0][1], one[0][1])
    for a, b in zip(one[1:], two[1:]):
        np.testing.assert_array_equal(b, a)


@pytest.mark.parametrize("pool_type", ["max", "avg", "sum"])
@pytest.mark.parametrize("shape,kw", [
    ((2, 2, 4, 6), dict(kernel=(2, 2), stride=(2, 2))),
    ((2, 2, 5, 7), dict(kernel=(2, 3), stride=(2, 3))),
    ((2, 3, 8), dict(kernel=(2,), stride=(2,))),
])
def test_tiling_pooling_orders_1_2(pool_type, shape, kw):
    x = np.random.RandomState(11).randn(*shape)
    n = len(kw["kernel"])
    check_op(lambda X: nd.Pooling(X, pool_type=pool_type, **kw),
             lambda X: ref_pool(X, kw["kernel"], kw["stride"], (0,) * n, pool_type), [x],
             orders=(1, 2))


def test_tiling_max_ties_gradient():
    x = nd.ones((1, 1, 4, 4))
    x.attach_grad()
    with autograd.record():
        y = nd.Pooling(x, kernel=(2, 2), stride=(2, 2))
    y.backward()
    expect = np.zeros((4, 4))
    expect[::2, ::2] = 1
    assert x.grad.asnumpy()[0, 0].tolist() == expect.tolist()


def test_pooling_plan_cache():
    x = nd.array(np.arange(32.).reshape(1, 2, 4, 4))
    for kernel in ((2, 2), [2, 2], (2, 2)):  # a list is not cached, and still works
        y = nd.Pooling(x, kernel=kernel, stride=(2, 2), pool_type="avg")
        assert y.shape == (1, 2, 2, 2) and y.asnumpy()[0, 0, 0, 0] == 2.5
    y = nd.Pooling(nd.array(np.ones((1, 1, 6, 6))), kernel=(2, 2), stride=(2, 2))
    assert y.shape == (1, 1, 3, 3)
    for _ in range(2):  # errors are raised every time (never cached)
        with pytest.raises(MXNetError, match="Check failed: param.p_value"):
            nd.Pooling(x, kernel=(2, 2), pool_type="lp")
    y = nd.Pooling(nd.array(np.ones((1, 4, 4, 2))), kernel=(2, 2), stride=(2, 2),
                   layout="NHWC")
    assert y.shape == (1, 2, 2, 2)


@pytest.mark.parametrize("shape,k", [((2, 3, 8, 40), (2, 2)), ((2, 3, 9, 30), (3, 3)),
                                     ((2, 3, 8, 8), (2, 2)), ((2, 3, 12), (3,))])
def test_avg_rounds_as_mxnet(shape, k):
    """Sums run over the window in row-major order in the input dtype and avg divides by the
    count (not times 1/count): MXNet's float32 results bit for bit."""
    x = np.random.RandomState(4).randn(*shape).astype(np.float32)
    o = tuple(si // ki for si, ki in zip(shape[2:], k))
    win = x.reshape(shape[:2] + tuple(v for pair in zip(o, k) for v in pair))
    taps = [win[(slice(None), slice(None)) + tuple(v for oi in idx for v in (slice(None), oi))]
            for idx in np.ndindex(*k)]
    total = taps[0].copy()
    for t in taps[1:]:
        total += t
    y = nd.Pooling(nd.array(x), kernel=k, stride=k, pool_type="avg").asnumpy()
    np.testing.assert_array_equal(y, total / np.float32(np.prod(k)))
    y = nd.Pooling(nd.array(x), kernel=k, stride=k, pool_type="sum").asnumpy()
    np.testing.assert_array_equal(y, total)
