"""The content of the counting minutes (biên bản kiểm phiếu), worded from the facts of a count.

``minutes_from_results`` reads the results JSON of ``formats.md`` (plus the extension keys of
``docs/architecture.md``) with the engine's reader (``daihoi.engine.resultsfile``) and
``word_minutes`` words what it states into a frozen ``Minutes``: every sentence already in
Vietnamese, the result table already filled. The PDF and DOCX renderers only lay it out, so both
documents say exactly the same thing. Pure: no files, no clock.

Numbers are copied, never recomputed: counts are ``int`` and each percentage is the string the
counting engine wrote (exact arithmetic there), shown with the Vietnamese decimal comma.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from daihoi.engine.batches import methods_words
from daihoi.engine.reasons import reason_words
from daihoi.engine.resultsfile import RecordLine, ResultsFile, read_results_file
from daihoi.engine.rules import ThresholdBase
from daihoi.engine.tally import Outcome, Status
from daihoi.vnformat import format_int, format_long_date, format_percent_text

BLANK = "…"
PARTY_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"
COMMITTEE_HEADING = "BAN KIỂM PHIẾU"
TITLE = "BIÊN BẢN KIỂM PHIẾU"

# "Đại hội đại biểu Đảng bộ phường Bến Nghé lần thứ XIII, nhiệm kỳ 2025–2030" → "Đảng bộ phường Bến Nghé"
_ORGANISATION = re.compile(
    r"((?:Đảng bộ|Chi bộ)\s.*?)(?=\s+lần thứ|\s+khóa|\s+khoá|\s+nhiệm kỳ|\s*[,;(]|\s*$)",
    re.IGNORECASE,
)
# Bodies elected by the sitting committee, not by the congress (domain.md).
_COMMITTEE_BODIES = frozenset(
    {"standing_committee", "deputy_secretary", "inspection_committee", "inspection_chair"}
)


class ParaKind(Enum):
    """How a paragraph is set: the renderers map each kind to one style."""

    HEADING = "heading"  # I., II. … section headings
    BODY = "body"
    LEAD = "lead"  # a sentence introducing the list or table after it: never alone at a page foot
    ITEM = "item"  # an indented line of a list
    SUBITEM = "subitem"  # a line under an item ("Trong đó: …")
    NOTICE = "notice"  # boxed warning (result not final)
    CLOSING = "closing"


@dataclass(frozen=True)
class Run:
    """A piece of text with one emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Para:
    """A paragraph of runs."""

    runs: tuple[Run, ...]
    kind: ParaKind = ParaKind.BODY

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Row:
    """One candidate's line in the result table, in ballot order."""

    number: int
    name: str
    votes: int
    percent: str  # as displayed, e.g. "87,10"

    @property
    def votes_text(self) -> str:
        """The votes as displayed: thousands grouped with a dot (1.250)."""
        return _number(self.votes)

    result: str  # Trúng cử / Dự khuyết / Bằng phiếu / Không trúng cử / Chưa công bố
    status: Status


@dataclass(frozen=True)
class ResultTable:
    """The table of votes per candidate."""

    header: tuple[str, str, str, str, str]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Signature:
    """One signature place: its caption and the signer's name when known."""

    caption: str
    name: str | None


Block = Para | ResultTable


@dataclass(frozen=True)
class Minutes:
    """Everything the counting minutes say, in reading order."""

    organisation: str  # top-left, e.g. "ĐẢNG BỘ PHƯỜNG BẾN NGHÉ"
    place_date: str  # top-right, e.g. "Phường Bến Nghé, ngày 10 tháng 7 năm 2025"
    title: str
    subtitle: str
    final: bool  # False while ballots await review: no winner may be announced
    body: tuple[Block, ...]
    head_signature: Signature
    member_signatures: tuple[Signature, ...]

    @property
    def table(self) -> ResultTable:
        return next(b for b in self.body if isinstance(b, ResultTable))

    def plain_text(self) -> str:
        """All words of the minutes, one block per line (for tests and the terminal)."""
        lines = [
            self.organisation,
            COMMITTEE_HEADING,
            PARTY_HEADING,
            self.place_date,
            TITLE,
            self.subtitle,
        ]
        for block in self.body:
            if isinstance(block, Para):
                lines.append(block.text)
            else:
                lines.append(" | ".join(block.header))
                lines.extend(
                    f"{r.number} | {r.name} | {r.votes_text} | {r.percent} | {r.result}"
                    for r in block.rows
                )
        lines.append(self.head_signature.caption)
        lines.extend(s.caption for s in self.member_signatures)
        return "\n".join(lines)


