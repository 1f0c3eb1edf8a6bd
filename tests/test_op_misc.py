"""Legacy and miscellaneous ops: Correlation, Crop, *_v1, IdentityAttachKLSparseReg,
amp_multicast, cast_storage, onehot_encode, reset_arrays, DLPack, multi_lars, imdecode.
Fixtures: tools/record_misc.py -> tests/fixtures/misc.json (MXNet 1.9.1)."""
import io
import json
import os

import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd, nd
from mxlite.base import MXNetError
from opcheck import check_op

with open(os.path.join(os.path.dirname(__file__), "fixtures", "misc.json")) as _f:
    FX = json.load(_f)


def _close(a, b, tol=1e-5):
    np.testing.assert_allclose(np.asarray(a, dtype=np.float64), np.asarray(b), rtol=tol,
                               atol=tol)


def _msg(e):
    """The MXNet message without its 'MXNetError: ' prefix."""
    return e.split("MXNetError: ", 1)[-1]


# ---------------------------------------------------------------- Correlation
@pytest.mark.parametrize("case", FX["correlation"], ids=lambda c: str(sorted(c["kw"].items())))
def test_correlation_fixture(case):
    a, b = nd.array(case["a"]), nd.array(case["b"])
    a.attach_grad()
    b.attach_grad()
    with autograd.record():
        y = nd.Correlation(a, b, **case["kw"])
    y.backward(nd.array(case["head"]))
    _close(y.asnumpy(), case["out"])
    _close(a.grad.asnumpy(), case["grads"][0])
    _close(b.grad.asnumpy(), case["grads"][1])


@pytest.mark.parametrize("kw", [dict(kernel_size=3, max_displacement=1, pad_size=1),
                                dict(max_displacement=1, stride1=2, stride2=1, pad_size=1,
                                     is_multiply=False)])
def test_correlation_gradients(kw):
    rs = np.random.RandomState(1)
    a, b = rs.uniform(-1, 1, (1, 2, 4, 4)), rs.uniform(-1, 1, (1, 2, 4, 4))
    if not kw.get("is_multiply", True):
        b = a + np.sign(rs.uniform(-1, 1, a.shape)) * rs.uniform(0.2, 1, a.shape)  # |a-b| > 0
    check_op(lambda p, q: nd.Correlation(p, q, **kw), None, [a, b], orders=(1, 2))


def test_correlation_errors():
    x = nd.ones((1, 1, 3, 3))
    with pytest.raises(MXNetError, match="kernel size should be odd number"):
        nd.Correlation(x, x, kernel_size=2)
    with pytest.raises(MXNetError, match="Neighborhood and kernel don't fit"):
        nd.Correlation(x, x, max_displacement=2)
    with pytest.raises(MXNetError, match="Cannot find argument 'foo'"):
        nd.Correlation(x, x, foo=1)


# ---------------------------------------------------------------- Crop
@pytest.mark.parametrize("case", FX["crop"]["cases"], ids=lambda c: str(c["kw"]) + str(c["like"]))
def test_crop_fixture(case):
    x = nd.array(FX["crop"]["x"])
    args = [x] + ([nd.zeros(tuple(case["like"]))] if case["like"] else [])
    _close(nd.Crop(*args, **case["kw"]).asnumpy(), case["out"])


def test_crop_errors_and_gradient():
    x = nd.array(FX["crop"]["x"])
    e = FX["crop"]["errors"]
    with pytest.raises(MXNetError, match="the crop height"):
        nd.Crop(x)
    assert _msg(e[1]).startswith("Check failed: static_cast<int>(param_.h_w[0]) >= 1")
    with pytest.raises(MXNetError) as ei:
        nd.Crop(nd.ones((4, 5)), h_w=(2, 2))
    assert str(ei.value) == _msg(e[2])
    with pytest.raises(MXNetError, match="offset"):
        nd.Crop(x, h_w=(2, 3), offset=(3, 1))
    with pytest.raises(MXNetError, match="height should be larger"):
        nd.Crop(x, nd.zeros((1, 7, 5, 2)))
    data = np.random.RandomState(0).uniform(-1, 1, (1, 2, 4, 5))
    check_op(lambda p: nd.Crop(p, h_w=(2, 3), offset=(1, 2), num_args=1),
             lambda p: p[:, :, 1:3, 2:5], [data], orders=(1, 2))
    # crop_like input: connected zero gradient
    a, like = nd.array(data), nd.zeros((1, 1, 2, 2))
    a.attach_grad()
    like.attach_grad()
    with autograd.record():
        y = nd.Crop(a, like, center_crop=True)
    y.backward()
    assert like.grad.asnumpy().sum() == 0 and a.grad.asnumpy().sum() == 4 * 2


