"""`python -m mxlite SCRIPT` runs MXNet scripts unchanged; the notebook opt-in."""
import os
import re
import subprocess
import sys
import textwrap

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "..", "shared", "seed", "autograd_tutorial.py")


def run(path, *args):
    return subprocess.run([sys.executable, "-m", "mxlite", str(path), *args],
                          capture_output=True, text=True, timeout=120)


def test_seed_tutorial_runs_unchanged():
    if not os.path.exists(SEED):
        import pytest
        pytest.skip("the shared seed script is not beside this checkout")
    p = run(SEED)
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "x.grad:  \n[[ 4.  8.]\n [12. 16.]]\n<NDArray 2x2 @cpu(0)>" in out
    assert "x.grad:  \n[[40.    8.  ]\n [ 1.2   0.16]]\n<NDArray 2x2 @cpu(0)>" in out
    a_grad = out.split("a.grad:  ")[1].split("<NDArray")[0]
    vals = {float(v) for v in re.findall(r"[\d.]+", a_grad)}
    assert len(vals) == 1, a_grad              # every entry equals the loop's factor
    factor = vals.pop()   # 2**k, times 100 when the loop's result summed negative
    assert any(f >= 2 and float(np.log2(f)).is_integer() for f in (factor, factor / 100)), a_grad


def test_imports_argv_and_traceback(tmp_path):
    script = tmp_path / "user_script.py"
    script.write_text(textwrap.dedent("""
        import sys
        import mxnet
        import mxnet as mx
        import mxnet.ndarray as nd
        import mxnet.autograd as ag
        from mxnet import nd as nd2, autograd, gluon
        from mxnet.ndarray import NDArray
        from mxnet.gluon import nn
        import mxlite
        assert mxnet is mxlite and nd is mxlite.ndarray and nd2 is nd
        assert isinstance(nd.ones(2), NDArray) and ag is mxlite.autograd
        print("argv", sys.argv)
        print(mx.nd.ones((2,)) * 3)
        raise RuntimeError("from the user script")
    """))
    p = run(script, "--flag", "v")
    assert "argv ['" + str(script) + "', '--flag', 'v']" in p.stdout
    assert "[3. 3.]" in p.stdout
    assert p.returncode == 1
    assert f'File "{script}", line 15' in p.stderr and "from the user script" in p.stderr


def test_missing_script_is_a_clear_error(tmp_path):
    p = run(tmp_path / "nope.py")
    assert p.returncode == 2 and "nope.py" in p.stderr


def test_notebook_opt_in_one_line():
    code = "import mxlite.as_mxnet\nimport mxnet, mxlite\nfrom mxnet import nd\n" \
           "assert mxnet is mxlite and nd.ones(1).asscalar() == 1\nprint('ok')"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.stdout.strip() == "ok", p.stderr


def test_unknown_mxnet_submodule_is_import_error():
    code = "import mxlite.as_mxnet\ntry:\n    import mxnet.no_such_module\nexcept ImportError:\n" \
           "    print('import error')"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.stdout.strip() == "import error", p.stderr
