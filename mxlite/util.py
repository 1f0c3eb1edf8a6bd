"""``mx.util``: numpy-shape switches (mxlite keeps MXNet's legacy shape semantics)."""
import contextlib

__all__ = ["np_shape", "is_np_shape", "use_np_shape", "set_np_shape"]
_np_shape = [False]


def is_np_shape():
    """Whether numpy shape semantics are on (always False in mxlite's legacy mode)."""
    return _np_shape[0]


def set_np_shape(active):
    prev, _np_shape[0] = _np_shape[0], bool(active)
    return prev


@contextlib.contextmanager
def np_shape(active=True):
    """Scope that turns numpy shape semantics on or off."""
    prev = set_np_shape(active)
    try:
        yield
    finally:
        set_np_shape(prev)


def use_np_shape(func):
    """Decorator running `func` under numpy shape semantics."""
    def wrapper(*args, **kwargs):
        with np_shape(True):
            return func(*args, **kwargs)
    wrapper.__name__ = func.__name__
    return wrapper
