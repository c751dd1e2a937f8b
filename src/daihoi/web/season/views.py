"""Pages of the congress season: congresses, lessons learned, difficulties, working groups."""

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
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daihoi.web.accounts.scope import (
    can_edit,
    get_visible_org_or_404,
    is_office,
    scope_queryset,
    unit_of,
)
from daihoi.web.core.once import submit_once
from daihoi.web.core.sorting import natural_key
from daihoi.web.orgs.models import Level, Organisation

from . import services
from .forms import (
    CongressForm,
    DifficultyForm,
    LessonForm,
    MessageForm,
    SeasonForm,
    WorkingGroupForm,
)
from .models import CongressStatus, Difficulty, DifficultyStatus, WorkingGroup

PAGE_SIZE = 100
DEFAULT_ANSWER_DAYS = 7


def _org_from_query(request: HttpRequest) -> Organisation:
    org_id = request.GET.get("org")
    if org_id:
        return get_visible_org_or_404(request.user, org_id)
    unit = unit_of(request.user)
    if unit is not None:
        return unit
    root = Organisation.objects.get_first_root_node() if request.user.is_superuser else None
    if root is None:
        raise Http404(_("Tài khoản chưa được gán vào đơn vị nào."))
    return root


@login_required
def season_list(request: HttpRequest) -> HttpResponse:
    seasons = services.visible_seasons(request.user).prefetch_related("deadlines")
    return render(request, "season/season_list.html", {
        "seasons": seasons, "is_office": is_office(request.user),
    })


