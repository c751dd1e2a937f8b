"""The random batch hand-check of a confirmed count (kiểm tra ngẫu nhiên bằng tay): the services'
part that calls ``daihoi.engine.handcheck`` (reached as ``services.handcheck``).

The head of the counting committee types the dice digits read aloud in the hall; every counted
batch is known by its number as text ("3"), so anyone recomputes its ticket as the SHA-256 of
``"<seed>,3"``. The machine's count of every batch is kept with the draw: reopening the count,
or typing a batch again, never changes the figures the hand counts were compared with, and no
hand count is ever deleted (a new entry of a batch keeps the old one as its history).
"""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from daihoi.engine import handcheck as engine
from daihoi.engine.tally import totals_of_ballots
from daihoi.web.elections import services as elections

from . import recording, services
from .models import Count, CountState, HandCheck, HandCount

Refused = services.Refused
LINE_WORDS = {"ballots": "Số phiếu thu vào", "valid": "Phiếu hợp lệ", "invalid": "Không hợp lệ"}


def may_start(user: Any, row: Any) -> bool:
    """Only the head of the counting committee types the seed and draws more batches."""
    return services.committee_role(user, row) == "head"


def may_enter(user: Any, row: Any) -> bool:
    """The counting committee's members and head enter the hand counts."""
    return services.committee_role(user, row) in ("head", "member")


def of(count: Count) -> HandCheck | None:
    return HandCheck.objects.filter(count=count).select_related("created_by").first()


def machine_counts(count: Count) -> dict[str, dict[str, Any]]:
    """The machine's count of every counted batch (scanned, entered or totalled), by number."""
    election = elections.engine_election(count.election)
    session = services.session_of(count, election)
    session.apply_decisions(services.final_decisions(count))
    mix = services._mix(count, election, session)
    totalled = {t.batch: t for t in mix.totals}
    found: dict[str, dict[str, Any]] = {}
    for item in mix.batches:
        number = str(item["number"])
        if item["method"] == "totals":
            totals = totalled[number]
        else:
            totals = totals_of_ballots(election, mix.by_batch.get(item["number"], []))
        found[number] = {
            "ballots": totals.collected,
            "valid": totals.valid,
            "invalid": totals.invalid,
            "votes": {name: totals.votes.get(name, 0) for name in election.labels},
        }
    return found


def _require(count: Count, user: Any, allowed: bool, words: str) -> None:
    if not allowed:
        raise Refused(words, 403)
    if count.state != CountState.CONFIRMED:
        raise Refused("Chỉ kiểm tra bằng tay sau khi kết quả đã được xác nhận.", 409)


def start(count: Count, user: Any, seed: str, size: Any) -> HandCheck:
    """The head types the seed and how many batches: the first batches in ticket order."""
    _require(
        count,
        user,
        may_start(user, count.election),
        "Chỉ Trưởng Ban Kiểm phiếu nhập dãy số gieo xúc xắc.",
    )
    try:
        digits = engine.normalise_seed(seed)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    if len(digits) > MOST_SEED_DIGITS:
        raise Refused(
            f"Dãy số gieo xúc xắc dài quá: {len(digits)} chữ số, nhiều nhất {MOST_SEED_DIGITS} "
            "(gieo 20 lần là đủ)."
        )
    machine = machine_counts(count)
    ids = sorted(machine, key=engine.batch_order)
    try:
        k = int(str(size).strip())
    except ValueError:
        raise Refused("Số tệp cần rút phải là một số nguyên.") from None
    if not 1 <= k <= len(ids):
        raise Refused(f"Số tệp cần rút phải từ 1 đến {len(ids)} (số tệp đã kiểm).")
    order = dict(engine.tickets(digits, ids))
    drawn = [{"batch": b, "ticket": order[b]} for b in engine.draw(digits, ids, k)]
    try:
        with transaction.atomic():
            check = HandCheck.objects.create(
                count=count,
                seed=digits,
                sample=k,
                batches=ids,
                machine=machine,
                drawn=drawn,
                created_at=timezone.now(),
                created_by=user,
            )
    except IntegrityError:
        raise Refused(
            "Đã rút tệp cho cuộc bầu này rồi: không rút lại bằng dãy số khác.", 409
        ) from None
    services._log(
        user,
        count.election,
        "handcheck.start",
        {"seed": digits, "drawn": [d["batch"] for d in drawn]},
    )
    _record(check, user)
    return check


# Dice read aloud in a hall: 20 throws is the practice; a seed far longer is a paste, and it
# would be printed whole on every page of the hand-check and in the signed log.
MOST_SEED_DIGITS = 64

