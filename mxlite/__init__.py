"""mxlite: Apache MXNet 1.x's imperative API (NDArray, autograd, Gluon) on NumPy.

    import mxlite as mx                  # new code
    python -m mxlite their_script.py     # MXNet code: `import mxnet` resolves to mxlite
"""
import importlib

from . import _malloc  # noqa: F401  (allocator tuning for array temporaries; see its docstring)
from . import base, context, autograd, ndarray, random, name, runtime
from .base import MXNetError
from .context import Context, cpu, gpu, cpu_pinned, current_context, num_gpus
from .ndarray import NDArray  # noqa: F401
from .util import np_shape, is_np_shape, use_np_shape, set_np_shape  # noqa: F401
from ._alias import install_as_mxnet

nd = ndarray
__version__ = "1.9.1"          # the MXNet API level mxlite implements
__mxlite_version__ = "0.1.0"

_LAZY = {"gluon", "init", "initializer", "optimizer", "metric", "lr_scheduler", "test_utils",
         "io", "kvstore", "kv", "image", "recordio", "symbol", "sym", "profiler", "engine",
         "callback", "model", "monitor", "visualization", "viz", "contrib", "util", "operator",
         "executor", "library", "numpy", "np", "npx", "amp"}
_ALIASES = {"init": "initializer", "kv": "kvstore", "sym": "symbol", "viz": "visualization"}


def __getattr__(attr):
    if attr in _LAZY:
        try:
            mod = importlib.import_module(f".{_ALIASES.get(attr, attr)}", __name__)
        except ModuleNotFoundError as e:
            if e.name and e.name.startswith(__name__):
                raise AttributeError(f"mxlite does not implement mxnet.{attr} yet") from None
            raise
        globals()[attr] = mod
        return mod
    raise AttributeError(f"module 'mxlite' has no attribute '{attr}'")


__all__ = ["nd", "ndarray", "autograd", "gluon", "init", "optimizer", "metric", "random", "cpu",
           "gpu", "Context", "MXNetError", "current_context", "install_as_mxnet"]
