"""Helpers of mx.io: the canonical sorted list of (name, NDArray) pairs an iterator keeps."""
import numpy as np

from ..ndarray import NDArray
from ..ndarray.creation import array

__all__ = []


def _as_named(data, default_name):
    """{name: array} from one array, a list of arrays, or a dict."""
    if isinstance(data, (np.ndarray, NDArray)):
        return {default_name: data}
    if isinstance(data, list):
        if len(data) == 1:
            return {default_name: data[0]}
        return {f"_{i}_{default_name}": d for i, d in enumerate(data)}
    if isinstance(data, dict):
        return dict(data)
    raise TypeError("Input must be NDArray, numpy.ndarray, h5py.Dataset "
                    "a list of them or dict with them as values")


def _init_data(data, allow_empty, default_name):
    """Data (an array, a list of arrays, or a dict name -> array) as (name, NDArray) pairs
    sorted by name; a single array is called `default_name`, several ``_<i>_<name>``."""
    assert data is not None or allow_empty
    if data is None:
        data = []
    if isinstance(data, list) and not allow_empty:
        assert data
    named = _as_named(data, default_name)
    pairs = []
    for name in sorted(named):
        value = named[name]
        if not isinstance(value, NDArray):
            try:
                value = array(value)
            except Exception:
                raise TypeError(f"Invalid type '{type(value)}' for {name}, should be NDArray, "
                                f"numpy.ndarray or h5py.Dataset") from None
        pairs.append((name, value))
    return pairs


def _has_instance(data, dtype):
    """Whether one of the (name, array) pairs holds an instance of `dtype`."""
    return any(isinstance(value, dtype) for _, value in data)


def _getdata_by_idx(data, idx):
    """The (name, array) pairs with each array's rows reordered by `idx`."""
    out = []
    for name, value in data:
        rows = value.asnumpy()[idx]
        out.append((name, array(rows, value.context, dtype=value.dtype)))
    return out


def _slice_along_batch_axis(data, s, batch_axis):
    """The rows `s` (a slice) of `data` along `batch_axis`."""
    return data.slice_axis(axis=batch_axis, begin=s.start, end=s.stop)
