"""gluon.nn layers against MXNet 1.9.1: deferred shapes, outputs, gradients, reprs, summaries."""
import contextlib
import io
import json
import os

import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd, nd
from mxlite.gluon import nn
import gluon_cases as gc

FIX = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "gluon.json")))


@pytest.mark.parametrize("name", sorted(gc.MODELS))
def test_model_forward_shapes_repr_and_summary(name):
    build, shape = gc.MODELS[name]
    exp = FIX["models"][name]
    mx.random.seed(0)
    net = build(mx)
    net.initialize()
    x = nd.ones(shape)
    out = net(x)
    assert list(out.shape) == exp["out_shape"]
    assert [[k, list(v.shape)] for k, v in net.collect_params().items()] == exp["params_after"]
    assert repr(net) == exp["repr_after"]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        net.summary(x)
    assert buf.getvalue() == exp["summary"]


@pytest.mark.parametrize("name", sorted(gc.LAYERS))
def test_layer_outputs_and_gradients_match_mxnet(name):
    got = gc.run_layer(mx, name)
    exp = FIX["layers"][name]
    assert sorted(got) == sorted(exp)
    for key in exp:
        if name == "selu" and key == "x_grad":
            continue  # MXNet 1.9.1's SELU gradient is wrong for x < 0; checked below
        np.testing.assert_allclose(np.array(got[key], dtype=np.float64),
                                   np.array(exp[key], dtype=np.float64),
                                   rtol=2e-5, atol=2e-5, err_msg=key)


def test_selu_gradient_is_the_true_derivative():
    # MXNet 1.9.1 gives 0.4456 at x=-1.2396 where the derivative is 0.5090 (finite differences)
    x = nd.array([-1.2396, 0.7])
    x.attach_grad()
    with autograd.record():
        y = nn.SELU()(x)
    y.backward()
    lam, alpha = 1.0507009873554805, 1.6732632423543772
    np.testing.assert_allclose(x.grad.asnumpy(), [lam * alpha * np.exp(-1.2396), lam],
                               rtol=1e-5)


def test_dense_matches_numpy():
    net = nn.Dense(4, in_units=3, activation="relu")
    net.initialize(mx.init.Xavier())
    x = np.random.RandomState(0).randn(5, 3).astype(np.float32)
    w, b = net.weight.data().asnumpy(), net.bias.data().asnumpy()
    b[:] = 0.1
    net.bias.set_data(nd.array(b))
    np.testing.assert_allclose(net(nd.array(x)).asnumpy(), np.maximum(x @ w.T + b, 0),
                               rtol=1e-5, atol=1e-6)
    assert net.act.name == net.name + "_relu"


def test_batchnorm_running_stats_update_in_training_only():
    bn = nn.BatchNorm(in_channels=2, momentum=0.9)
    bn.initialize()
    x = nd.array(np.arange(12, dtype=np.float32).reshape(3, 2, 2))
    bn(x)  # prediction mode: uses and keeps the running statistics
    np.testing.assert_array_equal(bn.running_mean.data().asnumpy(), [0, 0])
    with autograd.record():
        y = bn(x)
    np.testing.assert_array_equal(bn.running_mean.data().asnumpy(), [0, 0])
    y.backward()  # MXNet updates the moving statistics in the backward pass
    mean = x.asnumpy().transpose(1, 0, 2).reshape(2, -1).mean(1)
    np.testing.assert_allclose(bn.running_mean.data().asnumpy(), 0.1 * mean, rtol=1e-5)
    assert bn.running_mean.grad_req == "null" and bn.gamma.grad_req == "write"


def test_dropout_training_and_prediction():
    drop = nn.Dropout(0.5)
    x = nd.ones((200, 10))
    np.testing.assert_array_equal(drop(x).asnumpy(), x.asnumpy())
    with autograd.record():
        y = drop(x).asnumpy()
    assert set(np.unique(y)) <= {0.0, 2.0} and 0.3 < (y == 0).mean() < 0.7
    with autograd.record():
        y = nn.Dropout(0.5, axes=(1,))(x).asnumpy()
    assert all(len(set(row)) == 1 for row in y)  # the mask is shared along axis 1


@pytest.mark.parametrize("layer,shape,text", [
    (lambda: nn.Conv2D(4, 3), (1, 3, 5), "Input data should be 4D in batch-num_filter-y-x"),
    (lambda: nn.Conv1D(4, 3), (1, 3, 5, 5), "Input data should be 3D in batch-num_filter-x"),
    (lambda: nn.Conv3D(4, 3), (1, 3, 5), "Input data should be 5D"),
    (lambda: nn.Conv2DTranspose(4, 3), (1, 3, 5), "Input data should be 4D"),
    (lambda: nn.BatchNorm(axis=3), (2, 3), "Channel axis out of range: 3"),
    (lambda: nn.LayerNorm(axis=2), (2, 3), "Channel axis out of range: axis=2"),
])
def test_wrong_input_rank_deferred(layer, shape, text):
    net = layer()
    net.initialize()
    with pytest.raises(mx.MXNetError, match="Deferred initialization failed because shape "
                                            "cannot be inferred") as e:
        net(nd.ones(shape))
    assert isinstance(e.value, ValueError)  # MXNet raises ValueError here
    assert text in str(e.value) and str(shape) in str(e.value)


