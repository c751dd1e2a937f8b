"""A real ``daihoi web serve`` (waitress + task worker, SQLite, demo data) to attack from outside.

Everything here talks to the server as a browser, a scanning PC or an operator would: HTTP, the
seeding helper run as a separate process, ``kill -9``, ``daihoi count scan`` for the reference
counts, ``sqlite3`` on the database file. Nothing imports the code under test.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.web.test_server import Browser, child_pids

ROOT = Path(__file__).resolve().parents[3]
SRC = ROOT / "src"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DAIHOI_"))}
    env["DAIHOI_DATA_DIR"] = str(data / "var")
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@dataclass
class Server:
    data: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[str] | None = None
    seen: set[int] = field(default_factory=set)  # every pid we started (server, workers)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data / "serve.log"

    @property
    def db_path(self) -> Path:
        return self.data / "var" / "daihoi.sqlite3"

    def start(self) -> None:
        log = open(self.log_path, "a")  # noqa: SIM115 (kept by the child)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "daihoi.cli.main", "web", "serve", "--port", str(self.port)],
            env=server_env(self.data),
            cwd=self.data,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.seen.add(self.process.pid)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/accounts/login/", timeout=3)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.5)
        if self.process.poll() is not None:
            raise RuntimeError("server did not start:\n" + self.log_path.read_text()[-3000:])
        self.workers()

    def workers(self) -> list[int]:
        assert self.process is not None
        pids = child_pids(self.process.pid)
        self.seen.update(pids)
        for pid in pids:
            self.seen.update(child_pids(pid))
        return pids

    def wait_worker(self, other_than: int | None = None, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            alive = [p for p in self.workers() if p != other_than and _alive(p)]
            if alive:
                return alive[0]
            time.sleep(0.2)
        raise AssertionError("no worker process under the server")

    def kill9(self) -> None:
        assert self.process is not None
        self.workers()
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.workers()
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        time.sleep(0.5)
        for pid in sorted(self.seen):  # only processes this fixture started, by pid
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    # ---- seeding and reference counts --------------------------------------------------
    def seed(self, ballots: int = 0, out: Path | None = None, **kw: int) -> dict[str, Any]:
        argv = [sys.executable, "-m", "daihoi_testsupport.station_seed", "--user", "vanphong"]
        for k, v in kw.items():
            argv += [f"--{k}", str(v)]
        if ballots:
            out = out or self.data / f"ballots-{uuid.uuid4().hex[:8]}"
            argv += ["--ballots", str(ballots), "--out", str(out)]
        run = subprocess.run(
            argv, env=server_env(self.data), cwd=self.data, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        facts = json.loads(run.stdout.strip().splitlines()[-1])
        path = self.data / f"election-{facts['election']}.json"
        path.write_text(json.dumps(facts["election_file"], ensure_ascii=False))
        facts["election_path"] = path
        facts["ballots"] = [Path(p) for p in facts.get("ballots", [])]
        return facts

    def shell(self, code: str) -> str:
        run = subprocess.run(
            [sys.executable, "-m", "daihoi.cli.main", "web", "manage", "shell", "-c", code],
            env=server_env(self.data),
            cwd=self.data,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr
        return run.stdout

    def browser(self, user: str = "vanphong") -> Station:
        b = Station(self.base)
        b.login(user)
        return b


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "zombie" not in status.read_text().lower()
    except OSError:
        return False


def count_scan(election_path: Path, files: list[Path], out: Path) -> dict[str, Any]:
    run = subprocess.run(
        [sys.executable, "-m", "daihoi.cli.main", "count", "scan", str(election_path)]
        + [str(f) for f in files]
        + ["-o", str(out), "-j", "1"],
        env=server_env(out.parent),
        capture_output=True,
        text=True,
    )
    assert out.exists(), run.stdout + run.stderr
    return json.loads(out.read_text())


# ---- the scanning PC's API ----------------------------------------------------------------
def api(
    base: str,
    token: str,
    body: bytes | None = None,
    kind: str = "png",
    sha: str | None = None,
    extra: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}"}
    if body is None:
        req = urllib.request.Request(base + "/api/station/", headers=headers)
    else:
        headers["X-Daihoi-Sha256"] = sha if sha is not None else hashlib.sha256(body).hexdigest()
        headers["X-Daihoi-Kind"] = kind
        headers["Content-Type"] = "application/octet-stream"
        headers.update(extra or {})
        req = urllib.request.Request(
            base + "/api/station/uploads/", data=body, headers=headers, method="POST"
        )
    try:
        response = urllib.request.urlopen(req, timeout=120)
    except urllib.error.HTTPError as exc:
        response = exc
    raw = response.read()
    try:
        payload = json.loads(raw)
    except ValueError:
        payload = {"_raw": raw.decode(errors="replace")}
    return response.status, payload


# ---- the station page ---------------------------------------------------------------------
class Station(Browser):
    def post(self, path: str, fields: dict[str, str] | None = None):
        import urllib.parse

        data = dict(fields or {})
        data["csrfmiddlewaretoken"] = self.csrf()
        return self.request(
            path,
            urllib.parse.urlencode(data).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": self.base + path,
            },
        )

    def upload_files(self, pk: int, files: list[tuple[str, bytes]], as_json: bool = True):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{self.csrf()}\r\n".encode()
        ]
        for name, content in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        path = f"/counting/elections/{pk}/upload/"
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": self.base + f"/counting/elections/{pk}/",
        }
        if as_json:
            headers["Accept"] = "application/json"
        status, _, body = self.request(path, b"".join(parts), headers)
        if as_json:
            try:
                return status, json.loads(body)
            except ValueError:
                return status, {"_raw": body.decode(errors="replace")}
        return status, body.decode(errors="replace")

    def live(self, pk: int) -> Live:
        status, _, body = self.request(f"/counting/elections/{pk}/live/")
        assert status == 200, status
        return Live.parse(body.decode())

    def wait_idle(self, pk: int, expect_pages: int | None = None, timeout: float = 400) -> Live:
        """Until no file waits and the figures stay put (and, if given, this many pages)."""
        deadline = time.monotonic() + timeout
        last = None
        stable = 0
        while time.monotonic() < deadline:
            live = self.live(pk)
            done = live.files_waiting == 0 and (
                expect_pages is None or live.pages_total >= expect_pages
            )
            if done and last == live.key():
                stable += 1
                if stable >= 3:
                    return live
            else:
                stable = 0
            last = live.key()
            time.sleep(1)
        return self.live(pk)


def _num(text: str) -> int:
    return int(text.replace(".", "").replace(",", ""))


@dataclass
class Live:
    html: str
    pages_read: int
    valid: int
    invalid: int
    review: int
    rejected: int
    files_waiting: int
    votes: dict[str, int]
    collected: int | None
    outcome: str | None

    @property
    def pages_total(self) -> int:
        return self.pages_read  # 'trang đã đọc' includes the rejected pages

    def key(self) -> tuple[Any, ...]:
        return (
            self.pages_read,
            self.valid,
            self.invalid,
            self.review,
            self.rejected,
            self.files_waiting,
            tuple(sorted(self.votes.items())),
        )

    @classmethod
    def parse(cls, html: str) -> Live:
        def fig(pattern: str) -> int:
            m = re.search(pattern, html)
            return _num(m.group(1)) if m else -1

        votes = {
            name: _num(v)
            for name, v in re.findall(
                r'<tr[^>]*><td>([^<]+)</td><td class="num">([\d.]+)</td><td class="num">', html
            )
        }
        collected = re.search(r"Phiếu thu về: (?:<span[^>]*>)?([\d.]+)", html)
        outcome = re.search(r'data-outcome="(\w+)"', html)
        return cls(
            html=html,
            pages_read=fig(r'data-testid="pages-read">([\d.]+)<'),
            valid=fig(r"<strong>([\d.]+)</strong> hợp lệ"),
            invalid=fig(r"<strong>([\d.]+)</strong> không hợp lệ"),
            review=fig(r'data-testid="pages-review">([\d.]+)<'),
            rejected=fig(r"<strong>([\d.]+)</strong> bị loại"),
            files_waiting=fig(r'data-testid="files-waiting">([\d.]+)<'),
            votes=votes,
            collected=_num(collected.group(1)) if collected else None,
            outcome=outcome.group(1) if outcome else None,
        )


def reference(result: dict[str, Any]) -> dict[str, Any]:
    """What the station should show for a ``count scan`` result."""
    return {
        "valid": result["ballots"]["valid"],
        "invalid": result["ballots"]["invalid"],
        "review": result["scan"]["by_status"]["review"],
        "rejected": result["scan"]["by_status"]["rejected"],
        "votes": {c["name"]: c["votes"] for c in result["candidates"]},
    }


def observed(live: Live) -> dict[str, Any]:
    return {
        "valid": live.valid,
        "invalid": live.invalid,
        "review": live.review,
        "rejected": live.rejected,
        "votes": live.votes,
    }


# ---- files ---------------------------------------------------------------------------------
def multipage(pngs: list[Path], fmt: str) -> bytes:
    from PIL import Image

    images = [Image.open(p).convert("RGB") for p in pngs]
    buf = io.BytesIO()
    if fmt == "tiff":
        images[0].save(buf, "TIFF", save_all=True, append_images=images[1:], compression="jpeg")
    else:
        images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=150)
    return buf.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
