"""The station server's upload API, as the scanning PC sees it.

``GET {url}/api/station/`` names the station, its election and round; ``POST
{url}/api/station/uploads/`` takes one file's bytes with their SHA-256 and kind. Every answer,
network failures included, is an ``Answer`` value: the watcher decides what to do with it
(retry, stop, report). Only the standard library is used (``urllib``), so the scanning PC needs
nothing more than Python.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from enum import Enum
from typing import Any

from daihoi.station.kinds import Kind


class Reply(Enum):
    """What the server said to a request, reduced to what the watcher acts on."""

    OK = "ok"  # GET answered
    QUEUED = "queued"  # 201: received, queued for reading
    DUPLICATE = "duplicate"  # 200: the server had these bytes already (confirmed all the same)
    REFUSED = "refused"  # 400: body cut off (hash differs) or not a scan
    TOO_LARGE = "too_large"  # 413
    UNAUTHORISED = "unauthorised"  # 401: unknown or revoked token
    CLOSED = "closed"  # 409: the count is confirmed or closed
    WRONG_SERVER = "wrong_server"  # another answer (404, not JSON): not a station server
    UNAVAILABLE = "unavailable"  # no connection, timeout, cut-off answer, 5xx: try again later


#: Answers after which no more files are sent.
STOPPING = frozenset({Reply.UNAUTHORISED, Reply.CLOSED, Reply.WRONG_SERVER})


@dataclass(frozen=True)
class Answer:
    """One request's outcome; ``message`` is the server's own words when it gave any."""

    reply: Reply
    message: str = ""
    upload: int | None = None


@dataclass(frozen=True)
class StationInfo:
    """What ``GET /api/station/`` says about the token's station."""

    station: str
    election: str
    round: int
    open: bool


def normalise_url(url: str) -> str:
    """The server root without a trailing slash; ValueError (Vietnamese) when it is not one."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(
            f"“{url}” không phải địa chỉ máy chủ trạm (cần dạng http://192.168.1.10:8000)"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"“{url}”: địa chỉ máy chủ không có phần ?… hay #…")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def token_hint(token: str) -> str:
    """The token as it may be shown on a screen: its first characters only."""
    return token[:4] + "…" if len(token) > 8 else "…"


_STATUS_REPLY = {
    400: Reply.REFUSED,
    401: Reply.UNAUTHORISED,
    409: Reply.CLOSED,
    413: Reply.TOO_LARGE,
}


class StationClient:
    """Talks to one station server with one token."""

    def __init__(self, url: str, token: str, *, timeout: float = 120.0) -> None:
        self.url = normalise_url(url)
        self._token = token
        self._timeout = timeout
        # No proxy: the station server is on the hall's network, and a proxy set for the
        # internet on the scanning PC (environment or Windows settings) would never reach it.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def describe(self) -> tuple[Answer, StationInfo | None]:
        """``GET /api/station/``: the station's name, election, round and whether it is open."""
        answer = self._request("GET", "/api/station/", None, {})
        if isinstance(answer, Answer):
            return answer, None
        _, body = answer
        try:
            info = StationInfo(
                station=str(body["station"]),
                election=str(body["election"]),
                round=int(body["round"]),
                open=bool(body["open"]),
            )
        except (KeyError, TypeError, ValueError):
            return Answer(Reply.WRONG_SERVER, "máy chủ trả lời không đúng mẫu"), None
        return Answer(Reply.OK), info

    def upload(self, data: bytes, sha256: str, kind: Kind) -> Answer:
        """``POST /api/station/uploads/`` with the bytes, their SHA-256 and kind, nothing else."""
        headers = {
            "X-Daihoi-Sha256": sha256,
            "X-Daihoi-Kind": kind.value,
            "Content-Type": "application/octet-stream",
        }
        answer = self._request("POST", "/api/station/uploads/", data, headers)
        if isinstance(answer, Answer):
            return answer
        _, body = answer
        if body.get("sha256") != sha256:
            # The server confirmed other bytes than ours: nothing is confirmed, send again.
            return Answer(Reply.UNAVAILABLE, "máy chủ xác nhận một mã SHA-256 khác")
        if body.get("status") == "duplicate":
            return Answer(Reply.DUPLICATE)
        upload = body.get("upload")
        return Answer(Reply.QUEUED, upload=upload if isinstance(upload, int) else None)

    def _request(
        self, method: str, path: str, data: bytes | None, headers: dict[str, str]
    ) -> Answer | tuple[int, dict[str, Any]]:
        """The status and JSON object of a 200 or 201; an ``Answer`` for anything else."""
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self._token}", "Accept": "application/json"}
            | headers,
        )
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status = error.code
            try:
                raw = error.read()
            except (OSError, http.client.HTTPException):
                raw = b""
        except (OSError, http.client.HTTPException) as error:
            # Refused, unreachable, reset, timed out, or an answer cut off halfway.
            return Answer(Reply.UNAVAILABLE, _network_reason(error))
        body = _json_object(raw)
        message = str(body.get("error", "")) if body else ""
        if status >= 500:
            return Answer(Reply.UNAVAILABLE, message or f"máy chủ lỗi {status}")
        if status in _STATUS_REPLY:
            return Answer(_STATUS_REPLY[status], message or f"mã {status}")
        if status in {200, 201} and body is not None:
            return status, body
        return Answer(Reply.WRONG_SERVER, f"máy chủ trả lời mã {status}")


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def _network_reason(error: BaseException) -> str:
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, ConnectionRefusedError):
        return "máy chủ không nhận kết nối (chưa chạy hoặc đang khởi động lại)"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "quá thời gian chờ máy chủ"
    if isinstance(reason, socket.gaierror):
        return "không tìm thấy máy chủ trong mạng"
    if isinstance(reason, ConnectionError | http.client.HTTPException):
        return "kết nối bị ngắt giữa chừng"
    return f"lỗi mạng ({reason})"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
