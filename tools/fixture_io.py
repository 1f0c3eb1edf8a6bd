"""Writing fixture files for tests/fixtures (imported by the tools/record_*.py scripts, which
run under ../shared/tools/mxnet-ref, where mxlite is not importable)."""
import json
import os
import tempfile

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures")


def write_json(name, obj):
    """Writes `obj` as compact JSON to tests/fixtures/`name` atomically (a temporary file in
    the same folder, then a rename: an interrupted recording never leaves half a fixture);
    returns the normalised path."""
    path = os.path.normpath(os.path.join(FIXTURES, name))
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix="." + name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(obj, f, separators=(",", ":"))
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path
