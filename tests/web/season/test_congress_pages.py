"""Editing a congress: who may, what the form checks, and the audit log of every change."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from daihoi.web.audit.models import AuditEntry
from daihoi.web.season.models import Congress, CongressStatus


def edit_data(congress: Congress, **changes) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = {
        "kind": congress.kind,
        "status": congress.status,
        "planned_date": congress.planned_date.strftime("%d/%m/%Y") if congress.planned_date else "",
        "held_date": congress.held_date.strftime("%d/%m/%Y") if congress.held_date else "",
        "postponed_reason": congress.postponed_reason,
    }
    for name in (
        "convened",
        "present",
        "committee_size",
        "women",
        "under_40",
        "new_members",
        "secretary_vote_percent",
        "delegates_official",
        "delegates_alternate",
    ):
        value = getattr(congress, name)
        data[name] = "" if value is None else str(value).replace(".", ",")  # 92,50
    for flag in ("is_pilot", "direct_secretary", "secretary_elected_directly"):
        if getattr(congress, flag):
            data[flag] = "on"
    data.update(changes)
    return data


def test_alice_records_that_bien_hoa_held_its_congress(scenario, alice, client_of):
    c = scenario.bien_hoa
    held_on = scenario.today - timedelta(days=1)
    response = client_of(alice).post(
        reverse("season:congress_edit", args=[c.pk]),
        edit_data(
            c,
            status="held",
            held_date=held_on.strftime("%d/%m/%Y"),
            convened="48",
            present="45",
            committee_size="3",
            women="1",
        ),
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.status, c.held_date, c.present, c.women) == ("held", held_on, 45, 1)
    entry = AuditEntry.objects.get(action="congress.update", object_id=str(c.pk))
    assert entry.user == alice
    assert entry.changes["status"] == ["planned", "held"]
    assert entry.changes["present"] == [None, 45]


def test_the_form_names_each_inconsistent_field_and_saves_nothing(scenario, alice, client_of):
    c = scenario.minh_khai
    response = client_of(alice).post(
        reverse("season:congress_edit", args=[c.pk]), edit_data(c, present="500", women="12")
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Số có mặt không được lớn hơn số được triệu tập." in text
    assert "Số nữ không được lớn hơn số ủy viên BCH." in text
    c.refresh_from_db()
    assert (c.present, c.women) == (398, 3)
    assert not AuditEntry.objects.filter(action="congress.update").exists()


def test_a_held_congress_cannot_go_back_to_planned(scenario, alice, client_of):
    c = scenario.minh_khai
    response = client_of(alice).post(
        reverse("season:congress_edit", args=[c.pk]),
        edit_data(c, status="planned", held_date=""),
    )
    assert response.status_code == 400
    assert "status" in response.context["form"].errors  # "planned" is not offered any more
    c.refresh_from_db()
    assert c.status == CongressStatus.HELD


def test_a_date_in_the_wrong_format_is_explained(scenario, alice, client_of):
    c = scenario.bien_hoa
    response = client_of(alice).post(
        reverse("season:congress_edit", args=[c.pk]), edit_data(c, planned_date="2025-31-12")
    )
    assert response.status_code == 400
    assert "Ngày phải viết theo dạng dd/mm/yyyy" in response.content.decode()


def test_charlie_reads_phu_ly_congresses_but_changes_nothing(scenario, charlie, client_of):
    client = client_of(charlie)
    c = scenario.minh_khai
    assert client.get(reverse("season:congress_detail", args=[c.pk])).status_code == 200
    assert client.get(reverse("season:congress_edit", args=[c.pk])).status_code == 403
    response = client.post(reverse("season:congress_edit", args=[c.pk]), edit_data(c, women="0"))
    assert response.status_code == 403
    c.refresh_from_db()
    assert c.women == 3


def test_bob_never_sees_ha_nam_congresses(scenario, bob, client_of):
    client = client_of(bob)
    c = scenario.minh_khai
    for name in ("season:congress_detail", "season:congress_edit"):
        assert client.get(reverse(name, args=[c.pk])).status_code == 404
    assert (
        client.post(reverse("season:congress_lesson", args=[c.pk]), {"text": "x"}).status_code
        == 404
    )
    listing = client.get(reverse("season:congress_list")).content.decode()
    assert "Đông Thành" in listing
    assert "Minh Khai" not in listing
    assert (
        client.get(
            reverse("season:congress_list"), {"org": scenario.minh_khai.organisation_id}
        ).status_code
        == 404
    )


def test_lessons_learned_are_kept_on_the_congress(scenario, alice, client_of):
    client = client_of(alice)
    c = scenario.minh_khai
    client.post(
        reverse("season:congress_lesson", args=[c.pk]),
        {"text": "Tập huấn kỹ cách gạch tên trên phiếu bầu."},
    )
    page = client.get(reverse("season:congress_detail", args=[c.pk])).content.decode()
    assert "Tập huấn kỹ cách gạch tên trên phiếu bầu." in page
    assert AuditEntry.objects.filter(action="congress.lesson", object_id=str(c.pk)).exists()


def test_the_list_filters_overdue_congresses(scenario, alice, client_of):
    page = client_of(alice).get(reverse("season:congress_list"), {"overdue": "1"})
    text = page.content.decode()
    assert "Hòa Mạc" in text
    assert "Biên Hòa" not in text


def test_the_form_offers_only_the_allowed_next_statuses(scenario, alice, client_of):
    page = client_of(alice).get(reverse("season:congress_edit", args=[scenario.duy_tien.pk]))
    form = page.context["form"]
    assert [value for value, _label in form.fields["status"].choices] == [
        "planned",
        "preparing",
        "postponed",
    ]
