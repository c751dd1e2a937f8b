"""A form sent twice (double click, reload, a retried request) acts once; a stale edit is stopped."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse

from daihoi.web.core.models import FormSubmission
from daihoi.web.groups.models import Difficulty, DifficultyEvent
from daihoi.web.season.models import Congress, CongressNote

from .test_congress_pages import edit_data


def token_of(page: str) -> str:
    match = re.search(r'name="form_token" value="([0-9a-f]+)"', page)
    assert match, "the form carries no token"
    return match.group(1)


def test_erin_reports_one_difficulty_however_often_the_form_is_sent(
    scenario, tree, erin, client_of
):
    client = client_of(erin)
    url = reverse("groups:difficulty_new") + f"?org={tree.minh_khai.pk}"
    data = {
        "title": "Số dư trong danh sách bầu cử",
        "body": "Dư bao nhiêu?",
        "form_token": token_of(client.get(url).content.decode()),
    }
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert Difficulty.objects.count() == 1
    difficulty = Difficulty.objects.get()
    assert first.url == reverse("groups:difficulty_detail", args=[difficulty.pk])
    assert second.redirect_chain[-1][0] == first.url
    assert "đã được gửi lúc" in second.content.decode()


def test_a_second_form_is_a_second_difficulty(scenario, tree, erin, client_of):
    client = client_of(erin)
    url = reverse("groups:difficulty_new") + f"?org={tree.minh_khai.pk}"
    for title in ("Số dư", "Cơ cấu nữ"):
        token = token_of(client.get(url).content.decode())
        client.post(url, {"title": title, "body": "", "form_token": token})
    assert sorted(Difficulty.objects.values_list("title", flat=True)) == ["Cơ cấu nữ", "Số dư"]


def test_daves_answer_sent_twice_is_recorded_once(scenario, tree, erin, dave, client_of):
    client_of(erin).post(
        reverse("groups:difficulty_new") + f"?org={tree.minh_khai.pk}",
        {"title": "Số dư", "body": ""},
    )
    difficulty = Difficulty.objects.get()
    url = reverse("groups:difficulty_detail", args=[difficulty.pk])
    client = client_of(dave)
    token = token_of(client.get(url).content.decode())
    for _ in range(2):
        assert (
            client.post(
                url, {"action": "answer", "text": "Dư tối đa 1 người.", "form_token": token}
            ).status_code
            == 302
        )
    assert DifficultyEvent.objects.filter(difficulty=difficulty, kind="answered").count() == 1
    assert FormSubmission.objects.filter(token=token, user=dave).count() == 1


def test_a_lesson_sent_twice_is_kept_once(scenario, alice, client_of):
    c = scenario.bien_hoa
    client = client_of(alice)
    token = token_of(client.get(reverse("season:congress_detail", args=[c.pk])).content.decode())
    for _ in range(2):
        client.post(
            reverse("season:congress_lesson", args=[c.pk]),
            {"text": "Chuẩn bị nhân sự sớm.", "form_token": token},
        )
    assert CongressNote.objects.filter(congress=c).count() == 1


def test_an_edit_made_from_an_old_page_is_stopped_and_the_input_kept(scenario, alice, client_of):
    c = scenario.bien_hoa
    url = reverse("season:congress_edit", args=[c.pk])
    client = client_of(alice)
    old_version = re.search(
        r'name="version" value="([^"]+)"', client.get(url).content.decode()
    ).group(1)
    # Meanwhile a colleague records the number convened.
    assert (
        client_of(alice).post(url, edit_data(c, convened="48", version=old_version)).status_code
        == 302
    )
    c.refresh_from_db()
    mine = edit_data(c, convened="", present="40", version=old_version)
    response = client.post(url, mine)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Trong lúc bạn sửa" in page and "chưa được lưu" in page
    assert 'value="40"' in page  # the user's input is still in the form
    c.refresh_from_db()
    assert (c.convened, c.present) == (48, None)
    # Saving again from the page that warned is a deliberate overwrite.
    new_version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    assert client.post(url, edit_data(c, present="40", version=new_version)).status_code == 302
    assert Congress.objects.get(pk=c.pk).present == 40


def test_a_form_without_a_token_still_works(scenario, tree, erin, client_of):
    url = reverse("groups:difficulty_new") + f"?org={tree.minh_khai.pk}"
    client = client_of(erin)
    client.post(
        url,
        {
            "title": "Một",
            "body": "",
            "due_date": (scenario.today + timedelta(days=3)).strftime("%d/%m/%Y"),
        },
    )
    assert Difficulty.objects.count() == 1


def test_a_users_tokens_older_than_a_month_are_forgotten(scenario, tree, erin, client_of):
    from django.utils import timezone

    old = FormSubmission.objects.create(token="old", user=erin, result_url="/")
    FormSubmission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    client = client_of(erin)
    url = reverse("groups:difficulty_new") + f"?org={tree.minh_khai.pk}"
    client.post(
        url, {"title": "Một", "body": "", "form_token": token_of(client.get(url).content.decode())}
    )
    assert not FormSubmission.objects.filter(token="old").exists()
