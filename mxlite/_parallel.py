"""Intra-op parallelism for large kernels.

NumPy releases the GIL inside ufunc loops, copies and fills, so a large elementwise kernel
split into contiguous chunks runs on several cores from plain Python threads (MXNet does the
same with OpenMP). Only arrays of at least ``MIN_SIZE`` elements are split: below that the
hand-off (~20 us) costs more than it saves.

Threads: ``MXLITE_NUM_THREADS``, else ``OMP_NUM_THREADS``, else the CPUs this process may
run on (at most 8); 1 turns the splitting off. A kernel already running in a worker is never
split again (no nested waits), and a forked child (DataLoader workers) starts a fresh pool.
"""
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

__all__ = ["num_threads", "set_num_threads", "run", "binary", "copyto", "fill", "MIN_SIZE"]

MIN_SIZE = 1 << 19   # elements; a 512k float32 multiply takes ~0.2 ms on one core
_ALIGN = 1024        # chunk boundaries on multiples of this (no shared cache lines)


def _default_threads():
    for var in ("MXLITE_NUM_THREADS", "OMP_NUM_THREADS"):
        v = os.environ.get(var, "").strip()
        if v:
            try:
                return max(1, int(v.split(",")[0]))
            except ValueError:
                pass
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(8, n))


_nthreads = _default_threads()
_pool = None
_pool_lock = threading.Lock()
_tls = threading.local()


def num_threads():
    """The number of threads a large kernel is split over (1: no splitting)."""
    return _nthreads


def set_num_threads(n):
    """Sets the number of threads for large kernels; returns the previous number."""
    global _nthreads, _pool
    n = int(n)
    if n < 1:
        raise ValueError(f"the number of threads must be at least 1, got {n}")
    with _pool_lock:
        prev, _nthreads = _nthreads, n
        old, _pool = _pool, None
    if old is not None:
        old.shutdown(wait=False)
    return prev


def _mark_worker():
    _tls.worker = True


def _get_pool():
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=_nthreads - 1, initializer=_mark_worker,
                                       thread_name_prefix="mxlite-kernel")
        return _pool


