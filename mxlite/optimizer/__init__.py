"""Optimizer API of MXNet (``mx.optimizer``): Optimizer, its registry, the optimizers, Updater."""
from . import optimizer, sgd, adaptive, others, contrib  # noqa: F401
from .optimizer import *  # noqa: F401,F403
from .adaptive import *  # noqa: F401,F403
from .others import *  # noqa: F401,F403
from .contrib import GroupAdaGrad, AdamW  # noqa: F401

__all__ = optimizer.__all__ + adaptive.__all__ + others.__all__ + ["contrib", "AdamW"]
