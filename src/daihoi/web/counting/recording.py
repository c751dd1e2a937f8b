"""The results record of a congress (``docs/bundle.md``), written as the counting goes.

The station's log and bundle live in ``RECORD_DIR/<congress>/`` and, when the station was
started with a second folder (``daihoi web serve --record-copy``, a USB stick), there as well.
After every counting action the services call :func:`write`: it compares what the database holds
(pages read, decisions, confirmations, rounds) with what the log already says (``Record.logged``)
and appends an entry for each difference, then writes the bundle's files of the rounds that
changed and a new signed manifest. A write that failed (a full disk, the stick pulled out) is
said on the count's page, and the next action writes what it missed: nothing counted is lost.

Writers take turns on the congress's ``Record`` row, so the server's threads and the task
worker never append to one log at once. Only ``services`` calls this module.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from daihoi.record import (
    Head,
    Recorder,
    StationKey,
    ballot_record,
    file_hashes,
    manual_batch_data,
    round_created_data,
    round_files,
)
from daihoi.web.elections import services as elections

from .models import Count, CountState, Record


def station_key() -> StationKey:
    """The station's Ed25519 key (made on first use, kept in ``STATION_KEY_FILE``)."""
    return StationKey.kept_in(settings.STATION_KEY_FILE)


def record_id(congress: Any) -> str:
    """The congress's name in its bundle: the organisation's code and the term (or, on a
    station that imported the office's congress package, the name the central server gave)."""
    if getattr(congress, "central_id", ""):
        return str(congress.central_id)
    season = congress.season
    code = re.sub(r"[^A-Za-z0-9.-]+", "-", congress.organisation.code).strip("-") or "to-chuc"
    return f"{code}-{season.term_start}-{season.term_end}-{congress.pk}"


def folders(congress: Any) -> list[Path]:
    name = record_id(congress)
    found = [Path(settings.RECORD_DIR) / name]
    if settings.RECORD_COPY:
        found.append(Path(settings.RECORD_COPY) / name)
    return found


def _congress_facts(congress: Any) -> dict[str, str]:
    return {
        "id": record_id(congress),
        "name": f"Đại hội {congress.organisation.name}",
        "organisation": congress.organisation.name,
    }


def write(congress: Any, *, extra: list[tuple[str, dict[str, Any]]] = ()) -> Record:
    """Bring the congress's record up to date (and append ``extra`` entries after it)."""
    row, _created = Record.objects.get_or_create(congress=congress)
    try:
        with transaction.atomic():
            # The update takes SQLite's write lock; select_for_update PostgreSQL's row lock.
            Record.objects.filter(pk=row.pk).update(updated_at=timezone.now())
            row = Record.objects.select_for_update().get(pk=row.pk)
            _write_locked(congress, row, list(extra))
    except OSError as exc:
        problem = f"Không ghi được sổ ghi kiểm phiếu: {exc.strerror or exc}"
        Record.objects.filter(pk=row.pk).update(problem=problem[:500])
        row.refresh_from_db()
    return row


@dataclass
class _Said:
    """What the log already says, read from its entries (never from the database: an entry
    appended just before a crash is not written twice)."""

    rounds: set[tuple[str, int]] = field(default_factory=set)
    pages: dict[tuple[str, int], int] = field(default_factory=dict)
    decisions: set[str] = field(default_factory=set)
    manual: dict[tuple[str, int, str], str] = field(default_factory=dict)
    confirmed: dict[tuple[str, int, str], Head] = field(default_factory=dict)
    reopened: set[tuple[str, int, str]] = field(default_factory=set)
    # the files of the latest minutes.printed since the round's latest confirmation
    printed: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, recorder: Recorder) -> _Said:
        said = cls()
        for entry in recorder.entries:
            data = entry.data
            if entry.kind == "record.opened":
                continue
            where = (str(data.get("election")), int(data.get("round", 0)))
            if entry.kind == "round.created":
                said.rounds.add(where)
            elif entry.kind == "pages.read":
                said.pages[where] = int(data["total"])
            elif entry.kind == "review.decision":
                said.decisions.add(_decision_key(where, data))
            elif entry.kind == "manual.entry":
                said.manual[(*where, str(data["batch"]))] = str(data["entries"])
            elif entry.kind == "results.confirmed":
                said.confirmed[(*where, str(data["at"]))] = entry.head
                said.printed.pop(where, None)
            elif entry.kind == "reopened":
                said.reopened.add((*where, str(data["at"])))
                said.printed.pop(where, None)
            elif entry.kind == "minutes.printed":
                said.printed[where] = dict(data["files"])
        return said


def _decision_key(where: tuple[str, int], data: Mapping[str, Any]) -> str:
    page = data["page"]
    return json.dumps(
        [
            *where,
            page["sha256"],
            page["page"],
            page["copy"],
            data["by"],
            data["at"],
            data["settles"],
        ]
    )


