"""Personnel pages: the list, one record (logged), completeness, export (logged), the access
log, and the import with its job page. Access is decided in ``services``."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.web.accounts.scope import get_visible_org_or_404, is_office, visible_organisations
from daihoi.web.core.once import resent, submit_once
from daihoi.web.personnel import services
from daihoi.web.personnel.forms import (
    DecisionForm,
    ImportForm,
    ListForm,
    NominationForm,
    PersonForm,
    PlanForm,
    TargetsForm,
    WithdrawalForm,
)
from daihoi.web.personnel.models import CandidateList, Nomination, NominationSource, PersonImport
from daihoi.web.season.models import Congress
from daihoi.web.season.services import visible_seasons


def index(request: HttpRequest) -> HttpResponse:
    org = get_visible_org_or_404(request.user, request.GET.get("org"))
    page = Paginator(services.listed_people(request.user, org), 200).get_page(
        request.GET.get("page")
    )
    people = list(page.object_list)
    return render(
        request,
        "personnel/index.html",
        {
            "org": org,
            "page": page,
            "people": people,
            "readable": services.readable_ids(request.user, people),
            "can_read": services.can_read_unit(request.user, org),
            "can_import": services.can_import(request.user),
            "is_office": is_office(request.user),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = services.read_profile(request.user, pk)
    return render(
        request,
        "personnel/detail.html",
        {
            "person": person,
            "memberships": person.memberships.all(),
            "can_edit": services.can_edit_person(request.user, person),
        },
    )


def completeness(request: HttpRequest) -> HttpResponse:
    org = get_visible_org_or_404(request.user, request.GET.get("org"))
    return render(
        request,
        "personnel/completeness.html",
        {
            "org": org,
            "fields": list(services.KEY_FIELDS.values()),
            "rows": services.completeness(request.user, org),
        },
    )


def export(request: HttpRequest) -> HttpResponse:
    org = get_visible_org_or_404(request.user, request.GET.get("org"))
    data = services.export_xlsx(request.user, org)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", org.code)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="nhan-su-{safe}.xlsx"'
    return response


def access_log(request: HttpRequest) -> HttpResponse:
    entries = Paginator(services.access_log_for(request.user), 100).get_page(
        request.GET.get("page")
    )
    return render(request, "personnel/access_log.html", {"page": entries})


@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    if not services.can_import(request.user):
        raise PermissionDenied(_("Chỉ cán bộ văn phòng và tiểu ban nhân sự mới được nhập hồ sơ."))
    if request.method == "POST" and (first := resent(request)) is not None:
        return first
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]

        def submit() -> str:
            job = services.submit_import(request.user, upload)
            return reverse("personnel:import_job", args=[job.pk])

        return submit_once(
            request, submit, _("Đã nhận tệp %(file)s: đang kiểm tra.") % {"file": upload.name}
        )
    return render(
        request,
        "personnel/import.html",
        {"form": form, "recent": PersonImport.objects.filter(user=request.user)[:10]},
        status=400 if request.method == "POST" else 200,
    )


def _own_job_or_404(request: HttpRequest, pk: int) -> PersonImport:
    jobs = PersonImport.objects.all()
    if not request.user.is_superuser:
        jobs = jobs.filter(user=request.user)
    return get_object_or_404(jobs, pk=pk)


@require_http_methods(["GET"])
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: progress (htmx refresh while the worker runs), problems, or the preview."""
    job = _own_job_or_404(request, pk)
    template = "personnel/_import_job.html" if request.htmx else "personnel/import_job.html"
    return render(request, template, {"job": job, "labels": services.change_labels()})


@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job_or_404(request, pk)
    services.confirm_import(request.user, job)
    return redirect("personnel:import_job", pk=job.pk)


# ------------------------------------------------------------------ the plan and the lists

plans = services.plans
risks = services.risks
reports = services.reports
elected = services.elected


def _congress(request: HttpRequest, pk: int) -> Congress:
    """A congress the user sees (404 otherwise) whose personnel they may read (403)."""
    row = get_object_or_404(
        Congress.objects.select_related("organisation", "season"),
        pk=pk,
        organisation__in=visible_organisations(request.user),
    )
    plans.require_read(request.user, row)
    return row


def plan_index(request: HttpRequest) -> HttpResponse:
    """The congresses of the user's unit and below, with their plan and lists."""
    org = get_visible_org_or_404(request.user, request.GET.get("org"))
    congresses = (
        Congress.objects.filter(organisation__path__startswith=org.path)
        .select_related("organisation", "season", "personnel_plan")
        .annotate(lists=Count("candidate_lists"))
        .order_by("organisation__path", "-season__term_start")
    )
    page = Paginator(congresses, 100).get_page(request.GET.get("page"))
    return render(request, "personnel/plan_index.html", {"org": org, "page": page})


