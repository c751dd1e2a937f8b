"""The audit page: office staff read what changed in their own subtree, nobody else's."""

from __future__ import annotations

from django.urls import reverse

from daihoi.web.audit import log_change
from daihoi.web.audit.models import AuditEntry


def test_it_shows_alice_changes_in_ha_nam_but_not_in_ninh_binh(tree, alice, bob, client_of):
    log_change(alice, tree.minh_khai, "update", {"members": [412, 420]})
    log_change(
        bob, tree.dong_thanh, "update", {"name": ["Đông Thành", "Đảng bộ phường Đông Thành"]}
    )
    page = client_of(alice).get(reverse("audit:index")).content.decode()
    assert "Đảng bộ phường Minh Khai" in page and "Số đảng viên: 412 → 420" in page
    assert "Đông Thành" not in page


def test_it_keeps_the_audit_page_from_viewers(tree, charlie, client_of):
    assert client_of(charlie).get(reverse("audit:index")).status_code == 403


def test_it_shows_sam_everything(tree, alice, bob, sam, client_of):
    log_change(alice, tree.minh_khai, "update", {"members": [412, 420]})
    log_change(bob, tree.dong_thanh, "update", {"members": [506, 507]})
    page = client_of(sam).get(reverse("audit:index")).content.decode()
    assert "Minh Khai" in page and "Đông Thành" in page


def test_it_remembers_who_after_the_account_is_gone(tree, alice):
    entry = log_change(alice, tree.hoa_mac, "update", {"kind": ["", "Đảng bộ cơ sở"]})
    alice.delete()
    entry.refresh_from_db()
    assert entry.user is None and entry.username == "alice"


def test_it_places_a_change_to_a_related_object_at_its_organisation(tree, alice):
    profile = alice.profile
    entry = log_change(alice, profile, "update", {"role": ["viewer", "office"]})
    assert entry.organisation == tree.ha_nam
    assert entry.object_type == "accounts.profile"


def test_it_filters_by_action_and_person(tree, alice, client_of):
    log_change(alice, tree.minh_khai, "update", {"members": [1, 2]})
    log_change(alice, tree.hoa_mac, "create", {"code": [None, "HNA-DT-01"]})
    response = client_of(alice).get(reverse("audit:index"), {"action": "create", "who": "ali"})
    assert [e.organisation for e in response.context["page"]] == [tree.hoa_mac]
    assert AuditEntry.objects.count() == 2


def test_it_is_readonly_in_the_admin(tree, alice, sam, client_of):
    entry = log_change(alice, tree.minh_khai, "update", {"members": [1, 2]})
    client = client_of(sam)
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert (
        client.post(
            reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_it_writes_dates_day_first(tree, alice, client_of):
    import datetime

    from django.utils import timezone

    entry = log_change(alice, tree.minh_khai, "update", {"members": [1, 2]})
    when = timezone.make_aware(datetime.datetime(2025, 6, 30, 14, 5))
    AuditEntry.objects.filter(pk=entry.pk).update(at=when)
    page = client_of(alice).get(reverse("audit:index")).content.decode()
    assert "14:05 30/06/2025" in page


def test_it_names_the_other_apps_actions_in_words(tree, alice, client_of):
    log_change(alice, tree.minh_khai, "congress.lesson", {"text": "Chuẩn bị kỹ kịch bản."})
    log_change(alice, tree.minh_khai, "something.new", {})
    page = client_of(alice).get(reverse("audit:index")).content.decode()
    assert "Ghi rút kinh nghiệm" in page
    assert "something.new" in page


def test_it_logs_what_sam_changes_in_the_admin(tree, alice, sam, client_of):
    client = client_of(sam)
    url = reverse("admin:accounts_profile_change", args=[alice.profile.pk])
    response = client.post(url, {"user": alice.pk, "unit": tree.phu_ly.pk, "role": "viewer"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_type="accounts.profile")
    assert entry.username == "sam"
    assert entry.changes == {"unit": ["HNA", "HNA-PL"], "role": ["office", "viewer"]}

    url = reverse("admin:orgs_organisation_change", args=[tree.hoa_mac.pk])
    response = client.post(
        url,
        {
            "code": "HNA-DT-01",
            "name": "Đảng bộ phường Hòa Mạc",
            "kind": "Đảng bộ cơ sở",
            "members": 390,
        },
    )
    assert response.status_code == 302
    edited = AuditEntry.objects.get(object_type="orgs.organisation", action="update")
    assert edited.changes == {"members": [388, 390]}

    delete = reverse("admin:orgs_organisation_delete", args=[tree.hoa_mac.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    gone = AuditEntry.objects.get(action="delete")
    assert gone.organisation == tree.duy_tien and gone.changes["code"] == ["HNA-DT-01", None]