@login_required
def congress_list(request: HttpRequest) -> HttpResponse:
    """Congresses under a unit, filtered by status (``?status=``) and ``?overdue=1``."""
    org = _org_from_query(request)
    season, _seasons = services.choose_season(org, request.GET.get("season"))
    today = timezone.localdate()
    qs = services.visible_congresses(request.user).filter(
        organisation__path__startswith=org.path
    )
    if season is not None:
        qs = qs.filter(season=season)
    status = request.GET.get("status", "")
    if status in CongressStatus.values:
        qs = qs.filter(status=status)
    if request.GET.get("overdue"):
        qs = qs.filter(status__in=["planned", "preparing"], planned_date__lt=today)
    page = Paginator(qs.order_by("organisation__path"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "season/congress_list.html", {
        "org": org, "season": season, "page": page, "status": status,
        "statuses": CongressStatus.choices, "today": today,
        "overdue": bool(request.GET.get("overdue")),
    })


def _congress_or_404(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    return get_object_or_404(services.visible_congresses(request.user), pk=pk)


@login_required
def congress_detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress_or_404(request, pk)
    return render(request, "season/congress_detail.html", {
        "congress": congress,
        "notes": congress.notes.select_related("author"),
        "can_edit": can_edit(request.user, congress.organisation),
        "lesson_form": LessonForm(),
        "today": timezone.localdate(),
    })


@login_required
def congress_edit(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress_or_404(request, pk)
    if not can_edit(request.user, congress.organisation):
        raise PermissionDenied(_("Bạn không có quyền sửa đại hội này."))
    before = services.congress_values(congress)
    # The version the form was filled in from: if someone saved the congress since, this save
    # would silently undo their change, so it is refused once with the user's input kept.
    version = f"{congress.updated_at.timestamp():.6f}"
    form = CongressForm(request.POST or None, instance=congress)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("version", version) != version:
            when = date_format(timezone.localtime(congress.updated_at), "H:i d/m/Y")
            form.add_error(None, _(
                "Trong lúc bạn sửa, thông tin đại hội này đã được lưu lúc %(when)s (có thể bởi "
                "người khác). Thay đổi của bạn vẫn ở dưới đây và chưa được lưu: hãy mở trang đại "
                "hội ở thẻ khác để xem bản mới, rồi bấm Lưu lần nữa nếu vẫn muốn ghi đè."
            ) % {"when": when})
        else:
            services.save_congress(request.user, form.instance, before)
            messages.success(request, _("Đã lưu thông tin đại hội."))
            return redirect("season:congress_detail", pk=congress.pk)
    return render(request, "season/congress_form.html",
                  {"congress": congress, "form": form, "version": version},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def congress_lesson(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress_or_404(request, pk)
    if not can_edit(request.user, congress.organisation):
        raise PermissionDenied(_("Bạn không có quyền ghi rút kinh nghiệm cho đại hội này."))
    form = LessonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nhập nội dung rút kinh nghiệm."))
        return redirect("season:congress_detail", pk=congress.pk)

    def add() -> str:
        services.add_lesson(request.user, congress, form.cleaned_data["text"])
        return reverse("season:congress_detail", args=[congress.pk])

    return submit_once(request, add, _("Đã ghi rút kinh nghiệm."))


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
        qs = qs.filter(Q(working_group__members=request.user) | Q(working_group__leader=request.user))
    page = Paginator(qs.order_by("-reported_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "season/difficulty_list.html", {
        "page": page, "org": org, "status": status, "statuses": DifficultyStatus.choices,
        "today": today,
    })


@login_required
def difficulty_new(request: HttpRequest) -> HttpResponse:
    """A unit reports a difficulty (``?org=`` the unit; default the user's own)."""
    org = _org_from_query(request)
    if not services.can_report(request.user, org):
        raise PermissionDenied(_("Bạn không có quyền báo cáo vướng mắc cho đơn vị này."))
    season, _seasons = services.choose_season(org)
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
                    request.user, season=season, org=org, title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"], due_date=due,
                )
                return reverse("season:difficulty_detail", args=[difficulty.pk])

            return submit_once(request, report, _("Đã gửi vướng mắc."))
    return render(request, "season/difficulty_form.html", {"form": form, "org": org},
                  status=400 if form.errors else 200)


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
            raise PermissionDenied(_("Chỉ tổ công tác phụ trách hoặc văn phòng cấp trên được trả lời."))
        if action in ("comment", "close", "reopen") and not may_write:
            raise PermissionDenied(_("Bạn không có quyền thay đổi vướng mắc này."))
        text_needed = action in ("answer", "comment")
        if action not in ("answer", "comment", "close", "reopen"):
            form.add_error(None, _("Thao tác không hợp lệ."))
        elif not text_needed or form.is_valid():
            text = request.POST.get("text", "")
            step = {
                "answer": services.answer_difficulty,
                "comment": services.comment_difficulty,
                "close": services.close_difficulty,
                "reopen": services.reopen_difficulty,
            }[action]

            def act() -> str:
                step(user, difficulty, text)
                return reverse("season:difficulty_detail", args=[difficulty.pk])

            return submit_once(request, act, _("Đã cập nhật vướng mắc."))
    return render(request, "season/difficulty_detail.html", {
        "difficulty": difficulty,
        "events": difficulty.events.select_related("author"),
        "may_answer": may_answer,
        "may_write": may_write,
        "form": form,
        "today": timezone.localdate(),
    }, status=400 if form.errors else 200)


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    # "Tổ công tác số 2" before "số 10", and Vietnamese alphabetical order for the words.
    groups = sorted(services.visible_groups(request.user).prefetch_related("members"),
                    key=lambda g: natural_key(g.name))
    return render(request, "season/group_list.html", {
        "groups": groups, "is_office": is_office(request.user),
    })


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(services.visible_groups(request.user), pk=pk)
    return render(request, "season/group_detail.html", {
        "group": group,
        "can_manage": is_office(request.user) and can_edit(request.user, group.organisation),
        "members": group.members.all(),
        "assigned": group.assigned.order_by("path")[:500],
        "difficulties": group.difficulties.select_related("organisation")[:100],
        "today": timezone.localdate(),
    })


def _office_or_403(request: HttpRequest, org: Organisation) -> None:
    if not (is_office(request.user) and can_edit(request.user, org)):
        raise PermissionDenied(_("Chỉ cán bộ văn phòng của đơn vị được làm việc này."))


@login_required
def season_new(request: HttpRequest) -> HttpResponse:
    """An office opens a season for its unit (``?org=`` a unit below it)."""
    office = _org_from_query(request)
    _office_or_403(request, office)
    levels = [(lv.value, str(lv.label)) for lv in Level if lv > office.level]
    form = SeasonForm(request.POST or None, levels=levels)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        season = services.create_season(
            request.user, office, name=data["name"], term_start=data["term_start"],
            term_end=data["term_end"], directive=data["directive"],
            starts_on=data["starts_on"], deadlines=form.deadlines(),
        )
        messages.success(request, _("Đã mở đợt đại hội."))
        return redirect(reverse("dashboard:org", args=[office.pk]) + f"?season={season.pk}")
    return render(request, "season/season_form.html", {"form": form, "office": office},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def season_sync(request: HttpRequest, pk: int) -> HttpResponse:
    """Adds the congresses of organisations created after the season was opened."""
    season = get_object_or_404(services.visible_seasons(request.user), pk=pk)
    root = _org_from_query(request)
    if not root.path.startswith(season.organisation.path):
        root = season.organisation
    _office_or_403(request, root)
    added = services.add_missing_congresses(season, root)
    messages.success(request, _("Đã bổ sung %(n)d đại hội cho các tổ chức mới.") % {"n": added})
    return redirect("season:season_list")


def _group_form_page(
    request: HttpRequest, group: WorkingGroup, office: Organisation
) -> HttpResponse:
    initial = {}
    if group.pk:
        initial = {
            "name": group.name, "kind": group.kind,
            "leader": group.leader.get_username() if group.leader else "",
            "members": "\n".join(u.get_username() for u in group.members.order_by("username")),
            "assigned": "\n".join(o.code for o in group.assigned.order_by("path")),
        }
    form = WorkingGroupForm(request.POST or None, office=office, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group.name, group.kind = data["name"], data["kind"]
        services.save_group(request.user, group, leader=data["leader_user"],
                            members=data["member_users"], assigned=data["assigned_orgs"])
        messages.success(request, _("Đã lưu tổ công tác."))
        return redirect("season:group_detail", pk=group.pk)
    return render(request, "season/group_form.html", {"form": form, "group": group,
                                                      "office": office},
                  status=400 if form.errors else 200)


@login_required
def group_new(request: HttpRequest) -> HttpResponse:
    """An office sets up a working group or inspection team for the current season."""
    office = _org_from_query(request)
    _office_or_403(request, office)
    season, _seasons = services.choose_season(office, request.GET.get("season"))
    if season is None:
        raise Http404(_("Đơn vị chưa thuộc đợt đại hội nào."))
    return _group_form_page(request, WorkingGroup(season=season, organisation=office), office)


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(
        scope_queryset(WorkingGroup.objects.select_related("organisation"), request.user), pk=pk
    )
    _office_or_403(request, group.organisation)
    return _group_form_page(request, group, group.organisation)
