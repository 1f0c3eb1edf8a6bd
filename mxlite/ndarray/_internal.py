"""``mx.nd._internal``: internal operators (_plus_scalar …) by its registered name (looked up lazily)."""
from .ndarray import _ops


def __getattr__(name):
    try:
        return getattr(_ops, name)
    except AttributeError:
        raise AttributeError(f"module 'mxlite.ndarray._internal' has no attribute '{name}'") from None
