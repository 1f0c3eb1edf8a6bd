"""``mx.name``: NameManager scopes (naming is done by Gluon's prefixes in mxlite)."""
import threading

__all__ = ["NameManager", "Prefix"]


class NameManager:
    """Assigns default names (``name0``, ``name1`` …) and works as a ``with`` scope."""
    _current = threading.local()

    def __init__(self):
        self._counter = {}
        self._old = None

    def get(self, name, hint):
        if name:
            return name
        n = self._counter.get(hint, 0)
        self._counter[hint] = n + 1
        return f"{hint}{n}"

    def __enter__(self):
        self._old = getattr(NameManager._current, "value", None)
        NameManager._current.value = self
        return self

    def __exit__(self, *exc):
        NameManager._current.value = self._old


class Prefix(NameManager):
    """A NameManager that prepends a prefix to every name."""

    def __init__(self, prefix):
        super().__init__()
        self._prefix = prefix

    def get(self, name, hint):
        return self._prefix + super().get(name, hint)
