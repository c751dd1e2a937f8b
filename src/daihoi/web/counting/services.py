"""The counting app's one bridge to the engines and the scan session.

Ballots in: ``receive_file`` stores a scanned file by its SHA-256 (a zip is opened into its
files) and queues it; the task worker's ``read_pending`` reads every queued file of a count
through one ``ScanSession`` (every page already read restored first, so a paper given twice is
found) and stores each page as it is read. One reader at a time per count holds a lease it
renews page by page; a reader killed with ``kill -9`` lets it expire, the next poll of the
station page queues a new reader, and the pages already stored are not read again — nothing is
counted twice or lost.

Results out: ``results_of`` counts the stored readings with the engine; the projector, the
minutes and the next round are made from it.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import time
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import cv2
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Count as DbCount
from django.db.models import F, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from daihoi.engine.ballot import FORM_CODES, MARKS_BY_CODE, Ballot, MarkGrid
from daihoi.engine.batches import (
    METHOD_WORDS,
    BatchTotals,
    method_runs,
    totals_differences,
    totals_problems,
)
from daihoi.engine.doubleentry import compare_entries
from daihoi.engine.election import Election as EngineElection
from daihoi.engine.errors import InputError
from daihoi.engine.names import text_problem
from daihoi.engine.reasons import reason_label
from daihoi.engine.results import result_to_dict
from daihoi.engine.rounds import next_round as engine_next_round
from daihoi.engine.tally import (
    OUTCOME_LABELS,
    Outcome,
    Result,
    count_election,
    totals_of_ballots,
)
from daihoi.minutes.docx import render_docx
from daihoi.minutes.model import Minutes, Para, ParaKind, Run, minutes_from_results
from daihoi.minutes.pdf import render_pdf
from daihoi.record import StationKey, final_decision
from daihoi.scan.decide import REASON_TEXT, PageStatus
from daihoi.scan.images import PageImage, UnreadableFile, read_pages
from daihoi.scan.pool import POOL_MIN_FILES, FileJob, PageReaders, default_workers
from daihoi.scan.reader import PageResult, SealSampleError, learn_seal_sample
from daihoi.scan.readings import reading_from_dict
from daihoi.scan.seal import SealModel
from daihoi.scan.session import Decision, PageKey, ScanSession, ballot_of
from daihoi.vnformat import format_int, format_long_date
from daihoi.web.accounts.scope import can_edit, is_office, profile_of, visible_organisations
from daihoi.web.audit.services import log_change
from daihoi.web.counting.elected import record_body_of, reopen_body_of
from daihoi.web.elections import services as elections
from daihoi.web.elections.models import (
    IN_HALL,
    Candidate,
    CandidateSource,
    Delegate,
    DelegateKind,
    Election,
    ElectionState,
    Panel,
    PanelMember,
    PanelRole,
)
from daihoi.web.season import sources as season_sources

from . import recording
from .models import (
    Batch,
    BatchMethod,
    BatchTotalsEntry,
    Count,
    CountingEnd,
    CountState,
    EntryRow,
    EntrySettlement,
    ManualEntry,
    Page,
    Record,
    Reopening,
    ReviewDecision,
    StationAccount,
    StationToken,
    Upload,
    UploadState,
)
from .words import shown

LEASE = timedelta(seconds=20)
KICK_AGAIN_AFTER = timedelta(seconds=10)
MAX_FILE_BYTES = 300 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_TOTAL = 2 * 1024 * 1024 * 1024
MAX_ZIP_RATIO = 100
PER_RUN = 64  # uploads taken by one pass of the reader

KINDS = {
    b"%PDF": "pdf",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
    b"\x89PNG": "png",
    b"\xff\xd8\xff": "jpeg",
    b"PK\x03\x04": "zip",
}

KIND_LABELS = {"pdf": "PDF", "tiff": "TIFF", "png": "PNG", "jpeg": "JPEG", "zip": "ZIP"}


class Refused(Exception):
    """An upload the station refuses, with the message for the operator and an HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


# ------------------------------------------------------------------------------------- access


def election_for(user: Any, pk: int) -> Election:
    """The election ``pk`` if ``user`` may see its congress's organisation, or holds a seat at
    its congress through a station account; else 404."""
    seen = Q(congress__organisation__in=visible_organisations(user))
    seat = elections.seat_congress(user)
    if seat is not None:
        seen |= Q(congress_id=seat)
    return get_object_or_404(
        Election.objects.select_related("congress__organisation", "congress__season"),
        seen,
        pk=pk,
    )


def may_count(user: Any, election: Election) -> bool:
    """Who may upload, record the ballots issued, start batches and manage the scanning PCs:
    the counting committee and the technical operators, and those who may edit the congress
    (its office, an office above)."""
    if committee_role(user, election) in ("head", "member", "operator"):
        return True
    return can_edit(user, election.congress.organisation)


def may_export(user: Any, election: Election) -> bool:
    """Who may take the congress's results bundle: the congress's office and the head of the
    counting committee (who sends it to the committee above)."""
    return (
        can_edit(user, election.congress.organisation) or committee_role(user, election) == "head"
    )


def may_confirm(user: Any, election: Election) -> bool:
    """The head of the counting committee confirms. Where the committee has no head with an
    account (a unit counting on the central server without station accounts), the office that
    may edit the congress confirms for it, as before the roles."""
    if committee_role(user, election) == "head":
        return True
    head = elections.head_of_counting(election.congress)
    has_head = head is not None and head.user_id is not None
    return not has_head and can_edit(user, election.congress.organisation)


def may_reopen(user: Any, election: Election) -> bool:
    """Only the head of the counting committee reopens a confirmed count."""
    return committee_role(user, election) == "head"


def count_of(election: Election) -> Count:
    count, _ = Count.objects.get_or_create(election=election)
    return count


def current_batch(count: Count) -> Batch:
    batch = count.batches.filter(closed=False).order_by("-number").first()
    if batch is None:
        batch = new_batch(count)
    return batch


def new_batch(count: Count) -> Batch:
    """Close the open batch and start the next (tệp mới); the pages so far are written again
    in hash order (``hide_order``) when none is being read."""
    if not count.uploads.filter(state__in=(UploadState.QUEUED, UploadState.READING)).exists():
        hide_order(count)
    with transaction.atomic():
        count.batches.filter(closed=False).update(closed=True)
        last = count.batches.order_by("-number").values_list("number", flat=True).first() or 0
        return Batch.objects.create(count=count, number=last + 1)


# -------------------------------------------------------------------------------- ballots in


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def kind_of(data: bytes) -> str | None:
    for magic, kind in KINDS.items():
        if data.startswith(magic):
            return kind
    return None


@dataclass(frozen=True)
class Received:
    sha256: str
    status: str  # queued | duplicate
    upload: str | None = None


def receive_file(count: Count, data: bytes, *, batch: Batch | None = None) -> list[Received]:
    """Store one scanned file (a zip: each file in it) and queue it for reading.

    Raises ``Refused`` for a closed count, an empty or oversized file or one that is not a scan.
    The same bytes sent again are ``duplicate`` and never read twice.
    """
    if count.state != CountState.OPEN:
        raise Refused("Kết quả đã được xác nhận: không nhận thêm phiếu.", 409)
    if not data:
        raise Refused("Tệp rỗng (0 byte).")
    if len(data) > MAX_FILE_BYTES:
        raise Refused(
            f"Tệp quá lớn ({format_int(len(data) // 2**20)} MB; tối đa "
            f"{format_int(MAX_FILE_BYTES // 2**20)} MB).",
            413,
        )
    kind = kind_of(data)
    if kind is None:
        raise Refused("Tệp này không phải ảnh quét (PDF, TIFF, PNG, JPEG) hay tệp ZIP của chúng.")
    batch = batch or current_batch(count)
    if kind == "zip":
        return [_store(count, batch, member, member_kind) for member, member_kind in _unzip(data)]
    return [_store(count, batch, data, kind)]


def _unzip(data: bytes) -> Iterator[tuple[bytes, str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, ValueError):
        raise Refused("Tệp ZIP hỏng hoặc không mở được.") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise Refused(f"Tệp ZIP có quá nhiều tệp (tối đa {format_int(MAX_ZIP_MEMBERS)}).")
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_TOTAL or total > MAX_ZIP_RATIO * max(len(data), 1):
        raise Refused("Tệp ZIP giải nén ra quá lớn: có thể là tệp độc hại, không mở.", 413)
    found = False
    for info in sorted(infos, key=lambda i: i.filename):
        try:
            member = archive.read(info)
        except (zipfile.BadZipFile, RuntimeError, ValueError, OSError):
            raise Refused("Một tệp trong ZIP bị hỏng hoặc có mật khẩu.") from None
        kind = kind_of(member)
        if kind in (None, "zip"):
            continue  # a readme, a thumbnail database, a nested zip: not a scan
        found = True
        yield member, kind
    if not found:
        raise Refused("Tệp ZIP không có ảnh quét nào (PDF, TIFF, PNG, JPEG).")


def _store(count: Count, batch: Batch, data: bytes, kind: str) -> Received:
    digest = hashlib.sha256(data).hexdigest()
    existing = Upload.objects.filter(count=count, sha256=digest).first()
    if existing is not None:
        return Received(digest, "duplicate", str(existing.pk))
    name = f"scans/{count.pk}/{digest}.{kind}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    _forget_time(name)
    try:
        with transaction.atomic():
            upload = Upload.objects.create(
                count=count, batch=batch, sha256=digest, kind=kind, size=len(data), stored_as=name
            )
    except IntegrityError:  # the same file arrived twice at the same moment
        return Received(digest, "duplicate")
    transaction.on_commit(lambda: kick(count.pk, force=True))
    return Received(digest, "queued", str(upload.pk))


# The time given to every stored scan: a file's own time would tell when (so in which order) each
# paper was scanned.
NO_TIME = 946684800  # 2000-01-01


def _forget_time(name: str) -> None:
    """Give a stored file a fixed time (local files; object storage keeps its own, see docs)."""
    try:
        path = default_storage.path(name)
    except NotImplementedError:
        return
    os.utime(path, (NO_TIME, NO_TIME))


def hide_order(count: Count) -> None:
    """Write the count's pages and files again in hash order, so that neither the table's row
    order (SQLite's rowid, PostgreSQL's physical order) nor anything else keeps the order in
    which they came; forget the reader's task records (their times are upload times)."""
    with transaction.atomic():
        # Only the rows read here are written again: a file arriving meanwhile is left alone.
        pages = list(Page.objects.filter(count=count).order_by("sha256", "page", "copy"))
        Page.objects.filter(pk__in=[p.pk for p in pages]).delete()
        Page.objects.bulk_create(pages)
        uploads = list(
            Upload.objects.filter(count=count, state=UploadState.DONE).order_by("sha256")
        )
        Upload.objects.filter(pk__in=[u.pk for u in uploads]).delete()
        Upload.objects.bulk_create(uploads)
    _forget_reader_tasks(count.pk)


def _forget_reader_tasks(count_id: int) -> None:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend keeps no rows here
        return
    DBTaskResult.objects.filter(
        task_path="daihoi.web.counting.tasks.read_count",
        status__in=("SUCCESSFUL", "FAILED"),
        args_kwargs__args=[count_id],
    ).delete()


def kick(count_id: int, *, force: bool = False) -> bool:
    """Queue a reader for the count when files wait and no reader holds a live lease (a reader
    killed mid-batch: its lease runs out). Returns True when one was queued."""
    from .tasks import read_count

    now = timezone.now()
    waiting = Upload.objects.filter(
        count_id=count_id, state__in=(UploadState.QUEUED, UploadState.READING)
    ).exists()
    if not waiting:
        return False
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    recent = Q(kicked_at__gt=now - KICK_AGAIN_AFTER)
    query = Count.objects.filter(pk=count_id)
    if not force:
        query = query.filter(free).exclude(recent)
    if not query.update(kicked_at=now):
        return False
    read_count.enqueue(count_id)
    return True


# ------------------------------------------------------------------------------------ reading


def _take_lease(count_id: int, owner: str) -> bool:
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now) | Q(lease_owner=owner)
    return bool(
        Count.objects.filter(free, pk=count_id).update(lease_owner=owner, lease_until=now + LEASE)
    )


