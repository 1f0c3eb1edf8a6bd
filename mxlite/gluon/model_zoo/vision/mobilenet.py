"""MobileNet v1 (Howard et al., 2017, "MobileNets: Efficient Convolutional Neural Networks
for Mobile Vision Applications") and v2 (Sandler et al., 2018, "MobileNetV2: Inverted
Residuals and Linear Bottlenecks")."""
import os

from .... import base
from ....context import cpu
from ...block import HybridBlock
from ... import nn

__all__ = ["MobileNet", "MobileNetV2", "mobilenet1_0", "mobilenet_v2_1_0", "mobilenet0_75",
           "mobilenet_v2_0_75", "mobilenet0_5", "mobilenet_v2_0_5", "mobilenet0_25",
           "mobilenet_v2_0_25", "get_mobilenet", "get_mobilenet_v2"]


class RELU6(HybridBlock):
    """min(max(x, 0), 6)."""

    def __init__(self, **kwargs):
        super(RELU6, self).__init__(**kwargs)

    def hybrid_forward(self, F, x):
        return F.clip(x, 0, 6, name="relu6")


def _add_conv(out, channels=1, kernel=1, stride=1, pad=0, num_group=1, active=True,
              relu6=False):
    """Convolution (no bias) + BatchNorm (+ ReLU or ReLU6 when `active`)."""
    out.add(nn.Conv2D(channels, kernel, stride, pad, groups=num_group, use_bias=False))
    out.add(nn.BatchNorm(scale=True))
    if active:
        out.add(RELU6() if relu6 else nn.Activation("relu"))


def _add_conv_dw(out, dw_channels, channels, stride, relu6=False):
    """Depthwise 3x3 convolution then pointwise 1x1 convolution."""
    _add_conv(out, channels=dw_channels, kernel=3, stride=stride, pad=1,
              num_group=dw_channels, relu6=relu6)
    _add_conv(out, channels=channels, relu6=relu6)


class LinearBottleneck(HybridBlock):
    """MobileNetV2 inverted residual: 1x1 expansion (t times), depthwise 3x3, linear 1x1
    projection; the input is added back when the shapes match (stride 1, same width).

    Parameters
    ----------
    in_channels : int
        Number of input channels.
    channels : int
        Number of output channels.
    t : int
        Expansion factor.
    stride : int
        Stride of the depthwise convolution.
    """

    def __init__(self, in_channels, channels, t, stride, **kwargs):
        super(LinearBottleneck, self).__init__(**kwargs)
        self.use_shortcut = stride == 1 and in_channels == channels
        with self.name_scope():
            # the container gets its own prefix, but its layers are created in this
            # block's scope (their parameters are linearbottleneck<i>_conv<j>_...)
            self.out = nn.HybridSequential()
            _add_conv(self.out, in_channels * t, relu6=True)
            _add_conv(self.out, in_channels * t, kernel=3, stride=stride, pad=1,
                      num_group=in_channels * t, relu6=True)
            _add_conv(self.out, channels, active=False, relu6=True)

    def hybrid_forward(self, F, x):
        out = self.out(x)
        if self.use_shortcut:
            out = F.elemwise_add(out, x)
        return out


class MobileNet(HybridBlock):
    """MobileNet model from "MobileNets: Efficient Convolutional Neural Networks for Mobile
    Vision Applications".

    Parameters
    ----------
    multiplier : float, default 1.0
        Width multiplier applied to every layer's channels.
    classes : int, default 1000
        Number of classes for the output layer.
    """

    def __init__(self, multiplier=1.0, classes=1000, **kwargs):
        super(MobileNet, self).__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="")
            with self.features.name_scope():
                _add_conv(self.features, channels=int(32 * multiplier), kernel=3, pad=1,
                          stride=2)
                dw_channels = [int(x * multiplier) for x in
                               [32, 64] + [128] * 2 + [256] * 2 + [512] * 6 + [1024]]
                channels = [int(x * multiplier) for x in
                            [64] + [128] * 2 + [256] * 2 + [512] * 6 + [1024] * 2]
                strides = [1, 2] * 3 + [1] * 5 + [2, 1]
                for dwc, c, s in zip(dw_channels, channels, strides):
                    _add_conv_dw(self.features, dw_channels=dwc, channels=c, stride=s)
                self.features.add(nn.GlobalAvgPool2D())
                self.features.add(nn.Flatten())
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


