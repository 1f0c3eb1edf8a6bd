"""NDArray handle behaviour: contexts, copies, conversions, shape algebra (hypothesis)."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import mxlite as mx
from mxlite import nd
from mxlite.base import MXNetError


def test_public_surface():
    assert mx.nd is mx.ndarray and mx.nd.NDArray is mx.ndarray.NDArray
    assert issubclass(mx.base.MXNetError, RuntimeError) and mx.MXNetError is MXNetError
    assert repr(mx.nd.NDArray) == "<class 'mxlite.ndarray.ndarray.NDArray'>"
    assert str(mx.context.current_context()) == "cpu(0)"
    import mxlite.autograd as ag
    import mxlite.ndarray as nd2
    assert ag is mx.autograd and nd2 is nd
    assert mx.nd.waitall() is None
    assert mx.Context("cpu", 0) == mx.cpu() and mx.cpu(1) != mx.cpu(0)
    assert mx.context.num_gpus() == 0
    assert mx.runtime.Features().is_enabled("INT64_TENSOR_SIZE") is False
    assert mx.nd.ndarray.py_slice is slice


def test_context_scope_sets_default():
    with mx.cpu(2):
        a = nd.ones(2)
        assert mx.current_context() == mx.cpu(2)
    assert a.context == mx.cpu(2) and mx.current_context() == mx.cpu(0)
    assert a.as_in_context(mx.cpu(2)) is a
    b = a.as_in_context(mx.cpu(0))
    assert b.context == mx.cpu(0) and b is not a


def test_copy_copyto_and_self_copy_warning():
    a = nd.array([1, 2])
    b = a.copy()
    b[0] = 5
    assert a.asnumpy().tolist() == [1, 2]
    c = nd.zeros(2)
    assert a.copyto(c) is c and c.asnumpy().tolist() == [1, 2]
    with pytest.warns(RuntimeWarning, match="copy an array to itself"):
        assert a.copyto(a) is False
    with pytest.raises(TypeError):
        a.copyto(5)


def test_asnumpy_is_a_copy_and_array_protocol():
    a = nd.array([1, 2])
    n = a.asnumpy()
    n[0] = 9
    assert a.asnumpy()[0] == 1
    assert np.array(a).tolist() == [1.0, 2.0]
    with pytest.raises(TypeError):
        np.ones(2) + a if False else a + np.ones(2)


def test_from_numpy_shares_memory_and_freezes_source():
    src = np.arange(4, dtype=np.float32)
    a = nd.from_numpy(src)
    a[0] = 7
    assert src[0] == 7
    with pytest.raises(ValueError):
        src[1] = 0
    with pytest.raises(ValueError):
        nd.from_numpy(np.arange(6).reshape(2, 3).T)


def test_fluent_methods_exist():
    a = nd.array([[1, -2], [3, 4]])
    assert a.abs().sum().asscalar() == 10
    assert a.exp().shape == (2, 2) and a.sqrt().shape == (2, 2)
    assert a.expand_dims(0).shape == (1, 2, 2) and a.flatten().shape == (2, 2)
    assert a.reshape(4).shape == (4,) and a.reshape(shape=(1, 4)).shape == (1, 4)
    assert a.broadcast_to((3, 2, 2)).shape == (3, 2, 2)
    for name in ("dot", "where", "concat", "stack", "cumsum", "erf", "tolist" if False else "fill"):
        assert not hasattr(a, name) or name == "tolist", name


def test_broadcast_to_errors_and_zero_keeps():
    a = nd.ones((1, 3))
    assert a.broadcast_to((2, 0)).shape == (2, 3)
    with pytest.raises(ValueError, match=r"\(1, 3\) and requested shape \(4,\)"):
        a.broadcast_to((4,))


def test_inplace_readonly_and_types():
    src = np.arange(3, dtype=np.float32)
    src.flags.writeable = False
    a = nd.from_numpy(np.arange(3, dtype=np.float32))
    a += 1
    with pytest.raises(TypeError):
        a += [1, 2, 3]
    with pytest.raises(MXNetError):
        b = nd.ones(2)
        b += nd.ones((2, 2))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_broadcast_arithmetic_matches_numpy(data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=4, max_side=4))
    bshape = data.draw(hnp.broadcastable_shapes(shape, min_dims=1, max_dims=4, max_side=4))
    a = data.draw(hnp.arrays(np.float32, shape, elements=st.floats(-10, 10, width=32)))
    b = data.draw(hnp.arrays(np.float32, bshape, elements=st.floats(0.5, 10, width=32)))
    for op in ("__add__", "__sub__", "__mul__", "__truediv__", "__gt__"):
        got = getattr(nd.array(a), op)(nd.array(b)).asnumpy()
        exp = getattr(a, op)(b).astype(np.float32)
        np.testing.assert_allclose(got, exp, rtol=1e-6, atol=1e-6)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_basic_slicing_matches_numpy_and_view_rule(data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5))
    key = data.draw(hnp.basic_indices(shape, allow_newaxis=True, allow_ellipsis=True))
    src = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    x = nd.array(src)
    expect = src[key]
    got = x[key]
    if expect.ndim == 0:
        assert got.shape == (1,)
    else:
        assert got.shape == expect.shape
    np.testing.assert_array_equal(got.asnumpy().reshape(expect.shape), expect)
    if got.size:
        got[...] = -1
        shares = (x.asnumpy() == -1).any()
        assert shares == expect.flags.c_contiguous or expect.size == 1


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_reshape_with_minus_one_and_zero_matches_numpy(data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4))
    codes = list(data.draw(st.permutations(list(shape))))
    i = data.draw(st.integers(0, len(codes) - 1))
    codes[i] = -1
    x = nd.ones(shape)
    assert x.reshape(tuple(codes)).shape == np.ones(shape).reshape(codes).shape
    keep = tuple(0 if k < len(shape) and j == k else s for j, (k, s) in
                 enumerate(zip(range(len(shape)), shape)))
    assert x.reshape(keep).shape == shape
