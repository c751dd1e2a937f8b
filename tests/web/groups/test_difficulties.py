"""A unit reports a difficulty; the responsible working group answers; everything is kept."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from daihoi.web.groups import services
from daihoi.web.groups.models import Difficulty, DifficultyStatus


def report(client, org, title="Số dư trong danh sách bầu cử", due=None):  # type: ignore[no-untyped-def]
    data = {"title": title, "body": "Ban chấp hành 5 người thì dư bao nhiêu?"}
    if due is not None:
        data["due_date"] = due.strftime("%d/%m/%Y")
    return client.post(reverse("groups:difficulty_new") + f"?org={org.pk}", data)


def test_erin_reports_and_daves_group_answers(scenario, tree, erin, dave, client_of):
    due = scenario.today + timedelta(days=7)
    response = report(client_of(erin), tree.minh_khai, due=due)
    assert response.status_code == 302
    difficulty = Difficulty.objects.get()
    # Minh Khai has no group of its own; the one following Phủ Lý above it is responsible.
    assert difficulty.working_group == scenario.group
    assert (difficulty.status, difficulty.due_date) == (DifficultyStatus.OPEN, due)

    url = reverse("groups:difficulty_detail", args=[difficulty.pk])
    dave_client = client_of(dave)
    assert (
        dave_client.post(url, {"action": "answer", "text": "Dư tối đa 1 người."}).status_code == 302
    )
    difficulty.refresh_from_db()
    assert difficulty.status == DifficultyStatus.ANSWERED

    erin_client = client_of(erin)
    erin_client.post(url, {"action": "close", "text": "Cảm ơn tổ công tác."})
    difficulty.refresh_from_db()
    assert difficulty.status == DifficultyStatus.CLOSED
    history = [(e.kind, e.author.username, e.status_after) for e in difficulty.events.all()]
    assert history == [
        ("reported", "erin", "open"),
        ("answered", "dave", "answered"),
        ("closed", "erin", "closed"),
    ]
    page = erin_client.get(url).content.decode()
    assert "Dư tối đa 1 người." in page


def test_the_reporting_unit_cannot_answer_itself(scenario, tree, erin, client_of):
    report(client_of(erin), tree.minh_khai)
    difficulty = Difficulty.objects.get()
    response = client_of(erin).post(
        reverse("groups:difficulty_detail", args=[difficulty.pk]),
        {"action": "answer", "text": "Tự trả lời"},
    )
    assert response.status_code == 403
    difficulty.refresh_from_db()
    assert difficulty.status == DifficultyStatus.OPEN


def test_with_no_group_the_office_above_answers(scenario, tree, alice, make_user, client_of):
    from daihoi.web.accounts.models import Role

    frank = make_user("frank", tree.hoa_mac, Role.SECRETARY)
    report(client_of(frank), tree.hoa_mac)
    difficulty = Difficulty.objects.get()
    assert difficulty.working_group is None
    assert services.can_answer(alice, difficulty)
    assert not services.can_answer(frank, difficulty)


def test_a_further_question_reopens_an_answered_difficulty(scenario, tree, erin, dave):
    d = services.report_difficulty(
        erin,
        season=scenario.season,
        org=tree.minh_khai,
        title="Sáp nhập chi bộ",
        body="",
        due_date=None,
    )
    services.answer_difficulty(dave, d, "Tổ chức đại hội chung.")
    services.comment_difficulty(erin, d, "Còn vướng về nhân sự.")
    d.refresh_from_db()
    assert d.status == DifficultyStatus.OPEN
    assert d.events.count() == 3


def test_overdue_only_while_waiting_past_the_due_date(scenario, tree, erin, dave):
    today = scenario.today
    d = services.report_difficulty(
        erin,
        season=scenario.season,
        org=tree.minh_khai,
        title="Phần mềm kiểm phiếu",
        body="",
        due_date=today - timedelta(days=1),
    )
    assert d.is_overdue(today)
    assert not d.is_overdue(today - timedelta(days=1))
    services.answer_difficulty(dave, d, "Đã cử cán bộ hỗ trợ.")
    assert not d.is_overdue(today)


def test_a_due_date_in_the_past_is_refused(scenario, tree, erin, client_of):
    response = report(client_of(erin), tree.minh_khai, due=scenario.today - timedelta(days=2))
    assert response.status_code == 400
    assert "Hạn trả lời không thể trước hôm nay." in response.content.decode()
    assert not Difficulty.objects.exists()


def test_bob_never_sees_ha_nam_difficulties(scenario, tree, erin, bob, client_of):
    report(client_of(erin), tree.minh_khai)
    difficulty = Difficulty.objects.get()
    client = client_of(bob)
    assert client.get(reverse("groups:difficulty_detail", args=[difficulty.pk])).status_code == 404
    assert (
        client.post(
            reverse("groups:difficulty_detail", args=[difficulty.pk]),
            {"action": "answer", "text": "x"},
        ).status_code
        == 404
    )
    assert "Số dư" not in client.get(reverse("groups:difficulty_list")).content.decode()
    assert report(client, tree.minh_khai).status_code == 404


def test_a_viewer_may_not_report(scenario, tree, charlie, client_of):
    assert report(client_of(charlie), tree.minh_khai).status_code == 403
