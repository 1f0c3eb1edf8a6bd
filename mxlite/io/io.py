"""Data iterators of mx.io (MXNet 1.9.1): DataDesc, DataBatch, DataIter, ResizeIter,
PrefetchingIter and NDArrayIter, with MXNet's batching, padding and roll-over rules."""
from collections import namedtuple

import numpy as np

from ..ndarray.shape import concat
from .utils import _init_data, _getdata_by_idx, _slice_along_batch_axis

__all__ = ["DataDesc", "DataBatch", "DataIter", "ResizeIter", "PrefetchingIter", "NDArrayIter"]

_MISMATCH = "Number of entry mismatches between iterators"


class DataDesc(namedtuple("DataDesc", ["name", "shape"])):
    """Name, shape, type and layout of the data or the label.

    Parameters
    ----------
    name : str
    shape : tuple of int
    dtype : np.dtype, optional
        Data type (default float32).
    layout : str, optional
        Data layout (default 'NCHW'); the position of 'N' is the batch axis.
    """

    def __new__(cls, name, shape, dtype=np.float32, layout="NCHW"):
        desc = super().__new__(cls, name, shape)
        desc.dtype, desc.layout = dtype, layout
        return desc

    def __repr__(self):
        fields = (self.name, self.shape, self.dtype, self.layout)
        return "DataDesc[" + ",".join(str(f) for f in fields) + "]"

    @staticmethod
    def get_batch_axis(layout):
        """The axis of the batch dimension in `layout` ('N'); 0 when layout is None,
        -1 when it has no 'N'."""
        return 0 if layout is None else layout.find("N")

    @staticmethod
    def get_list(shapes, types):
        """DataDesc list from a list of (name, shape) and an optional list of (name, dtype)."""
        dtypes = None if types is None else dict(types)
        out = []
        for name, shape in ((s[0], s[1]) for s in shapes):
            out.append(DataDesc(name, shape) if dtypes is None
                       else DataDesc(name, shape, dtypes[name]))
        return out


class DataBatch:
    """A batch of data: lists of `batch_size` examples per input and label.

    Parameters
    ----------
    data : list of NDArray
    label : list of NDArray, optional
    pad : int, optional
        The number of examples padded at the end of the batch.
    index : numpy.array, optional
        The example indices in this batch.
    bucket_key : int, optional
    provide_data, provide_label : list of DataDesc, optional
    """

    def __init__(self, data, label=None, pad=None, index=None, bucket_key=None,
                 provide_data=None, provide_label=None):
        for value, what in ((data, "Data"), (label, "Label")):
            assert value is None or isinstance(value, (list, tuple)), \
                "%s must be list of NDArrays" % what
        self.data, self.label = data, label
        self.pad, self.index, self.bucket_key = pad, index, bucket_key
        self.provide_data, self.provide_label = provide_data, provide_label

    def __str__(self):
        shapes_d = [arr.shape for arr in self.data]
        shapes_l = [arr.shape for arr in self.label] if self.label else None
        return "%s: data shapes: %s label shapes: %s" % (type(self).__name__, shapes_d,
                                                          shapes_l)


class DataIter:
    """Base class of the data iterators: ``next()`` returns a DataBatch until the data are
    exhausted (StopIteration); ``reset()`` goes back to the start.

    Parameters
    ----------
    batch_size : int, optional
    """

    def __init__(self, batch_size=0):
        self.batch_size = batch_size

    def __iter__(self):
        return self

    def __next__(self):
        return self.next()

    def reset(self):
        """Resets the iterator to the beginning of the data."""

    def next(self):
        """The next DataBatch; raises StopIteration at the end of the data."""
        if not self.iter_next():
            raise StopIteration
        return DataBatch(data=self.getdata(), label=self.getlabel(), pad=self.getpad(),
                         index=self.getindex())

    def iter_next(self):
        """Moves to the next batch; whether the move succeeded."""

    def getdata(self):
        """The data (list of NDArray) of the current batch."""

    def getlabel(self):
        """The label (list of NDArray) of the current batch."""

    def getindex(self):
        """The example indices of the current batch (None by default)."""
        return None

    def getpad(self):
        """The number of padding examples in the current batch."""


class _FromCurrentBatch:
    """Mixin: the getters read the fields of ``self.current_batch``."""

    def getdata(self):
        return self.current_batch.data

    def getlabel(self):
        return self.current_batch.label

    def getindex(self):
        return self.current_batch.index

    def getpad(self):
        return self.current_batch.pad


