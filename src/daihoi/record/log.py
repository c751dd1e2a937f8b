"""The log (nhật ký kiểm phiếu): append-only JSON lines, hash-chained, every head signed.

Entry ``n`` (from 1) is one line of canonical JSON::

    {"data": {...}, "hash": H, "kind": "pages.read", "n": n, "prev": P, "sig": S}

``P`` is the hash of entry ``n - 1`` (64 zeros for entry 1); ``H`` is the SHA-256 of ``P`` in
hex, a newline, and the canonical JSON of ``{"data", "kind", "n"}``; ``S`` is the station key's
Ed25519 signature of ``daihoi-record-head/1\\n<congress id>\\n<n>\\n<H>``: a head signed for one
congress and position cannot stand for another. Entry 1 (``record.opened``) names the congress
and the station's public key; every later signature is checked with that key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from daihoi.record.canonical import canonical_json, sha256_hex
from daihoi.record.key import StationKey, check_signature

FORMAT = "daihoi-record/1"
GENESIS = "0" * 64
OPENED = "record.opened"
PAGES_READ = "pages.read"
REVIEW_DECISION = "review.decision"
MANUAL_ENTRY = "manual.entry"
ROUND_CREATED = "round.created"
RESULTS_CONFIRMED = "results.confirmed"
EXPORT = "export"
REOPENED = "reopened"
MINUTES_PRINTED = "minutes.printed"
HANDCHECK = "handcheck"
# The data each kind must carry (docs/bundle.md says what each key means). A kind may carry
# more keys, except ``pages.read``: nothing about a page may enter the log with the time it was
# read, so its keys are exactly these.
REQUIRED: Mapping[str, frozenset[str]] = {
    OPENED: frozenset({"format", "congress", "key", "fingerprint"}),
    PAGES_READ: frozenset({"election", "round", "pages", "total"}),
    REVIEW_DECISION: frozenset(
        {"election", "round", "page", "by", "at", "ruling", "struck", "reason", "settles"}
    ),
    MANUAL_ENTRY: frozenset({"election", "round", "batch", "operators", "ballots", "entries"}),
    ROUND_CREATED: frozenset({"election", "round", "definition"}),
    RESULTS_CONFIRMED: frozenset({"election", "round", "by", "at", "files"}),
    EXPORT: frozenset({"by", "at", "what"}),
    REOPENED: frozenset({"election", "round", "by", "at", "reason"}),
    MINUTES_PRINTED: frozenset({"election", "round", "files"}),
    HANDCHECK: frozenset({"election", "round", "seed", "drawn", "counts", "verdict"}),
}
KIND_TEXT = re.compile(r"[a-z]+(\.[a-z]+)*")
LINE_KEYS = frozenset({"data", "hash", "kind", "n", "prev", "sig"})
HASH_TEXT = re.compile(r"[0-9a-f]{64}")
SIG_TEXT = re.compile(r"[0-9a-f]{128}")


@dataclass(frozen=True)
class Head:
    """A head of the log: the number of its last entry and that entry's hash."""

    n: int
    hash: str


@dataclass(frozen=True)
class Entry:
    n: int
    kind: str
    data: Mapping[str, Any]
    prev: str
    hash: str
    sig: str

    @property
    def head(self) -> Head:
        return Head(self.n, self.hash)

    def line(self) -> bytes:
        """The entry as its line in the log file (with the newline)."""
        body = {"data": self.data, "hash": self.hash, "kind": self.kind, "n": self.n}
        return canonical_json({**body, "prev": self.prev, "sig": self.sig}) + b"\n"


def entry_hash(prev: str, n: int, kind: str, data: Mapping[str, Any]) -> str:
    return sha256_hex(
        prev.encode("ascii") + b"\n" + canonical_json({"data": data, "kind": kind, "n": n})
    )


def head_message(congress_id: str, n: int, hash_hex: str) -> bytes:
    """What the station signs for head ``n``: bound to the congress and the position."""
    return f"daihoi-record-head/1\n{congress_id}\n{n}\n{hash_hex}".encode()


def data_problem(kind: str, data: Mapping[str, Any]) -> str | None:
    """What is wrong with an entry's data for its kind, or None."""
    if not KIND_TEXT.fullmatch(kind):
        return f"loại mục “{kind}” không hợp lệ"
    required = REQUIRED.get(kind)
    if required is None:
        return None
    missing = sorted(required - set(data))
    if missing:
        return f"mục “{kind}” thiếu: {', '.join(missing)}"
    if kind == PAGES_READ:
        extra = sorted(set(data) - required)
        if extra:
            return f"mục “{kind}” không được mang thêm: {', '.join(extra)} (bí mật lá phiếu)"
        if not all(_count(data[k]) for k in ("pages", "total")):
            return f"mục “{kind}”: pages và total phải là số nguyên không âm"
    return None


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def new_entry(
    key: StationKey, congress_id: str, after: Head | None, kind: str, data: Mapping[str, Any]
) -> Entry:
    """The signed entry that follows ``after`` (None: the first entry)."""
    n = 1 if after is None else after.n + 1
    prev = GENESIS if after is None else after.hash
    plain = json.loads(canonical_json(dict(data)))  # as it will read back: lists, not tuples
    hash_hex = entry_hash(prev, n, kind, plain)
    sig = key.sign(head_message(congress_id, n, hash_hex)).hex()
    return Entry(n, kind, plain, prev, hash_hex, sig)