# No batch of ballots holds more than this, whatever the electorate: a figure above it is a
# slip of the keyboard (or a hostile entry), and one such figure would call a full hand count.
MOST_BALLOTS = 100_000


def _number(value: Any, what: str, most: int = MOST_BALLOTS) -> int:
    text = str(value if value is not None else "").strip()
    if not text.isdecimal():
        raise Refused(f"{what}: hãy nhập một số nguyên không âm.")
    if len(text) > len(str(most)) or int(text) > most:
        raise Refused(
            f"{what}: {text[:12]}{'…' if len(text) > 12 else ''} lớn hơn số phiếu có "
            f"thể có trong một tệp ({most})."
        )
    return int(text)


def parse_counts(row: Any, data: Any) -> dict[str, Any]:
    """A hand count from the form (``ballots``, ``valid``, ``invalid``, ``votes-<n>``), or
    ``Refused`` saying what is wrong (every problem at once)."""
    labels = elections.ballot_order(row)
    problems: list[str] = []
    figures: dict[str, int] = {}
    # A batch cannot hold more ballots than the election has voters (when the list fixed them).
    most = min(MOST_BALLOTS, row.electorate) if row.electorate else MOST_BALLOTS
    for key, what in (("ballots", "Số phiếu"), ("valid", "Hợp lệ"), ("invalid", "Không hợp lệ")):
        try:
            figures[key] = _number(data.get(key), what, most)
        except Refused as exc:
            problems.append(exc.message)
    votes: dict[str, int] = {}
    for i, name in enumerate(labels, start=1):
        try:
            votes[name] = _number(data.get(f"votes-{i}"), f"{i}. {name}")
        except Refused as exc:
            problems.append(exc.message)
    if not problems:
        if figures["valid"] + figures["invalid"] != figures["ballots"]:
            problems.append(
                f"Hợp lệ ({figures['valid']}) cộng không hợp lệ ({figures['invalid']}) phải bằng "
                f"số phiếu ({figures['ballots']})."
            )
        for name, n in votes.items():
            if n > figures["valid"]:
                problems.append(
                    f"{name} có {n} phiếu, nhiều hơn số phiếu hợp lệ ({figures['valid']})."
                )
    if problems:
        raise Refused(" ".join(problems))
    return {**figures, "votes": votes}


def _latest(check: HandCheck) -> dict[str, HandCount]:
    found: dict[str, HandCount] = {}
    for entry in check.counts.select_related("entered_by").order_by("entered_at", "id"):
        found[entry.batch] = entry
    return found


def enter(count: Count, user: Any, batch: str, data: Any, key: str) -> HandCount:
    """A member enters the hand count of a drawn batch (again: the old row stays)."""
    _require(
        count,
        user,
        may_enter(user, count.election),
        "Chỉ thành viên Ban Kiểm phiếu nhập số đếm tay.",
    )
    check = of(count)
    if check is None:
        raise Refused("Chưa rút tệp nào để đếm tay.", 409)
    if batch not in {d["batch"] for d in check.drawn}:
        raise Refused(f"Tệp {batch} không có trong các tệp đã rút.", 404)
    if check.verdict in (engine.VerdictKind.CONFIRMED, engine.VerdictKind.FULL_HAND_COUNT):
        raise Refused("Đã có kết luận của lần kiểm tra này: không nhập thêm.", 409)
    figures = parse_counts(count.election, data)
    key = (key or "").strip()[:40] or uuid.uuid4().hex
    done = check.counts.filter(key=key).first()
    if done is not None:  # the same form sent twice
        return done
    try:
        with transaction.atomic():
            entry = HandCount.objects.create(
                handcheck=check,
                batch=batch,
                counts=figures,
                key=key,
                entered_at=timezone.now(),
                entered_by=user,
            )
    except IntegrityError:  # sent twice at the same moment: the other request wrote it
        return check.counts.get(key=key)
    services._log(user, count.election, "handcheck.count", {"batch": batch, **figures})
    _settle(check, user)
    _record(check, user)
    return entry


def _settle(check: HandCheck, user: Any) -> None:
    """Once every drawn batch has a hand count, the verdict is the engine's (logged when it
    changes)."""
    state = report_of(check)
    result = state["verdict"]
    if result is None:
        return
    before = check.verdict
    HandCheck.objects.filter(pk=check.pk).update(
        verdict=result.kind.value, sentence=result.sentence
    )
    check.refresh_from_db()
    if before != check.verdict:
        services._log(
            user,
            check.count.election,
            "handcheck.verdict",
            {"verdict": [before, check.verdict], "sentence": check.sentence},
        )


