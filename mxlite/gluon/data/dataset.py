"""Datasets (``gluon.data``): Dataset, SimpleDataset, ArrayDataset and lazy transforms."""
import os

from ... import ndarray as nd

__all__ = ["Dataset", "SimpleDataset", "ArrayDataset", "RecordFileDataset"]


def _samplers():
    # sampler.py is imported lazily: it is a sibling module that itself knows nothing of us
    from . import sampler
    return sampler


class Dataset:
    """Abstract dataset class. All datasets have this interface: subclasses override
    ``__getitem__(idx)``, returning the idx-th sample, and ``__len__()``.

    A numpy array or an NDArray can also be used directly as a dataset.
    """

    def filter(self, fn):
        """Returns a new dataset with the samples for which ``fn(sample)`` is true.

        The indices are selected once, here; samples are read from this dataset (and
        transformed again, if it is lazily transformed) on every access.

        Parameters
        ----------
        fn : callable
            Takes a sample, returns a boolean; samples giving False are discarded.

        Returns
        -------
        Dataset
            The filtered dataset.
        """
        return _SampledDataset(self, _samplers().FilterSampler(fn, self))

    def shard(self, num_shards, index):
        """Returns the `index`-th of `num_shards` contiguous shards of this dataset (the
        first ``len(self) % num_shards`` shards hold one more sample).

        Parameters
        ----------
        num_shards : int
            The number of shards.
        index : int
            Which shard, 0 <= index < num_shards.

        Returns
        -------
        Dataset
            The shard.
        """
        for ok, msg in ((index < num_shards, 'Shard index of out bound: %d out of %d'
                         % (index, num_shards)),
                        (num_shards > 0, 'Number of shards must be greater than 0'),
                        (index >= 0, 'Index must be non-negative')):
            if not ok:
                raise AssertionError(msg)
        base, extra = divmod(len(self), num_shards)
        sizes = [base + 1 if k < extra else base for k in range(index + 1)]
        return _SampledDataset(self, _samplers().SequentialSampler(sizes[-1], sum(sizes[:-1])))

    def take(self, count):
        """Returns a dataset of the first `count` samples (all of them when `count` is None
        or larger than the dataset).

        Parameters
        ----------
        count : int or None

        Returns
        -------
        Dataset
        """
        total = len(self)
        n = total if count is None else min(count, total)
        return _SampledDataset(self, _samplers().SequentialSampler(n))

    def sample(self, sampler):
        """Returns a dataset of the samples whose indices `sampler` yields, in its order.

        Parameters
        ----------
        sampler : Sampler

        Returns
        -------
        Dataset
        """
        if isinstance(sampler, _samplers().Sampler):
            return _SampledDataset(self, sampler)
        raise TypeError('Invalid sampler type: %s. Expected gluon.data.Sampler instead.'
                        % type(sampler))

    def transform(self, fn, lazy=True):
        """Returns a dataset with each sample transformed by `fn` (called as ``fn(*sample)``
        for tuple samples, ``fn(sample)`` otherwise).

        Parameters
        ----------
        fn : callable
        lazy : bool, default True
            If False, transforms all samples at once, now. Otherwise each sample is
            transformed on every access (needed for random augmentations).

        Returns
        -------
        Dataset
        """
        view = _LazyTransformDataset(self, fn)
        if lazy:
            return view
        # read by index, so a dataset need not raise IndexError at its end
        return SimpleDataset(list(map(view.__getitem__, range(len(view)))))

    def transform_first(self, fn, lazy=True):
        """Returns a dataset with the first element of each sample transformed by `fn`
        (the label kept as is), lazily by default; see `transform`.

        Parameters
        ----------
        fn : callable
        lazy : bool, default True

        Returns
        -------
        Dataset
        """
        return self.transform(_TransformFirstClosure(fn), lazy)

    def __len__(self):
        raise NotImplementedError

    def __getitem__(self, idx):
        raise NotImplementedError


class _Wrapper(Dataset):
    """A dataset as long as the sequence `_data` it wraps."""

    def __init__(self, data):
        self._data = data

    def __len__(self):
        return len(self._data)


class SimpleDataset(_Wrapper):
    """A dataset over any object with ``__getitem__`` and ``__len__`` (a list, an array)."""

    def __getitem__(self, idx):
        return self._data[idx]


class _LazyTransformDataset(_Wrapper):
    """`data` seen through `fn`, applied at every access."""

    def __init__(self, data, fn):
        super().__init__(data)
        self._fn = fn

    def __getitem__(self, idx):
        sample = self._data[idx]
        return self._fn(*sample) if isinstance(sample, tuple) else self._fn(sample)


class _TransformFirstClosure:
    """Picklable closure applying `fn` to the first element (so workers can use it)."""

    def __init__(self, fn):
        self._fn = fn

    def __call__(self, first, *rest):
        head = self._fn(first)
        return (head,) + rest if rest else head


class _SampledDataset(Dataset):
    """Dataset with the elements chosen by a sampler (indices drawn once)."""

    def __init__(self, dataset, sampler):
        self._dataset, self._sampler = dataset, sampler
        self._indices = [i for i in sampler]

    def __len__(self):
        # the sampler's length, as MXNet (not the number of indices it gave)
        return len(self._sampler)

    def __getitem__(self, idx):
        return self._dataset[self._indices[idx]]


class _FilteredDataset(_SampledDataset):
    """Dataset with a filter applied."""

    def __init__(self, dataset, fn):
        super().__init__(dataset, _samplers().FilterSampler(fn, dataset))


class ArrayDataset(Dataset):
    """A dataset combining several array-likes of equal length; sample i is the tuple of
    their i-th elements (a single element when one array is given)."""

    def __init__(self, *args):
        assert args, "Needs at least 1 arrays"
        n = len(args[0])
        for pos, arr in enumerate(args[1:], 2):
            # MXNet's text, which numbers the second array 2
            assert len(arr) == n, \
                f"All arrays must have the same length; array[0] has length {n} " \
                f"while array[{pos}] has {len(arr)}."
        self._length = n
        # 1-d NDArrays are read element by element: numpy gives plain scalars
        self._data = [a.asnumpy() if isinstance(a, nd.NDArray) and a.ndim == 1 else a
                      for a in args]

    def __getitem__(self, idx):
        items = tuple(column[idx] for column in self._data)
        return items if len(items) > 1 else items[0]

    def __len__(self):
        return self._length


class RecordFileDataset(Dataset):
    """A dataset wrapping over a RecordIO (.rec) file (with its .idx index next to it).

    Each sample is the raw content (bytes) of a record.

    Parameters
    ----------
    filename : str
        Path to rec file.
    """

    def __init__(self, filename):
        from ._recordio import IndexedRecordReader
        self.filename = filename
        self.idx_file = os.path.splitext(filename)[0] + '.idx'
        self._record = IndexedRecordReader(self.idx_file, filename)

    def __getitem__(self, idx):
        reader = self._record
        return reader.read_idx(reader.keys[idx])

    def __len__(self):
        return len(self._record.keys)


class _DownloadedDataset(Dataset):
    """A dataset kept in memory after downloading/reading its files under `root`;
    subclasses implement `_get_data`, which sets `_data` and `_label`."""

    def __init__(self, root, transform):
        self._root = os.path.expanduser(root)
        self._transform = transform
        self._data = self._label = None
        os.makedirs(self._root, exist_ok=True)
        self._get_data()

    def __getitem__(self, idx):
        pair = (self._data[idx], self._label[idx])
        return pair if self._transform is None else self._transform(*pair)

    def _get_data(self):
        raise NotImplementedError

    def __len__(self):
        return len(self._label)
