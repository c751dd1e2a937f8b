"""The results JSON as a file states it, read and checked: the one reader of results files.

``read_results_file`` takes the results JSON of ``formats.md`` (plus the extension keys of
``docs/architecture.md``) and returns a frozen ``ResultsFile``: strict about the contract's own
keys, tolerant of the extension keys an outside tool's file lacks. Every refusal is an
``InputError`` naming the file and the field (list items counted from 0, as in JSON paths).

The minutes are worded from a ``ResultsFile``; ``result_from_dict`` (``daihoi.engine.results``)
builds a ``Result`` from one, rebuilding the election from the extension keys. Numbers are
copied, never recomputed: counts are ``int`` and each percentage stays the string the counting
engine wrote (exact arithmetic there).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from daihoi.engine.batches import Method
from daihoi.engine.errors import InputError, Location
from daihoi.engine.names import MAX_NAME, MAX_TEXT, label_problem, printable, text_problem
from daihoi.engine.rules import PRESETS, ThresholdBase
from daihoi.engine.tally import Outcome, Status

_PERCENT = re.compile(r"^\d{1,3}(\.\d+)?$")


@dataclass(frozen=True)
class CandidateLine:
    """One candidate's line of the results, in ballot order."""

    name: str  # the label: the name, or "Name (born)" for namesakes
    born: int | None
    votes: int
    percent: str
    status: Status
    elected_round: int | None


@dataclass(frozen=True)
class RecordLine:
    """Where the station's signed log stood when the results were confirmed (docs/bundle.md):
    the minutes print it, so a signed paper pins the whole electronic record."""

    entry: int
    head: str  # the SHA-256 of the log's head entry, 64 hex digits
    key: str  # the station key's fingerprint


@dataclass(frozen=True)
class ResultsFile:
    """What a results file states about one count, checked, not yet worded."""

    election: str
    title: str | None
    body: str  # formats.md's body: committee, delegates, … ("other" when the file does not say)
    rules: str
    round_no: int
    counted: int
    valid: int
    invalid: int
    reasons: dict[str, int]
    base: int
    needed: int
    base_kind: ThresholdBase
    outcome: Outcome
    candidates: tuple[CandidateLine, ...]
    elected: tuple[str, ...]
    alternates: tuple[str, ...]
    tied: tuple[str, ...]
    seats_unfilled: int  # official and alternate places left empty
    alternate_seats_unfilled: int  # of which alternate places, as the file says
    tie_groups: tuple[TieGroupLine, ...] | None
    congress: str | None
    seats: int | None
    alternate_seats: int
    electorate: int | None  # the threshold's base when the file does not say and that is its base
    approve_form: bool
    rounds: tuple[RoundLine, ...]
    pending_review: int  # ``ballots.pending_review`` (0 when absent)
    pending: int | None  # ballots awaiting review however the file says it (None: not said)
    present: int | None
    absent: int | None
    issued: int | None
    place: str | None
    date: dt.date | None
    committee: tuple[tuple[str, str], ...]
    record: RecordLine | None = None  # the station's results record at the count (bundle.md)
    # The extension key ``batches``: each batch's number and how it was counted (scan, ballots,
    # totals; ``daihoi.engine.batches.Method``); empty when the file does not say.
    batches: tuple[tuple[int, str], ...] = ()

    @property
    def alternates_unfilled(self) -> int:
        """Alternate places left empty (never more than all places left empty)."""
        return min(self.alternate_seats_unfilled, self.seats_unfilled)

    @property
    def delegates(self) -> bool:
        """Whether the count elects delegates to the congress above (official and alternates)."""
        return self.body == "delegates"


# --------------------------------------------------------------------------------------------
# Reading the results dict (tolerant of extension keys, strict about the contract's own keys)


