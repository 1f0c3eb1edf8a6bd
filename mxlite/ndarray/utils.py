"""``mx.nd.utils``: creation and file helpers under their utils names."""
from .creation import array, empty, zeros  # noqa: F401
from .io import load, save  # noqa: F401
