"""Turns results into JSON-able descriptions, the same way under MXNet and mxlite."""
import numpy as np


def describe(v):
    if hasattr(v, "asnumpy") and hasattr(v, "context"):
        a = v.asnumpy()
        return {"ndarray": True, "shape": list(a.shape), "dtype": str(a.dtype),
                "values": np.where(np.isnan(a), None, a).tolist() if a.dtype.kind == "f"
                else a.tolist()}
    if isinstance(v, (list, tuple)):
        return {"seq": [describe(x) for x in v]}
    if isinstance(v, np.ndarray):
        return {"numpy": v.tolist(), "dtype": str(v.dtype)}
    if isinstance(v, (np.generic,)):
        return {"scalar": v.item(), "dtype": str(v.dtype)}
    if isinstance(v, type):
        return {"type": v.__name__}
    if isinstance(v, (bool, int, float, str)) or v is None:
        return {"py": v}
    return {"repr": repr(v)}


def error_text(e):
    """The last meaningful line of an error message, without MXNet's C++ prefixes."""
    lines = [ln.strip() for ln in str(e).strip().splitlines() if ln.strip()]
    text = lines[-1] if lines else ""
    for p in ("MXNetError: ", "Check failed: "):
        if text.startswith(p):
            text = text[len(p):]
    return text
