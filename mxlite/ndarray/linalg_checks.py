"""The checks MXNet runs around every linalg_* op, the shape checks with MXNet's texts, and
plain substitution for singular triangular systems (used by linalg_ext)."""
import functools
import inspect

import numpy as np

from ..base import MXNetError, shape_str
from .elemwise import dtype_mismatch


def _float_only(fn):
    """MXNet's checks around every linalg op: float32/float64 only (on CPU), the number of
    inputs, known parameter names, an integer offset."""
    op, sig = f"_linalg_{fn.__name__}", inspect.signature(fn)
    n_in = sum(p.default is inspect.Parameter.empty for p in sig.parameters.values())

    def checked(*args, **kwargs):
        arrays = [a for a in list(args) + list(kwargs.values()) if hasattr(a, "asnumpy")]
        for i, a in enumerate(arrays[1:], 1):  # (type inference comes first)
            if a.dtype != arrays[0].dtype:
                raise dtype_mismatch(arrays[0].dtype, a.dtype, i)
        for a in arrays:
            if np.dtype(a.dtype) not in (np.float32, np.float64):
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


def _need_ndim(a, op, k=2):
    if a.ndim < k:
        raise MXNetError(f"Check failed: ndim >= {k} ({a.ndim} vs. {k}) : Input A's dimension "
                         f"must be >= {k} ({op}, input shape {shape_str(a.shape)})")


def _need_square(a, op, text="Input A's last two dimension must be equal", ndim_text=None):
    """A tensor of square matrices; `ndim_text`: MXNet's own text when A has under 2 axes."""
    if ndim_text is not None and a.ndim < 2:
        raise MXNetError(f"{ndim_text} ({op}, input shape {shape_str(a.shape)})")
    _need_ndim(a, op)
    if a.shape[-1] != a.shape[-2]:
        raise MXNetError(f"Check failed: in[ndim-2] == in[ndim-1] ({a.shape[-2]} vs. "
                         f"{a.shape[-1]}) : {text} ({op}, input shape {shape_str(a.shape)})")


def _same_batch(op, *arrays):
    first = arrays[0]
    where = "last two dimensions" if op in ("_linalg_trmm", "_linalg_trsm") else "row/col axis"
    for j, a in enumerate(arrays[1:], 1):
        if a.ndim != first.ndim:
            raise MXNetError(f"{op}: inputs 0 and {j} must have the same number of dimensions, "
                             f"got {shape_str(first.shape)} and {shape_str(a.shape)}")
        for i in range(a.ndim - 2):
            if a.shape[i] != first.shape[i]:
                raise MXNetError(f"Check failed: (*in_attrs)[0][i] == (*in_attrs)[{j}][i] "
                                 f"({first.shape[i]} vs. {a.shape[i]}) : Shapes of inputs 0, "
                                 f"{j} must be the same, except on {where} ({op}: "
                                 f"{shape_str(first.shape)} and {shape_str(a.shape)})")
    dt = arrays[0].dtype
    for j, a in enumerate(arrays[1:], 1):
        if a.dtype != dt:
            raise dtype_mismatch(dt, a.dtype, j)


def _shapes_failed(op):
    return MXNetError(f"Operator {op} inferring shapes failed.")


def _gemm_axis(op, axis, *arrays):
    """MXNet's checks of gemm/gemm2's `axis` (the row axis; the last axis holds columns)."""
    if any(a.ndim < 2 for a in arrays):
        raise _shapes_failed(op)
    n = arrays[0].ndim
    ax = axis + n if axis < 0 else axis
    if not 0 <= ax < n - 1:
        raise MXNetError(f"Check failed: axis >= 0 && axis < ndim-1: Invalid row axis ({axis})")


def _tri_operands(A, B, op):
    if A.ndim < 2 or B.ndim < 2 or A.ndim != B.ndim:
        raise _shapes_failed(op)
    _need_square(A, op, "First operand must be a tensor of square matrices")


def _substitute(T, B):
    """Solves T X = B for triangular T by plain substitution (no singularity check), as
    BLAS trsm does: a zero pivot gives inf/nan instead of an error."""
    n = T.shape[-1]
    low = bool((np.triu(T, 1) == 0).all())
    X = np.zeros(np.broadcast_shapes(T.shape[:-2], B.shape[:-2]) + B.shape[-2:],
                 dtype=np.result_type(T, B))
    with np.errstate(all="ignore"):
        for i in (range(n) if low else range(n - 1, -1, -1)):
            r = B[..., i, :] - np.einsum("...k,...kj->...j", T[..., i, :], X)
            X[..., i, :] = r / T[..., i, i, None]
    return X


def _illegal_offset(A, offset):
    return (f"Check failed: n > 0 (0 vs. 0) : Illegal offset {offset} for diag/trian extraction "
            f"of matrix with dimension {A.ndim} (shape {shape_str(A.shape)})")