def _write_locked(congress: Any, row: Record, extra: list[tuple[str, dict[str, Any]]]) -> None:
    from . import services  # the results and minutes of a count (services imports this module)

    recorder = _recorder(congress)
    said = _Said.of(recorder)
    # Files put before a station stopped, not yet committed: write every round's files again.
    everything = recorder.uncommitted > 0
    changed: dict[int, tuple[Count, dict[str, Any]]] = {}
    counts = (
        Count.objects.filter(election__congress=congress)
        .select_related("election", "confirmed_by")
        .order_by("election__slug", "election__round")
    )
    for count in counts:
        definition = elections.election_file(count.election)
        where = (str(definition["id"]), int(definition.get("round", 1)))
        before = recorder.head.n
        if where not in said.rounds:
            recorder.append("round.created", round_created_data(definition))
            said.rounds.add(where)
        pages = count.pages.count()
        if pages > said.pages.get(where, 0):
            recorder.append(
                "pages.read",
                {
                    "election": where[0],
                    "round": where[1],
                    "pages": pages - said.pages.get(where, 0),
                },
            )
            said.pages[where] = pages
        for decision in count.decisions.select_related("user").order_by("id"):
            _count, sha, page, copy = decision.page_key.split(":")
            data = {
                "election": where[0],
                "round": where[1],
                "page": {"sha256": sha, "page": int(page), "copy": int(copy)},
                **_decision_data(decision),
            }
            if _decision_key(where, data) not in said.decisions:
                recorder.append("review.decision", data)
                said.decisions.add(_decision_key(where, data))
        for batch, rows in _manual_batches(count).items():
            data = manual_batch_data(where[0], where[1], batch, rows)
            if said.manual.get((*where, batch)) != data["entries"]:
                recorder.append("manual.entry", data)
                said.manual[(*where, batch)] = data["entries"]
        for reopening in services.reopenings(count):
            at = reopening.reopened_at.isoformat()
            if (*where, at) not in said.reopened:
                recorder.append(
                    "reopened",
                    {
                        "election": where[0],
                        "round": where[1],
                        "by": reopening.reopened_by.get_username(),
                        "at": at,
                        "reason": reopening.reason,
                    },
                )
                said.reopened.add((*where, at))
        if everything or recorder.head.n != before or _unconfirmed(count, where, said):
            changed[count.pk] = (count, definition)
    for count, definition in changed.values():
        where = (str(definition["id"]), int(definition.get("round", 1)))
        files = _round_files(count, definition)
        for name, content in files.items():
            recorder.put(name, content)
        if _unconfirmed(count, where, said):
            assert count.confirmed_at is not None
            recorder.commit()  # the files the confirmation names are in the bundle first
            head = recorder.append(
                "results.confirmed",
                {
                    "election": where[0],
                    "round": where[1],
                    "by": count.confirmed_by.get_username() if count.confirmed_by else "",
                    "at": count.confirmed_at.isoformat(),
                    "files": file_hashes(files),
                },
            )
            said.confirmed[(*where, count.confirmed_at.isoformat())] = head
            said.printed.pop(where, None)
        confirmed = _confirmation(count, where, said)
        if confirmed is not None:
            # The minutes print the confirmation's head (they come after it in the bundle).
            data = services.minutes_data(
                count,
                {"entry": confirmed.n, "head": confirmed.hash, "key": station_key().fingerprint},
            )
            minutes = {
                name: content
                for name, content in round_files(
                    definition, [], [], None, services.minutes_pdf_of(count, data), data
                ).items()
                if name.endswith(("minutes.pdf", "minutes.json"))
            }
            for name, content in minutes.items():
                recorder.put(name, content)
            hashes = file_hashes(minutes)
            if said.printed.get(where) != hashes:
                # Once per new minutes: the log pins the page printed after the confirmation.
                recorder.append(
                    "minutes.printed", {"election": where[0], "round": where[1], "files": hashes}
                )
                said.printed[where] = hashes
    for kind, data in extra:
        recorder.append(kind, data)
    recorder.commit()
    head = recorder.head
    row.entry, row.head, row.problem = head.n, head.hash, ""
    row.logged = {
        "confirmed": {
            str(count.pk): {"at": at, "entry": h.n, "head": h.hash}
            for count in counts
            for (e, r, at), h in said.confirmed.items()
            if count.confirmed_at is not None
            and (e, r) == _where(count)
            and at == count.confirmed_at.isoformat()
        }
    }
    row.copies = _copy_states(congress, recorder)
    row.save()


def _where(count: Count) -> tuple[str, int]:
    return (count.election.slug, count.election.round)


def _unconfirmed(count: Count, where: tuple[str, int], said: _Said) -> bool:
    return count.state == CountState.CONFIRMED and _confirmation(count, where, said) is None


def _confirmation(count: Count, where: tuple[str, int], said: _Said) -> Head | None:
    if count.state != CountState.CONFIRMED or count.confirmed_at is None:
        return None
    return said.confirmed.get((*where, count.confirmed_at.isoformat()))


