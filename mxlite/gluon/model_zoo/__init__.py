"""Predefined and pretrained models (``gluon.model_zoo``).

``vision`` holds the image-classification networks (AlexNet, VGG, ResNet v1/v2, DenseNet,
SqueezeNet, Inception v3, MobileNet v1/v2) with MXNet 1.9.1's block structure and parameter
names, so that MXNet's pretrained ``.params`` files load into them; ``model_store`` finds,
downloads and caches those files.
"""
from . import model_store  # noqa: F401
from . import vision  # noqa: F401
