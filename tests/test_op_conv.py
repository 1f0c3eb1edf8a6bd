"""Convolution, Deconvolution, im2col/col2im: forward against a direct NumPy loop and against
MXNet 1.9.1 fixtures (tests/fixtures/conv.json, tools/record_conv.py), gradients of order 1-3
by finite differences, MXNet's error texts."""
import json
import os

import numpy as np
import pytest

from mxlite import autograd, nd
from mxlite.base import MXNetError
from mxlite.ndarray import conv_kernels
from opcheck import check_op

FIXTURES = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "conv.json")))
CASES = {c["name"]: c for c in FIXTURES["cases"]}


def run_fixture(case, rtol=1e-4, atol=1e-5):
    """Runs a recorded case: forward and first-order gradients against MXNet's."""
    xs = [nd.array(np.array(a, dtype=np.float32)) for a in case["inputs"]]
    for i in case["wrt"]:
        xs[i].attach_grad()
    with autograd.record():
        y = getattr(nd, case["op"])(*xs, **case["kwargs"])
    np.testing.assert_allclose(y.asnumpy(), np.array(case["output"], dtype=np.float32),
                               rtol=rtol, atol=atol, err_msg=case["name"])
    y.backward(nd.array(np.array(case["head"], dtype=np.float32)))
    for i, g in zip(case["wrt"], case["grads"]):
        np.testing.assert_allclose(xs[i].grad.asnumpy(), np.array(g, dtype=np.float32),
                                   rtol=rtol, atol=atol, err_msg=f"{case['name']} grad {i}")


def error_core(text):
    """MXNet's error line without the exception prefix and the operator dump."""
    for prefix in ("MXNetError: ",):
        if text.startswith(prefix):
            text = text[len(prefix):]
    return text.split(", in operator")[0].strip()


def check_errors(prefix):
    for e in FIXTURES["errors"]:
        if not e["code"].startswith(prefix):
            continue
        with pytest.raises(MXNetError) as info:
            eval(e["code"], {"nd": nd})
        assert error_core(e["error"]) in str(info.value), (e["code"], str(info.value))


