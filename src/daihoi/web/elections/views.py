"""The pages of a congress's day: sittings, attendance, panels and elections."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from daihoi.web.accounts.scope import visible_organisations
from daihoi.web.season.models import Congress

from .models import Election


@login_required
def congress_day(request: HttpRequest, congress: int) -> HttpResponse:
    row = get_object_or_404(
        Congress, pk=congress, organisation__in=visible_organisations(request.user)
    )
    return render(request, "elections/day.html", {"congress": row})


@login_required
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(
        Election, pk=pk, congress__organisation__in=visible_organisations(request.user)
    )
    return render(request, "elections/election.html", {"election": row})
