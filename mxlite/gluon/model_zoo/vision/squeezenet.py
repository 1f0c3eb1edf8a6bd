"""SqueezeNet 1.0 and 1.1 (Iandola et al., 2016, "SqueezeNet: AlexNet-level accuracy with
50x fewer parameters and <0.5MB model size")."""
import os

from .... import base
from ....context import cpu
from ...block import HybridBlock
from ... import nn
from ._blocks import HybridConcurrent

__all__ = ["SqueezeNet", "squeezenet1_0", "squeezenet1_1"]


def _make_fire_conv(channels, kernel_size, padding=0):
    out = nn.HybridSequential(prefix="")
    out.add(nn.Conv2D(channels, kernel_size, padding=padding))
    out.add(nn.Activation("relu"))
    return out


def _make_fire(squeeze_channels, expand1x1_channels, expand3x3_channels):
    """Fire module: a 1x1 squeeze, then 1x1 and 3x3 expansions concatenated on channels."""
    out = nn.HybridSequential(prefix="")
    out.add(_make_fire_conv(squeeze_channels, 1))
    paths = HybridConcurrent(axis=1, prefix="")
    paths.add(_make_fire_conv(expand1x1_channels, 1))
    paths.add(_make_fire_conv(expand3x3_channels, 3, 1))
    out.add(paths)
    return out


def _pool():
    return nn.MaxPool2D(pool_size=3, strides=2, ceil_mode=True)


# the layer sequence after the stem: 'pool' or a fire module's (squeeze, expand) widths
_LAYOUT = {"1.0": [(16, 64), (16, 64), (32, 128), "pool", (32, 128), (48, 192), (48, 192),
                   (64, 256), "pool", (64, 256)],
           "1.1": [(16, 64), (16, 64), "pool", (32, 128), (32, 128), "pool", (48, 192),
                   (48, 192), (64, 256), (64, 256)]}


class SqueezeNet(HybridBlock):
    """SqueezeNet model from "SqueezeNet: AlexNet-level accuracy with 50x fewer parameters
    and <0.5MB model size". Version 1.1 needs 2.4x less computation than 1.0.

    Parameters
    ----------
    version : str
        '1.0' or '1.1'.
    classes : int, default 1000
        Number of classes for the output layer.
    """

    def __init__(self, version, classes=1000, **kwargs):
        super(SqueezeNet, self).__init__(**kwargs)
        assert version in ["1.0", "1.1"], \
            "Unsupported SqueezeNet version {version}:1.0 or 1.1 expected".format(
                version=version)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="")
            if version == "1.0":
                self.features.add(nn.Conv2D(96, kernel_size=7, strides=2))
            else:
                self.features.add(nn.Conv2D(64, kernel_size=3, strides=2))
            self.features.add(nn.Activation("relu"))
            self.features.add(_pool())
            for item in _LAYOUT[version]:
                if item == "pool":
                    self.features.add(_pool())
                else:
                    self.features.add(_make_fire(item[0], item[1], item[1]))
            self.features.add(nn.Dropout(0.5))

            self.output = nn.HybridSequential(prefix="")
            self.output.add(nn.Conv2D(classes, kernel_size=1))
            self.output.add(nn.Activation("relu"))
            self.output.add(nn.AvgPool2D(13))
            self.output.add(nn.Flatten())

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def get_squeezenet(version, pretrained=False, ctx=cpu(),
                   root=os.path.join(base.data_dir(), "models"), **kwargs):
    """SqueezeNet model of the given version ('1.0' or '1.1').

    Parameters
    ----------
    version : str
        '1.0' or '1.1'.
    pretrained : bool, default False
        Whether to load the pretrained weights for model.
    ctx : Context, default CPU
        The context in which to load the pretrained weights.
    root : str, default $MXNET_HOME/models
        Location for keeping the model parameters.
    """
    net = SqueezeNet(version, **kwargs)
    if pretrained:
        from ..model_store import get_model_file
        net.load_parameters(get_model_file("squeezenet%s" % version, root=root), ctx=ctx)
    return net


def squeezenet1_0(**kwargs):
    """SqueezeNet 1.0 (see get_squeezenet for the keyword arguments)."""
    return get_squeezenet("1.0", **kwargs)


def squeezenet1_1(**kwargs):
    """SqueezeNet 1.1 (see get_squeezenet for the keyword arguments)."""
    return get_squeezenet("1.1", **kwargs)