def expand(count: Count, user: Any) -> HandCheck:
    """After an "expand" verdict the head draws the next batches with the same seed."""
    _require(
        count, user, may_start(user, count.election), "Chỉ Trưởng Ban Kiểm phiếu rút thêm tệp."
    )
    check = of(count)
    if check is None or check.verdict != engine.VerdictKind.EXPAND:
        raise Refused("Chỉ rút thêm tệp khi kết luận là phải rút thêm.", 409)
    state = report_of(check)
    more = state["verdict"].more if state["verdict"] else 0
    already = [d["batch"] for d in check.drawn]
    order = dict(engine.tickets(check.seed, check.batches))
    added = engine.draw(check.seed, check.batches, more, already=already)
    drawn = check.drawn + [{"batch": b, "ticket": order[b]} for b in added]
    # Conditional: a second click finds the verdict cleared and draws nothing.
    if not HandCheck.objects.filter(pk=check.pk, verdict=engine.VerdictKind.EXPAND).update(
        drawn=drawn, verdict="", sentence=""
    ):
        raise Refused("Đã rút thêm tệp rồi.", 409)
    check.refresh_from_db()
    services._log(user, count.election, "handcheck.expand", {"drawn": added})
    _record(check, user)
    return check


def _tally(count: Count) -> engine.Tally:
    document = services.results_of(count)
    elected = list(document["elected"]) + list(document.get("alternates") or [])
    seats = len(elected) + int(document.get("seats_unfilled") or 0)
    return engine.Tally(
        {c["name"]: int(c["votes"]) for c in document["candidates"]},
        elected,
        int(document["threshold"]["votes_needed"]),
        seats,
    )


def _batch_count(figures: dict[str, Any]) -> engine.BatchCount:
    return engine.BatchCount(
        int(figures["ballots"]), int(figures["valid"]), int(figures["invalid"]), figures["votes"]
    )


def report_of(check: HandCheck) -> dict[str, Any]:
    """What the page, the PDF and the log show: each drawn batch (ticket, latest hand count,
    how many times entered), the report of the batches counted so far, and the verdict once
    every drawn batch is counted."""
    latest = _latest(check)
    history = {b: check.counts.filter(batch=b).count() for b in latest}
    machine = {b: _batch_count(f) for b, f in check.machine.items()}
    hand = {b: _batch_count(e.counts) for b, e in latest.items()}
    report = engine.compare(machine, hand)
    by_batch = {b.batch: b for b in report.batches}
    rows = []
    for d in check.drawn:
        entry = latest.get(d["batch"])
        compared = by_batch.get(d["batch"])
        rows.append(
            {
                "batch": d["batch"],
                "ticket": d["ticket"],
                "entry": entry,
                "entries": history.get(d["batch"], 0),
                "discrepant": bool(compared and compared.discrepant),
                "lines": [
                    {
                        "what": LINE_WORDS.get(line.what, line.what),
                        "machine": line.machine,
                        "hand": line.hand,
                        "difference": line.difference,
                    }
                    for line in (compared.lines if compared else ())
                ],
            }
        )
    complete = all(d["batch"] in latest for d in check.drawn)
    result = None
    if complete:
        unchecked = len(check.batches) - len(check.drawn)
        result = engine.verdict(report, _tally(check.count), unchecked)
    return {"rows": rows, "verdict": result, "complete": complete}


def grouped(seed: str) -> str:
    return engine.grouped(seed)


def verdict_words(kind: str) -> str:
    return engine.VERDICT_WORDS.get(engine.VerdictKind(kind), "") if kind else ""


def _record(check: HandCheck, user: Any) -> None:
    """A ``handcheck`` entry of the signed results log: the whole state after this action."""
    definition = elections.election_file(check.count.election)
    latest = _latest(check)
    data = {
        "election": str(definition["id"]),
        "round": int(definition.get("round", 1)),
        "seed": check.seed,
        "batches": list(check.batches),
        "drawn": list(check.drawn),
        "machine": {d["batch"]: check.machine[d["batch"]] for d in check.drawn},
        "counts": {b: e.counts for b, e in latest.items()},
        "entered_by": {b: e.entered_by.get_username() for b, e in latest.items()},
        "verdict": check.verdict,
        "by": user.get_username(),
        "at": timezone.now().isoformat(),
    }
    recording.write(check.count.election.congress, extra=[("handcheck", data)])


# ------------------------------------------------------------------------------- the PDF


