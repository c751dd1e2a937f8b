"""Two office staff editing one record from the same page: the second is told, nothing is lost.

Alice and Dora both work in Hà Nam's office. They open the same edit page; Alice saves first.
Dora's save would silently undo Alice's change: it is refused, with Dora's input kept and the
message, and a second Save from the page she is shown overwrites on purpose.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from daihoi.web.accounts.models import Role
from daihoi.web.audit.models import AuditEntry
from daihoi.web.orgs import services
from daihoi.web.orgs.models import Level, Organisation

MESSAGE = "Trong lúc bạn sửa, thông tin này đã được lưu (có thể bởi người khác)."


@pytest.fixture
def dora(tree, make_user) -> User:  # type: ignore[no-untyped-def]
    """Dora is Alice's colleague in Hà Nam's office."""
    return make_user("dora", tree.ha_nam, Role.OFFICE)


def version_in(page) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'name="version" value="([0-9a-f]+)"', page.content.decode())
    assert found, "the edit form carries the version it was filled in from"
    return found.group(1)


def test_doras_save_over_alices_is_refused_with_her_input_kept(tree, alice, dora, client_of):
    url = reverse("orgs:edit", args=[tree.phu_ly.pk])
    as_alice, as_dora = client_of(alice), client_of(dora)
    alices_version = version_in(as_alice.get(url))
    doras_version = version_in(as_dora.get(url))
    assert alices_version == doras_version

    saved = as_alice.post(
        url,
        {
            "name": "Thành ủy Phủ Lý",
            "kind": "Đảng bộ thành phố",
            "members": "9800",
            "version": alices_version,
        },
    )
    assert saved.status_code == 302
    refused = as_dora.post(
        url,
        {
            "name": "Đảng bộ TP Phủ Lý",
            "kind": "Đảng bộ thành phố",
            "members": "9900",
            "version": doras_version,
        },
    )

    assert refused.status_code == 400
    page = refused.content.decode()
    assert MESSAGE in page
    assert 'value="Đảng bộ TP Phủ Lý"' in page and 'value="9900"' in page
    tree.phu_ly.refresh_from_db()
    assert (tree.phu_ly.name, tree.phu_ly.members) == ("Thành ủy Phủ Lý", 9800)
    assert AuditEntry.objects.filter(action="update").count() == 1

    # Dora has read the message and saves again from the page she was shown: on purpose now.
    again = as_dora.post(
        url,
        {
            "name": "Đảng bộ TP Phủ Lý",
            "kind": "Đảng bộ thành phố",
            "members": "9900",
            "version": version_in(refused),
        },
    )
    assert again.status_code == 302
    tree.phu_ly.refresh_from_db()
    assert (tree.phu_ly.name, tree.phu_ly.members) == ("Đảng bộ TP Phủ Lý", 9900)


def test_an_edit_saved_while_a_child_is_added_keeps_the_tree_whole(tree, alice):
    """The edit writes only its own columns: the child count of the other save stays."""
    shown = Organisation.objects.get(pk=tree.hoa_mac.pk)
    version = services.organisation_version(shown)
    Organisation.objects.add_child(
        Organisation.objects.get(pk=tree.hoa_mac.pk),
        {"code": "HNA-DT-01-07", "name": "Chi bộ 7", "level": Level.CELL, "members": 12},
    )
    shown.members = 400
    request = RequestFactory().post("/")
    request.user = alice
    assert services.save_organisation(request, shown, version) == {"members": [388, 400]}
    assert Organisation.objects.get(pk=tree.hoa_mac.pk).numchild == 1
    assert Organisation.objects.find_problems() == ([], [], [], [], [])


def test_doras_change_to_charlies_account_over_alices_is_refused(
    tree, alice, dora, charlie, client_of
):
    url = reverse("person_edit", args=[charlie.pk])
    as_alice, as_dora = client_of(alice), client_of(dora)
    version = version_in(as_alice.get(url))
    assert version_in(as_dora.get(url)) == version
    form = {
        "last_name": "Trần Văn",
        "first_name": "Charlie",
        "unit_code": "HNA-PL",
        "role": Role.VIEWER,
        "is_active": "on",
        "password": "",
    }

    assert (
        as_alice.post(url, form | {"role": Role.SECRETARY, "version": version}).status_code == 302
    )
    refused = as_dora.post(url, form | {"last_name": "Lê Thị", "version": version})

    assert refused.status_code == 400
    assert MESSAGE in refused.content.decode()
    assert 'value="Lê Thị"' in refused.content.decode()
    charlie.refresh_from_db()
    assert charlie.profile.role == Role.SECRETARY
    assert charlie.last_name == "Trần Văn"

    again = as_dora.post(
        url, form | {"last_name": "Lê Thị", "role": Role.SECRETARY, "version": version_in(refused)}
    )
    assert again.status_code == 302
    charlie.refresh_from_db()
    assert charlie.last_name == "Lê Thị"


def test_a_new_password_set_meanwhile_is_a_change_too(tree, alice, dora, charlie, client_of):
    url = reverse("person_edit", args=[charlie.pk])
    version = version_in(client_of(dora).get(url))
    charlie.set_password("mot-mat-khau-moi-dai")
    charlie.save()
    refused = client_of(dora).post(
        url,
        {
            "last_name": "",
            "first_name": "",
            "unit_code": "HNA-PL",
            "role": Role.VIEWER,
            "is_active": "on",
            "password": "",
            "version": version,
        },
    )
    assert refused.status_code == 400
    assert MESSAGE in refused.content.decode()
    assert version not in refused.content.decode()
