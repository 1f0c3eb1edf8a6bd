"""Micro-benchmarks of mxlite's hot path: op dispatch with and without recording, the
autograd tape, backward. Run before and after touching register.py / autograd.py:

    python bench/hot_path.py            # CPU time per call (process_time, robust on a busy box)

Prints one line per case; compare runs, not absolute numbers across machines.
"""
import time
import timeit

SETUP = """
import numpy as np
from mxlite import nd, autograd as ag
a = nd.ones((10,)); b = nd.ones((10,)); m = nd.ones((4, 5))
v = nd.array([[1, 2], [3, 4]]); v.attach_grad()
x1k = nd.random.uniform(shape=(1000,)); x1k.attach_grad()
def seed_square():
    with ag.record():
        z = v * v * 2
    z.backward()
def chain100():
    with ag.record():
        y = x1k
        for i in range(25):
            y = nd.tanh(y * 0.9 + 0.1) * y - 0.01
    y.backward()
def second_order():
    with ag.record():
        y = nd.tanh(x1k)
        g = ag.grad(y, x1k, create_graph=True, retain_graph=True)[0]
    g.backward()
def record_only():
    with ag.record():
        z = v * v * 2
"""

CASES = [
    ("a*b (no recording)", "a * b"),
    ("a*2 scalar op", "a * 2"),
    ("nd.relu(a)", "nd.relu(a)"),
    ("nd.sum(m, axis=1)", "nd.sum(m, axis=1)"),
    ("m.reshape((5, 4))", "m.reshape((5, 4))"),
    ("record x*x*2", "record_only()"),
    ("seed_square step", "seed_square()"),
    ("chain100_1k step", "chain100()"),
    ("second_order_tanh step", "second_order()"),
]


def main():
    for label, stmt in CASES:
        timer = timeit.Timer(stmt, SETUP, timer=time.process_time)
        n, _ = timer.autorange()
        best = min(timer.repeat(5, n)) / n
        print(f"{label:28s} {best * 1e6:10.2f} us")


if __name__ == "__main__":
    main()