def minutes_from_results(data: Any, source: str = "results.json") -> Minutes:
    """Build the minutes of one count from its results dict; ``InputError`` names what is wrong.

    ``source`` is the file name used in error messages.
    """
    return word_minutes(read_results_file(data, source))


def word_minutes(facts: ResultsFile) -> Minutes:
    """Word the minutes of the count a results file states."""
    title = facts.title or f"Cuộc bầu cử “{facts.election}”"
    subtitle = title + (f" (lần {facts.round_no})" if facts.round_no > 1 else "")
    head, members = _signatures(facts.committee)
    return Minutes(
        organisation=_organisation_heading(facts.congress),
        place_date=_place_date(facts.place, facts.date),
        title=TITLE,
        subtitle=subtitle,
        final=facts.outcome is not Outcome.PENDING_REVIEW,
        body=_body(facts, title),
        head_signature=head,
        member_signatures=members,
    )


# --------------------------------------------------------------------------------------------
# Wording


@dataclass(frozen=True)
class _Electors:
    """Who votes, in words: "đại biểu", "đảng viên" or "ủy viên Ban Chấp hành"."""

    noun: str


def _electors(congress: str | None, body: str) -> _Electors:
    if body in _COMMITTEE_BODIES:
        return _Electors("ủy viên Ban Chấp hành")
    if congress and "đảng viên" in congress.lower():
        return _Electors("đảng viên")
    return _Electors("đại biểu")


def _organisation_heading(congress: str | None) -> str:
    """ "ĐẢNG BỘ PHƯỜNG BẾN THÀNH" from the congress' name; a blank to fill by hand if it names
    no đảng bộ / chi bộ."""
    if congress:
        match = _ORGANISATION.search(congress)
        if match:
            return match.group(1).strip().upper()
    return f"ĐẢNG BỘ {BLANK}"


def _place_date(place: str | None, date: dt.date | None) -> str:
    when = format_long_date(date) if date else f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    return f"{place or BLANK}, {when}"


def _number(n: int | None) -> str:
    return BLANK if n is None else format_int(n)


def _base_words(f: ResultsFile) -> str:
    if f.base_kind is ThresholdBase.ELECTORATE:
        return f"số {_electors(f.congress, f.body).noun} được triệu tập"
    if f.base_kind is ThresholdBase.COLLECTED:
        return "số phiếu thu về"
    return "số phiếu hợp lệ"


def _result_words(
    status: Status, outcome: Outcome, elected_round: int | None, round_no: int
) -> str:
    if outcome is Outcome.PENDING_REVIEW:
        return "Chưa công bố"
    if status is Status.ELECTED:
        if elected_round is not None and elected_round != round_no:
            return f"Trúng cử (lần {elected_round})"
        return "Trúng cử"
    return {
        Status.ALTERNATE: "Dự khuyết",
        Status.TIED: "Bằng phiếu",
        Status.NOT_ELECTED: "Không trúng cử",
    }[status]


def _names_sentence(names: Sequence[str]) -> str:
    return ", ".join(names)


def _p(*runs: Run | str, kind: ParaKind = ParaKind.BODY) -> Para:
    return Para(tuple(Run(r) if isinstance(r, str) else r for r in runs), kind)


def _item(label: str, value: str) -> Para:
    return _p("- ", label, Run(value, bold=True), kind=ParaKind.ITEM)


