"""DenseNet (Huang, Liu, van der Maaten & Weinberger, 2016, "Densely Connected
Convolutional Networks"), the DenseNet-BC variant with bottleneck layers and compression."""
import os

from .... import base
from ....context import cpu
from ...block import HybridBlock
from ... import nn
from ._blocks import HybridConcurrent, Identity

__all__ = ["DenseNet", "densenet121", "densenet161", "densenet169", "densenet201"]


def _make_dense_layer(growth_rate, bn_size, dropout):
    """BN-ReLU-Conv1x1 (bn_size * growth_rate) then BN-ReLU-Conv3x3 (growth_rate), whose
    output is concatenated to the layer's input."""
    new_features = nn.HybridSequential(prefix="")
    new_features.add(nn.BatchNorm())
    new_features.add(nn.Activation("relu"))
    new_features.add(nn.Conv2D(bn_size * growth_rate, kernel_size=1, use_bias=False))
    new_features.add(nn.BatchNorm())
    new_features.add(nn.Activation("relu"))
    new_features.add(nn.Conv2D(growth_rate, kernel_size=3, padding=1, use_bias=False))
    if dropout:
        new_features.add(nn.Dropout(dropout))
    out = HybridConcurrent(axis=1, prefix="")
    out.add(Identity())
    out.add(new_features)
    return out


def _make_dense_block(num_layers, bn_size, growth_rate, dropout, stage_index):
    block = nn.HybridSequential(prefix="stage%d_" % stage_index)
    with block.name_scope():
        for _ in range(num_layers):
            block.add(_make_dense_layer(growth_rate, bn_size, dropout))
    return block


def _make_transition(num_output_features):
    """BN-ReLU-Conv1x1 then 2x2 average pooling between dense blocks."""
    out = nn.HybridSequential(prefix="")
    out.add(nn.BatchNorm())
    out.add(nn.Activation("relu"))
    out.add(nn.Conv2D(num_output_features, kernel_size=1, use_bias=False))
    out.add(nn.AvgPool2D(pool_size=2, strides=2))
    return out


class DenseNet(HybridBlock):
    """DenseNet-BC model from "Densely Connected Convolutional Networks".

    Parameters
    ----------
    num_init_features : int
        Number of filters of the first convolution.
    growth_rate : int
        Number of filters added by each dense layer.
    block_config : list of int
        Number of layers in each dense block.
    bn_size : int, default 4
        Bottleneck width multiplier (the 1x1 convolution has bn_size * growth_rate filters).
    dropout : float, default 0
        Dropout rate after each dense layer.
    classes : int, default 1000
        Number of classes for the output layer.
    """

    def __init__(self, num_init_features, growth_rate, block_config, bn_size=4, dropout=0,
                 classes=1000, **kwargs):
        super(DenseNet, self).__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="")
            self.features.add(nn.Conv2D(num_init_features, kernel_size=7, strides=2,
                                        padding=3, use_bias=False))
            self.features.add(nn.BatchNorm())
            self.features.add(nn.Activation("relu"))
            self.features.add(nn.MaxPool2D(pool_size=3, strides=2, padding=1))
            num_features = num_init_features
            for i, num_layers in enumerate(block_config):
                self.features.add(_make_dense_block(num_layers, bn_size, growth_rate,
                                                    dropout, i + 1))
                num_features += num_layers * growth_rate
                if i != len(block_config) - 1:
                    num_features //= 2  # compression 0.5
                    self.features.add(_make_transition(num_features))
            self.features.add(nn.BatchNorm())
            self.features.add(nn.Activation("relu"))
            self.features.add(nn.AvgPool2D(pool_size=7))
            self.features.add(nn.Flatten())
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


# num_layers -> (num_init_features, growth_rate, block_config)
densenet_spec = {121: (64, 32, [6, 12, 24, 16]),
                 161: (96, 48, [6, 12, 36, 24]),
                 169: (64, 32, [6, 12, 32, 32]),
                 201: (64, 32, [6, 12, 48, 32])}


def get_densenet(num_layers, pretrained=False, ctx=cpu(),
                 root=os.path.join(base.data_dir(), "models"), **kwargs):
    """DenseNet-BC of the given depth (121, 161, 169 or 201).

    Parameters
    ----------
    num_layers : int
        Number of layers.
    pretrained : bool, default False
        Whether to load the pretrained weights for model.
    ctx : Context, default CPU
        The context in which to load the pretrained weights.
    root : str, default $MXNET_HOME/models
        Location for keeping the model parameters.
    """
    num_init_features, growth_rate, block_config = densenet_spec[num_layers]
    net = DenseNet(num_init_features, growth_rate, block_config, **kwargs)
    if pretrained:
        from ..model_store import get_model_file
        net.load_parameters(get_model_file("densenet%d" % num_layers, root=root), ctx=ctx)
    return net


def _factory(num_layers):
    def constructor(**kwargs):
        return get_densenet(num_layers, **kwargs)
    constructor.__name__ = constructor.__qualname__ = "densenet%d" % num_layers
    constructor.__doc__ = """DenseNet-BC-%d model from "Densely Connected Convolutional
    Networks".

    Parameters
    ----------
    pretrained : bool, default False
        Whether to load the pretrained weights for model.
    ctx : Context, default CPU
        The context in which to load the pretrained weights.
    root : str, default $MXNET_HOME/models
        Location for keeping the model parameters.
    """ % num_layers
    return constructor


densenet121 = _factory(121)
densenet161 = _factory(161)
densenet169 = _factory(169)
densenet201 = _factory(201)
