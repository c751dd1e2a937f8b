"""The members field of an organisation is a Vietnamese number: "62.000" is sixty-two thousand.

Alice (office of Hà Nam) corrects Hà Nam's membership typing it the Vietnamese way, then by
mistake "62,5" (a decimal) and "-3": each is refused with a message in words; the input opens
the phone's number pad. A new cell added under Hòa Mạc takes "1.020" as 1020.
"""

from __future__ import annotations

from django.urls import reverse

from daihoi.web.orgs.models import Level, Organisation


def _edit(client, org, members):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("orgs:edit", args=[org.pk]),
        {"name": org.name, "kind": org.kind, "members": members},
    )


def test_alice_types_members_with_a_thousands_dot(tree, alice, client_of):
    client = client_of(alice)
    page = client.get(reverse("orgs:edit", args=[tree.ha_nam.pk])).content.decode()
    assert 'name="members"' in page and 'inputmode="decimal"' in page
    assert 'type="number"' not in page
    assert _edit(client, tree.ha_nam, "62.150").status_code == 302
    assert Organisation.objects.get(pk=tree.ha_nam.pk).members == 62150


def test_a_decimal_or_a_negative_number_of_members_is_refused_in_words(tree, alice, client_of):
    client = client_of(alice)
    decimal = _edit(client, tree.ha_nam, "62,5").content.decode()
    assert "Hãy nhập một số nguyên, không có phần thập phân." in decimal
    negative = _edit(client, tree.ha_nam, "-3").content.decode()
    assert "Số không được nhỏ hơn 0." in negative
    assert Organisation.objects.get(pk=tree.ha_nam.pk).members == 62000


def test_a_new_cell_takes_members_the_vietnamese_way(tree, alice, client_of):
    response = client_of(alice).post(
        reverse("orgs:add_child", args=[tree.hoa_mac.pk]),
        {
            "code": "HNA-DT-01-09",
            "name": "Chi bộ 9",
            "level": Level.CELL,
            "kind": "",
            "members": "1.020",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(code="HNA-DT-01-09").members == 1020


def test_the_old_season_import_path_still_works():
    from daihoi.web.core.vn_numbers import VnIntegerField as Core
    from daihoi.web.season.numbers import VnIntegerField as Season

    assert Core is Season
