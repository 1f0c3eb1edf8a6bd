"""nd.save / nd.load / pickle in MXNet's binary format, against files written by MXNet."""
import copy
import json
import os
import pickle
import struct

import numpy as np
import pytest

from mxlite import nd
from mxlite.base import MXNetError

FIX = os.path.join(os.path.dirname(__file__), "fixtures")
META = json.load(open(os.path.join(FIX, "io.json")))


def _expected_list():
    return [np.array([1, 2], np.float32), np.arange(6, dtype=np.float64).reshape(2, 3),
            np.array([1, 2, 3], np.int32), np.array([[1, 0]], np.uint8),
            np.array([-1, 5], np.int8), np.array([7, 8], np.int64),
            np.array([0.5, 2], np.float16)]


def test_load_list_written_by_mxnet():
    got = nd.load(os.path.join(FIX, "mxnet_list.nd"))
    assert isinstance(got, list)
    for a, e in zip(got, _expected_list()):
        assert a.dtype == e.dtype.type and a.shape == e.shape
        np.testing.assert_array_equal(a.asnumpy(), e)


def test_load_dict_written_by_mxnet():
    got = nd.load(os.path.join(FIX, "mxnet_dict.params"))
    assert sorted(got) == ["dense0_bias", "dense0_weight"]
    np.testing.assert_allclose(got["dense0_weight"].asnumpy(),
                               (np.arange(12).reshape(3, 4) / 7.0).astype(np.float32))


def test_save_is_byte_identical_to_mxnet(tmp_path):
    nd.save(tmp_path / "one.nd", [nd.array([1, 2])])
    assert (tmp_path / "one.nd").read_bytes().hex() == META["save_one_hex"]
    nd.save(tmp_path / "d.nd", {"a": nd.array([1, 2])})
    assert (tmp_path / "d.nd").read_bytes().hex() == META["save_dict_hex"]
    nd.save(tmp_path / "list.nd", [nd.array(e, dtype=e.dtype) for e in _expected_list()])
    assert (tmp_path / "list.nd").read_bytes() == open(os.path.join(FIX, "mxnet_list.nd"), "rb").read()


def test_save_single_array_and_round_trip(tmp_path):
    nd.save(tmp_path / "x", nd.array([[1, 2], [3, 4]], dtype="int64"))
    (x,) = nd.load(tmp_path / "x")
    assert x.dtype == np.int64 and x.asnumpy().tolist() == [[1, 2], [3, 4]]


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path):
    nd.save(tmp_path / "a.nd", [nd.ones(3)])
    with pytest.raises(ValueError):
        nd.save(tmp_path / "a.nd", [nd.ones(3), "not an array"])
    assert os.listdir(tmp_path) == ["a.nd"]
    assert nd.load(tmp_path / "a.nd")[0].shape == (3,)


def test_bad_data_types():
    with pytest.raises(ValueError):
        nd.save("/tmp/never", {1: nd.ones(2)})
    with pytest.raises(ValueError):
        nd.save("/tmp/never", 5)


def test_truncated_and_garbage_buffers_raise_mxnet_error():
    blob = bytes.fromhex(META["save_one_hex"])
    for cut in (0, 10, 30, len(blob) - 5):
        with pytest.raises(MXNetError):
            nd.load_frombuffer(blob[:cut])
    with pytest.raises(MXNetError, match="magic"):
        nd.load_frombuffer(b"\x00" * 40)


def test_legacy_v0_records_load():
    # legacy layout: u32 ndim, ndim x u32 dims, ctx (i32, i32), i32 type flag, data
    rec = struct.pack("<II", 1, 4) + struct.pack("<iii", 1, 0, 0) + np.arange(4, dtype=np.float32).tobytes()
    blob = struct.pack("<QQQ", 0x112, 0, 1) + rec + struct.pack("<Q", 0)
    (a,) = nd.load_frombuffer(blob)
    np.testing.assert_array_equal(a.asnumpy(), [0, 1, 2, 3])


def test_gpu_records_load_on_cpu():
    rec = struct.pack("<Iii", 0xF993FAC9, 0, 1) + struct.pack("<q", 2) + struct.pack("<iii", 2, 0, 0)
    rec += np.array([1, 2], np.float32).tobytes()
    blob = struct.pack("<QQQ", 0x112, 0, 1) + rec + struct.pack("<Q", 0)
    (a,) = nd.load_frombuffer(blob)
    assert str(a.context) == "cpu(0)"


def test_pickle_state_matches_mxnet_and_round_trips():
    a = nd.array([1, 2])
    assert a.__getstate__()["handle"].hex() == META["pickle_handle_hex"]
    b = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(b.asnumpy(), [1, 2])
    c = copy.deepcopy(a)
    c[0] = 5
    assert a.asnumpy()[0] == 1
    d = pickle.loads(pickle.dumps(nd.array(3.5)))
    assert d.shape == () and float(d.asnumpy()) == 3.5


def test_unpickle_an_array_pickled_by_mxnet():
    import mxlite
    mxlite.install_as_mxnet()
    a = pickle.loads(bytes.fromhex(META["mxnet_pickle_hex"]))
    assert isinstance(a, nd.NDArray) and a.dtype == np.int32
    assert a.asnumpy().tolist() == [[1, 2, 3]]
