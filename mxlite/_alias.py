"""Makes ``import mxnet`` (and every ``mxnet.X`` submodule) resolve to mxlite."""
import importlib
import importlib.abc
import importlib.util
import sys


class _MXNetAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Maps the module ``mxnet.a.b`` to the very module object ``mxlite.a.b``."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "mxnet" or fullname.startswith("mxnet."):
            real = "mxlite" + fullname[len("mxnet"):]
            try:
                importlib.util.find_spec(real)
            except ModuleNotFoundError:
                return None
            if importlib.util.find_spec(real) is None and real not in sys.modules:
                return None
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        module = importlib.import_module("mxlite" + spec.name[len("mxnet"):])
        self._saved = getattr(module, "__spec__", None)
        return module

    def exec_module(self, module):
        if getattr(self, "_saved", None) is not None:
            module.__spec__ = self._saved  # keep mxlite's own spec on the shared module


_FINDER = _MXNetAlias()


def install_as_mxnet():
    """Lets code written for MXNet run on mxlite: after this call ``import mxnet``,
    ``from mxnet import nd, autograd, gluon`` and ``import mxnet.ndarray as nd`` give mxlite.

    One line in a notebook: ``import mxlite; mxlite.install_as_mxnet()``.
    """
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    for name in [n for n in sys.modules if n == "mxnet" or n.startswith("mxnet.")]:
        if not sys.modules[name].__name__.startswith("mxlite"):
            del sys.modules[name]
