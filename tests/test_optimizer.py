"""mx.nd optimizer update ops, mx.optimizer and mx.lr_scheduler against MXNet 1.9.1 fixtures
(tools/record_training.py), plus the bookkeeping: counts, multipliers, registry, Updater."""
import importlib.util
import json
import os
import pickle
import warnings

import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd, nd
from mxlite.base import MXNetError

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = json.load(open(os.path.join(HERE, "fixtures", "training.json")))
_spec = importlib.util.spec_from_file_location(
    "record_training", os.path.join(HERE, "..", "tools", "record_training.py"))
rt = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rt)

OPS = rt.op_cases(mx)
OPTS = rt.optimizer_cases(mx)


@pytest.mark.parametrize("key", sorted(FIXTURE["ops"]))
def test_update_op_matches_mxnet(key):
    ref, got = FIXTURE["ops"][key], OPS[key]
    np.testing.assert_allclose(np.array(got["out"]), np.array(ref["out"]), rtol=1e-5, atol=1e-6)
    assert len(got["states"]) == len(ref["states"])
    for g, r in zip(got["states"], ref["states"]):
        np.testing.assert_allclose(np.array(g), np.array(r), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("k", range(len(FIXTURE["optimizers"])))
def test_optimizer_updates_match_mxnet(k):
    ref, got = FIXTURE["optimizers"][k], OPTS[k]
    assert got["name"] == ref["name"]
    np.testing.assert_allclose(np.array(got["weights"]), np.array(ref["weights"]),
                               rtol=1e-5, atol=1e-6, err_msg=f"{ref['name']} {ref['kwargs']}")
    assert got["num_update"] == ref["num_update"]


def test_schedulers_match_mxnet():
    for got, ref in zip(rt.scheduler_cases(mx), FIXTURE["schedulers"]):
        np.testing.assert_allclose(got["lrs"], ref["lrs"], rtol=1e-12,
                                   err_msg=f"{ref['name']} {ref['kwargs']}")


def test_update_ops_in_place_and_not_recorded():
    w = nd.array([1.0, 2.0])
    g = nd.array([0.5, -0.5])
    mom = nd.zeros((2,))
    r = nd.sgd_update(w, g, lr=0.1)             # without out: a new array, weight unchanged
    np.testing.assert_allclose(r.asnumpy(), [0.95, 2.05], rtol=1e-6)
    np.testing.assert_allclose(w.asnumpy(), [1.0, 2.0])
    r = nd.sgd_mom_update(w, g, mom, lr=0.1, momentum=0.9, out=w)
    assert r is w
    np.testing.assert_allclose(mom.asnumpy(), [-0.05, 0.05], rtol=1e-6)
    np.testing.assert_allclose(w.asnumpy(), [0.95, 2.05], rtol=1e-6)
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    with autograd.record():
        y = nd.sgd_update(x, g, lr=0.1)
    assert y._node is None   # plain raw-array update, outside the graph
    # clip_gradient < 0 is off; >= 0 clips rescale_grad * grad
    np.testing.assert_allclose(nd.sgd_update(nd.zeros((1,)), nd.array([10.0]), lr=1.0,
                                             clip_gradient=-1).asnumpy(), [-10.0])
    np.testing.assert_allclose(nd.sgd_update(nd.zeros((1,)), nd.array([10.0]), lr=1.0,
                                             rescale_grad=0.5, clip_gradient=2).asnumpy(), [-2.0])


def test_update_op_errors():
    w = nd.ones((2, 3))
    with pytest.raises(MXNetError, match=r"Incompatible attr in node  at 1-th input: "
                                         r"expected \[2,3\], got \[3,2\]"):
        nd.sgd_update(w, nd.ones((3, 2)), lr=0.1, out=w)
    with pytest.raises(MXNetError, match="expected float32, got float64"):
        nd.sgd_update(w, w.astype("float64"), lr=0.1, out=w)
    # MXNet names bool 'unknown' in type-inference errors (checked with the reference)
    with pytest.raises(MXNetError, match="at 1-th input: expected float32, got unknown"):
        nd.sgd_update(w, w.astype("bool"), lr=0.1)
    with pytest.raises(MXNetError, match="at 1-th input: expected unknown, got float32"):
        nd.sgd_update(w.astype("bool"), w, lr=0.1)
    with pytest.raises(MXNetError, match=r"Required parameter lr of float is not presented, "
                                         r"in operator sgd_update"):
        nd.sgd_update(w, w)
    with pytest.raises(MXNetError, match="Cannot find argument 'foo'"):
        nd.adam_update(w, w, w.copy(), w.copy(), lr=0.1, foo=1)


def test_float64_weights_and_amp_checks():
    w = nd.array([1.0, 2.0], dtype="float64")
    r = nd.adam_update(w, w, nd.zeros((2,), dtype="float64"), nd.zeros((2,), dtype="float64"),
                       lr=0.1)
    assert r.dtype == np.float64
    assert nd.multi_sum_sq(nd.array([1.0, 2.0]), nd.array([3.0]), num_arrays=2).asnumpy() \
        .tolist() == [5.0, 9.0]
    assert nd.all_finite(nd.array([1.0, 2.0])).asnumpy().tolist() == [1.0]
    assert nd.all_finite(nd.array([1.0, np.inf])).asnumpy().tolist() == [0.0]
    assert nd.multi_all_finite(nd.ones((2,)), nd.array([np.nan]),
                               num_arrays=2).asnumpy().tolist() == [0.0]
    with pytest.raises(MXNetError, match="expects 1 inputs, but got 2"):  # as MXNet
        nd.multi_all_finite(nd.ones((2,)), nd.array([np.nan]), num_arrays=1)


def test_mixed_precision_sgd_matches_float32():
    w32 = np.array([1.0, -2.0, 0.5], np.float32)
    g = np.array([0.3, 0.1, -0.7], np.float32)
    opt = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9, multi_precision=True)
    w16 = nd.array(w32, dtype="float16")
    state = opt.create_state_multi_precision(0, w16)
    assert isinstance(state, tuple) and state[1].dtype == np.float32
    ref = nd.array(w32)
    rstate = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)
    rs = rstate.create_state(0, ref)
    for _ in range(3):
        opt.update_multi_precision(0, w16, nd.array(g, dtype="float16"), state)
        rstate.update(0, ref, nd.array(g), rs)
    np.testing.assert_allclose(state[1].asnumpy(), ref.asnumpy(), rtol=1e-3)
    np.testing.assert_allclose(w16.asnumpy(), ref.asnumpy().astype(np.float16), rtol=1e-3)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        mx.optimizer.SGD().create_state_multi_precision(0, w16)
    assert any("multi_precision=True" in str(r.message) for r in rec)


