"""The projector link after a reopening, and for a station account of another congress."""

from __future__ import annotations

import re

from django.test import Client

from tests.adversarial.station2.conftest import base, text_of


def test_projector_after_reopening_shows_no_final_result(confirmed, station, client_of):  # type: ignore[no-untyped-def]
    h = client_of(station["hanh"])
    r = h.post(f"{base(confirmed)}/projector/", follow=True)
    link = re.search(r"/counting/projector/([A-Za-z0-9_\-]+)/", text_of(r))
    assert link, "no projector link shown after creating one"
    url = link.group(0)
    wall = Client()  # the projector PC: no login
    shown = text_of(wall.get(url + "live/")) + text_of(wall.get(url))
    assert "Trúng cử" in shown or "trúng cử" in shown
    assert h.post(f"{base(confirmed)}/reopen/", {"reason": "Kiểm lại"}).status_code == 302
    shown = text_of(wall.get(url + "live/"))
    assert "Những người trúng cử" not in shown and "đã xác nhận" not in shown, shown[-2000:]