class ResizeIter(_FromCurrentBatch, DataIter):
    """Resizes a data iterator to `size` batches per epoch (restarting it when it ends).

    Parameters
    ----------
    data_iter : DataIter
    size : int
        The number of batches per epoch.
    reset_internal : bool
        Whether ``reset`` also resets the wrapped iterator.
    """

    def __init__(self, data_iter, size, reset_internal=True):
        super().__init__()
        self.data_iter, self.size, self.reset_internal = data_iter, size, reset_internal
        self.cur = 0
        self.current_batch = None
        self.batch_size = data_iter.batch_size
        self.provide_data = data_iter.provide_data
        self.provide_label = data_iter.provide_label
        if hasattr(data_iter, "default_bucket_key"):
            self.default_bucket_key = data_iter.default_bucket_key

    def reset(self):
        self.cur = 0
        if self.reset_internal:
            self.data_iter.reset()

    def iter_next(self):
        if self.cur == self.size:
            return False
        inner = self.data_iter
        try:
            batch = inner.next()
        except StopIteration:
            inner.reset()  # wrap around to the wrapped iterator's start
            batch = inner.next()
        self.current_batch = batch
        self.cur += 1
        return True


def _next_or_none(it):
    try:
        return it.next()
    except StopIteration:
        return None


def _flatten(lists):
    return [item for sub in lists for item in sub]


class PrefetchingIter(_FromCurrentBatch, DataIter):
    """Joins one or more iterators batch by batch (their data and labels concatenated as
    lists). MXNet reads ahead in threads; mxlite reads synchronously (same batches).

    Parameters
    ----------
    iters : DataIter or list of DataIter
    rename_data : None or list of dict
        For the i-th iterator, a map {'original_name': 'new_name'} of its provide_data.
    rename_label : None or list of dict
        The same for provide_label.
    """

    def __init__(self, iters, rename_data=None, rename_label=None):
        super().__init__()
        self.iters = iters if isinstance(iters, list) else [iters]
        self.n_iter = len(self.iters)
        assert self.n_iter > 0
        self.rename_data, self.rename_label = rename_data, rename_label
        self.batch_size = self.provide_data[0][1][0]
        self.current_batch = None

    @staticmethod
    def _joined(per_iter, renames):
        if renames is None:
            return _flatten(per_iter)
        out = []
        for mapping, descs in zip(renames, per_iter):
            for d in descs:
                out.append(DataDesc(mapping[d.name], d.shape, d.dtype)
                           if isinstance(d, DataDesc) else DataDesc(*d))
        return out

    @property
    def provide_data(self):
        return self._joined([it.provide_data for it in self.iters], self.rename_data)

    @property
    def provide_label(self):
        return self._joined([it.provide_label for it in self.iters], self.rename_label)

    def reset(self):
        for it in self.iters:
            it.reset()

    def iter_next(self):
        got = [_next_or_none(it) for it in self.iters]
        lead = got[0]
        if lead is None:
            assert all(b is None for b in got), _MISMATCH
            return False
        assert all(b is not None and b.pad == lead.pad for b in got), _MISMATCH
        self.current_batch = DataBatch(_flatten(b.data for b in got),
                                       _flatten(b.label for b in got), lead.pad, lead.index,
                                       provide_data=self.provide_data,
                                       provide_label=self.provide_label)
        return True

    def next(self):
        if not self.iter_next():
            raise StopIteration
        return self.current_batch


