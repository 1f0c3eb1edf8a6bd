"""mxlite.ndarray (``mx.nd``): the NDArray and its operators, with MXNet 1.9.1's names."""
import sys as _sys

from . import ndarray as _ndarray_mod
from .ndarray import NDArray, waitall, _ops
from . import (register, unary, elemwise, reduce, shape, indexing, linalg, sort, index_ops,
               nn, norm, conv, rnn, ctc, creation, random, io, contrib, optimizer_ops,
               legacy_ops, misc_ops)
from .unary import *  # noqa: F401,F403
from .elemwise import *  # noqa: F401,F403
from .reduce import *  # noqa: F401,F403
from .shape import *  # noqa: F401,F403
from .linalg import *  # noqa: F401,F403
from .sort import *  # noqa: F401,F403
from .index_ops import *  # noqa: F401,F403
from .nn import *  # noqa: F401,F403
from .norm import *  # noqa: F401,F403
from .conv import *  # noqa: F401,F403
from .rnn import *  # noqa: F401,F403
from .ctc import *  # noqa: F401,F403
from .creation import *  # noqa: F401,F403
from .random import *  # noqa: F401,F403
from .io import *  # noqa: F401,F403
from .optimizer_ops import *  # noqa: F401,F403
from .legacy_ops import *  # noqa: F401,F403
from .misc_ops import *  # noqa: F401,F403
from . import op, _internal, sparse, utils, image  # noqa: E402
from . import linalg as _linalg_mod, random as _random_mod, contrib as _contrib_mod  # noqa: E402

ndarray = _ndarray_mod
linalg = _linalg_mod
random = _random_mod
contrib = _contrib_mod

# `from .sort import *` rebinds `sort` (and `norm`) to the function: keep the modules apart.
_MODULES = tuple(_sys.modules[f"{__name__}.{_m}"] for _m in (
    "unary", "elemwise", "reduce", "shape", "indexing", "linalg", "sort", "index_ops", "nn",
    "norm", "conv", "rnn", "ctc", "creation", "random", "io", "optimizer_ops", "legacy_ops",
    "misc_ops"))

# The dunders and fluent methods find operators through NDArray's late-bound namespace:
# every callable of the op modules (MXNet's internal ops such as _plus_scalar too), with the
# public names (each module's __all__) written last so no private helper can shadow them.
for _m in _MODULES:
    for _name in dir(_m):
        _obj = getattr(_m, _name)
        if callable(_obj) and not isinstance(_obj, type) and not _name.startswith("__"):
            setattr(_ops, _name, _obj)
for _m in _MODULES:
    for _name in getattr(_m, "__all__", ()):
        setattr(_ops, _name, getattr(_m, _name))
_ops._copy_into = indexing._copy_into

# Fluent methods: ``x.op(*args)`` is ``nd.op(x, *args)`` for these names (MXNet's list).
FLUENT = """zeros_like ones_like broadcast_axes repeat pad swapaxes split split_v2 slice slice_axis
slice_like take one_hot pick sort topk argsort argmax argmax_channel argmin clip abs sign
shape_array size_array tile transpose flip depth_to_space space_to_depth diag sum nansum prod
nanprod mean max min norm round rint fix floor ceil trunc sin cos tan arcsin arccos arctan
degrees radians sinh cosh tanh arcsinh arccosh arctanh exp expm1 log log10 log2 log1p sqrt
rsqrt cbrt rcbrt square reciprocal relu sigmoid softmax log_softmax softmin""".split()
for _name in FLUENT:
    if hasattr(_ops, _name) and not hasattr(NDArray, _name):
        setattr(NDArray, _name, getattr(_ops, _name))
del _m, _name, _obj, _sys

from .. import _gradbuf  # noqa: E402

_gradbuf.init_take()  # (needs NDArray.__setitem__ in place)
