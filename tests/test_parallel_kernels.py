"""Large elementwise kernels split over threads (mxlite/_parallel.py): the split covers every
element once, errors propagate, results equal NumPy's, and forked children still work."""
import os
import signal
import subprocess
import sys
import threading

import numpy as np
import pytest

import mxlite as mx
from mxlite import _parallel, nd
from mxlite import autograd as ag

BIG = _parallel.MIN_SIZE * 2 + 12345  # an odd size: the last chunk is short


@pytest.fixture
def threads3():
    prev = _parallel.set_num_threads(3)
    yield
    _parallel.set_num_threads(prev)


def test_run_covers_each_element_once(threads3):
    seen, lock = [], threading.Lock()

    def fn(i, j):
        with lock:
            seen.append((i, j, threading.get_ident()))
    _parallel.run(fn, BIG)
    spans = sorted((i, j) for i, j, _ in seen)
    assert len(spans) == 3
    assert spans[0][0] == 0 and spans[-1][1] == BIG
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(i % 1024 == 0 for i, _ in spans)
    assert len({t for *_, t in seen}) > 1  # really on other threads


def test_small_work_is_not_split(threads3):
    calls = []
    _parallel.run(lambda i, j: calls.append((i, j)), _parallel.MIN_SIZE - 1)
    assert calls == [(0, _parallel.MIN_SIZE - 1)]


def test_errors_propagate_after_all_chunks_finish(threads3):
    done = []

    def fn(i, j):
        if i > 0:
            raise ValueError(f"chunk at {i}")
        done.append(i)
    with pytest.raises(ValueError, match="chunk at"):
        _parallel.run(fn, BIG)
    assert done == [0]


def test_no_nested_split_inside_a_worker(threads3):
    inner = []

    def fn(i, j):
        inner.append(_parallel.parts(BIG))
    _parallel.run(fn, BIG)
    assert sorted(inner) == [1, 1, 3]  # the calling thread may split, workers never


def test_set_num_threads_validates():
    with pytest.raises(ValueError, match="at least 1"):
        _parallel.set_num_threads(0)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
@pytest.mark.parametrize("op", ["__add__", "__sub__", "__mul__", "__truediv__", "maximum",
                                "minimum"])
def test_split_binary_ops_match_numpy(threads3, op, dtype):
    rs = np.random.RandomState(0)
    a = (rs.rand(BIG) * 10 + 1).astype(dtype)
    b = (rs.rand(BIG) * 10 + 1).astype(dtype)
    x, y = nd.array(a, dtype=dtype), nd.array(b, dtype=dtype)
    if op in ("maximum", "minimum"):
        got = getattr(nd, op)(x, y).asnumpy()
        want = getattr(np, op)(a, b)
    else:
        got = getattr(x, op)(y).asnumpy()
        want = getattr(a, op)(b)
        if op == "__truediv__" and dtype == "int32":  # C++ division: truncation
            want = np.trunc(a / b).astype(dtype)
    assert got.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(got, want)


def test_split_binary_keeps_shape_and_broadcasting(threads3):
    a = np.random.rand(1024, 1025).astype(np.float32)
    b = np.random.rand(1, 1025).astype(np.float32)
    np.testing.assert_array_equal((nd.array(a) * nd.array(a)).asnumpy(), a * a)
    np.testing.assert_array_equal((nd.array(a) * nd.array(b)).asnumpy(), a * b)
    # a transposed (non-contiguous) operand is not split but still right
    t = nd.array(a).T
    np.testing.assert_array_equal((t + t).asnumpy(), a.T + a.T)


def test_copyto_and_fill(threads3):
    src = np.random.rand(BIG).astype(np.float32)
    dst = np.empty_like(src)
    _parallel.copyto(dst, src)
    np.testing.assert_array_equal(dst, src)
    _parallel.fill(dst, 2.5)
    assert (dst == 2.5).all()
    d64 = np.empty(BIG, np.float64)
    _parallel.copyto(d64, src)  # casting copy
    np.testing.assert_array_equal(d64, src.astype(np.float64))


def test_big_elementwise_gradients(threads3):
    rs = np.random.RandomState(1)
    a, b, c = (nd.array(rs.rand(BIG).astype(np.float32)) for _ in range(3))
    for t in (a, b, c):
        t.attach_grad()
    with ag.record():
        z = a * b + c
    z.backward()
    np.testing.assert_array_equal(a.grad.asnumpy(), b.asnumpy())
    np.testing.assert_array_equal(b.grad.asnumpy(), a.asnumpy())
    np.testing.assert_array_equal(c.grad.asnumpy(), np.ones(BIG, np.float32))