class _Reader:
    """Typed access to the results dict; every refusal names the file and the field."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, field: str, message: str) -> InputError:
        return InputError(message, Location(file=self.source, field=field))

    def mapping(self, data: Any, field: str) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            raise self.fail(field, "phải là một đối tượng JSON ({…})")
        return data

    def sequence(self, data: Any, field: str) -> Sequence[Any]:
        if not isinstance(data, list):
            raise self.fail(field, "phải là một danh sách JSON ([…])")
        return data

    def get(self, data: Mapping[str, Any], key: str, field: str) -> Any:
        if key not in data:
            raise self.fail(field, "thiếu trường này — đây có phải tệp kết quả kiểm phiếu không?")
        return data[key]

    def count(self, value: Any, field: str) -> int:
        # bool is an int in Python; a JSON true is not a count.
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(field, f"phải là số nguyên không âm, không phải {value!r}")
        return value

    def text(self, value: Any, field: str, *, limit: int = MAX_TEXT) -> str:
        """A text the minutes or the terminal print: no control or invisible character."""
        if not isinstance(value, str) or not value.strip():
            shown = printable(repr(value))
            raise self.fail(field, f"phải là chuỗi chữ khác rỗng, không phải {shown}")
        problem = text_problem(value, limit=limit)
        if problem is not None:
            raise self.fail(field, problem)
        return value.strip()

    def name(self, value: Any, field: str) -> str:
        """A candidate's label (``names.label_problem``)."""
        text = self.text(value, field, limit=MAX_NAME + 7)
        problem = label_problem(text)
        if problem is not None:
            raise self.fail(field, f"tên “{printable(text)}” {problem}")
        return text

    def optional_text(self, data: Mapping[str, Any], key: str, field: str) -> str | None:
        value = data.get(key)
        return None if value is None or value == "" else self.text(value, field)

    def optional_count(self, data: Mapping[str, Any], key: str, field: str) -> int | None:
        value = data.get(key)
        return None if value is None else self.count(value, field)

    def enum(self, kind: type[Enum], value: Any, field: str) -> Any:
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in kind)
            raise self.fail(
                field, f"giá trị {value!r} không hợp lệ (chỉ nhận: {allowed})"
            ) from None


def read_results_file(data: Any, source: str = "results.json") -> ResultsFile:
    """What the results dict ``data`` of the file ``source`` states; ``InputError`` names the
    file and the field of anything wrong."""
    rd = _Reader(source)
    if not isinstance(data, Mapping):
        raise rd.fail("$", "không phải tệp kết quả kiểm phiếu: phải là một đối tượng JSON ({…})")
    if "election" not in data and "id" in data and "candidates" in data:
        raise rd.fail(
            "election",
            "không phải tệp kết quả kiểm phiếu mà là tệp cuộc bầu cử — hãy kiểm phiếu trước "
            "(daihoi count tally) rồi dùng tệp kết quả",
        )
    election_id = rd.text(rd.get(data, "election", "election"), "election")
    round_no = rd.count(rd.get(data, "round", "round"), "round")
    rules = rd.text(rd.get(data, "rules", "rules"), "rules")
    ballots = rd.mapping(rd.get(data, "ballots", "ballots"), "ballots")
    counted = rd.count(rd.get(ballots, "counted", "ballots.counted"), "ballots.counted")
    valid = rd.count(rd.get(ballots, "valid", "ballots.valid"), "ballots.valid")
    invalid = rd.count(rd.get(ballots, "invalid", "ballots.invalid"), "ballots.invalid")
    reasons_raw = rd.mapping(ballots.get("invalid_reasons", {}), "ballots.invalid_reasons")
    reasons = {
        str(code): rd.count(n, f"ballots.invalid_reasons.{code}") for code, n in reasons_raw.items()
    }
    threshold = rd.mapping(rd.get(data, "threshold", "threshold"), "threshold")
    base = rd.count(rd.get(threshold, "base", "threshold.base"), "threshold.base")
    needed = rd.count(
        rd.get(threshold, "votes_needed", "threshold.votes_needed"), "threshold.votes_needed"
    )
    outcome: Outcome = rd.enum(Outcome, rd.get(data, "outcome", "outcome"), "outcome")
    candidates = _read_candidates(rd, rd.get(data, "candidates", "candidates"))
    elected = _read_names(rd, data.get("elected", []), "elected")
    alternates = _read_names(rd, data.get("alternates", []), "alternates")
    tied = _read_names(rd, data.get("tied", []), "tied")
    seats_unfilled = rd.count(data.get("seats_unfilled", 0), "seats_unfilled")

    title = rd.optional_text(data, "title", "title")
    congress = rd.optional_text(data, "congress", "congress")
    body_kind = rd.optional_text(data, "body", "body") or "other"
    seats = rd.optional_count(data, "seats", "seats")
    alternate_seats = rd.optional_count(data, "alternate_seats", "alternate_seats") or 0
    electorate = rd.optional_count(data, "electorate", "electorate")
    meeting = rd.mapping(data.get("meeting") or {}, "meeting")
    rules_detail = rd.mapping(data.get("rules_detail") or {}, "rules_detail")
    base_kind = _threshold_base(rd, rules, rules_detail)
    if electorate is None and base_kind is ThresholdBase.ELECTORATE:
        electorate = base
    rounds = _read_rounds(rd, data.get("rounds") or [])
    tie_groups = _read_tie_groups(rd, data.get("tie_groups"))
    alternates_unfilled = rd.count(
        data.get("alternate_seats_unfilled", 0), "alternate_seats_unfilled"
    )
    pending_review = rd.count(ballots.get("pending_review", 0), "ballots.pending_review")
    pending = _pending_count(rd, ballots, data.get("readings"))

    for i, line in enumerate(candidates):
        # formats.md: the percent is of threshold.base. It is copied into the minutes, never
        # recomputed, so a file whose percent the votes do not give is refused here.
        expected = _percent_as_written(line.votes, base, line.percent)
        if Decimal(line.percent) != expected:
            raise rd.fail(
                f"candidates[{i}].percent",
                f"tỉ lệ “{line.percent}” không khớp số phiếu: {line.votes} phiếu trên "
                f"{base} (threshold.base) là {expected}",
            )
    if valid + invalid != counted:
        raise rd.fail(
            "ballots",
            f"tệp kết quả không nhất quán: hợp lệ {valid} + không hợp lệ {invalid} "
            f"≠ thu về {counted}",
        )
    known = {c.name for c in candidates}
    for field, names in (("elected", elected), ("alternates", alternates), ("tied", tied)):
        for name in names:
            earlier = any(name in r.elected + r.alternates for r in rounds if r.number < round_no)
            if name not in known and not earlier:
                raise rd.fail(field, f"“{name}” không có trong danh sách “candidates”")
    return ResultsFile(
        election=election_id,
        title=title,
        body=body_kind,
        rules=rules,
        round_no=round_no,
        counted=counted,
        valid=valid,
        invalid=invalid,
        reasons=reasons,
        base=base,
        needed=needed,
        base_kind=base_kind,
        outcome=outcome,
        candidates=candidates,
        elected=elected,
        alternates=alternates,
        tied=tied,
        seats_unfilled=seats_unfilled,
        alternate_seats_unfilled=alternates_unfilled,
        tie_groups=tie_groups,
        congress=congress,
        seats=seats,
        alternate_seats=alternate_seats,
        electorate=electorate,
        rounds=rounds,
        pending_review=pending_review,
        pending=pending,
        approve_form=data.get("form") == "approve",
        present=rd.optional_count(meeting, "present", "meeting.present"),
        absent=rd.optional_count(meeting, "absent", "meeting.absent"),
        issued=rd.optional_count(meeting, "issued", "meeting.issued"),
        place=rd.optional_text(meeting, "place", "meeting.place"),
        date=_read_date(rd, meeting.get("date")),
        committee=_read_committee(rd, meeting.get("counting_committee") or []),
        record=_read_record(rd, data.get("record")),
        batches=_read_batches(rd, data.get("batches") or []),
    )


