"""Offices open a season and set up their working groups; nobody else may."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from daihoi.web.accounts.models import Role
from daihoi.web.audit.models import AuditEntry
from daihoi.web.groups.models import WorkingGroup
from daihoi.web.orgs.models import Level, Organisation
from daihoi.web.season.models import Congress, CongressStatus, Season


def season_data(**changes):  # type: ignore[no-untyped-def]
    data = {
        "name": "Đại hội đảng bộ các cấp",
        "term_start": "2025",
        "term_end": "2030",
        "directive": "Chỉ thị 45-CT/TW",
        "starts_on": "01/03/2025",
        f"deadline_{Level.UPPER_BASE}": "31/08/2025",
        f"deadline_{Level.BASE}": "30/06/2025",
    }
    data.update(changes)
    return data


def test_alice_opens_a_season_for_ha_nam(tree, alice, client_of):
    response = client_of(alice).post(reverse("season:season_new"), season_data())
    assert response.status_code == 302
    season = Season.objects.get()
    assert season.organisation == tree.ha_nam
    assert {d.level: d.due_on for d in season.deadlines.all()} == {
        Level.UPPER_BASE: date(2025, 8, 31),
        Level.BASE: date(2025, 6, 30),
    }
    # One congress for every organisation under Hà Nam, none for Hà Nam itself or Ninh Bình.
    names = set(Congress.objects.values_list("organisation__name", flat=True))
    assert names == {o.name for o in tree.all() if o.path.startswith(tree.ha_nam.path)} - {
        tree.ha_nam.name
    }
    assert set(Congress.objects.values_list("status", flat=True)) == {CongressStatus.NOT_PLANNED}
    assert AuditEntry.objects.filter(action="season.create", user=alice).exists()


def test_a_term_must_end_after_it_starts(tree, alice, client_of):
    response = client_of(alice).post(
        reverse("season:season_new"),
        season_data(term_end="2024", **{f"deadline_{Level.BASE}": "01/01/2025"}),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Năm kết thúc nhiệm kỳ phải sau năm bắt đầu." in text
    assert "Hạn hoàn thành trước ngày bắt đầu đợt." in text
    assert not Season.objects.exists()


def test_only_office_staff_open_seasons(tree, alice, charlie, make_user, client_of):
    secretary = make_user("erin", tree.minh_khai, Role.SECRETARY)
    assert client_of(charlie).post(reverse("season:season_new"), season_data()).status_code == 403
    assert client_of(secretary).get(reverse("season:season_new")).status_code == 403
    assert (
        client_of(alice).get(reverse("season:season_new"), {"org": tree.ninh_binh.pk}).status_code
        == 404
    )
    assert not Season.objects.exists()


def test_new_organisations_get_their_congress(tree, alice, client_of):
    client = client_of(alice)
    client.post(reverse("season:season_new"), season_data())
    season = Season.objects.get()
    before = Congress.objects.count()
    tree.duy_tien.refresh_from_db()
    new = Organisation.objects.add_child(
        tree.duy_tien, {"code": "HNA-DT-02", "name": "Đảng bộ phường Yên Bắc", "level": Level.BASE}
    )
    client.post(reverse("season:season_sync", args=[season.pk]))
    assert Congress.objects.count() == before + 1
    assert Congress.objects.filter(organisation=new, season=season).exists()


def test_alice_sets_up_a_working_group(scenario, tree, alice, dave, make_user, client_of):
    make_user("gina", tree.phu_ly, Role.WORKING_GROUP)
    make_user("hank", tree.dong_thanh, Role.WORKING_GROUP)  # Ninh Bình: not Alice's
    client = client_of(alice)
    url = reverse("groups:group_new")
    bad = client.post(
        url,
        {
            "name": "Đoàn kiểm tra số 2",
            "kind": "inspection",
            "leader": "dave",
            "members": "gina\nhank",
            "assigned": "HNA-DT\nNBI-HL",
        },
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Không có người dùng này trong đơn vị: dòng 2: “hank”" in text
    assert "Không có mã đơn vị này trong phạm vi: dòng 2: “NBI-HL”" in text
    assert WorkingGroup.objects.count() == 1

    good = client.post(
        url,
        {
            "name": "Đoàn kiểm tra số 2",
            "kind": "inspection",
            "leader": "dave",
            "members": "gina, dave",
            "assigned": "HNA-DT",
        },
    )
    assert good.status_code == 302
    group = WorkingGroup.objects.get(name="Đoàn kiểm tra số 2")
    assert (group.leader, group.season, group.organisation) == (dave, scenario.season, tree.ha_nam)
    assert sorted(u.username for u in group.members.all()) == ["dave", "gina"]
    assert [o.code for o in group.assigned.all()] == ["HNA-DT"]


def test_bob_cannot_touch_ha_nam_groups(scenario, tree, bob, charlie, make_user, client_of):
    url = reverse("groups:group_edit", args=[scenario.group.pk])
    assert client_of(bob).get(url).status_code == 404
    # The group belongs to Hà Nam, above Charlie's Phủ Lý: he does not even see it.
    assert client_of(charlie).get(url).status_code == 404
    viewer = make_user("vic", tree.ha_nam, Role.VIEWER)
    assert client_of(viewer).get(url).status_code == 403
    assert (
        client_of(bob).get(reverse("groups:group_detail", args=[scenario.group.pk])).status_code
        == 404
    )
