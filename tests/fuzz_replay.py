"""Shared replay of the randomised fuzz fixtures (tests/fixtures/fuzz_<family>.json, recorded
from MXNet 1.9.1 by tools/record_fuzz.py). Each tests/test_fuzz_<family>.py calls
:func:`make_test` with its own documented differences; the comparison rules (values to 1e-4,
float16 to 2e-3, error types, and MXNet's error text where meaningful) are the diff sweep's."""
import json
import os

import numpy as np
import pytest

from mxlite import autograd, nd
from test_diff_sweep import _close, _eval, _inputs, head_for, replay

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def load(family):
    """The recorded cases of `family`, by name."""
    with open(os.path.join(FIXTURES, f"fuzz_{family}.json")) as f:
        return {c["name"]: c for c in json.load(f)["cases"]}


def make_test(family, documented=None):
    """A parametrised test over every case of `family`. `documented`: name -> check(case) for
    the cases where the reference is plainly broken (mxlite's better behaviour is checked)."""
    cases = load(family)
    documented = documented or {}
    unknown = set(documented) - set(cases)
    assert not unknown, f"documented cases not in fuzz_{family}.json: {sorted(unknown)}"

    @pytest.mark.parametrize("name", list(cases))
    def test_case(name):
        try:
            check = documented.get(name, replay)
            check(cases[name])
        finally:  # an expression that failed inside train_mode() must not leak the mode
            autograd.set_training(False)
            autograd.set_recording(False)
    return test_case


# ---- helpers for the families' documented checks
def outputs_match(case, ys, skip=()):
    """mxlite's outputs `ys` match the recorded ones (shape, dtype; values except `skip`)."""
    assert len(ys) == len(case["outputs"]), (case["name"], len(ys))
    for i, (y, o) in enumerate(zip(ys, case["outputs"])):
        assert list(y.shape) == o["shape"] and np.dtype(y.dtype).name == o["dtype"]
        if i not in skip:
            _close(y.asnumpy(), o["data"], o["dtype"], f"{case['name']} output {i}")


def grads(case, env, expr=None, wrt=None):
    """mxlite's gradients of the case's head output (head gradient head_for) w.r.t. `wrt`
    (default: the case's) on `env`, evaluating `expr` (default: the case's); and the head."""
    wrt = case["wrt"] if wrt is None else wrt
    for k in wrt:
        env[k].attach_grad()
    with autograd.record():
        y = _eval(dict(case, expr=expr or case["expr"]), env)[case.get("gout", 0)]
    h = head_for(y.shape)
    y.backward(nd.array(h, dtype=y.dtype))
    return {k: env[k].grad.asnumpy() for k in wrt}, h


def as_f64(case):
    """The case's inputs with every float array in float64."""
    return {k: nd.array(v.asnumpy().astype(np.float64), dtype="float64")
            if np.dtype(v.dtype).kind == "f" else v for k, v in _inputs(case).items()}


def fd_grads(case, wrt=None, gout=None, eps=1e-6):
    """mxlite's gradients (float64 inputs) equal central finite differences of the forward."""
    wrt = case["wrt"] if wrt is None else wrt
    gout = case.get("gout", 0) if gout is None else gout
    got, h = grads(dict(case, gout=gout), as_f64(case), wrt=wrt)
    base = {k: v.asnumpy() for k, v in as_f64(case).items()}

    def f(vals):
        env = {k: nd.array(v, dtype=v.dtype) for k, v in vals.items()}
        return float((_eval(case, env)[gout].asnumpy() * h).sum())
    for k in wrt:
        fd = np.zeros(base[k].size)
        for i in range(fd.size):
            vals = dict(base)
            for sgn in (1, -1):
                x = base[k].copy().ravel()
                x[i] += sgn * eps
                vals[k] = x.reshape(base[k].shape)
                fd[i] += sgn * f(vals) / (2 * eps)
        np.testing.assert_allclose(got[k].ravel(), fd, rtol=1e-4, atol=1e-6, err_msg=k)
