"""Pages of the agenda app: the agenda and its script (DOCX), the targets and the table of the
units below. Access and every change go through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from daihoi.web.accounts.scope import can_edit
from daihoi.web.agenda import services
from daihoi.web.agenda.forms import IndicatorForm, ItemForm, MappingForm, SessionForm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def agenda(request: HttpRequest, congress: int) -> HttpResponse:
    c = services.congress_of(request.user, congress)
    editable = can_edit(request.user, c.organisation)
    a = services.agenda_of(c)
    leads = services.lead_choices(c)
    bad_form: ItemForm | None = None
    bad_session: SessionForm | None = None
    bad_key = ""
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action == "create":
            services.create_agenda(request.user, c)
            messages.success(request, _("Đã lập chương trình theo mẫu."))
            return redirect("agenda:agenda", c.pk)
        if a is None:
            return redirect("agenda:agenda", c.pk)
        if action in ("save", "remove", "up", "down"):
            item = services.get_item(request.user, int(request.POST.get("item", 0) or 0))
            if item.session.agenda_id != a.pk:
                raise PermissionDenied
            if action == "remove":
                services.remove_item(request.user, item)
                messages.success(request, _("Đã bỏ mục “%(title)s”.") % {"title": item.title})
                return redirect("agenda:agenda", c.pk)
            if action in ("up", "down"):
                services.move_item(request.user, item, up=action == "up")
                return redirect(f"{request.path}#item-{item.pk}")
            form = ItemForm(request.POST, leads=leads, prefix=f"i{item.pk}")
            if form.is_valid():
                services.update_item(request.user, item, form.data_out())
                messages.success(request, _("Đã lưu mục “%(title)s”.") % {"title": item.title})
                return redirect(f"{request.path}#item-{item.pk}")
            bad_form, bad_key = form, f"i{item.pk}"
        elif action == "session":
            session = services.get_session(request.user, int(request.POST.get("session", 0) or 0))
            if session.agenda_id != a.pk:
                raise PermissionDenied
            sform = SessionForm(request.POST, prefix=f"p{session.pk}")
            if sform.is_valid():
                services.update_session(
                    request.user, session, sform.cleaned_data["title"], sform.cleaned_data["date"]
                )
                messages.success(request, _("Đã lưu phiên."))
                return redirect("agenda:agenda", c.pk)
            bad_session, bad_key = sform, f"p{session.pk}"
        elif action == "add":
            session = services.get_session(request.user, int(request.POST.get("session", 0) or 0))
            if session.agenda_id != a.pk:
                raise PermissionDenied
            form = ItemForm(request.POST, leads=leads, prefix=f"s{session.pk}")
            if form.is_valid():
                item = services.add_item(request.user, session, form.data_out())
                messages.success(request, _("Đã thêm mục “%(title)s”.") % {"title": item.title})
                return redirect(f"{request.path}#item-{item.pk}")
            bad_form, bad_key = form, f"s{session.pk}"
    sessions = []
    if a is not None:
        for s in a.sessions.prefetch_related("items__lead_member"):
            rows = []
            for it in s.items.all():
                key = f"i{it.pk}"
                form = (
                    bad_form
                    if bad_key == key and bad_form is not None
                    else ItemForm(
                        initial={
                            "time": it.time,
                            "title": it.title,
                            "lead": services.lead_value(it),
                            "words": it.words,
                        },
                        leads=leads,
                        prefix=key,
                    )
                )
                rows.append((it, form))
            key = f"s{s.pk}"
            add = (
                bad_form
                if bad_key == key and bad_form is not None
                else ItemForm(leads=leads, prefix=key)
            )
            key = f"p{s.pk}"
            edit = (
                bad_session
                if bad_key == key and bad_session is not None
                else SessionForm(initial={"title": s.title, "date": s.date}, prefix=key)
            )
            sessions.append((s, rows, add, edit))
    return render(
        request,
        "agenda/agenda.html",
        {
            "congress": c,
            "agenda": a,
            "sessions": sessions,
            "can_edit": editable,
            "elections": services.election_infos(c),
            "changed": a is not None and services.elections_changed(a),
            "open_key": bad_key,
        },
    )


def script(request: HttpRequest, congress: int) -> HttpResponse:
    c = services.congress_of(request.user, congress)
    a = services.agenda_of(c)
    if a is None:
        messages.error(request, _("Hãy lập chương trình đại hội trước khi tạo kịch bản."))
        return redirect("agenda:agenda", c.pk)
    data = services.script_docx(request.user, a)
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="kich-ban-dai-hoi-{c.pk}.docx"'
    return response


def targets(request: HttpRequest, congress: int) -> HttpResponse:
    c = services.congress_of(request.user, congress)
    editable = can_edit(request.user, c.organisation)
    above = services.congress_above(c)
    codes = [(i.code, f"{i.code} — {i.name}") for i in above.indicators.all()] if above else []
    iform = IndicatorForm(congress=c, prefix="ind")
    mform = MappingForm(codes=codes, prefix="own")
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action == "publish":
            iform = IndicatorForm(request.POST, congress=c, prefix="ind")
            if iform.is_valid():
                services.publish_indicator(request.user, c, iform.data_out())
                messages.success(request, _("Đã công bố chỉ tiêu."))
                return redirect("agenda:targets", c.pk)
        elif action == "map":
            mform = MappingForm(request.POST, codes=codes, prefix="own")
            if mform.is_valid():
                services.add_mapping(request.user, c, mform.data_out())
                messages.success(request, _("Đã thêm chỉ tiêu của đơn vị."))
                return redirect(f"{request.path}#alignment")
        elif action in ("remove_indicator", "remove_mapping"):
            services.remove_indicator(
                request.user,
                c,
                int(request.POST.get("pk", 0) or 0),
                own=action == "remove_mapping",
            )
            messages.success(request, _("Đã bỏ chỉ tiêu."))
            return redirect("agenda:targets", c.pk)
    below = services.congresses_below(c)
    return render(
        request,
        "agenda/targets.html",
        {
            "congress": c,
            "above": above,
            "can_edit": editable,
            "indicators": c.indicators.all(),
            "own": c.own_indicators.all(),
            "alignment": services.alignment(c),
            "rows": services.rollup(c) if below else [],
            "has_below": bool(below),
            "iform": iform,
            "mform": mform,
        },
    )


def targets_xlsx(request: HttpRequest, congress: int) -> HttpResponse:
    c = services.congress_of(request.user, congress)
    response = HttpResponse(
        services.rollup_xlsx(c),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-cap-duoi-{c.pk}.xlsx"'
    return response