def _plan_context(request: HttpRequest, congress: Congress, **extra: Any) -> dict[str, Any]:
    plan = plans.plan_of(congress)
    outgoing = plans.outgoing_ids(congress, plan.outgoing_term)
    lists = plans.lists_of(congress)
    editable = plans.can_edit_plan(request.user, congress)
    form = extra.get("form")
    if form is None and editable:
        form = PlanForm(
            instance=plan,
            initial={
                "secretary_name": plan.secretary.full_name if plan.secretary_id else "",
                "deputy_names": "\n".join(p.full_name for p in plan.deputies.all())
                if plan.pk
                else "",
                "chair_name": plan.inspection_chair.full_name if plan.inspection_chair_id else "",
            },
        )
    return {
        "congress": congress,
        "plan": plan,
        "outgoing": plans.outgoing_committee(congress, plan.outgoing_term),
        "seats": plans.plan_seats(plan),
        "key_people": plans.key_people(plan),
        "problems": plans.plan_problems(plan),
        "checks": plans.plan_checks(plan),
        "lists": [(cl, plans.list_checks(cl, outgoing=outgoing)) for cl in lists],
        "can_edit": editable,
        "form": form,
        "list_form": extra.get("list_form")
        or ListForm(bodies=plans.body_choices(), initial=_next_list(plan, lists)),
        "targets": plans.targets_row(congress.season, congress.organisation.level),
        "can_edit_targets": plans.can_edit_targets(request.user, congress.season),
    }


def _next_list(plan: Any, lists: list[Any]) -> dict[str, Any]:
    """The first body of the plan that has no list yet, as the new list's defaults."""
    taken = {cl.body for cl in lists}
    for body, label, seats in plans.plan_seats(plan):
        if body not in taken:
            return {"body": body, "seats": seats, "title": _("Bầu %(body)s") % {"body": label}}
    return {}


@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress)
    if request.method == "GET":
        plans.log_read(request.user, row, _("Đề án nhân sự: %(c)s") % {"c": row})
        return render(request, "personnel/plan.html", _plan_context(request, row))
    plans.require_edit(request.user, row)
    current = plans.plan_of(row)
    form = PlanForm(request.POST, instance=current)
    found: dict[str, Any] = {"deputies": []}
    if form.is_valid():
        for field, key in (("secretary_name", "secretary"), ("chair_name", "inspection_chair")):
            text = form.cleaned_data[field]
            found[key] = None
            if text.strip():
                person, problem = plans.find_person(row, text)
                if problem:
                    form.add_error(field, problem)
                found[key] = person
        for line in form.cleaned_data["deputy_names"].splitlines():
            if line.strip():
                person, problem = plans.find_person(row, line)
                if problem:
                    form.add_error("deputy_names", problem)
                elif person is not None:
                    found["deputies"].append(person)
    if not form.is_valid():
        context = _plan_context(request, row, form=form)
        return render(request, "personnel/plan.html", context, status=400)
    data = {**form.cleaned_data, **{k: v for k, v in found.items() if k != "deputies"}}
    # The form has already set its values on ``current``: save the plan as stored, so that the
    # audit entry says what changed.
    plans.save_plan(request.user, plans.plan_of(row), data, found["deputies"])
    messages.success(request, _("Đã lưu đề án nhân sự."))
    return redirect("personnel:plan", congress=row.pk)


@require_POST
def list_new(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress)
    plans.require_edit(request.user, row)
    if (first := resent(request)) is not None:
        return first
    form = ListForm(request.POST, bodies=plans.body_choices())
    if form.is_valid() and row.candidate_lists.filter(body=form.cleaned_data["body"]).exists():
        form.add_error("body", _("Đại hội đã có danh sách cho cơ quan này."))
    if not form.is_valid():
        context = _plan_context(request, row, list_form=form)
        return render(request, "personnel/plan.html", context, status=400)
    data = form.cleaned_data

    def add() -> str:
        cl = plans.create_list(request.user, row, data["body"], data["seats"], data["title"])
        return reverse("personnel:list", args=[cl.pk])

    return submit_once(request, add, _("Đã lập danh sách %(t)s.") % {"t": data["title"]})


def _list(request: HttpRequest, pk: int) -> CandidateList:
    cl = get_object_or_404(
        plans.with_names(
            CandidateList.objects.select_related(
                "congress__organisation", "congress__season", "election"
            )
        ),
        pk=pk,
        congress__organisation__in=visible_organisations(request.user),
    )
    plans.require_read(request.user, cl.congress)
    return cl


