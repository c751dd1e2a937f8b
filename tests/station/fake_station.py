"""A small station server for the watcher's tests: the upload contract, in a thread.

It keeps every request as it arrived (request line, headers, body) so a test can check what
left the scanning PC, dedupes by SHA-256 as the real server does, and can be told to misbehave
for the next uploads: answer 5xx, cut the body off, drop the connection, refuse with 401/409.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def raw(self) -> bytes:
        head = f"{self.method} {self.path}\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in self.headers.items()
        )
        return head.encode("utf-8", "surrogateescape") + self.body


@dataclass
class FakeStation:
    token: str = "tram-3-token-0123456789"
    port: int = 0
    open: bool = True
    # What the next uploads get instead of the normal answer, one per upload:
    # "cut" (the body arrives short: 400), "drop" (connection closed mid-body), "lost" (kept,
    # but the connection closes before the answer), an int status.
    misbehave: list[object] = field(default_factory=list)
    requests: list[Seen] = field(default_factory=list)
    received: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        station = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _answer(self, status: int, body: dict[str, object]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _record(self, body: bytes) -> None:
                with station._lock:
                    station.requests.append(
                        Seen(self.command, self.path, dict(self.headers.items()), body)
                    )

            def _authorised(self) -> bool:
                if self.headers.get("Authorization") == f"Bearer {station.token}":
                    return True
                self._answer(401, {"error": "Mã máy quét không hợp lệ hoặc đã bị thu hồi."})
                return False

            def do_GET(self) -> None:
                self._record(b"")
                if self.path != "/api/station/":
                    self._answer(404, {"error": "không có"})
                elif self._authorised():
                    self._answer(
                        200,
                        {
                            "station": "Máy quét 1",
                            "election": "Bầu Ban Chấp hành",
                            "round": 1,
                            "open": station.open,
                        },
                    )

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                with station._lock:
                    trick = station.misbehave.pop(0) if station.misbehave else None
                if trick == "drop":
                    self.rfile.read(length // 2)
                    self._record(b"")
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                body = self.rfile.read(length)
                self._record(body)
                if trick == "lost":  # received and kept, but the answer never arrives
                    station.received[hashlib.sha256(body).hexdigest()] = body
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if trick == "cut":
                    body = body[: length // 2]
                if isinstance(trick, int):
                    self._answer(trick, {"error": f"lỗi {trick} giả"})
                    return
                if self.path != "/api/station/uploads/":
                    self._answer(404, {"error": "không có"})
                    return
                if not self._authorised():
                    return
                if not station.open:
                    self._answer(409, {"error": "Cuộc kiểm phiếu đã đóng."})
                    return
                sha = hashlib.sha256(body).hexdigest()
                if sha != self.headers.get("X-Daihoi-Sha256"):
                    self._answer(400, {"error": "Tệp bị cắt giữa chừng (mã SHA-256 khác)."})
                    return
                with station._lock:
                    known = sha in station.received
                    station.received[sha] = body
                if known:
                    self._answer(200, {"sha256": sha, "status": "duplicate"})
                else:
                    self._answer(
                        201, {"upload": len(station.received), "sha256": sha, "status": "queued"}
                    )

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def uploads(self) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.method == "POST"]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
