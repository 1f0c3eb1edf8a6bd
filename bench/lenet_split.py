"""Where a LeNet training step's time goes: fixed Python cost vs NumPy kernels.

    python bench/lenet_split.py

Runs the benchmark's lenet_step (../shared/bench/workloads_mx.py: LeNet on 1x28x28, plain
autograd, manual SGD) at batch sizes 64, 32, 16 and 8 and fits time = fixed + batch * per-sample.
The fixed part is dispatch, the tape, backward's bookkeeping and the parameter updates (all
independent of the batch); batch * per-sample is the kernels (im2col, GEMMs, pooling, relu).
It tells what a change can win: a step can never get below the fixed part, nor below the
kernels of batch 64. Run on a quiet machine (bench/machine_check.py first).
"""
import time

import numpy as np

from mxlite import autograd as ag
from mxlite import nd


def lenet_step(batch):
    rs = np.random.RandomState(0)

    def P(*s):
        p = nd.array(rs.randn(*s) * 0.1)
        p.attach_grad()
        return p
    c1w, c1b, c2w, c2b = P(6, 1, 5, 5), P(6), P(16, 6, 5, 5), P(16)
    f1w, f1b, f2w, f2b, f3w, f3b = P(120, 256), P(120), P(84, 120), P(84), P(10, 84), P(10)
    ps = [c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b, f3w, f3b]
    X = nd.array(rs.randn(batch, 1, 28, 28))
    y = nd.array(rs.randint(0, 10, batch))

    def step():
        with ag.record():
            h = nd.Convolution(X, c1w, c1b, kernel=(5, 5), num_filter=6)
            h = nd.Pooling(nd.relu(h), kernel=(2, 2), stride=(2, 2), pool_type='max')
            h = nd.Convolution(h, c2w, c2b, kernel=(5, 5), num_filter=16)
            h = nd.Pooling(nd.relu(h), kernel=(2, 2), stride=(2, 2), pool_type='max')
            h = nd.relu(nd.FullyConnected(h, f1w, f1b, num_hidden=120))
            h = nd.relu(nd.FullyConnected(h, f2w, f2b, num_hidden=84))
            o = nd.FullyConnected(h, f3w, f3b, num_hidden=10)
            loss = -nd.pick(nd.log_softmax(o), y).mean()
        loss.backward()
        for p in ps:
            p[:] = p - 0.1 * p.grad
    return step


def best_time(step, n=100, reps=7):
    for _ in range(20):
        step()
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(n):
            step()
        best = min(best, (time.perf_counter() - t0) / n)
    return best


def main():
    sizes = [64, 32, 16, 8]
    times = [best_time(lenet_step(b)) for b in sizes]
    per_sample, fixed = np.polyfit(sizes, times, 1)
    for b, t in zip(sizes, times):
        print(f"batch {b:3d}: {t * 1e3:6.3f} ms per step")
    print(f"fit: fixed {fixed * 1e3:.3f} ms + {per_sample * 1e6:.1f} us per sample; at batch 64 "
          f"the kernels are {per_sample * 64 * 1e3:.3f} ms of {times[0] * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
