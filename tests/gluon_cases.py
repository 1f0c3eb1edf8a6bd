"""Gluon cases shared by tools/record_gluon.py (run on real MXNet) and the tests (mxlite).

Every builder takes the `mx` module, so the same code runs on both; each model is built
inside a fresh NameManager so its automatic names do not depend on what ran before.
"""

import numpy as np


def _fresh(mx, fn):
    with mx.name.NameManager():
        return fn()


# ---------------------------------------------------------------- models (D2L chapter style)
def mlp(mx):
    nn = mx.gluon.nn

    def build():
        net = nn.Sequential()
        net.add(nn.Dense(16, activation="relu"), nn.Dense(10))
        return net
    return _fresh(mx, build)


def nested(mx):
    nn = mx.gluon.nn

    class NestMLP(nn.Block):
        def __init__(self, **kwargs):
            super(NestMLP, self).__init__(**kwargs)
            self.net = nn.Sequential()
            self.net.add(nn.Dense(8, activation="relu"), nn.Dense(6, activation="relu"))
            self.dense = nn.Dense(4, activation="relu")

        def forward(self, x):
            return self.dense(self.net(x))

    class FancyMLP(nn.Block):
        def __init__(self, **kwargs):
            super(FancyMLP, self).__init__(**kwargs)
            self.rand_weight = self.params.get_constant(
                "rand_weight", np.arange(20, dtype=np.float32).reshape(5, 4) / 100)
            self.dense = nn.Dense(5, activation="relu")

        def forward(self, x):
            x = self.dense(x)
            x = mx.nd.relu(mx.nd.dot(x, self.rand_weight.data()) + 1)
            x = self.dense(mx.nd.dot(x, mx.nd.ones((4, 5))))
            while x.norm().asscalar() > 1:
                x = x / 2
            return x.sum()

    def build():
        net = nn.Sequential()
        with net.name_scope():
            net.add(NestMLP(), nn.Dense(5), FancyMLP())
        return net
    return _fresh(mx, build)


def hybrid_nested(mx):
    nn = mx.gluon.nn

    class Block2(nn.HybridBlock):
        def __init__(self, **kwargs):
            super(Block2, self).__init__(**kwargs)
            with self.name_scope():
                self.body = nn.HybridSequential()
                self.body.add(nn.Dense(4, activation="tanh"), nn.Dense(3))
                self.scale = self.params.get("scale", shape=(1,), init=mx.init.One())

        def hybrid_forward(self, F, x, scale):
            return F.broadcast_mul(self.body(x), scale)

    def build():
        net = nn.HybridSequential()
        with net.name_scope():
            net.add(Block2(), Block2(prefix="second_"), nn.Dense(2, in_units=3))
        return net
    return _fresh(mx, build)


def shared(mx):
    nn = mx.gluon.nn

    def build():
        net = nn.Sequential()
        shared_layer = nn.Dense(8, activation="relu")
        net.add(nn.Dense(8, activation="relu"), shared_layer,
                nn.Dense(8, activation="relu", params=shared_layer.params), nn.Dense(10))
        return net
    return _fresh(mx, build)


def prefixed(mx):
    nn = mx.gluon.nn

    def build():
        net = nn.HybridSequential(prefix="model_")
        with net.name_scope():
            net.add(nn.Dense(3, prefix="fc_"), nn.Dense(3))
            inner = nn.HybridSequential()
            with inner.name_scope():
                inner.add(nn.Dense(2), nn.Dense(2, use_bias=False))
            net.add(inner)
        return net
    return _fresh(mx, build)


def no_scope(mx):
    nn = mx.gluon.nn

    def build():
        net = nn.HybridSequential()
        net.add(nn.Dense(3), nn.Dense(3), nn.Activation("relu"))
        return net
    return _fresh(mx, build)


