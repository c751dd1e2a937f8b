"""The bridge between the imports app and ``daihoi.record.intake``: station keys registered for
a congress, bundles received (an upload, the watched folder, the command line), decided in the
task queue, and their confirmed results written on the congress as ``bundle``.

Every import runs with the congress's row locked, so two bundles of one congress are decided
one after the other, each against the one imported before it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from daihoi.record.intake import (
    IMPORTED,
    MAX_BUNDLE,
    OTHER_CONGRESS,
    REFUSED,
    TOO_LARGE,
    UNCHANGED,
    UNREGISTERED_KEY,
    Imported,
    Intake,
    bundle_congress,
    decide,
)
from daihoi.record.key import fingerprint_of, normal_fingerprint
from daihoi.web.accounts.scope import can_manage, can_view
from daihoi.web.audit.services import log_change
from daihoi.web.counting.recording import record_id
from daihoi.web.counting.services import congress_figures
from daihoi.web.season import sources as season_sources
from daihoi.web.season.models import Congress
from daihoi.web.season.services import visible_congresses

from .models import BundleImport, StationRegistration

FINGERPRINT = re.compile(r"[0-9a-f]{4}(-[0-9a-f]{4}){3}")
PUBLIC_KEY = re.compile(r"[0-9a-f]{64}")
ALREADY = "đã nhận rồi"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# A bundle still waiting this long after it was sent has lost its worker.
STALLED_AFTER = timedelta(minutes=30)


def plain_text(text: str) -> str:
    """``text`` without control characters (a label typed, a file name, a reason written)."""
    return CONTROL.sub("", text or "")


class RegistrationError(ValueError):
    """A key that cannot be registered: the message says why, in Vietnamese."""


# --------------------------------------------------------------------------------- scope


def congress_or_404(user: Any, pk: int) -> Congress:
    """The congress ``pk`` if the user may see it; 404 otherwise (as every scoped page)."""
    congress = visible_congresses(user).filter(pk=pk).first()
    if congress is None:
        raise Http404
    return congress


def may_manage(user: Any, congress: Congress) -> bool:
    """Office staff of the congress's organisation or above: register keys, import bundles."""
    return can_manage(user, congress.organisation)


def may_view(user: Any, congress: Congress) -> bool:
    return can_view(user, congress.organisation)


# ------------------------------------------------------------------------- registrations


def clean_fingerprint(text: str) -> str:
    """A fingerprint as typed (spaces, dashes, any case) in its printed form; else an error."""
    value = normal_fingerprint(text or "")
    if not FINGERPRINT.fullmatch(value):
        digits = re.sub(r"[\s:-]", "", text or "")
        raise RegistrationError(
            "Dấu khoá cần đúng 16 chữ số hex (0–9, a–f), như in trong biên bản kiểm phiếu, "
            f"ví dụ 2260-0cc6-1655-1e39; đã nhập {len(digits)} ký tự"
            + ("" if re.fullmatch(r"[0-9a-fA-F]*", digits) else ", có ký tự không phải hex")
            + "."
        )
    return value


def live_registrations(congress: Congress) -> QuerySet[StationRegistration]:
    return congress.station_registrations.filter(revoked_at__isnull=True)


@transaction.atomic
def register_station(
    user: Any, congress: Congress, fingerprint: str, label: str = "", public_key: str = ""
) -> StationRegistration:
    """Register a station's key for the congress; log it. A key already registered (and not
    revoked) is an error, as is a public key whose fingerprint is not the one typed."""
    value = clean_fingerprint(fingerprint)
    public = (public_key or "").strip().lower()
    if public:
        if not PUBLIC_KEY.fullmatch(public):
            raise RegistrationError("Khoá công khai cần đúng 64 chữ số hex; có thể bỏ trống.")
        if fingerprint_of(public) != value:
            raise RegistrationError(
                f"Khoá công khai này có dấu khoá {fingerprint_of(public)}, "
                f"không phải {value}: hãy đối chiếu lại với biên bản."
            )
    Congress.objects.select_for_update().filter(pk=congress.pk).first()
    if live_registrations(congress).filter(fingerprint=value).exists():
        raise RegistrationError(f"Dấu khoá {value} đã được đăng ký cho đại hội này.")
    row = StationRegistration.objects.create(
        congress=congress,
        fingerprint=value,
        public_key=public,
        label=plain_text(label).strip()[:120],
        registered_by=user,
    )
    log_change(
        user,
        congress,
        "station.registered",
        {"fingerprint": value, "label": row.label},
        organisation=congress.organisation,
    )
    return row


