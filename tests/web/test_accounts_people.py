"""Alice manages the accounts of Hà Nam; Bob's people and superusers stay out of her reach."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from daihoi.web.accounts.models import Role
from daihoi.web.audit.models import AuditEntry

NEW = {
    "username": "dung",
    "last_name": "Nguyễn Thị",
    "first_name": "Dung",
    "unit_code": "HNA-PL-01",
    "role": "secretary",
    "is_active": "on",
    "password": "mot-mat-khau-dai",
}


def test_it_lists_the_people_of_alices_subtree_only(tree, alice, bob, charlie, sam, client_of):
    page = client_of(alice).get(reverse("people")).content.decode()
    assert "charlie" in page and "alice" in page
    assert "bob" not in page and "sam" not in page


def test_it_lets_alice_create_a_secretary_in_her_subtree_who_can_then_log_in(
    tree, alice, client_of
):
    response = client_of(alice).post(reverse("person_new"), NEW)
    assert response.status_code == 302
    dung = User.objects.get(username="dung")
    assert (dung.profile.unit, dung.profile.role) == (tree.minh_khai, Role.SECRETARY)
    assert dung.get_full_name() == "Dung Nguyễn Thị"
    entry = AuditEntry.objects.get()
    assert (entry.username, entry.action, entry.organisation) == ("alice", "create", tree.minh_khai)
    assert "mot-mat-khau-dai" not in str(entry.changes)
    assert (
        Client()
        .post(reverse("login"), {"username": "dung", "password": "mot-mat-khau-dai"})
        .status_code
        == 302
    )


def test_it_refuses_a_unit_outside_alices_subtree_and_a_weak_password(tree, alice, client_of):
    response = client_of(alice).post(
        reverse("person_new"), NEW | {"unit_code": "NBI-HL", "password": "12345678"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Không có đơn vị mã NBI-HL trong phạm vi của bạn." in errors["unit_code"]
    assert "password" in errors
    assert not User.objects.filter(username="dung").exists()


def test_it_refuses_a_username_already_taken(tree, alice, bob, client_of):
    response = client_of(alice).post(reverse("person_new"), NEW | {"username": "Bob"})
    assert "Tên đăng nhập này đã có người dùng." in response.context["form"].errors["username"]


def test_it_hides_bob_and_sam_from_alice_with_a_404(tree, alice, bob, sam, client_of):
    client = client_of(alice)
    for person in (bob, sam):
        assert client.get(reverse("person_edit", args=[person.pk])).status_code == 404
        changed = NEW | {"unit_code": "HNA", "role": "viewer"}
        assert client.post(reverse("person_edit", args=[person.pk]), changed).status_code == 404
    bob.refresh_from_db()
    assert bob.profile.role == Role.OFFICE


def test_it_lets_alice_move_charlie_and_resets_his_password(tree, alice, charlie, client_of):
    form = {
        "last_name": "",
        "first_name": "",
        "unit_code": "HNA-DT",
        "role": "viewer",
        "is_active": "on",
        "password": "mat-khau-moi-2025",
    }
    assert client_of(alice).post(reverse("person_edit", args=[charlie.pk]), form).status_code == 302
    charlie.refresh_from_db()
    assert charlie.profile.unit == tree.duy_tien and charlie.check_password("mat-khau-moi-2025")
    assert AuditEntry.objects.get().changes == {
        "unit": ["HNA-PL", "HNA-DT"],
        "password": ["…", "…"],
    }


def test_it_does_not_let_alice_change_her_own_role_or_unit(tree, alice, client_of):
    form = {
        "last_name": "Trần",
        "first_name": "Alice",
        "unit_code": "HNA-PL",
        "role": "viewer",
        "password": "",
    }
    assert client_of(alice).post(reverse("person_edit", args=[alice.pk]), form).status_code == 302
    alice.refresh_from_db()
    assert (alice.profile.unit, alice.profile.role, alice.is_active) == (
        tree.ha_nam,
        Role.OFFICE,
        True,
    )
    assert alice.last_name == "Trần"


def test_it_keeps_the_people_pages_from_viewers(tree, charlie, client_of):
    client = client_of(charlie)
    assert client.get(reverse("people")).status_code == 403
    assert client.post(reverse("person_new"), NEW).status_code == 403
