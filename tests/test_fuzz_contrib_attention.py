"""nd.contrib.interleaved_matmul_* and rand_zipfian against MXNet 1.9.1
(tests/fixtures/fuzz_contrib_attention.json, recorded by
`../shared/tools/mxnet-ref tools/record_fuzz.py contrib_attention`)."""
import numpy as np
import pytest

import mxlite as mx
from fuzz_replay import make_test
from mxlite import autograd, nd
from mxlite.base import MXNetError

test_case = make_test("contrib_attention")


def _fd(f, x, eps=1e-6):
    """Central differences of sum(f(x) * w) for a fixed w, in float64."""
    x = x.astype(np.float64)
    w = np.cos(np.arange(f(nd.array(x, dtype="float64")).size)).reshape(
        f(nd.array(x, dtype="float64")).shape)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        d = np.zeros_like(x)
        d[i] = eps
        g[i] = ((f(nd.array(x + d, dtype="float64")).asnumpy() * w).sum()
                - (f(nd.array(x - d, dtype="float64")).asnumpy() * w).sum()) / (2 * eps)
    return w, g


def test_float64_and_second_order():
    """float64 works (MXNet's CPU kernels are float32 only) and the second derivative
    of a scores-times-values chain matches finite differences of the first."""
    rs = np.random.RandomState(0)
    qkv = rs.randn(3, 2, 12)

    def attend(x):
        s = nd.contrib.interleaved_matmul_selfatt_qk(x, heads=2)
        return nd.contrib.interleaved_matmul_selfatt_valatt(x, nd.softmax(s), heads=2)
    w, g = _fd(attend, qkv)
    x = nd.array(qkv, dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = attend(x)
    y.backward(nd.array(w, dtype="float64"))
    np.testing.assert_allclose(x.grad.asnumpy(), g, rtol=1e-5, atol=1e-7)

    def first(v):
        v.attach_grad()
        with autograd.record():
            yy = attend(v)
            gv = autograd.grad(yy, v, nd.array(w, dtype="float64"), create_graph=True)[0]
        return gv
    x = nd.array(qkv, dtype="float64")
    x.attach_grad()
    with autograd.record():
        gx = first(x)
        z = (gx * gx).sum()
    z.backward()
    _, g2 = _fd(lambda v: (first(v) ** 2).sum().reshape((1,)), qkv, eps=1e-5)
    np.testing.assert_allclose(x.grad.asnumpy(), g2, rtol=1e-4, atol=1e-6)


def test_heads_must_divide_the_projection():
    with pytest.raises(MXNetError, match="multiple of heads"):
        nd.contrib.interleaved_matmul_selfatt_qk(nd.ones((3, 2, 7)), heads=2)


def test_rand_zipfian_distribution():
    mx.random.seed(3)
    s, et, es = nd.contrib.rand_zipfian(nd.array([0, 4]), 20000, 10)
    counts = np.bincount(s.asnumpy(), minlength=10) / 20000
    c = np.arange(10)
    p = (np.log(c + 2) - np.log(c + 1)) / np.log(11)
    np.testing.assert_allclose(counts, p, atol=0.01)
    np.testing.assert_allclose(es.asnumpy(), 20000 * p[s.asnumpy()])
    assert s.asnumpy().min() >= 0 and s.asnumpy().max() < 10
