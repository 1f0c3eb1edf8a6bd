"""Differential sweep of mx.nd operators, recorded from REAL MXNet 1.9.1.

    ../shared/tools/mxnet-ref tools/record_diff_sweep.py

writes tests/fixtures/diff_sweep.json. Each case is an expression over named inputs; the
fixture keeps the outputs (shape, dtype, values rounded to 6 significant digits), the
gradients of the chosen output for a fixed head gradient (``head_for``), or the error type and
text. tests/test_diff_sweep.py replays every case under mxlite (CI never needs MXNet).
The sweep is deterministic: fixed inputs, and random ops seeded (their values are not compared,
only shapes and dtypes, except where the op is deterministic). The cases live in
tools/diff_sweep_cases.py (groups A-F), diff_sweep_cases2.py (G-K and follow-ups) and
diff_sweep_cases3.py (legacy/normalization variants, casts). Each case runs in a forked child
because some bad calls kill the reference process; such cases are recorded as "crash".
"""
import json
import os
import select
import signal
import sys
import time

import numpy as np

import mxnet as mx
from mxnet import nd

from fixture_io import write_json

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diff_sweep_cases2  # noqa: E402,F401  (registers the cases of groups G-K)
import diff_sweep_cases3  # noqa: E402,F401
from diff_sweep_cases import CASES  # noqa: E402


def head_for(shape, j=0):
    n = int(np.prod(shape))
    return (((np.arange(n) * 5 + 3 + j) % 11 - 5) / 4.0).reshape(shape)


def flat(a):
    """Flat list; floats rounded to 6 significant digits (nan/inf kept)."""
    a = np.asarray(a)
    if a.dtype.kind in "fc":
        return [float(f"{v:.6g}") for v in a.astype(np.float64).ravel()]
    return [int(v) for v in a.ravel()]


def err_text(e):
    lines = str(e).strip().split("\n")
    for ln in reversed(lines):
        if "MXNetError:" in ln:
            ln = ln.split("MXNetError: ", 1)[1]
            return ln.split(") : ", 1)[1] if ") : " in ln else ln
    return lines[-1].strip()[:300]


def used_inputs(case_):
    arrays = {k: np.array(v, dtype=dt) for k, (v, dt) in case_[2].items()}
    return {k: a for k, a in arrays.items() if k in case_[1]}


def base_record(case_):
    return {"name": case_[0], "expr": case_[1],
            "inputs": {k: {"shape": list(a.shape), "dtype": a.dtype.name, "data": flat(a)}
                       for k, a in used_inputs(case_).items()}}


def run(case_):
    name, expr, inputs, wrt, gout, values = case_
    used = used_inputs(case_)
    rec = base_record(case_)
    if not values:
        rec["values"] = False

    def ev(env):
        mx.random.seed(7)
        y = eval(expr, {"nd": nd, "np": np, "mx": mx, **env})
        return list(y) if isinstance(y, (list, tuple)) else [y]
    env = {k: nd.array(a, dtype=a.dtype) for k, a in used.items()}
    try:
        ys = ev(env)
        rec["outputs"] = [{"shape": list(y.shape), "dtype": np.dtype(y.dtype).name,
                           "data": flat(y.asnumpy()) if values else flat(y.asnumpy())[:0]}
                          for y in ys]
    except Exception as e:  # noqa: BLE001 - record the reference's error (may be async)
        rec["error"] = {"type": type(e).__name__, "text": err_text(e)}
        return rec
    if wrt:
        rec["wrt"], rec["gout"] = wrt, gout
        for k in wrt:
            env[k].attach_grad()
        try:
            with mx.autograd.record():
                ys = ev(env)
            y = ys[gout]
            y.backward(nd.array(head_for(y.shape), dtype=y.dtype))
            rec["grads"] = {k: flat(env[k].grad.asnumpy()) for k in wrt}
        except Exception as e:  # noqa: BLE001
            rec["grad_error"] = {"type": type(e).__name__, "text": err_text(e)}
    return rec


def _run_child(case_, timeout):
    """One forked run of `case_`: (data, status), or (None, None) when it ran past `timeout`
    seconds (a child forked from the multi-threaded reference can deadlock on a lock another
    thread held at fork time)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            data = json.dumps(run(case_)).encode()
        except BaseException as e:  # noqa: BLE001
            data = json.dumps({"name": case_[0],
                               "error": {"type": "bug", "text": repr(e)}}).encode()
        with os.fdopen(w, "wb") as f:
            f.write(data)
        os._exit(0)
    os.close(w)
    chunks, deadline = [], time.monotonic() + timeout
    with os.fdopen(r, "rb") as f:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([f], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return None, None
            chunk = os.read(f.fileno(), 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    return b"".join(chunks), status


def run_safe(case_, timeout=60, tries=3):
    """Runs a case in a forked child: some bad calls kill the reference (SIGFPE). A child
    that hangs is killed and the case run again (up to `tries` times)."""
    for _ in range(tries):
        data, status = _run_child(case_, timeout)
        if data is not None:
            break
    else:
        return dict(base_record(case_), crash="hang")
    if not data:
        return dict(base_record(case_), crash=os.WTERMSIG(status))
    return json.loads(data)


def main():
    names = [c[0] for c in CASES]
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    out = {"mxnet": mx.__version__, "cases": [run_safe(c) for c in CASES]}
    path = write_json("diff_sweep.json", out)
    print(f"wrote {len(out['cases'])} cases to {path}")


if __name__ == "__main__":
    main()
