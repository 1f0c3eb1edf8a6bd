"""DataLoader (``gluon.data``): batches samples from a Dataset, optionally in parallel worker
processes (``num_workers``) or threads (``thread_pool=True``)."""
import collections
import multiprocessing
import multiprocessing.pool
import signal

import numpy as np

from ... import ndarray as nd
from . import sampler as _sampler

__all__ = ["DataLoader"]


def _collate(samples, leaf):
    """Tuples are collated field by field into a list of batches; `leaf` batches the rest."""
    if isinstance(samples[0], tuple):
        return [_collate(list(field), leaf) for field in zip(*samples)]
    return leaf(samples)


def _nd_leaf(samples):
    if isinstance(samples[0], nd.NDArray):
        return nd.stack(*samples)
    stacked = np.asarray(samples)
    return nd.array(stacked, dtype=stacked.dtype)


def _numpy_leaf(samples):
    if isinstance(samples[0], nd.NDArray):
        return np.stack([s.asnumpy() for s in samples])
    return np.asarray(samples)


def default_batchify_fn(data):
    """Collate data into batch: NDArrays are stacked, tuples are collated element-wise (a
    list of batches), anything else goes through numpy (keeping its dtype)."""
    return _collate(data, _nd_leaf)


def default_mp_batchify_fn(data):
    """Collate data into batch, as default_batchify_fn (MXNet's version writes the batch
    into shared memory for worker processes; mxlite's workers send numpy arrays)."""
    return _collate(data, _nd_leaf)


def _numpy_batchify(data):
    """The batchify of mxlite's worker processes: numpy arrays, cheap to send back, made
    NDArrays in the main process by `_to_nd`."""
    return _collate(data, _numpy_leaf)


def _to_nd(batch):
    if isinstance(batch, list):
        return [_to_nd(part) for part in batch]
    if isinstance(batch, np.ndarray):
        return nd.array(batch, dtype=batch.dtype)
    return batch


def _fetch(dataset, batchify_fn, indices):
    """Reads the samples at `indices` and batches them (in any process or thread)."""
    return batchify_fn([dataset[i] for i in indices])


# What a worker process keeps from its pool's initializer: the dataset and batchify.
_WORKER_STATE = {}


def _init_worker_process(dataset, batchify_fn, seed):
    """Pool initializer. The dataset and batchify function arrive once (through fork, so
    lambdas work); each worker seeds its own random streams, else forks repeat the parent's."""
    _WORKER_STATE.update(dataset=dataset, batchify=batchify_fn)
    # one thread per worker process (BLAS and mxlite's kernels), as PyTorch's workers do:
    # N workers each running a thread per core next to the training process oversubscribe
    # the CPUs, and spinning BLAS threads then slow the whole machine down many times
    from ... import _parallel
    _parallel.set_num_threads(1)
    _parallel.set_blas_threads(1)
    worker_id = list(multiprocessing.current_process()._identity)
    mx_state, np_state = np.random.SeedSequence([seed] + worker_id).generate_state(2)
    from ...ndarray.random import seed as mx_seed
    mx_seed(int(mx_state))
    np.random.seed(int(np_state))


def _fetch_in_worker_process(indices):
    return _fetch(_WORKER_STATE["dataset"], _WORKER_STATE["batchify"], indices)


_TIMEOUT_HINT = ("Worker timed out after {} seconds. This might be caused by \n\n"
                 "            - Slow transform. Please increase timeout to allow slower "
                 "data loading in each worker.\n            ")


class _MultiWorkerIter:
    """Yields the batches computed by a worker pool in order, keeping `prefetch` batches
    requested ahead of the one being consumed."""

    def __init__(self, loader):
        self._loader = loader
        self._batches = iter(loader._batch_sampler)
        self._pending = collections.deque()
        if loader._thread_pool:
            # threads share memory: each task carries the dataset and batchify function
            self._task = lambda idx: (_fetch, (loader._dataset, loader._batchify_fn, idx))
        else:
            self._task = lambda idx: (_fetch_in_worker_process, (idx,))
        self._numpy_out = loader._batchify_fn is _numpy_batchify
        for _ in range(loader._prefetch):
            self._request()

    def _request(self):
        indices = next(self._batches, None)
        if indices is not None:
            func, args = self._task(indices)
            self._pending.append(self._loader._worker_pool.apply_async(func, args))

    def __len__(self):
        return len(self._loader._batch_sampler)

    def __iter__(self):
        return self

    def __next__(self):
        self._request()
        if not self._pending:
            raise StopIteration
        wait = self._loader._timeout
        try:
            batch = self._pending.popleft().get(wait)
        except multiprocessing.TimeoutError:
            print(_TIMEOUT_HINT.format(wait))
            raise
        return _to_nd(batch) if self._numpy_out else batch

    next = __next__


