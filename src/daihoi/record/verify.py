"""``verify``: check a results bundle and count every round again (kiểm tra hồ sơ kết quả).

The checks, in order, each stopping at the first thing that does not hold: the log (chain,
hashes, every head's signature), the key (``key``: its fingerprint), the head printed in the
minutes (``head``: it must be a head of the log), the manifest (its signature, congress and
head), every file against the manifest, the files against what the log commits to (the
rounds created, the pages read, the decisions, the manual batches, the results confirmed),
the ballot records against themselves (the three stages), and last the count again of every
round from its ballot records with the engine, compared with the round's results and the data
its minutes were made from. Outcomes are values: ``Verdict(exit_code, message, summary)``.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from daihoi.engine import handcheck
from daihoi.engine.ballot import Ballot, Mark, VerdictStatus
from daihoi.engine.election import Election, parse_election
from daihoi.engine.errors import InputError
from daihoi.engine.reasons import MARK_REASONS
from daihoi.engine.results import result_to_dict
from daihoi.engine.tally import OUTCOME_LABELS, Outcome, count_election, judge_ballot
from daihoi.record.bundle import LOG, MANIFEST, PENDING, RESERVED, manifest_message, name_problem
from daihoi.record.canonical import canonical_json, sha256_hex
from daihoi.record.key import check_signature, fingerprint_of, normal_fingerprint
from daihoi.record.log import (
    HANDCHECK,
    MANUAL_ENTRY,
    MINUTES_PRINTED,
    OPENED,
    PAGES_READ,
    REOPENED,
    RESULTS_CONFIRMED,
    REVIEW_DECISION,
    ROUND_CREATED,
    Entry,
    LogReading,
    read_log,
)
from daihoi.record.records import (
    COUNTED,
    REJECTED,
    REVIEW,
    UNCLEAR,
    adjudicate,
    json_file,
    manual_ballot,
    manual_entry,
    manual_order,
    manual_totals,
    page_key,
    record_order,
)

NOT_A_BUNDLE = 2
DOES_NOT_HOLD = 3
ROUND_FILE = re.compile(r"rounds/([a-z0-9-]+)-([1-9][0-9]*)/([a-z.]+)")
IMAGE_FILE = re.compile(r"images/([0-9a-f]{64})\.([a-z0-9]+)")
MAX_FILE = 1 << 31  # a zip member larger than this is not a bundle's file (a zip bomb)
MAX_META = 1 << 27  # manifest.json and log.jsonl: read before any size is known
SIGNATURE_TEXT = re.compile(r"[0-9a-f]{128}")
HEAD_TEXT = re.compile(r"[0-9a-f]{8}([\s-]*[0-9a-f]{8}){7}")
FINGERPRINT_TEXT = re.compile(r"[0-9a-f]{4}(-[0-9a-f]{4}){3}")


@dataclass(frozen=True)
class Verdict:
    """The outcome of ``verify``: 0 all holds, 2 not a bundle, 3 something does not hold."""

    exit_code: int
    message: str
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


class _Stop(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _fail(message: str) -> _Stop:
    return _Stop(DOES_NOT_HOLD, message)


# ---------------------------------------------------------------------------------- sources


class _Source:
    """The files of a bundle, a zip or a folder, by name.

    ``sizes``: the size the manifest lists for each file, once it is read. A file is read only
    up to that size (a zip that declares, or inflates to, more is refused before it fills the
    memory: a zip bomb); a file the manifest does not list only up to ``MAX_META``.
    """

    def __init__(self, names: Mapping[str, Any], reader: Any, size_of: Any) -> None:
        self.names = dict(names)
        self.sizes: dict[str, int] = {}
        self._reader = reader
        self._size_of = size_of

    def read(self, name: str) -> bytes | None:
        if name not in self.names:
            return None
        handle = self.names[name]
        listed = self.sizes.get(name)
        cap = MAX_META if listed is None else listed
        declared = int(self._size_of(handle))
        if declared != cap if listed is not None else declared > cap:
            raise _fail(
                f"tệp {name}: SHA-256 khác với manifest (tệp đã bị sửa); {declared} byte, "
                + (f"manifest ghi {listed} byte" if listed is not None else "quá lớn cho một hồ sơ")
            )
        data: bytes = self._reader(handle, cap + 1)
        if len(data) > cap:
            raise _fail(
                f"tệp {name}: SHA-256 khác với manifest (tệp đã bị sửa); hơn {cap} byte"
                + (f", manifest ghi {listed} byte" if listed is not None else "")
            )
        return data


def _open_source(source: str | os.PathLike[str] | bytes) -> _Source:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _zip_source(bytes(source), "dữ liệu")
    path = Path(source)
    if path.is_dir():
        return _folder_source(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _Stop(NOT_A_BUNDLE, f"không có tệp hay thư mục {path}") from None
    except OSError as exc:
        raise _Stop(NOT_A_BUNDLE, f"không đọc được {path}: {exc.strerror}") from None
    return _zip_source(data, str(path))


def _zip_source(data: bytes, label: str) -> _Source:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise _Stop(NOT_A_BUNDLE, f"{label} không phải tệp zip của một hồ sơ kết quả") from None
    names: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if info.is_dir():
            raise _fail(f"tệp zip có thư mục “{info.filename}”: một hồ sơ chỉ chứa tệp")
        if info.filename in names:
            raise _fail(f"tệp {info.filename} có hai lần trong tệp zip")
        if info.file_size > MAX_FILE:
            raise _fail(f"tệp {info.filename} quá lớn cho một hồ sơ")
        names[info.filename] = info

    def read(info: zipfile.ZipInfo, limit: int) -> bytes:
        try:
            with archive.open(info) as member:
                return member.read(limit)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
            raise _fail(f"tệp {info.filename}: không giải nén được ({exc})") from None
        except Exception as exc:  # zlib.error and others: the bytes are damaged
            raise _fail(f"tệp {info.filename}: không giải nén được ({exc})") from None

    return _Source(names, read, lambda info: info.file_size)


def _folder_source(root: Path) -> _Source:
    names: dict[str, Path] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        hidden = any(part.startswith(".") for part in relative.parts)
        if not hidden and path.is_symlink() and path.is_dir():
            # Its files are not the bundle's (the manifest cannot list what lies elsewhere).
            raise _fail(
                f"{relative.as_posix()}: là liên kết (symlink) tới một thư mục khác; "
                "các tệp trong đó không có trong manifest"
            )
        if path.is_file() and not hidden:
            names[relative.as_posix()] = path
    pending = root / PENDING
    if (pending / MANIFEST).is_file():
        # A commit a killed station left half done: its signed manifest and the files not
        # yet moved to their names are the bundle (what the station finishes when reopened).
        for path in sorted(pending.rglob("*")):
            relative = path.relative_to(pending)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                names[relative.as_posix()] = path

    def read(path: Path, limit: int) -> bytes:
        try:
            with path.open("rb") as handle:
                return handle.read(limit)
        except OSError as exc:
            raise _fail(f"không đọc được {path}: {exc.strerror}") from None

    def size_of(path: Path) -> int:
        try:
            return path.stat().st_size
        except OSError as exc:
            raise _fail(f"không đọc được {path}: {exc.strerror}") from None

    return _Source(names, read, size_of)


# ---------------------------------------------------------------------------------- verify


def verify(
    source: str | os.PathLike[str] | bytes,
    key: str | None = None,
    head: str | None = None,
    partial: bool = False,
) -> Verdict:
    """Check the bundle at ``source`` (a zip file, its bytes, or a bundle folder).

    ``key``: the fingerprint the bundle must be signed with; ``head``: a head hash (as printed
    in the minutes: all 64 hex digits, groups separated or not) the log must hold; a malformed
    ``key`` or ``head`` is bad input (exit 2); ``partial``: a bundle whose log
    goes on past its last commit, or whose last line was cut by a kill, is checked up to its
    last signed manifest and passes.
    """
    summary: dict[str, Any] = {}
    try:
        key = None if key is None else _key_text(key)
        head = None if head is None else _head_text(head)
        return _verify(_open_source(source), key, head, partial, summary)
    except _Stop as stop:
        return Verdict(stop.code, stop.message, summary)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        # Data of the right shape at the checked places but not below them: a bundle that
        # was tampered with in a way no check above names. Never a crash.
        return Verdict(
            DOES_NOT_HOLD,
            f"hồ sơ có dữ liệu không đúng dạng ({type(exc).__name__}: {exc})",
            summary,
        )


def _verify(
    files: _Source, key: str | None, head: str | None, partial: bool, summary: dict[str, Any]
) -> Verdict:
    if LOG not in files.names and MANIFEST not in files.names:
        raise _Stop(NOT_A_BUNDLE, "không phải hồ sơ kết quả: không có manifest.json và log.jsonl")
    log = read_log(files.read(LOG) or b"")
    if not log.entries:
        if MANIFEST not in files.names:
            raise _Stop(
                NOT_A_BUNDLE, f"không phải hồ sơ kết quả: log.jsonl: {log.problem or 'trống'}"
            )
        raise _fail(f"log.jsonl: {log.problem or 'nhật ký trống'}")
    if log.problem is not None:
        raise _fail(f"log.jsonl: {log.problem}")
    opened = log.entries[0].data
    fingerprint = fingerprint_of(str(log.public_hex))
    summary.update(
        congress=dict(opened["congress"]),
        fingerprint=fingerprint,
        key=log.public_hex,
    )
    if key is not None and normal_fingerprint(key) != fingerprint:
        raise _fail(
            f"hồ sơ được ký bằng khoá {fingerprint}, không phải khoá {normal_fingerprint(key)}"
        )
    if head is not None:
        _find_head(log, head)
    if MANIFEST not in files.names:
        summary.update(head={"n": 0, "hash": None}, partial=True, log_entries=len(log.entries))
        return _incomplete(
            partial,
            0,
            f"chưa chốt lần nào (không có manifest.json); nhật ký có "
            f"{len(log.entries)} mục, chữ ký đúng đến mục {len(log.entries)}",
            summary,
        )
    manifest = _manifest(files, log, fingerprint)
    n = int(manifest["head"]["n"])
    committed = log.entries[:n]
    summary.update(head=dict(manifest["head"]), log_entries=len(log.entries))
    _check_files(files, manifest)
    rounds = _check_rounds(files, manifest, committed)
    summary["rounds"] = rounds
    summary["pages"] = sum(r["pages"] for r in rounds)
    summary["manual"] = sum(r["manual"] for r in rounds)
    reasons = []
    if log.torn:
        reasons.append(f"dòng cuối của nhật ký (mục {len(log.entries) + 1}) chỉ ghi được một phần")
    if len(log.entries) > n:
        reasons.append(
            f"mục {n + 1}–{len(log.entries)} đã vào nhật ký nhưng chưa được chốt vào manifest"
        )
    summary["partial"] = bool(reasons)
    if reasons:
        return _incomplete(partial, n, "; ".join(reasons), summary)
    return Verdict(0, _summary_text(summary), summary)


def _incomplete(partial: bool, n: int, why: str, summary: dict[str, Any]) -> Verdict:
    if partial:
        return Verdict(
            0,
            f"Hồ sơ dở dang (--partial): mọi điều kiểm tra đúng đến mục {n}; {why}.\n"
            + _summary_text(summary),
            summary,
        )
    return Verdict(
        DOES_NOT_HOLD,
        f"hồ sơ chưa trọn vẹn ở mục {n} (incomplete at entry {n}): {why}; "
        "dùng --partial để kiểm tra phần đã chốt",
        summary,
    )


def _summary_text(summary: Mapping[str, Any]) -> str:
    congress = summary.get("congress", {})
    lines = [
        f"Đại hội: {congress.get('name', '')} ({congress.get('id', '')}), "
        f"{congress.get('organisation', '')}",
    ]
    for r in summary.get("rounds", []):
        state = "đã xác nhận" if r["confirmed"] else "chưa xác nhận"
        lines.append(
            f"  {r['election']} lần {r['round']}: {r['pages']} trang quét, {r['manual']} phiếu "
            f"nhập tay; kiểm lại: {r['counted']} phiếu, {OUTCOME_LABELS[Outcome(r['outcome'])]}; "
            f"kết quả {state}"
        )
    head = summary.get("head") or {}
    lines.append(f"Số trang: {summary.get('pages', 0)}")
    lines.append(f"Đầu nhật ký đã ký: mục {head.get('n')}, {head.get('hash')}")
    lines.append(f"Khoá của trạm: {summary.get('fingerprint')}")
    return "\n".join(lines)


def _head_text(wanted: str) -> str:
    """``--head`` as printed in the minutes: all 64 hex digits, in eight groups of eight with
    spaces or dashes between them or none; a prefix is refused (with the station's key a forger
    could grind a head that starts with the same digits)."""
    if not HEAD_TEXT.fullmatch(wanted.strip().lower()):
        raise _Stop(
            NOT_A_BUNDLE,
            f"--head “{wanted.strip()}”: cần đủ 64 chữ số hex của mã kiểm tra in trong biên bản "
            "(tám nhóm tám chữ số, có thể để dấu cách hay gạch nối giữa các nhóm)",
        )
    return re.sub(r"[\s-]+", "", wanted).lower()


def _key_text(wanted: str) -> str:
    """``--key``: a fingerprint of 16 hex digits, any case, with or without dashes or spaces."""
    text = normal_fingerprint(wanted)
    if not FINGERPRINT_TEXT.fullmatch(text):
        raise _Stop(
            NOT_A_BUNDLE,
            f"--key “{wanted.strip()}”: cần dấu vân tay 16 chữ số hex của khoá của trạm "
            "(ví dụ 2260-0cc6-1655-1e39)",
        )
    return text


def _find_head(log: LogReading, text: str) -> None:
    if not any(entry.hash == text for entry in log.entries):
        last = log.entries[-1]
        raise _fail(
            f"đầu nhật ký {text} không có trong nhật ký (nhật ký dừng ở mục {last.n}, "
            f"{last.hash[:16]}…): nhật ký đã bị cắt bớt, hoặc đầu này của hồ sơ khác"
        )


def _manifest(files: _Source, log: LogReading, fingerprint: str) -> dict[str, Any]:
    raw = files.read(MANIFEST) or b""
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _fail("manifest.json không phải JSON") from None
    manifest = value.get("manifest") if isinstance(value, dict) else None
    signature = value.get("signature") if isinstance(value, dict) else None
    keys = {"format", "congress", "key", "fingerprint", "head", "files"}
    # A manifest may carry keys this reader does not know (the contract is extended, never
    # broken); they are signed like the rest.
    if (
        not isinstance(manifest, dict)
        or not isinstance(signature, str)
        or not keys <= set(manifest)
        or not {"manifest", "signature"} <= set(value)
    ):
        raise _fail("manifest.json không có dạng của một manifest (manifest, signature)")
    if not SIGNATURE_TEXT.fullmatch(signature):
        raise _fail("manifest.json: chữ ký phải là 128 chữ số hex viết thường")
    if json_file(value) != raw:
        raise _fail("manifest.json không được viết ở dạng của hồ sơ (đã bị sửa)")
    congress = manifest["congress"]
    theirs = congress.get("id") if isinstance(congress, dict) else None
    if theirs != log.congress_id:
        raise _fail(
            f"manifest.json là của đại hội “{theirs}”, nhật ký của đại hội “{log.congress_id}”"
        )
    if manifest["key"] != log.public_hex:
        other = fingerprint_of(manifest["key"]) if _hex64(manifest["key"]) else "?"
        raise _fail(f"manifest.json được ký bằng khoá {other}, nhật ký bằng khoá {fingerprint}")
    if manifest["fingerprint"] != fingerprint:
        raise _fail(
            f"manifest.json ghi vân tay khoá {manifest['fingerprint']}, "
            f"nhưng hồ sơ được ký bằng khoá {fingerprint}"
        )
    if not check_signature(str(log.public_hex), manifest_message(manifest), signature):
        raise _fail(f"manifest.json: chữ ký không đúng với khoá {fingerprint}")
    head = manifest["head"]
    if not isinstance(head, dict) or _int(head.get("n")) < 0:
        raise _fail("manifest.json: head không đúng dạng")
    n = head["n"]
    if n > len(log.entries) or n < 1:
        raise _fail(
            f"nhật ký bị cắt bớt: manifest chốt đến mục {n}, nhật ký chỉ còn {len(log.entries)} mục"
        )
    if log.entries[n - 1].hash != head.get("hash"):
        raise _fail(f"mục {n} của nhật ký khác với đầu nhật ký mà manifest đã chốt")
    if not isinstance(manifest["files"], dict):
        raise _fail("manifest.json: files không đúng dạng")
    return manifest


def _hex64(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value) is not None


def _check_files(files: _Source, manifest: Mapping[str, Any]) -> None:
    listed: Mapping[str, Any] = manifest["files"]
    for name in sorted(files.names):
        if name not in listed and name not in RESERVED:
            raise _fail(f"tệp {name} không có trong manifest")
    for name, info in sorted(listed.items()):
        if name_problem(name) is not None or not isinstance(info, dict):
            raise _fail(f"manifest.json: tên tệp “{name}” không hợp lệ")
        if _int(info.get("size")) < 0:
            raise _fail(f"manifest.json: kích thước của tệp {name} không đúng dạng")
        files.sizes[name] = info["size"]
        data = files.read(name)
        if data is None:
            raise _fail(f"tệp {name}: không có trong hồ sơ (manifest ghi có)")
        if sha256_hex(data) != info.get("sha256") or len(data) != info.get("size"):
            sizes = (
                f"; {len(data)} byte, manifest ghi {info.get('size')} byte"
                if len(data) != info.get("size")
                else ""
            )
            raise _fail(f"tệp {name}: SHA-256 khác với manifest (tệp đã bị sửa){sizes}")


# ---------------------------------------------------------------------------------- rounds


@dataclass
class _Log:
    """The committed log, indexed by what each entry is about (the latest one wins)."""

    created: dict[tuple[str, int], Entry] = field(default_factory=dict)
    read: dict[tuple[str, int], Entry] = field(default_factory=dict)
    decisions: dict[tuple[str, int], list[Entry]] = field(default_factory=dict)
    manual: dict[tuple[str, int], dict[str, Entry]] = field(default_factory=dict)
    confirmed: dict[tuple[str, int], Entry | None] = field(default_factory=dict)
    fingerprint: str = ""  # the station key's, from entry 1
    confirmations: dict[tuple[str, int], list[Entry]] = field(default_factory=dict)
    # the minutes.printed after the latest confirmation of a round standing confirmed
    printed: dict[tuple[str, int], Entry] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: Sequence[Entry]) -> _Log:
        """The log indexed; an entry out of order (counting a round after its confirmation
        without a reopening, pages.read totals that do not add up) does not hold."""
        log = cls()
        for entry in entries:
            d = entry.data
            if entry.kind == OPENED:
                log.fingerprint = str(d.get("fingerprint", ""))
                key = d.get("key")
                # The stated fingerprint is what people compare and the minutes print: it must
                # be the key's own, or a bundle could show one key and be signed by another.
                actual = fingerprint_of(str(key)) if _hex64(key) else "?"
                if log.fingerprint != actual:
                    raise _fail(
                        f"log.jsonl: mục {entry.n} (record.opened) ghi vân tay khoá "
                        f"{log.fingerprint or '(trống)'}, nhưng khoá trong mục có vân tay {actual}"
                    )
                continue
            where = (str(d.get("election")), _int(d.get("round")))
            confirmed = log.confirmed.get(where)
            if entry.kind in (PAGES_READ, REVIEW_DECISION, MANUAL_ENTRY) and confirmed is not None:
                raise _fail(
                    f"log.jsonl: mục {entry.n} ({entry.kind}) của {_label(where)} đến sau khi "
                    f"kết quả đã được xác nhận ở mục {confirmed.n}, không có mục reopened "
                    "giữa hai mục"
                )
            if entry.kind == ROUND_CREATED:
                log.created[where] = entry
            elif entry.kind == PAGES_READ:
                before = log.read.get(where)
                total = _int(before.data["total"]) if before is not None else 0
                if d["total"] != total + d["pages"]:
                    raise _fail(
                        f"log.jsonl: mục {entry.n} (pages.read): tổng {d['total']} trang khác "
                        f"{total} trang đã đọc trước đó cộng {d['pages']} trang của đợt này"
                    )
                log.read[where] = entry
            elif entry.kind == REVIEW_DECISION:
                log.decisions.setdefault(where, []).append(entry)
            elif entry.kind == MANUAL_ENTRY:
                log.manual.setdefault(where, {})[str(d["batch"])] = entry
            elif entry.kind == RESULTS_CONFIRMED:
                log.confirmed[where] = entry
                log.confirmations.setdefault(where, []).append(entry)
                log.printed.pop(where, None)
            elif entry.kind == REOPENED:
                log.confirmed[where] = None
                log.printed.pop(where, None)
            elif entry.kind == MINUTES_PRINTED and confirmed is not None:
                log.printed[where] = entry
            elif entry.kind == HANDCHECK:
                problem = handcheck_problem(d)
                if problem:
                    raise _fail(
                        f"log.jsonl: mục {entry.n} (handcheck) của {_label(where)}: {problem}"
                    )
        return log


def handcheck_problem(data: Mapping[str, Any]) -> str | None:
    """Whether a hand-check's draw recomputes from its seed: each drawn batch's ticket is the
    SHA-256 of the seed and the batch, and the drawn batches are the first in ticket order of
    the round's ``batches`` (when the entry lists them)."""
    drawn = data.get("drawn")
    if not isinstance(drawn, list) or not all(
        isinstance(d, dict) and isinstance(d.get("batch"), str) and isinstance(d.get("ticket"), str)
        for d in drawn
    ):
        return "drawn phải là danh sách các tệp (batch, ticket)"
    try:
        for item in drawn:
            if handcheck.ticket(str(data.get("seed")), item["batch"]) != item["ticket"]:
                return (
                    f"phiếu rút của tệp {item['batch']} không khớp với SHA-256 của dãy số gieo "
                    "và số tệp (lượt rút đã bị sửa)"
                )
        batches = data.get("batches")
        if isinstance(batches, list):
            ids = [str(b) for b in batches]
            wanted = handcheck.draw(str(data.get("seed")), ids, len(drawn))
            if [d["batch"] for d in drawn] != wanted:
                return (
                    "các tệp đã rút không phải các tệp đứng đầu theo thứ tự phiếu rút: "
                    + ", ".join(wanted)
                )
    except ValueError as exc:
        return str(exc)
    return None


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def _json(files: _Source, name: str) -> Any:
    try:
        return json.loads((files.read(name) or b"").decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _fail(
            f"tệp {name}: không phải JSON (JSON của hồ sơ không có NaN hay vô cực)"
        ) from None


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values: ``true`` is not ``1``, nor ``1.0`` the integer 1."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _plain(value: Any) -> Any:
    """``value`` as it reads back from JSON (lists, not tuples)."""
    return json.loads(canonical_json(value))


def _check_rounds(
    files: _Source, manifest: Mapping[str, Any], committed: Sequence[Entry]
) -> list[dict[str, Any]]:
    log = _Log.of(committed)
    listed: Mapping[str, Any] = manifest["files"]
    by_round: dict[tuple[str, int], set[str]] = {}
    for name in listed:
        match = ROUND_FILE.fullmatch(name)
        if match:
            by_round.setdefault((match[1], int(match[2])), set()).add(match[3])
    for where, entry in sorted(log.created.items()):
        if where not in by_round:
            raise _fail(
                f"cuộc bầu “{where[0]}” lần {where[1]} có trong nhật ký (mục {entry.n}) "
                "nhưng hồ sơ không có tệp nào của lần bầu này"
            )
    scanned_images: set[str] = set()
    summaries = []
    for where in sorted(by_round):
        summaries.append(_check_round(files, listed, log, where, by_round[where], scanned_images))
    for name in sorted(listed):
        if not name.startswith("images/"):
            continue
        match = IMAGE_FILE.fullmatch(name)
        if not match:
            raise _fail(f"tệp {name}: tên ảnh cần dạng images/<SHA-256>.<đuôi>")
        if sha256_hex(files.read(name) or b"") != match[1]:
            raise _fail(f"tệp {name}: nội dung không phải ảnh có SHA-256 này (ảnh bị tráo)")
        if match[1] not in scanned_images:
            raise _fail(f"tệp {name}: ảnh không thuộc trang nào trong hồ sơ")
    return summaries


def _label(where: tuple[str, int]) -> str:
    return f"cuộc bầu “{where[0]}” lần {where[1]}"


def _check_round(
    files: _Source,
    listed: Mapping[str, Any],
    log: _Log,
    where: tuple[str, int],
    present: set[str],
    scanned_images: set[str],
) -> dict[str, Any]:
    election_id, round_no = where
    base = f"rounds/{election_id}-{round_no}/"
    label = _label(where)
    if "election.json" not in present:
        raise _fail(f"{base}: thiếu election.json (tệp cuộc bầu)")
    created = log.created.get(where)
    if created is None:
        raise _fail(f"{label}: nhật ký không có mục round.created cho lần bầu này")
    if created.data["definition"] != listed[base + "election.json"]["sha256"]:
        raise _fail(f"{base}election.json: khác với tệp cuộc bầu mà nhật ký ghi ở mục {created.n}")
    try:
        election = parse_election(_json(files, base + "election.json"), base + "election.json")
    except InputError as exc:
        raise _fail(str(exc)) from None
    if (election.id, election.round) != where:
        raise _fail(f"{base}election.json: là của cuộc bầu “{election.id}” lần {election.round}")
    records = _records(files, base, where, present)
    ballots, pending = _check_records(election, records, log, where, base, scanned_images)
    manual = _manual(files, base, where, present, log)
    typed = [e for e in manual if "totals" not in e]
    totals = [manual_totals(e) for e in manual if "totals" in e]
    ballots += [manual_ballot(e, election, i) for i, e in enumerate(typed, start=1)]
    confirmed = log.confirmed.get(where)
    if confirmed is not None:
        stated = confirmed.data["files"]
        pinned = {
            base + n for n in ("election.json", "records.json", "manual.json", "results.json")
        }
        if not isinstance(stated, dict) or not pinned <= set(stated):
            raise _fail(
                f"{label}: mục {confirmed.n} (results.confirmed) không ghi SHA-256 của "
                "election.json, records.json, manual.json và results.json của lần bầu"
            )
        for name, sha in sorted(dict(stated).items()):
            if name not in listed:
                raise _fail(f"{name}: không có trong hồ sơ, dù đã xác nhận ở mục {confirmed.n}")
            if listed[name]["sha256"] != sha:
                raise _fail(
                    f"{name}: khác với tệp đã xác nhận ở mục {confirmed.n} "
                    f"(kết quả {label} được xác nhận)"
                )
    try:
        result = count_election(election, ballots, pending_review=pending, totals=totals)
    except (InputError, ValueError) as exc:
        raise _fail(f"{label}: không kiểm lại được từ các lá phiếu: {exc}") from None
    recount = result_to_dict(result)
    for stated_name in ("results.json", "minutes.json"):
        if stated_name in present:
            _compare(recount, _json(files, base + stated_name), base + stated_name, label)
    if confirmed is not None and "results.json" not in present:
        raise _fail(f"{label}: đã xác nhận ở mục {confirmed.n} nhưng không có results.json")
    if "minutes.json" in present:
        _check_printed_head(_json(files, base + "minutes.json"), base, where, label, log)
    if confirmed is not None:
        _check_minutes_printed(listed, log, where, base, present, confirmed)
    return {
        "election": election_id,
        "round": round_no,
        "pages": len(records),
        "manual": sum(1 for _ in typed)
        + sum(t.valid + sum(t.invalid_reasons.values()) for t in totals),
        "counted": result.counted,
        "outcome": result.outcome.value,
        "confirmed": confirmed is not None,
        "elected": list(result.elected),
    }


def _check_minutes_printed(
    listed: Mapping[str, Any],
    log: _Log,
    where: tuple[str, int],
    base: str,
    present: set[str],
    confirmed: Entry,
) -> None:
    """The minutes of a confirmed round are made after its confirmation (they print its head):
    the ``minutes.printed`` entry after the latest confirmation names exactly their files."""
    minutes = {base + n for n in ("minutes.pdf", "minutes.json") if n in present}
    if not minutes:
        return
    printed = log.printed.get(where)
    if printed is None:
        raise _fail(
            f"{sorted(minutes)[-1]}: nhật ký không có mục minutes.printed sau lần xác nhận kết "
            f"quả {_label(where)} ở mục {confirmed.n} (biên bản không được ghi vào nhật ký)"
        )
    stated = printed.data["files"]
    if not isinstance(stated, dict):
        raise _fail(f"log.jsonl: mục {printed.n} (minutes.printed): files không đúng dạng")
    for name in sorted(minutes | set(stated)):
        if name not in minutes:
            raise _fail(
                f"{name}: mục {printed.n} (minutes.printed) ghi tệp này nhưng hồ sơ không có"
            )
        if name not in stated:
            raise _fail(f"{name}: mục {printed.n} (minutes.printed) không ghi tệp này")
        if stated[name] != listed[name]["sha256"]:
            raise _fail(f"{name}: khác với biên bản đã in ghi ở mục {printed.n} (minutes.printed)")


def _check_printed_head(
    minutes: Any, base: str, where: tuple[str, int], label: str, log: _Log
) -> None:
    """The head the minutes print (``record`` of ``minutes.json``, when they print one) is the
    head of a confirmation of this round, signed by this bundle's key: of the latest one while
    the round stands confirmed (minutes of a reopened round print the confirmation undone)."""
    printed = minutes.get("record") if isinstance(minutes, dict) else None
    if printed is None:
        return
    name = base + "minutes.json"
    if not isinstance(printed, dict):
        raise _fail(f"{name}: record không đúng dạng")
    heads = [(e.n, e.hash) for e in log.confirmations.get(where, [])]
    confirmed = log.confirmed.get(where)
    wanted = [(confirmed.n, confirmed.hash)] if confirmed is not None else heads
    if (printed.get("entry"), printed.get("head")) not in wanted:
        latest = f"mục {wanted[-1][0]}" if wanted else "không mục nào"
        raise _fail(
            f"{name}: biên bản in mã kiểm tra của mục {printed.get('entry')}, không phải của "
            f"lần xác nhận kết quả {label} ({latest})"
        )
    if printed.get("key") != log.fingerprint:
        raise _fail(
            f"{name}: biên bản in khoá {printed.get('key')}, hồ sơ ký bằng khoá {log.fingerprint}"
        )


def _records(
    files: _Source, base: str, where: tuple[str, int], present: set[str]
) -> list[dict[str, Any]]:
    name = base + "records.json"
    if "records.json" not in present:
        raise _fail(f"{base}: thiếu records.json (hồ sơ các lá phiếu)")
    data = _json(files, name)
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        raise _fail(f"{name}: không có danh sách records")
    if (data.get("election"), data.get("round")) != where:
        raise _fail(f"{name}: là của cuộc bầu “{data.get('election')}” lần {data.get('round')}")
    records: list[dict[str, Any]] = data["records"]
    for index, record in enumerate(records):
        if not _record_shape(record):
            raise _fail(f"{name}: records[{index}] không có dạng của một hồ sơ lá phiếu")
    return records


def _record_shape(record: Any) -> bool:
    if not isinstance(record, dict) or record.get("source") != "scan":
        return False
    image = record.get("image")
    scanned = record.get("scanned")
    rules = record.get("after_rules")
    return (
        isinstance(image, dict)
        and _hex64(image.get("sha256"))
        and _int(image.get("page")) >= 1
        and _int(image.get("copy")) >= 0
        and isinstance(scanned, dict)
        and isinstance(scanned.get("rows"), list)
        and all(isinstance(r, dict) and {"candidate", "mark"} <= set(r) for r in scanned["rows"])
        and isinstance(rules, dict)
        and isinstance(rules.get("status"), str)
        and isinstance(record.get("decisions"), list)
        and all(isinstance(d, dict) for d in record["decisions"])
        and isinstance(record.get("adjudicated"), dict)
        and isinstance(record.get("registration"), dict)
    )


def _check_records(
    election: Election,
    records: list[dict[str, Any]],
    log: _Log,
    where: tuple[str, int],
    base: str,
    scanned_images: set[str],
) -> tuple[list[Ballot], int]:
    name = base + "records.json"
    keys = Counter(record_order(r) for r in records)
    for record in records:
        if keys[record_order(record)] > 1:
            raise _fail(f"{name}: trang {page_key(record)} có {keys[record_order(record)]} lần")
    if [record_order(r) for r in records] != sorted(keys):
        raise _fail(f"{name}: các trang không xếp theo SHA-256 (thứ tự phải không nói gì)")
    read = log.read.get(where)
    total = int(read.data["total"]) if read else 0
    if total != len(records):
        raise _fail(
            f"{name}: có {len(records)} trang, nhật ký ghi {total} trang đã đọc"
            + (f" (mục {read.n})" if read else "")
        )
    logged = _logged_decisions(log, where)
    labels = set(election.labels)
    ballots: list[Ballot] = []
    pending = 0
    standing: dict[tuple[str, int], str] = {}  # (image, page) → the copy not rejected
    for record in records:
        key = page_key(record)
        image = record["image"]
        scanned_images.add(image["sha256"])
        rows = record["scanned"]["rows"]
        form = str(record["registration"].get("form", election.form.value))
        if rows and {r["candidate"] for r in rows} != labels:
            raise _fail(f"{name}: trang {key}: các dòng không khớp danh sách ứng cử viên")
        _check_machine(election, record, name, key)
        page = (image["sha256"], image["page"], image["copy"])
        _check_decisions(record, logged.pop(page, []), name, key)
        try:
            stage = adjudicate(form, rows, record["after_rules"], record["decisions"])
        except (KeyError, TypeError, ValueError):
            raise _fail(f"{name}: trang {key}: quyết định không đúng dạng") from None
        if not _same(_plain(stage), record["adjudicated"]):
            raise _fail(
                f"{name}: trang {key}: giai đoạn sau xét duyệt (adjudicated) không khớp các "
                "dấu đã quét và các quyết định của trang"
            )
        if stage["status"] != REJECTED:
            paper = (image["sha256"], image["page"])
            if paper in standing:
                raise _fail(
                    f"{name}: trang {key} là bản giống hệt từng byte của trang "
                    f"{standing[paper]}, và cả hai đều được tính (một trang chỉ được tính một lần)"
                )
            standing[paper] = key
        if stage["status"] == REVIEW:
            pending += 1
        elif stage["status"] == COUNTED:
            try:
                marks = {label: Mark(mark) for label, mark in stage["marks"].items()}
            except ValueError:
                raise _fail(f"{name}: trang {key}: dấu không hợp lệ") from None
            ballots.append(Ballot(key, marks, stage["ruling"]))
    for page, entries in sorted(logged.items()):
        raise _fail(
            f"{name}: nhật ký ghi quyết định cho trang {page[0][:12]}…:{page[1]} "
            f"(mục {entries[0].n}) không có trong hồ sơ"
        )
    return ballots, pending


def _check_machine(election: Election, record: Mapping[str, Any], name: str, key: str) -> None:
    """The machine's verdict (after rules) must follow from the marks it read."""
    rules = record["after_rules"]
    rows = record["scanned"]["rows"]
    status, reason = rules["status"], rules.get("reason")
    if status not in ("valid", "invalid") or not rows or any(r["mark"] == UNCLEAR for r in rows):
        return
    if status == "invalid" and reason not in MARK_REASONS:
        return  # a reason the marks do not show (no seal, other marks): nothing to recompute
    try:
        marks = {r["candidate"]: Mark(r["mark"]) for r in rows}
        verdict = judge_ballot(election, Ballot(key, marks))
    except (ValueError, InputError):
        raise _fail(f"{name}: trang {key}: dấu đã quét không hợp lệ cho mẫu phiếu") from None
    machine = "valid" if verdict.status is VerdictStatus.VALID else "invalid"
    if machine != status or (status == "invalid" and verdict.reason != reason):
        said = status + (f" ({reason})" if reason else "")
        found = machine + (f" ({verdict.reason})" if verdict.reason else "")
        raise _fail(f"{name}: trang {key}: máy ghi “{said}” nhưng các dấu đã quét cho “{found}”")


def _logged_decisions(log: _Log, where: tuple[str, int]) -> dict[tuple[str, int, int], list[Entry]]:
    found: dict[tuple[str, int, int], list[Entry]] = {}
    for entry in log.decisions.get(where, []):
        page = entry.data["page"]
        if not isinstance(page, dict):
            raise _fail(f"log.jsonl: mục {entry.n}: page không đúng dạng")
        found.setdefault(
            (str(page.get("sha256")), _int(page.get("page")), _int(page.get("copy", 0))), []
        ).append(entry)
    return found


def _decision_fields(data: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(
        tuple(sorted(map(str, data.get("struck") or []))) if k == "struck" else data.get(k)
        for k in ("by", "at", "ruling", "struck", "reason", "settles")
    )


def _check_decisions(record: Mapping[str, Any], entries: list[Entry], name: str, key: str) -> None:
    logged = {_decision_fields(e.data): e for e in entries}
    for decision in record["decisions"]:
        if _decision_fields(decision) not in logged:
            raise _fail(
                f"{name}: trang {key}: quyết định của “{decision.get('by')}” lúc "
                f"{decision.get('at')} không có trong nhật ký"
            )
    latest: dict[tuple[Any, Any], Entry] = {}
    for entry in entries:
        latest[(entry.data["by"], bool(entry.data["settles"]))] = entry
    kept = {_decision_fields(d) for d in record["decisions"]}
    for entry in latest.values():
        if _decision_fields(entry.data) not in kept:
            raise _fail(
                f"{name}: trang {key}: nhật ký ghi quyết định của “{entry.data['by']}” "
                f"(mục {entry.n}) mà hồ sơ của trang không có"
            )


def _manual(
    files: _Source, base: str, where: tuple[str, int], present: set[str], log: _Log
) -> list[dict[str, Any]]:
    name = base + "manual.json"
    logged = dict(log.manual.get(where, {}))
    if "manual.json" not in present:
        entries: list[dict[str, Any]] = []
    else:
        data = _json(files, name)
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            raise _fail(f"{name}: không có danh sách entries")
        entries = data["entries"]
        try:
            normal = [manual_entry(e) for e in entries]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise _fail(f"{name}: một mục nhập tay không đúng dạng ({exc})") from None
        if normal != entries or sorted(entries, key=manual_order) != entries:
            raise _fail(f"{name}: các mục nhập tay không ở dạng và thứ tự của hồ sơ")
    batches: dict[str, list[dict[str, Any]]] = {}
    for row in entries:
        batches.setdefault(row["batch"], []).append(row)
    for batch, rows in sorted(batches.items()):
        typed = logged.pop(batch, None)
        if typed is None:
            raise _fail(f"{name}: tập “{batch}” không có trong nhật ký (manual.entry)")
        ballots = sum(e["totals"]["collected"] if "totals" in e else 1 for e in rows)
        if (
            typed.data["entries"] != sha256_hex(canonical_json(rows))
            or typed.data["ballots"] != ballots
        ):
            raise _fail(f"{name}: tập “{batch}” khác với tập đã nhập ghi ở mục {typed.n}")
    for batch, typed in sorted(logged.items()):
        raise _fail(f"{name}: thiếu tập “{batch}” đã nhập ghi ở mục {typed.n}")
    return entries


def _candidates(data: Any) -> dict[str, Mapping[str, Any]]:
    lines = data.get("candidates") if isinstance(data, dict) else None
    if not isinstance(lines, list):
        return {}
    return {str(c.get("name")): c for c in lines if isinstance(c, dict)}


def _compare(recount: Mapping[str, Any], stated: Any, name: str, label: str) -> None:
    """The first difference between the count again and a stated results document."""
    if not isinstance(stated, dict):
        raise _fail(f"{name}: không phải một tệp kết quả")
    recount = _plain(recount)  # compared as JSON values: true is not 1, 30.0 not 30
    for field_name in ("election", "round"):
        if not _same(stated.get(field_name), recount[field_name]):
            raise _fail(
                f"{name}: ghi {field_name} “{stated.get(field_name)}”, không phải "
                f"“{recount[field_name]}”"
            )
    ours, theirs = recount["ballots"], stated.get("ballots")
    if not isinstance(theirs, dict):
        theirs = {}
    words = {"counted": "phiếu thu vào", "valid": "phiếu hợp lệ", "invalid": "phiếu không hợp lệ"}
    for part, word in words.items():
        if not _same(theirs.get(part), ours[part]):
            raise _fail(
                f"{name}: {label}: ghi {theirs.get(part)} {word}, "
                f"kiểm lại từ các lá phiếu được {ours[part]}"
            )
    if not _same(theirs.get("invalid_reasons"), ours["invalid_reasons"]):
        raise _fail(
            f"{name}: {label}: phiếu không hợp lệ theo lý do ghi {theirs.get('invalid_reasons')}, "
            f"kiểm lại được {ours['invalid_reasons']}"
        )
    mine, written = _candidates(recount), _candidates(stated)
    for candidate, line in mine.items():
        other = written.get(candidate)
        if other is None:
            raise _fail(f"{name}: {label}: không có ứng cử viên “{candidate}”")
        if not _same(other.get("votes"), line["votes"]):
            raise _fail(
                f"{name}: {label}: “{candidate}” ghi {other.get('votes')} phiếu, "
                f"kiểm lại từ các lá phiếu được {line['votes']}"
            )
        if not _same(other.get("status"), line["status"]):
            raise _fail(
                f"{name}: {label}: “{candidate}” ghi “{other.get('status')}”, "
                f"kiểm lại được “{line['status']}”"
            )
        if "percent" in line and not _same(other.get("percent"), line["percent"]):
            raise _fail(
                f"{name}: {label}: “{candidate}” ghi {other.get('percent')!r} phần trăm, "
                f"kiểm lại được {line['percent']!r}"
            )
    for candidate in written:
        if candidate not in mine:
            raise _fail(f"{name}: {label}: “{candidate}” không có trên lá phiếu")
    for part in ("elected", "alternates", "outcome", "tied", "seats_unfilled", "threshold"):
        if not _same(stated.get(part), recount[part]):
            raise _fail(
                f"{name}: {label}: {part} ghi {stated.get(part)!r}, kiểm lại được {recount[part]!r}"
            )


def iter_files(source: str | os.PathLike[str] | bytes) -> Iterator[tuple[str, bytes]]:
    """Every file of a bundle by name (for tools and tests); a bad source raises ValueError."""
    try:
        files = _open_source(source)
        for name in sorted(files.names):
            yield name, files.read(name) or b""
    except _Stop as stop:
        raise ValueError(stop.message) from None


__all__ = ["Verdict", "iter_files", "verify"]
