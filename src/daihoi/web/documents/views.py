"""Pages of the documents app: drafts and versions, the diff, rounds, comments, answers, the
public form (no login) and its receipt, the QR poster, the report and the roll-up.
Access and every change go through ``services``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daihoi.web.accounts.scope import can_edit, visible_organisations
from daihoi.web.accounts.throttle import client_address
from daihoi.web.documents import services
from daihoi.web.documents.forms import (
    AnswerForm,
    DraftForm,
    MemberCommentForm,
    MinutesFormSet,
    PublicCommentForm,
    RoundForm,
    VersionForm,
)
from daihoi.web.documents.models import CommentGroup, DraftVersion, ReportState, Round, Source


def _outline_from(form: Any) -> Any:
    upload = form.cleaned_data.get("file")
    if upload:
        if upload.size > services.MAX_UPLOAD:
            return services.Refusal(
                _("Tệp quá lớn (trên 10 MB). Hãy bỏ bớt hình ảnh rồi tải lên lại.")
            ), ""
        return services.read_upload(upload.read(services.MAX_UPLOAD + 1)), upload.name
    return services.read_text(form.cleaned_data["text"]), ""


def index(request: HttpRequest) -> HttpResponse:
    """The drafts the user's unit and those below it are working on, and the level above's
    rounds that invite the unit (to open its own round and send its comments up)."""
    drafts = (
        services.visible_drafts(request.user)
        .filter(organisation__in=visible_organisations(request.user))
        .select_related("congress__season", "organisation")
        .order_by("organisation__path", "kind", "id")[:200]
    )
    return render(
        request,
        "documents/index.html",
        {"drafts": drafts, "above": services.rounds_inviting(request.user)},
    )


def congress_drafts(request: HttpRequest, congress: int) -> HttpResponse:
    c = services.congress_of(request.user, congress)
    editable = can_edit(request.user, c.organisation)
    form = DraftForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        upload = form.cleaned_data.get("file") if form.is_valid() else None
        if upload and services.IMPORT_IN_BACKGROUND < upload.size <= services.MAX_UPLOAD:
            job = services.queue_import(
                request.user,
                c,
                upload.read(),
                upload.name,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
            )
            return redirect("documents:import_job", job.pk)
        if form.is_valid():
            outline, name = _outline_from(form)
            if isinstance(outline, services.Refusal):
                form.add_error("file", outline.reason)
            else:
                draft = services.create_draft(
                    request.user,
                    c,
                    form.cleaned_data["kind"],
                    form.cleaned_data["title"],
                    outline,
                    name,
                )
                messages.success(request, _("Đã lưu dự thảo lần 1."))
                return redirect("documents:draft", draft.pk)
    return render(
        request,
        "documents/congress.html",
        {
            "congress": c,
            "drafts": c.drafts.all(),
            "form": form,
            "can_edit": editable,
            "above": services.rounds_inviting(request.user),
        },
    )


def draft(request: HttpRequest, pk: int) -> HttpResponse:
    d = services.get_draft(request.user, pk)
    own = services.owns(request.user, d.organisation)
    editable = can_edit(request.user, d.organisation)
    versions = list(d.versions.order_by("-number"))
    latest = versions[0] if versions else None
    vform = VersionForm(prefix="v")
    rform = RoundForm(prefix="r")
    if request.method == "POST" and editable:
        if "v-note" in request.POST or "v-text" in request.POST:
            vform = VersionForm(request.POST, request.FILES, prefix="v")
            upload = vform.cleaned_data.get("file") if vform.is_valid() else None
            if upload and services.IMPORT_IN_BACKGROUND < upload.size <= services.MAX_UPLOAD:
                job = services.queue_import(
                    request.user,
                    d.congress,
                    upload.read(),
                    upload.name,
                    draft=d,
                    note=vform.cleaned_data["note"],
                )
                return redirect("documents:import_job", job.pk)
            if vform.is_valid():
                outline, name = _outline_from(vform)
                if isinstance(outline, services.Refusal):
                    vform.add_error("file", outline.reason)
                else:
                    v = services.add_version(
                        request.user, d, outline, name, vform.cleaned_data["note"]
                    )
                    messages.success(request, _("Đã lưu dự thảo lần %(n)s.") % {"n": v.number})
                    return redirect("documents:draft", d.pk)
        else:
            rform = RoundForm(request.POST, prefix="r")
            if rform.is_valid() and latest is not None:
                r = services.open_round(
                    request.user,
                    latest,
                    rform.cleaned_data["title"],
                    rform.cleaned_data["deadline"],
                    rform.cleaned_data["invited"],
                )
                messages.success(request, _("Đã mở đợt góp ý."))
                return redirect("documents:round", r.pk)
    elif request.method == "POST":
        raise PermissionDenied
    rounds = list(
        Round.objects.filter(version__draft=d, parent__isnull=True).select_related("version")
    )
    own_rounds = {r.pk for r in rounds if services.owns(request.user, r.organisation)}
    return render(
        request,
        "documents/draft.html",
        {
            "draft": d,
            "versions": versions,
            "latest": latest,
            "outline": services.outline_of(latest) if latest else None,
            "hints": services.hints_of(latest) if latest and own else None,
            "vform": vform,
            "rform": rform,
            "can_edit": editable,
            "own": own,
            "rounds": rounds,
            "own_rounds": own_rounds,
        },
    )


def version(request: HttpRequest, pk: int) -> HttpResponse:
    v = get_object_or_404(DraftVersion.objects.select_related("draft"), pk=pk)
    services.get_draft(request.user, v.draft_id)
    return render(
        request,
        "documents/version.html",
        {"version": v, "outline": services.outline_of(v), "hints": services.hints_of(v)},
    )


def diff(request: HttpRequest, pk: int) -> HttpResponse:
    d = services.get_draft(request.user, pk)
    versions = list(d.versions.order_by("number"))
    if len(versions) < 2:
        messages.info(request, _("Cần ít nhất hai lần dự thảo để so sánh."))
        return redirect("documents:draft", d.pk)
    by_number = {v.number: v for v in versions}

    def pick(name: str, default: DraftVersion) -> DraftVersion:
        try:
            return by_number.get(int(request.GET.get(name, "")), default)
        except ValueError:
            return default

    old, new = pick("a", versions[-2]), pick("b", versions[-1])
    return render(
        request,
        "documents/diff.html",
        {
            "draft": d,
            "versions": versions,
            "old": old,
            "new": new,
            "diff": services.diff_of(old, new),
        },
    )


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    r = services.get_round(request.user, pk)
    today = timezone.localdate()
    sections = services.section_choices(r.version)
    editable = can_edit(request.user, r.organisation)
    form = MemberCommentForm(sections=sections)
    if request.method == "POST":
        form = MemberCommentForm(request.POST, sections=sections)
        if form.is_valid():
            problem = services.comment_problem(form.cleaned_data["text"])
            if problem:
                form.add_error("text", problem)
            else:
                services.add_member_comment(
                    request.user,
                    r,
                    services.NewComment(
                        text=form.cleaned_data["text"],
                        source=form.cleaned_data["source"],
                        section=form.cleaned_data["section"],
                        paragraph=form.cleaned_data["paragraph"],
                        proposed=form.cleaned_data["proposed"],
                    ),
                    today,
                )
                messages.success(request, _("Đã ghi ý kiến của bạn."))
                return redirect("documents:round", r.pk)
    url = services.public_url(request, r) if r.public else ""
    groups = services.groups_page(r, limit=200)
    titles = dict(sections)
    return render(
        request,
        "documents/round.html",
        {
            "round": r,
            "form": form,
            "open": services.is_open(r, today),
            "can_edit": editable,
            "public_url": url,
            "qr": services.qr_svg(url) if url else "",
            "groups": [
                (
                    g,
                    titles.get(g.section or -1, ""),
                    AnswerForm(
                        prefix=f"g{g.pk}",
                        initial={
                            "answer": g.answer or None,
                            "answer_text": g.answer_text,
                            "change": g.change,
                        },
                    ),
                )
                for g in groups
            ],
            "counts": services.counts_by_source(r),
            "mine": services.comments_of(request.user, r)[:50],
            "children": services.child_rounds(r),
            "sent_up_at": services.when(r.sent_up_at) if r.sent_up_at else "",
            "outline": services.outline_of(r.version),
        },
    )


@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(CommentGroup.objects.select_related("round"), pk=pk)
    r = services.get_round(request.user, group.round_id)
    form = AnswerForm(request.POST, prefix=f"g{group.pk}")
    if form.is_valid():
        problem = services.answer_group(
            request.user,
            group,
            form.cleaned_data["answer"],
            form.cleaned_data["answer_text"],
            form.cleaned_data["change"],
            timezone.now(),
        )
        if problem:
            messages.error(request, problem)
        else:
            messages.success(request, _("Đã ghi câu trả lời."))
    else:
        messages.error(request, _("Hãy chọn cách trả lời."))
    return redirect(reverse("documents:round", args=[r.pk]) + f"#group-{group.pk}")


def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    r = services.get_round(request.user, pk)
    if not can_edit(request.user, r.organisation):
        raise PermissionDenied
    sections = services.section_choices(r.version)
    formset = MinutesFormSet(request.POST or None, form_kwargs={"sections": sections})
    if request.method == "POST" and formset.is_valid():
        items = []
        problems = False
        for f in formset:
            text = (f.cleaned_data or {}).get("text", "")
            if not text.strip():
                continue
            problem = services.comment_problem(text)
            if problem:
                f.add_error("text", problem)
                problems = True
                continue
            items.append(
                services.NewComment(
                    text=text,
                    source=f.cleaned_data["source"],
                    section=f.cleaned_data["section"],
                    people=f.cleaned_data["people"] or 1,
                )
            )
        if not problems and items:
            saved = services.add_minutes(request.user, r, items)
            messages.success(request, _("Đã ghi %(n)s ý kiến từ biên bản.") % {"n": len(saved)})
            return redirect("documents:round", r.pk)
        if not items and not problems:
            messages.error(request, _("Chưa có ý kiến nào để ghi."))
    return render(request, "documents/minutes.html", {"round": r, "formset": formset})


def poster(request: HttpRequest, pk: int) -> HttpResponse:
    r = services.get_round(request.user, pk)
    if not r.public:
        raise Http404
    response = HttpResponse(
        services.poster_pdf(r, services.public_url(request, r)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="gop-y-{r.pk}.pdf"'
    return response


def report(request: HttpRequest, pk: int) -> HttpResponse:
    r = services.get_round(request.user, pk)
    if services.report_in_background(r):
        job = services.queue_report(request.user, r)
        return redirect("documents:report_job", job.pk)
    return _docx(services.report_docx(request.user, r, timezone.localtime()), r.pk)


def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = services.get_import_job(request.user, pk)
    if job.state == ReportState.DONE and job.version is not None:
        messages.success(request, _("Đã lưu dự thảo lần %(n)s.") % {"n": job.version.number})
        return redirect("documents:draft", job.version.draft_id)
    return render(request, "documents/import_job.html", {"job": job})


def report_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = services.get_report_job(request.user, pk)
    if job.state == ReportState.DONE and request.GET.get("download"):
        return _docx(bytes(job.data or b""), job.round_id)
    return render(request, "documents/report_job.html", {"job": job})


def _docx(data: bytes, round_id: int) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-tiep-thu-{round_id}.docx"'
    return response


@require_POST
def subround(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_object_or_404(Round, pk=pk)
    if parent not in services.rounds_inviting(request.user):
        raise Http404
    r = services.open_subround(request.user, parent, timezone.now())
    return redirect("documents:round", r.pk)


@require_POST
def send_up(request: HttpRequest, pk: int) -> HttpResponse:
    r = services.get_round(request.user, pk)
    n = services.send_up(request.user, r, timezone.now())
    messages.success(request, _("Đã gửi %(n)s nhóm ý kiến lên cấp trên.") % {"n": n})
    return redirect("documents:round", r.pk)


@login_not_required
def public(request: HttpRequest, token: str) -> HttpResponse:
    r = services.public_round(token)
    now = timezone.now()
    sections = services.section_choices(r.version)
    form = PublicCommentForm(initial={"stamp": services.form_stamp(now)}, sections=sections)
    status = 200
    if request.method == "POST":
        form = PublicCommentForm(request.POST, sections=sections)
        if form.is_valid():
            data = form.cleaned_data
            problem = services.public_problem(
                r,
                text=data["text"],
                honeypot=data["website"],
                stamp=data["stamp"],
                address=client_address(request),
                now=now,
            )
            if problem:
                form.add_error(None, problem)
                status = 429 if "phút" in problem else 400
                # A fresh stamp: what was typed stays, and the next send is again timed from now.
                form.data = form.data.copy()
                form.data["stamp"] = services.form_stamp(now)
            else:
                comment = services.add_public_comment(
                    r,
                    services.NewComment(
                        text=data["text"],
                        source=Source.PUBLIC,
                        section=data["section"],
                        paragraph=data["paragraph"],
                        proposed=data["proposed"],
                        author_name=data["name"],
                    ),
                    client_address(request),
                    now,
                )
                return redirect("documents:receipt", comment.receipt)
    return render(
        request,
        "documents/public.html",
        {
            "round": r,
            "form": form,
            "open": services.is_open(r, timezone.localdate()),
            "outline": services.outline_of(r.version),
        },
        status=status,
    )


@login_not_required
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    comment = services.comment_by_receipt(token)
    return render(request, "documents/receipt.html", {"comment": comment, "group": comment.group})
