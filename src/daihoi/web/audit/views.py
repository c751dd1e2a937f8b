"""The audit page: office staff read the changes made in their subtree."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from daihoi.web.accounts.scope import is_office, scope_queryset
from daihoi.web.audit.models import AuditEntry, action_choices

PAGE_SIZE = 50


def index(request: HttpRequest) -> HttpResponse:
    if not is_office(request.user):
        raise PermissionDenied(_("Chỉ cán bộ văn phòng mới xem được nhật ký thay đổi."))
    # Superusers get everything, including entries placed at no organisation.
    entries = scope_queryset(AuditEntry.objects.all(), request.user, "organisation")
    action = request.GET.get("action", "")
    if action:
        entries = entries.filter(action=action)
    who = request.GET.get("who", "").strip()
    if who:
        entries = entries.filter(username__icontains=who)
    entries = entries.select_related("organisation").order_by("-at", "-id")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/index.html",
        {
            "page": page,
            "action": action,
            "who": who,
            "actions": action_choices(),
        },
    )
