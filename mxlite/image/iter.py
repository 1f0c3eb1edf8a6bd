"""mx.image.ImageIter (MXNet 1.9.1): batches of augmented images from an image list (files
under `path_root`, or, as an mxlite extension, in-memory HWC arrays) or from an indexed
RecordIO file. Decoding files needs Pillow."""
import logging
import os
import random

import numpy as np

from ..base import MXNetError, numeric_types
from .. import ndarray as nd
from ..ndarray import NDArray
from ..io import DataBatch, DataIter
from .image import imdecode
from .augment import CreateAugmenter

__all__ = ["ImageIter", "ImageDetIter", "CreateDetAugmenter"]


def _detection_unsupported(name):
    def f(*args, **kwargs):
        raise MXNetError("mx.image.%s (object detection iterators and augmenters) is not "
                         "implemented by mxlite; use gluon.data with nd.contrib.MultiBox* ops"
                         % name)
    f.__name__ = f.__qualname__ = name
    f.__doc__ = "Not implemented by mxlite; raises MXNetError."
    return f


ImageDetIter = _detection_unsupported("ImageDetIter")
CreateDetAugmenter = _detection_unsupported("CreateDetAugmenter")


def _scan_records(path):
    """An IndexedRecordReader over RecordIO file `path` without an .idx file (records
    numbered 0, 1, ... in file order)."""
    import struct
    from ..gluon.data._recordio import _MAGIC, IndexedRecordReader
    if not os.path.exists(path):
        raise MXNetError("RecordIO file %s does not exist" % path)
    reader = IndexedRecordReader.__new__(IndexedRecordReader)
    reader.idx_path, reader.uri, reader.idx, reader.keys = None, path, {}, []
    reader._f = reader._pid = None
    with open(path, "rb") as f:
        pos = 0
        while True:
            head = f.read(8)
            if len(head) < 8:
                break
            magic, lrec = struct.unpack("<II", head)
            if magic != _MAGIC:
                raise MXNetError("%s: invalid RecordIO magic number at offset %d" % (path, pos))
            cflag, length = lrec >> 29, lrec & ((1 << 29) - 1)
            if cflag in (0, 1):  # a whole record or the first part of a split one
                reader.idx[len(reader.keys)] = pos
                reader.keys.append(len(reader.keys))
            skip = length + (4 - length % 4) % 4
            f.seek(skip, 1)
            pos += 8 + skip
    return reader