def _manual_batches(count: Count) -> dict[str, list[dict[str, Any]]]:
    """The batches counted by hand, as the record's manual entries: each agreed ballot typed,
    and the totals of a batch counted on paper (cross-check totals are not counted)."""
    from . import services

    found: dict[str, list[dict[str, Any]]] = {}
    for ballot in services.manual_ballots(count):
        found.setdefault(str(ballot["batch"]), []).append(
            {
                "batch": str(ballot["batch"]),
                "marks": ballot["marks"],
                "invalid": ballot["invalid"],
                "operators": ballot["operators"],
            }
        )
    for totals in services.batch_totals(count):
        if totals["use"] != "count":
            continue
        found.setdefault(str(totals["batch"]), []).append(
            {
                "batch": str(totals["batch"]),
                "operators": [totals["entered_by"]],
                "totals": {
                    "votes": totals["votes"],
                    "valid": totals["valid"],
                    "invalid": totals["invalid_reasons"],
                    "collected": totals["collected"],
                },
            }
        )
    return found


def _recorder(congress: Any) -> Recorder:
    for folder in folders(congress)[1:]:
        # The congress's folder on the stick (the stick itself is never made: one not plugged
        # in stays a problem the count page shows).
        if folder.parent.is_dir():
            with contextlib.suppress(OSError):  # the recorder says what is wrong with it
                folder.mkdir(exist_ok=True)
    return Recorder(
        folders=folders(congress), key=station_key(), congress=_congress_facts(congress)
    )


def _needs_confirmation(count: Count, logged: dict[str, Any]) -> bool:
    if count.state != CountState.CONFIRMED or count.confirmed_at is None:
        return False
    found = logged["confirmed"].get(str(count.pk)) or {}
    return bool(found.get("at") != count.confirmed_at.isoformat())


def _decision_data(decision: Any) -> dict[str, Any]:
    return {
        "by": decision.user.get_username(),
        "at": decision.decided_at.isoformat(),
        "ruling": decision.ruling,
        "struck": sorted(decision.struck),
        "reason": decision.reason,
        "settles": decision.settles,
    }


def _copy_states(congress: Any, recorder: Recorder) -> list[dict[str, str]]:
    """Each folder the record should be in, with what went wrong there ("" when written)."""
    written = set(recorder.folders)
    states = []
    for folder in folders(congress):
        problem = ""
        if folder not in written:
            problem = next(
                (p for p in recorder.problems if str(folder) in p), "không ghi được vào đây"
            )
        states.append({"folder": str(folder), "problem": problem})
    return states


def _records(count: Count) -> list[dict[str, Any]]:
    by_page: dict[str, list[dict[str, Any]]] = {}
    for d in count.decisions.select_related("user").order_by("decided_at", "id"):
        by_page.setdefault(d.page_key, []).append(_decision_data(d))
    return [
        ballot_record(reading, by_page.get(key, []), copy=copy)
        for key, copy, reading in count.pages.order_by("sha256", "page", "copy").values_list(
            "key", "copy", "reading"
        )
    ]


def _round_files(count: Count, definition: dict[str, Any]) -> dict[str, bytes]:
    """The round's election file, records, manual entries and results (not yet the minutes:
    they print the head of the confirmation that names these files)."""
    from . import services

    document, _problem = services.results_or_problem(count)
    manual = [row for rows in _manual_batches(count).values() for row in rows]
    return round_files(definition, _records(count), manual, document, None, None)


def confirmed_head(count: Count) -> dict[str, Any] | None:
    """Where the log stood when this count was confirmed: {"entry", "head", "key"}."""
    row = Record.objects.filter(congress_id=count.election.congress_id).first()
    if row is None or count.state != CountState.CONFIRMED:
        return None
    found = (row.logged or {}).get("confirmed", {}).get(str(count.pk))
    if not found or found.get("at") != (count.confirmed_at and count.confirmed_at.isoformat()):
        return None
    return {"entry": found["entry"], "head": found["head"], "key": station_key().fingerprint}


def bundle_zip(congress: Any, user: Any, *, images: bool = False) -> bytes:
    """The congress's bundle as a zip, after an ``export`` entry naming who took it."""
    what = "bundle.zip" + (" with images" if images else "")
    write(
        congress,
        extra=[
            ("export", {"by": user.get_username(), "at": timezone.now().isoformat(), "what": what})
        ],
    )
    return _recorder(congress).zip(_images(congress) if images else None)


def _images(congress: Any) -> dict[str, bytes]:
    """The scanned files of the congress's counts, named by their SHA-256."""
    from django.core.files.storage import default_storage

    from .models import Upload

    found: dict[str, bytes] = {}
    for upload in Upload.objects.filter(count__election__congress=congress).order_by("sha256"):
        with default_storage.open(upload.stored_as, "rb") as stored:
            found[f"{upload.sha256}.{upload.kind}"] = stored.read()
    return found


def head_of(congress: Any) -> Head | None:
    row = Record.objects.filter(congress=congress).first()
    return Head(row.entry, row.head) if row and row.entry else None
