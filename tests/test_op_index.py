"""Indexing and selection (group E) and nd.contrib: gradients of order 1 and 2 by finite
differences, the ⚠ conventions, errors. (Forward fixtures from MXNet 1.9.1 are replayed in
test_op_shape.py::test_fixture_forward.)"""
import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd, nd
from mxlite.base import MXNetError
from opcheck import check_op

R = np.random.RandomState(11)


def rnd(*shape):
    return R.uniform(-1, 1, shape)


def const(v, dtype="float32"):
    return nd.array(v, dtype=dtype)


# ------------------------------------------------------------ slices
def test_slice_grads():
    x = rnd(3, 4, 2)
    check_op(lambda a: nd.slice(a, begin=(1, None), end=(None, 0), step=(-1, -2)),
             lambda a: a[1::-1, :0:-2], [x])
    check_op(lambda a: nd.crop(a, begin=(0, 1), end=(2, 3)), lambda a: a[0:2, 1:3], [x])
    check_op(lambda a: nd.slice_axis(a, axis=-2, begin=-3, end=None), lambda a: a[:, -3:], [x])
    check_op(lambda a: nd.slice_axis(a, axis=0, begin=1, end=2), lambda a: a[1:2], [x])


# ------------------------------------------------------------ take, batch_take, pick
@pytest.mark.parametrize("mode", ["clip", "wrap"])
def test_take_grads(mode):
    a = rnd(4, 3)
    idx = np.array([[0, 5.7], [-1, 0]])  # duplicates and out-of-range indices
    ii = np.clip(idx.astype(int), 0, 3) if mode == "clip" else np.mod(idx.astype(int), 4)
    check_op(lambda p: nd.take(p, const(idx), mode=mode), lambda p: p[ii], [a])
    check_op(lambda p: nd.take(p, const(idx), axis=1, mode=mode),
             lambda p: np.take(p, np.clip(idx.astype(int), 0, 2) if mode == "clip"
                               else np.mod(idx.astype(int), 3), axis=1), [a])


def test_take_duplicates_accumulate():
    x = nd.array([1.0, 2.0, 3.0])
    x.attach_grad()
    with autograd.record():
        y = nd.take(x, nd.array([0, 0, 2]))
    y.backward()
    assert x.grad.asnumpy().tolist() == [2.0, 0.0, 1.0]


def test_take_index_dtypes_and_raise():
    a = nd.array([[1, 2], [3, 4]])
    assert nd.take(a, nd.array([1], dtype="int32")).asnumpy().tolist() == [[3, 4]]
    assert nd.take(a, nd.array([1], dtype="int64"), mode="raise").shape == (1, 2)
    with pytest.raises(MXNetError, match="out of bound"):
        nd.take(a, nd.array([2]), mode="raise")
    with pytest.raises(MXNetError, match="Axis should be in the range"):
        nd.take(a, nd.array([0]), axis=2)


def test_batch_take_grad():
    check_op(lambda p: nd.batch_take(p, const([2, 0, 7], "int32")),
             lambda p: p[np.arange(3), [2, 0, 2]], [rnd(3, 3)])
    with pytest.raises(MXNetError, match="inferred type = int32"):
        nd.batch_take(nd.ones((2, 2)), nd.array([0, 1]))


@pytest.mark.parametrize("axis,keepdims,mode", [(-1, False, "clip"), (0, True, "wrap"),
                                                (1, False, "wrap")])
def test_pick_grads(axis, keepdims, mode):
    x = rnd(3, 4, 2)
    n = x.shape[axis]
    ishape = list(x.shape)
    ishape[axis] = 1
    idx = R.randint(-2, n + 2, size=ishape).astype(np.float64)
    ii = np.clip(idx.astype(int), 0, n - 1) if mode == "clip" else np.mod(idx.astype(int), n)

    def ref(p):
        r = np.take_along_axis(p, ii, axis=axis)
        return r if keepdims else r.squeeze(axis)
    index = const(idx if keepdims else idx.squeeze(axis))
    check_op(lambda p: nd.pick(p, index, axis=axis, keepdims=keepdims, mode=mode), ref, [x])