# ---------------------------------------------------------------- Pooling_v1 / Convolution_v1
@pytest.mark.parametrize("case", FX["pool_v1"]["cases"], ids=lambda c: str(c["kw"]))
def test_pooling_v1_fixture(case):
    x = nd.array(FX["pool_v1"]["x"])
    x.attach_grad()
    with autograd.record():
        y = nd.Pooling_v1(x, **case["kw"])
    y.backward()
    _close(y.asnumpy(), case["out"])
    _close(x.grad.asnumpy(), case["grad"])


def test_pooling_v1_gradients_and_errors():
    x = np.random.RandomState(2).uniform(-1, 1, (1, 2, 5, 5))
    check_op(lambda p: nd.Pooling_v1(p, kernel=(2, 2), stride=(2, 2), pool_type="avg",
                                     pooling_convention="full"), None, [x], orders=(1, 2))
    with pytest.raises(MXNetError, match="Cannot find argument 'p_value'"):
        nd.Pooling_v1(nd.array(x), kernel=(2, 2), p_value=2)
    with pytest.raises(MXNetError, match="Invalid Input: 'lp'"):
        nd.Pooling_v1(nd.array(x), kernel=(2, 2), pool_type="lp")
    with pytest.raises(MXNetError, match=r"dshape.ndim\(\) >= 4 \(3 vs. 4\)"):
        nd.Pooling_v1(nd.ones((1, 1, 5)), kernel=(2,))
    y = nd.Pooling_v1(nd.ones((1, 1, 2, 2, 2)), kernel=(2, 2, 2), pool_type="avg")  # 3-D
    assert y.shape == (1, 1, 1, 1, 1) and float(y.asnumpy().ravel()[0]) == 1.0


def test_convolution_v1():
    c = FX["conv_v1"]
    y = nd.Convolution_v1(nd.array(c["x"]), nd.array(c["w"]), nd.array(c["b"]), kernel=(3, 3),
                          num_filter=3, stride=(2, 1), pad=(1, 0))
    _close(y.asnumpy(), c["out"])
    with pytest.raises(MXNetError) as ei:
        nd.Convolution_v1(nd.ones((1, 1, 5)), nd.ones((1, 1, 3)), kernel=(3,), num_filter=1,
                          no_bias=True)
    assert str(ei.value) == _msg(c["err1d"])
    rs = np.random.RandomState(3)
    check_op(lambda p, w: nd.Convolution_v1(p, w, kernel=(2, 2), num_filter=2, no_bias=True),
             None, [rs.uniform(-1, 1, (1, 1, 3, 3)), rs.uniform(-1, 1, (2, 1, 2, 2))],
             orders=(1, 2))


# ---------------------------------------------------------------- BatchNorm_v1
@pytest.mark.parametrize("case", FX["bn_v1"]["cases"],
                         ids=lambda c: str(c["kw"]) + ("train" if c["is_train"] else "infer"))
def test_batchnorm_v1_fixture(case):
    f = FX["bn_v1"]
    x, g, b = nd.array(f["x"]), nd.array(f["gamma"]), nd.array(f["beta"])
    mm, mv = nd.array(f["moving_mean"]), nd.array(f["moving_var"])
    for a in (x, g, b):
        a.attach_grad()
    with autograd.record(train_mode=case["is_train"]):
        outs = nd.BatchNorm_v1(x, g, b, moving_mean=mm, moving_var=mv, momentum=0.8, eps=1e-3,
                               output_mean_var=True, **case["kw"])
    for o, e in zip(outs, case["outs"]):
        _close(o.asnumpy(), e)
    _close(g.asnumpy(), case["gamma_after"])
    _close(mm.asnumpy(), case["aux_after"][0])
    _close(mv.asnumpy(), case["aux_after"][1])
    if case["is_train"]:
        outs[0].backward(nd.array(f["head"]))
        for a, e in zip((x, g, b), case["grads"]):
            _close(a.grad.asnumpy(), e, 1e-4)


