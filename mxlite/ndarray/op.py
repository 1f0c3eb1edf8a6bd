"""``mx.nd.op``: every operator by its registered name (looked up lazily)."""
from .ndarray import _ops


def __getattr__(name):
    try:
        return getattr(_ops, name)
    except AttributeError:
        raise AttributeError(f"module 'mxlite.ndarray.op' has no attribute '{name}'") from None
