"""Convolution/pooling speed against PyTorch eager, and the memory bound of a big forward.

    python bench/bench_conv.py                # mxlite vs torch, default threads
    python bench/bench_conv.py --threads 1    # both pinned to one thread (fair on a busy box)
    python bench/bench_conv.py memory         # peak RSS of Convolution on 256x3x224x224
    python bench/bench_conv.py parts          # LeNet's conv kernels one by one (CPU time)

Workloads: `conv_fwd_bwd` is LeNet's conv part (batch 64, 1x28x28; conv 5x5x6 -> relu ->
maxpool 2/2 -> conv 5x5x16 -> relu -> maxpool 2/2, backward with a fixed head gradient);
`conv_fwd` the same forward outside autograd; `lenet_step` the whole training step of
../shared/bench (adds 3 FullyConnected layers, log_softmax, pick and an SGD update).
torch runs from the venv ~/.cache/bench-torch (or $BENCH_TORCH_VENV) in a subprocess; each
number is the median of 5 timed batches of about 0.2 s (min in brackets).
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np


def timeit(fn, min_time=1.0, reps=5):
    """(median, min) seconds per call over `reps` batches."""
    fn()
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - t0 > min_time / reps:
            break
        n *= 2
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        samples.append((time.perf_counter() - t0) / n)
    samples.sort()
    return samples[reps // 2], samples[0]


def _params():
    rs = np.random.RandomState(0)
    return dict(x=rs.randn(64, 1, 28, 28), c1w=rs.randn(6, 1, 5, 5) * 0.1,
                c1b=rs.randn(6) * 0.1, c2w=rs.randn(16, 6, 5, 5) * 0.1, c2b=rs.randn(16) * 0.1,
                head=rs.randn(64, 16, 4, 4))


def bench_mxlite():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from mxlite import nd, autograd
    P = {k: nd.array(v) for k, v in _params().items()}
    for k in ("c1w", "c1b", "c2w", "c2b"):
        P[k].attach_grad()

    def step():
        with autograd.record():
            h = nd.Convolution(P["x"], P["c1w"], P["c1b"], kernel=(5, 5), num_filter=6)
            h = nd.Pooling(nd.relu(h), kernel=(2, 2), stride=(2, 2), pool_type="max")
            h = nd.Convolution(h, P["c2w"], P["c2b"], kernel=(5, 5), num_filter=16)
            h = nd.Pooling(nd.relu(h), kernel=(2, 2), stride=(2, 2), pool_type="max")
        h.backward(P["head"])

    def fwd():
        h = nd.Convolution(P["x"], P["c1w"], P["c1b"], kernel=(5, 5), num_filter=6)
        h = nd.Pooling(nd.relu(h), kernel=(2, 2), stride=(2, 2), pool_type="max")
        h = nd.Convolution(h, P["c2w"], P["c2b"], kernel=(5, 5), num_filter=16)
        return nd.Pooling(nd.relu(h), kernel=(2, 2), stride=(2, 2), pool_type="max")
    res = {"impl": "mxlite", "conv_fwd_bwd": timeit(step), "conv_fwd": timeit(fwd)}
    if hasattr(nd, "FullyConnected") and hasattr(nd, "pick") and hasattr(nd, "log_softmax"):
        res["lenet_step"] = timeit(_shared_step("workloads_mx", "mxlite"))
    return res


def _shared_step(module, impl):
    """The lenet_step workload of ../shared/bench (None when it is not there)."""
    bench = Path(__file__).resolve().parents[2] / "shared" / "bench"
    sys.path.insert(0, str(bench))
    if impl == "mxlite":
        import mxlite
        sys.modules.setdefault("mxnet", mxlite)  # workloads_mx imports mxnet
    import importlib
    mod = importlib.import_module(module)
    table = getattr(mod, "W", None) or getattr(mod, "WORKLOADS", None)
    return table["lenet_step"]()


def bench_torch():
    import torch
    import torch.nn.functional as F
    P = {k: torch.tensor(v, dtype=torch.float32) for k, v in _params().items()}
    for k in ("c1w", "c1b", "c2w", "c2b"):
        P[k].requires_grad_()

    def fwd():
        h = F.max_pool2d(torch.relu(F.conv2d(P["x"], P["c1w"], P["c1b"])), 2, 2)
        return F.max_pool2d(torch.relu(F.conv2d(h, P["c2w"], P["c2b"])), 2, 2)

    def step():
        fwd().backward(P["head"])
        for k in ("c1w", "c1b", "c2w", "c2b"):
            P[k].grad = None

    def nograd():
        with torch.no_grad():
            fwd()
    res = {"impl": "torch " + torch.__version__, "conv_fwd_bwd": timeit(step),
           "conv_fwd": timeit(nograd)}
    threads = torch.get_num_threads()
    try:
        step = _shared_step("workloads_torch", "torch")
    except Exception:  # noqa: BLE001 - the shared workloads are optional here
        return res
    torch.set_num_threads(threads)  # workloads_torch sets 2 at import
    res["lenet_step"] = timeit(step)
    return res


def memory():
    import resource
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from mxlite import nd
    rng = np.random.default_rng(0)
    x = nd.array(rng.random((256, 3, 224, 224), dtype=np.float32), dtype=np.float32)
    w = nd.array(rng.random((64, 3, 7, 7), dtype=np.float32), dtype=np.float32)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    y = nd.Convolution(x, w, kernel=(7, 7), stride=(2, 2), pad=(3, 3), num_filter=64, no_bias=True)
    dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"shape": list(y.shape), "seconds": round(dt, 2),
                      "peak_rss_mb_before_conv": round(before), "peak_rss_mb": round(peak),
                      "input_mb": round(x.size * 4 / 2 ** 20),
                      "output_mb": round(y.size * 4 / 2 ** 20)}))


def parts():
    """Each conv kernel of LeNet's step alone (float32, CPU seconds of this process: less
    disturbed by other load than wall time; min of 7 batches)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from mxlite.ndarray import conv_kernels as K
    rs = np.random.RandomState(0)
    geo = ((1, 1), (0, 0), (1, 1), 1)
    for name, xs, ws in (("conv1", (64, 1, 28, 28), (6, 1, 5, 5)),
                         ("conv2", (64, 6, 12, 12), (16, 6, 5, 5))):
        x = rs.randn(*xs).astype(np.float32)
        w = (rs.randn(*ws) * 0.1).astype(np.float32)
        b = rs.randn(ws[0]).astype(np.float32)
        g = rs.randn(xs[0], ws[0], xs[2] - 4, xs[3] - 4).astype(np.float32)
        kept = []
        K.conv_forward(np, x, w, *geo, bias=b, keep=kept)

        def train_fwd():
            K.conv_forward(np, x, w, *geo, bias=b, keep=[])
        fns = {"fwd": lambda: K.conv_forward(np, x, w, *geo, bias=b), "fwd_keep": train_fwd,
               "dw_kept": lambda: K.conv_backward_weight(np, x, g, ws[2:], *geo,
                                                         cols=kept[0] if kept else None),
               "dw": lambda: K.conv_backward_weight(np, x, g, ws[2:], *geo),
               "dx": lambda: K.conv_backward_data(np, g, w, xs[2:], *geo)}
        res = {}
        for key, fn in fns.items():
            fn()
            best = 1e9
            for _ in range(7):
                t0 = time.process_time()
                for _ in range(40):
                    fn()
                best = min(best, (time.process_time() - t0) / 40)
            res[key] = round(best * 1e6)
        print(name, "us:", json.dumps(res))


