"""The home page sends each user to where their work starts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse


def home(request: HttpRequest) -> HttpResponse:
    """The dashboard when the dashboard app has one, else the organisation tree."""
    for name in ("dashboard:index", "dashboard:home", "orgs:index"):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if url != request.path:  # never redirect to ourselves
            return redirect(url)
    return redirect("orgs:index")
