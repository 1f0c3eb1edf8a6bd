"""Replays tests/fixtures/contrib.json (recorded from MXNet 1.9.1 by tools/record_contrib.py)
under mxlite: forward outputs and first-order gradients of sum(out_i * head_i)."""
import json
import os

import numpy as np

import mxlite as mx
from mxlite import nd

_HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(_HERE, "fixtures", "contrib.json")) as _f:
    FIXTURE = json.load(_f)


def _head(shape):
    n = int(np.prod(shape))
    return np.cos(np.arange(n) * 0.9 + 0.3).reshape(shape)


def _inputs(spec):
    out = {}
    for k, v in spec.items():
        if "zeros" in v:
            out[k] = nd.zeros(tuple(v["zeros"]))
        else:
            out[k] = nd.array(np.array(v["data"]), dtype=v["dtype"])
    return out


def _flat(y):
    if isinstance(y, (list, tuple)):
        r = []
        for e in y:
            r.extend(_flat(e))
        return r
    return [y]


def _same(got, exp, what, rtol=1e-5, atol=1e-5):
    e = np.array(exp["data"], dtype=exp["dtype"]).reshape(exp["shape"])
    g = got.asnumpy()
    assert g.shape == e.shape, f"{what}: shape {g.shape} != {e.shape}"
    assert g.dtype == e.dtype, f"{what}: dtype {g.dtype} != {e.dtype}"
    np.testing.assert_allclose(g, e, rtol=rtol, atol=atol, err_msg=what)


def run_case(c, rtol=1e-5, atol=1e-5):
    """Evaluates one recorded case under mxlite and compares with MXNet's results."""
    xs = _inputs(c["inputs"])
    for k in c["grad"]:
        xs[k].attach_grad()
    expr = c["expr"].replace(".tostype('csr')", "")  # mxlite is dense-only
    if "error" in c:
        try:
            eval(expr, {"nd": nd}, dict(xs))
        except (mx.base.MXNetError, ValueError, AssertionError) as e:
            assert c["match"] in str(e), str(e)
            return
        raise AssertionError(f"{c['name']}: no error, MXNet raised {c['message'][:200]}")
    with mx.autograd.record():
        outs = _flat(eval(expr, {"nd": nd}, dict(xs)))
        loss = None
        for o in outs:
            if np.dtype(o.dtype).kind == "f":
                t = (o * nd.array(_head(o.shape), dtype=o.dtype)).sum()
                loss = t if loss is None else loss + t
    assert len(outs) == len(c["outputs"]), f"{c['name']}: {len(outs)} outputs"
    for i, (o, e) in enumerate(zip(outs, c["outputs"])):
        _same(o, e, f"{c['name']} output {i}", rtol, atol)
    if c["grad"]:
        loss.backward()
        for k in c["grad"]:
            _same(xs[k].grad, c["grads"][k], f"{c['name']} grad {k}", rtol, atol)