def test_create_register_and_errors():
    assert type(mx.optimizer.create("SGD")) is mx.optimizer.SGD
    assert type(mx.optimizer.create("aDaM", learning_rate=0.1)) is mx.optimizer.Adam
    assert mx.optimizer.Optimizer.create_optimizer("nag").momentum == 0.0
    with pytest.raises(ValueError, match="^Cannot find optimizer bogus$"):
        mx.optimizer.create("bogus")
    for name in ("sgd", "nag", "adam", "adagrad", "rmsprop", "adadelta", "ftrl", "ftml",
                 "signum", "lamb", "adamax", "nadam", "dcasgd", "sgld", "lars", "ccsgd",
                 "groupadagrad", "test"):
        assert name in mx.optimizer.Optimizer.opt_registry

    @mx.optimizer.register
    class MyOpt(mx.optimizer.Optimizer):
        def update(self, index, weight, grad, state):
            weight[:] -= grad

    assert isinstance(mx.optimizer.create("myopt"), MyOpt)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        mx.optimizer.register(MyOpt)
    assert "is overriding existing optimizer" in str(rec[0].message)
    del mx.optimizer.Optimizer.opt_registry["myopt"]
    opt = mx.optimizer.SGD(lr_scheduler=mx.lr_scheduler.FactorScheduler(2))
    with pytest.raises(UserWarning, match="LRScheduler of the optimizer has already"):
        opt.set_learning_rate(0.1)
    assert mx.optimizer.Optimizer().learning_rate == 0.01


def test_update_counting_and_scheduler():
    sched = mx.lr_scheduler.FactorScheduler(step=2, factor=0.5, base_lr=1.0)
    opt = mx.optimizer.SGD(lr_scheduler=sched, begin_num_update=3)
    w, g = nd.ones((2,)), nd.ones((2,))
    opt.update(0, w, g, None)
    assert opt._index_update_count == {0: 4} and opt.num_update == 4
    opt.update(1, w, g, None)
    opt.update(1, w, g, None)
    assert opt._index_update_count == {0: 4, 1: 5} and opt.num_update == 5
    assert opt.learning_rate == sched(5) == 0.25
    opt._update_count([0, 2])
    assert opt._index_update_count == {0: 5, 1: 5, 2: 4}
    # counts are per device
    opt._set_current_context(1)
    opt._update_count(0)
    assert opt._index_update_count == {0: 4}
    assert opt._all_index_update_counts[0][0] == 5
    with_lr = mx.optimizer.SGD(learning_rate=0.2, lr_scheduler=mx.lr_scheduler.FactorScheduler(
        2, base_lr=1.0))
    assert with_lr.lr_scheduler.base_lr == 0.2


def test_lr_and_wd_multipliers():
    opt = mx.optimizer.SGD(learning_rate=1.0, wd=0.1,
                           param_idx2name={0: "fc_weight", 1: "fc_bias", 2: "bn_gamma"})
    assert opt.wd_mult == {"fc_bias": 0.0}
    assert opt._get_wds([0, 1, 2]) == [0.1, 0.0, 0.1]
    opt.set_lr_mult({"fc_weight": 0.5, 2: 3.0})
    assert opt._get_lrs([0, 1, 2]) == [0.5, 1.0, 3.0]
    opt.set_wd_mult({1: 2.0})
    assert opt._get_wds([0, 1]) == [0.1, 0.2]
    lars = mx.optimizer.LARS(param_idx2name={0: "bn_gamma"})
    assert lars.wd_mult == {"bn_gamma": 0.0}


