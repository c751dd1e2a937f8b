"""Pages of working groups and difficulties: reporting, answering, the groups of an office."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.web.accounts.scope import (
    can_edit,
    get_visible_org_or_404,
    is_office,
    require_office,
    scope_queryset,
)
from daihoi.web.core.once import submit_once
from daihoi.web.core.services import natural_key
from daihoi.web.orgs.models import Organisation
from daihoi.web.season import services as season_services

from . import services
from .forms import DifficultyForm, MessageForm, WorkingGroupForm
from .models import Difficulty, DifficultyStatus, WorkingGroup

PAGE_SIZE = 100
DEFAULT_ANSWER_DAYS = 7


@login_required
def difficulty_list(request: HttpRequest) -> HttpResponse:
    """Difficulties under a unit, and those the user's working groups must answer."""
    today = timezone.localdate()
    qs = services.difficulties_to_answer(request.user)
    org = None
    if request.GET.get("org"):
        org = get_visible_org_or_404(request.user, request.GET["org"])
        qs = qs.filter(organisation__path__startswith=org.path)
    status = request.GET.get("status", "")
    if status in DifficultyStatus.values:
        qs = qs.filter(status=status)
    if request.GET.get("mine"):
        qs = qs.filter(
            Q(working_group__members=request.user) | Q(working_group__leader=request.user)
        )
    page = Paginator(qs.order_by("-reported_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "groups/difficulty_list.html",
        {
            "page": page,
            "org": org,
            "status": status,
            "statuses": DifficultyStatus.choices,
            "today": today,
            # The link to report is shown only to those who may report for this unit (not viewers).
            "may_report": services.may_report_from_list(request.user, org),
        },
    )


@login_required
def difficulty_new(request: HttpRequest) -> HttpResponse:
    """A unit reports a difficulty (``?org=`` the unit; default the user's own)."""
    org = get_visible_org_or_404(request.user, request.GET.get("org"))
    if not services.can_report(request.user, org):
        raise PermissionDenied(_("Bạn không có quyền báo cáo vướng mắc cho đơn vị này."))
    season, _seasons = season_services.choose_season(org)
    if season is None:
        raise Http404(_("Đơn vị chưa thuộc đợt đại hội nào."))
    today = timezone.localdate()
    form = DifficultyForm(
        request.POST or None, initial={"due_date": today + timedelta(days=DEFAULT_ANSWER_DAYS)}
    )
    if request.method == "POST" and form.is_valid():
        due = form.cleaned_data["due_date"]
        if due is not None and due < today:
            form.add_error("due_date", _("Hạn trả lời không thể trước hôm nay."))
        else:

            def report() -> str:
                difficulty = services.report_difficulty(
                    request.user,
                    season=season,
                    org=org,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    due_date=due,
                )
                return reverse("groups:difficulty_detail", args=[difficulty.pk])

            return submit_once(request, report, _("Đã gửi vướng mắc."))
    return render(
        request,
        "groups/difficulty_form.html",
        {"form": form, "org": org},
        status=400 if form.errors else 200,
    )


def _difficulty_or_404(request: HttpRequest, pk: int) -> Difficulty:
    return get_object_or_404(services.difficulties_to_answer(request.user), pk=pk)


@login_required
def difficulty_detail(request: HttpRequest, pk: int) -> HttpResponse:
    difficulty = _difficulty_or_404(request, pk)
    user = request.user
    may_answer = services.can_answer(user, difficulty)
    may_write = may_answer or services.can_report(user, difficulty.organisation)
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "answer" and not may_answer:
            raise PermissionDenied(
                _("Chỉ tổ công tác phụ trách hoặc văn phòng cấp trên được trả lời.")
            )
        if action in ("comment", "close", "reopen") and not may_write:
            raise PermissionDenied(_("Bạn không có quyền thay đổi vướng mắc này."))
        text_needed = action in ("answer", "comment")
        if action not in ("answer", "comment", "close", "reopen"):
            form.add_error(None, _("Thao tác không hợp lệ."))
        elif form.is_valid() and text_needed and not form.cleaned_data["text"].strip():
            # The form leaves the note optional (closing and reopening need none), so this is
            # where an answer or a comment without words is refused, with a message.
            form.add_error("text", _("Hãy nhập nội dung trả lời hoặc trao đổi."))
        elif form.is_valid():
            text = form.cleaned_data["text"]
            step = {
                "answer": services.answer_difficulty,
                "comment": services.comment_difficulty,
                "close": services.close_difficulty,
                "reopen": services.reopen_difficulty,
            }[action]

            def act() -> str:
                step(user, difficulty, text)
                return reverse("groups:difficulty_detail", args=[difficulty.pk])

            return submit_once(request, act, _("Đã cập nhật vướng mắc."))
    return render(
        request,
        "groups/difficulty_detail.html",
        {
            "difficulty": difficulty,
            "events": difficulty.events.select_related("author"),
            "may_answer": may_answer,
            "may_write": may_write,
            "form": form,
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    # "Tổ công tác số 2" before "số 10", and Vietnamese alphabetical order for the words.
    groups = sorted(
        services.visible_groups(request.user).prefetch_related("members"),
        key=lambda g: natural_key(g.name),
    )
    return render(
        request,
        "groups/group_list.html",
        {
            "groups": groups,
            "is_office": is_office(request.user),
        },
    )


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(services.visible_groups(request.user), pk=pk)
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "can_manage": is_office(request.user) and can_edit(request.user, group.organisation),
            "members": group.members.all(),
            "assigned": group.assigned.order_by("path")[:500],
            "difficulties": group.difficulties.select_related("organisation")[:100],
            "today": timezone.localdate(),
        },
    )


def _group_form_page(
    request: HttpRequest, group: WorkingGroup, office: Organisation
) -> HttpResponse:
    initial = {}
    if group.pk:
        initial = {
            "name": group.name,
            "kind": group.kind,
            "leader": group.leader.get_username() if group.leader else "",
            "members": "\n".join(u.get_username() for u in group.members.order_by("username")),
            "assigned": "\n".join(o.code for o in group.assigned.order_by("path")),
        }
    form = WorkingGroupForm(request.POST or None, office=office, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group.name, group.kind = data["name"], data["kind"]
        services.save_group(
            request.user,
            group,
            leader=data["leader_user"],
            members=data["member_users"],
            assigned=data["assigned_orgs"],
        )
        messages.success(request, _("Đã lưu tổ công tác."))
        return redirect("groups:group_detail", pk=group.pk)
    return render(
        request,
        "groups/group_form.html",
        {"form": form, "group": group, "office": office},
        status=400 if form.errors else 200,
    )


@login_required
def group_new(request: HttpRequest) -> HttpResponse:
    """An office sets up a working group or inspection team for the current season."""
    office = get_visible_org_or_404(request.user, request.GET.get("org"))
    require_office(request.user, office)
    season, _seasons = season_services.choose_season(office, request.GET.get("season"))
    if season is None:
        raise Http404(_("Đơn vị chưa thuộc đợt đại hội nào."))
    return _group_form_page(request, WorkingGroup(season=season, organisation=office), office)


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(
        scope_queryset(WorkingGroup.objects.select_related("organisation"), request.user), pk=pk
    )
    require_office(request.user, group.organisation)
    return _group_form_page(request, group, group.organisation)
