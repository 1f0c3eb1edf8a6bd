"""Gluon helpers: splitting batches across devices, global-norm clipping, hook handles."""
import collections
import hashlib
import os
import warnings
import weakref

import numpy as np

from .. import ndarray
from ..util import is_np_shape

__all__ = ["split_data", "split_and_load", "clip_global_norm", "check_sha1", "download",
           "replace_file"]


def _bounds(size, parts):
    """Slice boundaries that split `size` items into `parts` runs, the first
    ``size % parts`` runs one item longer."""
    base, extra = divmod(size, parts)
    edges = [0]
    for i in range(parts):
        edges.append(edges[-1] + base + (1 if i < extra else 0))
    return edges


def split_data(data, num_slice, batch_axis=0, even_split=True):
    """Splits an NDArray into `num_slice` slices along `batch_axis`.

    Parameters
    ----------
    data : NDArray
    num_slice : int
    batch_axis : int, default 0
    even_split : bool, default True
        Whether to require every slice to hold the same number of elements.

    Returns
    -------
    list of NDArray
    """
    size = data.shape[batch_axis]
    if even_split and size % num_slice:
        raise ValueError(
            f"data with shape {data.shape} cannot be evenly split into {num_slice} slices "
            f"along axis {batch_axis}. Use a batch size that's multiple of {num_slice} or set "
            f"even_split=False to allow uneven partitioning of data.")
    edges = _bounds(size, num_slice)
    pieces = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        if batch_axis == 0:
            pieces.append(data[lo:hi])
        else:
            pieces.append(ndarray.slice_axis(data, axis=batch_axis, begin=lo, end=hi))
    return pieces


def split_and_load(data, ctx_list, batch_axis=0, even_split=True):
    """Splits an NDArray into ``len(ctx_list)`` slices and loads each onto one context.

    Returns
    -------
    list of NDArray
    """
    if not isinstance(data, ndarray.NDArray):
        data = ndarray.array(data, ctx=ctx_list[0])
    if len(ctx_list) == 1:
        return [data.as_in_context(ctx_list[0])]
    pieces = split_data(data, len(ctx_list), batch_axis, even_split)
    return [piece.as_in_context(ctx) for piece, ctx in zip(pieces, ctx_list)]


def clip_global_norm(arrays, max_norm, check_isfinite=True):
    """Rescales NDArrays in place so that the 2-norm of their concatenation is at most
    `max_norm`; returns the total norm before rescaling (a float when `check_isfinite`)."""
    assert len(arrays) > 0
    squares = sum(float(np.vdot(v, v)) for v in
                  (a.asnumpy().astype(np.float64).ravel() for a in arrays))
    norm = squares ** 0.5
    if check_isfinite and not np.isfinite(norm):
        warnings.warn(UserWarning("nan or inf is detected. Clipping results will be undefined."),
                      stacklevel=2)
    factor = max_norm / (norm + 1e-8)
    if factor < 1.0:
        for a in arrays:
            a *= factor
    return np.float32(norm) if check_isfinite else ndarray.array([norm], ctx=arrays[0].context)


def _indent(s_, numSpaces):
    """Indents every line of `s_` but the first by `numSpaces` spaces."""
    head, sep, rest = s_.partition("\n")
    if not sep:
        return s_
    pad = " " * numSpaces
    return head + "\n" + "\n".join(pad + line for line in rest.split("\n"))


def _brief_print_list(lst, limit=7):
    """'a', 'b', ..., 'z': at most `limit` quoted items of `lst` (the middle elided)."""
    items = list(lst)
    if len(items) > limit:
        head = limit // 2
        return ", ".join(f"'{x}'" for x in items[:head]) + ", ..., " + \
            ", ".join(f"'{x}'" for x in items[head - limit:])
    return ", ".join(f"'{x}'" for x in items)


