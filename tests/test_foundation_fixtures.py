"""The foundation cases (tests/foundation_cases.py) against what real MXNet 1.9.1 did
(tests/fixtures/foundation.json, recorded by tools/record_foundation.py)."""
import json
import os

import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd as ag, nd
from fixture_describe import describe, error_text
from foundation_cases import CASES

with open(os.path.join(os.path.dirname(__file__), "fixtures", "foundation.json")) as f:
    FIXTURE = json.load(f)["cases"]


def _message_matches(ref, ours):
    """Ours must contain the reference's text, possibly without its C++ check-expression
    prefix ('xs.size() > 0 (0 vs. 0) : ...')."""
    text = ref
    while True:
        if text in ours:
            return True
        if ": " not in text:
            return False
        text = text.split(": ", 1)[1]
        if len(text) < 12:
            return False


def _same(ours, ref, path="out"):
    assert ours.keys() == ref.keys(), f"{path}: {ours} vs reference {ref}"
    if "seq" in ref:
        assert len(ours["seq"]) == len(ref["seq"]), f"{path}: {ours} vs reference {ref}"
        for i, (a, b) in enumerate(zip(ours["seq"], ref["seq"])):
            _same(a, b, f"{path}[{i}]")
    elif "ndarray" in ref:
        assert ours["shape"] == ref["shape"], f"{path}: shape {ours['shape']} vs {ref['shape']}"
        assert ours["dtype"] == ref["dtype"], f"{path}: dtype {ours['dtype']} vs {ref['dtype']}"
        a = np.array(ours["values"], dtype=object)
        b = np.array(ref["values"], dtype=object)
        fa = np.array(np.where(a == None, np.nan, a), dtype=np.float64)  # noqa: E711
        fb = np.array(np.where(b == None, np.nan, b), dtype=np.float64)  # noqa: E711
        np.testing.assert_allclose(fa, fb, rtol=1e-5, atol=1e-6, equal_nan=True, err_msg=path)
    else:
        assert ours == ref, f"{path}: {ours} vs reference {ref}"


@pytest.mark.parametrize("name,code,check", CASES, ids=[c[0] for c in CASES])
def test_case(name, code, check):
    ref = FIXTURE[name]
    scope = {"mx": mx, "nd": nd, "ag": ag, "np": np}
    try:
        try:
            exec(code, scope)
            result, err = describe(scope.get("out")), None
        except Exception as e:  # noqa: BLE001
            result, err = None, e
    finally:
        ag.set_recording(False)
        ag.set_training(False)
    if "error" in ref:
        assert err is not None, f"expected {ref['error']}: {ref['message']!r}, got {result}"
        names = {type(err).__name__} | {c.__name__ for c in type(err).__mro__}
        assert ref["error"] in names, f"raised {type(err).__name__}: {err}; reference " \
                                      f"{ref['error']}: {ref['message']}"
        if check == "message":
            assert _message_matches(ref["message"], str(err)), \
                f"message {str(err)!r} lacks the reference's {ref['message']!r}"
        return
    if err is not None:
        raise err
    if check == "str":
        assert result == ref["result"], f"{result!r} != reference {ref['result']!r}"
    else:
        _same(result, ref["result"])


def test_error_text_helper():
    assert error_text(ValueError("a\nMXNetError: Check failed: x")) == "x"
