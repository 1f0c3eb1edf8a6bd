"""Records what real MXNet 1.9.1 does for tests/foundation_cases.py into
tests/fixtures/foundation.json.   Run:  ../shared/tools/mxnet-ref tools/record_foundation.py
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from foundation_cases import CASES  # noqa: E402
from fixture_describe import describe, error_text  # noqa: E402

import mxnet as mx  # noqa: E402
from mxnet import autograd as ag, nd  # noqa: E402

from fixture_io import write_json  # noqa: E402


def main():
    out = {}
    for name, code, check in CASES:
        scope = {"mx": mx, "nd": nd, "ag": ag, "np": np}
        try:
            exec(code, scope)
            out[name] = {"result": describe(scope.get("out"))}
        except Exception as e:  # noqa: BLE001 - recording what the reference raises
            out[name] = {"error": type(e).__name__, "message": error_text(e)}
        ag.set_recording(False)
        ag.set_training(False)
    path = os.path.join(HERE, "..", "tests", "fixtures", "foundation.json")
    write_json(path, {"mxnet": mx.__version__, "cases": out}, indent=1, sort_keys=True)
    print(f"recorded {len(out)} cases -> {path}")


if __name__ == "__main__":
    main()
