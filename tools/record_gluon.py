"""Records Gluon behaviours from real MXNet 1.9.1 into tests/fixtures/gluon.json.

    ../shared/tools/mxnet-ref tools/record_gluon.py

The same model-building code (MODELS below) runs under mxlite in tests/test_gluon_*.py, so
the fixture holds parameter names/shapes, reprs, summaries, error texts and initializer
statistics keyed by case name.
"""
import base64
import contextlib
import io
import os
import sys
import tempfile
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import gluon_cases  # noqa: E402

import mxnet as mx  # noqa: E402

from fixture_io import write_json  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "gluon.json")


def err(fn, d):
    try:
        fn()
        mx.nd.waitall()  # MXNet raises asynchronous errors at the next sync point
    except Exception as e:  # noqa: BLE001
        text = str(e).split("\n")[-1] if "Traceback" in str(e) else str(e)
        return [type(e).__name__, text.replace(d, "<dir>")]
    return None


def _round(obj):
    """Floats to 7 significant digits (float32 precision) to keep the fixture small."""
    if isinstance(obj, float):
        return float("%.7g" % obj)
    if isinstance(obj, list):
        return [_round(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


def main():
    warnings.simplefilter("ignore")
    rec = {"models": {}, "errors": {}, "init": {}, "misc": {}}
    for name, (build, in_shape) in gluon_cases.MODELS.items():
        mx.random.seed(0)
        net = build(mx)
        entry = {"repr": repr(net),
                 "params_before": [[k, list(v.shape)] for k, v in net.collect_params().items()],
                 "structural": sorted(net._collect_params_with_prefix().keys())}
        net.initialize()
        if in_shape is not None:
            x = mx.nd.ones(in_shape)
            out = net(x)
            entry["out_shape"] = list(out.shape)
            entry["params_after"] = [[k, list(v.shape)]
                                     for k, v in net.collect_params().items()]
            entry["repr_after"] = repr(net)
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                net.summary(x)  # after the first forward: no deferred-init rows
            entry["summary"] = buf.getvalue()
        rec["models"][name] = entry

    for name, fn in gluon_cases.ERRORS.items():
        with tempfile.TemporaryDirectory() as d:
            rec["errors"][name] = err(lambda: fn(mx, d), d)

    for name, (make, shape) in gluon_cases.INITS.items():
        mx.random.seed(1)
        arr = mx.nd.zeros(shape)
        make(mx)(mx.init.InitDesc("x_weight"), arr)
        a = arr.asnumpy().astype(np.float64)
        rec["init"][name] = {"mean": a.mean(), "std": a.std(), "min": a.min(), "max": a.max(),
                             "dumps": make(mx).dumps() if hasattr(make(mx), "dumps") else None}
        if a.size <= 64:
            rec["init"][name]["values"] = a.ravel().tolist()

    for name, fn in gluon_cases.MISC.items():
        with tempfile.TemporaryDirectory() as d:
            rec["misc"][name] = fn(mx, d)

    rec["layers"] = {name: _round(gluon_cases.run_layer(mx, name))
                     for name in gluon_cases.LAYERS}

    # a parameter file written by real MXNet (structural names) for the load test
    mx.random.seed(0)
    net = gluon_cases.small_net(mx)
    net.initialize(mx.init.Xavier())
    with tempfile.TemporaryDirectory() as d:
        net.save_parameters(os.path.join(d, "p.params"))
        net.save_params(os.path.join(d, "legacy.params"))
        with open(os.path.join(d, "p.params"), "rb") as f:
            rec["small_net_params"] = base64.b64encode(f.read()).decode()
        with open(os.path.join(d, "legacy.params"), "rb") as f:
            rec["small_net_legacy"] = base64.b64encode(f.read()).decode()
    rec["small_net_values"] = {k: v.data().asnumpy().tolist()
                               for k, v in net._collect_params_with_prefix().items()}

    write_json(OUT, rec, sort_keys=True)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
