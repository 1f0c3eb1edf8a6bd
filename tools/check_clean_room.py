"""Policy check: how much of each mxlite module reproduces MXNet's Python source.

Run with the reference interpreter (it knows where MXNet's files are):

    ../shared/tools/mxnet-ref tools/check_clean_room.py [--threshold 30]

For every mxlite/*.py with a counterpart in MXNet's package (same relative path, else the
same file name; a few known splits are mapped by hand), docstrings are stripped from both
sides (documentation carries over; code does not), the code is normalised with ast.unparse,
and the share of mxlite's code lines that sit in runs of >= 4 lines identical to MXNet's
file is printed. Declarative code (a model zoo's list of layer constructors) sits around
40-60% by necessity; imperative modules written here sit below 30%. Exits 1 if any module
that is not declarative exceeds the threshold. The project must contain only code written
here: run this before landing modules that re-implement MXNet's Python layers.
"""
import argparse
import ast
import difflib
import glob
import os
import sys

import mxnet

REF = os.path.dirname(mxnet.__file__) + os.sep
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mxlite")
SPLITS = {"gluon/parameter_dict.py": "gluon/parameter.py", "_metric_more.py": "metric.py",
          "_metric_binary.py": "metric.py", "gluon/_loss_more.py": "gluon/loss.py",
          "gluon/rnn/rnn_cell_more.py": "gluon/rnn/rnn_cell.py",
          "optimizer/sgd.py": "optimizer/optimizer.py",
          "optimizer/adaptive.py": "optimizer/optimizer.py",
          "optimizer/others.py": "optimizer/optimizer.py", "image/augment.py": "image/image.py",
          "image/iter.py": "image/image.py", "gluon/block_summary.py": "gluon/block.py",
          "function.py": "autograd.py"}
DECLARATIVE = "gluon/model_zoo/vision/"


def code_lines(path):
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(
                    getattr(body[0], "value", None), ast.Constant) and isinstance(
                    body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return [ln.strip() for ln in ast.unparse(tree).splitlines() if ln.strip()]


def share(ours, theirs):
    a, b = code_lines(ours), code_lines(theirs)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    same = sum(m.size for m in sm.get_matching_blocks() if m.size >= 4)
    return len(a), same


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threshold", type=float, default=30.0)
    args = ap.parse_args()
    by_name = {}
    for p in glob.glob(REF + "**/*.py", recursive=True):
        by_name.setdefault(os.path.basename(p), p)
    worst = []
    for path in sorted(glob.glob(os.path.join(ROOT, "**", "*.py"), recursive=True)):
        rel = os.path.relpath(path, ROOT).replace(os.sep, "/")
        ref = REF + SPLITS.get(rel, rel)
        if not os.path.exists(ref):
            ref = by_name.get(os.path.basename(rel))
        if ref is None:
            continue
        n, same = share(path, ref)
        pct = 100.0 * same / max(n, 1)
        print(f"{pct:5.1f}%  {rel:45s} vs {os.path.relpath(ref, REF)}")
        if pct > args.threshold and not rel.startswith(DECLARATIVE):
            worst.append(rel)
    if worst:
        print("above the threshold:", ", ".join(worst))
        sys.exit(1)


if __name__ == "__main__":
    main()
