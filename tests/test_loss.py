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
    ("L2", lambda p, t, w: L.L2Loss()(p, t, w),
     lambda p, t, w: (0.5 * (p - t) ** 2 * w).mean(1), [PRED, REG, SW], (1, 2)),
    ("SoftmaxCE", lambda p, t: L.SoftmaxCELoss()(p, t),
     lambda p, t: -np.log(_softmax(p)[np.arange(3), t.astype(int)]), [PRED, CLS], (1, 2)),
    ("SoftmaxCE_dense", lambda p, t: L.SoftmaxCELoss(sparse_label=False)(p, t),
     lambda p, t: -(np.log(_softmax(p)) * t).sum(1), [PRED, _softmax(REG)], (1, 2)),
    ("SigmoidBCE", lambda p, t: L.SigmoidBCELoss()(p, t),
     lambda p, t: (np.logaddexp(0, p) - p * t).mean(1), [PRED, BIN], (1, 2)),
    ("Logistic", lambda p, t: L.LogisticLoss()(p, t),
     lambda p, t: np.logaddexp(0, -p * t).mean(1), [PRED, BIN * 2 - 1], (1, 2)),
    ("KLDiv", lambda p, t: L.KLDivLoss(from_logits=False)(p, t),
     lambda p, t: (t * (np.log(t + 1e-12) - np.log(_softmax(p)))).sum(1),
     [PRED, _softmax(REG)], (1, 2)),
    ("Huber", lambda p, t: L.HuberLoss(rho=0.7)(p, t),
     lambda p, t: np.where(np.abs(p - t) > 0.7, np.abs(p - t) - 0.35,
                           0.5 / 0.7 * (p - t) ** 2).mean(1), [PRED, REG], (1,)),
    ("Cosine", lambda a, b, t: L.CosineEmbeddingLoss()(a, b, t), None,
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


def test_poisson_compute_full_zero_target_and_gradient():
    """The Stirling term counts only where target > 1: a target of 0 adds 0 (MXNet: nan), and
    the loss can be differentiated (MXNet: in-place assignment error under record())."""
    p = nd.array([[0.5, 1.0, -0.3, 0.2]], dtype="float64")
    t = nd.array([[0.0, 1.0, 2.0, 3.0]], dtype="float64")
    k = t.asnumpy()
    term = np.where(k > 1, k * np.log(np.maximum(k, 1)) - k +
                    0.5 * np.log(2 * np.pi * np.maximum(k, 1)), 0)
    want = (np.exp(p.asnumpy()) - k * p.asnumpy() + term).mean()
    p.attach_grad()
    with autograd.record():
        y = L.PoissonNLLLoss(compute_full=True)(p, t)
    y.backward()
    np.testing.assert_allclose(y.asnumpy(), [want], rtol=1e-12)
    np.testing.assert_allclose(p.grad.asnumpy(), (np.exp(p.asnumpy()) - k) / 4, rtol=1e-12)


def test_sdml_float64():
    x1 = nd.array([[1.0, 2.0], [3.0, 4.0], [0.5, -1.0]], dtype="float64")
    x2 = x1 + 0.25
    y = L.SDMLLoss()(x1, x2)
    y32 = L.SDMLLoss()(x1.astype("float32"), x2.astype("float32"))
    assert y.dtype == np.float64
    np.testing.assert_allclose(y.asnumpy(), y32.asnumpy(), rtol=1e-5)
