"""Datasets, samplers and data loaders (``gluon.data``)."""
from . import vision  # noqa: F401
from .dataset import *  # noqa: F401,F403
from .sampler import *  # noqa: F401,F403
from .dataloader import *  # noqa: F401,F403
