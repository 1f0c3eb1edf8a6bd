"""gluon.Trainer against MXNet 1.9.1: the recorded training curves (tools/record_training.py),
the stale-gradient check, grad_req handling, states save/load, several contexts."""
import importlib.util
import json
import os

import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd, gluon, nd

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = json.load(open(os.path.join(HERE, "fixtures", "training.json")))
_spec = importlib.util.spec_from_file_location(
    "record_training", os.path.join(HERE, "..", "tools", "record_training.py"))
rt = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rt)


@pytest.mark.parametrize("key", sorted(rt.TRAIN_CONFIGS))
def test_training_curve_matches_mxnet(key):
    """THE key test: the same MLP, data and initial weights give MXNet's 20 losses."""
    name, kwargs = rt.TRAIN_CONFIGS[key]
    got = np.array(rt.train(mx, name, kwargs))
    ref = np.array(FIXTURE["train"][key])
    np.testing.assert_allclose(got, ref, rtol=1e-4)
    assert got[0] == pytest.approx(ref[0], rel=1e-6)


@pytest.mark.parametrize("key", ["sgd", "adam"])
def test_training_curve_with_dense_layers(key):
    """The same run through gluon.nn.Dense and net.collect_params()."""
    got = np.array(rt.train_dense(mx, *rt.TRAIN_CONFIGS[key]))
    np.testing.assert_allclose(got, FIXTURE["train_dense"][key], rtol=1e-4)
    np.testing.assert_allclose(got, FIXTURE["train"][key], rtol=1e-4)


def _param(name, value, grad_req="write", ctx=None, **kw):
    p = gluon.Parameter(name, shape=np.shape(value), grad_req=grad_req, **kw)
    p.initialize(init=mx.init.Zero(), ctx=ctx or mx.cpu())
    p.set_data(nd.array(value))
    return p


def _backward(params, coefs):
    with autograd.record():
        y = None
        for p, c in zip(params, coefs):
            t = (p.data() * c).sum()
            y = t if y is None else y + t
    y.backward()


def test_stale_gradient_error_text():
    res = {}

    def stale():
        p = _param("weight0", np.ones(2))
        q = _param("weight1", np.ones(2))
        t = gluon.Trainer([p, q], "sgd")
        _backward([p], [2.0])
        t.step(1)
    res["stale_grad"] = rt._err(stale)

    def stale_again():
        p = _param("weight0", np.ones(2))
        t = gluon.Trainer([p], "sgd")
        _backward([p], [2.0])
        t.step(1)
        t.step(1)
    res["stale_grad_second_step"] = rt._err(stale_again)
    for key in res:
        assert res[key] == FIXTURE["errors"][key]


def test_error_cases_match_reference():
    got = rt.error_cases(mx)
    for key, ref in FIXTURE["errors"].items():
        assert got[key] == ref, key


def test_ignore_stale_grad_skips_stale_parameters():
    p = _param("a", np.ones(3))
    q = _param("b", np.ones(3))
    t = gluon.Trainer([p, q], "sgd", {"learning_rate": 0.5})
    _backward([p], [2.0])
    t.step(1, ignore_stale_grad=True)
    np.testing.assert_allclose(p.data().asnumpy(), 0.0)   # 1 - 0.5 * 2
    np.testing.assert_allclose(q.data().asnumpy(), 1.0)   # stale: untouched
    assert not p.data()._fresh_grad
    # both fresh now: no error, both updated
    _backward([p, q], [1.0, 1.0])
    t.step(1)
    np.testing.assert_allclose(q.data().asnumpy(), 0.5)


def test_null_grad_req_skipped_and_add_not_zeroed():
    p = _param("w", np.ones(2))
    frozen = _param("frozen", np.ones(2), grad_req="null")
    acc = _param("acc", np.ones(2), grad_req="add")
    t = gluon.Trainer([p, frozen, acc], "sgd", {"learning_rate": 0.1})
    for _ in range(2):
        with autograd.record():
            y = (p.data() * 1.0).sum() + (frozen.data() * 3.0).sum() + (acc.data() * 1.0).sum()
        y.backward()
    t.step(1)
    np.testing.assert_allclose(frozen.data().asnumpy(), 1.0)
    np.testing.assert_allclose(p.data().asnumpy(), 0.9, rtol=1e-6)
    # 'add' accumulated two backward passes and the Trainer does not zero it
    np.testing.assert_allclose(acc.grad().asnumpy(), 2.0)
    np.testing.assert_allclose(acc.data().asnumpy(), 0.8, rtol=1e-6)


def test_params_as_dict_parameterdict_and_list():
    vals = {"b": np.full(2, 2.0), "a": np.ones(2)}
    results = []
    for kind in ("dict", "pdict", "list"):
        ps = {k: _param(k, v) for k, v in vals.items()}
        if kind == "dict":
            arg = ps
        elif kind == "pdict":
            arg = gluon.ParameterDict()
            for k in ("b", "a"):
                arg._params[k] = ps[k]
        else:
            arg = [ps["a"], ps["b"]]
        t = gluon.Trainer(arg, "sgd", {"learning_rate": 0.1})
        assert [p.name for p in t._params] == ["a", "b"]   # dicts are taken in sorted order
        _backward([ps["a"], ps["b"]], [1.0, 2.0])
        t.step(2)
        results.append([ps["a"].data().asnumpy(), ps["b"].data().asnumpy()])
    for r in results[1:]:
        for x, y in zip(r, results[0]):
            np.testing.assert_array_equal(x, y)
    np.testing.assert_allclose(results[0][0], 0.95, rtol=1e-6)   # 1 - 0.1 * 1/2