def pdf(check: HandCheck) -> bytes:
    """The printable report: seed, drawn batches and tickets, the table per batch and candidate,
    the verdict and the signature lines (Be Vietnam Pro; every name escaped)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from daihoi.fonts import BOLD, register_family
    from daihoi.pdftext import para_text

    family = register_family()
    body = ParagraphStyle("body", fontName=family, fontSize=10, leading=13)
    small = ParagraphStyle("small", fontName=family, fontSize=7.5, leading=9)
    number = ParagraphStyle("number", parent=body, alignment=2)
    head = ParagraphStyle("head", fontName=BOLD, fontSize=13, leading=17, alignment=1)
    bold = ParagraphStyle("bold", fontName=BOLD, fontSize=10, leading=13)
    election = check.count.election
    state = report_of(check)
    story: list[Any] = [
        Paragraph(para_text(f"Đại hội {election.congress.organisation.name}"), bold),
        Paragraph("BIÊN BẢN KIỂM TRA NGẪU NHIÊN BẰNG TAY", head),
        Paragraph(para_text(f"{election.title} (lần bầu {election.round})"), body),
        Spacer(1, 3 * mm),
        Paragraph(para_text(f"Dãy số gieo xúc xắc: {engine.grouped(check.seed)}"), bold),
        Paragraph(
            para_text(
                f"Nhập lúc {timezone.localtime(check.created_at):%H:%M %d/%m/%Y} bởi "
                f"{check.created_by.get_username()}; {len(check.batches)} tệp đã kiểm, rút "
                f"{len(check.drawn)} tệp. Phiếu rút của tệp N là SHA-256 của “dãy số,N”; "
                "các tệp được rút theo thứ tự phiếu rút tăng dần."
            ),
            body,
        ),
        Spacer(1, 2 * mm),
    ]
    tickets = [[Paragraph("Tệp", bold), Paragraph("Phiếu rút (SHA-256)", bold)]]
    tickets += [
        [Paragraph(para_text(d["batch"]), body), Paragraph(d["ticket"], small)] for d in check.drawn
    ]
    table = Table(tickets, colWidths=[20 * mm, 150 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey)]))
    story += [table, Spacer(1, 4 * mm)]
    for row in state["rows"]:
        title = f"Tệp {row['batch']}"
        if row["entry"] is None:
            story.append(Paragraph(para_text(f"{title}: chưa đếm tay."), body))
            continue
        entry = row["entry"]
        story.append(
            Paragraph(
                para_text(
                    f"{title}: đếm tay bởi {entry.entered_by.get_username()} lúc "
                    f"{timezone.localtime(entry.entered_at):%H:%M %d/%m/%Y}"
                    + (
                        f" (nhập {row['entries']} lần, lần cuối được tính)"
                        if row["entries"] > 1
                        else ""
                    )
                ),
                bold,
            )
        )
        lines = [[Paragraph(t, bold) for t in ("", "Máy", "Đếm tay", "Chênh lệch")]]
        styles = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey)]
        for i, line in enumerate(row["lines"], start=1):
            lines.append(
                [
                    Paragraph(para_text(line["what"]), body),
                    Paragraph(str(line["machine"]), number),
                    Paragraph(str(line["hand"]), number),
                    Paragraph(f"{line['difference']:+d}" if line["difference"] else "0", number),
                ]
            )
            if line["difference"]:
                styles.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#fde2e2")))
        table = Table(lines, colWidths=[90 * mm, 25 * mm, 25 * mm, 30 * mm])
        table.setStyle(TableStyle(styles))
        story += [table, Spacer(1, 3 * mm)]
    verdict = state["verdict"]
    if verdict is not None:
        story += [
            Paragraph(para_text(f"Kết luận: {engine.VERDICT_WORDS[verdict.kind]}"), bold),
            Paragraph(para_text(verdict.sentence), body),
        ]
    else:
        story.append(Paragraph("Chưa đếm tay hết các tệp đã rút: chưa có kết luận.", body))
    story += [Spacer(1, 12 * mm)]
    signs = Table(
        [
            [Paragraph("TRƯỞNG BAN KIỂM PHIẾU", bold), Paragraph("CÁC THÀNH VIÊN", bold)],
            [Paragraph("(ký, ghi rõ họ tên)", small), Paragraph("(ký, ghi rõ họ tên)", small)],
        ],
        colWidths=[85 * mm, 85 * mm],
    )
    story.append(signs)
    out = io.BytesIO()
    SimpleDocTemplate(
        out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm
    ).build(story)
    return out.getvalue()


def first_sample_size(batches: int) -> int:
    return engine.first_sample_size(batches)