def _release_lease(count_id: int, owner: str) -> None:
    Count.objects.filter(pk=count_id, lease_owner=owner).update(lease_owner="", lease_until=None)


def session_of(count: Count, election: EngineElection | None = None) -> ScanSession:
    """A scan session holding every page of the count already read, in hash order, with the
    committee's seal learnt from its sample when one was given."""
    election = election or elections.engine_election(count.election)
    model = seal_model_of(count, election)
    session = ScanSession(
        election,
        seal_sample=model,
        seal_sample_sha256=[count.seal_sample_sha256] if model is not None else (),
    )
    for data in count.pages.order_by("sha256", "page", "copy").values_list("reading", flat=True):
        session.restore(reading_from_dict(data))
    return session


def read_pending(
    count_id: int, *, workers: int | None = None, stop_after: int | None = None
) -> str:
    """Read every queued file of the count (in the task worker). ``stop_after`` pages: stop
    there as a killed worker would (for tests of the recovery)."""
    owner = uuid.uuid4().hex
    done = 0
    while True:
        if not _take_lease(count_id, owner):
            return "busy"
        try:
            done += _read_some(count_id, owner, workers, stop_after)
        except _Stopped:
            return "stopped"
        finally:
            _release_lease(count_id, owner)
        # A file queued while this reader was finishing found the lease taken: look again.
        if not Upload.objects.filter(
            count_id=count_id, state__in=(UploadState.QUEUED, UploadState.READING)
        ).exists():
            return f"read {done}"


class _Stopped(Exception):
    pass


# Files waiting in one pass from which reading in worker processes pays for starting them.
POOL_FROM = 4


def _read_some(count_id: int, owner: str, workers: int | None, stop_after: int | None) -> int:
    """Read, under the lease, every file queued now and every file queued meanwhile: one scan
    session and one pool of reading processes for the whole run, the results refreshed after
    each pass (so the station's pages show them without counting again)."""
    count = Count.objects.select_related("election__congress__organisation").get(pk=count_id)
    election = elections.engine_election(count.election)
    session: ScanSession | None = None
    readers: PageReaders | None = None
    read = 0
    started = time.monotonic()
    try:
        while True:
            pending = list(
                Upload.objects.filter(
                    count=count, state__in=(UploadState.QUEUED, UploadState.READING)
                ).order_by("sha256")[:PER_RUN]
            )
            if not pending:
                break
            if session is None:
                session = session_of(count, election)
            if readers is None or (readers.workers == 1 and len(pending) >= POOL_FROM):
                wanted = workers or (
                    default_workers(POOL_MIN_FILES) if len(pending) >= POOL_FROM else 1
                )
                if readers is None or wanted != readers.workers:
                    if readers is not None:
                        readers.close()
                    readers = PageReaders(election, wanted, session.seal_model)
            done, lost = _read_pass(count, owner, session, readers, pending, stop_after, read)
            read += done
            if lost:  # another reader took over (this one was too slow): stop
                break
            results_of(count)
            recording.write(count.election.congress)
    finally:
        if readers is not None:
            readers.close()
        elapsed = time.monotonic() - started
        Count.objects.filter(pk=count_id).update(
            read_pages=F("read_pages") + read, read_seconds=F("read_seconds") + elapsed
        )
    return read


def _read_pass(
    count: Count,
    owner: str,
    session: ScanSession,
    readers: PageReaders,
    pending: list[Upload],
    stop_after: int | None,
    read_before: int,
) -> tuple[int, bool]:
    """Read the ``pending`` files; the pages read, and whether the lease was lost meanwhile."""
    saved = {
        (sha, page)
        for sha, page in count.pages.filter(sha256__in=[u.sha256 for u in pending]).values_list(
            "sha256", "page"
        )
    }
    Upload.objects.filter(pk__in=[u.pk for u in pending]).update(state=UploadState.READING)
    uploads = {u.sha256: u for u in pending}
    read = 0

    def jobs() -> Iterator[FileJob]:
        for upload in pending:
            try:
                with default_storage.open(upload.stored_as, "rb") as stored:
                    data = stored.read()
                error = None
            except OSError:
                data, error = b"", "không mở được tệp đã lưu trên máy chủ"
            done = frozenset(p for s, p in saved if s == upload.sha256)
            yield FileJob(f"{upload.sha256[:16]}.{upload.kind}", data, upload.sha256, done, error)

    for job, outcome in readers.read(jobs(), want_images=False):
        upload = uploads[job.sha256]
        if job.error is not None:
            _save_page(
                count,
                upload,
                session.add_unreadable(UnreadableFile(job.source, job.sha256, job.error)),
            )
        for item in outcome.pages:
            if item.unreadable is not None:
                reading = session.add_unreadable(item.unreadable)
            else:
                assert item.result is not None
                reading = session.add_result(PageResult(item.result.reading, None, None))
            _save_page(count, upload, reading)
            read += 1
            if stop_after is not None and read_before + read >= stop_after:
                raise _Stopped
            if not _take_lease(count.pk, owner):
                return read, True
        Upload.objects.filter(pk=upload.pk).update(
            state=UploadState.DONE, pages=max(outcome.count, 1 if job.error else 0)
        )
    return read, False


def _save_page(count: Count, upload: Upload, reading: Any) -> None:
    copy = 0
    key = f"{count.pk}:{reading.sha256 or upload.sha256}:{reading.page}:{copy}"
    with transaction.atomic():
        _, created = Page.objects.get_or_create(
            key=key,
            defaults={
                "count": count,
                "batch_id": upload.batch_id,
                "sha256": reading.sha256 or upload.sha256,
                "page": reading.page,
                "copy": copy,
                "status": reading.status.value,
                "reason": reading.reason or "",
                "reading": reading.to_dict(with_fingerprint=True),
            },
        )
        if created:
            Count.objects.filter(pk=count.pk).update(revision=F("revision") + 1)


# ------------------------------------------------------------------------------- seal sample


def _sample_pages(data: bytes) -> list[PageImage]:
    kind = kind_of(data)
    if kind not in ("pdf", "tiff", "png", "jpeg"):
        raise Refused("Mẫu dấu phải là ảnh quét (PDF, TIFF, PNG hoặc JPEG).")
    pages: list[PageImage] = []
    for item in read_pages(Path(f"mau-dau.{kind}"), data):
        if isinstance(item, UnreadableFile):
            raise Refused(f"Không đọc được tệp mẫu dấu: {item.message}")
        pages.append(item)
    return pages


def set_seal_sample(count: Count, data: bytes, user: Any) -> None:
    """Learn the committee's seal from scanned stamped blank ballots (before any page is read:
    every page of a count is judged against the same seal)."""
    if count.state != CountState.OPEN:
        raise Refused("Kết quả đã được xác nhận.", 409)
    if count.pages.exists() or count.uploads.exists():
        raise Refused(
            "Đã nạp phiếu: không đổi mẫu dấu được nữa (mọi phiếu phải so với cùng một mẫu).", 409
        )
    if len(data) > MAX_FILE_BYTES:
        raise Refused("Tệp mẫu dấu quá lớn.", 413)
    pages = _sample_pages(data)
    try:
        learn_seal_sample(pages, elections.engine_election(count.election))
    except SealSampleError as exc:
        raise Refused(f"Mẫu dấu không dùng được: {exc}") from None
    digest = sha256_of(data)
    name = default_storage.save(f"scans/{count.pk}/mau-dau-{digest}", ContentFile(data))
    Count.objects.filter(pk=count.pk).update(seal_sample_sha256=digest, seal_sample_name=name)
    count.refresh_from_db()
    _log(user, count.election, "count.seal_sample", {"sha256": digest})


def seal_model_of(count: Count, election: EngineElection) -> SealModel | None:
    """The seal learnt from the count's sample (None without one)."""
    if not count.seal_sample_name:
        return None
    with default_storage.open(count.seal_sample_name, "rb") as stored:
        data = stored.read()
    return learn_seal_sample(_sample_pages(data), election)


# ----------------------------------------------------------------------------------- progress


