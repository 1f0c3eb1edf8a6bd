"""nd.contrib layers, small ops and control flow: fixtures recorded from MXNet 1.9.1,
gradients by finite differences (orders 1-2, 3 for elementwise math), errors."""
import numpy as np
import pytest
from contrib_fixture import FIXTURE, run_case
from opcheck import check_op

from mxlite import autograd as ag
from mxlite import nd
from mxlite.base import MXNetError

_OPS = {c["name"]: c for c in FIXTURE["ops"]}


@pytest.mark.parametrize("name", sorted(_OPS))
def test_fixture(name):
    run_case(_OPS[name], rtol=1e-4)


# ---------------------------------------------------------------- gradients
_RS = np.random.RandomState(0)
_X = _RS.randn(2, 2, 5, 4)


def test_adaptive_avg_pool_grad():
    check_op(lambda x: nd.contrib.AdaptiveAvgPooling2D(x, output_size=(3, 2)), None, [_X])


@pytest.mark.parametrize("kw", [dict(height=7, width=3),
                                dict(height=3, width=6, align_corners=False)])
def test_bilinear_grad(kw):
    check_op(lambda x: nd.contrib.BilinearResize2D(x, **kw), None, [_X])


def test_bilinear_identity_and_corners():
    x = nd.array(_X)
    np.testing.assert_allclose(nd.contrib.BilinearResize2D(x, height=5, width=4).asnumpy(), _X,
                               rtol=1e-6)
    y = nd.contrib.BilinearResize2D(x, height=9, width=7).asnumpy()
    np.testing.assert_allclose(y[..., [0, -1], :][..., [0, -1]], _X[..., [0, -1], :][..., [0, -1]],
                               rtol=1e-6)


@pytest.mark.parametrize("ps", [False, True])
def test_roialign_grad(ps):
    x = _RS.randn(2, 4, 5, 6)
    rois = nd.array([[0, 0.4, 0.7, 3.1, 4.2], [1, 1.2, 0.3, 5.5, 3.3]], dtype="float64")
    check_op(lambda d: nd.contrib.ROIAlign(d, rois, pooled_size=(2, 2), spatial_scale=1.0,
                                           sample_ratio=2, position_sensitive=ps), None, [x])


def test_syncbatchnorm_is_batchnorm():
    x = nd.array(_RS.randn(3, 2, 4))
    g, b, m, v = nd.array([1.5, 0.5]), nd.array([0.1, -0.2]), nd.zeros(2), nd.ones(2)
    with ag.record():
        y1 = nd.contrib.SyncBatchNorm(x, g, b, m, v, fix_gamma=False, key="k")
        y2 = nd.BatchNorm(x, g, b, m.copy(), v.copy(), fix_gamma=False)
    np.testing.assert_allclose(y1.asnumpy(), y2.asnumpy(), rtol=1e-6)
    with pytest.raises(MXNetError, match="key"):
        nd.contrib.SyncBatchNorm(x, g, b, m, v)


def test_small_op_grads():
    x = _RS.randn(3, 4)
    check_op(lambda v: nd.contrib.div_sqrt_dim(v), lambda v: v / 2.0, [x], orders=(1, 2, 3))
    check_op(lambda v: nd.contrib.quadratic(v, a=1.5, b=-2, c=0.5),
             lambda v: 1.5 * v * v - 2 * v + 0.5, [x], orders=(1, 2, 3))
    check_op(lambda v: nd.contrib.gradientmultiplier(v, scalar=1.0), lambda v: v, [x],
             orders=(1, 2))


def test_ste_and_multiplier_gradients():
    x = nd.array([-1.5, 1.5, -0.4, 2.7])
    x.attach_grad()
    with ag.record():
        y = nd.contrib.round_ste(x) * 2 + nd.contrib.sign_ste(x) + \
            nd.contrib.gradientmultiplier(x, scalar=-3)
    y.backward()
    np.testing.assert_allclose(y.asnumpy(), [-6.5, 6.5, -1.4, 9.7], rtol=1e-6)
    np.testing.assert_allclose(x.grad.asnumpy(), [0, 0, 0, 0])  # 2 + 1 - 3


