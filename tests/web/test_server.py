"""``daihoi web serve`` as ``make run`` starts it: waitress, whitenoise and the task worker.

One real server on a free loopback port with its own data folder (SQLite, demo data): the pages
answer, static files come from whitenoise, an organisation import is done by the worker, a worker
killed with SIGKILL is started again, and SIGTERM stops the server and its worker together.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

DEMO_PASSWORD = "daihoi2025"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Browser:
    """A user agent with cookies that never follows redirects (so they can be asserted)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None):
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            response = self.opener.open(req, timeout=30)
        except urllib.error.HTTPError as exc:
            response = exc
        body = response.read()
        return response.status, response.headers, body

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def login(self, username: str) -> None:
        self.request("/accounts/login/")
        form = urllib.parse.urlencode(
            {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": self.csrf()}
        ).encode()
        status, _, _ = self.request(
            "/accounts/login/",
            form,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.base + "/"},
        )
        assert status == 302, "login failed"

    def upload(self, path: str, field: str, filename: str, content: bytes):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{self.csrf()}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
            + content
            + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        return self.request(
            path,
            b"".join(parts),
            {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": self.base + path,
            },
        )


def child_pids(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(x) for x in out.stdout.split()]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    data = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DAIHOI_"))}
    env["DAIHOI_DATA_DIR"] = str(data / "var")
    log = open(data / "serve.log", "w+")  # noqa: SIM115 (read back on failure)
    process = subprocess.Popen(
        [sys.executable, "-m", "daihoi.cli.main", "web", "serve", "--port", str(port)],
        env=env,
        cwd=data,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=2)
            break
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.5)
    else:
        process.kill()
    if process.poll() is not None:
        log.seek(0)
        pytest.fail("daihoi web serve did not start:\n" + log.read())
    yield base, process
    if process.poll() is None:
        process.kill()
        process.wait()
    log.close()


def test_it_serves_the_pages_and_static_files_with_waitress(server) -> None:
    base, _ = server
    browser = Browser(base)
    status, headers, _ = browser.request("/")
    assert status == 302 and "/accounts/login/" in headers["Location"]
    status, headers, body = browser.request("/static/daihoi/daihoi.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css") and body
    assert headers["Server"] == "daihoi"  # waitress, not Django's development server
    browser.login("vanphong")
    for page in ("/", "/orgs/", "/season/", "/audit/", "/orgs/import/"):
        status, _, body = browser.request(page)
        assert status == 200, page
        assert b'lang="vi"' in body
    status, _, body = browser.request("/no/such/page/")
    assert status == 404 and "Không tìm thấy trang".encode() in body


def test_the_worker_imports_a_file_and_is_restarted_when_killed(server) -> None:
    base, process = server
    browser = Browser(base)
    browser.login("vanphong")

    def import_cell(code: str) -> str:
        # Under TW, the demo's central organisation (vanphong's unit).
        csv = (
            "code,name,parent_code,level,type,members\n"
            f"{code},Đảng bộ thử {code},TW,province,Đảng bộ tỉnh,12\n"
        )
        status, headers, _ = browser.upload("/orgs/import/", "file", f"{code}.csv", csv.encode())
        assert status == 302, "the upload is only stored and queued"
        job_url = urllib.parse.urlparse(headers["Location"]).path
        assert re.fullmatch(r"/orgs/import/\d+/", job_url)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            _, _, page = browser.request(job_url)
            state = re.search(rb'data-state="(\w+)"', page)
            if state and state.group(1) in (b"done", b"rejected", b"failed"):
                return state.group(1).decode()
            time.sleep(0.3)
        return "timeout"

    assert import_cell("T1") == "done"
    workers = child_pids(process.pid)
    assert len(workers) == 1
    os.kill(workers[0], signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        alive = [p for p in child_pids(process.pid) if p != workers[0]]
        if alive:
            break
        time.sleep(0.2)
    assert alive, "the killed worker was not started again"
    assert import_cell("T2") == "done"
    _, _, body = browser.request("/orgs/?q=T2")
    assert "Đảng bộ thử T2".encode() in body


def test_sigterm_stops_the_server_and_its_worker(server) -> None:
    _, process = server
    workers = child_pids(process.pid)
    assert workers
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    time.sleep(0.5)
    for pid in workers:
        gone = not Path(f"/proc/{pid}").exists()
        assert gone or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()


def test_a_server_killed_with_sigkill_takes_its_worker_with_it(tmp_path: Path) -> None:
    """A worker whose server is gone leaves by itself (else it would run on beside the next)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DAIHOI_"))}
    env["DAIHOI_DATA_DIR"] = str(tmp_path / "var")
    process = subprocess.Popen(
        [sys.executable, "-m", "daihoi.cli.main", "web", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 240
        workers: list[int] = []
        while time.monotonic() < deadline and not workers:
            workers = child_pids(process.pid)
            time.sleep(0.5)
        assert workers, "no worker started"
        time.sleep(2)  # the worker is up and watching
    finally:
        process.kill()
        process.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in workers):
        time.sleep(0.3)
    alive = [p for p in workers if Path(f"/proc/{p}").exists()]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, "the worker ran on after its server was killed"