def progress(count: Count) -> dict[str, Any]:
    """What the station page and the projector show while counting (no per-page detail)."""
    by_status = dict(
        count.pages.values_list("status").annotate(n=DbCount("key")).values_list("status", "n")
    )
    uploads = dict(
        count.uploads.values_list("state").annotate(n=DbCount("id")).values_list("state", "n")
    )
    batches = []
    # Batches counted by hand have their own list (``batches_overview``).
    for batch in count.batches.filter(method=BatchMethod.SCAN).order_by("number"):
        statuses = dict(
            batch.pages.values_list("status").annotate(n=DbCount("key")).values_list("status", "n")
        )
        waiting = batch.uploads.filter(state__in=(UploadState.QUEUED, UploadState.READING)).count()
        batches.append(
            {
                "number": batch.number,
                "closed": batch.closed,
                "pages": sum(statuses.values()),
                "review": statuses.get("review", 0),
                "rejected": statuses.get("rejected", 0),
                "waiting": waiting,
            }
        )
    pages = sum(by_status.values())
    rate = count.read_pages / count.read_seconds if count.read_seconds > 0 else None
    return {
        "pages": pages,
        "valid": by_status.get("valid", 0),
        "invalid": by_status.get("invalid", 0),
        "review": by_status.get("review", 0),
        "rejected": by_status.get("rejected", 0),
        "files_waiting": uploads.get(UploadState.QUEUED, 0) + uploads.get(UploadState.READING, 0),
        "files_failed": uploads.get(UploadState.FAILED, 0),
        "files": sum(uploads.values()),
        "rate": rate,
        "batches": batches,
        "reading": bool(count.lease_until and count.lease_until > timezone.now()),
    }


def rejected_reasons(count: Count) -> list[tuple[str, int]]:
    rows = (
        count.pages.filter(status__in=("rejected", "review"))
        .values_list("reason")
        .annotate(n=DbCount("key"))
        .order_by("-n")
    )
    return [(shown(reason_words(reason)) if reason else "", n) for reason, n in rows]


# ------------------------------------------------------------------------------------ results


def meeting_facts(election: Election) -> dict[str, Any]:
    """The meeting facts of the minutes from the congress's day: place, date, counting
    committee, present and absent (official delegates), ballots issued when recorded."""
    congress = election.congress
    sitting = congress.sittings.order_by("-starts_at").first()
    day = congress.held_date or (sitting.starts_at.date() if sitting else None)
    voters = elections.with_presence(
        Delegate.objects.filter(congress=congress, kind=DelegateKind.OFFICIAL)
    )
    present = sum(1 for d in voters if d.presence in IN_HALL)
    convened = voters.count()
    facts: dict[str, Any] = {}
    if sitting and sitting.place:
        facts["place"] = sitting.place
    if day:
        facts["date"] = day.isoformat()
    if convened:
        facts["present"] = present
        facts["absent"] = convened - present
    count = Count.objects.filter(election=election).first()
    if count is not None and count.issued is not None:
        facts["issued"] = count.issued
    committee = [
        {"name": m.name, "role": m.get_role_display()}
        for m in elections.counting_committee(congress)
    ]
    if committee:
        facts["counting_committee"] = committee
    return facts


def results_of(count: Count) -> dict[str, Any]:
    """The results document (``formats.md``) of the pages read so far, cached per revision."""
    count.refresh_from_db(fields=["revision", "results", "results_revision"])
    if count.results is not None and count.results_revision == count.revision:
        return dict(count.results)
    election = elections.engine_election(count.election, meeting=meeting_facts(count.election))
    session = session_of(count, election)
    session.apply_decisions(final_decisions(count))
    document = _mixed_document(count, election, session)
    Count.objects.filter(pk=count.pk).update(results=document, results_revision=count.revision)
    return document


def results_or_problem(
    count: Count, *, live: bool = False
) -> tuple[dict[str, Any] | None, str | None]:
    """The results document, or why the engine refuses to count these pages (more ballots than
    the electorate, say), in Vietnamese; (None, None) before any page. ``live``: while a reader
    is at work, the results it refreshed after its last pass (not counted again per request)."""
    if not has_ballots(count):
        return None, None
    if live:
        count.refresh_from_db(fields=["results", "lease_until"])
        if count.results is not None and count.lease_until and count.lease_until > timezone.now():
            return dict(count.results), None
    try:
        return results_of(count), None
    except InputError as exc:
        return None, exc.message


def summary(document: dict[str, Any]) -> dict[str, Any]:
    """The figures the pages show, from a results document."""
    outcome = Outcome(document["outcome"])
    return {
        "outcome": outcome.value,
        "outcome_label": shown(OUTCOME_LABELS[outcome]),
        "ballots": document["ballots"],
        "reasons": [
            (shown(reason_label(code)), n)
            for code, n in document["ballots"]["invalid_reasons"].items()
        ],
        "threshold": document["threshold"],
        "candidates": document["candidates"],
        "elected": document["elected"],
        "alternates": document["alternates"],
        "tied": document["tied"],
        "seats_unfilled": document["seats_unfilled"],
        "needs_next_round": outcome in (Outcome.TIE, Outcome.SHORT),
        "by_round": elected_by_round(document),
        "pages": (document.get("scan") or {}).get("pages", 0),
        "methods": methods_of(document),
    }


def set_issued(count: Count, issued: int, user: Any) -> None:
    """Record the ballots handed out (the minutes say it; more ballots in than out is refused)."""
    if count.state != CountState.OPEN:
        raise Refused("Kết quả đã được xác nhận.", 409)
    if not 0 <= issued <= 100_000:
        raise Refused("Số phiếu phát ra không hợp lệ.")
    Count.objects.filter(pk=count.pk).update(issued=issued, revision=F("revision") + 1)
    count.refresh_from_db()
    _log(user, count.election, "count.issued", {"issued": issued})


def elected_by_round(document: dict[str, Any]) -> list[tuple[str, int, str]]:
    """Everyone elected so far (name, round, elected|alternate), every round of the election."""
    found: list[tuple[str, int, str]] = []
    for item in document.get("rounds", []):
        found += [(name, item["round"], "elected") for name in item.get("elected", [])]
        found += [(name, item["round"], "alternate") for name in item.get("alternates", [])]
    return found


def confirm(count: Count, user: Any) -> str | None:
    """The head of the counting committee confirms the results; returns what stops it.
    Anyone else is refused (``Refused``, 403): see ``may_confirm``."""
    if not may_confirm(user, count.election):
        raise Refused("Chỉ Trưởng Ban Kiểm phiếu được xác nhận kết quả.", 403)
    if count.state == CountState.CONFIRMED:
        return None
    if count.uploads.filter(state__in=(UploadState.QUEUED, UploadState.READING)).exists():
        return "Còn tệp chưa đọc xong: chờ đọc hết rồi xác nhận."
    unsettled = unsettled_batches(count)
    if unsettled:
        return (
            "Tệp " + ", ".join(map(str, unsettled)) + ": các phần nhập tay chưa xong hoặc chưa "
            "thống nhất: chưa thể xác nhận kết quả."
        )
    document, problem = results_or_problem(count)
    if problem:
        return f"Không kiểm được: {problem}"
    if document is None or not document["ballots"]["counted"]:
        return "Chưa có phiếu nào được kiểm."
    differing = [c["batch"] for c in cross_checks(count) if c["differences"]]
    if differing:
        return (
            "Tệp " + ", ".join(map(str, differing)) + ": tổng số nhập không khớp với phiếu đã "
            "kiểm: hãy kiểm lại trước khi xác nhận."
        )
    if document["outcome"] == Outcome.PENDING_REVIEW.value:
        return "Còn phiếu chờ ban kiểm phiếu xem xét: chưa thể xác nhận kết quả."
    with transaction.atomic():
        updated = Count.objects.filter(pk=count.pk, state=CountState.OPEN).update(
            state=CountState.CONFIRMED, confirmed_at=timezone.now(), confirmed_by=user
        )
        if updated:
            Election.objects.filter(pk=count.election_id).update(state=ElectionState.CONFIRMED)
            hide_order(count)
            record_congress_figures(count, document, user)
            record_body_of(count.election, document, user)
            _log(user, count.election, "count.confirm", {"outcome": document["outcome"]})
    count.refresh_from_db()
    recording.write(count.election.congress)
    return None


def congress_figures(election: Election, document: dict[str, Any]) -> dict[str, Any]:
    """The congress's results figures a confirmed count gives (every round of the election
    together), or {} while a tie waits for the next round."""
    if document["outcome"] not in (Outcome.COMPLETE.value, Outcome.SHORT.value):
        return {}
    rounds = document.get("rounds") or [
        {"elected": document["elected"], "alternates": document["alternates"]}
    ]
    elected = [name for r in rounds for name in r["elected"]]
    alternates = [name for r in rounds for name in r.get("alternates", [])]
    congress = election.congress
    figures: dict[str, Any] = {}
    if election.body == "committee":
        figures["committee_size"] = len(elected)
    elif election.body == "delegates":
        figures["delegates_official"] = len(elected)
        figures["delegates_alternate"] = len(alternates)
    elif election.body == "secretary" and len(elected) == 1 and congress.status == "held":
        # "Directly elected" is a result of a held congress (the congress form's rule).
        by_name = {c["name"]: c for c in document["candidates"]}
        if elected[0] in by_name:
            figures["secretary_elected_directly"] = True
            figures["secretary_vote_percent"] = Decimal(by_name[elected[0]]["percent"])
    meeting = document.get("meeting") or {}
    if meeting.get("present") is not None and meeting.get("absent") is not None:
        figures["present"] = meeting["present"]
        figures["convened"] = meeting["present"] + meeting["absent"]
    return figures


def record_congress_figures(count: Count, document: dict[str, Any], user: Any) -> dict[str, Any]:
    """Write the confirmed count's figures on the congress, as counted (never typed over)."""
    figures = congress_figures(count.election, document)
    if not figures:
        return {}
    return season_sources.record_counted(user, count.election.congress, figures)


def create_next_round(count: Count, user: Any, added: Iterable[str]) -> Election:
    """The next round of a tie or short result, in one step; ``added`` names join the list."""
    document = results_of(count)
    if Outcome(document["outcome"]) not in (Outcome.TIE, Outcome.SHORT):
        raise InputError("Chỉ bầu lần tiếp theo khi có số phiếu ngang nhau hoặc bầu chưa đủ.")
    if count.state != CountState.CONFIRMED:
        raise InputError("Hãy xác nhận kết quả lần bầu này trước khi bầu lần tiếp theo.")
    row = count.election
    if hasattr(row, "next_round"):
        return row.next_round
    result = _result_of(count)
    data = engine_next_round(result)
    names = [c if isinstance(c, str) else c["name"] for c in data["candidates"]]
    borns = {c["name"]: c.get("born") for c in data["candidates"] if isinstance(c, dict)}
    extra = [n.strip() for n in added if n and n.strip() and n.strip() not in names]
    with transaction.atomic():
        new = Election.objects.create(
            congress=row.congress,
            slug=row.slug,
            title=data["title"],
            body=row.body,
            seats=data["seats"],
            alternates=data.get("alternates", 0),
            rules=row.rules,
            overrides=row.overrides,
            round=data["round"],
            previous=row,
            elected_before=data.get("elected_before", []),
            state=ElectionState.APPROVED,
            electorate=row.electorate,
            electorate_formula=row.electorate_formula,
            spares=row.spares,
            created_by=user,
        )
        Candidate.objects.bulk_create(
            [
                Candidate(election=new, name=n, born=borns.get(n), source=CandidateSource.ROUND)
                for n in names
            ]
            + [Candidate(election=new, name=n, source=CandidateSource.TYPED) for n in extra]
        )
        problem = elections.check_election(new)
        if problem:
            raise InputError(problem)
        _log(user, new, "election.next_round", {"round": new.round, "added": extra})
    count_of(new)
    recording.write(new.congress)
    return new


