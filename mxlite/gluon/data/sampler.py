"""Samplers (``gluon.data``): which sample indices a DataLoader reads, in what order."""

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "BatchSampler", "FilterSampler",
           "IntervalSampler"]

_LAST_BATCH_MODES = ("keep", "discard", "rollover")


class Sampler:
    """Base class for samplers: subclasses define `__iter__` (yielding sample indices) and
    `__len__`."""

    def __len__(self):
        raise NotImplementedError

    def __iter__(self):
        raise NotImplementedError


class _RangeSampler(Sampler):
    """A sampler over a fixed number `_length` of indices."""

    def __init__(self, length):
        self._length = length

    def __len__(self):
        return self._length


class SequentialSampler(_RangeSampler):
    """Samples elements from [start, start+length) sequentially.

    Parameters
    ----------
    length : int
        Length of the sequence.
    start : int, default is 0
        The start of the sequence index.
    """

    def __init__(self, length, start=0):
        super().__init__(length)
        self._start = start

    def __iter__(self):
        first = self._start
        return iter(range(first, first + self._length))


class RandomSampler(_RangeSampler):
    """Samples elements from [0, length) randomly without replacement: a new permutation
    on every iteration.

    MXNet shuffles with numpy's global generator; mxlite draws from its own generator, so
    ``mx.random.seed`` makes the order reproducible.

    Parameters
    ----------
    length : int
        Length of the sequence.
    """

    def __iter__(self):
        from ...ndarray.random import _rng
        # numpy int64 indices, like MXNet's shuffled np.arange
        order = _rng().permutation(self._length)
        return iter(order)


class FilterSampler(Sampler):
    """Samples the indices of the elements of `dataset` for which `fn` returns True.

    Parameters
    ----------
    fn : callable
        Takes a sample and returns a boolean.
    dataset : Dataset
        The dataset to filter.
    """

    def __init__(self, fn, dataset):
        self._fn, self._dataset = fn, dataset
        # chosen once, at construction
        self._indices = list(filter(lambda i: fn(dataset[i]), range(len(dataset))))

    def __len__(self):
        return len(self._indices)

    def __iter__(self):
        yield from self._indices


class IntervalSampler(_RangeSampler):
    """Samples every `interval`-th index: 0, k, 2k, ..., then (with rollover) 1, k+1, ...,
    until every index was used once.

    Not in MXNet 1.9.1 (it comes from MXNet 2.0's gluon.data); kept as an extension. Unlike
    MXNet 2.0, len() counts the indices actually yielded when rollover is False.

    Parameters
    ----------
    length : int
        Length of the sequence.
    interval : int
        The step between two indices; must be smaller than length.
    rollover : bool, default True
        Whether to start again from 1, 2, ... after each pass.
    """

    def __init__(self, length, interval, rollover=True):
        assert interval < length, f"Interval {interval} must be smaller than length {length}"
        super().__init__(length)
        self._interval = interval
        self._rollover = rollover

    def _offsets(self):
        return range(self._interval) if self._rollover else range(1)

    def __iter__(self):
        for offset in self._offsets():
            yield from range(offset, self._length, self._interval)

    def __len__(self):
        if self._rollover:
            return self._length
        return len(range(0, self._length, self._interval))


class BatchSampler(Sampler):
    """Wraps over another `Sampler` and returns mini-batches (lists) of its indices.

    Parameters
    ----------
    sampler : Sampler
        The source Sampler.
    batch_size : int
        Size of mini-batch.
    last_batch : {'keep', 'discard', 'rollover'}
        How the last batch is handled when batch_size does not divide the length:
        'keep' returns a shorter batch, 'discard' drops it, 'rollover' carries its indices
        over to the start of the next iteration.

    Examples
    --------
    >>> sampler = gluon.data.SequentialSampler(10)
    >>> batch_sampler = gluon.data.BatchSampler(sampler, 3, 'keep')
    >>> list(batch_sampler)
    [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    """

    def __init__(self, sampler, batch_size, last_batch="keep"):
        # validated here rather than at iteration as MXNet does; the message is MXNet's
        if last_batch not in _LAST_BATCH_MODES:
            raise ValueError(f"last_batch must be one of 'keep', 'discard', or 'rollover', "
                             f"but got {last_batch}")
        self._sampler = sampler
        self._batch_size = batch_size
        self._last_batch = last_batch
        self._prev = []  # indices carried over by 'rollover'

    def __len__(self):
        size = self._batch_size
        total = len(self._sampler)
        if self._last_batch == "rollover":
            return (total + len(self._prev)) // size
        if self._last_batch == "discard":
            return total // size
        return -(-total // size)

    def __iter__(self):
        pending = self._prev
        self._prev = []
        for index in self._sampler:
            pending.append(index)
            if len(pending) < self._batch_size:
                continue
            yield pending
            pending = []
        if not pending or self._last_batch == "discard":
            return
        if self._last_batch == "rollover":
            self._prev = pending
        else:
            yield pending