def test_pick_index_gets_no_gradient_and_is_fast_path():
    x, i = nd.array(rnd(64, 10)), nd.array(R.randint(0, 10, 64))
    x.attach_grad()
    with autograd.record():
        y = nd.pick(nd.log_softmax(x) if hasattr(nd, "log_softmax") else x, i)
    y.backward()
    assert x.grad.shape == (64, 10)
    assert nd.choose_element_0index(x, i).shape == (64,)


def test_fill_element_0index_grads():
    lhs, mhs = rnd(3, 4), rnd(3)
    rhs = const([0, 3, 1])

    def ref(a, b):
        r = a.copy()
        r[np.arange(3), [0, 3, 1]] = b
        return r
    check_op(lambda a, b: nd.fill_element_0index(a, b, rhs), ref, [lhs, mhs])


# ------------------------------------------------------------ one_hot, gather/scatter
def test_one_hot_out_of_range_rows_and_dtype():
    y = nd.one_hot(nd.array([1, -1, 3, 2.9]), 3, on_value=5, off_value=-1, dtype="int32")
    assert y.dtype == np.int32
    assert y.asnumpy().tolist() == [[-1, 5, -1], [-1, -1, -1], [-1, -1, -1], [-1, -1, 5]]


def test_gather_scatter_nd_grads():
    d = rnd(3, 4, 2)
    idx = np.array([[2, 0, 2], [1, 3, 1]])  # (M=2, 3): a duplicate coordinate
    check_op(lambda p: nd.gather_nd(p, const(idx)), lambda p: p[idx[0], idx[1]], [d])
    uidx = np.array([[2, 0], [1, 3]])

    def ref(v):
        z = np.zeros((3, 4))
        z[uidx[0], uidx[1]] = v
        return z
    check_op(lambda v: nd.scatter_nd(v, const(uidx), shape=(3, 4)), ref, [rnd(2)])


def test_gather_nd_layout_is_m_first():
    data = nd.array([[1, 2], [3, 4]])
    assert nd.gather_nd(data, nd.array([[1, 0], [0, 1]])).asnumpy().tolist() == [3, 2]
    with pytest.raises(MXNetError, match="at least 2 dimensions"):
        nd.gather_nd(data, nd.array([1, 0]))


# ------------------------------------------------------------ sequences
def test_sequence_ops_grads():
    x = rnd(4, 3, 2)
    lens = const([1, 4, 2])
    t = np.arange(4)[:, None, None]
    L = np.array([1, 4, 2])[None, :, None]
    check_op(lambda a: nd.SequenceMask(a, lens, use_sequence_length=True, value=-2.0),
             lambda a: np.where(t < L, a, -2.0), [x])
    check_op(lambda a: nd.SequenceMask(a, const([2, 1, 3, 1]), use_sequence_length=True,
                                       axis=1),
             lambda a: np.where(np.arange(3)[None, :, None] < np.array([2, 1, 3, 1])[:, None,
                                                                                      None], a, 0),
             [rnd(4, 3, 2)])
    check_op(lambda a: nd.SequenceLast(a, lens, use_sequence_length=True),
             lambda a: a[[0, 3, 1], [0, 1, 2]], [x])
    check_op(lambda a: nd.SequenceLast(a), lambda a: a[-1], [x])

    def rev(a):
        out = a.copy()
        for n, ln in enumerate([1, 4, 2]):
            out[:ln, n] = a[:ln, n][::-1]
        return out
    check_op(lambda a: nd.SequenceReverse(a, lens, use_sequence_length=True), rev, [x])
    check_op(lambda a: nd.SequenceReverse(a), lambda a: a[::-1], [x])