class NDArrayIter(DataIter):
    """Iterates over NDArrays or numpy arrays (or lists / dicts of them) in batches.

    Parameters
    ----------
    data : array or list of array or dict of string to array
        The input data. Several arrays are sorted by name; a list names them
        ``_<i>_<data_name>``.
    label : array or list of array or dict of string to array, optional
        The input label.
    batch_size : int
        Batch size of data.
    shuffle : bool, optional
        Whether to shuffle the data (with numpy's global random state, at each reset).
    last_batch_handle : str, optional
        'pad' fills the last batch with examples from the beginning, 'discard' drops it,
        'roll_over' carries the remaining examples over to the next epoch.
    data_name : str, optional
        The data name.
    label_name : str, optional
        The label name.
    layout : str, optional
        The data layout ('N' marks the batch axis).
    """

    def __init__(self, data, label=None, batch_size=1, shuffle=False, last_batch_handle="pad",
                 data_name="data", label_name="softmax_label", layout="NCHW"):
        super().__init__(batch_size)
        self.data = _init_data(data, allow_empty=False, default_name=data_name)
        self.label = _init_data(label, allow_empty=True, default_name=label_name)
        self.num_data = self.data[0][1].shape[0]
        self.idx = np.arange(self.num_data)
        self.shuffle = shuffle
        self.last_batch_handle = last_batch_handle
        self.cursor = -batch_size
        self.reset()
        self.data_list = [arr for _, arr in self.data + self.label]
        self.num_source = len(self.data_list)
        self._cache_data = self._cache_label = None
        self.layout = layout

    # -- description
    @property
    def _axis(self):
        return self.layout.find("N")

    def _describe(self, pairs):
        ax = self._axis
        return [DataDesc(name, tuple(arr.shape[:ax]) + (self.batch_size,)
                         + tuple(arr.shape[ax + 1:]), arr.dtype, layout=self.layout)
                for name, arr in pairs]

    @property
    def provide_data(self):
        """The name and shape of data provided by this iterator."""
        return self._describe(self.data)

    @property
    def provide_label(self):
        """The name and shape of label provided by this iterator."""
        return self._describe(self.label)

    # -- epoch control
    def hard_reset(self):
        """Ignores roll-over data and goes back to the start."""
        if self.shuffle:
            self._shuffle_data()
        self.cursor = -self.batch_size
        self._cache_data = self._cache_label = None

    def reset(self):
        """Resets the iterator to the beginning of the data."""
        if self.shuffle:
            self._shuffle_data()
        n, bs = self.num_data, self.batch_size
        carried = self.last_batch_handle == "roll_over" and n - bs < self.cursor < n
        # with a carried-over tail, the first batch of the new epoch starts before 0
        self.cursor = self.cursor - n - bs if carried else -bs

    def iter_next(self):
        """Moves the cursor by batch_size; whether it is still inside the data."""
        self.cursor += self.batch_size
        return self.cursor < self.num_data

    def next(self):
        """Returns the next batch of data."""
        if not self.iter_next():
            raise StopIteration
        data, label = self.getdata(), self.getlabel()
        if data[0].shape[self._axis] == self.batch_size:
            return DataBatch(data=data, label=label, pad=self.getpad(), index=None)
        # a short last batch ('discard', 'roll_over') is kept for the next epoch
        self._cache_data, self._cache_label = data, label
        raise StopIteration

    # -- batch assembly
    def _rolling_in(self):
        return self.last_batch_handle == "roll_over" and -self.batch_size < self.cursor < 0

    def _padding(self):
        return self.last_batch_handle == "pad" and \
            self.cursor + self.batch_size > self.num_data

    def _pop_cache(self):
        """The cached tail of the last epoch (data first, then label), removed."""
        if self._cache_data is not None:
            tail, self._cache_data = self._cache_data, None
        else:
            tail, self._cache_label = self._cache_label, None
        return tail

    def _cut(self, pairs, begin, end):
        ax = self._axis
        return [_slice_along_batch_axis(arr, slice(begin, end), ax) for _, arr in pairs]

    def _join(self, head, tail):
        if not head or not tail:
            return head or tail
        assert len(head) == len(tail), "data source should contain the same size"
        ax = self._axis
        return [concat(a, b, dim=ax) for a, b in zip(head, tail)]

    def _batchify(self, pairs):
        assert self.cursor < self.num_data, "DataIter needs reset."
        start, stop, n = self.cursor, self.cursor + self.batch_size, self.num_data
        if self._rolling_in():
            assert self._cache_data is not None or self._cache_label is not None, \
                "next epoch should have cached data"
            tail = self._pop_cache()
            return self._join(tail, self._cut(pairs, 0, stop))
        if not self._padding():
            return self._cut(pairs, start, min(stop, n))
        # wrap around to the beginning (as many times as needed) to fill the batch
        parts = self._cut(pairs, start, n)
        missing = stop - n
        while missing > 0:
            take = min(missing, n)
            parts = self._join(parts, self._cut(pairs, 0, take))
            missing -= take
        return parts

    def getdata(self):
        """The data of the current batch."""
        return self._batchify(self.data)

    def getlabel(self):
        """The label of the current batch."""
        return self._batchify(self.label)

    def getpad(self):
        """The number of padded examples in the current batch."""
        if self._padding():
            return self.cursor + self.batch_size - self.num_data
        return -self.cursor if self._rolling_in() else 0

    def _shuffle_data(self):
        # MXNet rebuilds shuffled arrays as float32; mxlite keeps each array's dtype
        np.random.shuffle(self.idx)
        self.data = _getdata_by_idx(self.data, self.idx)
        self.label = _getdata_by_idx(self.label, self.idx)
