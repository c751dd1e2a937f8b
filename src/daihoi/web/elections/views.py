"""The pages of a congress's day: sittings, panels, delegates and their attendance, elections.

Every page is scoped: a congress out of the user's subtree is a 404; a change needs ``can_edit``
on the congress's organisation (403 otherwise). Each change is written to the audit log; the
attendance events are their own log (who recorded which state, when).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daihoi.web.accounts.scope import can_edit, is_office, visible_organisations
from daihoi.web.audit.models import Action
from daihoi.web.audit.services import log_change
from daihoi.web.core import versions
from daihoi.web.core.once import submit_once
from daihoi.web.personnel.models import CandidateList
from daihoi.web.season.models import Congress

from . import lists, services
from .forms import (
    ApprovalForm,
    CandidateForm,
    DelegateForm,
    ElectionForm,
    ExclusionForm,
    PanelMemberForm,
    PasteForm,
    SittingForm,
    UploadForm,
)
from .models import (
    ApprovalSubject,
    Candidate,
    CandidateSource,
    Delegate,
    Election,
    ElectionState,
    Panel,
    PanelMember,
    Presence,
    Sitting,
)

# ------------------------------------------------------------------------------------- scoping


def _congress(request: HttpRequest, pk: int, *, edit: bool = False) -> Congress:
    # A station account (no unit) sees the day page of the congress it holds seats at.
    seen = Q(organisation__in=visible_organisations(request.user))
    seat = services.seat_congress(request.user)
    if seat is not None:
        seen |= Q(pk=seat)
    row = get_object_or_404(Congress.objects.select_related("organisation", "season"), seen, pk=pk)
    if edit and not can_edit(request.user, row.organisation):
        raise PermissionDenied(_("Bạn không có quyền thay đổi phiên làm việc của đại hội này."))
    return row


def _election(request: HttpRequest, pk: int, *, edit: bool = False) -> Election:
    row = get_object_or_404(
        Election.objects.select_related("congress__organisation"),
        pk=pk,
        congress__organisation__in=visible_organisations(request.user),
    )
    if edit and not can_edit(request.user, row.congress.organisation):
        raise PermissionDenied(_("Bạn không có quyền thay đổi cuộc bầu cử này."))
    return row


def _day_url(congress: Congress, anchor: str = "") -> str:
    return reverse("elections:day", args=[congress.pk]) + (f"#{anchor}" if anchor else "")


def _log(
    request: HttpRequest, obj: Any, action: str, congress: Congress, changes: Any = None
) -> None:
    log_change(request, obj, action, changes or {}, organisation=congress.organisation)


# ------------------------------------------------------------------------------ the day's page


def _counts(delegates: list[Delegate]) -> dict[str, int]:
    counts = {state: 0 for state in Presence.values}
    counts["none"] = 0
    for d in delegates:
        counts[d.presence or "none"] += 1
    counts["in_hall"] = counts[Presence.PRESENT] + counts[Presence.RETURNED]
    counts["total"] = len(delegates)
    return counts


def _day_context(request: HttpRequest, congress: Congress, **forms: Any) -> dict[str, Any]:
    delegates = list(services.with_presence(congress.delegates.all()))
    panel = list(congress.panel.all())
    electorates = [
        (label, services.electorate(congress, name)) for name, label in services.preset_choices()
    ]
    elections = list(congress.elections.prefetch_related("candidates"))
    for row in elections:
        row.body_label = services.body_label(row.body)
    return {
        "congress": congress,
        "can_edit": can_edit(request.user, congress.organisation),
        "is_office": is_office(request.user),
        "station_account": services.seat_congress(request.user) is not None,
        "without_account": sum(1 for m in panel if m.user_id is None),
        "sittings": congress.sittings.all(),
        "panels": [
            (value, label, [m for m in panel if m.panel == value]) for value, label in Panel.choices
        ],
        "delegates": delegates,
        "counts": _counts(delegates),
        "excluded": [d for d in delegates if d.exclusion],
        "electorates": electorates,
        "elections": elections,
        "sitting_form": forms.get("sitting_form") or SittingForm(),
        "panel_form": forms.get("panel_form") or PanelMemberForm(),
        "delegate_form": forms.get("delegate_form") or DelegateForm(congress=congress),
        "paste_form": forms.get("paste_form") or PasteForm(),
        "upload_form": forms.get("upload_form") or UploadForm(),
        "list_problems": forms.get("list_problems") or [],
    }


@login_required
def congress_day(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress)
    return render(request, "elections/day.html", _day_context(request, row))


def _day_again(request: HttpRequest, congress: Congress, **forms: Any) -> HttpResponse:
    return render(
        request, "elections/day.html", _day_context(request, congress, **forms), status=400
    )


# ------------------------------------------------------------------------- sittings and panels


@login_required
@require_POST
def sitting_new(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress, edit=True)
    form = SittingForm(request.POST)
    if not form.is_valid():
        return _day_again(request, row, sitting_form=form)

    def add() -> str:
        sitting = form.save(commit=False)
        sitting.congress = row
        sitting.save()
        _log(request, sitting, Action.CREATE, row)
        return _day_url(row, "sittings")

    return submit_once(request, add, _("Đã thêm phiên họp."))


@login_required
def sitting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = get_object_or_404(
        Sitting, pk=pk, congress__organisation__in=visible_organisations(request.user)
    )
    row = _congress(request, sitting.congress_id, edit=True)
    form = SittingForm(request.POST or None, instance=sitting)
    if request.method == "POST" and form.is_valid():
        changes = {f: [form.initial.get(f), form.cleaned_data[f]] for f in form.changed_data}
        form.save()
        _log(request, sitting, Action.UPDATE, row, changes)
        messages.success(request, _("Đã lưu phiên họp."))
        return redirect(_day_url(row, "sittings"))
    return render(
        request,
        "elections/sitting_form.html",
        {"congress": row, "form": form, "sitting": sitting},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def panel_new(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress, edit=True)
    form = PanelMemberForm(request.POST)
    if not form.is_valid():
        return _day_again(request, row, panel_form=form)

    def add() -> str:
        member = form.save(commit=False)
        member.congress = row
        member.order = PanelMember.objects.filter(congress=row, panel=member.panel).count() + 1
        member.save()
        _log(request, member, Action.CREATE, row, {"panel": member.panel})
        return _day_url(row, "panels")

    return submit_once(request, add, _("Đã thêm vào bộ phận giúp việc."))


@login_required
@require_POST
def panel_delete(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        PanelMember, pk=pk, congress__organisation__in=visible_organisations(request.user)
    )
    row = _congress(request, member.congress_id, edit=True)
    _log(request, member, Action.DELETE, row, {"panel": member.panel})
    member.delete()
    messages.success(request, _("Đã bỏ %(name)s khỏi bộ phận giúp việc.") % {"name": member.name})
    return redirect(_day_url(row, "panels"))


# ----------------------------------------------------------------------------------- delegates


@login_required
@require_POST
def delegate_new(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress, edit=True)
    form = DelegateForm(request.POST, congress=row)
    if not form.is_valid():
        return _day_again(request, row, delegate_form=form)

    def add() -> str:
        delegate = form.save(commit=False)
        delegate.congress = row
        delegate.save()
        _log(request, delegate, Action.CREATE, row)
        return _day_url(row, "delegates")

    return submit_once(request, add, _("Đã thêm đại biểu."))


def _save_delegates(request: HttpRequest, row: Congress, reading: lists.Reading, how: str) -> str:
    Delegate.objects.bulk_create(
        Delegate(congress=row, number=r.number, name=r.name, born=r.born, unit=r.unit)
        for r in reading.rows
    )
    _log(request, None, Action.IMPORT, row, {"delegates": len(reading.rows), "how": how})
    return _day_url(row, "delegates")


@login_required
@require_POST
def delegates_paste(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress, edit=True)
    form = PasteForm(request.POST)
    if not form.is_valid():
        return _day_again(request, row, paste_form=form)
    taken = set(row.delegates.values_list("number", flat=True))
    reading = lists.read_delegates_text(form.cleaned_data["text"], taken)
    if not reading.ok:
        return _day_again(request, row, paste_form=form, list_problems=_problems(reading))
    return submit_once(
        request,
        lambda: _save_delegates(request, row, reading, "pasted"),
        _("Đã thêm %(n)s đại biểu từ danh sách dán vào.") % {"n": len(reading.rows)},
    )


@login_required
@require_POST
def delegates_import(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress, edit=True)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _day_again(request, row, upload_form=form)
    upload = form.cleaned_data["file"]
    taken = set(row.delegates.values_list("number", flat=True))
    reading = lists.read_delegates_file(upload.name, upload.read(), taken)
    if not reading.ok:
        return _day_again(request, row, upload_form=form, list_problems=_problems(reading))
    return submit_once(
        request,
        lambda: _save_delegates(request, row, reading, "excel"),
        _("Đã nhập %(n)s đại biểu từ tệp Excel.") % {"n": len(reading.rows)},
    )


def _problems(reading: lists.Reading) -> list[str]:
    if not reading.problems:
        return [_("Danh sách trống: không có dòng nào để thêm.")]
    return [str(p) if p.row else p.message for p in reading.problems[:50]]


@login_required
def delegate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    delegate = get_object_or_404(
        Delegate, pk=pk, congress__organisation__in=visible_organisations(request.user)
    )
    row = _congress(request, delegate.congress_id, edit=True)
    data = request.POST or None
    form = DelegateForm(data, instance=delegate, congress=row, prefix="d")
    exclusion = ExclusionForm(data, instance=delegate, prefix="x")
    if request.method == "POST" and form.is_valid() and exclusion.is_valid():
        before = {f: getattr(delegate, f) for f in ("number", "name", "born", "unit", "kind")}
        with transaction.atomic():
            form.save()
            exclusion.save()
        changes = {
            f: [before[f], getattr(delegate, f)]
            for f in before
            if before[f] != getattr(delegate, f)
        }
        if "exclusion" in exclusion.changed_data or "exclusion_note" in exclusion.changed_data:
            changes["exclusion"] = [exclusion.initial.get("exclusion"), delegate.exclusion]
        _log(request, delegate, Action.UPDATE, row, changes)
        messages.success(request, _("Đã lưu đại biểu %(d)s.") % {"d": delegate})
        return redirect(reverse("elections:attendance", args=[row.pk]))
    events = delegate.attendance.select_related("recorded_by").order_by("-at", "-id")[:20]
    return render(
        request,
        "elections/delegate_form.html",
        {
            "congress": row,
            "delegate": delegate,
            "form": form,
            "exclusion": exclusion,
            "events": events,
        },
        status=400 if form.errors or exclusion.errors else 200,
    )


def _ascii_name(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return slugify(text)[:60] or "daihoi"


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def delegate_cards(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress, edit=True)
    data = services.cards_pdf(row, row.delegates.order_by("number"))
    return _pdf(data, f"the-dai-bieu-{_ascii_name(row.organisation.name)}.pdf")


# ---------------------------------------------------------------------------------- attendance


def _current_sitting(congress: Congress) -> Sitting | None:
    return congress.sittings.filter(starts_at__lte=timezone.now()).order_by("-starts_at").first()


_TIME = re.compile(r"^\s*(\d{1,2})[:h.](\d{2})\s*$")


def _when(text: str) -> datetime | None:
    """The time typed ("14:30") today, or now when empty; None when it cannot be read."""
    if not text.strip():
        return timezone.now()
    match = _TIME.match(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    day = timezone.localdate()
    at = timezone.make_aware(datetime.combine(day, time(int(match[1]), int(match[2]))))
    # A time still to come is a typing slip (the state would wait hours to take effect).
    return None if at > timezone.now() + timedelta(minutes=5) else at


def _attendance_context(request: HttpRequest, congress: Congress) -> dict[str, Any]:
    delegates = list(services.with_presence(congress.delegates.all()))
    return {
        "congress": congress,
        "can_edit": can_edit(request.user, congress.organisation),
        "delegates": delegates,
        "counts": _counts(delegates),
        "electorate": services.electorate(congress),
        "states": Presence.choices,
        "sitting": _current_sitting(congress),
    }


@login_required
def attendance(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress)
    context = _attendance_context(request, row)
    if request.htmx and request.GET.get("part") == "counts":
        return render(request, "elections/_counts.html", context)
    return render(request, "elections/attendance.html", context)


def _record(
    request: HttpRequest,
    row: Congress,
    delegates: list[Delegate],
    state: str,
    at: datetime,
    how: str,
) -> tuple[int, int]:
    """Record ``state`` for those not already in it; returns (recorded, unchanged)."""
    changing = [d for d in delegates if d.presence != state]
    recorded = services.record_presence(
        changing, state, at=at, user=request.user, how=how, sitting=_current_sitting(row)
    )
    return recorded, len(delegates) - recorded


@login_required
@require_POST
def attendance_list(request: HttpRequest, congress: int) -> HttpResponse:
    """Several delegates at once: the boxes ticked, one state for all."""
    row = _congress(request, congress, edit=True)
    back = reverse("elections:attendance", args=[row.pk])
    state = request.POST.get("state", "")
    if state not in Presence.values:
        messages.error(request, _("Hãy chọn tình trạng cần ghi."))
        return redirect(back)
    ids = [int(i) for i in request.POST.getlist("delegate") if i.isdigit()]
    if not ids:
        messages.error(request, _("Hãy đánh dấu ít nhất một đại biểu trong danh sách."))
        return redirect(back)
    at = _when(request.POST.get("at", ""))
    if at is None:
        messages.error(request, _("Giờ ghi theo dạng 14:30, không muộn hơn bây giờ."))
        return redirect(back)
    delegates = list(services.with_presence(row.delegates.filter(pk__in=ids)))
    label = Presence(state).label
    result: dict[str, int] = {}

    def act() -> str:
        result["done"], result["same"] = _record(request, row, delegates, state, at, "list")
        return back

    response = submit_once(
        request,
        act,
        _("Đã ghi «%(state)s» cho %(n)s đại biểu.") % {"state": label, "n": len(delegates)},
    )
    return response


def _find_delegate(congress: Congress, text: str) -> Delegate | None:
    code = text.strip()
    if not code:
        return None
    found = services.with_presence(congress.delegates.all())
    if code.isdigit() and len(code) <= 5:
        return found.filter(number=int(code)).first()
    return found.filter(card_code=code).first()


@login_required
@require_POST
def attendance_mark(request: HttpRequest, congress: int) -> HttpResponse:
    """One delegate by the number typed or the card's QR (a scanner types the code and Enter).

    Scanning the same card twice records nothing the second time: the state is already there.
    """
    row = _congress(request, congress, edit=True)
    state = request.POST.get("state", Presence.PRESENT)
    back = reverse("elections:attendance", args=[row.pk]) + f"?state={state}"
    if state not in Presence.values:
        state = Presence.PRESENT
    code = request.POST.get("code", "")[:40]
    delegate = _find_delegate(row, code)
    if delegate is None:
        messages.error(
            request,
            _("Không có đại biểu số thẻ hoặc mã thẻ «%(code)s» trong đại hội này.")
            % {"code": code.strip()[:40]},
        )
        return redirect(back)
    at = _when(request.POST.get("at", ""))
    if at is None:
        messages.error(request, _("Giờ ghi theo dạng 14:30, không muộn hơn bây giờ."))
        return redirect(back)
    label = Presence(state).label
    recorded, _same = _record(
        request, row, [delegate], state, at, "card" if not code.strip().isdigit() else "number"
    )
    if recorded:
        messages.success(
            request,
            _("%(delegate)s: %(state)s lúc %(time)s.")
            % {
                "delegate": delegate,
                "state": label,
                "time": timezone.localtime(at).strftime("%H:%M"),
            },
        )
    else:
        messages.info(
            request,
            _("%(delegate)s đã ở tình trạng «%(state)s» từ %(time)s; không ghi thêm.")
            % {
                "delegate": delegate,
                "state": label,
                "time": timezone.localtime(delegate.presence_at).strftime("%H:%M"),
            },
        )
    if delegate.exclusion:
        messages.warning(
            request,
            _("Lưu ý: %(delegate)s không tính vào số đại biểu bầu cử (%(why)s).")
            % {"delegate": delegate, "why": delegate.get_exclusion_display()},
        )
    return redirect(back)


# ----------------------------------------------------------------------------------- elections


def _unique_slug(congress: Congress, title: str) -> str:
    base = _ascii_name(title)[:50] or "bau-cu"
    slug, n = base, 1
    while Election.objects.filter(congress=congress, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _election_form(data: Any = None, **kwargs: Any) -> ElectionForm:
    return ElectionForm(
        data, bodies=services.body_choices(), presets=services.preset_choices(), **kwargs
    )


@login_required
def election_new(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress, edit=True)
    form = _election_form(request.POST or None, initial={"spares": 5, "alternates": 0})
    if request.method == "POST" and form.is_valid():

        def add() -> str:
            election = form.save(commit=False)
            election.congress = row
            election.round = 1
            election.slug = _unique_slug(row, election.title)
            election.created_by = request.user
            election.save()
            _log(request, election, Action.CREATE, row)
            return reverse("elections:election", args=[election.pk])

        return submit_once(request, add, _("Đã tạo cuộc bầu cử. Hãy nhập danh sách ứng cử viên."))
    return render(
        request,
        "elections/election_form.html",
        {"congress": row, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def election_edit(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk, edit=True)
    row = election.congress
    if election.state != ElectionState.DRAFT:
        messages.error(request, _("Danh sách đã được thông qua: không sửa cuộc bầu cử được nữa."))
        return redirect("elections:election", pk=election.pk)
    before = {
        f: getattr(election, f) for f in ("title", "body", "seats", "alternates", "rules", "spares")
    }
    current = versions.fingerprint("elections.Election", election.version, *before.values())
    form = _election_form(request.POST or None, instance=election)
    versions.add_version_field(form, current)
    sent = versions.sent_version(form) if request.method == "POST" else None
    if request.method == "POST" and form.is_valid() and sent not in (None, current):
        # Someone saved the election since this form was opened: their change is not undone.
        versions.refuse_stale(form, current)
    elif request.method == "POST" and form.is_valid():
        changes = {
            f: [before[f], form.cleaned_data[f]]
            for f in before
            if before[f] != form.cleaned_data[f]
        }
        with transaction.atomic():
            form.save()
            if {"seats", "alternates", "body"} & set(changes):
                # The congress approved another number: the show of hands must be taken again.
                dropped = election.approvals.all().delete()[0]
                if dropped:
                    messages.warning(
                        request,
                        _("Số lượng bầu đã đổi: biểu quyết trước đó bị huỷ, hãy biểu quyết lại."),
                    )
            election.version += 1
            election.save(update_fields=["version"])
            _log(request, election, Action.UPDATE, row, changes)
        messages.success(request, _("Đã lưu cuộc bầu cử."))
        return redirect("elections:election", pk=election.pk)
    return render(
        request,
        "elections/election_form.html",
        {"congress": row, "form": form, "election": election},
        status=400 if form.errors else 200,
    )


def _election_context(request: HttpRequest, election: Election, **extra: Any) -> dict[str, Any]:
    congress = election.congress
    electorate = services.electorate(congress, election.rules)
    approvals = {a.subject: a for a in election.approvals.all()}
    problem = services.check_election(election)
    present = electorate.present
    context: dict[str, Any] = {
        "congress": congress,
        "election": election,
        "body_label": services.body_label(election.body),
        "preset_label": dict(services.preset_choices()).get(election.rules, election.rules),
        "override_words": services.override_words(election.overrides or {}),
        "can_edit": can_edit(request.user, congress.organisation),
        "draft": election.state == ElectionState.DRAFT,
        "candidates": list(election.candidates.all()),
        "order": services.ballot_order(election),
        "problem": problem,
        "electorate": electorate,
        "present": present,
        "majority": services.majority_of(present),
        "number_approval": approvals.get(ApprovalSubject.NUMBER),
        "list_approval": approvals.get(ApprovalSubject.LIST),
        "number_form": extra.get("number_form") or ApprovalForm(present=present, prefix="number"),
        "list_form": extra.get("list_form") or ApprovalForm(present=present, prefix="list"),
        "candidate_form": extra.get("candidate_form") or CandidateForm(),
        "paste_form": extra.get("paste_form") or PasteForm(),
        "upload_form": extra.get("upload_form") or UploadForm(),
        "list_problems": extra.get("list_problems") or [],
        "copies": present + election.spares,
    }
    context["approval_rows"] = [
        (
            ApprovalSubject.NUMBER.value,
            context["number_approval"],
            context["number_form"],
            _("Số lượng bầu"),
        ),
        (
            ApprovalSubject.LIST.value,
            context["list_approval"],
            context["list_form"],
            _("Danh sách bầu cử"),
        ),
    ]
    return context


@login_required
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk)
    return render(request, "elections/election.html", _election_context(request, election))


def _election_again(request: HttpRequest, election: Election, **extra: Any) -> HttpResponse:
    return render(
        request,
        "elections/election.html",
        _election_context(request, election, **extra),
        status=400,
    )


def _draft_or_refuse(request: HttpRequest, election: Election) -> HttpResponse | None:
    if election.state != ElectionState.DRAFT:
        messages.error(
            request,
            _(
                "Danh sách ứng cử viên đã được đại hội biểu quyết thông qua: không thay đổi được nữa."
            ),
        )
        return redirect("elections:election", pk=election.pk)
    return None


def _candidate_changed(request: HttpRequest, election: Election) -> None:
    """A change to the list undoes a vote on it (the congress approves the list it saw)."""
    election.approvals.filter(subject=ApprovalSubject.LIST).delete()


@login_required
@require_POST
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk, edit=True)
    refused = _draft_or_refuse(request, election)
    if refused:
        return refused
    form = CandidateForm(request.POST)
    if form.is_valid():
        key = (form.cleaned_data["name"].casefold(), form.cleaned_data["born"])
        if key in _taken_names(election):
            form.add_error("name", _("Người này đã có trong danh sách."))
    if not form.is_valid():
        return _election_again(request, election, candidate_form=form)

    def add() -> str:
        candidate = Candidate.objects.create(
            election=election,
            name=form.cleaned_data["name"],
            born=form.cleaned_data["born"],
            source=CandidateSource.TYPED,
        )
        _candidate_changed(request, election)
        _log(request, candidate, Action.CREATE, election.congress, {"election": election.pk})
        return reverse("elections:election", args=[election.pk]) + "#candidates"

    return submit_once(request, add, _("Đã thêm ứng cử viên %(name)s.") % form.cleaned_data)


def _taken_names(election: Election) -> set[tuple[str, int | None]]:
    return {(n.casefold(), b) for n, b in election.candidates.values_list("name", "born")}


def _save_candidates(
    request: HttpRequest, election: Election, reading: lists.Reading, source: str
) -> str:
    Candidate.objects.bulk_create(
        Candidate(election=election, name=r.name, born=r.born, source=source) for r in reading.rows
    )
    _candidate_changed(request, election)
    _log(
        request,
        election,
        Action.IMPORT,
        election.congress,
        {"candidates": len(reading.rows), "how": source},
    )
    return reverse("elections:election", args=[election.pk]) + "#candidates"


@login_required
@require_POST
def candidates_paste(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk, edit=True)
    refused = _draft_or_refuse(request, election)
    if refused:
        return refused
    form = PasteForm(request.POST)
    if not form.is_valid():
        return _election_again(request, election, paste_form=form)
    reading = lists.read_candidates_text(form.cleaned_data["text"], _taken_names(election))
    if not reading.ok:
        return _election_again(request, election, paste_form=form, list_problems=_problems(reading))
    return submit_once(
        request,
        lambda: _save_candidates(request, election, reading, CandidateSource.PASTED),
        _("Đã thêm %(n)s ứng cử viên.") % {"n": len(reading.rows)},
    )


@login_required
@require_POST
def candidates_import(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk, edit=True)
    refused = _draft_or_refuse(request, election)
    if refused:
        return refused
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _election_again(request, election, upload_form=form)
    upload = form.cleaned_data["file"]
    reading = lists.read_candidates_file(upload.name, upload.read(), _taken_names(election))
    if not reading.ok:
        return _election_again(
            request, election, upload_form=form, list_problems=_problems(reading)
        )
    return submit_once(
        request,
        lambda: _save_candidates(request, election, reading, CandidateSource.EXCEL),
        _("Đã nhập %(n)s ứng cử viên từ tệp Excel.") % {"n": len(reading.rows)},
    )


@login_required
@require_POST
def candidate_delete(request: HttpRequest, pk: int, candidate: int) -> HttpResponse:
    election = _election(request, pk, edit=True)
    refused = _draft_or_refuse(request, election)
    if refused:
        return refused
    row = get_object_or_404(Candidate, pk=candidate, election=election)
    _log(request, row, Action.DELETE, election.congress, {"election": election.pk})
    row.delete()
    _candidate_changed(request, election)
    messages.success(request, _("Đã bỏ %(name)s khỏi danh sách.") % {"name": row.name})
    return redirect(reverse("elections:election", args=[election.pk]) + "#candidates")


@login_required
@require_POST
def approval(request: HttpRequest, pk: int, subject: str) -> HttpResponse:
    """The show of hands on the number to elect or on the list; both passed approve the list."""
    election = _election(request, pk, edit=True)
    if subject not in ApprovalSubject.values:
        raise PermissionDenied
    refused = _draft_or_refuse(request, election)
    if refused:
        return refused
    back = reverse("elections:election", args=[election.pk]) + "#approvals"
    present = services.electorate(election.congress, election.rules).present
    form = ApprovalForm(request.POST, present=present, prefix=subject)
    if subject == ApprovalSubject.LIST:
        number = election.approvals.filter(subject=ApprovalSubject.NUMBER).first()
        if number is None or not number.passed:
            form.add_error(None, _("Hãy biểu quyết thông qua số lượng bầu trước."))
        problem = services.check_election(election)
        if problem:
            form.add_error(None, _("Danh sách chưa bầu được: %(problem)s") % {"problem": problem})
    if present == 0:
        form.add_error(None, _("Chưa có đại biểu nào được điểm danh có mặt."))
    if not form.is_valid():
        return _election_again(request, election, **{f"{subject}_form": form})
    data = form.cleaned_data
    outcome: dict[str, Any] = {}

    def act() -> str:
        locked = Election.objects.select_for_update().get(pk=election.pk)
        if locked.state != ElectionState.DRAFT:
            return back
        vote, fixed = services.record_approval(
            locked,
            subject,
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            abstain=data["abstain"],
            present=present,
            user=request.user,
        )
        outcome["passed"] = vote.passed
        if fixed is not None:
            outcome["electorate"] = fixed
        return back

    what = ApprovalSubject(subject).label
    response = submit_once(
        request, act, _("Đã ghi kết quả biểu quyết %(what)s.") % {"what": what.lower()}
    )
    if outcome.get("passed") is False:
        messages.warning(
            request,
            _(
                "Biểu quyết %(what)s không đạt: %(for)s tán thành trên %(present)s đại biểu có mặt, "
                "cần quá một nửa (ít nhất %(need)s)."
            )
            % {
                "what": what.lower(),
                "for": data["votes_for"],
                "present": present,
                "need": services.majority_of(present),
            },
        )
    elif outcome.get("electorate") is not None:
        messages.success(request, _("Danh sách bầu cử đã được thông qua; có thể in phiếu bầu."))
    return response


@login_required
def ballots(request: HttpRequest, pk: int) -> HttpResponse:
    """The ballots PDF: one for each voter present, and the spares."""
    election = _election(request, pk, edit=True)
    if election.state == ElectionState.DRAFT:
        messages.error(request, _("Chỉ in phiếu bầu sau khi đại hội thông qua danh sách bầu cử."))
        return redirect("elections:election", pk=election.pk)
    spares = election.spares
    raw = request.GET.get("spares", "")
    if raw.isdigit() and int(raw) <= 500:
        spares = int(raw)
    present = services.electorate(election.congress, election.rules).present
    copies = present + spares
    if copies < 1:
        messages.error(
            request, _("Không có ai có mặt và không có phiếu dự phòng: không có phiếu nào để in.")
        )
        return redirect("elections:election", pk=election.pk)
    data, problem = services.try_ballots_pdf(election, copies)
    if data is None:
        messages.error(request, _("Không in được phiếu bầu: %(problem)s") % {"problem": problem})
        return redirect("elections:election", pk=election.pk)
    _log(
        request,
        election,
        "election.ballots",
        election.congress,
        {"copies": copies, "spares": spares},
    )
    name = f"phieu-bau-{_ascii_name(election.title)}-lan-{election.round}-{copies}-to.pdf"
    return _pdf(data, name)


# ------------------------------------------------------- a list of the personnel subcommittee


def _candidate_list(request: HttpRequest, pk: int) -> CandidateList:
    from daihoi.web.personnel import services as personnel

    row = get_object_or_404(
        personnel.plans.with_names(
            CandidateList.objects.select_related("congress__organisation", "congress__season")
        ),
        pk=pk,
        congress__organisation__in=visible_organisations(request.user),
    )
    personnel.plans.require_edit(request.user, row.congress)
    if not can_edit(request.user, row.congress.organisation):
        raise PermissionDenied(_("Bạn không có quyền thay đổi phiên làm việc của đại hội này."))
    return row


@login_required
def from_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The congress approves a list of the personnel subcommittee by show of hands (the number
    to elect, then the list) and the list becomes an election of the counting station."""
    from daihoi.web.personnel import services as personnel

    row = _candidate_list(request, pk)
    done = Election.objects.filter(candidate_list=row).first()
    if done is not None:
        messages.info(request, _("Danh sách này đã thành cuộc bầu cử."))
        return redirect("elections:election", pk=done.pk)
    present = services.electorate(row.congress).present
    number_form = ApprovalForm(request.POST or None, present=present, prefix="number")
    list_form = ApprovalForm(request.POST or None, present=present, prefix="list")
    problem = None
    if request.method == "POST" and number_form.is_valid() and list_form.is_valid():
        outcome: dict[str, Any] = {}

        def act() -> str:
            made = services.election_from_list(
                request.user,
                row,
                slug=_unique_slug(row.congress, row.title),
                number=number_form.cleaned_data,
                listing=list_form.cleaned_data,
            )
            outcome["made"] = made
            if made.election is None:
                raise _NotMade
            return reverse("elections:election", args=[made.election.pk])

        try:
            response = submit_once(request, act, _("Đã lập cuộc bầu cử từ danh sách."))
        except _NotMade:
            problem = outcome["made"].problem
        else:
            made = outcome.get("made")
            if made is not None and not made.list_passed:
                messages.warning(
                    request,
                    _(
                        "Biểu quyết chưa đạt quá một nửa của %(present)s đại biểu có mặt: cuộc "
                        "bầu cử đã lập, danh sách chưa được thông qua; biểu quyết lại trên trang "
                        "cuộc bầu cử."
                    )
                    % {"present": present},
                )
            return response
    names = list(personnel.plans.list_names(row))
    if request.method == "GET":
        personnel.plans.log_read(
            request.user, row.congress, _("Thông qua danh sách: %(t)s") % {"t": row.title}
        )
    return render(
        request,
        "elections/from_list.html",
        {
            "cl": row,
            "congress": row.congress,
            "names": names,
            "checks": personnel.plans.list_checks(row),
            "pending": personnel.plans.pending_withdrawals(row),
            "present": present,
            "majority": services.majority_of(present) if present else None,
            "number_form": number_form,
            "list_form": list_form,
            "problem": problem,
        },
        status=400 if request.method == "POST" else 200,
    )


class _NotMade(Exception):
    """Nothing was made (the transaction is rolled back with the form token)."""
