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
import re
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
    round_created_data,
    round_files,
)
from daihoi.web.elections import services as elections

from .models import Count, CountState, Record

_keys: dict[Path, StationKey] = {}


def station_key() -> StationKey:
    """The station's Ed25519 key (made on first use, kept in ``STATION_KEY_FILE``)."""
    path = Path(settings.STATION_KEY_FILE)
    if path not in _keys:
        path.parent.mkdir(parents=True, exist_ok=True)
        _keys[path] = StationKey.load_or_create(path)
    return _keys[path]


def record_id(congress: Any) -> str:
    """The congress's name in its bundle: the organisation's code and the term."""
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


def _write_locked(congress: Any, row: Record, extra: list[tuple[str, dict[str, Any]]]) -> None:
    from . import services  # the results and minutes of a count (services imports this module)

    recorder = _recorder(congress)
    logged: dict[str, Any] = {"pages": {}, "decisions": {}, "confirmed": {}, "rounds": []}
    logged.update(row.logged or {})
    changed: dict[int, tuple[Count, dict[str, Any]]] = {}
    counts = (
        Count.objects.filter(election__congress=congress)
        .select_related("election", "confirmed_by")
        .order_by("election__slug", "election__round")
    )
    for count in counts:
        cid = str(count.pk)
        definition = elections.election_file(count.election)
        eid, rnd = str(definition["id"]), int(definition.get("round", 1))
        touched = False
        if count.election_id not in logged["rounds"]:
            recorder.append("round.created", round_created_data(definition))
            logged["rounds"].append(count.election_id)
            touched = True
        pages = count.pages.count()
        if pages > int(logged["pages"].get(cid, 0)):
            new = pages - int(logged["pages"].get(cid, 0))
            recorder.append("pages.read", {"election": eid, "round": rnd, "pages": new})
            logged["pages"][cid] = pages
            touched = True
        for decision in count.decisions.select_related("user").order_by("id"):
            stamp = decision.decided_at.isoformat()
            if logged["decisions"].get(str(decision.pk)) == stamp:
                continue
            _count, sha, page, copy = decision.page_key.split(":")
            recorder.append(
                "review.decision",
                {
                    "election": eid,
                    "round": rnd,
                    "page": {"sha256": sha, "page": int(page), "copy": int(copy)},
                    **_decision_data(decision),
                },
            )
            logged["decisions"][str(decision.pk)] = stamp
            touched = True
        if touched or _needs_confirmation(count, logged):
            changed[count.pk] = (count, definition)
    for count, definition in changed.values():
        files = _round_files(count, definition)
        for name, content in files.items():
            recorder.put(name, content)
        if _needs_confirmation(count, logged):
            assert count.confirmed_at is not None
            recorder.commit()  # the files the confirmation names are in the bundle first
            head = recorder.append(
                "results.confirmed",
                {
                    "election": str(definition["id"]),
                    "round": int(definition.get("round", 1)),
                    "by": count.confirmed_by.get_username() if count.confirmed_by else "",
                    "at": count.confirmed_at.isoformat(),
                    "files": file_hashes(files),
                },
            )
            confirmed = {"at": count.confirmed_at.isoformat(), "entry": head.n, "head": head.hash}
            logged["confirmed"][str(count.pk)] = confirmed
            # The minutes print the confirmation's head: made now, part of the next commit.
            data = services.minutes_data(
                count, {"entry": head.n, "head": head.hash, "key": station_key().fingerprint}
            )
            for name, content in round_files(
                definition, [], [], None, services.minutes_pdf_of(count, data), data
            ).items():
                if name.endswith(("minutes.pdf", "minutes.json")):
                    recorder.put(name, content)
    for kind, data in extra:
        recorder.append(kind, data)
    recorder.commit()
    head = recorder.head
    row.entry, row.head, row.logged, row.problem = head.n, head.hash, logged, ""
    row.copies = _copy_states(congress, recorder)
    row.save()


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

    document = services.results_of(count) if count.pages.exists() else None
    return round_files(definition, _records(count), [], document, None, None)


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
