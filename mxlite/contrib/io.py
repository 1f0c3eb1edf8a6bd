"""mx.contrib.io: DataLoaderIter, a gluon DataLoader seen as an mx.io DataIter."""
from .. import ndarray as nd
from ..io import DataDesc, DataIter

__all__ = ["DataLoaderIter"]


class DataLoaderIter(DataIter):
    """A DataIter over a gluon DataLoader yielding (data, label) batches; a short last batch
    is zero-padded to the batch size (its `pad` says by how much).

    Parameters
    ----------
    loader : mxlite.gluon.data.DataLoader
    data_name, label_name : str
    dtype : str, default 'float32'
    """

    def __init__(self, loader, data_name="data", label_name="softmax_label", dtype="float32"):
        super().__init__()
        self._loader = loader
        first_data, first_label = next(iter(loader))   # the first batch fixes the shapes
        self.batch_size = first_data.shape[0]
        self.dtype = dtype
        self.provide_data = [DataDesc(data_name, first_data.shape, dtype)]
        self.provide_label = [DataDesc(label_name, first_label.shape, dtype)]
        self._current_batch = None
        self.reset()

    def reset(self):
        self._iter = iter(self._loader)

    def iter_next(self):
        self._current_batch = next(self._iter, None)
        return self._current_batch is not None

    def _full_batch(self, part):
        part = part.astype(self.dtype)
        missing = self.getpad()
        if not missing:
            return [part]
        filled = nd.zeros((self.batch_size,) + tuple(part.shape[1:]), dtype=self.dtype)
        filled[:part.shape[0]] = part
        return [filled]

    def getdata(self):
        return self._full_batch(self._current_batch[0])

    def getlabel(self):
        return self._full_batch(self._current_batch[1])

    def getpad(self):
        return self.batch_size - self._current_batch[0].shape[0]

    def getindex(self):
        return None
