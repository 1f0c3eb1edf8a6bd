"""Shared helpers for the shape/index/random fixture tests (tests/fixtures/shape_index.json,
recorded by tools/record_shape_index.py from MXNet 1.9.1)."""
import json
import os

import numpy as np

import mxlite as mx
from mxlite import nd
from mxlite.base import MXNetError

with open(os.path.join(os.path.dirname(__file__), "fixtures", "shape_index.json")) as _f:
    FIXTURE = json.load(_f)

ENV = {"nd": nd, "np": np, "mx": mx}
_ERRORS = {"MXNetError": MXNetError, "ValueError": ValueError, "TypeError": TypeError,
           "AssertionError": AssertionError, "IndexError": IndexError}


def check_case(case, values=True):
    """Evaluates the case's expression with mxlite and compares with the recorded result."""
    expr = case["expr"]
    if "error" in case:
        exc = _ERRORS[case["error"]]
        try:
            r = eval(expr, ENV)
        except exc:
            return
        raise AssertionError(f"{expr}: expected {case['error']} ({case['message']}), got {r}")
    r = eval(expr, ENV)
    outs = r if isinstance(r, (list, tuple)) else [r]
    assert isinstance(r, (list, tuple)) == case["list"], f"{expr}: list-ness differs"
    assert len(outs) == len(case["outs"]), expr
    for o, e in zip(outs, case["outs"]):
        assert list(o.shape) == e["shape"], f"{expr}: shape {o.shape} != {e['shape']}"
        assert str(o.asnumpy().dtype) == e["dtype"], f"{expr}: dtype {o.dtype} != {e['dtype']}"
        if values and "values" in e:
            exp = np.array(e["values"], dtype=np.float64).reshape(e["shape"])
            got = o.asnumpy()
            np.testing.assert_allclose(got.astype(np.float64), exp.astype(np.float64),
                                       rtol=1e-6, atol=1e-6, err_msg=expr)


def check_grad_case(case):
    x = nd.array(case["x"])
    x.attach_grad()
    with mx.autograd.record():
        y = eval(case["expr"], {**ENV, "x": x})
    y.backward()
    np.testing.assert_allclose(y.asnumpy(), np.array(case["y"], dtype=np.float64), rtol=1e-6,
                               err_msg=case["expr"])
    np.testing.assert_allclose(x.grad.asnumpy(), np.array(case["grad"]), rtol=1e-6,
                               err_msg=case["expr"])