def test_batchnorm_v1_defaults_and_gradients():
    assert all(v == [0.0] * 3 for v in FX["bn_v1"]["cases"][0]["aux_init"].values())
    x = np.random.RandomState(4).uniform(-1, 1, (3, 2, 2))
    gamma, beta = np.array([1.5, 0.5]), np.array([0.1, -0.2])

    def ref(p, g, b):
        m = p.mean(axis=(0, 2), keepdims=True)
        v = p.var(axis=(0, 2), keepdims=True)
        return (p - m) / np.sqrt(v + 1e-3) * g[None, :, None] + b[None, :, None]

    with autograd.train_mode():
        check_op(lambda p, g, b: nd.BatchNorm_v1(p, g, b, fix_gamma=False), ref,
                 [x, gamma, beta], orders=(1, 2), rtol=1e-3, atol=1e-4)
    y = nd.BatchNorm_v1(nd.array(x), nd.array(gamma), nd.array(beta))  # inference, aux 0
    _close(y.asnumpy(), x / np.sqrt(1e-3) + beta[None, :, None], 1e-4)
    with pytest.raises(MXNetError, match="Cannot find argument 'axis'"):
        nd.BatchNorm_v1(nd.array(x), nd.array(gamma), nd.array(beta), axis=1)
    with pytest.raises(MXNetError, match="expects 3 inputs"):
        nd.BatchNorm_v1(nd.array(x), nd.array(gamma))


# ---------------------------------------------------------------- IdentityAttachKLSparseReg
def test_kl_sparse_reg_fixture():
    f = FX["kl"]
    assert f["aux_init"] == [0.0, 0.0, 0.0]
    x = nd.array(f["x"])
    ma = nd.array([0.5, 0.5, 0.5])
    x.attach_grad()
    for step in f["steps"]:
        with autograd.record():
            y = nd.IdentityAttachKLSparseReg(x, sparseness_target=0.2, penalty=0.5,
                                             momentum=0.7, moving_avg=ma)
        y.backward(nd.ones((2, 3)) * 0.1)
        _close(y.asnumpy(), step["out"])
        _close(x.grad.asnumpy(), step["grad"])
        _close(ma.asnumpy(), step["moving_avg"])


def test_kl_sparse_reg_nd_and_second_order():
    x = nd.array(np.arange(1, 13).reshape(2, 3, 2) / 13.)  # MXNet crashes for ndim > 2
    x.attach_grad()
    ma = nd.array([0.3, 0.6, 0.4])
    with autograd.record():
        y = nd.IdentityAttachKLSparseReg(x, moving_avg=ma)
        g = autograd.grad(y, [x], create_graph=True)[0]
        s = (g * x).sum()
    avg = x.asnumpy().mean(axis=(0, 2))
    m = 0.9 * np.array([0.3, 0.6, 0.4]) + 0.1 * avg
    _close(ma.asnumpy(), m)
    pen = 0.001 * (-0.1 / m + 0.9 / (1 - m))
    _close(g.asnumpy(), 1 + np.broadcast_to(pen[None, :, None], (2, 3, 2)))
    s.backward()  # d(g.x)/dx = g: the penalty is constant in x
    _close(x.grad.asnumpy(), g.asnumpy())


# ---------------------------------------------------------------- amp_multicast
@pytest.mark.parametrize("case", FX["amp_multicast"]["cases"],
                         ids=lambda c: "-".join(c["dtypes"]) + str(c["narrow"]))
def test_amp_multicast_fixture(case):
    arrs = [nd.array([1, 2], dtype=d) for d in case["dtypes"]]
    res = nd.amp_multicast(*arrs, num_outputs=len(arrs), cast_narrow=case["narrow"])
    res = res if isinstance(res, list) else [res]
    assert [np.dtype(r.dtype).name for r in res] == case["out"]
    for r in res:
        _close(r.asnumpy(), [1, 2])


