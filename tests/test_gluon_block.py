"""gluon.Block / HybridBlock in the style of D2L's "Deep Learning Computation" chapter:
custom blocks, naming, parameter access and sharing, deferred init, save/load, hooks."""
import base64
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import textwrap

import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd, gluon, nd
from mxlite.gluon import nn
import gluon_cases as gc

FIX = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "gluon.json")))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.parametrize("name", sorted(gc.MODELS))
def test_names_shapes_and_repr_before_forward(name):
    build, _ = gc.MODELS[name]
    net = build(mx)
    exp = FIX["models"][name]
    assert repr(net) == exp["repr"]
    assert [[k, list(v.shape)] for k, v in net.collect_params().items()] == exp["params_before"]
    assert sorted(net._collect_params_with_prefix().keys()) == exp["structural"]


def test_custom_block_forward_summary_and_hybridize():
    build, shape = gc.MODELS["custom_dot"]
    exp = FIX["models"]["custom_dot"]
    net = build(mx)
    net.initialize()
    x = nd.ones(shape)
    assert list(net(x).shape) == exp["out_shape"]
    assert repr(net) == exp["repr_after"]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        net.summary(x)
    assert buf.getvalue() == exp["summary"]
    # hybridize changes nothing in the results
    before = net(x).asnumpy()
    with pytest.warns(UserWarning, match="Consider using HybridSequential"):
        net.hybridize()
    np.testing.assert_array_equal(net(x).asnumpy(), before)


class MyDense(nn.HybridBlock):
    """A user layer whose input size is inferred at the first forward (infer_shape)."""

    def __init__(self, units, **kwargs):
        super(MyDense, self).__init__(**kwargs)
        self._units = units
        with self.name_scope():
            self.weight = self.params.get("weight", shape=(0, units), allow_deferred_init=True)

    def infer_shape(self, x):
        self.weight.shape = (x.shape[1], self._units)

    def hybrid_forward(self, F, x, weight):
        return F.dot(x, weight)


def test_deferred_init_through_user_infer_shape():
    net = MyDense(3)
    net.initialize(mx.init.One())
    with pytest.raises(gluon.DeferredInitializationError):
        net.weight.data()
    y = net(nd.ones((2, 4)))
    assert net.weight.shape == (4, 3)
    np.testing.assert_array_equal(y.asnumpy(), np.full((2, 3), 4.0))


def test_deferred_init_without_infer_shape_is_a_clear_error():
    class NoInfer(nn.HybridBlock):
        def __init__(self):
            super(NoInfer, self).__init__()
            self.w = self.params.get("w", shape=(0, 3), allow_deferred_init=True)

        def hybrid_forward(self, F, x, w):
            return F.dot(x, w)
    b = NoInfer()
    b.initialize()
    with pytest.raises(ValueError, match="Deferred initialization failed because shape "
                                         "cannot be inferred") as e:
        b(nd.ones((2, 4)))
    assert isinstance(e.value, mx.MXNetError) and "(2, 4)" in str(e.value)


def test_training_a_custom_block_and_shared_parameters():
    class Linear(nn.Block):
        def __init__(self, params=None, **kwargs):
            super(Linear, self).__init__(params=params, **kwargs)
            self.w = self.params.get("w", shape=(2, 2))

        def forward(self, x):
            return nd.dot(x, self.w.data())

    a = Linear(prefix="lin_")
    b = Linear(prefix="other_", params=a.params)  # D2L: sharing through params=
    assert b.w is a.w and b.params.prefix == "lin_"
    net = nn.Sequential()
    net.add(a, b)
    net.initialize(mx.init.One())
    assert list(net.collect_params().keys()) == ["lin_w"]
    x = nd.array([[1.0, 2.0]])
    with autograd.record():
        y = net(x).sum()
    y.backward()
    # d/dW of sum(x W W): both uses accumulate into the one shared gradient
    w = np.ones((2, 2))
    xv = np.array([[1.0, 2.0]])
    g = xv.T @ (np.ones((1, 2)) @ w.T) + (xv @ w).T @ np.ones((1, 2))
    np.testing.assert_allclose(a.w.grad().asnumpy(), g)


