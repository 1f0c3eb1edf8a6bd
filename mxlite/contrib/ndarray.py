"""mx.contrib.ndarray: the contrib operators (the same module as mx.nd.contrib)."""
import sys as _sys

from ..ndarray import contrib as _contrib

_sys.modules[__name__] = _contrib
