"""The counting station's pages: ballots in, progress, results, the projector and the minutes.

Uploads are stored and queued in the request; every page is read by the task worker.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_not_required, login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from daihoi.web.accounts.scope import visible_organisations
from daihoi.web.elections.models import ElectionState
from daihoi.web.season.models import Congress

from . import services
from .models import CountState

MAX_REQUEST_BYTES = services.MAX_FILE_BYTES


def _station(request: HttpRequest, election: int, *, change: bool = False) -> Any:
    row = services.election_for(request.user, election)
    if change and not services.may_count(request.user, row):
        raise PermissionDenied(_("Chỉ Ban Kiểm phiếu của đại hội được làm việc này."))
    return row, services.count_of(row)


def _context(request: HttpRequest, row: Any, count: Any, **extra: Any) -> dict[str, Any]:
    # Progress first, then the results: pages read meanwhile can only make the results newer
    # than the figures above them, never older.
    progress = services.progress(count)
    document, problem = services.results_or_problem(count, live=True)
    context = {
        "election": row,
        "count": count,
        "confirmed": count.state == CountState.CONFIRMED,
        "may_count": services.may_count(request.user, row),
        "may_confirm": services.may_confirm(request.user, row),
        "may_decide": services.may_decide(request.user, row),
        "may_reopen": services.may_reopen(request.user, row),
        "reopenings": services.reopenings(count),
        "counting_end": services.counting_end(row.congress),
        "ready": row.state
        in (ElectionState.APPROVED, ElectionState.COUNTING, ElectionState.CONFIRMED),
        "progress": progress,
        "reasons": services.rejected_reasons(count),
        "results": services.summary(document) if document else None,
        "count_problem": problem,
        "batch": services.current_batch(count) if count.state == CountState.OPEN else None,
        "tokens": count.tokens.filter(revoked_at__isnull=True),
        "next_round": getattr(row, "next_round", None),
        "server_url": request.build_absolute_uri("/").rstrip("/"),
        "record": services.record_state(row.congress),
        "may_export": services.may_export(request.user, row),
    }
    context.update(extra)
    return context


@login_required
def station(request: HttpRequest, election: int) -> HttpResponse:
    row, count = _station(request, election)
    return render(request, "counting/station.html", _page_context(request, row, count))


def _page_context(request: HttpRequest, row: Any, count: Any, **extra: Any) -> dict[str, Any]:
    """The whole station page's context: the batches counted by hand are on the page itself,
    not in its part refreshed every 2 s."""
    return _context(
        request,
        row,
        count,
        may_enter=services.may_enter(request.user, row),
        manual=services.batches_overview(count),
        **extra,
    )


@login_required
@require_GET
def live(request: HttpRequest, election: int) -> HttpResponse:
    """The part of the station page that refreshes itself (htmx): progress and results."""
    row, count = _station(request, election)
    services.kick(count.pk)  # a reader killed mid-batch: its lease has run out, queue another
    return render(request, "counting/_live.html", _context(request, row, count))


@login_required
@require_POST
def upload(request: HttpRequest, election: int) -> HttpResponse:
    """One or many scanned files (the page's script sends them one by one; without script the
    form sends them all). Answers JSON to the script, a page to the form."""
    row, count = _station(request, election, change=True)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if row.state not in (ElectionState.APPROVED, ElectionState.COUNTING):
        return _refuse(
            request,
            wants_json,
            _("Danh sách bầu cử chưa được thông qua: chưa kiểm phiếu được."),
            409,
            row,
        )
    files = request.FILES.getlist("files")
    if not files:
        return _refuse(request, wants_json, _("Chưa chọn tệp nào."), 400, row)
    queued = duplicate = 0
    problems: list[str] = []
    for index, item in enumerate(files, start=1):
        data = item.read()
        label = _("tệp thứ %(n)s") % {"n": index} if len(files) > 1 else _("tệp")
        try:
            with transaction.atomic():
                received = services.receive_file(count, data)
        except services.Refused as exc:
            if exc.status == 409:
                return _refuse(request, wants_json, exc.message, 409, row)
            problems.append(f"{label}: {exc.message}")
            continue
        queued += sum(1 for r in received if r.status == "queued")
        duplicate += sum(1 for r in received if r.status == "duplicate")
    if row.state == ElectionState.APPROVED and queued:
        type(row).objects.filter(pk=row.pk).update(state=ElectionState.COUNTING)
    if wants_json:
        status = 400 if problems and not (queued or duplicate) else 200
        return JsonResponse(
            {"queued": queued, "duplicate": duplicate, "problems": problems}, status=status
        )
    if queued:
        messages.success(request, _("Đã nhận %(n)s tệp, đang đọc.") % {"n": queued})
    if duplicate:
        messages.info(request, _("%(n)s tệp đã nhận trước đó: không đếm lại.") % {"n": duplicate})
    for problem in problems:
        messages.error(request, problem)
    return redirect("counting:station", election=row.pk)


def _refuse(
    request: HttpRequest, wants_json: bool, message: str, status: int, row: Any
) -> HttpResponse:
    if wants_json:
        return JsonResponse({"error": message}, status=status)
    messages.error(request, message)
    return redirect("counting:station", election=row.pk)


@login_required
@require_POST
def seal_sample(request: HttpRequest, election: int) -> HttpResponse:
    """The committee's seal: one or a few stamped blank ballots, scanned before counting."""
    row, count = _station(request, election, change=True)
    item = request.FILES.get("sample")
    if item is None:
        messages.error(request, _("Chưa chọn tệp mẫu dấu."))
        return redirect("counting:station", election=row.pk)
    try:
        services.set_seal_sample(count, item.read(), request.user)
    except services.Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã học mẫu dấu của Ban Kiểm phiếu: mọi phiếu sẽ được so với mẫu này.")
        )
    return redirect("counting:station", election=row.pk)


