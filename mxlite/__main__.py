"""``python -m mxlite SCRIPT [ARGS]``: runs a script written for MXNet on mxlite."""
import os
import runpy
import sys


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m mxlite SCRIPT [ARGS...]\n\nRuns SCRIPT with `import mxnet` "
              "resolving to mxlite.", file=sys.stderr)
        return 0 if argv else 2
    script = argv[0]
    if not os.path.exists(script):
        print(f"python -m mxlite: can't open file {script!r}: no such file", file=sys.stderr)
        return 2
    from ._alias import install_as_mxnet
    install_as_mxnet()
    sys.argv = list(argv)
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    runpy.run_path(script, run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