def test_children_registration_apply_and_attributes():
    class Net(nn.Block):
        def __init__(self, **kwargs):
            super(Net, self).__init__(**kwargs)
            with self.name_scope():
                self.body = nn.HybridSequential()
                self.extra = nn.Lambda("relu")
                self.lst = [nn.Lambda("tanh")]  # unregistered container

        def forward(self, x):
            return self.extra(self.body(x))

    with mx.name.NameManager():
        net = Net()
    assert list(net._children.keys()) == ["body", "extra"]
    assert net.name == "net0" and net.prefix == "net0_" and net.body.prefix == "net0_hybridsequential0_"
    with pytest.warns(UserWarning, match="unregistered container"):
        net.collect_params()
    seen = []
    assert net.apply(lambda blk: seen.append(blk.name)) is net
    assert seen == ["net0_hybridsequential0", "net0_lambda0", "net0"]
    net.register_child(nn.Lambda("relu"))
    assert list(net._children.keys()) == ["body", "extra", "2"]
    for attr in dir(net):  # every attribute readable without raising
        getattr(net, attr)
    with pytest.raises(ValueError, match="Children of HybridBlock must also be HybridBlock"):
        nn.HybridSequential().add(nn.Lambda("relu"))


def test_sequential_container_protocol():
    with mx.name.NameManager():
        net = nn.HybridSequential()
        with net.name_scope():
            net.add(nn.HybridLambda("relu"), nn.HybridLambda("tanh"), nn.HybridLambda("exp"))
    assert len(net) == 3 and [b.name for b in net] == [
        "hybridsequential0_hybridlambda0", "hybridsequential0_hybridlambda1",
        "hybridsequential0_hybridlambda2"]
    sub = net[1:]
    assert type(sub) is nn.HybridSequential and len(sub) == 2 and sub.prefix == net.prefix
    x = nd.array([-1.0, 0.5])
    np.testing.assert_allclose(net(x).asnumpy(), np.exp(np.tanh(np.maximum([-1.0, 0.5], 0))),
                               rtol=1e-6)


def test_forward_hooks_with_handles():
    net = nn.Lambda(lambda x: x + 1)
    calls = []
    h1 = net.register_forward_pre_hook(lambda b, args: calls.append(("pre", len(args))))
    h2 = net.register_forward_hook(lambda b, args, out: calls.append(("post", out.asscalar())))
    net(nd.array([1.0]))
    assert calls == [("pre", 1), ("post", 2.0)]
    h1.detach()
    with h2:
        pass
    net(nd.array([1.0]))
    assert len(calls) == 2


def test_save_load_round_trip_and_errors():
    net = gc.small_net(mx)
    net.initialize(mx.init.Xavier())
    with tempfile.TemporaryDirectory() as d:
        f = os.path.join(d, "net.params")
        net.save_parameters(f)
        assert sorted(nd.load(f)) == ["0.bias", "0.weight", "1.0.bias", "1.0.weight"]
        other = gc.small_net(mx)
        other.load_parameters(f, ctx=mx.cpu())
        for a, b in zip(net.collect_params().values(), other.collect_params().values()):
            np.testing.assert_array_equal(a.data().asnumpy(), b.data().asnumpy())
        # allow_missing / ignore_extra
        bigger = gc.small_net(mx)
        bigger.add(nn.Dense(2, in_units=2))
        with pytest.raises(AssertionError, match="Parameter '2.weight' is missing in file"):
            bigger.load_parameters(f)
        bigger.load_parameters(f, allow_missing=True)
        smaller = gc.small_net(mx)[:1]
        with pytest.raises(ValueError, match="Parameter '1.0.weight' loaded from file .* is not "
                                             "present in ParameterDict"):
            smaller.load_parameters(f)
        smaller.load_parameters(f, ignore_extra=True)
        # dtype checks and cast_dtype
        wide = gc.small_net(mx)
        wide.cast("float64")
        with pytest.raises(AssertionError, match="dtype incompatible expected float64 vs saved"):
            wide.load_parameters(f)
        wide.load_parameters(f, cast_dtype=True)
        assert wide[0].weight.data().dtype == np.float64
        # legacy prefixed names
        g = os.path.join(d, "legacy.params")
        with pytest.warns(UserWarning, match="save_params is deprecated"):
            net.save_params(g)
        with pytest.warns(UserWarning, match="load_params is deprecated"):
            other.load_params(g)


