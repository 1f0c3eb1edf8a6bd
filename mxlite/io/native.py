"""The iterators MXNet implements in C++ (src/io): CSVIter and MNISTIter in numpy; the
RecordIO image iterators and LibSVMIter raise MXNetError (mxlite has no image decoder
pipeline and no sparse storage)."""
import gzip
import os
import struct

import numpy as np

from ..base import MXNetError, as_dtype
from ..ndarray.creation import array
from .io import DataBatch, DataDesc, DataIter

__all__ = ["MXDataIter", "CSVIter", "MNISTIter", "LibSVMIter", "ImageRecordIter",
           "ImageRecordIter_v1", "ImageRecordUInt8Iter", "ImageRecordUInt8Iter_v1",
           "ImageRecordInt8Iter", "ImageDetRecordIter"]


class MXDataIter(DataIter):
    """MXNet's wrapper of a C++ data iterator handle. mxlite has no C++ iterators: its
    CSVIter and MNISTIter are subclasses implemented in Python, and creating one from a
    handle raises MXNetError."""

    def __init__(self, handle=None, data_name="data", label_name="softmax_label", **_):
        if type(self) is MXDataIter:
            raise MXNetError("MXDataIter wraps a C++ data iterator handle, which mxlite does "
                             "not have; use NDArrayIter, CSVIter, MNISTIter or gluon.data")
        super().__init__()
        self.handle = handle
        self.data_name, self.label_name = data_name, label_name

    def debug_skip_load(self):
        """Not supported: mxlite always loads the data."""


class _InMemoryIter(MXDataIter):
    """Batches of in-memory numpy arrays with the C++ BatchLoader's rules: with
    `round_batch` the last batch wraps around to the start (its `pad` counts the wrapped
    examples) and the next epoch continues after them; without it the last batch's padded
    slots keep the previous batch's examples."""

    def __init__(self, data, label, batch_size, round_batch, dtype, label_shape,
                 data_name="data", label_name="softmax_label", discard_last=False):
        super().__init__(None, data_name, label_name)
        self._x, self._y = data, label
        self.batch_size = int(batch_size)
        self._round, self._discard = bool(round_batch), discard_last
        self._dtype = dtype
        n = data.shape[0]
        if n == 0:
            raise MXNetError("the data file holds no examples")
        lshape = (self.batch_size,) if int(np.prod(label_shape)) == 1 else \
            (self.batch_size,) + tuple(label_shape)
        self.provide_data = [DataDesc(data_name, (self.batch_size,) + data.shape[1:],
                                      dtype.type)]
        self.provide_label = [DataDesc(label_name, lshape, dtype.type)]
        self._bx = np.zeros((self.batch_size,) + data.shape[1:], dtype)
        self._by = np.zeros(lshape, dtype)
        self._bi = np.zeros(self.batch_size, np.uint64)
        self._pos, self._overflow, self._batch = 0, 0, None

    def reset(self):
        # after a wrapped batch the reader already stands at the right place
        if not self._round or self._overflow == 0:
            self._pos = 0
        self._overflow = 0

    def _fill(self, k, i):
        self._bx[k] = self._x[i]
        self._by[k] = self._y[i].reshape(self._by.shape[1:])
        self._bi[k] = i

    def iter_next(self):
        n, bs = self._x.shape[0], self.batch_size
        if self._overflow or self._pos >= n:
            return False
        if self._discard and self._pos + bs > n:
            return False
        top = min(bs, n - self._pos)
        for k in range(top):
            self._fill(k, self._pos + k)
        self._pos += top
        pad = bs - top
        if pad and self._round:
            if pad > n:
                raise MXNetError("number of input must be bigger than batch size")
            for k in range(pad):
                self._fill(top + k, k)
            self._pos, self._overflow = pad, pad
        self._batch = DataBatch([array(self._bx, dtype=self._dtype)],
                                [array(self._by, dtype=self._dtype)], pad=pad,
                                index=self._bi.copy())
        return True

    def next(self):
        if self.iter_next():
            return self._batch
        raise StopIteration

    def getdata(self):
        return self._batch.data[0]

    def getlabel(self):
        return self._batch.label[0]

    def getindex(self):
        return self._batch.index

    def getpad(self):
        return self._batch.pad