def opened_data(congress: Mapping[str, str], key: StationKey) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "congress": dict(congress),
        "key": key.public_hex,
        "fingerprint": key.fingerprint,
    }


@dataclass(frozen=True)
class LogReading:
    """A log file read and checked: the entries that hold, and what stopped the reading.

    ``torn``: the file ends in a line written only in part (a station killed while writing
    it); ``problem``: the first entry that does not hold (``problem_at``), None when all hold.
    """

    entries: tuple[Entry, ...]
    torn: bool = False
    good_size: int = 0  # bytes of the file that hold the entries
    problem: str | None = None
    problem_at: int = 0

    @property
    def head(self) -> Head | None:
        return self.entries[-1].head if self.entries else None

    @property
    def opened(self) -> Mapping[str, Any] | None:
        return self.entries[0].data if self.entries else None

    @property
    def congress_id(self) -> str | None:
        opened = self.opened
        return str(opened["congress"]["id"]) if opened else None

    @property
    def public_hex(self) -> str | None:
        opened = self.opened
        return str(opened["key"]) if opened else None


def read_log(data: bytes) -> LogReading:
    """Read and check a log: the chain, each hash, each head's signature by the key of entry 1.

    Reading stops at the first entry that does not hold; a last line without its newline is a
    torn write, not a problem.
    """
    entries: list[Entry] = []
    lines = data.split(b"\n")
    torn = lines[-1] != b""
    complete = lines[:-1]
    offset = 0
    congress_id: str = ""
    public: str = ""
    for index, raw in enumerate(complete):
        n = index + 1
        entry, broken = _parse_line(raw, n, entries[-1].hash if entries else GENESIS)
        if entry is None:
            return LogReading(tuple(entries), False, offset, broken, n)
        if n == 1:
            if entry.kind != OPENED or data_problem(OPENED, entry.data):
                return LogReading((), False, 0, "mục 1 không mở một hồ sơ (record.opened)", 1)
            congress = entry.data["congress"]
            if not isinstance(congress, dict) or not isinstance(congress.get("id"), str):
                return LogReading((), False, 0, "mục 1 không ghi mã đại hội", 1)
            congress_id, public = str(congress["id"]), str(entry.data["key"])
        elif entry.kind == OPENED:
            # Entry 1 names the congress and the key; a second one would only mislead a reader.
            return LogReading(
                tuple(entries), False, offset, f"mục {n}: record.opened chỉ được là mục 1", n
            )
        problem = data_problem(entry.kind, entry.data)
        if problem is not None:
            return LogReading(tuple(entries), False, offset, f"mục {n}: {problem}", n)
        if not check_signature(public, head_message(congress_id, n, entry.hash), entry.sig):
            return LogReading(
                tuple(entries),
                False,
                offset,
                f"mục {n}: chữ ký của đầu nhật ký không đúng (không phải khoá của trạm ở mục 1, "
                "hoặc chữ ký của đại hội hay vị trí khác)",
                n,
            )
        entries.append(entry)
        offset += len(raw) + 1
    return LogReading(tuple(entries), torn, offset)


def _parse_line(raw: bytes, n: int, prev: str) -> tuple[Entry | None, str]:
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return (
            None,
            f"mục {n}: dòng không phải JSON của hồ sơ (hỏng, lồng quá sâu, hay có NaN, vô cực)",
        )
    if not isinstance(value, dict) or set(value) != LINE_KEYS:
        return None, f"mục {n}: dòng không có đúng các khoá {', '.join(sorted(LINE_KEYS))}"
    if value["n"] != n or isinstance(value["n"], bool):
        return None, f"mục {n}: số thứ tự ghi là {value['n']!r} (nhật ký bị xếp lại hoặc cắt)"
    if not isinstance(value["kind"], str) or not isinstance(value["data"], dict):
        return None, f"mục {n}: kind hoặc data không đúng kiểu"
    if value["prev"] != prev:
        return None, f"mục {n}: không nối với mục trước (prev khác hash của mục {n - 1})"
    if not isinstance(value["hash"], str) or not HASH_TEXT.fullmatch(value["hash"]):
        return None, f"mục {n}: hash phải là 64 chữ số hex viết thường"
    if not isinstance(value["sig"], str) or not SIG_TEXT.fullmatch(value["sig"]):
        return None, f"mục {n}: sig phải là 128 chữ số hex viết thường"
    if entry_hash(prev, n, value["kind"], value["data"]) != value["hash"]:
        return None, f"mục {n}: hash không khớp nội dung của mục (mục đã bị sửa)"
    if canonical_json(value) + b"" != raw:
        return None, f"mục {n}: dòng không viết ở dạng JSON chuẩn tắc"
    entry = Entry(n, value["kind"], value["data"], prev, value["hash"], value["sig"])
    return entry, ""


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} không có trong JSON của hồ sơ")
