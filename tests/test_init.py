"""mx.init: dispatch rules, statistics against MXNet 1.9.1, registry, seeding."""
import json
import os

import numpy as np
import pytest

import mxlite as mx
from mxlite import nd
import gluon_cases as gc

FIX = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "gluon.json")))["init"]


def _run(name, seed=1):
    make, shape = gc.INITS[name]
    mx.random.seed(seed)
    arr = nd.zeros(shape)
    make(mx)(mx.init.InitDesc("x_weight"), arr)
    return arr.asnumpy().astype(np.float64)


@pytest.mark.parametrize("name", sorted(gc.INITS))
def test_statistics_and_dumps_match_mxnet(name):
    a, exp = _run(name), FIX[name]
    if "values" in exp and not name.startswith("orthogonal"):
        np.testing.assert_allclose(a.ravel(), exp["values"], rtol=1e-6)
    n = a.size
    tol = 4 * max(exp["std"], 1e-12) / np.sqrt(n) + 1e-9
    assert abs(a.mean() - exp["mean"]) < 2 * tol
    assert abs(a.std() - exp["std"]) < max(0.06 * exp["std"], 1e-9)
    make = gc.INITS[name][0]
    assert make(mx).dumps() == exp["dumps"]


@pytest.mark.parametrize("name,scale", [("orthogonal", 1.414), ("orthogonal_normal", 1.0)])
def test_orthogonal_rows_or_columns(name, scale):
    a = _run(name)
    small = a if a.shape[0] <= a.shape[1] else a.T
    np.testing.assert_allclose(small @ small.T, scale ** 2 * np.eye(small.shape[0]), atol=1e-5)


def test_uniform_and_xavier_bounds():
    a = _run("uniform")
    assert a.min() >= -0.07 and a.max() <= 0.07
    a = _run("xavier")  # scale sqrt(3 / ((64 + 32) / 2)) = 0.25
    assert a.min() >= -0.25 and a.max() <= 0.25 and a.max() > 0.24


def test_seed_reproduces():
    np.testing.assert_array_equal(_run("normal", 7), _run("normal", 7))
    assert not np.array_equal(_run("normal", 7), _run("normal", 8))


def test_suffix_dispatch():
    init = mx.init.Uniform()
    arrs = {k: nd.full((3,), 9.0) for k in ("fc_bias", "bn_gamma", "bn_beta", "q_min", "q_max")}
    for k, v in arrs.items():
        init(mx.init.InitDesc(k), v)
    assert arrs["fc_bias"].asnumpy().tolist() == [0, 0, 0]
    assert arrs["bn_gamma"].asnumpy().tolist() == [1, 1, 1]
    assert arrs["bn_beta"].asnumpy().tolist() == [0, 0, 0]
    assert arrs["q_min"].asnumpy().tolist() == [0, 0, 0]
    assert arrs["q_max"].asnumpy().tolist() == [1, 1, 1]
    # an __init__ attribute overrides the suffix rule
    b = nd.zeros((2,))
    init(mx.init.InitDesc("fc_bias", {"__init__": mx.init.One().dumps()}), b)
    assert b.asnumpy().tolist() == [1, 1]


def test_legacy_string_names_warn_and_dispatch():
    init = mx.init.Xavier()
    mm, mv = nd.full((2,), 5.0), nd.full((2,), 5.0)
    with pytest.warns(DeprecationWarning):
        init("bn_moving_mean", mm)
    with pytest.warns(DeprecationWarning):
        init("bn_moving_var", mv)
    assert mm.asnumpy().tolist() == [0, 0] and mv.asnumpy().tolist() == [1, 1]
    up = nd.zeros((1, 1, 4, 4))
    with pytest.warns(DeprecationWarning):
        init("upsampling0_weight", up)
    np.testing.assert_allclose(up.asnumpy().ravel(), FIX["bilinear"]["values"])


def test_user_initializer_register_and_create():
    @mx.init.register
    class MyInit(mx.init.Initializer):
        def __init__(self, value=2.0):
            super(MyInit, self).__init__(value=value)
            self.value = value

        def _init_weight(self, name, arr):
            arr[:] = self.value

    a = nd.zeros((2, 2))
    mx.init.create("myinit", 3.0)(mx.init.InitDesc("w_weight"), a)
    assert a.asnumpy().tolist() == [[3, 3], [3, 3]]
    assert mx.init.create(MyInit().dumps()).value == 2.0
    assert isinstance(mx.init.create("zeros"), mx.init.Zero)
    assert isinstance(mx.init.create({"initializer": "xavier", "magnitude": 2}), mx.init.Xavier)
    assert mx.init.Xavier() == mx.init.Xavier() and mx.init.Xavier() != mx.init.Xavier(magnitude=2)
    # a user initializer drives Gluon initialization
    net = mx.gluon.nn.Dense(2, in_units=3)
    net.initialize(MyInit(5.0))
    assert net.weight.data().asnumpy().tolist() == [[5, 5, 5], [5, 5, 5]]
    assert net.bias.data().asnumpy().tolist() == [0, 0]


def test_mixed_and_load():
    init = mx.init.Mixed(["fc1.*", ".*"], [mx.init.Constant(2), mx.init.One()])
    a, b = nd.zeros((2,)), nd.zeros((2,))
    init(mx.init.InitDesc("fc1_weight"), a)
    init(mx.init.InitDesc("fc2_weight"), b)
    assert a.asnumpy().tolist() == [2, 2] and b.asnumpy().tolist() == [1, 1]
    with pytest.raises(ValueError, match="did not match any pattern"):
        mx.init.Mixed(["x"], [mx.init.One()])("fc_weight", a)
    ld = mx.init.Load({"arg:fc_weight": nd.ones((2,))}, default_init=mx.init.Zero())
    c = nd.full((2,), 7.0)
    ld("fc_weight", c)
    assert c.asnumpy().tolist() == [1, 1]


def test_constant_with_array_value_and_dtype_preserved():
    a = nd.zeros((2, 3), dtype="float64")
    mx.init.Constant(nd.array([1, 2, 3]))(mx.init.InitDesc("w_weight"), a)
    assert a.dtype == np.float64 and a.asnumpy().tolist() == [[1, 2, 3], [1, 2, 3]]
    d = mx.init.Constant(np.array([1.0, 2.0])).dumps()
    assert json.loads(d) == ["constant", {"value": [1.0, 2.0]}]


def test_lstm_bias_values():
    b = nd.zeros((8,))
    mx.init.LSTMBias(forget_bias=1.5)(mx.init.InitDesc("lstm_i2h_bias"), b)
    assert b.asnumpy().tolist() == [0, 0, 0, 0, 0, 0, 0, 0]  # a *bias* name: _init_bias
    mx.init.LSTMBias(forget_bias=1.5)(mx.init.InitDesc("x", {"__init__": "lstmbias"}), b)
    assert b.asnumpy().tolist() == [0, 0, 1.0, 1.0, 0, 0, 0, 0]
