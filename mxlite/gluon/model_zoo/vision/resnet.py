"""Residual networks: v1 (He et al., 2015, "Deep Residual Learning for Image Recognition")
and v2 with pre-activation blocks (He et al., 2016, "Identity Mappings in Deep Residual
Networks")."""
import os

from .... import base
from ....context import cpu
from ...block import HybridBlock
from ... import nn

__all__ = ["ResNetV1", "ResNetV2", "BasicBlockV1", "BasicBlockV2", "BottleneckV1",
           "BottleneckV2", "resnet18_v1", "resnet34_v1", "resnet50_v1", "resnet101_v1",
           "resnet152_v1", "resnet18_v2", "resnet34_v2", "resnet50_v2", "resnet101_v2",
           "resnet152_v2", "get_resnet"]


def _conv3x3(channels, stride, in_channels):
    return nn.Conv2D(channels, kernel_size=3, strides=stride, padding=1, use_bias=False,
                     in_channels=in_channels)


def _projection(channels, stride, in_channels):
    """The 1x1 strided convolution that matches a shortcut to the block's output shape."""
    return nn.Conv2D(channels, kernel_size=1, strides=stride, use_bias=False,
                     in_channels=in_channels)


class _BlockV1(HybridBlock):
    """relu(body(x) + shortcut(x)); the shortcut is a projection + BatchNorm when asked."""

    def _add_downsample(self, downsample, channels, stride, in_channels):
        if downsample:
            self.downsample = nn.HybridSequential(prefix="")
            self.downsample.add(_projection(channels, stride, in_channels))
            self.downsample.add(nn.BatchNorm())
        else:
            self.downsample = None

    def hybrid_forward(self, F, x):
        residual = x if self.downsample is None else self.downsample(x)
        return F.Activation(self.body(x) + residual, act_type="relu")


class BasicBlockV1(_BlockV1):
    """ResNet v1 basic block: two 3x3 convolutions (for ResNet-18 and -34).

    Parameters
    ----------
    channels : int
        Number of output channels.
    stride : int
        Stride of the first convolution (and of the shortcut projection).
    downsample : bool, default False
        Whether the shortcut is a projection (needed when the shape changes).
    in_channels : int, default 0
        Number of input channels (0: inferred from the input).
    """

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super(BasicBlockV1, self).__init__(**kwargs)
        # no name_scope here, as in MXNet: the layers are named in the enclosing scope
        # (a stage's 'stageN_'), the block itself being created with prefix=''
        self.body = nn.HybridSequential(prefix="")
        self.body.add(_conv3x3(channels, stride, in_channels))
        self.body.add(nn.BatchNorm())
        self.body.add(nn.Activation("relu"))
        self.body.add(_conv3x3(channels, 1, channels))
        self.body.add(nn.BatchNorm())
        self._add_downsample(downsample, channels, stride, in_channels)


class BottleneckV1(_BlockV1):
    """ResNet v1 bottleneck block: 1x1 reduce, 3x3, 1x1 expand (for ResNet-50 and deeper).

    Parameters: as BasicBlockV1; the inner width is channels // 4.
    """

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super(BottleneckV1, self).__init__(**kwargs)
        mid = channels // 4
        self.body = nn.HybridSequential(prefix="")
        self.body.add(nn.Conv2D(mid, kernel_size=1, strides=stride))
        self.body.add(nn.BatchNorm())
        self.body.add(nn.Activation("relu"))
        self.body.add(_conv3x3(mid, 1, mid))
        self.body.add(nn.BatchNorm())
        self.body.add(nn.Activation("relu"))
        self.body.add(nn.Conv2D(channels, kernel_size=1, strides=1))
        self.body.add(nn.BatchNorm())
        self._add_downsample(downsample, channels, stride, in_channels)


