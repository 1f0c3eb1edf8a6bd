"""CTCLoss: loss and gradient against real MXNet (fixtures), gradients of order 1 and 2 by
finite differences, a brute-force check of the loss, and errors."""
import itertools
import json
import os

import numpy as np
import pytest

from mxlite import autograd, nd
from mxlite.base import MXNetError
from opcheck import check_op

FX = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "rnn.json")))["ctc"]


@pytest.mark.parametrize("case", [c for c in FX if "error" not in c])
def test_matches_mxnet(case):
    d = nd.array(case["data"])
    d.attach_grad()
    args = [d, nd.array(case["label"])]
    if case["data_lengths"]:
        args += [nd.array(case["data_lengths"]), nd.array(case["label_lengths"])]
    with autograd.record():
        loss = nd.CTCLoss(*args, **case["kw"])
    loss.backward(nd.array(case["head"]))
    assert loss.shape == (d.shape[1],) and loss.dtype == np.float32
    np.testing.assert_allclose(loss.asnumpy(), case["loss"], rtol=1e-5, atol=1e-6)
    # An impossible alignment: MXNet returns loss 0 and leaves its gradient uninitialised
    # (garbage); mxlite gives 0. Compare the possible samples only.
    ok = np.array(case["loss"]) != 0
    grad = d.grad.asnumpy()
    np.testing.assert_allclose(grad[:, ok], np.array(case["grad"])[:, ok], rtol=1e-4, atol=3e-5)
    assert np.all(grad[:, ~ok] == 0)


def test_error_labels_longer_than_data():
    case = next(c for c in FX if "error" in c)
    with pytest.raises(MXNetError, match="cannot exceed the maximum sequence length"):
        nd.ctc_loss(nd.zeros((case["T"], 2, 4)), nd.array(case["label"]))


def _brute(x, label, blank=0):
    """-log sum over all alignments of prod softmax (exhaustive; tiny sizes only)."""
    T, A = x.shape
    p = np.exp(x - x.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    tot = 0.0
    for path in itertools.product(range(A), repeat=T):
        col = [k for i, k in enumerate(path) if i == 0 or k != path[i - 1]]
        if [k for k in col if k != blank] == list(label):
            tot += np.prod([p[t, k] for t, k in enumerate(path)])
    return -np.log(tot)


def test_brute_force_and_empty_label():
    rs = np.random.RandomState(1)
    x = rs.randn(4, 3, 3)
    labels = [[1, 1], [2, 0], [0, 0]]          # repeated label, single label, empty label
    loss = nd.ctc_loss(nd.array(x, dtype="float64"), nd.array(labels)).asnumpy()
    exp = [_brute(x[:, 0], [1, 1]), _brute(x[:, 1], [2]), _brute(x[:, 2], [])]
    np.testing.assert_allclose(loss, exp, rtol=1e-10)


@pytest.mark.parametrize("kw,extra", [
    ({}, None),
    ({"blank_label": "last", "use_data_lengths": True, "use_label_lengths": True},
     ([3, 4], [2, 1])),
])
def test_gradients_finite_differences(kw, extra):
    rs = np.random.RandomState(2)
    x = rs.randn(4, 2, 3)
    label = nd.array([[1, 2], [2, 0]] if not extra else [[0, 1], [1, 1]])
    ex = [nd.array(e) for e in extra] if extra else []
    check_op(lambda d: nd.CTCLoss(d, label, *ex, **kw), None, [x], orders=(1, 2),
             rtol=1e-4, atol=1e-6)


def test_composed_gradient_equals_fused():
    rs = np.random.RandomState(5)
    x = nd.array(rs.randn(5, 3, 4), dtype="float64")
    label = nd.array([[1, 2, 2], [3, 0, 0], [1, 3, 2]])
    x.attach_grad()
    with autograd.record():
        loss = nd.CTCLoss(x, label)
    (g1,) = autograd.grad(loss, [x], head_grads=nd.array([1., 2., 3.], dtype="float64"),
                          retain_graph=True)
    (g2,) = autograd.grad(loss, [x], head_grads=nd.array([1., 2., 3.], dtype="float64"),
                          create_graph=True)
    np.testing.assert_allclose(g1.asnumpy(), g2.asnumpy(), rtol=1e-10, atol=1e-12)


def test_errors():
    d = nd.zeros((3, 2, 4))
    with pytest.raises(MXNetError, match="batch size for the labels and data"):
        nd.CTCLoss(d, nd.zeros((3, 2)))
    with pytest.raises(MXNetError, match="expects 2 inputs, but got 3"):
        nd.CTCLoss(d, nd.ones((2, 2)), nd.array([3, 3]))
    with pytest.raises(MXNetError, match="label values"):
        nd.CTCLoss(d, nd.array([[1, 5], [1, 1]]))
