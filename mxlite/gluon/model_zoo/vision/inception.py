"""Inception v3 (Szegedy et al., 2015, "Rethinking the Inception Architecture for Computer
Vision"), for 299x299 inputs."""
import os

from .... import base
from ....context import cpu
from ...block import HybridBlock
from ... import nn
from ._blocks import HybridConcurrent

__all__ = ["Inception3", "inception_v3"]


def _make_basic_conv(**kwargs):
    """Convolution (no bias) + BatchNorm(eps=0.001) + ReLU."""
    out = nn.HybridSequential(prefix="")
    out.add(nn.Conv2D(use_bias=False, **kwargs))
    out.add(nn.BatchNorm(epsilon=0.001))
    out.add(nn.Activation("relu"))
    return out


def _make_branch(use_pool, *conv_settings):
    """An optional pooling ('avg': 3x3 stride 1 padded, 'max': 3x3 stride 2) followed by
    basic convolutions, each given as (channels, kernel_size, strides, padding) where None
    keeps the default."""
    out = nn.HybridSequential(prefix="")
    if use_pool == "avg":
        out.add(nn.AvgPool2D(pool_size=3, strides=1, padding=1))
    elif use_pool == "max":
        out.add(nn.MaxPool2D(pool_size=3, strides=2))
    for setting in conv_settings:
        kwargs = {k: v for k, v in zip(("channels", "kernel_size", "strides", "padding"),
                                       setting) if v is not None}
        out.add(_make_basic_conv(**kwargs))
    return out


def _concurrent(prefix, *branches):
    out = HybridConcurrent(axis=1, prefix=prefix)
    with out.name_scope():
        for make in branches:
            out.add(make())
    return out


def _make_A(pool_features, prefix):
    """35x35 module: 1x1 | 1x1-5x5 | 1x1-3x3-3x3 | avgpool-1x1."""
    return _concurrent(
        prefix,
        lambda: _make_branch(None, (64, 1, None, None)),
        lambda: _make_branch(None, (48, 1, None, None), (64, 5, None, 2)),
        lambda: _make_branch(None, (64, 1, None, None), (96, 3, None, 1), (96, 3, None, 1)),
        lambda: _make_branch("avg", (pool_features, 1, None, None)))


def _make_B(prefix):
    """Grid reduction 35 -> 17: 3x3/2 | 1x1-3x3-3x3/2 | maxpool/2."""
    return _concurrent(
        prefix,
        lambda: _make_branch(None, (384, 3, 2, None)),
        lambda: _make_branch(None, (64, 1, None, None), (96, 3, None, 1), (96, 3, 2, None)),
        lambda: _make_branch("max"))


def _make_C(channels_7x7, prefix):
    """17x17 module with factorized 7x7 convolutions (1x7 and 7x1)."""
    c7 = channels_7x7
    return _concurrent(
        prefix,
        lambda: _make_branch(None, (192, 1, None, None)),
        lambda: _make_branch(None, (c7, 1, None, None), (c7, (1, 7), None, (0, 3)),
                             (192, (7, 1), None, (3, 0))),
        lambda: _make_branch(None, (c7, 1, None, None), (c7, (7, 1), None, (3, 0)),
                             (c7, (1, 7), None, (0, 3)), (c7, (7, 1), None, (3, 0)),
                             (192, (1, 7), None, (0, 3))),
        lambda: _make_branch("avg", (192, 1, None, None)))


def _make_D(prefix):
    """Grid reduction 17 -> 8."""
    return _concurrent(
        prefix,
        lambda: _make_branch(None, (192, 1, None, None), (320, 3, 2, None)),
        lambda: _make_branch(None, (192, 1, None, None), (192, (1, 7), None, (0, 3)),
                             (192, (7, 1), None, (3, 0)), (192, 3, 2, None)),
        lambda: _make_branch("max"))


def _split_1x3_3x1():
    """Two parallel branches, 1x3 and 3x1 (384 channels each), concatenated."""
    split = HybridConcurrent(axis=1, prefix="")
    split.add(_make_branch(None, (384, (1, 3), None, (0, 1))))
    split.add(_make_branch(None, (384, (3, 1), None, (1, 0))))
    return split


def _make_E(prefix):
    """8x8 module with expanded filter banks (the 3x3 outputs split into 1x3 and 3x1)."""
    def branch_3x3():
        out = nn.HybridSequential(prefix="")
        out.add(_make_branch(None, (384, 1, None, None)))
        out.add(_split_1x3_3x1())
        return out

    def branch_3x3dbl():
        out = nn.HybridSequential(prefix="")
        out.add(_make_branch(None, (448, 1, None, None), (384, 3, None, 1)))
        out.add(_split_1x3_3x1())
        return out
    return _concurrent(
        prefix,
        lambda: _make_branch(None, (320, 1, None, None)),
        branch_3x3,
        branch_3x3dbl,
        lambda: _make_branch("avg", (192, 1, None, None)))


class Inception3(HybridBlock):
    """Inception v3 model from "Rethinking the Inception Architecture for Computer Vision"
    (input 299x299).

    Parameters
    ----------
    classes : int, default 1000
        Number of classes for the output layer.
    """

    def __init__(self, classes=1000, **kwargs):
        super(Inception3, self).__init__(**kwargs)
        with self.name_scope():
            f = self.features = nn.HybridSequential(prefix="")
            f.add(_make_basic_conv(channels=32, kernel_size=3, strides=2))
            f.add(_make_basic_conv(channels=32, kernel_size=3))
            f.add(_make_basic_conv(channels=64, kernel_size=3, padding=1))
            f.add(nn.MaxPool2D(pool_size=3, strides=2))
            f.add(_make_basic_conv(channels=80, kernel_size=1))
            f.add(_make_basic_conv(channels=192, kernel_size=3))
            f.add(nn.MaxPool2D(pool_size=3, strides=2))
            f.add(_make_A(32, "A1_"))
            f.add(_make_A(64, "A2_"))
            f.add(_make_A(64, "A3_"))
            f.add(_make_B("B_"))
            f.add(_make_C(128, "C1_"))
            f.add(_make_C(160, "C2_"))
            f.add(_make_C(160, "C3_"))
            f.add(_make_C(192, "C4_"))
            f.add(_make_D("D_"))
            f.add(_make_E("E1_"))
            f.add(_make_E("E2_"))
            f.add(nn.AvgPool2D(pool_size=8))
            f.add(nn.Dropout(0.5))
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def inception_v3(pretrained=False, ctx=cpu(), root=os.path.join(base.data_dir(), "models"),
                 **kwargs):
    """Inception v3 model from "Rethinking the Inception Architecture for Computer Vision".

    Parameters
    ----------
    pretrained : bool, default False
        Whether to load the pretrained weights for model.
    ctx : Context, default CPU
        The context in which to load the pretrained weights.
    root : str, default $MXNET_HOME/models
        Location for keeping the model parameters.
    """
    net = Inception3(**kwargs)
    if pretrained:
        from ..model_store import get_model_file
        net.load_parameters(get_model_file("inceptionv3", root=root), ctx=ctx)
    return net