@pytest.mark.parametrize("shape", [(3, 4), (2, 1, 2, 5)])
def test_fft_ifft(shape):
    x = _RS.randn(*shape)

    def ref_fft(v):
        f = np.fft.fft(v, axis=-1)
        return np.stack([f.real, f.imag], -1).reshape(v.shape[:-1] + (-1,))
    check_op(lambda v: nd.contrib.fft(v), ref_fft, [x], orders=(1, 2))
    z = _RS.randn(*(shape[:-1] + (2 * shape[-1],)))

    def ref_ifft(v):
        c = v.reshape(v.shape[:-1] + (-1, 2))
        c = c[..., 0] + 1j * c[..., 1]
        return np.fft.ifft(c, axis=-1).real * c.shape[-1]
    check_op(lambda v: nd.contrib.ifft(v), ref_ifft, [z], orders=(1, 2))
    # unnormalised round trip, as cuFFT: ifft(fft(x)) = d * x
    np.testing.assert_allclose(nd.contrib.ifft(nd.contrib.fft(nd.array(x))).asnumpy(),
                               x * shape[-1], rtol=1e-4, atol=1e-4)


def test_count_sketch():
    x = nd.array([[1.2, 2.5, 3.4], [3.2, 5.7, 6.6]])
    h, s = nd.array([[0, 3, 4]]), nd.array([[1, -1, 1]])
    y = nd.contrib.count_sketch(x, h, s, out_dim=5)  # MXNet's docstring example
    np.testing.assert_allclose(y.asnumpy(), [[1.2, 0, 0, -2.5, 3.4], [3.2, 0, 0, -5.7, 6.6]],
                               rtol=1e-6)
    h2 = nd.array([[0, 0, 1]], dtype="float64")
    s2 = nd.array([[1, -1, 1]], dtype="float64")
    check_op(lambda v: nd.contrib.count_sketch(v, h2, s2, out_dim=2),
             lambda v: np.stack([v[:, 0] - v[:, 1], v[:, 2]], -1), [_RS.randn(2, 3)])


def test_index_array_and_getnnz():
    y = nd.contrib.index_array(nd.ones((3, 2)))
    assert y.dtype == np.int64 and y.asnumpy()[2, 1].tolist() == [2, 1]
    m = nd.array([[1, 0, 3], [0, 0, 2]])
    assert nd.contrib.getnnz(m, axis=0).asnumpy().tolist() == [1, 0, 2]
    with pytest.raises(MXNetError, match="index_array"):
        nd.contrib.index_array(nd.ones((3, 2)), axes=(2,))


def test_layer_errors():
    with pytest.raises(MXNetError, match="4-D"):
        nd.contrib.AdaptiveAvgPooling2D(nd.zeros((2, 3)), output_size=1)
    with pytest.raises(MXNetError, match="valid values"):
        nd.contrib.BilinearResize2D(nd.zeros((1, 1, 2, 2)), mode="bogus")
    with pytest.raises(MXNetError, match="rois"):
        nd.contrib.ROIAlign(nd.zeros((1, 1, 2, 2)), nd.zeros((2, 4)), pooled_size=(1, 1),
                            spatial_scale=1.0)
    with pytest.raises(MXNetError, match="even"):
        nd.contrib.ifft(nd.zeros((2, 3)))


# ---------------------------------------------------------------- control flow
_FLOW = FIXTURE["flow"]
_ENV = lambda: {"d": nd.array(np.arange(6).reshape(3, 2)), "e": nd.ones((3, 2)) * 2,  # noqa
                "z": nd.zeros(2), "i0": nd.array([0]), "s0": nd.array([1])}
_EXPRS = {
    "foreach": "nd.contrib.foreach(lambda x, s: (x * 2 + s[0], [s[0] + x]), d, [z])",
    "foreach_multi": "nd.contrib.foreach(lambda x, s: ([x[0] * x[1], x[1]], s * 2 + x[0]), "
                     "[d, e], z)",
    "while_loop": "nd.contrib.while_loop(lambda i, s: i < 3, lambda i, s: ([i * 10, s], "
                  "[i + 1, s + i]), [i0, s0], max_iterations=5)",
    "while_loop_single": "nd.contrib.while_loop(lambda i: i < 3, lambda i: (i * 10, i + 1), "
                         "i0, max_iterations=3)",
    "while_loop_noout": "nd.contrib.while_loop(lambda i, s: i < 3, lambda i, s: ([], "
                        "(i + 1, s + i)), (i0, s0), max_iterations=5)",
    "cond_then": "nd.contrib.cond(i0 < 1, lambda: s0 * 2, lambda: s0 * 3)",
    "cond_else": "nd.contrib.cond(i0 > 1, lambda: [s0 * 2], lambda: [s0 * 3, i0])",
}


