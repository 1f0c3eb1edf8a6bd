"""Records what real MXNet 1.9.1 prints for each script in this folder into expected/NAME.txt.

Run with the reference interpreter (it has real MXNet):
    /work/shared/tools/mxnet-ref tests/d2l_scripts/record_expected.py [NAME.py ...]
The tests run the same scripts with ``python -m mxlite NAME.py`` and compare stdout.
"""
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main(names):
    import mxnet  # noqa: F401  (fails loudly when not run under the reference)
    skip = ("record_", "d2lzh", "params_io")  # modules, not scripts
    scripts = names or sorted(os.path.basename(p) for p in glob.glob(os.path.join(HERE, "*.py"))
                              if not os.path.basename(p).startswith(skip))
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    for name in scripts:
        res = subprocess.run([sys.executable, os.path.join(HERE, name)], capture_output=True,
                             text=True, cwd=HERE)
        if res.returncode != 0:
            sys.exit(f"{name} failed under MXNet:\n{res.stderr}")
        with open(os.path.join(HERE, "expected", name[:-3] + ".txt"), "w") as f:
            f.write(res.stdout)
        print(name, len(res.stdout.splitlines()), "lines")


if __name__ == "__main__":
    main(sys.argv[1:])
