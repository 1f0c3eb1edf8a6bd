"""The checks MXNet runs around every linalg_* op (used by linalg_ext)."""
import functools
import inspect

import numpy as np

from ..base import MXNetError


def _float_only(fn):
    """MXNet's checks around every linalg op: float32/float64 only (on CPU), the number of
    inputs, known parameter names, an integer offset."""
    op, sig = f"_linalg_{fn.__name__}", inspect.signature(fn)
    n_in = sum(p.default is inspect.Parameter.empty for p in sig.parameters.values())

    def checked(*args, **kwargs):
        for a in list(args) + list(kwargs.values()):
            if hasattr(a, "asnumpy") and np.dtype(a.dtype) not in (np.float32, np.float64):
                raise MXNetError("Check failed: dtype == kFloat32 || dtype == kFloat64: This "
                                 "operation only supports 32-bit and 64-bit floating point")
        v = kwargs.get("offset", 0)
        if not isinstance(v, (int, np.integer)):
            raise MXNetError(f"Invalid Parameter format for offset expect int but value='{v}', "
                             f"in operator {op}(name=\"\", offset=\"{v}\")")
        try:
            sig.bind(*args, **kwargs)
        except TypeError as e:
            if "unexpected keyword" in str(e):
                bad = str(e).split("'")[1]
                raise MXNetError(f"Cannot find argument '{bad}', Possible Arguments: "
                                 f"(in operator {op})") from None
            got = sum(hasattr(a, "asnumpy") for a in list(args) + list(kwargs.values()))
            raise MXNetError(f"Operator {op} expects {n_in} inputs, but got {got} "
                             f"instead.") from None
        return fn(*args, **kwargs)
    return functools.wraps(fn)(checked)