def _list_context(request: HttpRequest, cl: CandidateList, **extra: Any) -> dict[str, Any]:
    nominations = list(cl.nominations.all())
    typed: dict[str, str] = extra.get("typed") or {}
    return {
        "cl": cl,
        "congress": cl.congress,
        "body_label": plans.body_label(cl.body),
        "nominations": nominations,
        "on_list": sum(1 for n in nominations if n.on_list),
        "checks": plans.list_checks(cl),
        "handed_over": plans.is_handed_over(cl),
        "can_edit": plans.can_edit_plan(request.user, cl.congress),
        "form": extra.get("form") or NominationForm(),
        # One of each per row: without ids, so that the page's ids stay unique.
        "withdraw_form": WithdrawalForm(auto_id=False),
        "decision_form": DecisionForm(auto_id=False),
        "failed": extra.get("failed"),
        "floor": extra.get("floor"),
        "risk": risks.list_risk(cl),
        "elected": elected.elected_lines(cl) if plans.is_handed_over(cl) else None,
        "preliminary_errors": extra.get("preliminary_errors", []),
        "prelim_voters": typed.get("voters", _plain(cl.preliminary_voters)),
        "prelim_rows": [
            (n, typed.get(f"votes-{n.pk}", _plain(n.preliminary_votes)))
            for n in nominations
            if n.on_list
        ],
    }


def _plain(value: int | None) -> str:
    return "" if value is None else str(value)


def candidate_list(request: HttpRequest, pk: int) -> HttpResponse:
    cl = _list(request, pk)
    plans.log_read(request.user, cl.congress, _("Danh sách bầu cử: %(t)s") % {"t": cl.title})
    return render(request, "personnel/list.html", _list_context(request, cl))


def list_risk(request: HttpRequest, pk: int) -> HttpResponse:
    """The list's composition risk (the page's part that HTMX refreshes)."""
    cl = _list(request, pk)
    return render(request, "personnel/_risk.html", {"cl": cl, "risk": risks.list_risk(cl)})


def _count(text: str) -> int | None:
    text = text.strip().replace(".", "").replace(" ", "")
    if not text:
        return None
    if not text.isdigit() or len(text) > 7:
        raise ValueError(text)
    return int(text)


@require_POST
def preliminary(request: HttpRequest, pk: int) -> HttpResponse:
    """Store the preliminary nomination vote (phiếu giới thiệu): how many voted and each
    name's votes; a bad figure keeps everything typed and says which."""
    cl = _list(request, pk)
    plans.require_edit(request.user, cl.congress)
    typed = {k: v for k, v in request.POST.items() if k == "voters" or k.startswith("votes-")}
    problems: list[str] = []
    voters: int | None = None
    votes: dict[int, int | None] = {}
    try:
        voters = _count(typed.get("voters", ""))
    except ValueError:
        problems.append(_("Số người bỏ phiếu giới thiệu phải là một số nguyên không âm."))
    for key, value in typed.items():
        if not key.startswith("votes-") or not key[6:].isdigit():
            continue
        try:
            votes[int(key[6:])] = _count(value)
        except ValueError:
            problems.append(
                _("Số phiếu giới thiệu «%(v)s» không phải một số nguyên không âm.") % {"v": value}
            )
    if voters == 0:
        problems.append(_("Số người bỏ phiếu giới thiệu phải lớn hơn 0."))
    if not problems:
        problems = risks.save_preliminary(request.user, cl, voters, votes)
    if problems and request.htmx:
        # Only the risk part is swapped: the form keeps what was typed.
        context = {"cl": cl, "risk": risks.list_risk(cl), "preliminary_errors": problems}
        return render(request, "personnel/_risk.html", context)
    if problems:
        context = _list_context(request, cl, preliminary_errors=problems, typed=typed)
        return render(request, "personnel/list.html", context, status=400)
    if request.htmx:
        cl = _list(request, pk)  # read again: the names were fetched before the votes changed
        return render(request, "personnel/_risk.html", {"cl": cl, "risk": risks.list_risk(cl)})
    messages.success(request, _("Đã ghi kết quả phiếu giới thiệu."))
    return redirect(reverse("personnel:list", args=[cl.pk]) + "#risk")


@require_POST
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    cl = _list(request, pk)
    plans.require_edit(request.user, cl.congress)
    if (first := resent(request)) is not None:
        return first
    form = NominationForm(request.POST)
    person = None
    if form.is_valid():
        person, problem = plans.find_person(cl.congress, form.cleaned_data["person"])
        if problem:
            form.add_error("person", problem)
    if not form.is_valid() or person is None:
        return render(
            request, "personnel/list.html", _list_context(request, cl, form=form), status=400
        )
    data = form.cleaned_data
    floor = None
    if data["source"] == NominationSource.FLOOR:
        floor = plans.floor_verdict(data["agreeing"], data["present"])
        if not floor.ok:
            plans.refuse_floor(request.user, cl, person, data["agreeing"], data["present"])
            form.add_error(None, floor.text)
    if cl.nominations.filter(person=person).exists():
        form.add_error("person", _("%(name)s đã có trong danh sách này.") % {"name": person})
    if form.errors:
        context = _list_context(request, cl, form=form, floor=floor)
        return render(request, "personnel/list.html", context, status=400)

    def add() -> str:
        plans.nominate(
            request.user,
            cl,
            person,
            data["source"],
            agreeing=data["agreeing"],
            present=data["present"],
            nominated_by=data["nominated_by"],
        )
        return reverse("personnel:list", args=[cl.pk]) + "#names"

    done = _("Đã đưa %(name)s vào danh sách.") % {"name": person.full_name}
    if floor is not None:
        done = f"{done} {floor.text}"
    return submit_once(request, add, done)