def test_updater_states_pickle_roundtrip():
    opt = mx.optimizer.create("adam", learning_rate=0.1)
    upd = mx.optimizer.get_updater(opt)
    w = nd.array([1.0, 2.0])
    upd(0, nd.array([0.5, -0.5]), w)
    blob = upd.get_states(dump_optimizer=True)
    upd2 = mx.optimizer.get_updater(mx.optimizer.create("adam"))
    upd2.set_states(blob)
    assert upd2.optimizer.lr == 0.1 and upd2.optimizer.num_update == 1
    np.testing.assert_array_equal(upd2.states[0][0].asnumpy(), upd.states[0][0].asnumpy())
    assert upd2.states_synced == {0: False}
    w2 = w.copy()
    upd(0, nd.array([0.1, 0.2]), w)
    upd2(0, nd.array([0.1, 0.2]), w2)
    np.testing.assert_array_equal(w.asnumpy(), w2.asnumpy())
    states_only = pickle.loads(upd.get_states())
    assert set(states_only) == {0}
    # param_dict is never pickled
    opt.param_dict = {0: object()}
    assert pickle.loads(pickle.dumps(opt)).param_dict == {}


def test_sgd_aggregates_like_single_updates():
    ws = [nd.array(np.arange(4.0) + i) for i in range(6)]
    gs = [nd.array(np.ones(4) * (i + 1)) for i in range(6)]
    upd = mx.optimizer.get_updater(mx.optimizer.SGD(learning_rate=0.1, momentum=0.9, wd=0.01))
    upd(list(range(6)), gs, ws)
    for i in range(6):
        ref = nd.array(np.arange(4.0) + i)
        mom = nd.zeros((4,))
        nd.sgd_mom_update(ref, gs[i], mom, lr=0.1, momentum=0.9, wd=0.01, out=ref)
        np.testing.assert_allclose(ws[i].asnumpy(), ref.asnumpy(), rtol=1e-6)


def test_adamw_contrib_skips_on_nonfinite_rescale():
    adamw = nd.contrib.adamw_update
    w, g = nd.array([1.0, 2.0]), nd.array([0.5, 0.5])
    m, v = nd.zeros((2,)), nd.zeros((2,))
    adamw(w, g, m, v, nd.array([np.inf]), lr=0.1, eta=1.0, out=w)
    np.testing.assert_array_equal(w.asnumpy(), [1.0, 2.0])
    np.testing.assert_array_equal(m.asnumpy(), [0.0, 0.0])


def test_scheduler_warmup_and_errors():
    s = mx.lr_scheduler.PolyScheduler(10, base_lr=1.0, warmup_steps=4, warmup_begin_lr=0.2)
    assert [round(s(i), 6) for i in range(4)] == [0.2, 0.4, 0.6, 0.8]
    with pytest.raises(ValueError, match="Supports only linear and constant modes of warmup"):
        mx.lr_scheduler.CosineScheduler(10, warmup_mode="cubic")
    with pytest.raises(ValueError, match="Schedule step must be an increasing integer list"):
        mx.lr_scheduler.MultiFactorScheduler([3, 2])
    with pytest.raises(ValueError, match="Factor must be no more than 1 to make lr reduce"):
        mx.lr_scheduler.FactorScheduler(2, factor=2.0)
    with pytest.raises(ValueError, match="maximum number of updates must be strictly positive"):
        mx.lr_scheduler.PolyScheduler(0)
    s = mx.lr_scheduler.FactorScheduler(step=1, factor=0.1, stop_factor_lr=1e-3, base_lr=1.0)
    assert s(10) == 1e-3


def test_adamw_decoupled_weight_decay_matches_formula():
    import math
    import numpy as np
    import mxlite as mx
    rs = np.random.RandomState(3)
    w0, gs = rs.randn(5).astype(np.float32), [rs.randn(5).astype(np.float32) for _ in range(3)]
    opt = mx.optimizer.create("adamw", learning_rate=0.01, wd=0.1, rescale_grad=0.5)
    w = mx.nd.array(w0)
    state = opt.create_state(0, w)
    m = np.zeros(5)
    v = np.zeros(5)
    ref = w0.astype(np.float64)
    for t, g in enumerate(gs, 1):
        opt.update(0, w, mx.nd.array(g), state)
        gr = g * 0.5
        m = 0.9 * m + 0.1 * gr
        v = 0.999 * v + 0.001 * gr * gr
        lr = 0.01 * math.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
        ref = ref - lr * (m / (np.sqrt(v) + 1e-8) + 0.1 * ref)
    np.testing.assert_allclose(w.asnumpy(), ref, rtol=1e-5, atol=1e-6)
    assert isinstance(mx.optimizer.AdamW(), mx.optimizer.Optimizer)