@login_required
@require_POST
def issued(request: HttpRequest, election: int) -> HttpResponse:
    row, count = _station(request, election, change=True)
    text = request.POST.get("issued", "").replace(".", "").strip()
    try:
        services.set_issued(count, int(text), request.user)
    except ValueError:
        messages.error(request, _("Số phiếu phát ra phải là một số nguyên."))
    except services.Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã ghi số phiếu phát ra."))
    return redirect("counting:station", election=row.pk)


@login_required
@require_POST
def batch_new(request: HttpRequest, election: int) -> HttpResponse:
    row, count = _station(request, election, change=True)
    if count.state == CountState.OPEN:
        batch = services.new_batch(count)
        messages.success(request, _("Bắt đầu tệp phiếu số %(n)s.") % {"n": batch.number})
    return redirect("counting:station", election=row.pk)


@login_required
@require_POST
def confirm(request: HttpRequest, election: int) -> HttpResponse:
    row, count = _station(request, election)
    try:
        problem = services.confirm(count, request.user)
    except services.Refused as exc:
        raise PermissionDenied(exc.message) from None
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, _("Kết quả đã được xác nhận và hiện trên màn chiếu."))
    return redirect("counting:station", election=row.pk)


@login_required
@require_POST
def next_round(request: HttpRequest, election: int) -> HttpResponse:
    row, count = _station(request, election, change=True)
    added = request.POST.get("added", "").splitlines()
    try:
        new = services.create_next_round(count, request.user, added)
    except services.InputError as exc:
        messages.error(request, exc.message)
        return redirect("counting:station", election=row.pk)
    messages.success(request, _("Đã lập cuộc bầu lần %(n)s.") % {"n": new.round})
    return redirect("counting:station", election=new.pk)


