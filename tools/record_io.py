"""Saves arrays with real MXNet 1.9.1 into tests/fixtures/ (binary .nd/.params files and the
bytes of pickled arrays), so tests can check that mxlite reads and writes MXNet's format
byte for byte.   Run:  ../shared/tools/mxnet-ref tools/record_io.py
"""
import os
import pickle

import numpy as np
import mxnet as mx
from mxnet import nd

from fixture_io import atomic_path, write_json  # noqa: E402

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures")


def arrays():
    return [nd.array([1, 2]), nd.array(np.arange(6).reshape(2, 3), dtype="float64"),
            nd.array([1, 2, 3], dtype="int32"), nd.array([[1, 0]], dtype="uint8"),
            nd.array([-1, 5], dtype="int8"), nd.array([7, 8], dtype="int64"),
            nd.array([0.5, 2], dtype="float16")]


def main():
    with atomic_path("mxnet_list.nd") as tmp:
        nd.save(tmp, arrays())
    with atomic_path("mxnet_dict.params") as tmp:
        nd.save(tmp, {"dense0_weight": nd.array(np.arange(12).reshape(3, 4) / 7.0),
                      "dense0_bias": nd.array([0.1, 0.2, 0.3])})
    meta = {"pickle_handle_hex": pickle.loads(pickle.dumps(nd.array([1, 2])))
            .__getstate__()["handle"].hex()}
    meta["mxnet_pickle_hex"] = pickle.dumps(nd.array([[1, 2, 3]], dtype="int32"), protocol=2).hex()
    nd.save("/tmp/_one.nd", [nd.array([1, 2])])
    meta["save_one_hex"] = open("/tmp/_one.nd", "rb").read().hex()
    nd.save("/tmp/_dict.nd", {"a": nd.array([1, 2])})
    meta["save_dict_hex"] = open("/tmp/_dict.nd", "rb").read().hex()
    try:
        nd.load_frombuffer(open("/tmp/_one.nd", "rb").read()[:30])
        meta["truncated_error"] = None
    except mx.base.MXNetError as e:
        meta["truncated_error"] = type(e).__name__
    write_json("io.json", meta, indent=1)
    print("recorded io fixtures")


if __name__ == "__main__":
    main()