_HEAD = re.compile(r"[0-9a-f]{64}")


def _read_record(rd: _Reader, raw: Any) -> RecordLine | None:
    if raw is None:
        return None
    item = rd.mapping(raw, "record")
    entry = rd.count(rd.get(item, "entry", "record.entry"), "record.entry")
    head = rd.get(item, "head", "record.head")
    if not isinstance(head, str) or not _HEAD.fullmatch(head):
        raise rd.fail("record.head", "phải là mã SHA-256 gồm 64 chữ số hệ mười sáu (0–9, a–f)")
    key = rd.text(rd.get(item, "key", "record.key"), "record.key", limit=100)
    return RecordLine(entry=entry, head=head, key=key)


def _read_batches(rd: _Reader, raw: Any) -> tuple[tuple[int, str], ...]:
    out: list[tuple[int, str]] = []
    methods = {m.value for m in Method}
    for i, item in enumerate(rd.sequence(raw, "batches")):
        f = f"batches[{i}]"
        item = rd.mapping(item, f)
        number = rd.count(rd.get(item, "number", f"{f}.number"), f"{f}.number")
        method = rd.get(item, "method", f"{f}.method")
        if method not in methods:
            raise rd.fail(f"{f}.method", f"phải là một trong {', '.join(sorted(methods))}")
        out.append((number, str(method)))
    return tuple(out)


def _read_candidates(rd: _Reader, raw: Any) -> tuple[CandidateLine, ...]:
    items = rd.sequence(raw, "candidates")
    out: list[CandidateLine] = []
    for i, item in enumerate(items):
        f = f"candidates[{i}]"
        item = rd.mapping(item, f)
        percent = rd.get(item, "percent", f"{f}.percent")
        if not isinstance(percent, str) or not _PERCENT.match(percent):
            raise rd.fail(
                f"{f}.percent", f'phải là chuỗi số thập phân như "87.10", không phải {percent!r}'
            )
        elected_round = item.get("elected_round")
        out.append(
            CandidateLine(
                name=rd.name(rd.get(item, "name", f"{f}.name"), f"{f}.name"),
                born=rd.optional_count(item, "born", f"{f}.born"),
                votes=rd.count(rd.get(item, "votes", f"{f}.votes"), f"{f}.votes"),
                percent=percent,
                status=rd.enum(Status, rd.get(item, "status", f"{f}.status"), f"{f}.status"),
                elected_round=None
                if elected_round is None
                else rd.count(elected_round, f"{f}.elected_round"),
            )
        )
    if not out:
        raise rd.fail("candidates", "danh sách người ứng cử trống")
    return tuple(out)