class MobileNetV2(HybridBlock):
    """MobileNetV2 model from "MobileNetV2: Inverted Residuals and Linear Bottlenecks".

    Parameters
    ----------
    multiplier : float, default 1.0
        Width multiplier applied to every layer's channels (the last 1x1 convolution keeps
        1280 channels unless the multiplier is above 1).
    classes : int, default 1000
        Number of classes for the output layer.
    """

    def __init__(self, multiplier=1.0, classes=1000, **kwargs):
        super(MobileNetV2, self).__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="features_")
            with self.features.name_scope():
                _add_conv(self.features, int(32 * multiplier), kernel=3, stride=2, pad=1,
                          relu6=True)
                # the paper's table 2 (expansion t, width c, repeats n, stride s) unrolled
                widths, ts, strides = [], [], []
                for t, c, n, s in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2),
                                   (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
                                   (6, 320, 1, 1)]:
                    widths += [c] * n
                    ts += [t] * n
                    strides += [s] + [1] * (n - 1)
                in_channels_group = [int(x * multiplier) for x in [32] + widths[:-1]]
                channels_group = [int(x * multiplier) for x in widths]
                for in_c, c, t, s in zip(in_channels_group, channels_group, ts, strides):
                    self.features.add(LinearBottleneck(in_channels=in_c, channels=c, t=t,
                                                       stride=s))
                last_channels = int(1280 * multiplier) if multiplier > 1.0 else 1280
                _add_conv(self.features, last_channels, relu6=True)
                self.features.add(nn.GlobalAvgPool2D())

            self.output = nn.HybridSequential(prefix="output_")
            with self.output.name_scope():
                self.output.add(nn.Conv2D(classes, 1, use_bias=False, prefix="pred_"))
                self.output.add(nn.Flatten())

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def _version_suffix(multiplier):
    """'1.0', '0.75', '0.5', '0.25' as in the pretrained file names."""
    suffix = "{0:.2f}".format(multiplier)
    if suffix in ("1.00", "0.50"):
        suffix = suffix[:-1]
    return suffix


def get_mobilenet(multiplier, pretrained=False, ctx=cpu(),
                  root=os.path.join(base.data_dir(), "models"), **kwargs):
    """MobileNet model with the given width multiplier.

    Parameters
    ----------
    multiplier : float
        Width multiplier (1.0, 0.75, 0.5 and 0.25 have pretrained weights).
    pretrained : bool, default False
        Whether to load the pretrained weights for model.
    ctx : Context, default CPU
        The context in which to load the pretrained weights.
    root : str, default $MXNET_HOME/models
        Location for keeping the model parameters.
    """
    net = MobileNet(multiplier, **kwargs)
    if pretrained:
        from ..model_store import get_model_file
        net.load_parameters(get_model_file("mobilenet%s" % _version_suffix(multiplier),
                                           root=root), ctx=ctx)
    return net


def get_mobilenet_v2(multiplier, pretrained=False, ctx=cpu(),
                     root=os.path.join(base.data_dir(), "models"), **kwargs):
    """MobileNetV2 model with the given width multiplier (arguments as get_mobilenet)."""
    net = MobileNetV2(multiplier, **kwargs)
    if pretrained:
        from ..model_store import get_model_file
        net.load_parameters(get_model_file("mobilenetv2_%s" % _version_suffix(multiplier),
                                           root=root), ctx=ctx)
    return net


def _factory(getter, multiplier, name):
    def constructor(**kwargs):
        return getter(multiplier, **kwargs)
    constructor.__name__ = constructor.__qualname__ = name
    constructor.__doc__ = """%s with width multiplier %s (see %s for the keyword
    arguments: pretrained, ctx, root, classes).""" % (
        "MobileNet" if getter is get_mobilenet else "MobileNetV2", multiplier,
        getter.__name__)
    return constructor


mobilenet1_0 = _factory(get_mobilenet, 1.0, "mobilenet1_0")
mobilenet0_75 = _factory(get_mobilenet, 0.75, "mobilenet0_75")
mobilenet0_5 = _factory(get_mobilenet, 0.5, "mobilenet0_5")
mobilenet0_25 = _factory(get_mobilenet, 0.25, "mobilenet0_25")
mobilenet_v2_1_0 = _factory(get_mobilenet_v2, 1.0, "mobilenet_v2_1_0")
mobilenet_v2_0_75 = _factory(get_mobilenet_v2, 0.75, "mobilenet_v2_0_75")
mobilenet_v2_0_5 = _factory(get_mobilenet_v2, 0.5, "mobilenet_v2_0_5")
mobilenet_v2_0_25 = _factory(get_mobilenet_v2, 0.25, "mobilenet_v2_0_25")
