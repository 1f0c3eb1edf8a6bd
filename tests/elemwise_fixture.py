"""Replays the cases of tools/record_elemwise.py with mxlite and compares them with the
results real MXNet 1.9.1 gave (tests/fixtures/elemwise.json)."""
import json
import os
import sys

import numpy as np

import mxlite as mx
from mxlite import autograd, nd

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(_HERE, "..", "tools"))
import record_elemwise as rec  # noqa: E402

with open(os.path.join(_HERE, "fixtures", "elemwise.json")) as _f:
    FIXTURE = json.load(_f)["cases"]
CASES = dict(rec.build_cases())


def A(values, dtype="float32"):
    a = np.array(values, dtype=np.float64)
    if dtype not in ("float16", "float32", "float64", "bool"):
        a = a.astype(np.int64)
    return nd.array(a.astype(dtype), dtype=dtype)


def G(f, *arrays, head=None):
    for x in arrays:
        x.attach_grad()
    with autograd.record():
        y = f(*arrays)
    y.backward(None if head is None else nd.array(head, dtype=y.dtype))
    return [x.grad for x in arrays]


ENV = {"nd": nd, "np": np, "A": A, "G": G}
_TOL = {"float16": (2e-3, 1e-3), "float32": (2e-6, 1e-7), "float64": (1e-6, 1e-9)}
# MXNet's digamma is a series approximation (~2e-6 relative); mxlite uses scipy's exact psi
_LOOSE = {"grad/gamma": 1e-5, "grad/gammaln": 1e-5}


def _compare(got, exp, where, rtol=None):
    if isinstance(exp, list):
        assert isinstance(got, (list, tuple)) and len(got) == len(exp), \
            f"{where}: expected a list of {len(exp)}, got {got!r}"
        for i, (g, e) in enumerate(zip(got, exp)):
            _compare(g, e, f"{where}[{i}]", rtol)
        return
    if "scalar" in exp:
        assert not hasattr(got, "asnumpy"), f"{where}: expected a Python number, got {got!r}"
        np.testing.assert_allclose(float(got), exp["scalar"], err_msg=where)
        return
    a = got.asnumpy()
    assert np.dtype(a.dtype).name == exp["dtype"], f"{where}: dtype {a.dtype} != {exp['dtype']}"
    assert list(a.shape) == exp["shape"], f"{where}: shape {a.shape} != {exp['shape']}"
    want = np.array(exp["v"], dtype=np.float64 if a.dtype.kind == "f" else np.int64)
    have = a.ravel()
    if a.dtype.kind == "f":
        rtol0, atol = _TOL[exp["dtype"]]
        rtol = rtol or rtol0
        np.testing.assert_allclose(have.astype(np.float64), want, rtol=rtol, atol=atol,
                                   equal_nan=True, err_msg=where)
    else:
        np.testing.assert_array_equal(have.astype(np.int64), want, err_msg=where)


def check_case(key):
    """Evaluates case `key` with mxlite and compares with MXNet's recorded result."""
    expr, exp = CASES[key], FIXTURE[key]
    if "error" in exp:
        try:
            eval(expr, dict(ENV))  # noqa: S307 - expressions from tools/record_elemwise.py
        except Exception as e:  # noqa: BLE001
            want = exp["error"]
            if want == "MXNetError":
                assert isinstance(e, mx.MXNetError), f"{key}: {type(e).__name__}: {e}"
            else:
                assert type(e).__name__ == want, f"{key}: {type(e).__name__} != {want}: {e}"
            return str(e)
        raise AssertionError(f"{key}: MXNet raises {exp['error']} ({exp['msg']}); mxlite did not")
    got = eval(expr, dict(ENV))  # noqa: S307
    _compare(got, exp, f"{key}: {expr}", _LOOSE.get(key))
    return got


def keys(*prefixes, contains=None):
    return [k for k in CASES if k.startswith(prefixes) and (contains is None or contains(k))]
