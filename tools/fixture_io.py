"""Writing fixture files for tests/fixtures (imported by the tools/record_*.py scripts, which
run under ../shared/tools/mxnet-ref, where mxlite is not importable). Every write is atomic: a
temporary file in the same folder, then a rename, so an interrupted recording never leaves
half a fixture."""
import contextlib
import json
import os
import tempfile

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures")


def resolve(name):
    """tests/fixtures/`name` for a bare file name; a path with a folder is taken as it is."""
    return os.path.normpath(name if os.path.dirname(name) else os.path.join(FIXTURES, name))


@contextlib.contextmanager
def atomic_path(name):
    """Yields a temporary path in the folder of `name` (see :func:`resolve`) for a writer that
    wants a file name (``nd.save``); renamed to the final path when the block ends without an
    error, removed otherwise."""
    path = resolve(name)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path),
                               prefix="." + os.path.basename(path), suffix=".tmp")
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would survive the rename
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_bytes(name, data):
    """Writes `data` (bytes, or str as UTF-8) to `name` (see :func:`resolve`) atomically;
    returns the normalised path."""
    with atomic_path(name) as tmp:
        with open(tmp, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
    return resolve(name)


def write_json(name, obj, end="", **dump_kw):
    """Writes `obj` as JSON to `name` (see :func:`resolve`) atomically: compact unless `dump_kw`
    says otherwise (json.dumps keywords, e.g. indent=1, sort_keys=True); `end` is appended
    (a final newline). Returns the normalised path."""
    if "separators" not in dump_kw and dump_kw.get("indent") is None:
        dump_kw["separators"] = (",", ":")
    return write_bytes(name, json.dumps(obj, **dump_kw) + end)
