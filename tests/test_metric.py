"""mx.metric against MXNet 1.9.1 fixtures (tools/record_training.py), and its bookkeeping."""
import importlib.util
import json
import math
import os

import numpy as np
import pytest

import mxlite as mx
from mxlite import nd

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = json.load(open(os.path.join(HERE, "fixtures", "training.json")))
_spec = importlib.util.spec_from_file_location(
    "record_training", os.path.join(HERE, "..", "tools", "record_training.py"))
rt = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rt)

METRICS = rt.metric_cases(mx)


def _plain(x):
    return json.loads(json.dumps(
        x, default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o)))


@pytest.mark.parametrize("key", sorted(FIXTURE["metrics"]))
def test_metric_matches_mxnet(key):
    ref, got = FIXTURE["metrics"][key], _plain(METRICS[key])
    assert got["name"] == ref["name"]
    assert got["num_inst"] == ref["num_inst"]
    np.testing.assert_allclose(np.array(got["value"], float), np.array(ref["value"], float),
                               rtol=1e-6)
    np.testing.assert_allclose(np.array(got["global"], float), np.array(ref["global"], float),
                               rtol=1e-6)
    assert [n for n, _ in got["nv"]] == [n for n, _ in ref["nv"]]


def test_metric_errors_match_mxnet():
    got = rt.error_cases(mx)
    for key in ("metric_shapes", "metric_inner_shapes", "metric_create"):
        assert got[key] == FIXTURE["errors"][key]


def test_check_label_shapes():
    with pytest.raises(ValueError, match=r"^Shape of labels \(2, 3\) does not match shape of "
                                         r"predictions \(3, 2\)$"):
        mx.metric.check_label_shapes(nd.ones((2, 3)), nd.ones((3, 2)), shape=True)
    labels, preds = mx.metric.check_label_shapes(nd.ones((2,)), nd.ones((2,)), wrap=True,
                                                 shape=True)
    assert isinstance(labels, list) and isinstance(preds, list)


def test_reset_local_global_and_nan():
    m = mx.metric.Accuracy()
    assert m.get()[0] == "accuracy" and math.isnan(m.get()[1])
    m.update([nd.array([0, 1, 1])], [nd.array([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3]])])
    assert m.get() == ("accuracy", 2 / 3)
    assert m.num_inst == 3 and m.sum_metric == 2
    m.reset_local()
    assert math.isnan(m.get()[1]) and m.get_global() == ("accuracy", 2 / 3)
    assert m.get_global_name_value() == [("accuracy", 2 / 3)]
    m.reset()
    assert math.isnan(m.get_global()[1])
    assert str(m).startswith("EvalMetric: {'accuracy': nan")
    # a single NDArray is accepted (wrapped); same-shape preds are labels already
    m.update(nd.array([1, 0]), nd.array([1, 1]))
    assert m.get()[1] == 0.5


def test_create_forms():
    assert isinstance(mx.metric.create("acc"), mx.metric.Accuracy)
    assert isinstance(mx.metric.create("ACCURACY"), mx.metric.Accuracy)
    assert mx.metric.create("top_k_acc", top_k=3).name == "top_k_accuracy_3"
    assert isinstance(mx.metric.create("nll_loss"), mx.metric.NegativeLogLikelihood)
    assert isinstance(mx.metric.create("pearsonr"), mx.metric.PearsonCorrelation)
    comp = mx.metric.create(["acc", mx.metric.MSE()])
    assert isinstance(comp, mx.metric.CompositeEvalMetric)
    assert [m.name for m in comp.metrics] == ["accuracy", "mse"]
    assert comp.get_metric(1).name == "mse"
    assert isinstance(comp.get_metric(5), ValueError)   # MXNet returns it
    inst = mx.metric.MAE()
    assert mx.metric.create(inst) is inst
    cfg = mx.metric.Accuracy(axis=0).get_config()
    assert cfg == {"axis": 0, "metric": "Accuracy", "name": "accuracy", "output_names": None,
                   "label_names": None}
    assert mx.metric.create(cfg).axis == 0
    assert mx.metric.create(json.dumps(cfg)).axis == 0
    custom = mx.metric.create(lambda lab, p: (2.0, 4))
    assert custom.name == "custom(<lambda>)"
    custom.update([nd.ones((2,))], [nd.ones((2,))])
    assert custom.get()[1] == 0.5
    with pytest.raises(NotImplementedError, match="CustomMetric cannot be serialized"):
        custom.get_config()
    with pytest.raises(AssertionError, match="Please use Accuracy if top_k is no more than 1"):
        mx.metric.TopKAccuracy(top_k=1)


def test_update_dict_and_loss_metric():
    m = mx.metric.Accuracy(output_names=["out"], label_names=["lab"])
    m.update_dict({"lab": nd.array([1, 0]), "other": nd.array([0, 0])},
                  {"out": nd.array([[0.1, 0.9], [0.2, 0.8]])})
    assert m.get()[1] == 0.5
    loss = mx.metric.Loss()
    loss.update(None, nd.array([1.0, 2.0, 3.0]))
    assert loss.get() == ("loss", 2.0) and type(loss.get()[1]) is float


def test_perplexity_and_nll_values():
    pred = nd.array([[0.5, 0.25, 0.25], [0.1, 0.8, 0.1]])
    lab = nd.array([0, 1])
    p = mx.metric.Perplexity(ignore_label=None)
    p.update([lab], [pred])
    assert p.get()[1] == pytest.approx(math.exp(-(math.log(0.5) + math.log(0.8)) / 2), rel=1e-6)
    ce = mx.metric.CrossEntropy()
    ce.update([lab], [pred])
    assert ce.get()[1] == pytest.approx(-(math.log(0.5) + math.log(0.8)) / 2, rel=1e-6)


def test_values_print_like_mxnet():
    """get() gives Python numbers (MXNet's NumPy scalars print as plain numbers under NumPy
    1.x; under NumPy 2 a np.float64 would print as 'np.float64(0.5)')."""
    pred, lab = nd.array([[0.1, 0.9], [0.8, 0.2]]), nd.array([1, 1])
    comp = mx.metric.create(["acc", "f1", "mcc", "pcc", "mae"])
    comp.update([lab], [pred])
    assert str(comp.get_name_value()) == \
        "[('accuracy', 0.5), ('f1', 0.6666666666666666), ('mcc', 0.0), ('pcc', nan), " \
        "('mae', 0.5)]"         # as MXNet 1.9.1 prints it
    pr = mx.metric.PearsonCorrelation(average="micro")
    pr.update([nd.array([1, 2, 3])], [nd.array([1, 3, 2])])
    assert str(pr.get()) == "('pearsonr', 0.5)" and str(mx.metric.Accuracy()) == \
        "EvalMetric: {'accuracy': nan}"


def test_accuracy_bad_axis_is_mxnet_error():
    with pytest.raises(mx.MXNetError, match="axis 2 exceeds the input dimension of 2"):
        mx.metric.Accuracy(axis=2).update([nd.array([0, 1])], [nd.array([[1, 0], [0, 1]])])