def lenet(mx):
    nn = mx.gluon.nn

    def build():
        net = nn.HybridSequential()
        net.add(nn.Conv2D(channels=6, kernel_size=5, padding=2, activation="sigmoid"),
                nn.AvgPool2D(pool_size=2, strides=2),
                nn.Conv2D(channels=16, kernel_size=5, activation="sigmoid"),
                nn.MaxPool2D(pool_size=2, strides=2),
                nn.Dense(12, activation="sigmoid"), nn.Dense(10))
        return net
    return _fresh(mx, build)


def bn_net(mx):
    nn = mx.gluon.nn

    def build():
        net = nn.HybridSequential()
        net.add(nn.Conv2D(4, kernel_size=3, padding=1, use_bias=False), nn.BatchNorm(),
                nn.Activation("relu"), nn.GlobalAvgPool2D(), nn.Flatten(),
                nn.Dense(3, flatten=False), nn.BatchNorm(scale=False, center=False))
        return net
    return _fresh(mx, build)


def norms(mx):
    nn = mx.gluon.nn

    def build():
        net = nn.HybridSequential()
        net.add(nn.LayerNorm(), nn.InstanceNorm(scale=True), nn.GroupNorm(num_groups=2),
                nn.Dropout(0.5), nn.Dropout(0.2, axes=(1,)))
        return net
    return _fresh(mx, build)


def activations(mx):
    nn = mx.gluon.nn

    def build():
        net = nn.HybridSequential()
        net.add(nn.LeakyReLU(0.1), nn.PReLU(), nn.ELU(), nn.SELU(), nn.GELU(), nn.Swish(),
                nn.Activation("tanh"), nn.Activation("softrelu"),
                nn.HybridLambda("relu"), nn.HybridLambda(lambda F, x: x * 2))
        return net
    return _fresh(mx, build)


def convs(mx):
    nn = mx.gluon.nn

    def build():
        net = nn.HybridSequential()
        net.add(nn.Conv1D(4, 3, strides=2, padding=1, dilation=1, groups=2, in_channels=2),
                nn.Conv1DTranspose(2, 3, strides=2, output_padding=1, in_channels=4),
                nn.MaxPool1D(2, ceil_mode=True), nn.AvgPool1D(3, 1, 1, count_include_pad=False),
                nn.GlobalMaxPool1D(), nn.GlobalAvgPool1D())
        return net
    return _fresh(mx, build)


def convs2d(mx):
    nn = mx.gluon.nn

    def build():
        net = nn.HybridSequential()
        net.add(nn.Conv2D(4, (3, 2), strides=(2, 1), padding=(1, 0), dilation=(1, 2),
                          use_bias=False, activation="relu"),
                nn.Conv2DTranspose(3, 3, strides=2, padding=1, output_padding=1, groups=1),
                nn.ReflectionPad2D(1), nn.MaxPool2D(3, 2, 1), nn.AvgPool2D(),
                nn.GlobalMaxPool2D())
        return net
    return _fresh(mx, build)


def convs3d(mx):
    nn = mx.gluon.nn

    def build():
        net = nn.HybridSequential()
        net.add(nn.Conv3D(2, 2, in_channels=1), nn.Conv3DTranspose(2, 2, strides=2),
                nn.MaxPool3D(2), nn.AvgPool3D(1), nn.GlobalAvgPool3D(), nn.GlobalMaxPool3D())
        return net
    return _fresh(mx, build)


def embed(mx):
    nn = mx.gluon.nn

    def build():
        net = nn.HybridSequential()
        net.add(nn.Embedding(10, 4), nn.Flatten(), nn.Dense(3, dtype="float32"))
        return net
    return _fresh(mx, build)


def small_net(mx):
    nn = mx.gluon.nn

    def build():
        net = nn.HybridSequential()
        with net.name_scope():
            net.add(nn.Dense(3, in_units=4, activation="relu"))
            feats = nn.HybridSequential()
            with feats.name_scope():
                feats.add(nn.Dense(2, in_units=3))
            net.add(feats)
        return net
    return _fresh(mx, build)


