"""gluon.utils.download: local server, sha1 checks, retries, cached files."""
import hashlib
import http.server
import threading

import pytest

from mxlite.gluon.utils import check_sha1, download

PAYLOAD = b"mxlite download test " * 1000


class _Handler(http.server.BaseHTTPRequestHandler):
    fails = [0]

    def do_GET(self):  # noqa: N802
        if self.path.startswith("/flaky") and _Handler.fails[0] > 0:
            _Handler.fails[0] -= 1
            self.send_response(500)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(PAYLOAD)))
        self.end_headers()
        self.wfile.write(PAYLOAD)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    srv = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_download_checks_sha1_and_reuses_cache(server, tmp_path):
    sha1 = hashlib.sha1(PAYLOAD).hexdigest()
    f = download(server + "/data.bin", path=str(tmp_path), sha1_hash=sha1)
    assert f == str(tmp_path / "data.bin") and check_sha1(f, sha1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.bin"]
    # a cached file with the right hash is not fetched again (no server needed)
    assert download("http://127.0.0.1:9/data.bin", path=str(tmp_path), sha1_hash=sha1) == f


def test_download_retries_then_succeeds(server, tmp_path, capsys):
    _Handler.fails[0] = 2
    f = download(server + "/flaky.bin", path=str(tmp_path / "x.bin"), retries=3)
    assert open(f, "rb").read() == PAYLOAD
    assert "retrying" in capsys.readouterr().out


def test_download_bad_hash_raises(server, tmp_path):
    with pytest.raises(UserWarning, match="hash does not match"):
        download(server + "/d.bin", path=str(tmp_path), sha1_hash="0" * 40, retries=1)


def test_download_unreachable_raises(tmp_path):
    with pytest.raises(Exception):
        download("http://127.0.0.1:9/nothing.bin", path=str(tmp_path), retries=0)