def _body(f: ResultsFile, title: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    if f.outcome is Outcome.PENDING_REVIEW:
        blocks.append(_pending_notice(f))

    # Opening sentence
    when = format_long_date(f.date) if f.date else f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    where = f", tại {f.place}" if f.place else ""
    congress = f" {f.congress}" if f.congress else " Đại hội"
    blocks.append(
        _p(
            f"Hôm nay, {when}{where}, Ban Kiểm phiếu{congress} đã tiến hành kiểm phiếu ",
            Run(title, bold=True),
            f" (lần {f.round_no})." if f.round_no > 1 else ".",
        )
    )

    # I. The counting committee
    section = 1
    if f.committee:
        blocks.append(
            _p(
                Run(f"{_roman(section)}. BAN KIỂM PHIẾU GỒM CÁC ĐỒNG CHÍ", bold=True),
                kind=ParaKind.HEADING,
            )
        )
        for i, (name, role) in enumerate(f.committee, start=1):
            blocks.append(
                _p(f"{i}. Đồng chí ", Run(name, bold=True), f" – {role}", kind=ParaKind.ITEM)
            )
        section += 1

    # II. Seats and candidates
    blocks.append(
        _p(
            Run(f"{_roman(section)}. SỐ LƯỢNG CẦN BẦU VÀ DANH SÁCH BẦU CỬ", bold=True),
            kind=ParaKind.HEADING,
        )
    )
    section += 1
    if f.delegates:
        blocks.append(_item("Số đại biểu chính thức cần bầu: ", _number(f.seats)))
        blocks.append(_item("Số đại biểu dự khuyết cần bầu: ", _number(f.alternate_seats)))
    else:
        blocks.append(_item("Số lượng cần bầu: ", f"{_number(f.seats)} đồng chí"))
        if f.alternate_seats:
            blocks.append(_item("Số dự khuyết cần bầu: ", _number(f.alternate_seats)))
    order = ", xếp theo vần A, B, C" if len(f.candidates) > 1 else ""
    blocks.append(
        _p(
            f"- Danh sách bầu cử gồm {len(f.candidates)} đồng chí{order}: ",
            "; ".join(f"{i}. {c.name}" for i, c in enumerate(f.candidates, start=1)) + ".",
            kind=ParaKind.ITEM,
        )
    )

    # III. The numbers
    blocks.append(
        _p(Run(f"{_roman(section)}. KẾT QUẢ KIỂM PHIẾU", bold=True), kind=ParaKind.HEADING)
    )
    section += 1
    noun = _electors(f.congress, f.body).noun
    blocks.append(_item(f"Tổng số {noun} được triệu tập: ", _number(f.electorate)))
    blocks.append(_item(f"Số {noun} có mặt: ", _number(f.present)))
    blocks.append(_item(f"Số {noun} vắng mặt: ", _number(f.absent)))
    blocks.append(_item("Số phiếu phát ra: ", _number(f.issued)))
    blocks.append(_item("Số phiếu thu về: ", _number(f.counted)))
    if f.batches:
        blocks.append(_item("Cách kiểm: ", methods_words(f.batches) + "."))
    blocks.append(_item("Số phiếu hợp lệ: ", _number(f.valid)))
    blocks.append(_item("Số phiếu không hợp lệ: ", _number(f.invalid)))
    if f.invalid and f.reasons:
        blocks.append(_p("Trong đó:", kind=ParaKind.SUBITEM))
        for code, n in f.reasons.items():
            if n:
                words = reason_words(code)
                blocks.append(
                    _p(
                        f"+ {words[0].upper()}{words[1:]}: ",
                        Run(_number(n), bold=True),
                        kind=ParaKind.SUBITEM,
                    )
                )
    blocks.append(
        _p(
            "Theo Quy chế bầu cử, người trúng cử phải được số phiếu bầu quá một nửa so với "
            f"{_base_words(f)} ({_number(f.base)}), tức là ít nhất ",
            Run(f"{_number(f.needed)} phiếu", bold=True),
            ".",
        )
    )
    blocks.append(
        _p("Số phiếu bầu cho từng đồng chí (theo thứ tự trong phiếu bầu):", kind=ParaKind.LEAD)
    )
    blocks.append(_table(f))

    # IV. Who is elected
    blocks.append(_p(Run(f"{_roman(section)}. KẾT QUẢ BẦU CỬ", bold=True), kind=ParaKind.HEADING))
    blocks.extend(_outcome_paras(f))

    if f.record is not None:
        blocks.append(_record_para(f.record))
    blocks.append(
        _p(
            f"Biên bản được lập xong vào lúc {BLANK} giờ {BLANK} phút cùng ngày, đã được đọc "
            "trước Đại hội và được các thành viên Ban Kiểm phiếu nhất trí ký tên.",
            kind=ParaKind.CLOSING,
        )
    )
    return tuple(blocks)


def head_groups(head: str) -> str:
    """A log head as printed: eight groups of eight hex digits (``daihoi verify --head`` takes
    it with or without the spaces)."""
    return " ".join(head[i : i + 8] for i in range(0, len(head), 8))


def _record_para(record: RecordLine) -> Para:
    return _p(
        "Sổ ghi điện tử của máy kiểm phiếu (khóa ",
        Run(record.key, bold=True),
        f") đến mục thứ {_number(record.entry)} có mã kiểm tra: ",
        Run(head_groups(record.head), bold=True),
        ". Ai cũng kiểm tra được bộ kết quả bằng lệnh “daihoi verify … --head” với mã này.",
    )


def _pending_notice(f: ResultsFile) -> Para:
    waiting = (
        f"Còn {_number(f.pending)} phiếu đang chờ Ban Kiểm phiếu xem xét, quyết định. "
        if f.pending
        else "Còn phiếu đang chờ Ban Kiểm phiếu xem xét, quyết định. "
    )
    return _p(
        Run("KẾT QUẢ CHƯA CHÍNH THỨC. ", bold=True),
        waiting,
        Run("Biên bản này không công bố người trúng cử", bold=True),
        "; kết quả chỉ được công bố sau khi Ban Kiểm phiếu quyết định xong các phiếu này.",
        kind=ParaKind.NOTICE,
    )


def _table(f: ResultsFile) -> ResultTable:
    rows = tuple(
        Row(
            number=i,
            name=c.name,
            votes=c.votes,
            percent=format_percent_text(c.percent),
            result=_result_words(c.status, f.outcome, c.elected_round, f.round_no),
            status=c.status,
        )
        for i, c in enumerate(f.candidates, start=1)
    )
    header = (
        "STT",
        "Họ và tên",
        # On a đồng ý / không đồng ý ballot a vote is an X in "đồng ý".
        "Số phiếu đồng ý" if f.approve_form else "Số phiếu bầu",
        f"Tỷ lệ % (so với {_base_words(f)})",
        "Kết quả",
    )
    return ResultTable(header=header, rows=rows)


def _outcome_paras(f: ResultsFile) -> list[Para]:
    if f.outcome is Outcome.PENDING_REVIEW:
        return [_pending_notice(f)]
    by_name = {c.name: c for c in f.candidates}
    out: list[Para] = []

    def listing(names: Sequence[str]) -> None:
        for i, name in enumerate(names, start=1):
            c = by_name[name]
            out.append(
                _p(
                    f"{i}. Đồng chí ",
                    Run(name, bold=True),
                    f": {_number(c.votes)} phiếu, đạt {format_percent_text(c.percent)}%",
                    kind=ParaKind.ITEM,
                )
            )

    # Someone elected in an earlier round is not on this round's list: their votes are in that
    # round's minutes, and they appear in the summary of rounds below.
    elected = [n for n in f.elected if n in by_name]
    alternates = [n for n in f.alternates if n in by_name]
    this_round = " ở lần bầu này" if f.round_no > 1 else ""
    if elected:
        who = "đại biểu chính thức " if f.delegates else ""
        out.append(
            _p(
                f"Căn cứ kết quả kiểm phiếu và Quy chế bầu cử, các đồng chí sau đây trúng "
                f"cử {who}{this_round.strip() + ' ' if this_round else ''}(xếp theo số "
                "phiếu từ cao xuống thấp):",
                kind=ParaKind.LEAD,
            )
        )
        listing(elected)
    else:
        out.append(_p("Không có đồng chí nào trúng cử ở lần bầu này."))
    if alternates:
        who = "đại biểu dự khuyết" if f.delegates else "dự khuyết"
        out.append(
            _p(
                f"Các đồng chí sau đây trúng cử {who}{this_round} (xếp theo số phiếu từ "
                "cao xuống thấp):",
                kind=ParaKind.LEAD,
            )
        )
        listing(alternates)

    if f.outcome is Outcome.TIE:
        for names, places in _ties(f):
            votes = {by_name[n].votes for n in names if n in by_name}
            each = f" (cùng được {_number(votes.pop())} phiếu)" if len(votes) == 1 else ""
            out.append(
                _p(
                    Run("Có số phiếu bằng nhau: ", bold=True),
                    f"các đồng chí {_names_sentence(names)} bằng phiếu nhau{each}. "
                    "Theo Quy chế bầu cử, Đại hội phải bầu lại trong số các đồng chí này để chọn ",
                    Run(places, bold=True),
                    ".",
                    kind=ParaKind.NOTICE,
                )
            )
    elif f.outcome is Outcome.SHORT:
        official = f.seats_unfilled - f.alternates_unfilled
        parts = []
        if official:
            parts.append(
                f"{_number(official)} {'đại biểu chính thức' if f.delegates else 'vị trí'}"
            )
        if f.alternates_unfilled:
            parts.append(
                f"{_number(f.alternates_unfilled)} "
                f"{'đại biểu dự khuyết' if f.delegates else 'vị trí dự khuyết'}"
            )
        missing = " và ".join(parts) or _number(f.seats_unfilled) + " vị trí"
        out.append(
            _p(
                Run("Chưa đủ số lượng: ", bold=True),
                f"còn {missing} chưa có người trúng cử vì không có đồng chí nào khác được quá "
                "một nửa số phiếu. Đại hội xem xét, quyết định bầu tiếp hoặc để thiếu.",
                kind=ParaKind.NOTICE,
            )
        )

    if len(f.rounds) > 1 or f.round_no > 1:
        total = sum(len(r.elected) for r in f.rounds)
        out.append(
            _p(
                Run(f"Kết quả qua các lần bầu ({_number(total)} đồng chí trúng cử):", bold=True),
                kind=ParaKind.LEAD,
            )
        )
        for r in f.rounds:
            words = _names_sentence(r.elected) if r.elected else "không có đồng chí nào trúng cử"
            extra = f"; dự khuyết: {_names_sentence(r.alternates)}" if r.alternates else ""
            out.append(_p(f"- Lần {r.number}: ", words, extra, ".", kind=ParaKind.ITEM))
    return out


def _ties(f: ResultsFile) -> list[tuple[tuple[str, ...], str]]:
    """Each group of tied candidates with the places they are voted again for, in words."""
    if f.tie_groups:
        out = []
        for g in f.tie_groups:
            parts = []
            if g.seats:
                noun = "đại biểu chính thức" if f.delegates else "người"
                parts.append(f"{_number(g.seats)} {noun}")
            if g.alternates:
                noun = "đại biểu dự khuyết" if f.delegates else "người dự khuyết"
                parts.append(f"{_number(g.alternates)} {noun}")
            out.append(
                (
                    g.names,
                    "đủ " + " và ".join(parts) + " còn thiếu" if parts else "đủ số người còn thiếu",
                )
            )
        return out
    remaining = _remaining_seats(f)
    return [
        (
            f.tied,
            f"đủ {_number(remaining)} người còn thiếu" if remaining else "đủ số người còn thiếu",
        )
    ]


def _remaining_seats(f: ResultsFile) -> int | None:
    """Seats the tied must be voted again for: official seats first, then alternates."""
    if f.seats is None:
        return None
    official = f.seats - len(f.elected)
    if official > 0:
        return official
    return max(f.alternate_seats - len(f.alternates), 0) or None


def _roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI"][n - 1]


def _signatures(committee: Sequence[tuple[str, str]]) -> tuple[Signature, tuple[Signature, ...]]:
    head: Signature | None = None
    members: list[Signature] = []
    for name, role in committee:
        r = role.lower()
        if head is None and "trưởng ban" in r and "phó" not in r:
            head = Signature("TRƯỞNG BAN KIỂM PHIẾU", name)
        else:
            members.append(Signature("THÀNH VIÊN", name))
    if not committee:  # places to sign by hand
        members = [Signature("THÀNH VIÊN", None), Signature("THÀNH VIÊN", None)]
    return head or Signature("TRƯỞNG BAN KIỂM PHIẾU", None), tuple(members)