def _match(got, exp, steps=None):
    if isinstance(exp, list):
        assert isinstance(got, (list, tuple)) and len(got) == len(exp), (got, exp)
        for g, e in zip(got, exp):
            _match(g, e, steps)
        return
    e = np.array(exp["data"], dtype=exp["dtype"]).reshape(exp["shape"])
    g = got.asnumpy()
    assert g.shape == e.shape and g.dtype == e.dtype
    np.testing.assert_allclose(g[:steps], e[:steps], rtol=1e-6)  # steps None: all rows


@pytest.mark.parametrize("name", sorted(_EXPRS))
def test_flow_fixture(name):
    got = eval(_EXPRS[name], dict(_ENV(), nd=nd))
    exp = _FLOW[name]
    if isinstance(exp, dict) and "steps" in exp:
        outs, states = got
        eo, es = exp["value"]
        _match(states, es)
        # rows past the last step are MXNet's uninitialised padding: we write zeros there
        eo = eo if isinstance(eo, list) else [eo]
        go = outs if isinstance(outs, list) else [outs]
        assert len(go) == len(eo)
        for g, e in zip(go, eo):
            _match(g, e, exp["steps"])
            assert (g.asnumpy()[exp["steps"]:] == 0).all()
    else:
        _match(got, exp)


def test_flow_gradients():
    x = nd.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    x.attach_grad()
    with ag.record():
        outs, st = nd.contrib.foreach(lambda d, s: (d * s, d * s), x, nd.ones(2))
        loss = outs.sum() + st.sum()
    loss.backward()
    # s_i = prod(x_0..x_i); d loss / d x has a closed form checked numerically here
    xv = x.asnumpy()

    def f(v):
        s, tot = np.ones(2), 0.0
        for r in v:
            s = r * s
            tot += s.sum()
        return tot + s.sum()
    num = np.zeros_like(xv)
    for idx in np.ndindex(*xv.shape):
        e = np.zeros_like(xv)
        e[idx] = 1e-3
        num[idx] = (f(xv + e) - f(xv - e)) / 2e-3
    np.testing.assert_allclose(x.grad.asnumpy(), num, rtol=1e-3)
    y = nd.array([2.0])
    y.attach_grad()
    with ag.record():
        _, (i, v) = nd.contrib.while_loop(lambda i, v: i < 3, lambda i, v: ([], [i + 1, v * y]),
                                          [nd.array([0]), nd.array([1.0])], max_iterations=5)
        r = nd.contrib.cond(v > 5, lambda: v * 2, lambda: v)
    r.backward()
    assert v.asscalar() == 8 and y.grad.asscalar() == pytest.approx(2 * 3 * 4)


def test_flow_errors():
    with pytest.raises(ValueError, match="max_iterations"):
        nd.contrib.while_loop(lambda i: i < 1, lambda i: ([], i + 1), nd.zeros(1))
    with pytest.raises(ValueError, match="consistent"):
        nd.contrib.while_loop(lambda i: i < 1, lambda i: ([], [i, i]), [nd.zeros(1)],
                              max_iterations=2)
    with pytest.raises(ValueError, match="not a scalar"):  # as MXNet (asscalar)
        nd.contrib.cond(nd.zeros(2), lambda: 1, lambda: 2)


def test_arange_like_integer_start_step_cast_as_mxnet():
    """start and step are cast into the integer dtype as C++'s static_cast, then the
    arithmetic wraps (MXNet 1.9.1's results)."""
    z = nd.zeros((3,), dtype="int32")
    assert nd.contrib.arange_like(z, start=1e10, step=1).asnumpy().tolist() == \
        [-2147483648, -2147483647, -2147483646]
    assert nd.contrib.arange_like(z, start=5, step=3e9).asnumpy().tolist() == \
        [5, -2147483643, 5]
    assert nd.contrib.arange_like(nd.zeros((5,), dtype="uint8"), start=-2.5,
                                  step=1.2).asnumpy().tolist() == [254, 255, 0, 1, 2]