def ref_conv(x, w, s, p, d, G):
    """Direct cross-correlation (loops over outputs and kernel taps)."""
    N, C = x.shape[:2]
    F, k = w.shape[0], w.shape[2:]
    n = len(k)
    xp = np.pad(x, [(0, 0), (0, 0)] + [(pi, pi) for pi in p])
    o = [(x.shape[2 + i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) // s[i] + 1 for i in range(n)]
    y = np.zeros((N, F) + tuple(o))
    Cg, Fg = C // G, F // G
    for idx in np.ndindex(*o):
        for kk in np.ndindex(*k):
            pos = tuple(idx[i] * s[i] + kk[i] * d[i] for i in range(n))
            v = xp[(slice(None), slice(None)) + pos]
            for g in range(G):
                wk = w[(slice(g * Fg, (g + 1) * Fg), slice(None)) + kk]
                part = v[:, g * Cg:(g + 1) * Cg] @ wk.T
                y[(slice(None), slice(g * Fg, (g + 1) * Fg)) + idx] += part
    return y


CONV_CONFIGS = [
    # x shape, w shape, stride, pad, dilate, groups
    ((2, 4, 7, 6), (6, 2, 3, 2), (2, 1), (1, 0), (1, 2), 2),
    ((1, 2, 7), (3, 2, 3), (2,), (1,), (2,), 1),
    ((1, 2, 5, 4, 4), (2, 2, 2, 3, 2), (1, 2, 1), (1, 1, 0), (1, 1, 2), 1),
    ((2, 3, 5, 5), (3, 1, 3, 3), (2, 2), (1, 1), (1, 1), 3),
    # unit strides take the half-im2col backward (conv_kernels._backward_data_rows)
    ((1, 4, 6, 7), (4, 2, 3, 2), (1, 1), (1, 2), (2, 1), 2),
    ((1, 2, 4, 4, 5), (2, 2, 2, 2, 3), (1, 1, 1), (0, 1, 1), (1, 1, 2), 1),
    ((2, 2, 9), (3, 2, 4), (1,), (2,), (2,), 1),
]


@pytest.mark.parametrize("xs,ws,s,p,d,G", CONV_CONFIGS)
def test_convolution_orders_1_2(xs, ws, s, p, d, G):
    rs = np.random.RandomState(0)
    x, w = rs.randn(*xs), rs.randn(*ws)

    def f(X, W):
        return nd.Convolution(X, W, kernel=ws[2:], stride=s, pad=p, dilate=d, num_group=G,
                              num_filter=ws[0], no_bias=True)
    check_op(f, lambda X, W: ref_conv(X, W, s, p, d, G), [x, w], orders=(1, 2))


def test_convolution_bias_and_third_order():
    rs = np.random.RandomState(1)
    x, w, b = rs.randn(1, 2, 5, 4), rs.randn(2, 2, 2, 2), rs.randn(2)

    def f(X, W, B):
        return nd.Convolution(X, W, B, kernel=(2, 2), stride=(1, 2), pad=(1, 0), num_filter=2)
    def ref(X, W, B):
        return ref_conv(X, W, (1, 2), (1, 0), (1, 1), 1) + B.reshape(1, -1, 1, 1)
    check_op(f, ref, [x, w, b], orders=(1, 2, 3))


def test_convolution_cross_correlation_and_fixtures():
    y = nd.Convolution(nd.array([[[1., 2, 3]]]), nd.array([[[1., 0, -1]]]), kernel=(3,),
                       num_filter=1, no_bias=True)
    assert y.asnumpy().tolist() == [[[-2.0]]]
    for name, case in CASES.items():
        if case["op"] == "Convolution":
            run_fixture(case)


def test_convolution_big_batch_is_chunked(monkeypatch):
    # a small chunk limit forces several batch chunks; the result must not change
    rs = np.random.RandomState(2)
    x = nd.array(rs.randn(5, 2, 6, 6))
    w = nd.array(rs.randn(3, 2, 3, 3))
    for stride in ((1, 1), (2, 2)):
        full = nd.Convolution(x, w, kernel=(3, 3), stride=stride, num_filter=3, no_bias=True)
        monkeypatch.setattr(conv_kernels, "CHUNK_BYTES", 2 * 9 * 36 * 4 * 2)
        x.attach_grad()
        with autograd.record():
            part = nd.Convolution(x, w, kernel=(3, 3), stride=stride, num_filter=3, no_bias=True)
        part.backward()
        gx = x.grad.asnumpy().copy()
        monkeypatch.setattr(conv_kernels, "CHUNK_BYTES", 256 << 20)
        with autograd.record():
            again = nd.Convolution(x, w, kernel=(3, 3), stride=stride, num_filter=3, no_bias=True)
        again.backward()
        np.testing.assert_allclose(part.asnumpy(), full.asnumpy(), rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(gx, x.grad.asnumpy(), rtol=1e-5, atol=1e-5)


def test_convolution_weight_grad_with_cached_columns():
    # plain backward reuses the forward's columns; create_graph takes the primitive path
    rs = np.random.RandomState(3)
    x = nd.array(rs.randn(2, 3, 6, 5))
    w = nd.array(rs.randn(4, 3, 3, 3))
    w.attach_grad()
    with autograd.record():
        y = nd.Convolution(x, w, kernel=(3, 3), pad=(1, 1), num_filter=4, no_bias=True)
    y.backward()
    plain = w.grad.asnumpy().copy()
    with autograd.record():
        y = nd.Convolution(x, w, kernel=(3, 3), pad=(1, 1), num_filter=4, no_bias=True)
        (gw,) = autograd.grad(y.sum(), [w], create_graph=True)
    np.testing.assert_allclose(plain, gw.asnumpy(), rtol=1e-5, atol=1e-5)



TWO_STAGE_CONFIGS = [
    # x shape, w shape, pad, dilate, groups, bias (2-D, unit strides: conv_twostage)
    ((7, 1, 12, 11), (3, 1, 5, 4), (0, 0), (1, 1), 1, True),
    ((5, 4, 9, 8), (6, 2, 3, 3), (1, 2), (2, 1), 2, True),
    ((3, 3, 7, 7), (4, 3, 2, 3), (2, 0), (1, 2), 1, False),
    ((4, 2, 6, 5), (2, 2, 3, 1), (0, 1), (1, 1), 1, True),
    # many channels: two-stage forward without a tape; training keeps the plain columns
    ((3, 12, 6, 5), (4, 12, 3, 3), (1, 1), (1, 1), 1, True),
]


@pytest.mark.parametrize("xs,ws,p,d,G,use_bias", TWO_STAGE_CONFIGS)
@pytest.mark.parametrize("chunk", [512 << 10, 3000])
def test_convolution_two_stage_im2col(monkeypatch, xs, ws, p, d, G, use_bias, chunk):
    # chunked two-stage im2col (tiny chunks too: several chunks, a short last one) against
    # the direct loop; training keeps the stage-1 buffer for the weight gradient, which must
    # match the recomputing path and the plain (one-stage) path
    from mxlite.ndarray import conv_twostage
    monkeypatch.setattr(conv_twostage, "CHUNK_BYTES", chunk)
    if chunk < 4096:  # weight_grad's products one sample at a time too
        monkeypatch.setattr(conv_twostage, "_PRODUCT_BYTES", 1)
    rs = np.random.RandomState(6)
    x, w, b = rs.randn(*xs), rs.randn(*ws), rs.randn(ws[0])
    F, k = ws[0], ws[2:]
    ref = ref_conv(x, w, (1, 1), p, d, G) + (b.reshape(1, -1, 1, 1) if use_bias else 0)
    X, W, B = (nd.array(a, dtype=np.float64) for a in (x, w, b))
    kw = dict(kernel=k, pad=p, dilate=d, num_group=G, num_filter=F, no_bias=not use_bias)
    args = (X, W, B) if use_bias else (X, W)
    np.testing.assert_allclose(nd.Convolution(*args, **kw).asnumpy(), ref, rtol=1e-10,
                               atol=1e-10)
    head = nd.array(rs.randn(*ref.shape), dtype=np.float64)
    grads = []
    assert conv_twostage.usable(np, x, k, (1, 1), p, d, ref.shape[2:])
    for usable in (conv_twostage.usable, lambda *a: False):
        monkeypatch.setattr(conv_twostage, "usable", usable)
        for a in args:
            a.attach_grad()
        with autograd.record():
            y = nd.Convolution(*args, **kw)
        y.backward(head)
        np.testing.assert_allclose(y.asnumpy(), ref, rtol=1e-10, atol=1e-10)
        grads.append([a.grad.asnumpy().copy() for a in args])
        # the recomputing weight gradient (no kept buffer)
        dw = conv_kernels.conv_backward_weight(np, x, head.asnumpy(), k, (1, 1), p, d, G)
        np.testing.assert_allclose(dw, grads[-1][1], rtol=1e-10, atol=1e-10)
    for a, b_ in zip(*grads):
        np.testing.assert_allclose(a, b_, rtol=1e-10, atol=1e-10)


def test_convolution_two_stage_float32_lenet():
    # LeNet's shapes in float32: the forward is bitwise the plain path's (same GEMMs per
    # sample), the weight gradient equal up to summation order
    from mxlite.ndarray import conv_twostage
    rs = np.random.RandomState(7)
    for xs, ws in (((64, 1, 28, 28), (6, 1, 5, 5)), ((64, 6, 12, 12), (16, 6, 5, 5))):
        x = rs.randn(*xs).astype(np.float32)
        w = (rs.randn(*ws) * 0.1).astype(np.float32)
        b = rs.randn(ws[0]).astype(np.float32)
        o = (xs[2] - 4, xs[3] - 4)
        g = rs.randn(xs[0], ws[0], *o).astype(np.float32)
        geo = ((1, 1), (0, 0), (1, 1), 1)
        keep = []
        y = conv_kernels.conv_forward(np, x, w, *geo, bias=b, keep=keep)
        assert len(keep) == 1 and isinstance(keep[0], conv_twostage.Kept)
        dw = conv_kernels.conv_backward_weight(np, x, g, (5, 5), *geo, cols=keep[0])
        usable = conv_twostage.usable
        conv_twostage.usable = lambda *a: False
        try:
            y0 = conv_kernels.conv_forward(np, x, w, *geo, bias=b)
            dw0 = conv_kernels.conv_backward_weight(np, x, g, (5, 5), *geo)
        finally:
            conv_twostage.usable = usable
        np.testing.assert_array_equal(y, y0)
        np.testing.assert_allclose(dw, dw0, rtol=1e-4, atol=1e-3)


def ref_deconv(x, w, s, p, d, G, out):
    """Transposed convolution: scatter every input pixel times the kernel."""
    N, C = x.shape[:2]
    Fg, k = w.shape[1], w.shape[2:]
    n = len(k)
    full = [(x.shape[2 + i] - 1) * s[i] + d[i] * (k[i] - 1) + 1 for i in range(n)]
    buf = np.zeros((N, Fg * G) + tuple(max(f, p[i] + out[i]) for i, f in enumerate(full)))
    Cg = C // G
    for idx in np.ndindex(*x.shape[2:]):
        for kk in np.ndindex(*k):
            pos = tuple(idx[i] * s[i] + kk[i] * d[i] for i in range(n))
            for g in range(G):
                v = x[(slice(None), slice(g * Cg, (g + 1) * Cg)) + idx]
                wk = w[(slice(g * Cg, (g + 1) * Cg), slice(None)) + kk]
                buf[(slice(None), slice(g * Fg, (g + 1) * Fg)) + pos] += v @ wk
    return buf[(slice(None), slice(None)) + tuple(slice(p[i], p[i] + out[i]) for i in range(n))]


DECONV_CONFIGS = [
    # x shape, w shape, stride, pad, dilate, adj, groups
    ((1, 2, 3, 4), (2, 3, 3, 3), (2, 2), (1, 1), (1, 1), (1, 1), 1),
    ((2, 4, 3), (4, 1, 3), (2,), (0,), (2,), (0,), 2),
    ((1, 2, 2, 3, 2), (2, 1, 2, 2, 2), (2, 1, 2), (0, 1, 0), (1, 1, 1), (1, 0, 0), 1),
]


@pytest.mark.parametrize("xs,ws,s,p,d,a,G", DECONV_CONFIGS)
def test_deconvolution_orders_1_2(xs, ws, s, p, d, a, G):
    rs = np.random.RandomState(4)
    x, w = rs.randn(*xs), rs.randn(*ws)
    k = ws[2:]
    out = [(xs[2 + i] - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + 1 + a[i] for i in range(len(k))]

    def f(X, W):
        return nd.Deconvolution(X, W, kernel=k, stride=s, pad=p, dilate=d, adj=a, num_group=G,
                                num_filter=ws[1] * G)
    check_op(f, lambda X, W: ref_deconv(X, W, s, p, d, G, out), [x, w], orders=(1, 2))


def test_deconvolution_semantics_and_fixtures():
    y = nd.Deconvolution(nd.array([[[1., 2]]]), nd.array([[[1., 1]]]), kernel=(2,), num_filter=1)
    assert y.asnumpy().tolist() == [[[1.0, 3.0, 2.0]]]
    x = nd.array(np.arange(4.).reshape(1, 1, 4))
    w = nd.ones((1, 1, 3))
    # target_shape picks pad/adj: total = 9 - 8 = 1 -> pad 1, adj 1 (MXNet's rule)
    t = nd.Deconvolution(x, w, kernel=(3,), stride=(2,), target_shape=(8,), num_filter=1)
    e = nd.Deconvolution(x, w, kernel=(3,), stride=(2,), pad=(1,), adj=(1,), num_filter=1)
    assert t.asnumpy().tolist() == e.asnumpy().tolist() == [[[0, 1, 1, 3, 2, 5, 3, 3]]]
    z = nd.Deconvolution(x, w, kernel=(3,), stride=(2,), adj=(1,), num_filter=1)
    assert z.asnumpy().tolist() == [[[0, 0, 1, 1, 3, 2, 5, 3, 3, 0]]]
    for case in CASES.values():
        if case["op"] == "Deconvolution":
            run_fixture(case)


def test_im2col_col2im():
    for name in ("im2col", "col2im"):
        run_fixture(CASES[name])
    rs = np.random.RandomState(5)
    x = rs.randn(1, 2, 4, 5)
    check_op(lambda X: nd.im2col(X, kernel=(2, 3), stride=(1, 2), pad=(1, 0)), None, [x])
    c = rs.randn(1, 12, 10)
    check_op(lambda C: nd.col2im(C, output_size=(4, 5), kernel=(2, 3), stride=(1, 2),
                                 pad=(1, 0)), None, [c])


def test_conv_errors_match_mxnet():
    check_errors("nd.Convolution")
    check_errors("nd.Deconvolution")


def test_conv_misc_errors():
    x, w = nd.ones((1, 2, 5, 5)), nd.ones((3, 2, 3, 3))
    with pytest.raises(MXNetError, match="num_filter should be greater equal to 1"):
        nd.Convolution(x, w, kernel=(3, 3), num_filter=0, no_bias=True)
    with pytest.raises(MXNetError, match="only supported on GPU"):
        nd.Convolution(x, w, kernel=(3, 3), num_filter=3, no_bias=True, layout="NHWC")
    # MXNet checks the weight against (num_filter // g * g, C // g, *kernel) first
    with pytest.raises(MXNetError, match=r"Provided = \[3,2,3,3\], inferred shape=\(2,1,3,3\)"):
        nd.Convolution(x, w, kernel=(3, 3), num_filter=3, num_group=2, no_bias=True)
    with pytest.raises(MXNetError, match="output num_filter must divide group size"):
        nd.Convolution(x, nd.ones((2, 1, 3, 3)), kernel=(3, 3), num_filter=3, num_group=2,
                       no_bias=True)
    with pytest.raises(MXNetError, match="input num_filter must divide group size"):
        nd.Convolution(nd.ones((1, 3, 5, 5)), nd.ones((2, 1, 3, 3)), kernel=(3, 3),
                       num_filter=2, num_group=2, no_bias=True)
    with pytest.raises(MXNetError, match="expects 3 inputs, but got 1 instead"):
        nd.Convolution(x, kernel=(3, 3), num_filter=3)
    with pytest.raises(MXNetError, match="adj\\(y\\) must be samller than stride"):
        nd.Deconvolution(x, nd.ones((2, 3, 3, 3)), kernel=(3, 3), num_filter=3, pad=(1, 1),
                         target_shape=(6, 6))


def test_convolution_checks_hold_with_the_plan_cache():
    x = nd.ones((1, 2, 6, 6))
    w = nd.ones((3, 2, 3, 3))
    b = nd.zeros((3,))
    for _ in range(2):  # the second call is served from the cache: same result
        y = nd.Convolution(x, w, b, kernel=(3, 3), num_filter=3)
        np.testing.assert_allclose(y.asnumpy(), np.full((1, 3, 4, 4), 18.0))
    for _ in range(2):  # errors are raised on every call (never cached)
        with pytest.raises(MXNetError, match="kernel size exceed input"):
            nd.Convolution(nd.ones((1, 2, 2, 2)), w, b, kernel=(3, 3), num_filter=3)
        with pytest.raises(MXNetError):
            nd.Convolution(x, nd.ones((3, 1, 3, 3)), b, kernel=(3, 3), num_filter=3)
    # a list parameter (unhashable) still works, uncached
    y = nd.Convolution(x, w, b, kernel=[3, 3], num_filter=3)
    assert y.shape == (1, 3, 4, 4)
