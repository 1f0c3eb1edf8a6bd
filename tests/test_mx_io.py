"""mx.io (NDArrayIter, CSVIter, MNISTIter, ResizeIter, PrefetchingIter, DataDesc, DataBatch)
against MXNet 1.9.1's behaviour recorded by tools/record_io_image.py."""
import gzip
import importlib.util
import json
import os

import numpy as np
import pytest

import mxlite as mx
from mxlite.base import MXNetError

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location(
    "record_io_image", os.path.join(_ROOT, "tools", "record_io_image.py"))
rec = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rec)
with open(os.path.join(_ROOT, "tests", "fixtures", "io_image.json")) as _f:
    FIX = json.load(_f)


def assert_same(want, got, atol=1e-4, path=""):
    """Recursive comparison of JSON-like data; numbers within `atol` (relative above 1)."""
    if isinstance(want, dict):
        assert isinstance(got, dict) and sorted(want) == sorted(got), path
        for k in want:
            assert_same(want[k], got[k], atol, f"{path}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(want) == len(got), f"{path}: {want} != {got}"
        for i, (w, g) in enumerate(zip(want, got)):
            assert_same(w, g, atol, f"{path}[{i}]")
    elif isinstance(want, float) and not isinstance(got, (bool, str)) and got is not None:
        assert abs(want - got) <= atol * max(1.0, abs(want)), f"{path}: {want} != {got}"
    else:
        assert want == got, f"{path}: {want!r} != {got!r}"


def run_case(name, tmp_path, atol=1e-4):
    got = json.loads(json.dumps(getattr(rec, name)(mx, str(tmp_path))))
    assert_same(FIX[name], got, atol, name)


@pytest.mark.parametrize("name", ["io_ndarrayiter", "io_misc", "io_csv", "io_mnist"])
def test_io_against_mxnet(name, tmp_path):
    run_case(name, tmp_path)


def test_ndarrayiter_roll_over_and_hard_reset():
    it = mx.io.NDArrayIter(np.arange(5, dtype=np.float32), batch_size=2,
                           last_batch_handle="roll_over")
    assert [b.data[0].asnumpy().tolist() for b in it] == [[0, 1], [2, 3]]
    it.hard_reset()  # drops the rolled-over example
    assert [b.data[0].asnumpy().tolist() for b in it] == [[0, 1], [2, 3]]
    it.reset()
    first = it.next()
    assert first.data[0].asnumpy().tolist() == [4, 0] and first.pad == 1


def test_ndarrayiter_shuffle_keeps_dtype_and_pairs():
    # MXNet turns shuffled int arrays into float32; mxlite keeps the dtype
    np.random.seed(0)
    x = mx.nd.arange(6, dtype="int32")
    it = mx.io.NDArrayIter(x, x * 10, batch_size=3, shuffle=True)
    batches = list(it)
    assert all(b.data[0].dtype == np.int32 for b in batches)
    got = np.concatenate([b.data[0].asnumpy() for b in batches])
    lab = np.concatenate([b.label[0].asnumpy() for b in batches])
    assert sorted(got.tolist()) == list(range(6)) and (lab == got * 10).all()


def test_ndarrayiter_bad_input():
    with pytest.raises(TypeError):
        mx.io.NDArrayIter("not an array")


def test_databatch_and_base_iter():
    class Three(mx.io.DataIter):
        def __init__(self):
            super().__init__(batch_size=1)
            self.i = 0

        def iter_next(self):
            self.i += 1
            return self.i <= 3

        def getdata(self):
            return [mx.nd.array([self.i])]

        def getlabel(self):
            return []

        def getpad(self):
            return 0

        def reset(self):
            self.i = 0
    it = Three()
    assert [b.data[0].asscalar() for b in it] == [1, 2, 3]
    it.reset()
    b = next(iter(it))
    assert b.pad == 0 and b.index is None
    with pytest.raises(AssertionError):
        mx.io.DataBatch(mx.nd.ones(2))


def test_mnist_gzip_shuffle_and_parts(tmp_path):
    rec.write_mnist(str(tmp_path), n=8)
    img, lab = str(tmp_path / "img"), str(tmp_path / "lab")
    with open(img, "rb") as f, gzip.open(img + ".gz", "wb") as g:
        g.write(f.read())
    it = mx.io.MNISTIter(image=img + ".gz", label=lab, batch_size=4, shuffle=False)
    assert it.next().label[0].asnumpy().tolist() == [0, 1, 2, 3]
    it = mx.io.MNISTIter(image=img, label=lab, batch_size=8, shuffle=True, seed=3)
    labels = it.next().label[0].asnumpy()
    assert sorted(labels.tolist()) == list(range(8)) and labels.tolist() != list(range(8))
    it = mx.io.MNISTIter(image=img, label=lab, batch_size=2, shuffle=False, num_parts=2,
                         part_index=1)
    assert [b.label[0].asnumpy().tolist() for b in it] == [[4, 5], [6, 7]]
    with pytest.raises(MXNetError, match="idx"):
        mx.io.MNISTIter(image=lab, label=lab, batch_size=2)


def test_csv_round_batch_smaller_than_batch(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("1,2\n3,4\n")
    it = mx.io.CSVIter(data_csv=str(p), data_shape=(2,), batch_size=3)
    b = it.next()
    assert b.data[0].asnumpy().tolist() == [[1, 2], [3, 4], [1, 2]] and b.pad == 1
    with pytest.raises(MXNetError, match="bigger than batch size"):
        mx.io.CSVIter(data_csv=str(p), data_shape=(2,), batch_size=5).next()
    with pytest.raises(MXNetError, match="row-length"):
        mx.io.CSVIter(data_csv=str(p), data_shape=(3,), batch_size=1)


@pytest.mark.parametrize("name", ["LibSVMIter", "ImageRecordIter", "ImageRecordUInt8Iter",
                                  "ImageDetRecordIter"])
def test_unsupported_iterators_raise(name):
    with pytest.raises(MXNetError, match="not supported by mxlite"):
        getattr(mx.io, name)(path_imgrec="x.rec", data_shape=(3, 2, 2), batch_size=1)


def test_mxdataiter_needs_handle():
    with pytest.raises(MXNetError, match="C\\+\\+ data iterator"):
        mx.io.MXDataIter(None)
    assert issubclass(mx.io.CSVIter, mx.io.MXDataIter)


def test_contrib_dataloaderiter():
    ds = mx.gluon.data.ArrayDataset(np.arange(10, dtype=np.float32).reshape(5, 2),
                                    np.arange(5, dtype=np.float32))
    it = mx.contrib.io.DataLoaderIter(mx.gluon.data.DataLoader(ds, batch_size=2))
    assert it.provide_data[0].shape == (2, 2) and it.batch_size == 2
    batches = list(it)
    assert [b.pad for b in batches] == [0, 0, 1]
    assert batches[-1].data[0].shape == (2, 2)
    assert batches[-1].data[0].asnumpy()[0].tolist() == [8, 9]
    it.reset()
    assert len(list(it)) == 3