def _nomination(request: HttpRequest, pk: int) -> Nomination:
    row = get_object_or_404(
        Nomination.objects.select_related(
            "person", "candidate_list__congress__organisation", "candidate_list__congress__season"
        ),
        pk=pk,
        candidate_list__congress__organisation__in=visible_organisations(request.user),
    )
    plans.require_read(request.user, row.candidate_list.congress)
    plans.require_edit(request.user, row.candidate_list.congress)
    return row


def _back(nomination: Nomination) -> HttpResponse:
    return redirect(reverse("personnel:list", args=[nomination.candidate_list_id]) + "#names")


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    row = _nomination(request, pk)
    form = WithdrawalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi lý do xin rút của %(n)s.") % {"n": row.person})
        return _back(row)
    problem = plans.request_withdrawal(request.user, row, form.cleaned_data["reason"])
    if problem:
        messages.info(request, problem)
    else:
        messages.success(
            request, _("Đã ghi đơn xin rút của %(n)s: chờ đại hội quyết định.") % {"n": row.person}
        )
    return _back(row)


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    row = _nomination(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(
            request,
            _("Quyết định về đơn xin rút của %(n)s: %(e)s") % {"n": row.person, "e": errors},
        )
        return _back(row)
    accepted, text = plans.decide_withdrawal(
        request.user, row, form.cleaned_data["votes_for"], form.cleaned_data["present"]
    )
    if accepted is None:
        messages.info(request, text)
    else:
        (messages.success if accepted else messages.warning)(request, text)
    return _back(row)


@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = _nomination(request, pk)
    plans.remove_nomination(request.user, row)
    messages.success(request, _("Đã bỏ %(n)s khỏi danh sách.") % {"n": row.person})
    return _back(row)


@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest, season: int) -> HttpResponse:
    """The season's structural targets per level (the office edits them)."""
    row = get_object_or_404(visible_seasons(request.user), pk=season)
    editable = plans.can_edit_targets(request.user, row)
    rows = plans.targets_rows(row)
    forms = {t.level: TargetsForm(instance=t, prefix=f"l{t.level}") for t in rows}
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("Chỉ cán bộ văn phòng của đơn vị được sửa chỉ tiêu cơ cấu."))
        level = int(request.POST.get("level", "-1"))
        current = next((t for t in rows if t.level == level), None)
        if current is None:
            raise Http404
        form = TargetsForm(request.POST, instance=current, prefix=f"l{level}")
        if form.is_valid():
            # The form has already set its values on ``current``: the audit entry compares
            # with the row as stored.
            plans.save_targets(request.user, plans.targets_row(row, level), form.cleaned_data)
            messages.success(
                request, _("Đã lưu chỉ tiêu cơ cấu cấp %(l)s.") % {"l": current.get_level_display()}
            )
            return redirect(reverse("personnel:targets", args=[row.pk]) + f"#level-{level}")
        forms[level] = form
        status = 400
    return render(
        request,
        "personnel/targets.html",
        {"season": row, "forms": [(t, forms[t.level]) for t in rows], "editable": editable},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = services.person_for_edit(request.user, pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        problem = services.check_name(form.cleaned_data["full_name"])
        if problem:
            form.add_error("full_name", problem)
        else:
            services.save_person(request.user, person, form)
            messages.success(request, _("Đã lưu hồ sơ %(n)s.") % {"n": person.full_name})
            return redirect("personnel:detail", pk=person.pk)
    return render(
        request,
        "personnel/person_form.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def plan_report(request: HttpRequest, congress: int, kind: str) -> HttpResponse:
    """The congress's personnel report (plan, lists with checks and risk, elected bodies) as
    .xlsx or .docx; logged as an export."""
    row = _congress(request, congress)
    data = reports.congress_report(request.user, row, kind)
    response = HttpResponse(data, content_type=XLSX if kind == "xlsx" else DOCX)
    code = row.organisation.code
    response["Content-Disposition"] = f'attachment; filename="nhan-su-{code}.{kind}"'
    return response
