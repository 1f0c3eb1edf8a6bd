"""Image-classification models with MXNet 1.9.1's structure and parameter names.

Build one by name with ``get_model('resnet50_v1', classes=10)`` or with its constructor
(``resnet50_v1(pretrained=True)``). All models take (N, 3, H, W) float32 images normalized
with the ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225); H and W are at
least 224 (299 for Inception v3), smaller inputs work for the networks that end with a global
pooling.
"""
from .alexnet import *  # noqa: F401,F403  (binds `alexnet` to the constructor, as MXNet)
from .densenet import *  # noqa: F401,F403
from .inception import *  # noqa: F401,F403
from .mobilenet import *  # noqa: F401,F403
from .resnet import *  # noqa: F401,F403
from .squeezenet import *  # noqa: F401,F403
from .vgg import *  # noqa: F401,F403
from . import densenet, inception, mobilenet, resnet, squeezenet, vgg  # noqa: F401

_models = {"resnet18_v1": resnet18_v1, "resnet34_v1": resnet34_v1,  # noqa: F405
           "resnet50_v1": resnet50_v1, "resnet101_v1": resnet101_v1,  # noqa: F405
           "resnet152_v1": resnet152_v1, "resnet18_v2": resnet18_v2,  # noqa: F405
           "resnet34_v2": resnet34_v2, "resnet50_v2": resnet50_v2,  # noqa: F405
           "resnet101_v2": resnet101_v2, "resnet152_v2": resnet152_v2,  # noqa: F405
           "vgg11": vgg11, "vgg13": vgg13, "vgg16": vgg16, "vgg19": vgg19,  # noqa: F405
           "vgg11_bn": vgg11_bn, "vgg13_bn": vgg13_bn,  # noqa: F405
           "vgg16_bn": vgg16_bn, "vgg19_bn": vgg19_bn,  # noqa: F405
           "alexnet": alexnet,  # noqa: F405
           "densenet121": densenet121, "densenet161": densenet161,  # noqa: F405
           "densenet169": densenet169, "densenet201": densenet201,  # noqa: F405
           "squeezenet1.0": squeezenet1_0, "squeezenet1.1": squeezenet1_1,  # noqa: F405
           "inceptionv3": inception_v3,  # noqa: F405
           "mobilenet1.0": mobilenet1_0, "mobilenet0.75": mobilenet0_75,  # noqa: F405
           "mobilenet0.5": mobilenet0_5, "mobilenet0.25": mobilenet0_25,  # noqa: F405
           "mobilenetv2_1.0": mobilenet_v2_1_0,  # noqa: F405
           "mobilenetv2_0.75": mobilenet_v2_0_75,  # noqa: F405
           "mobilenetv2_0.5": mobilenet_v2_0_5,  # noqa: F405
           "mobilenetv2_0.25": mobilenet_v2_0_25}  # noqa: F405


def get_model(name, **kwargs):
    """Returns a predefined model by name (case-insensitive).

    Parameters
    ----------
    name : str
        Name of the model, e.g. 'resnet18_v1', 'vgg16_bn', 'squeezenet1.1',
        'mobilenetv2_0.5', 'inceptionv3'.
    pretrained : bool, default False
        Whether to load the pretrained weights for model.
    classes : int, default 1000
        Number of classes for the output layer.
    ctx : Context, default CPU
        The context in which to load the pretrained weights.
    root : str, default $MXNET_HOME/models
        Location for keeping the model parameters.

    Returns
    -------
    HybridBlock
        The model.
    """
    name = name.lower()
    if name not in _models:
        raise ValueError("Model %s is not supported. Available options are\n\t%s" % (
            name, "\n\t".join(sorted(_models.keys()))))
    return _models[name](**kwargs)