class _BlockV2(HybridBlock):
    """Pre-activation block: BN-ReLU before each convolution; the projection shortcut (if
    any) takes the pre-activated input, the identity shortcut the raw input."""

    def hybrid_forward(self, F, x):
        residual = x
        x = F.Activation(self.bn1(x), act_type="relu")
        if self.downsample is not None:
            residual = self.downsample(x)
        x = self.conv1(x)
        x = self.conv2(F.Activation(self.bn2(x), act_type="relu"))
        if self.bn3 is not None:
            x = self.conv3(F.Activation(self.bn3(x), act_type="relu"))
        return x + residual


class BasicBlockV2(_BlockV2):
    """ResNet v2 basic block (parameters as BasicBlockV1)."""

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super(BasicBlockV2, self).__init__(**kwargs)
        self.bn1 = nn.BatchNorm()
        self.conv1 = _conv3x3(channels, stride, in_channels)
        self.bn2 = nn.BatchNorm()
        self.conv2 = _conv3x3(channels, 1, channels)
        self.bn3 = None
        self.downsample = _projection(channels, stride, in_channels) if downsample else None


class BottleneckV2(_BlockV2):
    """ResNet v2 bottleneck block (parameters as BasicBlockV1; inner width channels // 4,
    the stride is on the 3x3 convolution)."""

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super(BottleneckV2, self).__init__(**kwargs)
        mid = channels // 4
        self.bn1 = nn.BatchNorm()
        self.conv1 = nn.Conv2D(mid, kernel_size=1, strides=1, use_bias=False)
        self.bn2 = nn.BatchNorm()
        self.conv2 = _conv3x3(mid, stride, mid)
        self.bn3 = nn.BatchNorm()
        self.conv3 = nn.Conv2D(channels, kernel_size=1, strides=1, use_bias=False)
        self.downsample = _projection(channels, stride, in_channels) if downsample else None


def _make_stage(block, num_blocks, channels, stride, index, in_channels):
    """A stage: the first block may change stride/width, the others keep them."""
    stage = nn.HybridSequential(prefix="stage%d_" % index)
    with stage.name_scope():
        stage.add(block(channels, stride, channels != in_channels, in_channels=in_channels,
                        prefix=""))
        for _ in range(num_blocks - 1):
            stage.add(block(channels, 1, False, in_channels=channels, prefix=""))
    return stage


class ResNetV1(HybridBlock):
    """ResNet v1 model from "Deep Residual Learning for Image Recognition".

    Parameters
    ----------
    block : HybridBlock
        BasicBlockV1 or BottleneckV1.
    layers : list of int
        Number of blocks in each stage.
    channels : list of int
        Width of the stem followed by the width of each stage.
    classes : int, default 1000
        Number of classes for the output layer.
    thumbnail : bool, default False
        A 3x3 stem convolution without pooling, for small (e.g. CIFAR) images.
    """

    def __init__(self, block, layers, channels, classes=1000, thumbnail=False, **kwargs):
        super(ResNetV1, self).__init__(**kwargs)
        assert len(layers) == len(channels) - 1
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="")
            if thumbnail:
                self.features.add(_conv3x3(channels[0], 1, 0))
            else:
                self.features.add(nn.Conv2D(channels[0], 7, 2, 3, use_bias=False))
                self.features.add(nn.BatchNorm())
                self.features.add(nn.Activation("relu"))
                self.features.add(nn.MaxPool2D(3, 2, 1))
            for i, num_blocks in enumerate(layers):
                self.features.add(_make_stage(block, num_blocks, channels[i + 1],
                                              1 if i == 0 else 2, i + 1, channels[i]))
            self.features.add(nn.GlobalAvgPool2D())
            self.output = nn.Dense(classes, in_units=channels[-1])

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