class ImageIter(DataIter):
    """Image data iterator with a large number of augmentation choices.

    Parameters
    ----------
    batch_size : int
    data_shape : tuple of int, (3, H, W)
    label_width : int, default 1
    path_imgrec : str, optional
        RecordIO file of packed images.
    path_imglist : str, optional
        Image list file: ``index<TAB>label(s)<TAB>path`` per line.
    path_root : str, optional
        Folder of the image files.
    path_imgidx : str, optional
        Index file of `path_imgrec`.
    shuffle : bool, default False
    part_index, num_parts : int
    aug_list : list of Augmenter, optional (default: CreateAugmenter(data_shape, **kwargs))
    imglist : list, optional
        ``[label, path]`` entries (label a number or a list); in mxlite the path may also be
        a decoded HWC image (NDArray or numpy array).
    data_name, label_name : str
    dtype : str, default 'float32'
        Label dtype.
    last_batch_handle : {'pad', 'discard', 'roll_over'}
    """

    def __init__(self, batch_size, data_shape, label_width=1, path_imgrec=None,
                 path_imglist=None, path_root=None, path_imgidx=None, shuffle=False,
                 part_index=0, num_parts=1, aug_list=None, imglist=None, data_name="data",
                 label_name="softmax_label", dtype="float32", last_batch_handle="pad", **kwargs):
        super().__init__()
        assert path_imgrec or path_imglist or isinstance(imglist, list)
        assert dtype in ["int32", "float32", "int64", "float64"], dtype + " label not supported"
        self.imgrec = None
        imgkeys = None
        if path_imgrec:
            from ..gluon.data._recordio import IndexedRecordReader
            if path_imgidx:
                self.imgrec = IndexedRecordReader(path_imgidx, path_imgrec)
            else:  # no index file: index the records by scanning the file once
                self.imgrec = _scan_records(path_imgrec)
            self.imgidx = list(self.imgrec.keys)
        if path_imglist:
            with open(path_imglist) as fin:
                imglist, imgkeys = {}, []
                for line in iter(fin.readline, ""):
                    line = line.strip().split("\t")
                    label = nd.array(line[1:-1], dtype=dtype)
                    key = int(line[0])
                    imglist[key] = (label, line[-1])
                    imgkeys.append(key)
                self.imglist = imglist
        elif isinstance(imglist, list):
            result, imgkeys = {}, []
            for index, img in enumerate(imglist, 1):
                key = str(index)
                if len(img) > 2:
                    label = nd.array(img[:-1], dtype=dtype)
                elif isinstance(img[0], numeric_types):
                    label = nd.array([img[0]], dtype=dtype)
                else:
                    label = nd.array(img[0], dtype=dtype)
                result[key] = (label, img[-1])
                imgkeys.append(key)
            self.imglist = result
        else:
            self.imglist = None
        self.path_root = path_root
        self.check_data_shape(data_shape)
        self.provide_data = [(data_name, (batch_size,) + tuple(data_shape))]
        self.provide_label = [(label_name, (batch_size, label_width) if label_width > 1
                               else (batch_size,))]
        self.batch_size, self.data_shape = batch_size, tuple(data_shape)
        self.label_width, self.shuffle = label_width, shuffle
        self.seq = imgkeys if self.imgrec is None else self.imgidx
        if num_parts > 1:
            assert part_index < num_parts
            C = len(self.seq) // num_parts
            self.seq = self.seq[part_index * C:(part_index + 1) * C]
        self.auglist = CreateAugmenter(data_shape, **kwargs) if aug_list is None else aug_list
        self.cur = 0
        self._allow_read = True
        self.last_batch_handle = last_batch_handle
        self.num_image = len(self.seq)
        self._cache_data = self._cache_label = self._cache_idx = None
        self.reset()

    def reset(self):
        """Resets to the start (keeping roll-over data)."""
        if self.shuffle:
            random.shuffle(self.seq)
        if self.last_batch_handle != "roll_over" or self._cache_data is None:
            self.cur = 0
            self._allow_read = True

    def hard_reset(self):
        """Resets to the start, dropping roll-over data."""
        if self.shuffle:
            random.shuffle(self.seq)
        self.cur = 0
        self._allow_read = True
        self._cache_data = self._cache_label = self._cache_idx = None

    def next_sample(self):
        """(label, encoded image or array) of the next example."""
        if self._allow_read is False:
            raise StopIteration
        if self.cur >= self.num_image:
            if self.last_batch_handle != "discard":
                self.cur = 0
            raise StopIteration
        idx = self.seq[self.cur]
        self.cur += 1
        if self.imgrec is not None:
            from ..gluon.data._recordio import unpack
            header, img = unpack(self.imgrec.read_idx(idx))
            label = header.label if self.imglist is None else self.imglist[idx][0]
            return label, img
        label, fname = self.imglist[idx]
        if isinstance(fname, (NDArray, np.ndarray)):
            return label, fname
        return label, self.read_image(fname)

    def _batchify(self, batch_data, batch_label, start=0):
        i = start
        try:
            while i < self.batch_size:
                label, s = self.next_sample()
                data = self.imdecode(s)
                try:
                    self.check_valid_image(data)
                except RuntimeError as e:
                    logging.debug("Invalid image, skipping:  %s", str(e))
                    continue
                data = self.augmentation_transform(data)
                batch_data[i] = self.postprocess_data(data)
                batch_label[i] = label
                i += 1
        except StopIteration:
            if not i:
                raise
        return i

    def next(self):
        """The next DataBatch."""
        c, h, w = self.data_shape
        if self._cache_data is not None:
            batch_data, batch_label, i = self._cache_data, self._cache_label, self._cache_idx
        else:
            batch_data = nd.zeros((self.batch_size, c, h, w))
            batch_label = nd.zeros(self.provide_label[0][1])
            i = self._batchify(batch_data, batch_label)
        pad = self.batch_size - i
        if pad != 0:
            if self.last_batch_handle == "discard":
                raise StopIteration
            if self.last_batch_handle == "roll_over" and self._cache_data is None:
                self._cache_data, self._cache_label, self._cache_idx = \
                    batch_data, batch_label, i
                raise StopIteration
            self._batchify(batch_data, batch_label, i)
            if self.last_batch_handle == "pad":
                self._allow_read = False
            else:
                self._cache_data = self._cache_label = self._cache_idx = None
        return DataBatch([batch_data], [batch_label], pad=pad)

    def check_data_shape(self, data_shape):
        """Checks that data_shape is (3, H, W)."""
        if not len(data_shape) == 3:
            raise ValueError("data_shape should have length 3, with dimensions CxHxW")
        if not data_shape[0] == 3:
            raise ValueError("This iterator expects inputs to have 3 channels.")

    def check_valid_image(self, data):
        """Raises RuntimeError for an empty image."""
        if len(data[0].shape) == 0:
            raise RuntimeError("Data shape is wrong")

    def imdecode(self, s):
        """Decodes an encoded image (in-memory arrays pass through as uint8 NDArrays)."""
        if isinstance(s, NDArray):
            return s
        if isinstance(s, np.ndarray) and s.ndim == 3:
            return nd.array(s, dtype=s.dtype)
        try:
            return imdecode(s)
        except Exception as e:
            raise RuntimeError("Broken image at position %d, %s" % (self.cur - 1, e)) from None

    def read_image(self, fname):
        """The bytes of image file `fname` under path_root."""
        with open(os.path.join(self.path_root or "", fname), "rb") as fin:
            return fin.read()

    def augmentation_transform(self, data):
        """Applies the augmenters in order."""
        for aug in self.auglist:
            data = aug(data)
        return data

    def postprocess_data(self, datum):
        """HWC -> CHW."""
        return nd.transpose(datum, axes=(2, 0, 1))
