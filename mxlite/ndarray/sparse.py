"""``mx.nd.sparse``: sparse storage is out of mxlite's scope; dense arrays stand in."""
from ..base import MXNetError
from .creation import array, empty, zeros  # noqa: F401  (dense stand-ins)


def _unsupported(name):
    def f(*args, **kwargs):
        raise MXNetError(f"mx.nd.sparse.{name}: sparse storage is not supported by mxlite; "
                         f"use dense arrays")
    f.__name__ = name
    return f


csr_matrix = _unsupported("csr_matrix")
row_sparse_array = _unsupported("row_sparse_array")