def test_loads_parameter_files_written_by_mxnet():
    with tempfile.TemporaryDirectory() as d:
        for key in ("small_net_params", "small_net_legacy"):
            f = os.path.join(d, key)
            with open(f, "wb") as fh:
                fh.write(base64.b64decode(FIX[key]))
            net = gc.small_net(mx)
            net.load_parameters(f)
            for name, p in net._collect_params_with_prefix().items():
                np.testing.assert_array_equal(p.data().asnumpy(),
                                              np.array(FIX["small_net_values"][name],
                                                       dtype=np.float32))


def test_cast_and_export_and_symbolblock():
    net = gc.small_net(mx)
    net.initialize()
    net.cast("float16")
    assert all(p.data().dtype == np.float16 for p in net.collect_params().values())
    with pytest.raises(mx.MXNetError, match="not supported"):
        net.export("model")
    with pytest.raises(mx.MXNetError, match="not supported"):
        gluon.SymbolBlock.imports("a-symbol.json", ["data"])


def test_hybrid_forward_needs_an_ndarray():
    with pytest.raises(ValueError, match="there must be one NDArray"):
        nn.HybridLambda("relu")(3)


def test_runs_as_mxnet_under_python_m_mxlite():
    script = textwrap.dedent("""
        import mxnet as mx
        from mxnet import gluon, nd
        from mxnet.gluon import nn
        class Net(nn.HybridBlock):
            def __init__(self, **kwargs):
                super(Net, self).__init__(**kwargs)
                with self.name_scope():
                    self.w = self.params.get('weight', shape=(3, 2))
            def hybrid_forward(self, F, x, w):
                return F.dot(x, w)
        net = Net()
        net.initialize(mx.init.One())
        print(type(net).__mro__[1].__module__, net.w.name, net(nd.ones((1, 3))).asnumpy().tolist())
    """)
    with tempfile.TemporaryDirectory() as d:
        f = os.path.join(d, "s.py")
        with open(f, "w") as fh:
            fh.write(script)
        out = subprocess.run([sys.executable, "-m", "mxlite", f], capture_output=True, text=True,
                             cwd=ROOT, env=dict(os.environ, PYTHONPATH=ROOT), timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["mxlite.gluon.block", "net0_weight", "[[3.0,", "3.0]]"]


def test_gluon_utils_split_and_clip():
    utils = gluon.utils
    x = nd.arange(10).reshape((5, 2))
    assert [s.shape for s in utils.split_data(x, 2, even_split=False)] == [(3, 2), (2, 2)]
    assert [s.shape for s in utils.split_data(x, 2, batch_axis=1)] == [(5, 1), (5, 1)]
    with pytest.raises(ValueError, match=r"data with shape \(5, 2\) cannot be evenly split "
                                         "into 2 slices along axis 0"):
        utils.split_data(x, 2)
    parts = utils.split_and_load(nd.ones((4, 2)), [mx.cpu(0), mx.cpu(1)])
    assert [p.context for p in parts] == [mx.cpu(0), mx.cpu(1)]
    a = [nd.ones((2,)) * 3, nd.ones((1,)) * 4]
    n = utils.clip_global_norm(a, 1.0)
    assert isinstance(n, np.float32) and abs(n - 5.8309517) < 1e-6
    np.testing.assert_allclose(a[0].asnumpy(), [0.5144958] * 2, rtol=1e-6)
    np.testing.assert_allclose(a[1].asnumpy(), [0.6859944], rtol=1e-6)


def test_infer_shape_of_a_container_keeps_parameters_uninitialized():
    with mx.name.NameManager():
        net = nn.HybridSequential()
        net.add(nn.Conv2D(4, 3), nn.BatchNorm(), nn.Dense(5))
    net.infer_shape(nd.ones((2, 3, 8, 8)))  # as MXNet: shapes known, nothing initialized
    assert [(k, v.shape) for k, v in net.collect_params().items()] == [
        ("conv0_weight", (4, 3, 3, 3)), ("conv0_bias", (4,)), ("batchnorm0_gamma", (4,)),
        ("batchnorm0_beta", (4,)), ("batchnorm0_running_mean", (4,)),
        ("batchnorm0_running_var", (4,)), ("dense0_weight", (5, 144)), ("dense0_bias", (5,))]
    with pytest.raises(RuntimeError, match="has not been initialized"):
        net[0].weight.data()
    net.initialize(mx.init.One())
    assert net[2].weight.data().shape == (5, 144)