def custom_dot(mx):
    nn = mx.gluon.nn

    class MyDense(nn.HybridBlock):
        def __init__(self, units, in_units, **kwargs):
            super(MyDense, self).__init__(**kwargs)
            with self.name_scope():
                self.weight = self.params.get("weight", shape=(in_units, units))
                self.bias = self.params.get("bias", shape=(units,), init="zeros")

        def hybrid_forward(self, F, x, weight, bias):
            return F.relu(F.broadcast_add(F.dot(x, weight), bias))

    class Wrapper(nn.Block):
        def __init__(self, **kwargs):
            super(Wrapper, self).__init__(**kwargs)
            with self.name_scope():
                self.first = MyDense(4, in_units=5)
                self.blocks = nn.Sequential()
                self.blocks.add(MyDense(3, in_units=4), MyDense(2, in_units=3))

        def forward(self, x):
            return self.blocks(self.first(x))

    def build():
        net = nn.Sequential()
        with net.name_scope():
            net.add(Wrapper(), MyDense(2, in_units=2), nn.Lambda(lambda x: x * 2))
        return net
    return _fresh(mx, build)


# name -> (builder, input shape or None); the op each forward needs is in REQUIRES
MODELS = {
    "mlp": (mlp, (2, 20)), "nested": (nested, (2, 20)), "hybrid_nested": (hybrid_nested, (2, 5)),
    "shared": (shared, (2, 20)), "prefixed": (prefixed, (2, 5)), "no_scope": (no_scope, (2, 5)),
    "lenet": (lenet, (1, 1, 28, 28)), "bn_net": (bn_net, (2, 3, 6, 6)),
    "norms": (norms, (2, 4, 6)), "activations": (activations, (2, 3)),
    "convs": (convs, (1, 2, 9)), "convs2d": (convs2d, (1, 2, 9, 8)),
    "convs3d": (convs3d, (1, 1, 3, 3, 3)), "embed": (embed, (2, 3)),
    "small_net": (small_net, (2, 4)), "custom_dot": (custom_dot, (2, 5)),
}
REQUIRES = {
    "mlp": ["FullyConnected", "Activation"], "nested": ["FullyConnected", "Activation"],
    "hybrid_nested": ["FullyConnected", "Activation"],
    "shared": ["FullyConnected", "Activation"], "prefixed": ["FullyConnected"],
    "no_scope": ["FullyConnected", "Activation"],
    "lenet": ["Convolution", "Pooling", "FullyConnected", "Activation"],
    "bn_net": ["Convolution", "BatchNorm", "Pooling", "FullyConnected", "Activation"],
    "norms": ["LayerNorm", "InstanceNorm", "GroupNorm", "Dropout"],
    "activations": ["LeakyReLU", "Activation"],
    "convs": ["Convolution", "Deconvolution", "Pooling"],
    "convs2d": ["Convolution", "Deconvolution", "Pooling", "pad", "Activation"],
    "convs3d": ["Convolution", "Deconvolution", "Pooling"],
    "embed": ["Embedding", "FullyConnected"], "small_net": ["FullyConnected", "Activation"],
    "custom_dot": [],
}


# ---------------------------------------------------------------- single layers, numerically
def _x(*shape):
    n = int(np.prod(shape))
    return (np.sin(np.arange(n) * 0.7 + 0.3) * 2).reshape(shape).astype(np.float32)