def _make_batch_sampler(dataset, batch_size, shuffle, sampler, last_batch, batch_sampler):
    """The BatchSampler a DataLoader uses, checking that the arguments fit together."""
    if batch_sampler is not None:
        if batch_size is None and not shuffle and sampler is None and last_batch is None:
            return batch_sampler
        raise ValueError("batch_size, shuffle, sampler and last_batch must "
                         "not be specified if batch_sampler is specified.")
    if batch_size is None:
        raise ValueError("batch_size must be specified unless "
                         "batch_sampler is specified")
    if sampler is not None and shuffle:
        raise ValueError("shuffle must not be specified if sampler is specified")
    if sampler is None:
        kind = _sampler.RandomSampler if shuffle else _sampler.SequentialSampler
        sampler = kind(len(dataset))
    return _sampler.BatchSampler(sampler, batch_size, last_batch or "keep")


def _process_pool(num_workers, dataset, batchify_fn):
    """A pool of `num_workers` processes (forked where possible) ready to read `dataset`."""
    from ...ndarray.random import _rng
    seed = int(_rng().integers(0, 2 ** 31))
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    # workers inherit SIG_IGN for Ctrl-C: the main process handles it and terminates them
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return multiprocessing.get_context(method).Pool(
            num_workers, initializer=_init_worker_process,
            initargs=(dataset, batchify_fn, seed))
    finally:
        signal.signal(signal.SIGINT, previous)


class DataLoader:
    """Loads data from a dataset and returns mini-batches of data.

    Parameters
    ----------
    dataset : Dataset
        Source dataset. Note that numpy and mxnet arrays can be directly used as a Dataset.
    batch_size : int
        Size of mini-batch.
    shuffle : bool
        Whether to shuffle the samples.
    sampler : Sampler
        The sampler to use. Either specify sampler or shuffle, not both.
    last_batch : {'keep', 'discard', 'rollover'}
        How to handle the last batch if batch_size does not evenly divide `len(dataset)`:
        keep - a batch with less samples than previous batches is returned;
        discard - the last batch is discarded if it is incomplete;
        rollover - the remaining samples are rolled over to the next epoch.
    batch_sampler : Sampler
        A sampler that returns mini-batches. Do not specify batch_size, shuffle, sampler,
        and last_batch if batch_sampler is specified.
    batchify_fn : callable
        Merges a list of samples into a batch. Defaults to `default_batchify_fn`.
    num_workers : int, default 0
        The number of worker processes (threads with `thread_pool`) for data loading.
    pin_memory : boolean, default False
        Accepted; the batches stay on the CPU (no pinned memory in mxlite).
    pin_device_id : int, default 0
        Accepted, as pin_memory.
    prefetch : int, default is `num_workers * 2`
        The number of batches requested ahead from the workers (when num_workers > 0).
    thread_pool : bool, default False
        If True, use a pool of threads instead of processes.
    timeout : int, default is 120
        Seconds to wait for a worker's batch.
    auto_reload : bool, default False
        Whether to start prefetching the next epoch's batches as soon as an epoch ends
        (and right away, at construction).
    """

    def __init__(self, dataset, batch_size=None, shuffle=False, sampler=None, last_batch=None,
                 batch_sampler=None, batchify_fn=None, num_workers=0, pin_memory=False,
                 pin_device_id=0, prefetch=None, thread_pool=False, timeout=120,
                 auto_reload=False):
        assert timeout > 0, "timeout must be positive, given {}".format(timeout)
        self._dataset = dataset
        self._pin_memory, self._pin_device_id = pin_memory, pin_device_id
        self._thread_pool, self._timeout = thread_pool, timeout
        self._batch_sampler = _make_batch_sampler(dataset, batch_size, shuffle, sampler,
                                                  last_batch, batch_sampler)
        workers = max(num_workers, 0)
        self._num_workers = workers
        self._prefetch = max(0, 2 * workers if prefetch is None else int(prefetch))
        use_processes = workers > 0 and not thread_pool
        if batchify_fn is not None:
            self._batchify_fn = batchify_fn
        else:
            self._batchify_fn = _numpy_batchify if use_processes else default_batchify_fn
        self._worker_pool = None
        if use_processes:
            self._worker_pool = _process_pool(workers, dataset, self._batchify_fn)
        elif workers > 0:
            self._worker_pool = multiprocessing.pool.ThreadPool(workers)
        self.auto_reload = auto_reload
        self._iter = None
        if auto_reload:
            self.refresh()

    def _same_process_batches(self):
        for indices in self._batch_sampler:
            yield _fetch(self._dataset, self._batchify_fn, indices)

    def _prefetch_iter(self):
        if self._num_workers > 0:
            return _MultiWorkerIter(self)
        return self._same_process_batches()

    def __iter__(self):
        # each prefetched iterator serves one epoch
        current = self._iter if self._iter is not None else self._prefetch_iter()
        self._iter = None
        yield from current
        if self.auto_reload and self._iter is None:
            self.refresh()

    def refresh(self):
        """Refresh its iter, fetch data again from its dataset."""
        self._iter = self._prefetch_iter()

    def clean(self):
        """Remove its prefetched iter; prefetching starts again when __iter__ is called."""
        self._iter = None

    def __len__(self):
        return len(self._batch_sampler)

    def __del__(self):
        pool = getattr(self, "_worker_pool", None)
        self._worker_pool = None
        if pool is not None:
            # a pool is not terminated when collected (bpo-34172): do it here
            pool.terminate()