def _result_of(count: Count) -> Result:
    election = elections.engine_election(count.election, meeting=meeting_facts(count.election))
    session = session_of(count, election)
    session.apply_decisions(final_decisions(count))
    return session.count()


def minutes_data(count: Count, head: dict[str, Any] | None = None) -> dict[str, Any]:
    """The results document the minutes are made from: with, once the count is confirmed, where
    the station's signed record stood (the minutes print it: ``docs/bundle.md``)."""
    document = results_of(count)
    head = head or recording.confirmed_head(count)
    if head is not None:
        document["record"] = head
    return document


def minutes_pdf_of(count: Count, document: dict[str, Any]) -> bytes:
    return render_pdf(_minutes(count, document))


def minutes_files(count: Count) -> tuple[bytes, bytes]:
    """The counting minutes (PDF, DOCX) with the meeting facts of the congress's day, and every
    reopening of the count (who, when, why) before the closing sentence."""
    minutes = _minutes(count, minutes_data(count))
    return render_pdf(minutes), render_docx(minutes)


def _minutes(count: Count, document: dict[str, Any]) -> Minutes:
    minutes = minutes_from_results(document, source="kết quả kiểm phiếu")
    notes = reopening_paras(count)
    if notes:
        body = list(minutes.body)
        at = next(
            (i for i, b in enumerate(body) if getattr(b, "kind", None) is ParaKind.CLOSING),
            len(body),
        )
        minutes = replace(minutes, body=(*body[:at], *notes, *body[at:]))
    return minutes


def _when(moment: Any) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút {format_long_date(local.date())}"


def reopening_paras(count: Count) -> list[Para]:
    """The minutes' account of the count's reopenings (and whether it was confirmed again)."""
    found = reopenings(count)
    if not found:
        return []
    paras = [Para((Run("Mở lại kết quả đã xác nhận", bold=True),), kind=ParaKind.LEAD)]
    for item in found:
        who = item.reopened_by.get_full_name() or item.reopened_by.get_username()
        confirmed = f" (đã xác nhận lúc {_when(item.confirmed_at)})" if item.confirmed_at else ""
        paras.append(
            Para(
                (
                    Run(
                        f"Kết quả{confirmed} được Trưởng Ban Kiểm phiếu {who} mở lại lúc "
                        f"{_when(item.reopened_at)}. Lý do: "
                    ),
                    Run(item.reason, italic=True),
                ),
                kind=ParaKind.ITEM,
            )
        )
    count.refresh_from_db(fields=["state", "confirmed_at"])
    if count.state == CountState.CONFIRMED and count.confirmed_at:
        paras.append(Para((Run(f"Kết quả được xác nhận lại lúc {_when(count.confirmed_at)}."),)))
    else:
        paras.append(
            Para(
                (
                    Run("Kết quả đang được mở lại, chưa xác nhận lại: ", bold=True),
                    Run("chưa công bố người trúng cử theo biên bản này."),
                ),
                kind=ParaKind.NOTICE,
            )
        )
    return paras


# -------------------------------------------------------------------------- the results record


def record_bundle(congress: Any, user: Any, *, images: bool = False) -> bytes:
    """The congress's results bundle (zip), its export written in the log."""
    return recording.bundle_zip(congress, user, images=images)


def record_state(congress: Any) -> dict[str, Any]:
    """What the count pages say of the record: the key, the last entry, the folders written
    and what went wrong."""
    row = Record.objects.filter(congress=congress).first()
    return {
        "fingerprint": recording.station_key().fingerprint,
        "entry": row.entry if row else 0,
        "head": row.head if row else "",
        "problem": row.problem if row else "",
        "copies": row.copies if row else [],
        "second": bool(settings.RECORD_COPY),
    }


def station_fingerprint() -> str:
    return recording.station_key().fingerprint


def station_key_of() -> StationKey:
    """The station's key (its public half is shown for the office to register)."""
    return recording.station_key()


def record_id_of(congress: Any) -> str:
    """The congress's id in its results bundle (``docs/bundle.md``)."""
    return recording.record_id(congress)


def has_record(congress: Any) -> bool:
    """Whether the station has begun the congress's results record."""
    return Record.objects.filter(congress=congress, entry__gt=0).exists()


def _log(user: Any, election: Election, action: str, changes: dict[str, Any]) -> None:
    log_change(user, election, action, changes, organisation=election.congress.organisation)


def reason_words(code: str) -> str:
    """A reason code (the engine's or the scanner's) in words."""
    return REASON_TEXT.get(code) or reason_label(code)


# ---------------------------------------------------------------------------------- tokens


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_station_token(count: Count, name: str, user: Any) -> str:
    """A new token for a scanning PC; returns it (shown once, only its hash is kept)."""
    name = " ".join(name.split())
    problem = text_problem(name, limit=100)
    if problem:
        raise Refused(f"Tên máy quét {problem}.")
    token = secrets.token_urlsafe(24)
    StationToken.objects.create(
        count=count,
        name=name or "Máy quét",
        token_hash=_hash(token),
        hint=token[-4:],
        created_by=user,
    )
    _log(user, count.election, "station.token", {"name": name, "hint": token[-4:]})
    return token


