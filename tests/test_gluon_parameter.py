"""gluon.Parameter, Constant and ParameterDict against MXNet 1.9.1 (tests/fixtures/gluon.json)."""
import json
import os
import tempfile
import warnings

import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd, gluon, nd
import gluon_cases as gc

FIX = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "gluon.json")))


def _err(fn, d):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return [type(e).__name__, str(e).replace(d, "<dir>").replace("mxlite.", "mxnet.")]
    return None


@pytest.mark.parametrize("name", sorted(gc.ERRORS))
def test_error_texts_match_mxnet(name):
    with tempfile.TemporaryDirectory() as d:
        got = _err(lambda: gc.ERRORS[name](mx, d), d)
    assert got == FIX["errors"][name]


@pytest.mark.parametrize("name", ["reprs", "param_init", "cast", "bn_params", "deferred",
                                  "roundtrip", "legacy_keys", "structural", "sequence",
                                  "select", "hooks"])
def test_misc_records_match_mxnet(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with tempfile.TemporaryDirectory() as d:
            got = json.loads(json.dumps(gc.MISC[name](mx, d)))
    assert got == FIX["misc"][name]


def test_repr_and_shape_merging():
    p = gluon.Parameter("dense0_weight", shape=(10, 0))
    assert repr(p) == "Parameter dense0_weight (shape=(10, 0), dtype=<class 'numpy.float32'>)"
    p.shape = (10, 7)
    assert p.shape == (10, 7)
    with pytest.raises(AssertionError, match="incompatible"):
        p.shape = (11, 7)
    assert gluon.Parameter("w", shape=3).shape == (3,)


def test_deferred_init_completes_on_set_shape():
    p = gluon.Parameter("w", shape=(2, 0), allow_deferred_init=True, init=mx.init.One())
    p.initialize()
    with pytest.raises(gluon.parameter.DeferredInitializationError):
        p.data()
    assert p.list_ctx() == [mx.cpu()]
    p.shape = (2, 3)
    p._finish_deferred_init()
    np.testing.assert_array_equal(p.data().asnumpy(), np.ones((2, 3)))
    assert p.grad().shape == (2, 3)


def test_set_data_before_deferred_init_is_kept():
    p = gluon.Parameter("w", shape=(0,), allow_deferred_init=True)
    p.initialize()
    p.set_data(nd.array([1.0, 2.0]))
    p._finish_deferred_init()
    np.testing.assert_array_equal(p.data().asnumpy(), [1, 2])


def test_grad_req_null_detaches_and_write_reattaches():
    p = gluon.Parameter("w", shape=(3,))
    p.initialize(init=mx.init.One())
    x = p.data()
    with autograd.record():
        y = (x * x).sum()
    y.backward()
    np.testing.assert_array_equal(p.grad().asnumpy(), [2, 2, 2])
    p.grad_req = "null"
    with pytest.raises(RuntimeError, match="grad_req='null'"):
        p.grad()
    assert p.data().grad is None
    p.grad_req = "add"
    for _ in range(2):
        with autograd.record():
            y = (p.data() * 3).sum()
        y.backward()
    np.testing.assert_array_equal(p.grad().asnumpy(), [6, 6, 6])
    p.zero_grad()
    np.testing.assert_array_equal(p.grad().asnumpy(), [0, 0, 0])


def test_non_differentiable_forces_null():
    p = gluon.Parameter("m", shape=(2,), differentiable=False)
    assert p.grad_req == "null"
    p.grad_req = "write"
    assert p.grad_req == "null"


def test_already_initialized_warns_and_force_reinit():
    p = gluon.Parameter("w", shape=(2,))
    p.initialize(init=mx.init.Zero())
    with pytest.warns(UserWarning, match="already initialized"):
        p.initialize(init=mx.init.One())
    np.testing.assert_array_equal(p.data().asnumpy(), [0, 0])
    p.initialize(init=mx.init.One(), force_reinit=True)
    np.testing.assert_array_equal(p.data().asnumpy(), [1, 1])


def test_multi_context_and_reset_ctx():
    p = gluon.Parameter("w", shape=(2,))
    p.initialize(init=mx.init.One(), ctx=[mx.cpu(0), mx.cpu(1)])
    assert len(p.list_data()) == 2 and len(p.list_grad()) == 2
    assert p.data(mx.cpu(1)).context == mx.cpu(1)
    p.list_data()[1][:] = 3
    p.reset_ctx(mx.cpu(0))
    np.testing.assert_array_equal(p.data().asnumpy(), [2, 2])  # the average
    assert p.list_ctx() == [mx.cpu(0)]


def test_cast_keeps_gradient_attached():
    p = gluon.Parameter("w", shape=(2,))
    p.initialize(init=mx.init.One())
    p.cast("float64")
    assert p.dtype == "float64" and p.data().dtype == np.float64
    with autograd.record():
        y = (p.data() * 2).sum()
    y.backward()
    assert p.grad().dtype == np.float64
    np.testing.assert_array_equal(p.grad().asnumpy(), [2, 2])


def test_var_is_named():
    p = gluon.Parameter("fc_weight", shape=(2, 3))
    v = p.var()
    assert v.name == "fc_weight" and v.list_arguments() == ["fc_weight"]


def test_constant():
    c = gluon.Constant("const", [[1, 2], [3, 4]])
    assert c.grad_req == "null"
    with pytest.warns(UserWarning, match="does not support"):
        c.grad_req = "write"
    c.initialize()
    np.testing.assert_array_equal(c.data().asnumpy(), [[1, 2], [3, 4]])


def test_parameter_dict_get_shares_and_merges():
    pd = gluon.ParameterDict("net_")
    w = pd.get("w", shape=(2, 0))
    assert pd.get("w", shape=(0, 5)) is w and w.shape == (2, 5)
    assert pd.get("w", dtype=np.float32) is w
    child = gluon.ParameterDict("net_", shared=pd)
    assert child.get("w") is w
    assert list(pd.keys()) == ["net_w"] and "net_w" in pd and len(pd) == 1
    other = gluon.ParameterDict("o_")
    other.get("w")
    pd.update(other)
    assert list(pd.keys()) == ["net_w", "o_w"]
    with pytest.raises(AssertionError, match="different Parameters"):
        pd.update({"net_w": gluon.Parameter("net_w")})


def test_parameter_dict_save_load_and_prefix():
    pd = gluon.ParameterDict("net_")
    pd.get("w", shape=(2, 2), init=mx.init.One())
    pd.get("b", shape=(2,))
    pd.initialize(mx.init.Zero())
    with tempfile.TemporaryDirectory() as d:
        f = os.path.join(d, "p.params")
        pd.save(f, strip_prefix="net_")
        assert sorted(nd.load(f).keys()) == ["b", "w"]
        with pytest.raises(ValueError, match="Prefix 'x_' is to be striped"):
            pd.save(f, strip_prefix="x_")
        pd2 = gluon.ParameterDict("new_")
        pd2.get("w", shape=(2, 0))
        pd2.get("b", shape=(2,))
        pd2.load(f, restore_prefix="new_")
        np.testing.assert_array_equal(pd2["new_w"].data().asnumpy(), np.ones((2, 2)))
        assert pd2["new_w"].shape == (2, 2)
        pd3 = gluon.ParameterDict("new_")
        pd3.get("w", shape=(2, 2))
        pd3.load(f, restore_prefix="new_", ignore_extra=True)
        pd4 = gluon.ParameterDict("new_")
        pd4.get("w", shape=(2, 2))
        pd4.get("c", shape=(2, 2))
        pd4.load(f, restore_prefix="new_", allow_missing=True, ignore_extra=True)
        assert pd4["new_c"]._data is None


def test_parameter_dict_zero_grad_setattr_list_ctx():
    pd = gluon.ParameterDict("p_")
    a = pd.get("a", shape=(2,))
    pd.get("b", shape=(2,), grad_req="null")
    pd.initialize()
    a.grad()[:] = 5
    pd.zero_grad()
    np.testing.assert_array_equal(a.grad().asnumpy(), [0, 0])
    pd.setattr("lr_mult", 0.5)
    assert [p.lr_mult for p in pd.values()] == [0.5, 0.5]
    assert pd.list_ctx() == [mx.cpu()]
    pd.reset_ctx(mx.cpu(2))
    assert a.list_ctx() == [mx.cpu(2)]


def test_initialize_verbose_and_own_init_precedence():
    pd = gluon.ParameterDict("p_")
    pd.get("weight", shape=(2, 2), init="ones")
    pd.get("bias", shape=(2,))
    pd.initialize(mx.init.Constant(4), verbose=True)
    np.testing.assert_array_equal(pd["p_weight"].data().asnumpy(), np.ones((2, 2)))
    np.testing.assert_array_equal(pd["p_bias"].data().asnumpy(), [4, 4])  # global init
