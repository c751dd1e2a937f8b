"""Closing and reopening a difficulty need no note; answering and commenting do, with a message."""

from __future__ import annotations

from django.urls import reverse

from daihoi.web.groups import services
from daihoi.web.groups.models import DifficultyStatus


def minh_khai_difficulty(scenario, tree, erin):  # type: ignore[no-untyped-def]
    return services.report_difficulty(
        erin,
        season=scenario.season,
        org=tree.minh_khai,
        title="Số dư trong danh sách",
        body="",
        due_date=None,
    )


def test_erin_closes_and_reopens_without_a_note(scenario, tree, erin, client_of):
    d = minh_khai_difficulty(scenario, tree, erin)
    url = reverse("groups:difficulty_detail", args=[d.pk])
    client = client_of(erin)
    page = client.get(url).content.decode()
    assert 'name="text"' in page and "required" not in page.split('name="text"')[1].split(">")[0]
    assert client.post(url, {"action": "close", "text": ""}).status_code == 302
    d.refresh_from_db()
    assert d.status == DifficultyStatus.CLOSED
    assert client.post(url, {"action": "reopen"}).status_code == 302
    d.refresh_from_db()
    assert d.status == DifficultyStatus.OPEN
    assert [e.kind for e in d.events.all()] == ["reported", "closed", "reopened"]


def test_an_answer_without_words_is_refused_with_a_message(scenario, tree, erin, dave, client_of):
    d = minh_khai_difficulty(scenario, tree, erin)
    url = reverse("groups:difficulty_detail", args=[d.pk])
    for person, action in ((dave, "answer"), (erin, "comment")):
        response = client_of(person).post(url, {"action": action, "text": "   "})
        assert response.status_code == 400
        assert "Hãy nhập nội dung trả lời hoặc trao đổi." in response.content.decode()
    d.refresh_from_db()
    assert (d.status, d.events.count()) == (DifficultyStatus.OPEN, 1)