def test_amp_multicast_errors_and_grad():
    e = FX["amp_multicast"]["errors"]
    for call, want in ((lambda: nd.amp_multicast(nd.ones(2), nd.ones(2)), e[0]),
                       (lambda: nd.amp_multicast(nd.ones(2), nd.ones(2), num_outputs=3), e[1])):
        with pytest.raises(MXNetError) as ei:
            call()
        assert str(ei.value) == _msg(want)
    # MXNet takes the first input's dtype as the seed: int32 first makes float16 int32
    r = nd.amp_multicast(nd.ones(2, dtype="int32"), nd.ones(2, dtype="float16"), num_outputs=2)
    assert [np.dtype(a.dtype).name for a in r] == ["int32", "float16"]
    x, y = nd.array([1., 2]), nd.array([1., 2], dtype="float16")
    x.attach_grad()
    y.attach_grad()
    with autograd.record():
        o = nd.amp_multicast(x, y, num_outputs=2)
        (o[0] * 2 + o[1] * 3).backward()
    assert y.grad.dtype == np.float16
    rs = np.random.RandomState(5)
    check_op(lambda a, b: nd.amp_multicast(a, b, num_outputs=2), lambda a, b: [a, b],
             [rs.uniform(-1, 1, (2, 2)), rs.uniform(-1, 1, (3,))], orders=(1, 2))
    _close(x.grad.asnumpy(), [2, 2])
    _close(y.grad.asnumpy(), [3, 3])


# ---------------------------------------------------------------- small ops
def test_cast_storage():
    x = nd.array([[1, 2], [3, 4]])
    y = nd.cast_storage(x, stype="default")
    _close(y.asnumpy(), x.asnumpy())
    y[:] = 0
    assert x.asnumpy().sum() == 10  # a copy
    for stype in ("csr", "row_sparse"):
        with pytest.raises(MXNetError, match="sparse storage"):
            nd.cast_storage(x, stype=stype)
    for call, want in ((lambda: nd.cast_storage(x), FX["cast_storage"][0]),
                       (lambda: nd.cast_storage(x, stype="bad"), FX["cast_storage"][1])):
        with pytest.raises(MXNetError) as ei:
            call()
        assert str(ei.value) == _msg(want)
    check_op(lambda p: nd.cast_storage(p, stype="default"), lambda p: p, [np.ones((2, 2))])


def test_onehot_encode():
    out = nd.zeros((3, 4))
    r = nd.onehot_encode(nd.array([1.7, 3, 0]), out)
    assert r is out
    _close(out.asnumpy(), FX["onehot"]["out"])
    with pytest.raises(MXNetError) as ei:
        nd.onehot_encode(nd.array([1, 2]), nd.zeros((3, 4)))
    assert str(ei.value) == _msg(FX["onehot"]["errors"][0])
    with pytest.raises(MXNetError, match="only support float32"):
        nd.onehot_encode(nd.array([1, 2, 0]), nd.zeros((3, 4), dtype="int32"))
    with pytest.raises(MXNetError, match="out of range"):
        nd.onehot_encode(nd.array([1, 5, 0]), nd.zeros((3, 4)))


def test_reset_arrays():
    a, b = nd.array([[1, 2], [3, 4]]), nd.array([5, 6], dtype="float16")
    assert nd.reset_arrays(a, b, num_arrays=2) == []
    assert a.asnumpy().sum() == 0 and b.asnumpy().sum() == 0 and b.dtype == np.float16
    for call, want in ((lambda: nd.reset_arrays(a, b), FX["reset_arrays"][0]),
                       (lambda: nd.reset_arrays(a, b, num_arrays=1), FX["reset_arrays"][1])):
        with pytest.raises(MXNetError) as ei:
            call()
        assert str(ei.value) == _msg(want)
    with pytest.raises(MXNetError, match="only support floating point types, not int32"):
        nd.reset_arrays(nd.ones(2, dtype="int32"), num_arrays=1)