def revoke_station_token(count: Count, pk: int, user: Any) -> None:
    StationToken.objects.filter(count=count, pk=pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    _log(user, count.election, "station.revoke", {"token": pk})


def station_for_token(token: str) -> StationToken | None:
    if not token:
        return None
    return (
        StationToken.objects.select_related("count__election")
        .filter(token_hash=_hash(token), revoked_at__isnull=True)
        .first()
    )


def new_projector_link(count: Count, user: Any) -> str:
    token = secrets.token_urlsafe(18)
    Count.objects.filter(pk=count.pk).update(projector_hash=_hash(token))
    _log(user, count.election, "projector.link", {})
    return token


def count_for_projector(token: str) -> Count | None:
    if not token:
        return None
    return (
        Count.objects.select_related("election__congress__organisation")
        .filter(projector_hash=_hash(token))
        .first()
    )


def page_statuses() -> list[str]:
    return [s.value for s in PageStatus]


# ---------------------------------------------------------------------------------- review

# The reasons a page waits for the committee, the worst first (the queue's order).
REVIEW_ORDER = (
    "duplicate_page",
    "seal_mismatch",
    "seal_colour",
    "not_issued",
    "seal_doubtful",
    "written_in",
    "other_marks",
    "correction",
    "partial_strike",
    "unclear_mark",
)


def committee_role(user: Any, election: Election) -> str | None:
    """The user's part in this congress's counting: head, member, operator (technical staff,
    who scan and enter but never decide), presidium or secretariat (who watch), or None (an
    office above watches, never decides)."""
    seats = elections.panel_seats(election.congress, user)
    if ("counting", "head") in seats:
        return "head"
    for panel, role in (
        ("counting", "member"),
        ("technical", "operator"),
        ("presidium", "presidium"),
        ("secretariat", "secretariat"),
    ):
        if any(p == panel for p, _role in seats):
            return role
    return None


def may_decide(user: Any, election: Election) -> bool:
    return committee_role(user, election) in ("head", "member")


@dataclass(frozen=True)
class ReviewItem:
    key: str
    reason: str
    words: str
    state: str  # open | one | agreed | disagree | settled
    mine: str | None  # the user's own ruling, if any


def _outcome(decisions: list[ReviewDecision]) -> tuple[str, ReviewDecision | None]:
    """The state of one page's decisions and the one that decides it (if any): the rule has
    one home, ``daihoi.record.final_decision``, which ``daihoi verify`` applies too."""

    def plain(d: ReviewDecision) -> dict[str, Any]:
        return {
            "by": str(d.user_id),
            "at": d.decided_at.isoformat(),
            "ruling": d.ruling,
            "struck": d.struck,
            "reason": d.reason,
            "settles": d.settles,
        }

    state, final = final_decision([plain(d) for d in decisions])
    if final is None:
        return state, None
    chosen = next(
        d
        for d in decisions
        if plain(d)["by"] == final["by"]
        and plain(d)["at"] == final["at"]
        and d.settles == final["settles"]
    )
    return state, chosen


def review_queue(count: Count, user: Any) -> list[ReviewItem]:
    """The pages waiting for the committee, the worst reason first."""
    pages = list(count.pages.filter(status="review").values_list("key", "reason"))
    decisions: dict[str, list[ReviewDecision]] = {}
    for d in count.decisions.order_by("decided_at", "id"):
        decisions.setdefault(d.page_key, []).append(d)
    rank = {code: i for i, code in enumerate(REVIEW_ORDER)}
    items = []
    for key, reason in pages:
        found = decisions.get(key, [])
        state, _final = _outcome(found)
        mine = next((d.ruling for d in found if d.user_id == user.pk and not d.settles), None)
        items.append(ReviewItem(key, reason, shown(reason_words(reason)), state, mine))
    items.sort(key=lambda i: (rank.get(i.reason, len(rank)), i.key))
    return items


def review_page(count: Count, key: str) -> tuple[Page, list[ReviewDecision]]:
    page = count.pages.filter(key=key, status="review").first()
    if page is None:
        raise Refused("Không có trang này trong các phiếu chờ xem xét của cuộc bầu này.", 404)
    return page, list(count.decisions.filter(page_key=key).order_by("decided_at", "id"))


def decide(
    count: Count,
    key: str,
    user: Any,
    *,
    ruling: str,
    struck: list[str],
    reason: str = "",
    settle: bool = False,
) -> str:
    """Record one member's decision on a page (or the head's settling of a disagreement);
    returns the page's state after it."""
    election = count.election
    role = committee_role(user, election)
    if role not in ("head", "member"):
        raise Refused("Chỉ thành viên Ban Kiểm phiếu được quyết định phiếu.", 403)
    if count.state != CountState.OPEN:
        raise Refused(
            "Kết quả đã được xác nhận: không sửa được quyết định nữa (chỉ Trưởng Ban Kiểm phiếu "
            "mở lại được, có ghi lý do).",
            409,
        )
    page, decisions = review_page(count, key)
    engine = elections.engine_election(election)
    labels = set(engine.labels)
    if ruling not in ("valid", "invalid"):
        raise Refused("Hãy chọn: phiếu hợp lệ hoặc không hợp lệ.")
    if ruling == "valid":
        unknown = [n for n in struck if n not in labels]
        if unknown:
            raise Refused(f"Tên không có trên phiếu: {', '.join(unknown)}.")
        reason = ""
    else:
        struck = []
        if reason not in engine.rules.reason_codes():
            raise Refused("Phiếu không hợp lệ cần một lý do theo quy chế.")
    if settle:
        if role != "head":
            raise Refused("Chỉ Trưởng Ban Kiểm phiếu quyết định khi hai thành viên khác nhau.", 403)
        if _outcome(decisions)[0] != "disagree":
            raise Refused("Trang này không có ý kiến khác nhau cần Trưởng Ban quyết định.", 409)
    with transaction.atomic():
        Count.objects.select_for_update().filter(pk=count.pk).first()
        ReviewDecision.objects.update_or_create(
            count=count,
            page_key=page.key,
            user=user,
            settles=settle,
            defaults={"ruling": ruling, "struck": sorted(struck), "reason": reason},
        )
        Count.objects.filter(pk=count.pk).update(revision=F("revision") + 1)
    recording.write(election.congress)
    _log(
        user,
        election,
        "review.settle" if settle else "review.decide",
        {"page": page.key.split(":")[1][:12], "ruling": ruling},
    )
    return _outcome(list(count.decisions.filter(page_key=page.key).order_by("decided_at", "id")))[0]


def review_state(decisions: list[ReviewDecision]) -> str:
    return _outcome(decisions)[0]


def reason_words_shown(code: str) -> str:
    return shown(reason_words(code)) if code else ""


def ruling_reason_shown(code: str) -> str:
    """A member's reason for an invalid ruling, as the decision form names it (the rules')."""
    return shown(reason_label(code)) if code else ""


def invalid_reasons(election: Election) -> list[tuple[str, str]]:
    """The invalid reasons the election's rules allow, in words."""
    rules = elections.engine_election(election).rules
    return [(code, shown(reason_label(code))) for code in rules.reason_codes()]


def final_decisions(count: Count) -> list[Decision]:
    """The decisions that settle pages (two members agreeing, or the head), for the session."""
    by_page: dict[str, list[ReviewDecision]] = {}
    for d in count.decisions.select_related("user").order_by("decided_at", "id"):
        by_page.setdefault(d.page_key, []).append(d)
    found = []
    for key, decisions in sorted(by_page.items()):
        state, final = _outcome(decisions)
        if final is None:
            continue
        _count, sha, page, copy = key.split(":")
        who = sorted({d.user.get_username() for d in decisions if not d.settles or d is final})
        found.append(
            Decision(
                page=PageKey(sha, int(page), int(copy)),
                ruling=final.ruling,
                struck=tuple(final.struck),
                reason=final.reason,
                record={"by": who, "how": state},
            )
        )
    return found


def page_png(count: Count, key: str, width: int = 1400) -> bytes:
    """The scanned page as a PNG for the committee's eyes (never stored, never logged)."""
    page, _decisions = review_page(count, key)
    upload = count.uploads.filter(sha256=page.sha256).first()
    if upload is None:
        raise Refused("Không còn tệp ảnh của trang này.", 404)
    with default_storage.open(upload.stored_as, "rb") as stored:
        data = stored.read()
    for item in read_pages(Path(f"trang.{upload.kind}"), data):
        if isinstance(item, PageImage) and item.page == page.page:
            image = item.pixels
            if image.shape[1] > width:
                scale = width / image.shape[1]
                image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            ok, encoded = cv2.imencode(".png", image)
            if ok:
                return bytes(encoded.tobytes())
    raise Refused("Không đọc được ảnh của trang này.", 404)


# ------------------------------------------------------------------------------ manual entry
#
# A batch (tệp) is counted one way: scanned, entered ballot by ballot by two or three operators
# who must agree (the head settles each difference by looking at the paper), or entered as its
# totals from a count on paper. Totals typed for a scanned or entered batch are its cross-check.
# Nothing of an entered batch is counted until its entries agree or are settled: until then
# its ballots hold the results as "pending".

MAX_ENTRANTS = 3
MAX_BALLOTS_PER_BATCH = 5000
_AWAY = 1_000_000  # far above any ballot's place in a batch
METHOD_LABELS = {
    BatchMethod.SCAN.value: BatchMethod.SCAN.label,
    BatchMethod.BALLOTS.value: BatchMethod.BALLOTS.label,
    BatchMethod.TOTALS.value: BatchMethod.TOTALS.label,
}


def may_enter(user: Any, election: Election) -> bool:
    """Members, the head and technical operators of the counting committee enter ballots and
    totals; an office above never does."""
    return committee_role(user, election) in ("head", "member", "operator")


def _require_enter(count: Count, user: Any) -> None:
    if not may_enter(user, count.election):
        raise Refused("Chỉ Ban Kiểm phiếu và kỹ thuật viên của đại hội được nhập phiếu.", 403)
    if count.state != CountState.OPEN:
        raise Refused("Kết quả đã được xác nhận: không nhập thêm được.", 409)


def _bump(count: Count) -> None:
    Count.objects.filter(pk=count.pk).update(revision=F("revision") + 1)


def batch_of(count: Count, number: int) -> Batch:
    """The count's batch ``number`` (a batch of another count is never found: 404)."""
    batch = count.batches.filter(number=number).first()
    if batch is None:
        raise Refused("Không có tệp này trong cuộc bầu này.", 404)
    return batch


def new_manual_batch(count: Count, user: Any, method: str, entrants: int = 2) -> Batch:
    """A batch counted by hand: ballot by ballot (``entrants`` operators, 2 or 3) or by its
    totals. It takes no scans; the batch being scanned stays open."""
    _require_enter(count, user)
    if method not in (BatchMethod.BALLOTS, BatchMethod.TOTALS):
        raise Refused("Hãy chọn cách nhập: từng phiếu hoặc tổng số.")
    if method == BatchMethod.BALLOTS and entrants not in (2, 3):
        raise Refused("Số người nhập độc lập phải là 2 hoặc 3.")
    with transaction.atomic():
        # Written first: the count's row is locked (SQLite: the database) before the last
        # number is read, so two batches started at once get two numbers.
        _bump(count)
        last = count.batches.order_by("-number").values_list("number", flat=True).first() or 0
        batch = Batch.objects.create(
            count=count,
            number=last + 1,
            closed=True,
            method=method,
            entrants=entrants if method == BatchMethod.BALLOTS else 0,
        )
    _log(user, count.election, "batch.manual", {"batch": batch.number, "method": method})
    return batch


def _engine(count: Count) -> EngineElection:
    return elections.engine_election(count.election)


def entry_of(batch: Batch, user: Any) -> ManualEntry:
    """The user's own entry of ``batch``, started on first use; refused once the batch has
    its operators (``entrants``)."""
    count = batch.count
    existing = batch.entries.filter(user=user).first()
    if existing is not None:
        return existing
    _require_enter(count, user)
    if batch.method != BatchMethod.BALLOTS:
        raise Refused("Tệp này không nhập từng phiếu.", 409)
    with transaction.atomic():
        # Written first so that two operators starting at once are counted one after the other.
        _bump(count)
        existing = batch.entries.filter(user=user).first()
        if existing is not None:
            return existing
        if batch.entries.count() >= batch.entrants:
            raise Refused(f"Tệp {batch.number} đã có đủ {batch.entrants} người nhập độc lập.", 409)
        entry = ManualEntry.objects.create(batch=batch, user=user)
    _log(user, count.election, "entry.start", {"batch": batch.number})
    return entry


def _check_row(election: EngineElection, marks: str, ruling: str) -> None:
    codes = FORM_CODES[election.form]
    if len(marks) != len(election.labels) or any(c not in codes for c in marks):
        raise Refused("Dòng phiếu không đúng với danh sách bầu cử: hãy tải lại trang.")
    if ruling and ruling not in election.rules.reason_codes():
        raise Refused("Lý do không hợp lệ không có trong quy chế.")


def save_row(entry: ManualEntry, user: Any, *, key: str, marks: str, ruling: str = "") -> EntryRow:
    """Save one ballot of the user's entry: a new key is the next ballot, a known key corrects
    that ballot (so the same request sent twice never makes a second ballot)."""
    count = entry.batch.count
    if entry.user_id != user.pk:
        raise Refused("Đây không phải phần nhập của bạn.", 403)
    _require_enter(count, user)
    if entry.finished_at is not None:
        raise Refused("Bạn đã báo nhập xong tệp này: không sửa được nữa.", 409)
    key = key.strip()
    if not 8 <= len(key) <= 40 or not key.replace("-", "").isalnum():
        raise Refused("Thiếu mã dòng: hãy tải lại trang.")
    _check_row(_engine(count), marks, ruling)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                ManualEntry.objects.select_for_update().filter(pk=entry.pk).first()
                row = entry.rows.filter(key=key).first()
                # A first save is the entry itself (its operator and batch are on record);
                # a correction is a change, logged.
                if row is not None:
                    changed = (row.marks, row.ruling) != (marks, ruling)
                    row.marks, row.ruling = marks, ruling
                    row.save(update_fields=["marks", "ruling"])
                else:
                    changed = False
                    last = entry.rows.order_by("-position").values_list("position", flat=True)
                    position = (last.first() or 0) + 1
                    if position > MAX_BALLOTS_PER_BATCH:
                        raise Refused("Một tệp có nhiều nhất 5.000 phiếu: hãy mở tệp mới.")
                    row = EntryRow.objects.create(
                        entry=entry, position=position, key=key, marks=marks, ruling=ruling
                    )
            if changed:
                _log(
                    user,
                    count.election,
                    "entry.correct",
                    {"batch": entry.batch.number, "ballot": row.position},
                )
            return row
        except IntegrityError:  # the same row sent twice at the same moment: look again
            continue
    raise Refused("Máy chủ đang bận: hãy bấm lưu lại.", 503)


def delete_row(entry: ManualEntry, user: Any, key: str) -> None:
    """Take out one ballot typed by mistake; the ballots after it move up one place."""
    count = entry.batch.count
    if entry.user_id != user.pk:
        raise Refused("Đây không phải phần nhập của bạn.", 403)
    _require_enter(count, user)
    if entry.finished_at is not None:
        raise Refused("Bạn đã báo nhập xong tệp này: không sửa được nữa.", 409)
    with transaction.atomic():
        ManualEntry.objects.select_for_update().filter(pk=entry.pk).first()
        row = entry.rows.filter(key=key).first()
        if row is None:
            return  # already taken out (a request sent twice)
        position = row.position
        row.delete()
        later = entry.rows.filter(position__gt=position)
        # Out of the way and back one place down: no two rows ever share a place on the way.
        later.update(position=F("position") + _AWAY)
        entry.rows.filter(position__gt=_AWAY).update(position=F("position") - _AWAY - 1)
    _log(user, count.election, "entry.delete", {"batch": entry.batch.number, "ballot": position})


def finish_entry(entry: ManualEntry, user: Any) -> None:
    """The operator has typed every ballot of the batch: their entry is final."""
    count = entry.batch.count
    if entry.user_id != user.pk:
        raise Refused("Đây không phải phần nhập của bạn.", 403)
    _require_enter(count, user)
    if not entry.rows.exists():
        raise Refused("Chưa nhập phiếu nào.")
    with transaction.atomic():
        done = ManualEntry.objects.filter(pk=entry.pk, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )
        if done:
            _bump(count)
    entry.refresh_from_db()
    if done:
        _log(
            user,
            count.election,
            "entry.finish",
            {"batch": entry.batch.number, "ballots": entry.rows.count()},
        )
        recording.write(count.election.congress)  # the batch may agree now: its entry


def _ballot(election: EngineElection, ident: str, marks: str, ruling: str) -> Ballot:
    return Ballot(
        ident,
        {name: MARKS_BY_CODE[code] for name, code in zip(election.labels, marks, strict=True)},
        ruling or None,
    )


def entry_totals(entry: ManualEntry, election: EngineElection | None = None) -> dict[str, Any]:
    """The running totals of one operator's own entry (the engine's verdict on each ballot)."""
    election = election or _engine(entry.batch.count)
    rows = list(entry.rows.values_list("position", "marks", "ruling"))
    totals = totals_of_ballots(election, [_ballot(election, str(p), m, r) for p, m, r in rows])
    return {
        "ballots": totals.collected,
        "valid": totals.valid,
        "invalid": totals.invalid,
        "votes": [totals.votes.get(name, 0) for name in election.labels],
    }


@dataclass(frozen=True)
class Difference:
    """A ballot place where the entries differ: what each operator typed, and the head's
    settling when there is one."""

    position: int
    typed: list[tuple[str, str]]  # (operator, the ballot in words)
    settled: EntrySettlement | None
    settled_words: str = ""


@dataclass(frozen=True)
class BatchState:
    """Where the entry of one batch stands."""

    batch: Batch
    state: str  # waiting | entering | differ | agreed | totals | scan
    entries: list[ManualEntry]
    differences: list[Difference]
    ballots: list[tuple[str, str, list[str], str]]  # (marks, ruling, operators, settled by)
    pending: int  # ballots of the batch that cannot be counted yet


def ballot_words(election: EngineElection, marks: str, ruling: str) -> str:
    """One typed ballot in words, for the head comparing entries."""
    if ruling:
        return f"không hợp lệ: {reason_label(ruling)}"
    numbered = list(enumerate(election.labels, start=1))
    if election.form.value == "strike":
        struck = [str(i) for (i, _n), c in zip(numbered, marks, strict=True) if c == "S"]
        return "gạch " + ", ".join(struck) if struck else "không gạch tên nào"
    words = {"D": "không đồng ý", "B": "cả hai ô", "N": "để trống"}
    shown_marks = [
        f"{i} {words[c]}" for (i, _n), c in zip(numbered, marks, strict=True) if c in words
    ]
    return "; ".join(shown_marks) if shown_marks else "đồng ý tất cả"


def batch_state(batch: Batch, election: EngineElection | None = None) -> BatchState:
    """The state of a batch's entries, its differences and its agreed ballots."""
    if batch.method != BatchMethod.BALLOTS:
        return BatchState(batch, batch.method, [], [], [], 0)
    election = election or _engine(batch.count)
    entries = list(batch.entries.select_related("user").order_by("started_at", "id"))
    rows = {e.pk: {r.position: (r.marks, r.ruling) for r in e.rows.all()} for e in entries}
    longest = max((max(r, default=0) for r in rows.values()), default=0)
    finished = [e for e in entries if e.finished_at is not None]
    if len(finished) < batch.entrants:
        state = "waiting" if not entries else "entering"
        # The ballots held back: as many as a finished entry has (it changes only when an
        # entry is finished, as the results' cache does), at least one.
        done = max((max(rows[e.pk], default=0) for e in finished), default=0)
        return BatchState(batch, state, entries, [], [], max(done, 1))
    labels = tuple(election.labels)
    grids = []
    for e in finished:
        positions = sorted(rows[e.pk])
        grids.append(
            (
                e.user.get_username(),
                MarkGrid(
                    labels,
                    [str(p) for p in positions],
                    [rows[e.pk][p][0] for p in positions],
                    {i: rows[e.pk][p][1] for i, p in enumerate(positions) if rows[e.pk][p][1]},
                ),
            )
        )
    differing = {int(d.ballot_id) for d in compare_entries(grids)}
    settlements = {s.position: s for s in batch.settlements.select_related("user")}
    names = [e.user.get_username() for e in finished]
    differences: list[Difference] = []
    ballots: list[tuple[str, str, list[str], str]] = []
    unsettled = 0
    for position in range(1, longest + 1):
        if position not in differing:
            marks, ruling = rows[finished[0].pk][position]
            ballots.append((marks, ruling, names, ""))
            continue
        typed = [
            (
                e.user.get_username(),
                ballot_words(election, *rows[e.pk][position])
                if position in rows[e.pk]
                else "không có phiếu này",
            )
            for e in finished
        ]
        settled = settlements.get(position)
        differences.append(
            Difference(
                position,
                typed,
                settled,
                ballot_words(election, settled.marks, settled.ruling)
                if settled is not None and settled.present
                else "",
            )
        )
        if settled is None:
            unsettled += 1
        elif settled.present:
            ballots.append((settled.marks, settled.ruling, names, settled.user.get_username()))
    if unsettled:
        return BatchState(batch, "differ", entries, differences, [], longest)
    return BatchState(batch, "agreed", entries, differences, ballots, 0)


def marks_of(row: Election, *, struck: list[str], approve: dict[str, str]) -> str:
    """A ballot's marks (``MarkGrid`` codes in ballot order) from a form: the numbers of the
    struck names (strike form), or each number's mark A/D/B/N (approve form)."""
    election = elections.engine_election(row)
    if election.form.value == "strike":
        chosen = set(struck)
        return "".join("S" if str(i) in chosen else "K" for i in range(1, len(election.labels) + 1))
    return "".join(approve.get(str(i), "A") for i in range(1, len(election.labels) + 1))


def settle(
    batch: Batch,
    position: int,
    user: Any,
    *,
    present: bool = True,
    marks: str = "",
    ruling: str = "",
) -> None:
    """The head settles one ballot place where the entries differ, from the paper."""
    count = batch.count
    if committee_role(user, count.election) != "head":
        raise Refused("Chỉ Trưởng Ban Kiểm phiếu quyết định khi các phần nhập khác nhau.", 403)
    if count.state != CountState.OPEN:
        raise Refused("Kết quả đã được xác nhận: không sửa được nữa.", 409)
    election = _engine(count)
    state = batch_state(batch, election)
    if position not in {d.position for d in state.differences}:
        raise Refused("Ở phiếu này các phần nhập không khác nhau: không cần quyết định.", 409)
    if present:
        _check_row(election, marks, ruling)
    else:
        marks, ruling = "", ""
    with transaction.atomic():
        _bump(count)  # first: a settling sent twice at once waits for the other
        EntrySettlement.objects.update_or_create(
            batch=batch,
            position=position,
            defaults={"present": present, "marks": marks, "ruling": ruling, "user": user},
        )
    _log(
        user,
        count.election,
        "entry.settle",
        {
            "batch": batch.number,
            "ballot": position,
            "ballot_words": ballot_words(election, marks, ruling) if present else "không có",
        },
    )
    recording.write(count.election.congress)


# ------------------------------------------------------------------------------ batch totals


def _int_field(value: Any, what: str) -> int:
    text = str(value if value is not None else "").strip().replace(".", "").replace(" ", "")
    if text == "":
        return 0
    if not text.isdigit() or len(text) > 7:
        raise Refused(f"{what}: “{value}” không phải số phiếu (số nguyên không âm).")
    return int(text)


def save_totals(
    batch: Batch,
    user: Any,
    *,
    collected: Any,
    valid: Any,
    invalid_reasons: dict[str, Any],
    votes: dict[str, Any],
) -> BatchTotalsEntry:
    """Record a batch's totals from a count on paper, checked by the engine (valid + invalid =
    collected, no one above valid, no more votes than valid ballots can give)."""
    count = batch.count
    _require_enter(count, user)
    election = _engine(count)
    totals = BatchTotals(
        str(batch.number),
        _int_field(collected, "Số phiếu thu vào"),
        _int_field(valid, "Số phiếu hợp lệ"),
        {
            code: _int_field(n, reason_label(code))
            for code, n in invalid_reasons.items()
            if _int_field(n, reason_label(code))
        },
        {name: _int_field(n, name) for name, n in votes.items()},
    )
    problems = totals_problems(election, totals)
    if problems:
        raise Refused("Tổng số không đúng: " + "; ".join(problems) + ".")
    with transaction.atomic():
        _bump(count)  # first: totals sent twice at once are written one after the other
        saved, _created = BatchTotalsEntry.objects.update_or_create(
            batch=batch,
            defaults={
                "collected": totals.collected,
                "valid": totals.valid,
                "invalid_reasons": dict(totals.invalid_reasons),
                "votes": {name: totals.votes.get(name, 0) for name in election.labels},
                "user": user,
            },
        )
    _log(
        user,
        count.election,
        "batch.totals",
        {"batch": batch.number, "collected": totals.collected, "valid": totals.valid},
    )
    recording.write(count.election.congress)
    return saved


def _totals_of_row(row: BatchTotalsEntry) -> BatchTotals:
    return BatchTotals(
        str(row.batch.number), row.collected, row.valid, dict(row.invalid_reasons), dict(row.votes)
    )


# ------------------------------------------------------------------------------ the mix


@dataclass(frozen=True)
class _Mix:
    ballots: list[Ballot]  # agreed ballots of the batches entered ballot by ballot
    totals: list[BatchTotals]  # batches counted by totals
    pending: int  # entered ballots not agreed yet
    batches: list[dict[str, Any]]  # the results' "batches" key
    by_batch: dict[int, list[Ballot]]  # every counted ballot of each batch (cross-checks)


def _scanned_by_batch(count: Count, session: ScanSession) -> dict[int, list[Ballot]]:
    batch_of_key = dict(count.pages.values_list("key", "batch__number"))
    found: dict[int, list[Ballot]] = {}
    for key, reading in session.items():
        if reading.status.value not in ("valid", "invalid"):
            continue
        number = batch_of_key.get(f"{count.pk}:{key.sha256}:{key.page}:{key.copy}")
        if number is not None:
            found.setdefault(number, []).append(ballot_of(reading, session.election))
    return found


def _mix(count: Count, election: EngineElection, session: ScanSession) -> _Mix:
    by_batch = _scanned_by_batch(count, session)
    ballots: list[Ballot] = []
    totals: list[BatchTotals] = []
    pending = 0
    batches: list[dict[str, Any]] = []
    for batch in count.batches.select_related("totals").order_by("number"):
        if batch.method == BatchMethod.SCAN:
            if batch.number in by_batch or batch.pages.exists():
                batches.append({"number": batch.number, "method": "scan"})
            continue
        if batch.method == BatchMethod.TOTALS:
            row = getattr(batch, "totals", None)
            if row is None:
                continue
            totals.append(_totals_of_row(row))
            batches.append({"number": batch.number, "method": "totals"})
            continue
        state = batch_state(batch, election)
        if not state.entries:
            continue
        batches.append({"number": batch.number, "method": "ballots"})
        pending += state.pending
        found = [
            _ballot(election, f"tệp {batch.number}/{i}", marks, ruling)
            for i, (marks, ruling, _who, _by) in enumerate(state.ballots)
        ]
        by_batch[batch.number] = found
        ballots += found
    return _Mix(ballots, totals, pending, batches, by_batch)


def unsettled_batches(count: Count) -> list[int]:
    """The batches entered ballot by ballot whose entries are not finished or not agreed."""
    election = None
    found = []
    for batch in count.batches.filter(method=BatchMethod.BALLOTS).order_by("number"):
        if not batch.entries.exists():
            continue
        election = election or _engine(count)
        if batch_state(batch, election).state != "agreed":
            found.append(batch.number)
    return found


def has_ballots(count: Count) -> bool:
    """Whether anything was scanned, entered or totalled in this count."""
    return (
        count.pages.exists()
        or ManualEntry.objects.filter(batch__count=count).exists()
        or BatchTotalsEntry.objects.filter(batch__count=count, batch__method="totals").exists()
    )


def _mixed_document(count: Count, election: EngineElection, session: ScanSession) -> dict[str, Any]:
    """The results document of every batch: scanned pages, agreed entries and totals."""
    document = session.results_document()
    mix = _mix(count, election, session)
    if mix.ballots or mix.totals or mix.pending:
        readings = session.readings()
        scanned = [
            ballot_of(r, election) for r in readings if r.status.value in ("valid", "invalid")
        ]
        waiting = sum(1 for r in readings if r.status.value == "review")
        result = count_election(
            election,
            scanned + mix.ballots,
            pending_review=waiting + mix.pending,
            totals=mix.totals,
        )
        document.update(result_to_dict(result))
    document["batches"] = mix.batches
    return document


def cross_checks(count: Count) -> list[dict[str, Any]]:
    """Totals typed for scanned or entered batches against that batch's counted ballots."""
    rows = list(
        BatchTotalsEntry.objects.filter(batch__count=count)
        .exclude(batch__method="totals")
        .select_related("batch")
    )
    if not rows:
        return []
    election = elections.engine_election(count.election)
    session = session_of(count, election)
    session.apply_decisions(final_decisions(count))
    mix = _mix(count, election, session)
    found = []
    for row in sorted(rows, key=lambda r: r.batch.number):
        counted = totals_of_ballots(election, mix.by_batch.get(row.batch.number, []))
        found.append(
            {
                "batch": row.batch.number,
                "differences": totals_differences(election, _totals_of_row(row), counted),
            }
        )
    return found


def methods_of(document: dict[str, Any]) -> str:
    """Which batches were counted how, in the reader's language ("Tệp 1–3: máy đọc; tệp 4:
    nhập tay")."""
    runs = method_runs([(b["number"], b["method"]) for b in document.get("batches") or []])
    text = "; ".join(
        gettext("tệp %(numbers)s: %(how)s")
        % {"numbers": numbers, "how": shown(METHOD_WORDS[method])}
        for method, numbers in runs
    )
    return text[:1].upper() + text[1:]


def manual_ballots(count: Count) -> list[dict[str, Any]]:
    """Every agreed ballot of the batches entered by hand: batch, struck names (the approve
    form: marks), invalid reason, the operators and who settled it. Sorted by batch and then
    by content, so nothing tells the order in which the papers were typed."""
    election = elections.engine_election(count.election)
    found = []
    for batch in count.batches.filter(method=BatchMethod.BALLOTS).order_by("number"):
        state = batch_state(batch, election)
        if state.state != "agreed":
            continue
        for marks, ruling, who, by in state.ballots:
            found.append(
                {
                    "batch": batch.number,
                    "marks": {
                        name: MARKS_BY_CODE[c].value
                        for name, c in zip(election.labels, marks, strict=True)
                    },
                    "struck": [
                        name
                        for name, c in zip(election.labels, marks, strict=True)
                        if c in ("S", "D")
                    ],
                    "invalid": ruling or None,
                    "operators": sorted(who),
                    "settled_by": by or None,
                }
            )
    found.sort(
        key=lambda b: (
            b["batch"],
            b["invalid"] or "",
            sorted(b["marks"].items()),
            b["settled_by"] or "",
        )
    )
    return found


def batch_totals(count: Count) -> list[dict[str, Any]]:
    """Every batch's typed totals: the count of a batch counted by totals, or the cross-check
    of a scanned or entered batch (with what differs), who typed them and when."""
    checks = {c["batch"]: c["differences"] for c in cross_checks(count)}
    found = []
    for row in (
        BatchTotalsEntry.objects.filter(batch__count=count)
        .select_related("batch", "user")
        .order_by("batch__number")
    ):
        found.append(
            {
                "batch": row.batch.number,
                "method": row.batch.method,
                "use": "count" if row.batch.method == BatchMethod.TOTALS else "cross_check",
                "collected": row.collected,
                "valid": row.valid,
                "invalid": sum(row.invalid_reasons.values()),
                "invalid_reasons": dict(row.invalid_reasons),
                "votes": dict(row.votes),
                "entered_by": row.user.get_username(),
                "entered_at": row.entered_at.isoformat(),
                "differences": checks.get(row.batch.number, []),
            }
        )
    return found


def batches_overview(count: Count) -> list[dict[str, Any]]:
    """The station page's list of batches counted by hand and where each stands."""
    checks = {c["batch"]: c["differences"] for c in cross_checks(count)}
    election = None
    found = []
    for batch in count.batches.select_related("totals").order_by("number"):
        has_totals = getattr(batch, "totals", None) is not None
        if batch.method == BatchMethod.SCAN and not has_totals and not batch.pages.exists():
            continue
        state = None
        if batch.method == BatchMethod.BALLOTS:
            election = election or _engine(count)
            state = batch_state(batch, election)
        found.append(
            {
                "batch": batch,
                "method_label": METHOD_LABELS.get(batch.method, batch.method),
                "state": state.state if state else batch.method,
                "entries": len(state.entries) if state else 0,
                "finished": sum(1 for e in state.entries if e.finished_at) if state else 0,
                "differences": len(state.differences) if state else 0,
                "has_totals": has_totals,
                "check": checks.get(batch.number),
            }
        )
    return found


# -------------------------------------------------------------------------- reopening


def reopen(count: Count, user: Any, reason: str) -> Reopening:
    """The head of the counting committee reopens a confirmed count, with a written reason
    (mở lại kết quả): the count and the election are open again, decisions may change, and a new
    confirmation is needed. Recorded (who, when, why, the confirmation undone) and logged.

    Refused for anyone but the head, without a reason, once the congress's counting has ended,
    and when a next round was made from this result (it rests on the confirmed figures)."""
    election = count.election
    if not may_reopen(user, election):
        raise Refused("Chỉ Trưởng Ban Kiểm phiếu được mở lại kết quả đã xác nhận.", 403)
    reason = "\n".join(" ".join(line.split()) for line in (reason or "").splitlines()).strip()
    if not reason:
        raise Refused("Hãy ghi lý do mở lại: lý do được ghi vào biên bản kiểm phiếu.")
    problem = text_problem(reason.replace("\n", " "), limit=1000)
    if problem:
        raise Refused(f"Lý do mở lại {problem}.")
    if CountingEnd.objects.filter(congress_id=election.congress_id).exists():
        raise Refused(
            "Việc kiểm phiếu của đại hội đã kết thúc (biên bản đã ký): không mở lại được.", 409
        )
    following = Election.objects.filter(previous_id=election.pk).first()
    if following is not None:
        raise Refused(
            f"Đã lập cuộc bầu lần {following.round} từ kết quả này: không mở lại được, vì lần "
            "bầu sau dựa trên kết quả đã xác nhận (danh sách bầu và số còn phải bầu).",
            409,
        )
    with transaction.atomic():
        locked = Count.objects.select_for_update().get(pk=count.pk)
        if locked.state != CountState.CONFIRMED:
            # A double submit lands here: the first one reopened it.
            raise Refused("Kết quả đang mở (chưa xác nhận): không cần mở lại.", 409)
        document = results_of(locked)
        record = Reopening.objects.create(
            count=locked,
            reason=reason,
            reopened_at=timezone.now(),
            reopened_by=user,
            confirmed_at=locked.confirmed_at,
            confirmed_by_id=locked.confirmed_by_id,
            outcome=document["outcome"],
        )
        Count.objects.filter(pk=count.pk).update(
            state=CountState.OPEN,
            confirmed_at=None,
            confirmed_by=None,
            revision=F("revision") + 1,
        )
        Election.objects.filter(pk=election.pk).update(state=ElectionState.COUNTING)
        # The figures the confirmation wrote on the congress (the elected, the delegates) are
        # marked as coming from a reopened count until it is confirmed again; attendance is not
        # changed by a reopening and stays as counted.
        figures = congress_figures(election, document)
        season_sources.mark_reopened(
            user,
            election.congress,
            [f for f in figures if f not in ("present", "convened")] + reopen_body_of(election),
        )
        _log(
            user,
            election,
            "count.reopen",
            {
                "reason": reason,
                "confirmed_at": locked.confirmed_at,
                "outcome": document["outcome"],
            },
        )
    count.refresh_from_db()
    election.state = ElectionState.COUNTING
    recording.write(election.congress)
    return record


def reopenings(count: Count) -> list[Reopening]:
    """The count's reopenings, the first first, with who reopened and who had confirmed."""
    return list(
        Reopening.objects.filter(count=count)
        .select_related("reopened_by", "confirmed_by")
        .order_by("reopened_at", "id")
    )


# --------------------------------------------------------------------- station accounts

# One-time passwords read off a printed sheet and typed on a phone: lower case and digits
# without 0/o, 1/l/i (31 signs, 10 of them: 49 bits, behind the login's throttling).
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 10


def one_time_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


@dataclass(frozen=True)
class Issued:
    """An account and the one-time password given with it (only here, never stored)."""

    name: str
    task: str
    username: str
    password: str


def may_manage_accounts(user: Any, congress: Any) -> bool:
    """The congress's office (office staff who may edit its organisation) manage its station
    accounts; station accounts and the committee never do."""
    return is_office(user) and can_edit(user, congress.organisation)


def counting_end(congress: Any) -> CountingEnd | None:
    return CountingEnd.objects.filter(congress=congress).select_related("ended_by").first()


def _ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _free_username(congress: Any, name: str) -> str:
    """``dh<congress>-<given name>``, with 2, 3 … after it when taken (never reused)."""
    # Short enough to be printed whole on the slip and typed from it: the given name's first
    # ten letters (a name without Latin letters, which the panel form refuses, gets "tv").
    words = name.split()
    given = (_ascii(words[-1]) if words else "")[:10] or "tv"
    base = f"dh{congress.pk}-{given}"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _task(member: PanelMember) -> str:
    return f"{Panel(member.panel).label} — {PanelRole(member.role).label}"


def issue_station_accounts(congress: Any, user: Any) -> list[Issued]:
    """One station account for every panel member of ``congress`` without an account, each with
    a one-time password (returned once, kept only as Django's hash). A second request finds
    nobody left (a double submit issues nothing twice)."""
    if not may_manage_accounts(user, congress):
        raise Refused("Chỉ văn phòng của đại hội tạo tài khoản trạm kiểm phiếu.", 403)
    if counting_end(congress) is not None:
        raise Refused("Việc kiểm phiếu của đại hội đã kết thúc: không tạo tài khoản nữa.", 409)
    issued: list[Issued] = []
    now = timezone.now()
    with transaction.atomic():
        members = list(
            PanelMember.objects.select_for_update()
            .filter(congress=congress, user__isnull=True)
            .order_by("panel", "order", "id")
        )
        for member in members:
            password = one_time_password()
            account = User.objects.create_user(
                _free_username(congress, member.name), password=password
            )
            account.first_name = member.name[:150]
            account.save(update_fields=["first_name"])
            if not PanelMember.objects.filter(pk=member.pk, user__isnull=True).update(user=account):
                account.delete()  # taken meanwhile by another request
                continue
            StationAccount.objects.create(
                user=account, congress=congress, name=member.name, issued_at=now, issued_by=user
            )
            issued.append(Issued(member.name, _task(member), account.username, password))
        if issued:
            log_change(
                user,
                congress,
                "station.accounts",
                {"accounts": [i.username for i in issued]},
                organisation=congress.organisation,
            )
    return issued


def station_accounts(congress: Any) -> list[tuple[StationAccount, list[str]]]:
    """The congress's station accounts, each with the seats (in words) it holds."""
    seats: dict[int, list[str]] = {}
    for member in PanelMember.objects.filter(congress=congress, user__isnull=False):
        seats.setdefault(member.user_id, []).append(_task(member))
    rows = StationAccount.objects.filter(congress=congress).select_related("user")
    return [(row, seats.get(row.user_id, [])) for row in rows]


def reissue_password(congress: Any, pk: Any, user: Any) -> Issued:
    """A new one-time password for a member who lost theirs (by the office, logged). The old
    password stops working and, with it, every session the account had."""
    if not may_manage_accounts(user, congress):
        raise Refused("Chỉ văn phòng của đại hội cấp lại mật khẩu.", 403)
    if counting_end(congress) is not None:
        raise Refused(
            "Việc kiểm phiếu của đại hội đã kết thúc: tài khoản không dùng được nữa.", 409
        )
    account = StationAccount.objects.select_related("user").filter(congress=congress, pk=pk).first()
    if account is None:
        raise Refused("Không có tài khoản này trong các tài khoản trạm của đại hội.", 404)
    password = one_time_password()
    with transaction.atomic():
        account.user.set_password(password)
        account.user.save(update_fields=["password"])
        StationAccount.objects.filter(pk=account.pk).update(
            must_set_password=True, issued_at=timezone.now(), issued_by=user
        )
        log_change(
            user,
            congress,
            "station.reissue",
            {"user": account.user.username},
            organisation=congress.organisation,
        )
    member = PanelMember.objects.filter(congress=congress, user=account.user).first()
    task = _task(member) if member is not None else ""
    return Issued(account.name, task, account.user.username, password)


def account_sheet(congress: Any, issued: list[Issued], address: str) -> bytes:
    """The printable sheet of ``issued`` (a PDF of slips to cut apart)."""
    from daihoi.accountsheet import Slip, account_sheet_pdf

    return account_sheet_pdf(
        f"Đại hội {congress.organisation.name}",
        address,
        "Chỉ dùng cho đại hội này, đến khi kết thúc kiểm phiếu.",
        (Slip(i.name, i.task, i.username, i.password) for i in issued),
    )


def station_account_of(user: Any) -> StationAccount | None:
    """The user's station account, or None (an office account). Cached on the user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_daihoi_station_account", False)
    if cached is not False:
        return cached  # type: ignore[no-any-return]
    if user.is_superuser or profile_of(user) is not None:
        # Office accounts have a profile (already read for the page's frame): no query more.
        user._daihoi_station_account = None
        return None
    found = (
        StationAccount.objects.select_related("congress__organisation")
        .filter(user_id=user.pk)
        .first()
    )
    user._daihoi_station_account = found
    return found


def account_refusal(user: Any) -> str | None:
    """Why a station account may not sign in or go on (its congress's counting has ended, or
    it holds no seat any more), in Vietnamese; None for a valid one and for office accounts."""
    account = station_account_of(user)
    if account is None:
        return None
    congress = account.congress
    end = counting_end(congress)
    if end is not None:
        return (
            f"Việc kiểm phiếu của Đại hội {congress.organisation.name} đã kết thúc lúc "
            f"{_when(end.ended_at)}: tài khoản trạm kiểm phiếu {user.get_username()} không "
            "dùng được nữa."
        )
    if not PanelMember.objects.filter(congress=congress, user_id=user.pk).exists():
        return (
            f"Tài khoản {user.get_username()} không còn trong các bộ phận giúp việc của Đại hội "
            f"{congress.organisation.name}: hãy hỏi văn phòng đại hội."
        )
    return None


def spend_one_time_password(user: Any) -> bool:
    """At a login with a one-time password: the password is spent (no second login with the
    slip); the session it opened sets the member's own. True when one was spent."""
    account = station_account_of(user)
    if account is None or not account.must_set_password or not user.has_usable_password():
        return False
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return True


def set_own_password(user: Any) -> None:
    """The member set their own password (the one-time one is spent): logged."""
    account = station_account_of(user)
    if account is None:
        return
    StationAccount.objects.filter(pk=account.pk).update(must_set_password=False)
    account.must_set_password = False
    log_change(
        user,
        account.congress,
        "station.own_password",
        {"user": user.get_username()},
        organisation=account.congress.organisation,
    )


def end_counting(congress: Any, user: Any) -> CountingEnd:
    """The office records the end of the congress's counting (the minutes are signed): allowed
    once every election of the congress has a confirmed count and none waits for its next
    round. From then on its station accounts are refused at login and on every page."""
    if not may_manage_accounts(user, congress):
        raise Refused("Chỉ văn phòng của đại hội ghi kết thúc kiểm phiếu.", 403)
    rows = list(Election.objects.filter(congress=congress).order_by("created_at", "id"))
    if not rows:
        raise Refused("Đại hội chưa có cuộc bầu nào.", 409)
    for row in rows:
        if row.state != ElectionState.CONFIRMED:
            raise Refused(
                f"{row.title} (lần {row.round}) chưa được xác nhận kết quả: chưa kết thúc "
                "kiểm phiếu được.",
                409,
            )
        count = Count.objects.filter(election=row).first()
        if count is None or count.state != CountState.CONFIRMED:
            raise Refused(f"{row.title} (lần {row.round}) chưa được xác nhận kết quả.", 409)
        outcome = (count.results or {}).get("outcome")
        if outcome in (Outcome.TIE.value, Outcome.SHORT.value) and not hasattr(row, "next_round"):
            raise Refused(
                f"{row.title} (lần {row.round}) còn phải bầu lần tiếp theo: chưa kết thúc "
                "kiểm phiếu được.",
                409,
            )
    with transaction.atomic():
        end, created = CountingEnd.objects.get_or_create(
            congress=congress, defaults={"ended_at": timezone.now(), "ended_by": user}
        )
        if created:
            log_change(
                user,
                congress,
                "counting.end",
                {"accounts": StationAccount.objects.filter(congress=congress).count()},
                organisation=congress.organisation,
            )
    return end


# The random batch hand-check after the count: its own module, reached as services.handcheck.
from . import handcheck  # noqa: E402, F401