def test_thread_count_from_environment():
    code = ("from mxlite import _parallel; print(_parallel.num_threads(), "
            "_parallel.parts(10**7))")
    for env, want in (({"MXLITE_NUM_THREADS": "1"}, "1 1"),
                      ({"MXLITE_NUM_THREADS": "3"}, "3 3"),
                      ({"OMP_NUM_THREADS": "2,1"}, "2 2")):
        e = {k: v for k, v in os.environ.items()
             if k not in ("MXLITE_NUM_THREADS", "OMP_NUM_THREADS")}
        e.update(env)
        out = subprocess.run([sys.executable, "-c", code], env=e, capture_output=True,
                             text=True, check=True).stdout.split()
        assert " ".join(out) == want


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_forked_child_gets_a_fresh_pool(threads3):
    x = nd.array(np.ones(BIG, np.float32))
    (x * x).wait_to_read()  # the parent's pool exists now
    pid = os.fork()
    if pid == 0:  # child: the parent's worker threads do not exist here
        signal.alarm(30)  # a deadlocked child dies instead of hanging the suite
        try:
            ok = float((x * x).sum().asscalar()) == BIG
        except BaseException:
            ok = False
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0
    assert mx.nd.waitall() is None


UNARY = ("negative abs sign reciprocal square sqrt rsqrt cbrt rcbrt exp expm1 log log10 log2 "
         "log1p sin cos tan arcsin arccos arctan degrees radians sinh cosh tanh arcsinh "
         "arccosh arctanh relu sigmoid softsign").split()


def _special_big(dtype):
    rs = np.random.RandomState(0)
    x = (rs.randn(BIG) * 3).astype(dtype)
    x[::1000], x[1::1000], x[2::1000], x[3::1000] = np.nan, np.inf, -np.inf, 0
    return x


def _split_and_whole(f, x):
    """f(x) as NumPy arrays with 3 kernel threads and with 1."""
    prev = _parallel.set_num_threads(3)
    try:
        split = f(x).asnumpy()
        _parallel.set_num_threads(1)
        return split, f(x).asnumpy()
    finally:
        _parallel.set_num_threads(prev)


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int32"])
def test_split_unary_ops_equal_single_thread(dtype):
    x = nd.array(_special_big("float64").astype(dtype) if dtype != "int32"
                 else np.arange(BIG, dtype=np.int32) % 97 - 40, dtype=dtype)
    with np.errstate(all="ignore"):
        for name in UNARY:
            split, whole = _split_and_whole(getattr(nd, name), x)
            assert split.dtype == whole.dtype, name
            np.testing.assert_array_equal(split, whole, err_msg=name)


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid"])
def test_split_fused_gradients_equal_single_thread(name):
    x = nd.array(_special_big("float32")[: BIG - 7])
    x.attach_grad()
    head = nd.array(np.random.RandomState(2).rand(BIG - 7).astype(np.float32))
    got = []
    for k in (3, 1):
        prev = _parallel.set_num_threads(k)
        try:
            with ag.record():
                y = getattr(nd, name)(x)
            y.backward(head)
        finally:
            _parallel.set_num_threads(prev)
        got.append(x.grad.asnumpy().copy())
    np.testing.assert_array_equal(got[0], got[1])
    fin = np.isfinite(x.asnumpy())
    want = {"relu": lambda v: (v > 0).astype(np.float32),
            "tanh": lambda v: 1 - np.tanh(v) ** 2,
            "sigmoid": lambda v: (1 / (1 + np.exp(-v))) * (1 - 1 / (1 + np.exp(-v)))}[name]
    np.testing.assert_allclose(got[0][fin], (head.asnumpy() * want(x.asnumpy()))[fin],
                               rtol=1e-5, atol=1e-6)


def test_workers_follow_the_callers_floating_point_error_mode(threads3):
    import warnings
    x = nd.array(np.zeros(BIG, np.float32))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="ignore"):
            assert np.isneginf(nd.log(x).asnumpy()).all()
    with np.errstate(divide="raise"):
        with pytest.raises(FloatingPointError):
            nd.log(x)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_split_scalar_ops_equal_single_thread(dtype):
    x = nd.array(_special_big(dtype), dtype=dtype)
    cases = [lambda v: v + 1.5, lambda v: v - 2, lambda v: v * 0.1, lambda v: v / 3,
             lambda v: 2 - v, lambda v: nd.maximum(v, 0.5), lambda v: nd.minimum(v, -1)]
    with np.errstate(all="ignore"):
        for i, f in enumerate(cases):
            split, whole = _split_and_whole(f, x)
            assert split.dtype == np.dtype(dtype)
            np.testing.assert_array_equal(split, whole, err_msg=str(i))


def test_set_blas_threads_finds_numpys_blas():
    assert _parallel.set_blas_threads(_parallel.num_threads()) >= 1


