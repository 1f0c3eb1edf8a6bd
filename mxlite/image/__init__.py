"""mx.image: image decoding, resizing, cropping, augmenters and ImageIter (MXNet 1.9.1).
Decoding needs Pillow (an optional extra); everything else works on decoded arrays."""
from . import image, augment, iter as _iter_mod
from .image import *  # noqa: F401,F403
from .augment import *  # noqa: F401,F403
from .iter import ImageIter, ImageDetIter, CreateDetAugmenter

__all__ = image.__all__ + augment.__all__ + _iter_mod.__all__
