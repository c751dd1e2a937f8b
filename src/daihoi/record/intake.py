"""Central import of a station's results bundle (nhận hồ sơ kết quả của trạm kiểm phiếu).

The office above receives a congress's bundle (an upload, a folder it watches) and decides
what to do with it: ``decide(bundle, congress_id=…, registered=…, last=…) -> Intake``. The
bundle is checked exactly as ``daihoi verify`` checks it (``daihoi.record.verify``: chain,
signatures, manifest, files, the recount), then against what the office knows: the congress it
was sent for, the station keys registered for that congress, and the bundle imported last.

Outcomes are values, never exceptions (``Intake.outcome``: ``imported``, ``unchanged`` or
``refused``, with a ``code`` and a plain Vietnamese ``message``):

- ``not_bundle``: not a zip of a results bundle (or unreadable);
- ``too_large``: more bytes than ``max_size``, on the wire or as the zip's directory says they
  inflate (checked before anything is inflated);
- ``tampered``: ``verify`` finds something that does not hold (its first problem is in the
  message), a bundle whose log goes on past its last commit included;
- ``other_congress``: the bundle's congress id is not ``congress_id``;
- ``unregistered_key``: signed by a key whose fingerprint is not registered;
- ``older``: its log has fewer entries than the one imported, or as many with another head
  (two different records of one congress);
- ``fork``: more entries, but its log does not extend the imported one (entry
  ``last.entries`` has another hash);
- ``unconfirmed``: no round of it has its results confirmed by the counting committee: there is
  nothing to import, and a bundle is never taken in without results (a refusal, so the office
  sees it; the station sends it again after the confirmation).

The same log as ``last`` (same entries and head) is ``unchanged``; anything else is
``imported`` with the confirmed rounds' results. Pure: no Django, no files, no clock.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from daihoi.record.bundle import LOG
from daihoi.record.key import normal_fingerprint
from daihoi.record.log import read_log
from daihoi.record.verify import NOT_A_BUNDLE, verify

IMPORTED = "imported"
UNCHANGED = "unchanged"
REFUSED = "refused"

NOT_BUNDLE = "not_bundle"
TOO_LARGE = "too_large"
TAMPERED = "tampered"
OTHER_CONGRESS = "other_congress"
UNREGISTERED_KEY = "unregistered_key"
OLDER = "older"
FORK = "fork"
UNCONFIRMED = "unconfirmed"

MAX_BUNDLE = 256 * 1024 * 1024  # bytes: a bundle with its scanned images stays far below
MAX_RESULTS = 1 << 24  # a round's results.json (verify has already checked its listed size)


@dataclass(frozen=True)
class Imported:
    """What the office holds of the bundle imported last for a congress."""

    entries: int
    head: str
    fingerprint: str


@dataclass(frozen=True)
class RoundResult:
    """A confirmed round as the bundle gives it (its ``results.json``, which the recount of
    ``verify`` matched): what the congress's figures are made from."""

    election: str
    round: int
    title: str
    body: str
    outcome: str
    elected: tuple[str, ...]
    alternates: tuple[str, ...]
    document: Mapping[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The election's name as its ballot and minutes give it (its title)."""
        return self.title

    def to_dict(self) -> dict[str, Any]:
        return {
            "election": self.election,
            "round": self.round,
            "title": self.title,
            "body": self.body,
            "outcome": self.outcome,
            "elected": list(self.elected),
            "alternates": list(self.alternates),
            "document": dict(self.document),
        }


@dataclass(frozen=True)
class Intake:
    """What to do with a bundle: ``outcome`` (``imported``, ``unchanged``, ``refused``), a
    ``code`` (the outcome itself, or why it is refused) and a ``message`` for the office."""

    outcome: str
    code: str
    message: str
    entries: int = 0
    head: str = ""
    fingerprint: str = ""
    congress: str = ""
    results: tuple[RoundResult, ...] = ()

    @property
    def refused(self) -> bool:
        return self.outcome == REFUSED

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "code": self.code,
            "message": self.message,
            "entries": self.entries,
            "head": self.head,
            "fingerprint": self.fingerprint,
            "congress": self.congress,
            "results": [r.to_dict() for r in self.results],
        }


def decide(
    bundle: bytes,
    *,
    congress_id: str,
    registered: Collection[str],
    last: Imported | None,
    max_size: int = MAX_BUNDLE,
) -> Intake:
    """Check ``bundle`` (the bytes of a ``*.bundle.zip``) for the congress ``congress_id``."""
    try:
        return _decide(bundle, congress_id, registered, last, max_size)
    except Exception as exc:  # hostile bytes below every check: a refusal, never a crash
        return Intake(
            REFUSED, NOT_BUNDLE, f"Không đọc được gói kết quả ({type(exc).__name__}: {exc})."
        )