def test_dataloader_workers_run_single_threaded():
    from mxlite.gluon.data import ArrayDataset, DataLoader
    ds = ArrayDataset(nd.arange(8).reshape(8, 1))
    ds = ds.transform(lambda x: x * 0 + _parallel.num_threads())
    got = [b.asnumpy().ravel().tolist() for b in DataLoader(ds, batch_size=4, num_workers=2)]
    assert got == [[1.0] * 4, [1.0] * 4]


def _opt_state(seed):
    rs = np.random.RandomState(seed)
    return [nd.array(rs.randn(BIG).astype(np.float32)) for _ in range(4)]


@pytest.mark.parametrize("case", ["sgd", "sgd_mom", "adam", "adamw"])
@pytest.mark.parametrize("in_place", [True, False])
def test_split_optimizer_updates_equal_single_thread(case, in_place):
    def run(k):
        w, g, m, v = _opt_state(3)
        v = nd.abs(v)
        kw = dict(out=w) if in_place else {}
        prev = _parallel.set_num_threads(k)
        try:
            if case == "sgd":
                r = nd.sgd_update(w, g, lr=0.1, wd=0.01, clip_gradient=1.0, **kw)
            elif case == "sgd_mom":
                r = nd.sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.01, **kw)
            elif case == "adam":
                r = nd.adam_update(w, g, m, v, lr=0.01, wd=0.001, rescale_grad=0.5, **kw)
            else:
                r = nd.contrib.adamw_update(w, g, m, v, rescale_grad=nd.array([0.5]), lr=0.01,
                                            eta=1.0, wd=0.01, clip_gradient=0.8, **kw)
        finally:
            _parallel.set_num_threads(prev)
        if in_place:
            assert r is w
        return [a.asnumpy() for a in (r, w, g, m, v)]
    for got, want in zip(run(3), run(1)):
        np.testing.assert_array_equal(got, want)


def _conv_pool_job(seed, out, steps=8):
    r = np.random.RandomState(seed)
    x = nd.array(r.randn(16, 3, 20, 20))
    w = nd.array(r.randn(8, 3, 5, 5))
    b = nd.array(r.randn(8))
    w.attach_grad()
    res = []
    for _ in range(steps):
        with ag.record():
            h = nd.Convolution(x, w, b, kernel=(5, 5), num_filter=8)
            h = nd.Pooling(nd.relu(h), kernel=(2, 2), stride=(2, 2), pool_type="max")
            loss = (h * h).sum()
        loss.backward()
        res.append((h.asnumpy().copy(), w.grad.asnumpy().copy()))
    out[seed] = res


def test_user_threads_running_conv_and_pool_at_once_get_their_own_results():
    # scratch buffers are per thread: concurrent training loops must not see each other's
    ref, got = {}, {}
    for s in range(4):
        _conv_pool_job(s, ref)
    ts = [threading.Thread(target=_conv_pool_job, args=(s, got)) for s in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for s in range(4):
        for (h0, g0), (h1, g1) in zip(ref[s], got[s]):
            np.testing.assert_array_equal(h0, h1)
            np.testing.assert_array_equal(g0, g1)


def test_user_threads_sharing_the_kernel_pool(threads3):
    rs = np.random.RandomState(5)
    arrays = [rs.rand(BIG).astype(np.float32) for _ in range(4)]
    want = [a * a + 1 for a in arrays]
    got = [None] * 4

    def job(i):
        x = nd.array(arrays[i])
        for _ in range(5):
            got[i] = (x * x + 1).asnumpy()
    ts = [threading.Thread(target=job, args=(i,)) for i in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)


@pytest.mark.parametrize("momentum", [None, 0.9])
def test_multi_sgd_blocked_equals_whole(momentum, monkeypatch):
    from mxlite.ndarray import optimizer_ops
    rs = np.random.RandomState(7)
    size = optimizer_ops._MULTI_BLOCKED * 2 + 333

    def run(blocked):
        if not blocked:
            monkeypatch.setattr(optimizer_ops, "_MULTI_BLOCKED", 1 << 40)
        w = nd.array(rs.randn(size).astype(np.float32))
        g = nd.array(rs.randn(size).astype(np.float32))
        m = nd.array(rs.randn(size).astype(np.float32))
        if momentum is None:
            nd.multi_sgd_update(w, g, lrs=(0.1,), wds=(0.01,), rescale_grad=0.5,
                                clip_gradient=0.3, num_weights=1, out=[w])
        else:
            nd.multi_sgd_mom_update(w, g, m, lrs=(0.1,), wds=(0.01,), momentum=momentum,
                                    rescale_grad=0.5, num_weights=1, out=[w])
        monkeypatch.undo()
        return w.asnumpy(), m.asnumpy()
    state = rs.get_state()
    a = run(True)
    rs.set_state(state)
    b = run(False)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
