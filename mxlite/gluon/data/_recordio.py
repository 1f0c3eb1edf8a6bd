"""Reading MXNet's RecordIO files (.rec with its .idx index) in pure Python, for
RecordFileDataset and ImageRecordDataset.

Format (dmlc-core): each chunk is ``uint32 magic 0xced7230a``, ``uint32 lrec`` (upper 3 bits
a continuation flag, lower 29 bits the length), the data, padding to 4 bytes. A record
holding the magic number at a 4-byte aligned offset is split into parts there (flags 1
start, 2 middle, 3 end); reading joins the parts with the magic number between them. The
.idx file has one ``key<TAB>offset`` line per record.
"""
import os
import struct
from collections import namedtuple

import numpy as np

from ...base import MXNetError

_MAGIC = 0xced7230a
_MAGIC_BYTES = struct.pack("<I", _MAGIC)

IRHeader = namedtuple("HEADER", ["flag", "label", "id", "id2"])
_IR_FORMAT = "IfQQ"
_IR_SIZE = struct.calcsize(_IR_FORMAT)


class IndexedRecordReader:
    """Random access to the records of `uri` through the index file `idx_path`.

    The file is opened lazily in each process (so datasets holding a reader can be sent to
    DataLoader workers)."""

    def __init__(self, idx_path, uri, key_type=int):
        self.idx_path, self.uri = idx_path, uri
        self.idx, self.keys = {}, []
        with open(idx_path) as f:
            for line in f:
                parts = line.strip().split("\t")
                if len(parts) < 2:
                    continue
                key = key_type(parts[0])
                self.idx[key] = int(parts[1])
                self.keys.append(key)
        if not os.path.exists(uri):
            raise MXNetError(f"RecordIO file {uri} does not exist")
        self._f, self._pid = None, None

    def __getstate__(self):
        d = dict(self.__dict__)
        d["_f"], d["_pid"] = None, None
        return d

    def _file(self):
        if self._f is None or self._pid != os.getpid():
            self._f, self._pid = open(self.uri, "rb"), os.getpid()
        return self._f

    def read_idx(self, key):
        """The bytes of the record with index key `key`."""
        f = self._file()
        f.seek(self.idx[key])
        parts = []
        while True:
            head = f.read(8)
            if len(head) < 8:
                raise MXNetError(f"{self.uri}: truncated record at key {key}")
            magic, lrec = struct.unpack("<II", head)
            if magic != _MAGIC:
                raise MXNetError(f"{self.uri}: invalid RecordIO magic number at key {key}")
            cflag, length = lrec >> 29, lrec & ((1 << 29) - 1)
            parts.append(f.read(length))
            f.read((4 - length % 4) % 4)
            if cflag in (0, 3):
                break
        return _MAGIC_BYTES.join(parts)

    def close(self):
        if self._f is not None:
            self._f.close()
            self._f = None


def unpack(s):
    """Splits an image record into (IRHeader, payload bytes), as mx.recordio.unpack: a
    positive header flag means that many float32 labels follow the header."""
    header = IRHeader(*struct.unpack(_IR_FORMAT, s[:_IR_SIZE]))
    s = s[_IR_SIZE:]
    if header.flag > 0:
        header = header._replace(label=np.frombuffer(s, np.float32, header.flag))
        s = s[header.flag * 4:]
    return header, s


def imdecode(buf, flag=1):
    """Decodes an encoded image (PNG, JPEG, ...) to an HWC uint8 numpy array: RGB when
    flag is 1, one gray channel when 0. Needs Pillow (an optional extra: mxlite has no
    OpenCV); without it, raises MXNetError."""
    try:
        from PIL import Image
    except ImportError:
        raise MXNetError("decoding images needs Pillow (pip install pillow), as mxlite has "
                         "no OpenCV") from None
    import io
    img = Image.open(io.BytesIO(bytes(buf)))
    a = np.asarray(img.convert("RGB" if flag else "L"), dtype=np.uint8)
    return a if flag else a[:, :, None]
