"""Engine behaviour beyond the recorded fixtures: higher orders, memory, threads, Function."""
import gc
import threading
import tracemalloc

import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd as ag, nd
from mxlite.base import MXNetError


def test_second_order_identically_zero_is_zeros_not_unreachable():
    for f in (nd.relu, nd.abs, lambda x: nd.clip(x, -1, 1), lambda x: x * 3.0,
              lambda x: x + 1, lambda x: nd.BlockGrad(x) * x):
        x = nd.array([0.5, -0.25, 2.0]).astype("float64")
        x.attach_grad()
        with ag.record():
            y = f(x)
            g = ag.grad(y, x, create_graph=True)[0]
        g2 = ag.grad(g, x)[0]
        assert g2.shape == x.shape
        assert np.isfinite(g2.asnumpy()).all()


def test_third_order_tanh_matches_formula():
    xv = np.array([0.3, -0.7, 1.1])
    x = nd.array(xv, dtype="float64")
    x.attach_grad()
    with ag.record():
        y = nd.tanh(x)
        g1 = ag.grad(y, x, create_graph=True)[0]
        g2 = ag.grad(g1, x, create_graph=True)[0]
    g3 = ag.grad(g2, x)[0].asnumpy()
    t = np.tanh(xv)
    np.testing.assert_allclose(g1.asnumpy(), 1 - t ** 2, rtol=1e-10)
    np.testing.assert_allclose(g2.asnumpy(), -2 * t * (1 - t ** 2), rtol=1e-10)
    np.testing.assert_allclose(g3, (-2 + 6 * t ** 2) * (1 - t ** 2), rtol=1e-10)


def test_create_graph_then_backward_into_grad_buffer():
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    with ag.record():
        y = x * x * x
        g = ag.grad(y, x, create_graph=True)[0]   # 3x^2
    g.backward()                                    # d/dx sum(3x^2) = 6x
    np.testing.assert_allclose(x.grad.asnumpy(), [6, 12])


def test_memory_stays_flat_over_many_steps():
    x = nd.random.uniform(shape=(64,))
    x.attach_grad()

    def step():
        with ag.record():
            y = nd.tanh(x * 2 + 1) * x
            z = (y * y).sum()
        z.backward()

    for _ in range(200):
        step()
    gc.collect()
    gc.disable()
    try:
        tracemalloc.start()
        for _ in range(2000):
            step()
        first, _ = tracemalloc.get_traced_memory()
        for _ in range(2000):
            step()
        second, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert gc.collect() == 0, "the graph must not create reference cycles"
    finally:
        gc.enable()
    assert second - first < 64 * 1024, f"memory grew by {second - first} bytes over 2000 steps"


def test_graph_freed_when_head_dropped():
    import weakref
    x = nd.ones(3)
    x.attach_grad()
    with ag.record():
        y = x * 2
    ref = weakref.ref(y._node)
    del y
    assert ref() is None


def test_recording_is_thread_local():
    seen = {}
    ready = threading.Event()
    done = threading.Event()

    def other():
        ready.wait()
        seen["recording"] = ag.is_recording()
        seen["training"] = ag.is_training()
        a = nd.ones(2)
        a.attach_grad()
        b = nd.ones(2) * 3
        seen["recorded"] = b._node is not None
        done.set()

    t = threading.Thread(target=other)
    t.start()
    with ag.record():
        ready.set()
        done.wait()
    t.join()
    assert seen == {"recording": False, "training": False, "recorded": False}


def test_backward_inside_record_is_allowed():
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    with ag.record():
        y = x * x
        y.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), [2, 4])


def test_head_gradient_shape_and_dtype_checked():
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    with ag.record():
        y = x * 2
    with pytest.raises(MXNetError, match=r"\[3\].*\[2\]"):
        y.backward(nd.ones(3), retain_graph=True)
    with pytest.raises(MXNetError, match="dtype"):
        y.backward(nd.ones(2, dtype="float64"))


def test_backward_list_of_same_head_sums():
    x = nd.array([1.0])
    x.attach_grad()
    with ag.record():
        y = x * 2
    ag.backward([y, y])
    assert x.grad.asscalar() == 4.0  # MXNet gives 2 (a quirk not copied)


def test_function_wrong_gradient_count_is_clear():
    class Bad(ag.Function):
        def forward(self, a, b):
            return a + b

        def backward(self, dy):
            return dy

    a, b = nd.ones(2), nd.ones(2)
    a.attach_grad()
    b.attach_grad()
    with ag.record():
        y = Bad()(a, b)
    with pytest.raises(MXNetError, match="returned 1 gradient"):
        y.backward()


def test_function_forward_sees_recording_paused():
    flags = {}

    class F(ag.Function):
        def forward(self, x):
            flags["rec"], flags["train"] = ag.is_recording(), ag.is_training()
            return x * 2

        def backward(self, dy):
            return dy * 2

    x = nd.ones(2)
    x.attach_grad()
    with ag.record():
        y = F()(x)
    y.backward()
    assert flags == {"rec": False, "train": True}
    np.testing.assert_allclose(x.grad.asnumpy(), [2, 2])


def test_function_on_constants_inside_record():
    class F(ag.Function):
        def forward(self, x):
            return x * 2

        def backward(self, dy):
            return dy * 2

    with ag.record():
        for _ in range(3):
            y = F()(nd.ones(2))
    assert y._node is None


def test_deep_chain_has_no_recursion_limit():
    x = nd.ones(1)
    x.attach_grad()
    with ag.record():
        y = x
        for _ in range(5000):
            y = y * 1.0
    y.backward()
    assert x.grad.asscalar() == 1.0


def test_grad_with_head_grads_and_multiple_variables():
    x = nd.array([1.0, 2.0])
    w = nd.array([3.0, 4.0])
    x.attach_grad()
    w.attach_grad()
    with ag.record():
        y = x * w
    gx, gw = ag.grad(y, [x, w], head_grads=nd.array([1.0, 10.0]))
    np.testing.assert_allclose(gx.asnumpy(), [3, 40])
    np.testing.assert_allclose(gw.asnumpy(), [1, 20])


def test_mark_variables_buffer_is_written_in_place():
    x = nd.array([1.0, 2.0])
    g = nd.zeros(2)
    ag.mark_variables([x], [g])
    with ag.record():
        y = x * 5
    y.backward()
    np.testing.assert_allclose(g.asnumpy(), [5, 5])


def test_gpu_allocation_raises_mxnet_error():
    with pytest.raises(MXNetError):
        nd.ones((2,), ctx=mx.gpu(0))