def test_multi_lars():
    f = FX["multi_lars"]
    ins = [nd.array(a) for a in f["inputs"]]
    for case in f["cases"]:
        _close(nd.multi_lars(*ins, **case["kw"]).asnumpy(), case["out"])
    calls = [lambda: nd.multi_lars(*ins, eta=0.5),
             lambda: nd.multi_lars(nd.ones(2), nd.ones(3), nd.ones(2), nd.ones(2), eta=0.5,
                                   eps=0.1),
             lambda: nd.multi_lars(nd.ones(2, dtype="float64"), nd.ones(2), nd.ones(2),
                                   nd.ones(2), eta=0.5, eps=0.1)]
    for call, want in zip(calls, f["errors"]):
        with pytest.raises(MXNetError) as ei:
            call()
        assert str(ei.value) == _msg(want)
    out = nd.zeros(4)
    assert nd.multi_lars(*ins, eta=0.5, eps=1e-3, out=out) is out
    _close(out.asnumpy(), f["cases"][0]["out"])


def test_dlpack_round_trip():
    x = nd.array([[1, 2, 3], [4, 5, 6]])
    z = nd.from_dlpack(nd.to_dlpack_for_read(x))
    _close(z.asnumpy(), x.asnumpy())
    w = nd.from_dlpack(nd.to_dlpack_for_write(x))
    w += 1  # shares memory, as MXNet's example
    _close(x.asnumpy(), [[2, 3, 4], [5, 6, 7]])
    a = np.arange(6, dtype=np.float64).reshape(2, 3)
    b = nd.from_dlpack(a.__dlpack__())
    assert b.dtype == np.float64 and b.shape == (2, 3)
    b[:] = 0
    assert a.sum() == 0  # zero copy from numpy
    c = nd.from_dlpack(np.arange(4, dtype=np.int32))  # any object with __dlpack__
    assert c.dtype == np.int32
    ro = np.frombuffer(b"abcd", dtype=np.uint8)  # read-only memory: copied, never written
    d = nd.from_dlpack(ro)
    d[:] = 0
    assert ro.tolist() == [97, 98, 99, 100]
    cap = nd.to_dlpack_for_read(x)
    assert type(cap).__name__ == "PyCapsule"
    nd.from_dlpack(cap)
    with pytest.raises(MXNetError, match="consumed only once"):
        nd.from_dlpack(cap)


def _png(arr):
    import struct
    import zlib
    h, w, c = arr.shape
    raw = b"".join(b"\x00" + arr[i].tobytes() for i in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_imdecode():
    img = (np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3) * 10)
    buf = _png(img)
    try:
        import PIL  # noqa: F401  (optional extra)
    except ImportError:
        with pytest.raises(MXNetError, match="Pillow"):
            nd.imdecode(buf)
        return
    y = nd.imdecode(buf)
    assert y.dtype == np.uint8 and y.shape == (2, 3, 3)
    np.testing.assert_array_equal(y.asnumpy(), img)  # mx.image.imdecode's values
    g = nd.imdecode(buf, channels=1)
    assert g.shape == (2, 3, 1)
    np.testing.assert_array_equal(nd.imdecode(buf, clip_rect=(1, 0, 3, 1)).asnumpy(),
                                  img[0:1, 1:3])
    with pytest.raises(MXNetError, match="Decoding failed"):
        nd.imdecode(b"garbage")


def test_imdecode_without_pillow(monkeypatch):
    import builtins
    real = builtins.__import__

    def fake(name, *a, **k):
        if name == "PIL" or name.startswith("PIL."):
            raise ImportError("no PIL")
        return real(name, *a, **k)
    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(MXNetError, match="imdecode needs Pillow"):
        nd.imdecode(io.BytesIO(b"x").getvalue())


def test_registered_names():
    for name in ("BatchNorm_v1", "Convolution_v1", "Pooling_v1", "Correlation", "Crop",
                 "Custom", "IdentityAttachKLSparseReg", "amp_multicast", "cast_storage",
                 "onehot_encode", "reset_arrays", "from_dlpack", "to_dlpack_for_read",
                 "to_dlpack_for_write", "multi_lars", "imdecode"):
        assert callable(getattr(mx.nd, name)), name
