"""Randomised differential fuzz of mx.nd operators against REAL MXNet 1.9.1.

    ../shared/tools/mxnet-ref tools/record_fuzz.py FAMILY [FAMILY ...]

The diff sweep (tools/record_diff_sweep.py) checks hand-picked cases; the fuzz draws many
parameter combinations (shapes, strides, pads, axes, modes, dtypes) from a fixed seed. Each
family's cases come from tools/fuzz_<FAMILY>_cases.py, a module with a ``CASES`` list of
diff-sweep case tuples (name, expression, {var: (data, dtype)}, [vars to differentiate],
index of the output receiving the head gradient, whether values are compared). Every case
runs in a forked child (see record_diff_sweep.run_safe) and the results are written to
tests/fixtures/fuzz_<FAMILY>.json, which tests/test_fuzz_<FAMILY>.py replays under mxlite.
"""
import importlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mxnet as mx  # noqa: E402

from fixture_io import write_json  # noqa: E402
from record_diff_sweep import run_safe  # noqa: E402


def record(family):
    cases = importlib.import_module(f"fuzz_{family}_cases").CASES
    names = [c[0] for c in cases]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise SystemExit(f"fuzz_{family}_cases: duplicate case names {dup[:5]}")
    out = {"mxnet": mx.__version__, "cases": [run_safe(c) for c in cases]}
    path = write_json(f"fuzz_{family}.json", out)
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    for fam in sys.argv[1:]:
        record(fam)