def _read_csv(path, shape, what):
    if not os.path.isfile(path):
        raise MXNetError("Cannot find any files that matches the URI pattern %s" % path)
    rows = []
    size = int(np.prod(shape))
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            vals = [float(v) if v.strip() else 0.0 for v in line.split(",")]
            if len(vals) != size:
                raise MXNetError(
                    "Check failed: row.length == shape.Size() (%d vs. %d) : The %s size in CSV "
                    "do not match size of shape: specified shape=[%s], the csv row-length=%d"
                    % (len(vals), size, what, ",".join(str(s) for s in shape), len(vals)))
            rows.append(vals)
    return np.array(rows, dtype=np.float64).reshape((len(rows),) + tuple(shape))


class CSVIter(_InMemoryIter):
    """Iterates over CSV files (one example per row), as MXNet's CSVIter.

    Parameters
    ----------
    data_csv : str
        The CSV file of the data.
    data_shape : tuple of int
        The shape of one example (its size is the number of values per row).
    label_csv : str, optional
        The CSV file of the labels; 'NULL' (default) gives zero labels.
    label_shape : tuple of int, optional, default (1,)
    batch_size : int
    round_batch : bool, optional, default True
        Whether the last batch wraps around to the start (and the next epoch continues
        after the wrapped examples).
    dtype : {None, 'float32', 'int32', 'int64'}, optional
        The output data type (None means float32).
    data_name, label_name : str, optional
    """

    def __init__(self, data_csv=None, data_shape=None, label_csv="NULL", label_shape=(1,),
                 batch_size=None, round_batch=True, prefetch_buffer=4, ctx="gpu", dtype=None,
                 data_name="data", label_name="softmax_label", **kwargs):
        if data_csv is None or data_shape is None or batch_size is None:
            raise MXNetError("CSVIter: data_csv, data_shape and batch_size are required")
        data_shape = tuple(int(s) for s in np.atleast_1d(data_shape))
        label_shape = tuple(int(s) for s in np.atleast_1d(label_shape))
        x = _read_csv(data_csv, data_shape, "data")
        if label_csv is None or label_csv == "NULL":
            y = np.zeros((x.shape[0],) + label_shape)
        else:
            y = _read_csv(label_csv, label_shape, "label")
        dt = as_dtype(dtype if dtype not in (None, "None") else "float32")
        if dt not in (np.dtype(np.float32), np.dtype(np.int32), np.dtype(np.int64)):
            raise MXNetError("CSVIter: dtype must be float32, int32 or int64, got %s" % dtype)
        super().__init__(x, y, batch_size, round_batch, dt, label_shape, data_name, label_name)


def _read_idx(path, magic):
    if not os.path.isfile(path):
        raise MXNetError("MNISTIter: cannot open file %s" % path)
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":  # gzip: MXNet reads only raw idx files, mxlite both
        raw = gzip.decompress(raw)
    if len(raw) < 8 or struct.unpack(">I", raw[:4])[0] != magic:
        raise MXNetError("MNISTIter: %s is not an MNIST idx file (magic number %d expected)"
                         % (path, magic))
    n = struct.unpack(">I", raw[4:8])[0]
    if magic == 2051:
        rows, cols = struct.unpack(">II", raw[8:16])
        return np.frombuffer(raw, np.uint8, n * rows * cols, 16).reshape(n, rows, cols)
    return np.frombuffer(raw, np.uint8, n, 8)