@transaction.atomic
def revoke_station(user: Any, registration: StationRegistration) -> bool:
    """Revoke a registration (bundles signed by it are refused from now on); False if it was
    revoked already."""
    done = StationRegistration.objects.filter(pk=registration.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=user
    )
    if done:
        congress = registration.congress
        log_change(
            user,
            congress,
            "station.revoked",
            {"fingerprint": registration.fingerprint, "label": registration.label},
            organisation=congress.organisation,
        )
    registration.refresh_from_db()
    return bool(done)


# ----------------------------------------------------------------------------- imports


def stalled(row: BundleImport) -> bool:
    """True when the bundle has waited for the worker so long that the worker must be gone."""
    return row.state == BundleImport.State.QUEUED and timezone.now() - row.at > STALLED_AFTER


def history(congress: Congress) -> QuerySet[BundleImport]:
    return congress.bundle_imports.select_related("by")


def last_imported(congress: Congress) -> BundleImport | None:
    return (
        congress.bundle_imports.filter(state=BundleImport.State.DONE, outcome=IMPORTED)
        .order_by("-entries", "-pk")
        .first()
    )


def congress_of_bundle(data: bytes) -> Congress | None:
    """The congress a bundle names (``record_id``: the organisation code, the term, the pk)."""
    name = bundle_congress(data)
    match = re.fullmatch(r".*-([0-9]+)", name or "")
    if match is None:
        return None
    congress = (
        Congress.objects.select_related("organisation", "season").filter(pk=int(match[1])).first()
    )
    return congress if congress is not None and record_id(congress) == name else None


@dataclass(frozen=True)
class Submitted:
    """A bundle received: its row, and whether the same bytes had been received before."""

    row: BundleImport
    again: bool


def submit_bundle(
    user: Any,
    congress: Congress | None,
    data: bytes,
    filename: str,
    source: str = BundleImport.Source.UPLOAD,
) -> Submitted:
    """Keep a bundle and queue its import (the task worker decides). The same bytes already
    imported (or waiting) for this congress: nothing new, a note "đã nhận rồi" in the log."""
    from .tasks import import_bundle

    sha = hashlib.sha256(data).hexdigest()
    if congress is None:
        congress = congress_of_bundle(data)
    with transaction.atomic():
        if congress is not None:
            Congress.objects.select_for_update().filter(pk=congress.pk).first()
            earlier = (
                congress.bundle_imports.filter(
                    sha256=sha,
                    state=BundleImport.State.QUEUED,
                    at__gte=timezone.now() - STALLED_AFTER,  # a stalled one may be sent again
                ).first()
                or congress.bundle_imports.filter(
                    sha256=sha,
                    state=BundleImport.State.DONE,
                    outcome__in=[IMPORTED, UNCHANGED],
                ).first()
            )
            if earlier is not None:
                log_change(
                    user,
                    congress,
                    "bundle.again",
                    {"note": ALREADY, "sha256": sha, "import": earlier.pk},
                    organisation=congress.organisation,
                )
                return Submitted(earlier, True)
        row = BundleImport(
            congress=congress,
            filename=(plain_text(filename) or "goi-ket-qua.bundle.zip")[:255],
            sha256=sha,
            size=len(data),
            source=source,
            by=user if getattr(user, "is_authenticated", False) else None,
        )
        if len(data) <= MAX_BUNDLE:
            row.file.save(f"{sha[:16]}.bundle.zip", ContentFile(data), save=False)
        row.save()
        import_bundle.enqueue(row.pk)
    return Submitted(row, False)


def run_import(import_id: int) -> str:
    """The task: decide the bundle against what the congress holds, and write its results."""
    try:
        return _run_import(import_id)
    except Exception:
        BundleImport.objects.filter(pk=import_id, state=BundleImport.State.QUEUED).update(
            state=BundleImport.State.FAILED, finished_at=timezone.now()
        )
        raise


@transaction.atomic
def _run_import(import_id: int) -> str:
    row = BundleImport.objects.select_for_update().filter(pk=import_id).first()
    if row is None or row.state != BundleImport.State.QUEUED:
        return "already done"
    congress = row.congress
    if not row.file:  # never stored: larger than any bundle
        intake = Intake(
            REFUSED,
            TOO_LARGE,
            f"Tệp quá lớn cho một gói kết quả: {row.size} byte, tối đa {MAX_BUNDLE} byte.",
        )
    elif congress is None:
        # Checked all the same (a damaged file is said to be damaged); a good bundle of a
        # congress this server does not have is refused as another congress's.
        data = _read(row)
        intake = decide(data, congress_id="", registered=(), last=None)
        if intake.code in (OTHER_CONGRESS, UNREGISTERED_KEY):
            intake = replace(
                intake,
                code=OTHER_CONGRESS,
                message="Gói kết quả này không thuộc đại hội nào trên máy chủ này "
                f"(mã đại hội trong gói: {bundle_congress(data) or 'không có'}).",
                results=(),
            )
    else:
        congress = Congress.objects.select_for_update().get(pk=congress.pk)
        last = last_imported(congress)
        intake = decide(
            _read(row),
            congress_id=record_id(congress),
            registered=[r.fingerprint for r in live_registrations(congress)],
            last=None if last is None else Imported(last.entries, last.head, last.fingerprint),
        )
    _keep(row, intake)
    if congress is not None:
        _apply(row, congress, intake)
    else:  # of no congress here: in the log all the same (placed at no organisation)
        log_change(
            row.by,
            row,
            "bundle.refused",
            {"file": row.filename, "sha256": row.sha256, "source": row.source, "code": row.code},
        )
    row.state = BundleImport.State.DONE
    row.finished_at = timezone.now()
    row.save()
    return intake.code