LAYERS = {
    "dense": (lambda nn: nn.Dense(3, activation="tanh"), (2, 2, 3)),
    "dense_noflat": (lambda nn: nn.Dense(3, flatten=False, use_bias=False), (2, 2, 3)),
    "conv1d": (lambda nn: nn.Conv1D(4, 3, strides=2, padding=1, groups=2), (1, 2, 7)),
    "conv2d": (lambda nn: nn.Conv2D(3, (2, 3), padding=(1, 0), dilation=(1, 2)), (2, 2, 5, 6)),
    "conv3d": (lambda nn: nn.Conv3D(2, 2, strides=1), (1, 1, 3, 3, 3)),
    "deconv1d": (lambda nn: nn.Conv1DTranspose(2, 3, strides=2, output_padding=1), (1, 2, 4)),
    "deconv2d": (lambda nn: nn.Conv2DTranspose(2, 3, strides=2, padding=1), (1, 3, 3, 3)),
    "maxpool2d": (lambda nn: nn.MaxPool2D(3, 2, 1, ceil_mode=True), (1, 2, 6, 6)),
    "avgpool2d": (lambda nn: nn.AvgPool2D(3, 2, 1, count_include_pad=False), (1, 2, 5, 5)),
    "avgpool1d": (lambda nn: nn.AvgPool1D(2), (1, 2, 5)),
    "gmaxpool3d": (lambda nn: nn.GlobalMaxPool3D(), (1, 2, 2, 2, 3)),
    "gavgpool1d": (lambda nn: nn.GlobalAvgPool1D(), (2, 2, 5)),
    "batchnorm": (lambda nn: nn.BatchNorm(momentum=0.5), (3, 2, 2, 2)),
    "batchnorm_axis": (lambda nn: nn.BatchNorm(axis=-1, scale=False), (4, 3)),
    "layernorm": (lambda nn: nn.LayerNorm(), (2, 3, 4)),
    "instancenorm": (lambda nn: nn.InstanceNorm(scale=True), (2, 3, 4)),
    "groupnorm": (lambda nn: nn.GroupNorm(num_groups=2), (2, 4, 3)),
    "embedding": (lambda nn: nn.Embedding(6, 3), None),
    "prelu": (lambda nn: nn.PReLU(), (2, 3)),
    "leaky": (lambda nn: nn.LeakyReLU(0.2), (2, 3)),
    "elu": (lambda nn: nn.ELU(0.5), (2, 3)),
    "selu": (lambda nn: nn.SELU(), (2, 3)),
    "gelu": (lambda nn: nn.GELU(), (2, 3)),
    "swish": (lambda nn: nn.Swish(2.0), (2, 3)),
    "softrelu": (lambda nn: nn.Activation("softrelu"), (2, 3)),
    "reflect": (lambda nn: nn.ReflectionPad2D(1), (1, 1, 3, 3)),
    "flatten": (lambda nn: nn.Flatten(), (2, 2, 3)),
    "dropout_predict": (lambda nn: nn.Dropout(0.5), (2, 3)),
}


def run_layer(mx, name):
    """Builds layer `name`, sets its parameters to fixed values, runs forward (training mode)
    and backward of sum(out * c); returns outputs, gradients and parameter values."""
    make, shape = LAYERS[name]
    layer = _fresh(mx, lambda: make(mx.gluon.nn))
    layer.initialize()
    x = mx.nd.array([[0, 2, 5], [1, 1, 3]]) if shape is None else mx.nd.array(_x(*shape))
    layer(x)  # completes deferred initialization
    for i, p in enumerate(layer.collect_params().values()):
        v = _x(*p.shape) * 0.5 + (1.5 if p.name.endswith(("var", "gamma")) else 0)
        p.set_data(mx.nd.array(np.abs(v) if p.name.endswith("var") else v))
    if shape is not None:
        x.attach_grad()
    train = name != "dropout_predict"
    with mx.autograd.record(train_mode=train):
        out = layer(x)
        loss = (out * mx.nd.array(np.cos(np.arange(out.size)).reshape(out.shape))).sum()
    loss.backward()
    res = {"out": out.asnumpy().tolist(), "shape": list(out.shape)}
    if shape is not None:
        res["x_grad"] = x.grad.asnumpy().tolist()
    for k, p in layer._collect_params_with_prefix().items():
        res["param_" + k] = p.data().asnumpy().tolist()
        if p.grad_req != "null":
            res["grad_" + k] = p.grad().asnumpy().tolist()
    return res


# the error, initializer and miscellaneous cases live in gluon_cases_misc.py
from gluon_cases_misc import ERRORS, INITS, MISC  # noqa: E402,F401