def _std_shuffle(n, seed):
    """The permutation ``std::shuffle(0..n-1, std::mt19937(seed))`` gives with libstdc++ as
    MXNet's wheels use it (uniform_int_distribution by rejection and downscaling), so
    shuffled MNISTIter batches equal MXNet's. numpy's legacy seeding of an int is
    mt19937's init_genrand."""
    rs = np.random.RandomState(int(seed) & 0xffffffff)
    buf, k = rs.randint(0, 2 ** 32, size=n + 64, dtype=np.uint32).tolist(), 0
    perm = list(range(n))
    for i in range(1, n):
        scaling = 0xffffffff // (i + 1)
        past = (i + 1) * scaling
        while True:
            if k == len(buf):
                buf, k = rs.randint(0, 2 ** 32, size=1024, dtype=np.uint32).tolist(), 0
            r = buf[k]
            k += 1
            if r < past:
                break
        j = r // scaling
        perm[i], perm[j] = perm[j], perm[i]
    return np.array(perm, dtype=np.int64)


class MNISTIter(_InMemoryIter):
    """Iterates over MNIST idx files (raw or gzipped), as MXNet's MNISTIter: images scaled
    by 1/256 to float32, shape (batch, 1, rows, cols) or (batch, rows*cols) when `flat`;
    labels of shape (batch,); the last incomplete batch is dropped.

    Parameters
    ----------
    image : str, default './train-images-idx3-ubyte'
    label : str, default './train-labels-idx1-ubyte'
    batch_size : int, default 128
    shuffle : bool, default True
        Shuffles once at creation, with seed `seed`, in the same order as MXNet.
    flat : bool, default False
    seed : int, default 0
    num_parts, part_index : int
        Read only part `part_index` of `num_parts` equal parts.
    """

    def __init__(self, image="./train-images-idx3-ubyte", label="./train-labels-idx1-ubyte",
                 batch_size=128, shuffle=True, flat=False, seed=0, silent=False, num_parts=1,
                 part_index=0, prefetch_buffer=4, ctx="gpu", dtype=None, data_name="data",
                 label_name="softmax_label", **kwargs):
        img = _read_idx(image, 2051)
        lab = _read_idx(label, 2049)
        if img.shape[0] != lab.shape[0]:
            raise MXNetError("MNISTIter: %d images but %d labels" % (img.shape[0], lab.shape[0]))
        n = img.shape[0]
        lo, hi = n * part_index // num_parts, n * (part_index + 1) // num_parts
        x = img[lo:hi].astype(np.float32) * np.float32(1.0 / 256)
        y = lab[lo:hi].astype(np.float32)
        x = x.reshape(x.shape[0], -1) if flat else x[:, None]
        if shuffle:
            perm = _std_shuffle(x.shape[0], seed)
            x, y = x[perm], y[perm]
        super().__init__(x, y, batch_size, False, np.dtype(np.float32), (1,), data_name,
                         label_name, discard_last=True)


def _unsupported_iter(name, why):
    def creator(*args, **kwargs):
        raise MXNetError("mx.io.%s is not supported by mxlite: %s" % (name, why))
    creator.__name__ = name
    creator.__doc__ = "Not supported by mxlite (%s); raises MXNetError." % why
    return creator


_REC = ("RecordIO image iterators need MXNet's C++ decoding pipeline; use "
        "gluon.data.vision.ImageRecordDataset with a DataLoader (needs Pillow), or mx.image")
LibSVMIter = _unsupported_iter("LibSVMIter", "it yields sparse CSR arrays, and mxlite has no "
                                             "sparse storage")
ImageRecordIter = _unsupported_iter("ImageRecordIter", _REC)
ImageRecordIter_v1 = _unsupported_iter("ImageRecordIter_v1", _REC)
ImageRecordUInt8Iter = _unsupported_iter("ImageRecordUInt8Iter", _REC)
ImageRecordUInt8Iter_v1 = _unsupported_iter("ImageRecordUInt8Iter_v1", _REC)
ImageRecordInt8Iter = _unsupported_iter("ImageRecordInt8Iter", _REC)
ImageDetRecordIter = _unsupported_iter("ImageDetRecordIter", _REC)
