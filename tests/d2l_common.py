"""Shared by the D2L test files: runs a book-style script under ``python -m mxlite`` and
compares its output with what real MXNet 1.9.1 printed."""
import os
import subprocess
import sys

import mxlite as mx

SCRIPTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "d2l_scripts")
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
mx.install_as_mxnet()  # d2lzh.py, like the book's package, does `import mxnet`
if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)


def run_d2l_script(name):
    """Runs tests/d2l_scripts/NAME under ``python -m mxlite``; compares stdout with what real
    MXNet 1.9.1 printed (expected/NAME.txt, recorded by record_expected.py)."""
    env = dict(os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", ""))
    res = subprocess.run([sys.executable, "-m", "mxlite", os.path.join(SCRIPTS, name)],
                         capture_output=True, text=True, cwd=SCRIPTS, env=env, timeout=120)
    assert res.returncode == 0, res.stderr[-3000:]
    with open(os.path.join(SCRIPTS, "expected", name[:-3] + ".txt")) as f:
        expected = f.read()
    got, want = res.stdout.splitlines(), expected.splitlines()
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"{name} line {i + 1}: mxlite printed {g!r}, MXNet {w!r}"
    assert len(got) == len(want), (len(got), len(want))