def test_wrong_input_rank_known_shapes():
    pool = nn.MaxPool2D()
    with pytest.raises(mx.MXNetError, match=r"Input data should be 4D.*\(2, 3, 4\)"):
        pool(nd.ones((2, 3, 4)))
    conv = nn.Conv2D(2, 3, in_channels=3)
    conv.initialize()
    with pytest.raises(mx.MXNetError):
        conv(nd.ones((1, 3, 5)))


def test_conv_weight_shapes_and_reprs():
    cases = [
        (nn.Conv2D(4, 3, layout="NHWC", in_channels=6, groups=2), (4, 3, 3, 3),
         "Conv2D(3 -> 4, kernel_size=(3, 3), stride=(1, 1), groups=2)"),
        (nn.Conv2DTranspose(4, 3, in_channels=6, groups=2), (6, 2, 3, 3),
         "Conv2DTranspose(2 -> 6, kernel_size=(3, 3), stride=(1, 1), groups=2)"),
        (nn.Conv2DTranspose(4, 3, layout="NHWC", in_channels=6, groups=2), (6, 3, 3, 2),
         "Conv2DTranspose(3 -> 6, kernel_size=(3, 3), stride=(1, 1), groups=2)"),
        (nn.Conv2D(4, (3, 2), strides=2, padding=1, dilation=2, groups=2, use_bias=False,
                   activation="tanh"), (4, 0, 3, 2),
         "Conv2D(None -> 4, kernel_size=(3, 2), stride=(2, 2), padding=(1, 1), "
         "dilation=(2, 2), groups=2, bias=False, Activation(tanh))"),
        (nn.Conv2DTranspose(4, 3, output_padding=1, strides=2), (0, 4, 3, 3),
         "Conv2DTranspose(4 -> 0, kernel_size=(3, 3), stride=(2, 2))"),
    ]
    for layer, wshape, text in cases:
        assert layer.weight.shape == wshape
        assert repr(layer) == text


def test_lambda_and_activation_names():
    with mx.name.NameManager():
        act = nn.Activation("relu")
        lam = nn.Lambda(lambda x: x)
        hl = nn.HybridLambda("relu")
    assert act.name == "relu0" and lam.name == "lambda0" and hl.name == "hybridlambda0"
    assert repr(lam) == "Lambda(<lambda>)" and repr(hl) == "HybridLambda(relu)"
    with pytest.raises(AssertionError, match="Function name nope is not found"):
        nn.HybridLambda("nope")
    with pytest.raises(AssertionError, match="Slope coefficient for LeakyReLU"):
        nn.LeakyReLU(-1)


def test_conv_constructor_checks():
    """MXNet's convolution layers run the op's parameter checks at construction (found by the
    gluon_layers fuzz); the deferred inference raises the op's geometry errors."""
    from mxlite.base import MXNetError
    for make, text in [
            (lambda: nn.Conv2D(4, 3, groups=3, in_channels=6), "output num_filter must divide"),
            (lambda: nn.Conv2D(4, 3, groups=2, in_channels=5), "input num_filter must divide"),
            (lambda: nn.Conv1DTranspose(4, 3, groups=3), "output num_filter must divide"),
            (lambda: nn.Conv2D(0, 3), "num_filter should be greater equal to 1"),
            (lambda: nn.Conv2D(2, 0), "incorrect kernel size: [0,0]"),
            (lambda: nn.Conv2D(2, 3, strides=0), "incorrect stride size: [0,0]"),
            (lambda: nn.Conv2DTranspose(2, 3, output_padding=1),
             "adj(y) must be samller than stride[0]")]:
        with pytest.raises(MXNetError) as ei:
            make()
        assert text in str(ei.value)
    net = nn.Conv2D(2, 3, dilation=2)
    net.initialize()
    with pytest.raises(ValueError, match="kernel size exceed input"):
        net(nd.ones((1, 1, 4, 4)))


def test_dense_1d_input_and_global_pool_rank():
    net = nn.Dense(2)
    net.initialize()
    assert net(nd.ones((3,))).shape == (3, 2) and net.weight.shape == (2, 1)
    pool = nn.GlobalAvgPool3D()
    with pytest.raises(mx.MXNetError, match=r"dshape.ndim\(\) >= 3 \(2 vs. 3\)"):
        pool(nd.ones((2, 3)))