class ResNetV2(HybridBlock):
    """ResNet v2 model from "Identity Mappings in Deep Residual Networks" (parameters as
    ResNetV1, with BasicBlockV2 or BottleneckV2 blocks)."""

    def __init__(self, block, layers, channels, classes=1000, thumbnail=False, **kwargs):
        super(ResNetV2, self).__init__(**kwargs)
        assert len(layers) == len(channels) - 1
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="")
            # normalizes the raw input (fixed gamma, no beta)
            self.features.add(nn.BatchNorm(scale=False, center=False))
            if thumbnail:
                self.features.add(_conv3x3(channels[0], 1, 0))
            else:
                self.features.add(nn.Conv2D(channels[0], 7, 2, 3, use_bias=False))
                self.features.add(nn.BatchNorm())
                self.features.add(nn.Activation("relu"))
                self.features.add(nn.MaxPool2D(3, 2, 1))
            in_channels = channels[0]
            for i, num_blocks in enumerate(layers):
                self.features.add(_make_stage(block, num_blocks, channels[i + 1],
                                              1 if i == 0 else 2, i + 1, in_channels))
                in_channels = channels[i + 1]
            self.features.add(nn.BatchNorm())
            self.features.add(nn.Activation("relu"))
            self.features.add(nn.GlobalAvgPool2D())
            self.features.add(nn.Flatten())
            self.output = nn.Dense(classes, in_units=in_channels)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


# num_layers -> (block kind, blocks per stage, stem width + stage widths)
resnet_spec = {18: ("basic_block", [2, 2, 2, 2], [64, 64, 128, 256, 512]),
               34: ("basic_block", [3, 4, 6, 3], [64, 64, 128, 256, 512]),
               50: ("bottle_neck", [3, 4, 6, 3], [64, 256, 512, 1024, 2048]),
               101: ("bottle_neck", [3, 4, 23, 3], [64, 256, 512, 1024, 2048]),
               152: ("bottle_neck", [3, 8, 36, 3], [64, 256, 512, 1024, 2048])}
resnet_net_versions = [ResNetV1, ResNetV2]
resnet_block_versions = [{"basic_block": BasicBlockV1, "bottle_neck": BottleneckV1},
                         {"basic_block": BasicBlockV2, "bottle_neck": BottleneckV2}]


def get_resnet(version, num_layers, pretrained=False, ctx=cpu(),
               root=os.path.join(base.data_dir(), "models"), **kwargs):
    """ResNet v1 or v2 of the given depth.

    Parameters
    ----------
    version : int
        1 or 2.
    num_layers : int
        18, 34, 50, 101 or 152.
    pretrained : bool, default False
        Whether to load the pretrained weights for model.
    ctx : Context, default CPU
        The context in which to load the pretrained weights.
    root : str, default $MXNET_HOME/models
        Location for keeping the model parameters.
    """
    assert num_layers in resnet_spec, \
        "Invalid number of layers: %d. Options are %s" % (num_layers, str(resnet_spec.keys()))
    assert 1 <= version <= 2, "Invalid resnet version: %d. Options are 1 and 2." % version
    kind, layers, channels = resnet_spec[num_layers]
    net = resnet_net_versions[version - 1](resnet_block_versions[version - 1][kind], layers,
                                           channels, **kwargs)
    if pretrained:
        from ..model_store import get_model_file
        net.load_parameters(get_model_file("resnet%d_v%d" % (num_layers, version), root=root),
                            ctx=ctx)
    return net


def _factory(num_layers, version):
    def constructor(**kwargs):
        return get_resnet(version, num_layers, **kwargs)
    constructor.__name__ = constructor.__qualname__ = "resnet%d_v%d" % (num_layers, version)
    constructor.__doc__ = """ResNet-%d v%d model.

    Parameters
    ----------
    pretrained : bool, default False
        Whether to load the pretrained weights for model.
    ctx : Context, default CPU
        The context in which to load the pretrained weights.
    root : str, default $MXNET_HOME/models
        Location for keeping the model parameters.
    classes : int, default 1000
    thumbnail : bool, default False
    """ % (num_layers, version)
    return constructor


resnet18_v1 = _factory(18, 1)
resnet34_v1 = _factory(34, 1)
resnet50_v1 = _factory(50, 1)
resnet101_v1 = _factory(101, 1)
resnet152_v1 = _factory(152, 1)
resnet18_v2 = _factory(18, 2)
resnet34_v2 = _factory(34, 2)
resnet50_v2 = _factory(50, 2)
resnet101_v2 = _factory(101, 2)
resnet152_v2 = _factory(152, 2)
