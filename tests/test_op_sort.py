"""Sorting (group F): topk / sort / argsort against MXNet fixtures and numpy, with working
gradients (MXNet's sort backward is broken), stable tie order and error texts."""
import numpy as np
import pytest

from mxlite import autograd, nd
from mxlite.base import MXNetError
from opcheck import check_op
from test_op_reduce import CASES, replay

SORT_CASES = [n for n in CASES if n.split("_")[0] in ("topk", "sort", "argsort")]


@pytest.mark.parametrize("name", SORT_CASES)
def test_fixture(name):
    replay(CASES[name])


RS = np.random.RandomState(7)
X = RS.permutation(24).reshape(2, 3, 4) / 7.0 - 1.5   # unique values


@pytest.mark.parametrize("axis", [-1, 0, 1, None])
@pytest.mark.parametrize("is_ascend", [True, False])
def test_order_matches_numpy(axis, is_ascend):
    a = nd.array(X)
    flat = X.reshape(-1) if axis is None else X
    ax = -1 if axis is None else axis
    idx = np.argsort(flat if is_ascend else -flat, axis=ax)
    np.testing.assert_array_equal(nd.argsort(a, axis=axis, is_ascend=is_ascend).asnumpy(), idx)
    np.testing.assert_allclose(nd.sort(a, axis=axis, is_ascend=is_ascend).asnumpy(),
                               np.take_along_axis(flat, idx, ax), rtol=1e-6)
    k = 2
    got = nd.topk(a, axis=axis, k=k, ret_typ="both", is_ascend=is_ascend)
    sel = np.take(idx, np.arange(k), axis=ax)
    np.testing.assert_array_equal(got[1].asnumpy(), sel)
    np.testing.assert_allclose(got[0].asnumpy(), np.take_along_axis(flat, sel, ax), rtol=1e-6)


def test_argpartition_path_is_stable_and_matches_numpy():
    a = RS.permutation(400).reshape(2, 200).astype(np.float32)
    got = nd.topk(nd.array(a), k=5, ret_typ="both")
    idx = np.argsort(-a, axis=-1)[:, :5]
    np.testing.assert_array_equal(got[1].asnumpy(), idx)
    ties = np.zeros((1, 100), dtype=np.float32)
    ties[0, [70, 10, 40]] = 1
    assert nd.topk(nd.array(ties), k=4).asnumpy().tolist() == [[10, 40, 70, 0]]
    assert nd.topk(nd.array(ties), k=2, is_ascend=True).asnumpy().tolist() == [[0, 1]]


@pytest.mark.parametrize("fn, ref", [
    (lambda x: nd.sort(x, axis=1), lambda x: np.sort(x, axis=1)),
    (lambda x: nd.sort(x, axis=None, is_ascend=False), lambda x: -np.sort(-x.reshape(-1))),
    (lambda x: nd.topk(x, k=2, ret_typ="value"), lambda x: -np.sort(-x, -1)[..., :2]),
    (lambda x: nd.topk(x, k=3, axis=None, ret_typ="value", is_ascend=True),
     lambda x: np.sort(x.reshape(-1))[:3]),
    (lambda x: nd.topk(nd.exp(x), k=2, axis=0, ret_typ="both")[0],
     lambda x: -np.sort(-np.exp(x), 0)[:2]),
])
def test_value_gradients(fn, ref):
    check_op(fn, ref, [X], orders=(1, 2))


def test_sort_gradient_scatters_back():
    x = nd.array([[3, 1, 2]])
    x.attach_grad()
    with autograd.record():
        y = nd.sort(x)
    y.backward(nd.array([[10, 20, 30]]))
    assert x.grad.asnumpy().tolist() == [[30, 10, 20]]


def test_indices_and_mask_have_zero_gradient():
    x = nd.array([[3, 1, 2]])
    x.attach_grad()
    with autograd.record():
        y = nd.topk(x, k=2) + nd.topk(x, k=2, ret_typ="mask").sum() + nd.argsort(x).sum()
    y.backward()
    assert x.grad.asnumpy().tolist() == [[0, 0, 0]]


def test_dtypes_and_fluent():
    x = nd.array([[3, 1, 2]])
    assert nd.topk(x).dtype == np.float32
    assert nd.argsort(x, dtype="int64").dtype == np.int64
    assert nd.topk(x, ret_typ="mask").dtype == np.float32
    assert x.topk(k=2).shape == (1, 2) and x.sort().asnumpy().tolist() == [[1, 2, 3]]
    assert x.argsort(is_ascend=False).asnumpy().tolist() == [[0, 2, 1]]


def test_errors():
    x = nd.ones((2, 3))
    with pytest.raises(MXNetError, match="k must be smaller than 3, get k = 4"):
        nd.topk(x, k=4)
    with pytest.raises(MXNetError, match="Invalid axis! axis should be between 0 and 2"):
        nd.sort(x, axis=2)
    with pytest.raises(MXNetError):
        nd.topk(x, ret_typ="bogus")


def test_topk_row_blocks_match_numpy():
    # 100 x 30000 goes through the argpartition path in several row blocks (speed: bench/)
    a = np.random.RandomState(0).rand(100, 30000).astype(np.float32)
    v, i = nd.topk(nd.array(a), k=5, ret_typ="both")
    idx = np.argsort(-a, axis=-1, kind="stable")[:, :5]
    np.testing.assert_array_equal(i.asnumpy(), idx)
    np.testing.assert_array_equal(v.asnumpy(), np.take_along_axis(a, idx, -1))
