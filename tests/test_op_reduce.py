"""Reductions (group C): fixtures recorded from MXNet 1.9.1, finite-difference gradients of
order 1 and 2, dtype/shape rules and error texts."""
import json
import os

import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd, nd
from mxlite.base import MXNetError
from opcheck import check_op

_FIXTURE = os.path.join(os.path.dirname(__file__), "fixtures", "reduce_linalg.json")
with open(_FIXTURE) as _f:
    CASES = {c["name"]: c for c in json.load(_f)["cases"]}


def error_key(text):
    """The part of MXNet's error text that mxlite must reproduce."""
    text = text.split("MXNetError: ", 1)[-1]
    return text.split(") : ", 1)[1] if ") : " in text else text


def _close(got, exp, what):
    exp = np.asarray(exp, dtype=np.float64)
    np.testing.assert_allclose(np.asarray(got, dtype=np.float64).reshape(exp.shape), exp,
                               rtol=1e-4, atol=1e-5, err_msg=what)


def replay(case):
    """Runs a recorded case in mxlite and compares outputs, dtypes, gradients or errors."""
    env = {k: nd.array(np.array(v["data"], dtype=v["dtype"]), dtype=v["dtype"])
           for k, v in case["inputs"].items()}

    def run():
        y = eval(case["expr"], {"nd": nd, "np": np}, dict(env))
        return list(y) if isinstance(y, (list, tuple)) else [y]
    if "error" in case:
        with pytest.raises(MXNetError) as ei:
            [y.asnumpy() for y in run()]
        assert error_key(case["error"]["text"]) in str(ei.value), str(ei.value)
        return
    ys = run()
    assert len(ys) == len(case["outputs"])
    for y, o in zip(ys, case["outputs"]):
        assert list(y.shape) == o["shape"], (case["name"], y.shape, o["shape"])
        assert np.dtype(y.dtype).name == o["dtype"], (case["name"], y.dtype, o["dtype"])
        _close(y.asnumpy(), o["data"], case["name"])
    if case.get("grads"):
        for k in case["wrt"]:
            env[k].attach_grad()
        with autograd.record():
            ys = run()
        y = ys[case["gout"]]
        y.backward(nd.array(np.array(case["head"]), dtype=y.dtype))
        for k in case["wrt"]:
            _close(env[k].grad.asnumpy(), case["grads"][k], f"{case['name']} d/d{k}")


REDUCE_CASES = [n for n in CASES if n.split("_")[0] in (
    "sum", "mean", "prod", "nansum", "nanprod", "max", "min", "norm", "argmax", "argmin",
    "moments", "cumsum")]


@pytest.mark.parametrize("name", REDUCE_CASES)
def test_fixture(name):
    replay(CASES[name])


RS = np.random.RandomState(3)
X = RS.uniform(0.5, 2.0, (2, 3, 4))


@pytest.mark.parametrize("fn, ref", [
    (lambda x: nd.sum(x), lambda x: x.sum()),
    (lambda x: nd.sum(x, axis=(0, 2), keepdims=True), lambda x: x.sum((0, 2), keepdims=True)),
    (lambda x: nd.sum(x, axis=1, exclude=True), lambda x: x.sum((0, 2))),
    (lambda x: nd.mean(x, axis=-1), lambda x: x.mean(-1)),
    (lambda x: nd.prod(x, axis=1), lambda x: x.prod(1)),
    (lambda x: nd.nansum(x, axis=0), lambda x: np.nansum(x, 0)),
    (lambda x: nd.nanprod(x, axis=2), lambda x: np.nanprod(x, 2)),
    (lambda x: nd.max(x, axis=(1, 2)), lambda x: x.max((1, 2))),
    (lambda x: nd.min(x, axis=0), lambda x: x.min(0)),
    (lambda x: nd.norm(x), lambda x: np.sqrt((x * x).sum())),
    (lambda x: nd.norm(x, ord=1, axis=1), lambda x: np.abs(x).sum(1)),
    (lambda x: nd.norm(x, axis=(0, 2), keepdims=True),
     lambda x: np.sqrt((x * x).sum((0, 2), keepdims=True))),
    (lambda x: nd.moments(x, axes=(0, 2)), lambda x: [x.mean((0, 2)), x.var((0, 2))]),
    (lambda x: nd.cumsum(x, axis=1), lambda x: np.cumsum(x, 1)),
    (lambda x: nd.cumsum(x), lambda x: np.cumsum(x)),
])
def test_forward_and_grads(fn, ref):
    check_op(fn, ref, [X], orders=(1, 2))


def test_shapes_and_dtypes():
    x = nd.array([[1, 2, 3], [4, 5, 6]])
    assert nd.sum(x).shape == (1,) and nd.sum(x, axis=()).shape == (1,)
    assert nd.norm(x).shape == (1,) and nd.argmax(x).shape == (1,)
    xi = x.astype("int32")
    assert nd.sum(xi).dtype == np.int32 and nd.mean(xi).asnumpy()[0] == 3
    assert nd.mean(xi, axis=1).asnumpy().tolist() == [2, 5]
    assert nd.argmax(x, axis=1).dtype == np.float32 and nd.argmax(xi, axis=1).dtype == np.int32
    assert nd.norm(x, out_dtype="float64").dtype == np.float64  # MXNet fails here; we do not
    assert x.sum(axis=1).shape == (2,) and x.max().asnumpy()[0] == 6  # fluent methods


def test_max_gradient_to_all_ties():
    x = nd.array([[1, 3, 3], [2, 2, 0]])
    x.attach_grad()
    with autograd.record():
        y = nd.max(x, axis=1)
    y.backward()
    assert x.grad.asnumpy().tolist() == [[0, 1, 1], [1, 1, 0]]


def test_arg_reductions_not_differentiable_but_connected():
    x = nd.array([[1, 5, 3], [4, 2, 6]])
    x.attach_grad()
    with autograd.record():
        y = nd.argmax(x, axis=1) + nd.argmin(x, axis=1) + nd.argmax_channel(x)
    y.backward()
    assert x.grad.asnumpy().tolist() == [[0] * 3] * 2


def test_errors():
    x = nd.ones((2, 3))
    with pytest.raises(MXNetError, match=r"Reduction axis 2 Exceeds input dimensions \[2,3\]"):
        nd.sum(x, axis=2)
    with pytest.raises(MXNetError, match=r"Exceeds input dimensions \[2,3\]"):
        nd.max(x, axis=(0, -3))
    with pytest.raises(MXNetError, match="axis 2 exceeds the input dimension of 2"):
        nd.argmin(x, axis=2)
    with pytest.raises(MXNetError, match="Empty axes is not supported"):
        nd.moments(x, axes=())


def test_cumsum_int_and_third_order():
    xi = nd.array([1, 2, 3], dtype="int32")
    assert nd.cumsum(xi).dtype == np.int32
    assert nd.cumsum(xi, dtype="float64").dtype == np.float64
    check_op(lambda x: nd.cumsum(x * x, axis=0), lambda x: np.cumsum(x * x, 0), [X[0]],
             orders=(3,))


def test_exclude_with_tuple():
    a = RS.rand(2, 3, 4, 5)
    got = nd.mean(nd.array(a, dtype="float64"), axis=(1, 3), exclude=True)
    np.testing.assert_allclose(got.asnumpy(), a.mean((0, 2)), rtol=1e-12)
    assert mx.nd.nansum(nd.array([np.nan, np.nan])).asnumpy()[0] == 0
