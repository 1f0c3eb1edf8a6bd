"""save/load in MXNet's binary NDArray format (files from real MXNet load; ours load there).

List file: u64 0x112, u64 0, u64 N, N array records, u64 K, K names (u64 length + bytes).
Array record V2: u32 0xF993FAC9, i32 stype (0 dense), i32 ndim, ndim x i64, i32 dev_type,
i32 dev_id, i32 type flag, raw C-order data. V3 (0xF993FACA) is the same under numpy shape
semantics (mxlite writes it for 0-d arrays only); V1 and the legacy v0 layout are read too.
"""
import os
import struct

import numpy as np

from ..base import DTYPE_TO_FLAG, FLAG_TO_DTYPE, MXNetError, atomic_write
from ..context import Context, cpu
from .ndarray import NDArray, _wrap

__all__ = ["save", "load", "load_frombuffer"]

LIST_MAGIC = 0x112
V1, V2, V3 = 0xF993FAC8, 0xF993FAC9, 0xF993FACA


def _record_bytes(arr):
    data = arr.asnumpy()  # a C-ordered copy (np.ascontiguousarray would make 0-d into 1-d)
    flag = DTYPE_TO_FLAG.get(data.dtype)
    if flag is None:
        raise MXNetError(f"cannot save an array of dtype {data.dtype}")
    magic = V3 if data.ndim == 0 else V2
    ctx = arr.context
    head = struct.pack("<Iii", magic, 0, data.ndim) + struct.pack(f"<{data.ndim}q", *data.shape)
    head += struct.pack("<iii", ctx.device_typeid, ctx.device_id, flag)
    return head + data.astype(data.dtype.newbyteorder("<"), copy=False).tobytes()


def _take(buf, pos, fmt):
    size = struct.calcsize(fmt)
    if pos + size > len(buf):
        raise MXNetError("Invalid NDArray file format: the data ends before the record does "
                         "(truncated file?)")
    return struct.unpack_from(fmt, buf, pos), pos + size


def _read_record(buf, pos):
    """(numpy array, Context, next position) for the array record at `pos`."""
    (magic,), pos = _take(buf, pos, "<I")
    if magic in (V2, V3):
        (stype,), pos = _take(buf, pos, "<i")
        if stype != 0:
            raise MXNetError(f"sparse arrays (storage type {stype}) are not supported by mxlite")
        (ndim,), pos = _take(buf, pos, "<i")
        shape, pos = _take(buf, pos, f"<{ndim}q")
        if ndim == 0 and magic == V2:
            return np.zeros((0,), np.float32), cpu(), pos
    elif magic == V1:
        (ndim,), pos = _take(buf, pos, "<i")
        shape, pos = _take(buf, pos, f"<{ndim}q")
    else:  # legacy v0: the first word is ndim
        ndim = magic
        if ndim > 32:
            raise MXNetError(f"Invalid NDArray file format: unknown record magic 0x{magic:08x}")
        shape, pos = _take(buf, pos, f"<{ndim}I")
        if ndim == 0:
            return np.zeros((0,), np.float32), cpu(), pos
    (dev_type, dev_id, flag), pos = _take(buf, pos, "<iii")
    if flag not in FLAG_TO_DTYPE:
        raise MXNetError(f"Invalid NDArray file format: unknown type flag {flag}")
    dt = FLAG_TO_DTYPE[flag]
    n = int(np.prod(shape, dtype=np.int64)) if shape else 1
    nbytes = n * dt.itemsize
    if pos + nbytes > len(buf):
        raise MXNetError("Invalid NDArray file format: the data ends before the record does "
                         "(truncated file?)")
    data = np.frombuffer(buf, dtype=dt.newbyteorder("<"), count=n, offset=pos).astype(dt)
    ctx = cpu() if dev_type == 2 else Context(Context.devtype2str.get(dev_type, "cpu"), dev_id)
    return data.reshape(shape), ctx, pos + nbytes


def _to_bytes(data):
    if isinstance(data, NDArray):
        items, names = [data], []
    elif isinstance(data, dict):
        for k, v in data.items():
            if not isinstance(k, str) or not isinstance(v, NDArray):
                raise ValueError("save only accepts dict str->NDArray or list of NDArray")
        names, items = list(data.keys()), list(data.values())
    elif isinstance(data, (list, tuple)):
        if not all(isinstance(v, NDArray) for v in data):
            raise ValueError("save only accepts dict str->NDArray or list of NDArray")
        items, names = list(data), []
    else:
        raise ValueError("data needs to either be a NDArray, dict of str, NDArray pairs or a "
                         "list of NDarrays.")
    parts = [struct.pack("<QQQ", LIST_MAGIC, 0, len(items))]
    parts += [_record_bytes(a) for a in items]
    parts.append(struct.pack("<Q", len(names)))
    for k in names:
        kb = k.encode("utf-8")
        parts.append(struct.pack("<Q", len(kb)) + kb)
    return b"".join(parts)


def save(fname, data):
    """Saves an NDArray, a list of NDArrays or a dict of str->NDArray to `fname`
    (written atomically, in MXNet's binary format)."""
    atomic_write(fname, _to_bytes(data))


def load_frombuffer(buf):
    """Loads arrays saved by `save` from a bytes object: a list, or a dict if names exist."""
    buf = memoryview(bytes(buf))
    (magic, _reserved, n), pos = _take(buf, 0, "<QQQ")
    if magic != LIST_MAGIC:
        raise MXNetError("Invalid NDArray file format: bad magic number (not an MXNet "
                         "NDArray file)")
    arrays = []
    for _ in range(n):
        data, ctx, pos = _read_record(buf, pos)
        arrays.append(_wrap(data, cpu() if ctx.device_typeid == 2 else ctx))
    (k,), pos = _take(buf, pos, "<Q")
    if k == 0:
        return arrays
    if k != n:
        raise MXNetError(f"Invalid NDArray file format: {k} names for {n} arrays")
    names = []
    for _ in range(k):
        (ln,), pos = _take(buf, pos, "<Q")
        if pos + ln > len(buf):
            raise MXNetError("Invalid NDArray file format: truncated name")
        names.append(bytes(buf[pos:pos + ln]).decode("utf-8"))
        pos += ln
    return dict(zip(names, arrays))


def load(fname):
    """Loads arrays from a file written by `save` (or by real MXNet)."""
    with open(os.fspath(fname), "rb") as f:
        return load_frombuffer(f.read())
