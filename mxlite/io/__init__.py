"""mx.io: data iterators (MXNet 1.9.1's mxnet.io)."""
from . import io, utils, native
from .io import DataDesc, DataBatch, DataIter, ResizeIter, PrefetchingIter, NDArrayIter
from .native import (MXDataIter, CSVIter, MNISTIter, LibSVMIter, ImageRecordIter,
                     ImageRecordIter_v1, ImageRecordUInt8Iter, ImageRecordUInt8Iter_v1,
                     ImageRecordInt8Iter, ImageDetRecordIter)
from .utils import _init_data, _getdata_by_idx, _has_instance

__all__ = io.__all__ + native.__all__