def _decide(
    bundle: bytes,
    congress_id: str,
    registered: Collection[str],
    last: Imported | None,
    max_size: int,
) -> Intake:
    if not isinstance(bundle, (bytes, bytearray, memoryview)):
        return Intake(REFUSED, NOT_BUNDLE, "Không phải tệp gói kết quả (cần tệp .bundle.zip).")
    data = bytes(bundle)
    if len(data) > max_size:
        size, limit = f"{len(data):,}".replace(",", "."), f"{max_size:,}".replace(",", ".")
        return Intake(
            REFUSED,
            TOO_LARGE,
            f"Tệp quá lớn cho một gói kết quả: {size} byte, tối đa {limit} byte.",
        )
    inflated = _declared_size(data)
    if inflated > max_size:
        size, limit = f"{inflated:,}".replace(",", "."), f"{max_size:,}".replace(",", ".")
        return Intake(
            REFUSED,
            TOO_LARGE,
            f"Gói kết quả quá lớn khi giải nén: {size} byte, tối đa {limit} byte "
            "(có thể là tệp nén giả để làm đầy bộ nhớ).",
        )
    verdict = verify(data)
    summary = verdict.summary
    fingerprint = str(summary.get("fingerprint") or "")
    congress = summary.get("congress") or {}
    found_id = str(congress.get("id") or "") if isinstance(congress, Mapping) else ""
    if verdict.exit_code == NOT_A_BUNDLE:
        return Intake(
            REFUSED,
            NOT_BUNDLE,
            f"Tệp này không phải gói kết quả của trạm kiểm phiếu: {verdict.message}.",
        )
    if verdict.exit_code != 0:
        return Intake(
            REFUSED,
            TAMPERED,
            f"Gói kết quả không đúng khi kiểm tra (có thể đã bị sửa): {verdict.message}.",
            fingerprint=fingerprint,
            congress=found_id,
        )
    head = summary["head"]
    entries, head_hash = int(head["n"]), str(head["hash"])
    known = Intake("", "", "", entries, head_hash, fingerprint, found_id)
    if found_id != congress_id:
        name = congress.get("name", "") if isinstance(congress, Mapping) else ""
        return replace(
            known,
            outcome=REFUSED,
            code=OTHER_CONGRESS,
            message=f"Gói kết quả này là của đại hội khác: “{name}” (mã {found_id}), "
            f"không phải đại hội đang nhận (mã {congress_id}).",
        )
    allowed = {normal_fingerprint(str(f)) for f in registered}
    if fingerprint not in allowed:
        return replace(
            known,
            outcome=REFUSED,
            code=UNREGISTERED_KEY,
            message=f"Gói kết quả được ký bằng khoá {fingerprint}, chưa được đăng ký cho đại hội này: "
            "hãy đăng ký dấu khoá của trạm (in trong biên bản kiểm phiếu) rồi gửi lại.",
        )
    if last is not None:
        last_head = str(last.head).lower()
        if entries == last.entries and head_hash == last_head:
            return replace(
                known,
                outcome=UNCHANGED,
                code=UNCHANGED,
                message=f"Gói kết quả này đã nhận rồi (nhật ký {entries} mục): không có gì thay đổi.",
            )
        if entries < last.entries:
            return replace(
                known,
                outcome=REFUSED,
                code=OLDER,
                message=f"Gói kết quả này cũ hơn gói đã nhận: nhật ký có {entries} mục, "
                f"gói đã nhận có {last.entries} mục.",
            )
        if entries == last.entries:
            return replace(
                known,
                outcome=REFUSED,
                code=OLDER,
                message=f"Gói kết quả có cùng {entries} mục nhật ký với gói đã nhận nhưng mục {entries} "
                "khác nhau: đây là một bản ghi khác của cùng đại hội, không nhận.",
            )
        log = read_log(_member(data, LOG, 1 << 27))
        if last.entries >= 1 and log.entries[last.entries - 1].hash != last_head:
            return replace(
                known,
                outcome=REFUSED,
                code=FORK,
                message=f"Nhật ký của gói này không nối tiếp gói đã nhận: mục {last.entries} khác nhau "
                f"(gói đã nhận có {last.entries} mục, gói này {entries} mục).",
            )
    results = tuple(_round_result(data, r) for r in summary.get("rounds", []) if r.get("confirmed"))
    if not results:
        return replace(
            known,
            outcome=REFUSED,
            code=UNCONFIRMED,
            message="Gói kết quả chưa có lần bầu nào được ban kiểm phiếu xác nhận kết quả: chưa có gì "
            "để nhận; hãy gửi lại sau khi xác nhận.",
        )
    rounds = ", ".join(f"{r.election} lần {r.round}" for r in results)
    return replace(
        known,
        outcome=IMPORTED,
        code=IMPORTED,
        message=f"Đã nhận gói kết quả ký bằng khoá {fingerprint}: nhật ký {entries} mục; "
        f"kết quả đã xác nhận: {rounds}.",
        results=results,
    )


def _declared_size(data: bytes) -> int:
    """What the zip's directory says its files take once inflated (0 for what is not a zip:
    ``verify`` says what it is). Checked before anything is inflated: a bundle's images are
    compressed already and its JSON is small, so an honest bundle inflates to about its size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(max(info.file_size, 0) for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return 0


def _member(data: bytes, name: str, limit: int) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(name) as member:
        return member.read(limit)


def _round_result(data: bytes, summary: Mapping[str, Any]) -> RoundResult:
    election, round_no = str(summary["election"]), int(summary["round"])
    document = json.loads(_member(data, f"rounds/{election}-{round_no}/results.json", MAX_RESULTS))
    document.pop("readings", None)
    return RoundResult(
        election=election,
        round=round_no,
        title=str(document.get("title", "")),
        body=str(document.get("body", "")),
        outcome=str(document.get("outcome", "")),
        elected=tuple(str(n) for n in document.get("elected", [])),
        alternates=tuple(str(n) for n in document.get("alternates", [])),
        document=document,
    )


def bundle_congress(bundle: bytes) -> str | None:
    """The congress id a bundle names (its log's ``record.opened``), unchecked: where to send it
    before it is checked for that congress; None when it names none."""
    try:
        with zipfile.ZipFile(io.BytesIO(bytes(bundle))) as archive, archive.open(LOG) as member:
            first = member.readline(1 << 20)
        entry = json.loads(first)
        value = entry["data"]["congress"]["id"]
    except Exception:  # not a zip, no log, not JSON: it names no congress
        return None
    return value if isinstance(value, str) and value else None
