"""Devices. ``ctx.xp`` is the array module arrays on that device use: THE backend seam.

NumPy serves every CPU context; ``mx.gpu(i)`` objects exist, and allocating on a GPU raises
MXNetError unless CuPy and a GPU are present (tutorials probe for a GPU exactly that way).
"""
import threading

import numpy as np

from .base import MXNetError

__all__ = ["Context", "cpu", "gpu", "cpu_pinned", "current_context", "num_gpus"]


class Context:
    """A device: ``Context('cpu', 0)``, ``Context('gpu', 1)``; also a ``with`` scope that
    makes itself the default context."""
    devtype2str = {1: "cpu", 2: "gpu", 3: "cpu_pinned", 5: "cpu_shared"}
    devstr2type = {"cpu": 1, "gpu": 2, "cpu_pinned": 3, "cpu_shared": 5}
    _default = threading.local()

    def __init__(self, device_type, device_id=0):
        if isinstance(device_type, Context):
            self.device_typeid, self.device_id = device_type.device_typeid, device_type.device_id
        else:
            if device_type not in self.devstr2type:
                raise ValueError(f"unknown device type {device_type!r}; expected one of "
                                 f"{sorted(self.devstr2type)}")
            self.device_typeid, self.device_id = self.devstr2type[device_type], int(device_id)
        self._old = []
        if self.device_typeid != 2:
            self.xp = np  # GPU contexts resolve xp lazily in __getattr__

    def __getattr__(self, attr):
        if attr == "xp" and self.__dict__.get("device_typeid") == 2:
            return _gpu_module(self.device_id)
        raise AttributeError(f"'Context' object has no attribute '{attr}'")

    @property
    def device_type(self):
        return self.devtype2str[self.device_typeid]

    def __hash__(self):
        return hash((self.device_typeid, self.device_id))

    def __eq__(self, other):
        return (isinstance(other, Context) and self.device_typeid == other.device_typeid
                and self.device_id == other.device_id)

    def __ne__(self, other):
        return not self == other

    def __repr__(self):
        return f"{self.device_type}({self.device_id})"

    __str__ = __repr__

    def __enter__(self):
        self._old.append(current_context())
        Context._default.value = self
        return self

    def __exit__(self, *exc):
        Context._default.value = self._old.pop()

    def empty_cache(self):
        """Releases cached device memory (a no-op on the CPU)."""


def _gpu_module(device_id):
    try:
        import cupy
        n = cupy.cuda.runtime.getDeviceCount()
    except Exception:  # noqa: BLE001 - no CuPy or no driver both mean "no GPU"
        n = 0
    if device_id >= n:
        raise MXNetError(f"Check failed: e == cudaSuccess: no CUDA-capable device is detected "
                         f"(gpu({device_id}) requested, {n} GPU(s) available)")
    return cupy


def cpu(device_id=0):
    """The CPU context ``cpu(device_id)``."""
    return Context("cpu", device_id)


def gpu(device_id=0):
    """The GPU context ``gpu(device_id)``; allocating on it needs CuPy and a GPU."""
    return Context("gpu", device_id)


def cpu_pinned(device_id=0):
    """Pinned CPU memory context (plain CPU memory in mxlite)."""
    return Context("cpu_pinned", device_id)


CPU0 = Context("cpu", 0)


def current_context():
    """The default context of this thread (``cpu(0)`` unless a ``with ctx:`` scope is open)."""
    return getattr(Context._default, "value", CPU0)


def num_gpus():
    """The number of GPUs CuPy can see (0 without CuPy)."""
    try:
        import cupy
        return int(cupy.cuda.runtime.getDeviceCount())
    except Exception:  # noqa: BLE001
        return 0
