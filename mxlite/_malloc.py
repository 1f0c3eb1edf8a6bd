"""Allocator tuning for array workloads (glibc only; opt out with MXLITE_MALLOC_TUNING=0).

NumPy allocates every temporary with malloc. glibc serves blocks above a (dynamic)
threshold with fresh mmap calls and returns them to the OS on free, so a training step that
creates the same large temporaries every iteration pays page faults for all of them, every
time. Raising the mmap threshold (256 MB) and the trim threshold (512 MB) keeps freed blocks
in the heap for reuse, the way a framework's caching allocator does: measured 13-15% off a
LeNet step and about 25% off big elementwise steps. The cost is that up to 512 MB of freed
memory may stay mapped in the process.
"""
import ctypes
import os
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def tune():
    """Applies the thresholds once; returns True if glibc accepted them."""
    if os.environ.get("MXLITE_MALLOC_TUNING", "1") == "0" or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, …): leave the allocator alone
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(_M_MMAP_THRESHOLD, 256 << 20)) and bool(mallopt(_M_TRIM_THRESHOLD, 512 << 20))


TUNED = tune()