def main():
    args = sys.argv[1:]
    if args == ["memory"]:
        return memory()
    if args == ["parts"]:
        return parts()
    if args and args[0] == "torch":
        if len(args) > 1:
            import torch
            torch.set_num_threads(int(args[1]))
        print(json.dumps(bench_torch()))
        return
    if args and args[0] == "mxlite":
        print(json.dumps(bench_mxlite()))
        return
    threads = args[args.index("--threads") + 1] if "--threads" in args else None
    env = dict(os.environ)
    if threads:
        env.update(OPENBLAS_NUM_THREADS=threads, OMP_NUM_THREADS=threads, MKL_NUM_THREADS=threads)
    venv = Path(os.environ.get("BENCH_TORCH_VENV", Path.home() / ".cache" / "bench-torch"))
    results = {}
    for impl, cmd in (("mxlite", [sys.executable, __file__, "mxlite"]),
                      ("torch", [str(venv / "bin" / "python"), __file__, "torch"]
                       + ([threads] if threads else []))):
        p = subprocess.run(cmd, capture_output=True, text=True, env=env)
        lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
        results[impl] = json.loads(lines[-1]) if lines else None
        if not lines:
            print(f"{impl} failed:", (p.stderr.strip().splitlines() or ["?"])[-1])
    mine, theirs = results["mxlite"], results["torch"]
    print(f"threads: {threads or 'default'}")
    for key in ("conv_fwd_bwd", "conv_fwd", "lenet_step"):
        if not mine or key not in mine:
            continue
        med, mn = mine[key]
        line = f"{key:14s} mxlite {med * 1e3:7.2f} ms [{mn * 1e3:6.2f}]"
        if theirs and key in theirs:
            tmed, tmn = theirs[key]
            line += f"   torch {tmed * 1e3:7.2f} ms [{tmn * 1e3:6.2f}]   ratio {med / tmed:.2f}"
        print(line)


if __name__ == "__main__":
    main()