def check_sha1(filename, sha1_hash):
    """Whether the sha1 hash of the file content matches `sha1_hash`."""
    digest = hashlib.sha1()
    with open(filename, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest() == sha1_hash


def replace_file(src, dst):
    """Atomically moves `src` to `dst`."""
    os.replace(src, dst)


def _progress(total):
    """A progress bar over bytes: tqdm when installed (an optional extra), else a plain text
    bar on stderr; None when the size is unknown or stderr is not a terminal."""
    import sys
    try:
        from tqdm import tqdm
        return tqdm(total=total, unit="B", unit_scale=True, leave=False)
    except ImportError:
        pass
    if not total or not sys.stderr.isatty():
        return None

    class _Bar:
        n = 0

        def update(self, k):
            self.n += k
            done = int(30 * self.n / total)
            sys.stderr.write(f"\r[{'#' * done}{'.' * (30 - done)}] {self.n / total:6.1%}")
            sys.stderr.flush()

        def close(self):
            sys.stderr.write("\n")
    return _Bar()


def download(url, path=None, overwrite=False, sha1_hash=None, retries=5, verify_ssl=True):
    """Download a given URL

    Parameters
    ----------
    url : str
        URL to download
    path : str, optional
        Destination path to store downloaded file. By default stores to the
        current directory with same name as in url.
    overwrite : bool, optional
        Whether to overwrite destination file if already exists.
    sha1_hash : str, optional
        Expected sha1 hash in hexadecimal digits. Will ignore existing file when hash is
        specified but doesn't match.
    retries : integer, default 5
        The number of times to attempt the download in case of failure or non 200 return codes
    verify_ssl : bool, default True
        Verify SSL certificates.

    Returns
    -------
    str
        The file path of the downloaded file.
    """
    import ssl
    import urllib.request
    import uuid
    import warnings
    if path is None:
        fname = url.split("/")[-1]
        assert fname, "Can't construct file-name from this URL. Please set the `path` option " \
                      "manually."
    else:
        path = os.path.expanduser(path)
        fname = os.path.join(path, url.split("/")[-1]) if os.path.isdir(path) else path
    assert retries >= 0, f"Number of retries should be at least 0, currently it's {retries}"
    context = None
    if not verify_ssl:
        warnings.warn("Unverified HTTPS request is being made (verify_ssl=False). "
                      "Adding certificate verification is strongly advised.")
        context = ssl._create_unverified_context()  # noqa: S323 - the caller asked for it
    if overwrite or not os.path.exists(fname) or (sha1_hash and not check_sha1(fname, sha1_hash)):
        os.makedirs(os.path.dirname(os.path.abspath(fname)), exist_ok=True)
        while retries + 1 > 0:
            tmp = f"{fname}.{uuid.uuid4()}"
            try:
                print(f"Downloading {fname} from {url}...")
                with urllib.request.urlopen(url, context=context, timeout=60) as r:
                    if getattr(r, "status", 200) != 200:
                        raise RuntimeError(f"Failed downloading url {url}")
                    total = int(r.headers.get("Content-Length") or 0)
                    bar = _progress(total)
                    with open(tmp, "wb") as f:
                        for chunk in iter(lambda: r.read(1 << 16), b""):
                            f.write(chunk)
                            if bar is not None:
                                bar.update(len(chunk))
                    if bar is not None:
                        bar.close()
                if not os.path.exists(fname) or (sha1_hash and not check_sha1(fname, sha1_hash)):
                    replace_file(tmp, fname)
                else:
                    os.remove(tmp)
                    warnings.warn(f"File {fname} exists in file system so the downloaded file "
                                  f"is deleted")
                if sha1_hash and not check_sha1(fname, sha1_hash):
                    raise UserWarning(
                        f"File {fname} is downloaded but the content hash does not match. The "
                        f"repo may be outdated or download may be incomplete. If the "
                        f'"repo_url" is overridden, consider switching to the default repo.')
                break
            except Exception as e:  # noqa: BLE001 - retried, then re-raised as MXNet does
                if os.path.exists(tmp):
                    os.remove(tmp)
                retries -= 1
                if retries <= 0:
                    raise e
                print(f"download failed due to {e!r}, retrying, {retries} attempt"
                      f"{'s' if retries > 1 else ''} left")
    return fname


class HookHandle:
    """A handle returned by ``register_forward_hook``; ``detach()`` removes the hook (also on
    leaving a ``with`` block)."""

    def __init__(self):
        self._table = None   # weak reference to the block's hook dict
        self._id = None

    def attach(self, hooks_dict, hook):
        assert self._table is None, "The same handle cannot be attached twice."
        self._id = id(hook)
        hooks_dict[self._id] = hook
        self._table = weakref.ref(hooks_dict)

    def detach(self):
        """Removes the hook from its block."""
        table = self._table() if self._table is not None else None
        if table is not None:
            table.pop(self._id, None)

    def __getstate__(self):
        return (self._table() if self._table is not None else None, self._id)

    def __setstate__(self, state):
        table, self._id = state
        self._table = weakref.ref(table if table is not None else collections.OrderedDict())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.detach()


def shape_is_known(shape):
    """Whether every dimension of `shape` is known (0 means unknown in legacy mode, -1 under
    numpy shape semantics)."""
    if shape is None:
        return False
    unknown = -1 if is_np_shape() else 0
    if not shape:
        return unknown == -1
    for d in shape:
        assert d >= unknown, f"shape dimension size cannot be less than {unknown}, while " \
                             f"received {d}"
    return unknown not in shape
