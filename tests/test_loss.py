"""gluon.loss against MXNet 1.9.1 fixtures (tools/record_training.py) and finite differences."""
import importlib.util
import json
import os

import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd, gluon, nd
from opcheck import check_op

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = json.load(open(os.path.join(HERE, "fixtures", "training.json")))
_spec = importlib.util.spec_from_file_location(
    "record_training", os.path.join(HERE, "..", "tools", "record_training.py"))
rt = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rt)
L = gluon.loss

LOSSES = rt.loss_cases(mx)


@pytest.mark.parametrize("key", sorted(k for k in FIXTURE["losses"] if not k.startswith("repr")))
def test_loss_matches_mxnet(key):
    ref = np.array(FIXTURE["losses"][key])
    got = np.array(LOSSES[key])
    assert got.shape == ref.shape
    np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-6)


def test_repr_and_block():
    assert LOSSES["repr"] == FIXTURE["losses"]["repr"] == "L2Loss(batch_axis=0, w=1.0)"
    assert LOSSES["repr_ce"] == FIXTURE["losses"]["repr_ce"]
    loss = L.SoftmaxCELoss()
    assert isinstance(loss, gluon.HybridBlock) and L.SoftmaxCELoss is L.SoftmaxCrossEntropyLoss
    assert L.SigmoidBCELoss is L.SigmoidBinaryCrossEntropyLoss
    loss.hybridize()
    out = loss(nd.array([[1.0, 2.0, 3.0]]), nd.array([2]))
    assert out.shape == (1,)
    np.testing.assert_allclose(out.asnumpy(), [np.log(np.exp([1, 2, 3]).sum()) - 3], rtol=1e-6)


def test_per_sample_shapes_and_batch_axis():
    x = nd.array(np.random.RandomState(0).randn(2, 3, 4))
    assert L.L2Loss()(x, x * 0).shape == (2,)
    assert L.L1Loss(batch_axis=1)(x, x * 0).shape == (3,)
    assert L.SoftmaxCELoss()(x, nd.zeros((2, 3))).shape == (2,)
    assert L.KLDivLoss()(x, nd.abs(x)).shape == (2,)
    assert L.PoissonNLLLoss()(x, x).shape == (1,)     # MXNet: a mean over everything
    assert L.CosineEmbeddingLoss()(x[:, 0], x[:, 1], nd.ones((2,))).shape == (2, 1)
    # label with the same number of elements is reshaped like pred
    np.testing.assert_allclose(L.L2Loss()(nd.ones((2, 3)), nd.zeros((6,))).asnumpy(), [0.5, 0.5])


def test_weight_must_be_a_number_and_label_format():
    with pytest.raises(AssertionError, match="weight must be a number"):
        L.L1Loss(weight="2")(nd.ones((2, 2)), nd.ones((2, 2)))
    with pytest.raises(ValueError, match="label_format can only be signed or binary, recieved x."):
        L.LogisticLoss(label_format="x")
    with pytest.raises(AssertionError, match="Only 'NTC' and 'TNC' layouts for pred"):
        L.CTCLoss(layout="CTN")


def test_softmax_ce_gradient_matches_mxnet():
    np.testing.assert_allclose(np.array(LOSSES["SoftmaxCE_grad"]),
                               np.array(FIXTURE["losses"]["SoftmaxCE_grad"]), rtol=1e-5, atol=1e-7)


RS = np.random.RandomState(7)
PRED = RS.randn(3, 4)
REG = RS.randn(3, 4)
BIN = (RS.rand(3, 4) > 0.5).astype(np.float64)
CLS = np.array([0, 3, 1], np.float64)
SW = np.array([[1.0], [0.5], [2.0]])


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


@pytest.mark.parametrize("name,fn,ref,inputs,orders", [
    ("L2", lambda p, l, w: L.L2Loss()(p, l, w),
     lambda p, l, w: (0.5 * (p - l) ** 2 * w).mean(1), [PRED, REG, SW], (1, 2)),
    ("SoftmaxCE", lambda p, l: L.SoftmaxCELoss()(p, l),
     lambda p, l: -np.log(_softmax(p)[np.arange(3), l.astype(int)]), [PRED, CLS], (1, 2)),
    ("SoftmaxCE_dense", lambda p, l: L.SoftmaxCELoss(sparse_label=False)(p, l),
     lambda p, l: -(np.log(_softmax(p)) * l).sum(1), [PRED, _softmax(REG)], (1, 2)),
    ("SigmoidBCE", lambda p, l: L.SigmoidBCELoss()(p, l),
     lambda p, l: (np.logaddexp(0, p) - p * l).mean(1), [PRED, BIN], (1, 2)),
    ("Logistic", lambda p, l: L.LogisticLoss()(p, l),
     lambda p, l: np.logaddexp(0, -p * l).mean(1), [PRED, BIN * 2 - 1], (1, 2)),
    ("KLDiv", lambda p, l: L.KLDivLoss(from_logits=False)(p, l),
     lambda p, l: (l * (np.log(l + 1e-12) - np.log(_softmax(p)))).sum(1),
     [PRED, _softmax(REG)], (1, 2)),
    ("Huber", lambda p, l: L.HuberLoss(rho=0.7)(p, l),
     lambda p, l: np.where(np.abs(p - l) > 0.7, np.abs(p - l) - 0.35,
                           0.5 / 0.7 * (p - l) ** 2).mean(1), [PRED, REG], (1,)),
    ("Cosine", lambda a, b, l: L.CosineEmbeddingLoss()(a, b, l), None,
     [PRED, REG, np.array([1.0, -1.0, 1.0])], (1,)),
])
def test_loss_gradients_by_finite_differences(name, fn, ref, inputs, orders):
    # differentiate with respect to pred only; the other inputs are constants
    rest = inputs[1:]
    check_op(lambda p: fn(p, *[nd.array(r, dtype="float64") for r in rest]),
             None if ref is None else (lambda p: ref(p, *rest)), inputs[:1], orders=orders)


def test_ctc_loss_backward_runs():
    pred = nd.array(np.random.RandomState(1).randn(2, 5, 4))
    pred.attach_grad()
    with autograd.record():
        loss = L.CTCLoss()(pred, nd.array([[0, 1, 2], [1, 1, -1]]))
    loss.backward()
    assert loss.shape == (2,)
    assert np.isfinite(pred.grad.asnumpy()).all() and np.abs(pred.grad.asnumpy()).sum() > 0
