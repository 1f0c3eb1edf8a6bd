"""VGG networks (Simonyan & Zisserman, 2014), optionally with batch normalization."""
import os

from .... import base
from ....context import cpu
from ....initializer import Xavier
from ...block import HybridBlock
from ... import nn

__all__ = ["VGG", "vgg11", "vgg13", "vgg16", "vgg19", "vgg11_bn", "vgg13_bn", "vgg16_bn",
           "vgg19_bn", "get_vgg"]

# num_layers -> (convolutions per stage, channels per stage)
vgg_spec = {11: ([1, 1, 2, 2, 2], [64, 128, 256, 512, 512]),
            13: ([2, 2, 2, 2, 2], [64, 128, 256, 512, 512]),
            16: ([2, 2, 3, 3, 3], [64, 128, 256, 512, 512]),
            19: ([2, 2, 4, 4, 4], [64, 128, 256, 512, 512])}


class VGG(HybridBlock):
    """VGG model from "Very Deep Convolutional Networks for Large-Scale Image Recognition".

    Parameters
    ----------
    layers : list of int
        Number of convolution layers in each stage.
    filters : list of int
        Number of channels in each stage.
    classes : int, default 1000
        Number of classes for the output layer.
    batch_norm : bool, default False
        Use batch normalization after each convolution.
    """

    def __init__(self, layers, filters, classes=1000, batch_norm=False, **kwargs):
        super(VGG, self).__init__(**kwargs)
        assert len(layers) == len(filters)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="")
            with self.features.name_scope():
                for num, channels in zip(layers, filters):
                    for _ in range(num):
                        self.features.add(nn.Conv2D(
                            channels, kernel_size=3, padding=1,
                            weight_initializer=Xavier(rnd_type="gaussian", factor_type="out",
                                                      magnitude=2),
                            bias_initializer="zeros"))
                        if batch_norm:
                            self.features.add(nn.BatchNorm())
                        self.features.add(nn.Activation("relu"))
                    self.features.add(nn.MaxPool2D(strides=2))
                for _ in range(2):
                    self.features.add(nn.Dense(4096, activation="relu",
                                               weight_initializer="normal",
                                               bias_initializer="zeros"))
                    self.features.add(nn.Dropout(rate=0.5))
            self.output = nn.Dense(classes, weight_initializer="normal",
                                   bias_initializer="zeros")

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def get_vgg(num_layers, pretrained=False, ctx=cpu(),
            root=os.path.join(base.data_dir(), "models"), **kwargs):
    """VGG model from "Very Deep Convolutional Networks for Large-Scale Image Recognition".

    Parameters
    ----------
    num_layers : int
        Number of layers: 11, 13, 16 or 19.
    pretrained : bool, default False
        Whether to load the pretrained weights for model.
    ctx : Context, default CPU
        The context in which to load the pretrained weights.
    root : str, default $MXNET_HOME/models
        Location for keeping the model parameters.
    batch_norm : bool, default False (keyword)
        Use batch normalization.
    """
    layers, filters = vgg_spec[num_layers]
    net = VGG(layers, filters, **kwargs)
    if pretrained:
        from ..model_store import get_model_file
        bn = "_bn" if kwargs.get("batch_norm") else ""
        net.load_parameters(get_model_file("vgg%d%s" % (num_layers, bn), root=root), ctx=ctx)
    return net


def _factory(num_layers, batch_norm):
    def constructor(**kwargs):
        if batch_norm:
            kwargs["batch_norm"] = True
        return get_vgg(num_layers, **kwargs)
    name = "vgg%d%s" % (num_layers, "_bn" if batch_norm else "")
    constructor.__name__ = constructor.__qualname__ = name
    constructor.__doc__ = """VGG-%d model%s from "Very Deep Convolutional Networks for
    Large-Scale Image Recognition".

    Parameters
    ----------
    pretrained : bool, default False
        Whether to load the pretrained weights for model.
    ctx : Context, default CPU
        The context in which to load the pretrained weights.
    root : str, default $MXNET_HOME/models
        Location for keeping the model parameters.
    """ % (num_layers, " with batch normalization" if batch_norm else "")
    return constructor


vgg11 = _factory(11, False)
vgg13 = _factory(13, False)
vgg16 = _factory(16, False)
vgg19 = _factory(19, False)
vgg11_bn = _factory(11, True)
vgg13_bn = _factory(13, True)
vgg16_bn = _factory(16, True)
vgg19_bn = _factory(19, True)