def test_sequence_errors():
    with pytest.raises(MXNetError, match="expects 2 inputs"):
        nd.SequenceMask(nd.ones((3, 2)), use_sequence_length=True)
    with pytest.raises(MXNetError, match="rank 2 or greater"):
        nd.SequenceLast(nd.ones(3))
    with pytest.raises(MXNetError, match="expects axis to be 0"):
        nd.SequenceReverse(nd.ones((2, 3)), nd.array([1, 2]), use_sequence_length=True, axis=1)
    # MXNet reads garbage for lengths outside [1, T]; mxlite refuses them
    with pytest.raises(MXNetError, match=r"sequence_length values must be in \[1, 3\]"):
        nd.SequenceLast(nd.ones((3, 2)), nd.array([0, 5]), use_sequence_length=True)


# ------------------------------------------------------------ ravel, histogram
def test_ravel_unravel_round_trip():
    coords = nd.array([[3, 6, 6], [4, 5, 1]])
    flat = nd.ravel_multi_index(coords, shape=(7, 6))
    assert flat.asnumpy().tolist() == [22, 41, 37]
    assert (nd.unravel_index(flat, shape=(7, 6)).asnumpy() == coords.asnumpy()).all()


def test_histogram_dtypes():
    c, e = nd.histogram(nd.array([0, 1, 1, 2, 3, 5]), bins=3)
    assert c.dtype == np.float32 and e.dtype == np.float32
    c, _ = nd.histogram(nd.array([0, 1, 1, 2, 3, 5]), bins=3, range=(0, 3))
    assert c.dtype == np.int64 and c.asnumpy().tolist() == [1, 2, 2]


# ------------------------------------------------------------ contrib
def test_boolean_mask_grad():
    check_op(lambda a: nd.contrib.boolean_mask(a, const([1, 0, 2])), lambda a: a[[0, 2]],
             [rnd(3, 2)])
    assert nd.contrib.boolean_mask(nd.ones((3, 2)), nd.zeros(3)).shape == (0, 2)


def test_index_copy_grads():
    idx = const([2, 0])

    def ref(o, n):
        r = o.copy()
        r[[2, 0]] = n
        return r
    check_op(lambda o, n: nd.contrib.index_copy(o, idx, n), ref, [rnd(4, 2), rnd(2, 2)])
    with pytest.raises(MXNetError, match="index_vector values must be in"):
        nd.contrib.index_copy(nd.zeros((2, 2)), nd.array([5]), nd.ones((1, 2)))


def test_contrib_predicates_keep_input_dtype():
    x = nd.array([1, np.inf, -np.inf, np.nan], dtype="float64")
    assert nd.contrib.isinf(x).dtype == np.float64
    assert nd.contrib.isnan(x).asnumpy().tolist() == [0, 0, 0, 1]
    assert nd.contrib.isfinite(nd.array([1, 2], dtype="int32")).dtype == np.int32
    r = nd.contrib.allclose(nd.array([1, 2]), nd.array([1, 2.000001]))
    assert r.dtype == np.uint8 and r.shape == () and r.asscalar() == 1
    assert nd.contrib.arange_like(nd.ones((2, 3)), repeat=2).asnumpy().tolist() == \
        [[0, 0, 1], [1, 2, 2]]


def test_predicates_are_connected_zero_gradients():
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    with mx.autograd.record():
        y = nd.contrib.isfinite(x) + x
    y.backward()
    assert x.grad.asnumpy().tolist() == [1.0, 1.0]


def test_one_hot_integer_values_cast_as_mxnet():
    """on_value cast to an integer dtype as C++'s static_cast (MXNet 1.9.1's results): out of
    the 32-bit range int32 gets INT_MIN, narrower types wrap."""
    got = [nd.one_hot(nd.array([0]), 2, on_value=v, dtype=dt).asnumpy()[0, 0]
           for v in (1e10, -3e9, 300.7, -1.95) for dt in ("int32", "uint8", "int8", "int64")]
    assert got == [-2147483648, 0, 0, 10000000000, -2147483648, 0, 0, -3000000000,
                   300, 44, 44, 300, -1, 255, -1, -1]