def _read(row: BundleImport) -> bytes:
    with row.file.open("rb") as stored:
        return bytes(stored.read(MAX_BUNDLE + 1))


def _keep(row: BundleImport, intake: Intake) -> None:
    row.outcome = intake.outcome
    row.code = intake.code
    row.message = intake.message
    row.fingerprint = intake.fingerprint
    row.entries = intake.entries
    row.head = intake.head
    row.results = [r.to_dict() for r in intake.results] if intake.outcome == IMPORTED else []


def _apply(row: BundleImport, congress: Congress, intake: Intake) -> None:
    details = {"file": row.filename, "sha256": row.sha256, "source": row.source}
    if intake.outcome == IMPORTED:
        figures = bundle_figures(congress, row.results)
        changes = season_sources.record_bundle(row.by, congress, figures)
        row.figures = {k: _plain(v) for k, v in figures.items()}
        log_change(
            row.by,
            congress,
            "bundle.imported",
            {
                **details,
                "fingerprint": intake.fingerprint,
                "entries": intake.entries,
                "head": intake.head,
                "rounds": [f"{r.election}-{r.round}" for r in intake.results],
                "changed": sorted(changes),
            },
            organisation=congress.organisation,
        )
    elif intake.outcome == UNCHANGED:
        log_change(
            row.by,
            congress,
            "bundle.again",
            {**details, "note": ALREADY},
            organisation=congress.organisation,
        )
    else:
        log_change(
            row.by,
            congress,
            "bundle.refused",
            {**details, "code": intake.code, "message": intake.message},
            organisation=congress.organisation,
        )


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def bundle_figures(congress: Congress, results: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The congress's figures from the confirmed rounds of a bundle, as the station's own
    confirmation gives them (``congress_figures``), each election from its latest round."""
    latest: dict[str, dict[str, Any]] = {}
    for r in results:
        if r["election"] not in latest or r["round"] > latest[r["election"]]["round"]:
            latest[r["election"]] = r
    figures: dict[str, Any] = {}
    # Attendance (present, convened) is the congress's own when it comes from an election the
    # whole congress votes (the committee, the delegates): those go last and have the word;
    # the secretary's meeting is often the new committee's.
    by_congress = ("committee", "delegates")
    for election_id in sorted(latest, key=lambda e: (latest[e]["body"] in by_congress, e)):
        r = latest[election_id]
        election = SimpleNamespace(body=r["body"], congress=congress)
        try:
            figures.update(congress_figures(election, dict(r["document"])))  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError, ArithmeticError):
            continue  # a results file of another form: its figures are not taken
    return figures


def import_now(data: bytes, filename: str, congress: Congress | None, source: str) -> Submitted:
    """Import a bundle at once (the command line): the same steps as the task, run here."""
    submitted = submit_bundle(None, congress, data, filename, source)
    if not submitted.again:
        run_import(submitted.row.pk)
    submitted.row.refresh_from_db()
    return submitted


# --------------------------------------------------------------------- on the congress page


@dataclass(frozen=True)
class BundleResults:
    """What the congress's page shows of the bundle imported last."""

    row: BundleImport
    elections: list[dict[str, Any]]


def bundle_results(congress: Congress) -> BundleResults | None:
    row = last_imported(congress)
    if row is None:
        return None
    latest: dict[str, dict[str, Any]] = {}
    for r in row.results:
        if r["election"] not in latest or r["round"] > latest[r["election"]]["round"]:
            latest[r["election"]] = r
    elections = [
        {
            "title": r.get("title") or r["election"],
            "round": r["round"],
            "elected": r.get("elected", []),
            "alternates": r.get("alternates", []),
        }
        for r in sorted(latest.values(), key=lambda r: r["election"])
    ]
    return BundleResults(row, elections)