def _after_fork():
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def parts(total):
    """How many chunks a kernel over `total` elements is split into (1: run it as is)."""
    n = _nthreads
    if n <= 1 or total < MIN_SIZE or getattr(_tls, "worker", False):
        return 1
    return min(n, total // (MIN_SIZE // 2))


def run(fn, total, k=None):
    """Calls ``fn(start, stop)`` over [0, total) in `k` (default: :func:`parts`) contiguous
    chunks, one in this thread and the rest in the pool; returns once all are done and
    re-raises the first error."""
    k = parts(total) if k is None else k
    if k <= 1:
        fn(0, total)
        return
    step = -(-total // k)
    step += -step % _ALIGN
    bounds = [(i, min(i + step, total)) for i in range(0, total, step)]
    pool = _get_pool()
    err_mode = np.geterr()  # the caller's floating-point error handling holds in the workers

    def task(a, b):
        with np.errstate(**err_mode):
            fn(a, b)
    futures = [pool.submit(task, a, b) for a, b in bounds[1:]]
    err = None
    try:
        fn(*bounds[0])
    except BaseException as e:  # still wait: the workers write into the same arrays
        err = e
    for f in futures:
        try:
            f.result()
        except BaseException as e:
            err = err or e
    if err is not None:
        raise err


def binary(ufunc, a, b):
    """``ufunc(a, b)`` for two C-contiguous arrays of one shape and dtype, result in that
    dtype, split over threads."""
    out = np.empty(a.shape, a.dtype)
    fa, fb, fo = a.reshape(-1), b.reshape(-1), out.reshape(-1)
    run(lambda i, j: ufunc(fa[i:j], fb[i:j], out=fo[i:j]), fa.size)
    return out


def copyto(dst, src):
    """``dst[...] = src`` for same-shape arrays; split over threads when both are large and
    C-contiguous (else one NumPy assignment, which also broadcasts and casts)."""
    if (dst.size < MIN_SIZE or dst.shape != src.shape or not dst.flags.c_contiguous
            or not src.flags.c_contiguous or parts(dst.size) <= 1):
        dst[...] = src
        return
    fd, fs = dst.reshape(-1), src.reshape(-1)
    run(lambda i, j: np.copyto(fd[i:j], fs[i:j], casting="unsafe"), fd.size)


def fill(dst, value):
    """``dst.fill(value)`` split over threads for a large C-contiguous array."""
    if dst.size < MIN_SIZE or not dst.flags.c_contiguous or parts(dst.size) <= 1:
        dst.fill(value)
        return
    fd = dst.reshape(-1)
    run(lambda i, j: fd[i:j].fill(value), fd.size)


BLOCK = 1 << 16  # elements per block of a blocked elementwise kernel (fits in L2 with temps)


def blockwise(fwd, xp, arrays, attrs, out=None, serial=False):
    """An elementwise forward ``fwd(xp, *arrays, **attrs)`` evaluated block by block over
    C-contiguous same-shape inputs, the blocks shared out over threads: every temporary of a
    multi-pass kernel (sigmoid, a fused gradient, an optimizer update) stays in cache, and
    all cores work. fwd may also update other inputs in place (optimizer states): each block
    sees views. `out` (same shape, C-contiguous; may be one of the inputs, since a block is
    computed whole before it is written) receives the result instead of a new array.
    `serial`: arrays too small to split (from two blocks) still go block by block, in this
    thread, for the cache. None when the inputs do not qualify (the caller then runs fwd as
    is)."""
    a0 = arrays[0]
    shape, n = a0.shape, a0.size
    if xp is not np or (parts(n) <= 1 and not (serial and n >= 2 * BLOCK)):
        return None
    for a in arrays if out is None else arrays + (out,):
        if type(a) is not np.ndarray or a.shape != shape or not a.flags.c_contiguous:
            return None
    flat = [a.reshape(-1) for a in arrays]
    first = fwd(xp, *[f[:BLOCK] for f in flat], **attrs)
    if type(first) is not np.ndarray or first.shape != (BLOCK,):
        raise AssertionError("blockwise: the kernel is not elementwise")  # (state may be
        # half updated: never call blockwise with a kernel that is not elementwise)
    res = out
    out = np.empty(n, first.dtype) if res is None else res.reshape(-1)
    out[:BLOCK] = first

    def chunk(i, j):
        for s in range(i, j, BLOCK):
            e = min(s + BLOCK, j)
            out[s:e] = fwd(xp, *[f[s:e] for f in flat], **attrs)
    # the first block is done; blocks of the rest are split over the threads
    rest = n - BLOCK
    run(lambda i, j: chunk(BLOCK + i, BLOCK + j), rest)
    return out.reshape(shape) if res is None else res


def into(kernel, xp, x):
    """``kernel(x, out)`` over threads for a large C-contiguous float array x, the output of
    x's dtype and shape (None if x does not qualify)."""
    if (xp is not np or type(x) is not np.ndarray or x.dtype.kind != "f"
            or not x.flags.c_contiguous or parts(x.size) <= 1):
        return None
    out = np.empty_like(x)
    fx, fo = x.reshape(-1), out.reshape(-1)
    run(lambda i, j: kernel(fx[i:j], fo[i:j]), fx.size)
    return out


_BLAS_SETTERS = ("openblas_set_num_threads", "openblas_set_num_threads64_",
                 "scipy_openblas_set_num_threads", "scipy_openblas_set_num_threads64_",
                 "MKL_Set_Num_Threads")


def set_blas_threads(n):
    """Sets the thread count of the BLAS libraries loaded in this process (OpenBLAS, MKL),
    as DataLoader workers do (n=1): several processes each spinning a BLAS thread per core
    slow everything down many times. Returns how many libraries took the setting."""
    import ctypes
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split(None, 5)[5].strip() for line in f
                     if len(line.split(None, 5)) == 6 and ".so" in line
                     and ("blas" in line or "mkl" in line)}
    except OSError:
        return 0
    done = 0
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in _BLAS_SETTERS:
            fn = getattr(lib, name, None)
            if fn is not None:
                fn.argtypes = (ctypes.c_int,)
                fn.restype = None
                fn(int(n))
                done += 1
                break
    return done
