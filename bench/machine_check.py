"""Is this machine quiet enough to benchmark? Times a 4M-float multiply on one thread and
split over mxlite's kernel threads. On an idle 2-core machine the split runs ~1.6-1.8x
faster; near 1x (or slower) means another process is using the other core, and every
timing taken now (ours, PyTorch's, MXNet's) is unreliable.

    python bench/machine_check.py
"""
import os
import time

import numpy as np

from mxlite import _parallel


def _best(fn, reps=30):
    fn()
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    a, b = (np.random.rand(4_000_000).astype(np.float32) for _ in range(2))
    out = np.empty_like(a)
    one = _best(lambda: np.multiply(a, b, out=out))
    split = _best(lambda: _parallel.binary(np.multiply, a, b))
    speedup = one / split
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"threads {_parallel.num_threads()}  one thread {one * 1e3:.2f} ms  split "
          f"{split * 1e3:.2f} ms  speedup {speedup:.2f}x  load(1 min) {load:.2f}")
    if _parallel.num_threads() > 1 and speedup < 1.3:
        print("BUSY: another process is using the cores; do not benchmark now")
    else:
        print("ok")


if __name__ == "__main__":
    main()
