"""The training demo (examples/train_digits.py) runs end to end: trains a LeNet-style CNN
on the shipped digits, prints per-epoch lines and the accuracy, saves the parameters and
reloads them with the same test accuracy; also as an `import mxnet` script through
`python -m mxlite`."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO = os.path.join(ROOT, "examples", "train_digits.py")


def _run(args, tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""),
               OMP_NUM_THREADS="1")
    proc = subprocess.run([sys.executable] + args, cwd=str(tmp_path), env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_demo_trains_saves_and_reloads(tmp_path):
    out = tmp_path / "digits.params"
    text = _run([DEMO, "--epochs", "3", "--quiet", "--out", str(out)], tmp_path)
    epochs = re.findall(r"epoch (\d+)/3: loss ([\d.]+), train acc ([\d.]+), test acc ([\d.]+)",
                        text)
    assert [e[0] for e in epochs] == ["1", "2", "3"], text
    assert float(epochs[-1][1]) < float(epochs[0][1])            # the loss went down
    acc = float(re.search(r"final test accuracy: ([\d.]+)", text).group(1))
    assert acc >= 0.9, text
    assert out.exists() and out.stat().st_size > 10000
    reloaded = re.search(r"reloaded test accuracy: ([\d.]+) \((\w+)\)", text)
    assert reloaded.group(2) == "matches" and float(reloaded.group(1)) == acc, text


def test_demo_as_mxnet_script(tmp_path):
    # the same code written with `import mxnet`, run by `python -m mxlite`
    src = open(DEMO).read().replace("mxlite", "mxnet")
    script = tmp_path / "train_digits_mxnet.py"
    script.write_text(src)
    data = os.path.join(ROOT, "examples", "data", "optdigits.csv.gz")
    text = _run(["-m", "mxlite", str(script), "--epochs", "1", "--quiet",
                 "--data", data], tmp_path)
    acc = float(re.search(r"final test accuracy: ([\d.]+)", text).group(1))
    assert acc >= 0.5 and "(matches)" in text, text