@login_required
@require_POST
def token_new(request: HttpRequest, election: int) -> HttpResponse:
    row, count = _station(request, election, change=True)
    try:
        token = services.new_station_token(count, request.POST.get("name", ""), request.user)
    except services.Refused as exc:
        messages.error(request, exc.message)
        return redirect("counting:station", election=row.pk)
    context = _page_context(request, row, count, new_token=token)
    return render(request, "counting/station.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, election: int, pk: int) -> HttpResponse:
    row, count = _station(request, election, change=True)
    services.revoke_station_token(count, pk, request.user)
    messages.success(request, _("Đã thu hồi mã của máy quét."))
    return redirect("counting:station", election=row.pk)


@login_required
@require_POST
def projector_new(request: HttpRequest, election: int) -> HttpResponse:
    row, count = _station(request, election, change=True)
    token = services.new_projector_link(count, request.user)
    link = request.build_absolute_uri(reverse("counting:projector", args=[token]))
    return render(
        request, "counting/station.html", _page_context(request, row, count, projector_link=link)
    )


@login_required
@require_GET
def minutes(request: HttpRequest, election: int, kind: str) -> HttpResponse:
    row, count = _station(request, election)
    if not services.has_ballots(count):
        messages.error(request, _("Chưa có phiếu nào được kiểm: chưa lập được biên bản."))
        return redirect("counting:station", election=row.pk)
    try:
        pdf, docx = services.minutes_files(count)
    except services.InputError as exc:
        messages.error(request, _("Chưa lập được biên bản: %(why)s") % {"why": exc.message})
        return redirect("counting:station", election=row.pk)
    name = f"bien-ban-kiem-phieu-{row.slug}-lan-{row.round}"
    if kind == "docx":
        response = HttpResponse(
            docx,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    else:
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@login_required
@require_POST
def record_zip(request: HttpRequest, election: int) -> HttpResponse:
    """The congress's results bundle (every election and round), for the committee above."""
    row = services.election_for(request.user, election)
    if not services.may_export(request.user, row):
        raise PermissionDenied(_("Chỉ văn phòng đại hội và Trưởng Ban Kiểm phiếu tải bộ kết quả."))
    bundle = services.record_bundle(row.congress, request.user)
    name = services.recording.record_id(row.congress)
    response = HttpResponse(bundle, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}.bundle.zip"'
    response["Cache-Control"] = "no-store"  # every member's decision on every page
    return response


# ------------------------------------------------------------------------------- the projector


@login_not_required
@require_GET
def projector(request: HttpRequest, token: str) -> HttpResponse:
    count = services.count_for_projector(token)
    if count is None:
        return render(request, "counting/projector_gone.html", status=404)
    return render(request, "counting/projector.html", _projector_context(count, token))


@login_not_required
@require_GET
def projector_live(request: HttpRequest, token: str) -> HttpResponse:
    count = services.count_for_projector(token)
    if count is None:
        return HttpResponse(status=404)
    return render(request, "counting/_projector_live.html", _projector_context(count, token))


def _projector_context(count: Any, token: str) -> dict[str, Any]:
    confirmed = count.state == CountState.CONFIRMED
    return {
        "election": count.election,
        "confirmed": confirmed,
        "progress": services.progress(count),
        "results": services.summary(services.results_of(count)) if confirmed else None,
        "token": token,
    }


# ------------------------------------------------------------------ the scanning PC's API


def _bearer(request: HttpRequest) -> Any:
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.startswith("Bearer ") else ""
    return services.station_for_token(token)


@login_not_required
@csrf_exempt
@require_GET
def api_station(request: HttpRequest) -> HttpResponse:
    station_token = _bearer(request)
    if station_token is None:
        return JsonResponse({"error": _("Mã máy quét không đúng hoặc đã bị thu hồi.")}, status=401)
    count = station_token.count
    return JsonResponse(
        {
            "station": station_token.name,
            "election": count.election.title,
            "round": count.election.round,
            "open": count.state == CountState.OPEN,
        }
    )


@login_not_required
@csrf_exempt
@require_POST
def api_upload(request: HttpRequest) -> HttpResponse:
    station_token = _bearer(request)
    if station_token is None:
        return JsonResponse({"error": _("Mã máy quét không đúng hoặc đã bị thu hồi.")}, status=401)
    count = station_token.count
    length = int(request.headers.get("Content-Length") or 0)
    if length > MAX_REQUEST_BYTES:
        return JsonResponse({"error": _("Tệp quá lớn.")}, status=413)
    data = request.read(MAX_REQUEST_BYTES + 1)
    claimed = request.headers.get("X-Daihoi-Sha256", "").strip().lower()
    digest = services.sha256_of(data)
    if claimed and claimed != digest:
        return JsonResponse(
            {"error": _("Tệp nhận được không trọn vẹn (mã SHA-256 không khớp): hãy gửi lại.")},
            status=400,
        )
    row = count.election
    if row.state not in (ElectionState.APPROVED, ElectionState.COUNTING, ElectionState.CONFIRMED):
        return JsonResponse({"error": _("Danh sách bầu cử chưa được thông qua.")}, status=409)
    try:
        with transaction.atomic():
            received = services.receive_file(count, data)
    except services.Refused as exc:
        return JsonResponse({"error": exc.message}, status=exc.status)
    if row.state == ElectionState.APPROVED:
        type(row).objects.filter(pk=row.pk).update(state=ElectionState.COUNTING)
    if all(r.status == "duplicate" for r in received):
        return JsonResponse({"sha256": digest, "status": "duplicate"}, status=200)
    first = next(r for r in received if r.status == "queued")
    return JsonResponse({"upload": first.upload, "sha256": digest, "status": "queued"}, status=201)


# ------------------------------------------------------------------------------- review queue


def _reviewer(request: HttpRequest, election: int) -> Any:
    row, count = _station(request, election)
    if not services.may_decide(request.user, row):
        raise PermissionDenied(
            _("Chỉ thành viên Ban Kiểm phiếu của đại hội xem và quyết định phiếu chờ xem xét.")
        )
    return row, count


@login_required
@require_GET
def review_list(request: HttpRequest, election: int) -> HttpResponse:
    row, count = _reviewer(request, election)
    items = services.review_queue(count, request.user)
    role = services.committee_role(request.user, row)
    # Where the start key leads: a member to the first page they have not decided; the head
    # first to a disagreement waiting for them, then to the pages every member decides.
    waiting = [i for i in items if i.state == "disagree"] if role == "head" else []
    first = next(
        iter(waiting + [i for i in items if i.state in ("open", "one") and not i.mine]), None
    )
    return render(
        request,
        "counting/review_list.html",
        {
            "election": row,
            "count": count,
            "items": items,
            "first": first,
            "role": role,
            "left": sum(1 for i in items if i.state in ("open", "one", "disagree")),
        },
    )


@login_required
def review_page(request: HttpRequest, election: int, key: str) -> HttpResponse:
    row, count = _reviewer(request, election)
    try:
        page, decisions = services.review_page(count, key)
    except services.Refused as exc:
        messages.error(request, exc.message)
        return redirect("counting:review", election=row.pk)
    role = services.committee_role(request.user, row)
    if request.method == "POST":
        settle = request.POST.get("settle") == "1"
        try:
            services.decide(
                count,
                key,
                request.user,
                ruling=request.POST.get("ruling", ""),
                struck=request.POST.getlist("struck"),
                reason=request.POST.get("reason", ""),
                settle=settle,
            )
        except services.Refused as exc:
            messages.error(request, exc.message)
            return redirect("counting:review_page", election=row.pk, key=key)
        messages.success(request, _("Đã ghi quyết định."))
        items = services.review_queue(count, request.user)
        keys = [i.key for i in items]
        after = keys[keys.index(key) + 1 :] + keys[: keys.index(key)] if key in keys else keys
        pending = {i.key for i in items if i.state in ("open", "one") and not i.mine}
        if role == "head":
            pending |= {i.key for i in items if i.state == "disagree"}
        nxt = next((k for k in after if k in pending), None)
        if nxt:
            return redirect("counting:review_page", election=row.pk, key=nxt)
        return redirect("counting:review", election=row.pk)
    reading = page.reading
    labels = services.elections.ballot_order(row)
    marked = set(reading.get("struck") or [])
    mine = next((d for d in decisions if d.user_id == request.user.pk and not d.settles), None)
    state = services.review_state(decisions)
    for d in decisions:
        d.reason_words = services.ruling_reason_shown(d.reason)  # type: ignore[attr-defined]
    return render(
        request,
        "counting/review_page.html",
        {
            "election": row,
            "page": page,
            "reason_words": services.reason_words_shown(page.reason),
            "labels": [
                (i + 1, name, name in (mine.struck if mine else marked))
                for i, name in enumerate(labels)
            ],
            "reasons": services.invalid_reasons(row),
            "mine": mine,
            "decisions": decisions,
            # A member decides on their own: whether the other agreed is the head's to see.
            "state": state if role == "head" else None,
            "role": role,
            "may_settle": role == "head" and state == "disagree",
            "form": reading.get("form", "strike"),
        },
    )


@login_required
@require_GET
def review_image(request: HttpRequest, election: int, key: str) -> HttpResponse:
    _row, count = _reviewer(request, election)
    try:
        data = services.page_png(count, key)
    except services.Refused as exc:
        return HttpResponse(
            exc.message, status=exc.status, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response


# ------------------------------------------------------------------------------ manual entry


def _enterer(request: HttpRequest, election: int) -> Any:
    row, count = _station(request, election)
    if not services.may_enter(request.user, row):
        raise PermissionDenied(
            _("Chỉ Ban Kiểm phiếu và kỹ thuật viên của đại hội được nhập phiếu.")
        )
    return row, count


def _batch(request: HttpRequest, election: int, number: int) -> Any:
    row, count = _enterer(request, election)
    try:
        batch = services.batch_of(count, number)
    except services.Refused as exc:
        raise Http404(exc.message) from None
    return row, count, batch


@login_required
@require_POST
def manual_batch_new(request: HttpRequest, election: int) -> HttpResponse:
    row, count = _enterer(request, election)
    try:
        entrants = int(request.POST.get("entrants") or 2)
    except ValueError:
        entrants = 0
    try:
        batch = services.new_manual_batch(
            count, request.user, request.POST.get("method", ""), entrants
        )
    except services.Refused as exc:
        messages.error(request, exc.message)
        return redirect("counting:station", election=row.pk)
    # The batch's page, not the grid: whoever starts the batch need not be one who types it.
    return redirect("counting:batch", election=row.pk, number=batch.number)


def _totals_form(row: Any, batch: Any, data: Any = None) -> dict[str, Any]:
    """The totals form's fields, with what was typed (kept when the totals are refused)."""
    saved = getattr(batch, "totals", None)
    labels = services.elections.ballot_order(row)

    def value(name: str, stored: Any) -> str:
        if data is not None:
            return str(data.get(name, ""))
        return "" if stored is None else str(stored)

    return {
        "collected": value("collected", saved.collected if saved else None),
        "valid": value("valid", saved.valid if saved else None),
        "reasons": [
            (
                code,
                words,
                value(f"reason-{code}", (saved.invalid_reasons.get(code) if saved else None)),
            )
            for code, words in services.invalid_reasons(row)
        ],
        "votes": [
            (i, name, value(f"votes-{i}", (saved.votes.get(name) if saved else None)))
            for i, name in enumerate(labels, start=1)
        ],
        "saved": saved,
    }


def _batch_context(request: HttpRequest, row: Any, count: Any, batch: Any, **extra: Any) -> Any:
    state = services.batch_state(batch)
    role = services.committee_role(request.user, row)
    labels = services.elections.ballot_order(row)
    mine = next((e for e in state.entries if e.user_id == request.user.pk), None)
    check = next((c for c in services.cross_checks(count) if c["batch"] == batch.number), None)
    context = {
        "election": row,
        "count": count,
        "batch": batch,
        "state": state,
        "role": role,
        "mine": mine,
        "open": count.state == CountState.OPEN,
        "labels": list(enumerate(labels, start=1)),
        "form": services.elections.engine_election(row).form.value,
        "reasons": services.invalid_reasons(row),
        "method_label": services.METHOD_LABELS.get(batch.method, batch.method),
        "check": check,
        "totals_form": _totals_form(row, batch, extra.pop("typed", None)),
        "all_done": state.state in ("differ", "agreed"),
    }
    context.update(extra)
    return context


@login_required
@require_GET
def batch_page(request: HttpRequest, election: int, number: int) -> HttpResponse:
    row, count, batch = _batch(request, election, number)
    return render(request, "counting/batch.html", _batch_context(request, row, count, batch))


@login_required
@require_POST
def batch_totals(request: HttpRequest, election: int, number: int) -> HttpResponse:
    row, count, batch = _batch(request, election, number)
    labels = services.elections.ballot_order(row)
    try:
        services.save_totals(
            batch,
            request.user,
            collected=request.POST.get("collected"),
            valid=request.POST.get("valid"),
            invalid_reasons={
                code: request.POST.get(f"reason-{code}")
                for code, _w in services.invalid_reasons(row)
            },
            votes={name: request.POST.get(f"votes-{i}") for i, name in enumerate(labels, start=1)},
        )
    except services.Refused as exc:
        context = _batch_context(
            request, row, count, batch, typed=request.POST, totals_error=exc.message
        )
        return render(request, "counting/batch.html", context, status=exc.status)
    messages.success(request, _("Đã ghi tổng số của tệp."))
    return redirect("counting:batch", election=row.pk, number=batch.number)


@login_required
@require_POST
def batch_settle(request: HttpRequest, election: int, number: int, position: int) -> HttpResponse:
    row, _count, batch = _batch(request, election, number)
    present = request.POST.get("absent") != "1"
    try:
        services.settle(
            batch,
            position,
            request.user,
            present=present,
            marks=services.marks_of(
                row,
                struck=request.POST.getlist("struck"),
                approve={k[5:]: v for k, v in request.POST.items() if k.startswith("mark-")},
            ),
            ruling=request.POST.get("ruling", ""),
        )
    except services.Refused as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã ghi quyết định của Trưởng Ban."))
    return redirect("counting:batch", election=row.pk, number=batch.number)


@login_required
@require_GET
def entry(request: HttpRequest, election: int, number: int) -> HttpResponse:
    """The operator's own grid for one batch: only their own ballots are shown."""
    row, count, batch = _batch(request, election, number)
    try:
        mine = services.entry_of(batch, request.user)
    except services.Refused as exc:
        messages.error(request, exc.message)
        return redirect("counting:batch", election=row.pk, number=batch.number)
    if mine.finished_at is not None:
        return redirect("counting:batch", election=row.pk, number=batch.number)
    engine = services.elections.engine_election(row)
    rows = [
        {"key": r.key, "position": r.position, "marks": r.marks, "ruling": r.ruling}
        for r in mine.rows.order_by("position")
    ]
    setup = {
        "form": engine.form.value,
        "names": list(engine.labels),
        "reasons": [[code, words] for code, words in services.invalid_reasons(row)],
        "rows": rows,
        "totals": services.entry_totals(mine, engine),
        "save": reverse("counting:entry_row", args=[row.pk, batch.number]),
        "remove": reverse("counting:entry_delete", args=[row.pk, batch.number]),
        "store": f"daihoi-entry-{count.pk}-{batch.number}-{request.user.pk}",
        "words": {
            "ballot": _("Phiếu số"),
            "invalid": _("không hợp lệ"),
            "struck": _("gạch"),
            "none": _("không gạch tên nào"),
            "all": _("đồng ý tất cả"),
            "disagree": _("không đồng ý"),
            "both": _("cả hai ô"),
            "blank": _("để trống"),
            "saving": _("Đang lưu"),
            "fixing": _("đang sửa"),
            "offline": _("Chưa gửi được tới máy chủ, sẽ tự gửi lại"),
            "sure": _("Xoá phiếu này khỏi phần nhập của bạn?"),
            "done": _("Báo đã nhập xong? Sau đó bạn không sửa được nữa."),
            "wait": _("Chờ lưu xong các phiếu trước đã."),
            "no_such": _("Không có tên số"),
        },
    }
    return render(
        request,
        "counting/entry.html",
        {
            "election": row,
            "batch": batch,
            "entry": mine,
            "setup": setup,
            "labels": list(enumerate(engine.labels, start=1)),
            "reasons": setup["reasons"],
            "form": engine.form.value,
        },
    )


def _json_refusal(exc: Any) -> JsonResponse:
    return JsonResponse({"error": exc.message}, status=exc.status)


@login_required
@require_POST
def entry_row(request: HttpRequest, election: int, number: int) -> HttpResponse:
    """Save one ballot of the operator's entry (JSON answer with its place and the totals)."""
    _row, _count, batch = _batch(request, election, number)
    try:
        mine = services.entry_of(batch, request.user)
        saved = services.save_row(
            mine,
            request.user,
            key=request.POST.get("key", ""),
            marks=request.POST.get("marks", ""),
            ruling=request.POST.get("ruling", ""),
        )
    except services.Refused as exc:
        return _json_refusal(exc)
    return JsonResponse(
        {"key": saved.key, "position": saved.position, "totals": services.entry_totals(mine)}
    )


@login_required
@require_POST
def entry_delete(request: HttpRequest, election: int, number: int) -> HttpResponse:
    _row, _count, batch = _batch(request, election, number)
    try:
        mine = services.entry_of(batch, request.user)
        services.delete_row(mine, request.user, request.POST.get("key", ""))
    except services.Refused as exc:
        return _json_refusal(exc)
    rows = [
        {"key": r.key, "position": r.position, "marks": r.marks, "ruling": r.ruling}
        for r in mine.rows.order_by("position")
    ]
    return JsonResponse({"rows": rows, "totals": services.entry_totals(mine)})


@login_required
@require_POST
def entry_finish(request: HttpRequest, election: int, number: int) -> HttpResponse:
    row, _count, batch = _batch(request, election, number)
    try:
        mine = services.entry_of(batch, request.user)
        services.finish_entry(mine, request.user)
    except services.Refused as exc:
        messages.error(request, exc.message)
        return redirect("counting:entry", election=row.pk, number=batch.number)
    messages.success(request, _("Đã ghi: bạn đã nhập xong tệp này."))
    return redirect("counting:batch", election=row.pk, number=batch.number)


# ------------------------------------------------------------------------------- reopening


@login_required
@require_POST
def reopen(request: HttpRequest, election: int) -> HttpResponse:
    """The head reopens a confirmed count, with a written reason (kept in the minutes)."""
    row, count = _station(request, election)
    try:
        services.reopen(count, request.user, request.POST.get("reason", ""))
    except services.Refused as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from None
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã mở lại kết quả. Sửa các quyết định cần sửa rồi xác nhận lại kết quả."),
        )
    return redirect("counting:station", election=row.pk)


# ------------------------------------------------------------------------ station accounts


def _congress_of_office(request: HttpRequest, pk: int) -> Any:
    congress = get_object_or_404(
        Congress.objects.select_related("organisation"),
        pk=pk,
        organisation__in=visible_organisations(request.user),
    )
    if not services.may_manage_accounts(request.user, congress):
        raise PermissionDenied(_("Chỉ văn phòng của đại hội quản lý tài khoản trạm kiểm phiếu."))
    return congress


def _sheet(congress: Any, issued: list[Any], request: HttpRequest, name: str) -> HttpResponse:
    data = services.account_sheet(congress, issued, request.build_absolute_uri("/"))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "no-store"  # the one-time passwords: shown once, never cached
    return response


@login_required
@require_GET
def accounts(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress_of_office(request, congress)
    return render(
        request,
        "counting/accounts.html",
        {
            "congress": row,
            "accounts": services.station_accounts(row),
            "without": row.panel.filter(user__isnull=True).count(),
            "counting_end": services.counting_end(row),
            "elections": row.elections.order_by("created_at", "id"),
        },
    )


@login_required
@require_POST
def accounts_issue(request: HttpRequest, congress: int) -> HttpResponse:
    """Station accounts for every panel member without one, in one step: the sheet of their
    one-time passwords is the answer (shown once)."""
    row = _congress_of_office(request, congress)
    try:
        issued = services.issue_station_accounts(row, request.user)
    except services.Refused as exc:
        messages.error(request, exc.message)
        return redirect("counting:accounts", congress=row.pk)
    if not issued:
        messages.info(
            request,
            _(
                "Mọi người trong các bộ phận giúp việc đã có tài khoản. Ai mất mật khẩu thì cấp "
                "lại cho riêng người đó."
            ),
        )
        return redirect("counting:accounts", congress=row.pk)
    return _sheet(row, issued, request, f"tai-khoan-tram-kiem-phieu-{row.pk}")


@login_required
@require_POST
def account_reissue(request: HttpRequest, congress: int, pk: int) -> HttpResponse:
    row = _congress_of_office(request, congress)
    try:
        issued = services.reissue_password(row, pk, request.user)
    except services.Refused as exc:
        if exc.status == 404:
            raise Http404(exc.message) from None
        messages.error(request, exc.message)
        return redirect("counting:accounts", congress=row.pk)
    return _sheet(row, [issued], request, f"cap-lai-mat-khau-{issued.username}")


@login_required
@require_POST
def counting_end(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress_of_office(request, congress)
    try:
        services.end_counting(row, request.user)
    except services.Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã ghi kết thúc kiểm phiếu: các tài khoản trạm kiểm phiếu không dùng được nữa."),
        )
    return redirect("counting:accounts", congress=row.pk)


class OwnPasswordForm(SetPasswordForm):
    """Django's rules for a new password, the length said in Vietnamese first (Django's own
    Vietnamese lacks that sentence)."""

    MIN_LENGTH = 8

    def clean_new_password2(self) -> str:
        password = self.cleaned_data.get("new_password2") or ""
        if len(password) < self.MIN_LENGTH:
            raise forms.ValidationError(
                _("Mật khẩu quá ngắn: cần ít nhất %(n)s ký tự.") % {"n": self.MIN_LENGTH},
                code="password_too_short",
            )
        return password


class OwnPasswordChangeForm(OwnPasswordForm, PasswordChangeForm):
    """A member changing their own password: the current one first."""


@login_required
def account_password(request: HttpRequest) -> HttpResponse:
    """A station account sets its own password (first login, or after a new one-time one)."""
    account = services.station_account_of(request.user)
    if account is None:
        raise Http404(_("Trang này chỉ dành cho tài khoản trạm kiểm phiếu."))
    # The first time (a one-time password, spent at the login): the new password only. Later,
    # changing it needs the current one (an open session left on a table is not enough).
    form_class = OwnPasswordForm if account.must_set_password else OwnPasswordChangeForm
    form = form_class(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        services.set_own_password(request.user)
        messages.success(request, _("Đã đặt mật khẩu của bạn. Từ nay đăng nhập bằng mật khẩu này."))
        return redirect("elections:day", congress=account.congress_id)
    return render(
        request,
        "counting/account_password.html",
        {"form": form, "account": account},
        status=400 if form.errors else 200,
    )


# ----------------------------------------------------------------- the random hand-check


def _handcheck_context(request: HttpRequest, row: Any, count: Any, **extra: Any) -> Any:
    checks = services.handcheck
    check = checks.of(count)
    state = checks.report_of(check) if check else None
    batches = len(checks.machine_counts(count)) if check is None else len(check.batches)
    context = {
        "election": row,
        "count": count,
        "confirmed": count.state == CountState.CONFIRMED,
        "check": check,
        "state": state,
        "seed_grouped": checks.grouped(check.seed) if check else "",
        "verdict_words": checks.verdict_words(check.verdict) if check else "",
        "batches": batches,
        "default_size": services.handcheck.first_sample_size(batches),
        "may_start": checks.may_start(request.user, row),
        "may_enter": checks.may_enter(request.user, row),
    }
    typed = extra.get("typed") or {}
    context["votes"] = [
        (i, name, typed.get(f"votes-{i}", ""))
        for i, name in enumerate(services.elections.ballot_order(row), start=1)
    ]
    context.update(extra)
    return context


@login_required
def handcheck(request: HttpRequest, election: int) -> HttpResponse:
    row, count = _station(request, election)
    if request.method == "POST":
        try:
            services.handcheck.start(
                count, request.user, request.POST.get("seed", ""), request.POST.get("size", "")
            )
        except services.Refused as exc:
            if exc.status == 403:
                raise PermissionDenied(exc.message) from None
            context = _handcheck_context(request, row, count, error=exc.message, typed=request.POST)
            return render(request, "counting/handcheck.html", context, status=exc.status)
        messages.success(request, _("Đã rút tệp: Ban Kiểm phiếu đếm tay các tệp dưới đây."))
        return redirect("counting:handcheck", election=row.pk)
    return render(request, "counting/handcheck.html", _handcheck_context(request, row, count))


@login_required
@require_POST
def handcheck_more(request: HttpRequest, election: int) -> HttpResponse:
    row, count = _station(request, election)
    try:
        services.handcheck.expand(count, request.user)
    except services.Refused as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from None
        messages.error(request, exc.message)
    return redirect("counting:handcheck", election=row.pk)


@login_required
def handcheck_batch(request: HttpRequest, election: int, batch: str) -> HttpResponse:
    row, count = _station(request, election)
    check = services.handcheck.of(count)
    if check is None or batch not in {d["batch"] for d in check.drawn}:
        raise Http404(_("Tệp này không có trong các tệp đã rút."))
    context = _handcheck_context(request, row, count, batch=batch, key=uuid.uuid4().hex)
    if request.method == "POST":
        try:
            services.handcheck.enter(
                count, request.user, batch, request.POST, request.POST.get("key", "")
            )
        except services.Refused as exc:
            if exc.status == 403:
                raise PermissionDenied(exc.message) from None
            context = _handcheck_context(
                request,
                row,
                count,
                batch=batch,
                key=request.POST.get("key"),
                error=exc.message,
                typed=request.POST,
            )
            return render(request, "counting/handcheck_batch.html", context, status=exc.status)
        messages.success(request, _("Đã ghi số đếm tay của tệp %(n)s.") % {"n": batch})
        return redirect("counting:handcheck", election=row.pk)
    if not context["may_enter"]:
        raise PermissionDenied(_("Chỉ thành viên Ban Kiểm phiếu nhập số đếm tay."))
    return render(request, "counting/handcheck_batch.html", context)


@login_required
@require_GET
def handcheck_pdf(request: HttpRequest, election: int) -> HttpResponse:
    row, count = _station(request, election)
    check = services.handcheck.of(count)
    if check is None:
        raise Http404(_("Chưa có lần kiểm tra bằng tay nào."))
    response = HttpResponse(services.handcheck.pdf(check), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kiem-tra-bang-tay-{row.pk}.pdf"'
    return response