def _percent_as_written(votes: int, base: int, written: str) -> Decimal:
    """``votes`` as a percentage of ``base``, rounded half up to as many decimals as
    ``written`` has (exact integers: no binary fractions); 0 when the base is 0."""
    decimals = len(written.partition(".")[2])
    if base <= 0:
        return Decimal(0)
    units, remainder = divmod(votes * 100 * 10**decimals, base)
    if remainder * 2 >= base:
        units += 1
    return Decimal(units).scaleb(-decimals)


def _read_names(rd: _Reader, raw: Any, field: str) -> tuple[str, ...]:
    return tuple(rd.name(n, f"{field}[{i}]") for i, n in enumerate(rd.sequence(raw, field)))


@dataclass(frozen=True)
class RoundLine:
    """Who one round elected."""

    number: int
    elected: tuple[str, ...]
    alternates: tuple[str, ...]


@dataclass(frozen=True)
class TieGroupLine:
    """Tied candidates and the places they compete for."""

    names: tuple[str, ...]
    seats: int  # official places open among them
    alternates: int  # alternate places among them


def _read_rounds(rd: _Reader, raw: Any) -> tuple[RoundLine, ...]:
    out = []
    for i, item in enumerate(rd.sequence(raw, "rounds")):
        f = f"rounds[{i}]"
        item = rd.mapping(item, f)
        out.append(
            RoundLine(
                number=rd.count(rd.get(item, "round", f"{f}.round"), f"{f}.round"),
                elected=_read_names(rd, item.get("elected") or [], f"{f}.elected"),
                alternates=_read_names(rd, item.get("alternates") or [], f"{f}.alternates"),
            )
        )
    return tuple(out)


def _read_tie_groups(rd: _Reader, raw: Any) -> tuple[TieGroupLine, ...] | None:
    """The engine's ``tie_groups`` (who competes for how many places), if the file has them."""
    if raw is None:
        return None
    out = []
    for i, item in enumerate(rd.sequence(raw, "tie_groups")):
        f = f"tie_groups[{i}]"
        item = rd.mapping(item, f)
        out.append(
            TieGroupLine(
                names=_read_names(rd, rd.get(item, "names", f"{f}.names"), f"{f}.names"),
                seats=rd.count(item.get("seats", 0), f"{f}.seats"),
                alternates=rd.count(item.get("alternates", 0), f"{f}.alternates"),
            )
        )
    return tuple(out)


def _read_date(rd: _Reader, raw: Any) -> dt.date | None:
    if raw is None or raw == "":
        return None
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise rd.fail("meeting.date", f"ngày {raw!r} không đúng dạng YYYY-MM-DD") from None


def _read_committee(rd: _Reader, raw: Any) -> tuple[tuple[str, str], ...]:
    out = []
    for i, item in enumerate(rd.sequence(raw, "meeting.counting_committee")):
        f = f"meeting.counting_committee[{i}]"
        if isinstance(item, str):  # a bare name is a member
            out.append((rd.text(item, f, limit=MAX_NAME), "Thành viên"))
            continue
        item = rd.mapping(item, f)
        name = rd.text(rd.get(item, "name", f"{f}.name"), f"{f}.name", limit=MAX_NAME)
        out.append((name, rd.optional_text(item, "role", f"{f}.role") or "Thành viên"))
    return tuple(out)


def _threshold_base(rd: _Reader, rules: str, detail: Mapping[str, Any]) -> ThresholdBase:
    if "threshold_base" in detail:
        base: ThresholdBase = rd.enum(
            ThresholdBase, detail["threshold_base"], "rules_detail.threshold_base"
        )
        return base
    # Older results files carry only the preset's name: the engine's preset fixes the base.
    preset = PRESETS.get(rules)
    if preset is None:
        raise rd.fail(
            "rules_detail.threshold_base",
            f"bộ quy tắc “{rules}” không có sẵn; tệp kết quả phải ghi rõ cơ sở tính tỷ lệ",
        )
    return preset.threshold_base


def _pending_count(rd: _Reader, ballots: Mapping[str, Any], readings: Any) -> int | None:
    for key in ("pending_review", "review"):
        if key in ballots:
            return rd.count(ballots[key], f"ballots.{key}")
    if isinstance(readings, list):
        return sum(1 for r in readings if isinstance(r, Mapping) and r.get("status") == "review")
    return None