def test_step_equals_allreduce_plus_update_and_rescale():
    ps1 = [_param("w", np.ones(3))]
    ps2 = [_param("w", np.ones(3))]
    t1 = gluon.Trainer(ps1, "adam", {"learning_rate": 0.1})
    t2 = gluon.Trainer(ps2, "adam", {"learning_rate": 0.1})
    for _ in range(3):
        _backward(ps1, [nd.array([1.0, -2.0, 3.0])])
        t1.step(4)
        _backward(ps2, [nd.array([1.0, -2.0, 3.0])])
        t2.allreduce_grads()
        t2.update(4)
    np.testing.assert_array_equal(ps1[0].data().asnumpy(), ps2[0].data().asnumpy())
    assert t1.optimizer.rescale_grad == 0.25


def test_learning_rate_and_optimizer_instance():
    p = _param("w", np.ones(2))
    t = gluon.Trainer([p], "sgd", {"learning_rate": 0.3})
    assert t.learning_rate == 0.3
    t.set_learning_rate(0.05)
    assert t.learning_rate == 0.05 and t.optimizer.lr == 0.05
    sched = mx.lr_scheduler.FactorScheduler(step=1, factor=0.5, base_lr=1.0)
    t2 = gluon.Trainer([p], mx.optimizer.SGD(lr_scheduler=sched))
    assert t2.learning_rate == 1.0
    with pytest.raises(UserWarning, match="LRScheduler of the optimizer has already been"):
        t2.set_learning_rate(0.1)
    with pytest.raises(AssertionError, match="optimizer_params must be None"):
        gluon.Trainer([p], mx.optimizer.SGD(), {"learning_rate": 0.1})
    assert t2.optimizer.param_dict[0] is p


def test_lr_mult_and_wd_mult_of_parameters():
    p = _param("w", np.ones(2), lr_mult=0.5)
    q = _param("v", np.ones(2), wd_mult=0.0)
    t = gluon.Trainer([p, q], "sgd", {"learning_rate": 1.0, "wd": 0.1})
    _backward([p, q], [1.0, 1.0])
    t.step(1)
    np.testing.assert_allclose(p.data().asnumpy(), 1 - 0.5 * (1 + 0.1), rtol=1e-6)
    np.testing.assert_allclose(q.data().asnumpy(), 0.0, atol=1e-7)
    p.lr_mult = 0.0     # param_dict is shared: later changes apply
    _backward([p, q], [1.0, 1.0])
    t.step(1)
    np.testing.assert_allclose(p.data().asnumpy(), 1 - 0.5 * (1 + 0.1), rtol=1e-6)


def test_save_and_load_states_resume_exactly(tmp_path):
    def run(steps, trainer, p):
        for k in range(steps):
            _backward([p], [nd.array([1.0, -1.0, 0.5]) * (k + 1)])
            trainer.step(1)

    p_ref = _param("w", np.ones(3))
    t_ref = gluon.Trainer([p_ref], "sgd", {"learning_rate": 0.1, "momentum": 0.9})
    run(5, t_ref, p_ref)

    p = _param("w", np.ones(3))
    t = gluon.Trainer([p], "sgd", {"learning_rate": 0.1, "momentum": 0.9})
    run(2, t, p)
    fname = str(tmp_path / "trainer.states")
    t.save_states(fname)
    assert sorted(os.listdir(tmp_path)) == ["trainer.states"]   # no temporary file left
    p2 = _param("w", p.data().asnumpy())
    t2 = gluon.Trainer([p2], "sgd", {"learning_rate": 0.7})
    t2.load_states(fname)
    assert t2.learning_rate == 0.1 and t2.optimizer.momentum == 0.9
    assert t2.optimizer.param_dict[0] is p2
    for k in range(2, 5):
        _backward([p2], [nd.array([1.0, -1.0, 0.5]) * (k + 1)])
        t2.step(1)
    np.testing.assert_allclose(p2.data().asnumpy(), p_ref.data().asnumpy(), rtol=1e-6)
    assert t2.optimizer.num_update == 5


def test_several_contexts_sum_gradients():
    ctxs = [mx.cpu(0), mx.cpu(1)]
    p = _param("w", np.ones(2), ctx=ctxs)
    t = gluon.Trainer([p], "sgd", {"learning_rate": 0.1})
    with autograd.record():
        ys = [(p.data(c) * (i + 1.0)).sum() for i, c in enumerate(ctxs)]
    autograd.backward(ys)
    t.step(1)
    for arr in p.list_data():   # every copy gets the summed gradient 1 + 2
        np.testing.assert_allclose(arr.asnumpy(), 1 - 0.1 * 3, rtol=1e-6)
    assert not any(arr._fresh_grad for arr in p.list_data())


@pytest.mark.parametrize("name", ["adam", "sgd"])
def test_load_states_saved_by_mxnet(name, tmp_path):
    """A trainer states file written by MXNet 1.9.1 loads and training continues the same."""
    import base64
    case = FIXTURE["trainer_states"][name]
    fname = tmp_path / "mxnet.states"
    fname.write_bytes(base64.b64decode(case["states"]))
    p = _param("w", np.array(case["weights"][2], np.float32))
    t = gluon.Trainer([p], "ftml", {"learning_rate": 5.0})
    t.load_states(str(fname))
    assert type(t.optimizer).__name__.lower() == name and t.optimizer.num_update == 3
    for k in (3, 4):
        _backward([p], [nd.array([1.0, -2.0, 0.5]) * (k + 1)])
        t.step(2)
        np.testing.assert_allclose(p.data().asnumpy(), case["weights"][k], rtol=1e-5)
