"""The counting station's pages: ballots in, progress, results, the projector and the minutes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import services


@login_required
def station(request: HttpRequest, election: int) -> HttpResponse:
    row = services.election_for(request.user, election)
    return render(request, "counting/station.html", {"election": row})
