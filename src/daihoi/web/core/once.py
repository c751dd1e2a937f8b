"""Acting once on a form that may be sent twice (double click, reload, a retried request).

Each form that creates something carries a token (``{% form_token %}``). ``submit_once`` runs the
action and records the token in the same transaction; the unique token makes a second post,
even one arriving at the same moment, find the first one's result instead of acting again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD = "form_token"
KEEP_TOKENS = timedelta(days=30)


def new_token() -> str:
    return uuid.uuid4().hex


def _already_sent(request: HttpRequest, done: FormSubmission) -> HttpResponse:
    when = date_format(timezone.localtime(done.created_at), "H:i d/m/Y")
    messages.info(
        request,
        _("Biểu mẫu này đã được gửi lúc %(when)s; không ghi thêm lần nữa.") % {"when": when},
    )
    return redirect(done.result_url)


def resent(request: HttpRequest) -> HttpResponse | None:
    """The first result again when this post's form was already acted on, else None.

    For forms whose validation would fail the second time (a code already taken by the first
    post): call it before validating, so the user sees the first result, not a false error.
    """
    token = request.POST.get(FIELD, "")[:64]
    done = FormSubmission.objects.filter(token=token).first() if token else None
    return None if done is None else _already_sent(request, done)


def submit_once(request: HttpRequest, action: Callable[[], str], done_message: str) -> HttpResponse:
    """Run ``action`` (it saves and returns the address to go to) once per form token.

    A post without a token (an old page, a script) is acted on as before.
    """
    first = resent(request)
    if first is not None:
        return first
    token = request.POST.get(FIELD, "")[:64]
    try:
        with transaction.atomic():
            url = action()
            if token:
                user = request.user if request.user.is_authenticated else None
                FormSubmission.objects.create(token=token, user=user, result_url=url)
                if user is not None:
                    # A form is not sent again after weeks: the user's old tokens can go.
                    FormSubmission.objects.filter(
                        user=user, created_at__lt=timezone.now() - KEEP_TOKENS
                    ).delete()
    except IntegrityError:
        # The same form, sent twice at once: the other request recorded it first and this one's
        # work was rolled back with it.
        done = FormSubmission.objects.filter(token=token).first() if token else None
        if done is None:
            raise
        return _already_sent(request, done)
    messages.success(request, done_message)
    return redirect(url)
