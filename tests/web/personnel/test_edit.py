"""Editing a record: the entitled roles only, every change audited, the read logged."""

from __future__ import annotations

from django.urls import reverse

from daihoi.web.audit.models import AuditEntry
from daihoi.web.personnel.models import AccessKind, AccessLog, Person


def form_of(person: Person, **changes: str) -> dict[str, str]:
    data = {
        "full_name": person.full_name,
        "gender": person.gender,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "cccd": person.cccd,
        "theory": person.theory,
    }
    return data | changes


def test_it_lets_hoa_edit_an_and_audits_the_change(hoa, an, client_of):
    client = client_of(hoa)
    url = reverse("personnel:person_edit", args=[an.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_of(an, position="Phó Bí thư Đảng ủy", ethnicity="Kinh"))
    assert response.status_code == 302
    an.refresh_from_db()
    assert (an.position, an.ethnicity) == ("Phó Bí thư Đảng ủy", "Kinh")
    entry = AuditEntry.objects.get(object_type="personnel.person")
    assert entry.changes["position"] == ["Bí thư Đảng ủy", "Phó Bí thư Đảng ủy"]
    assert AccessLog.objects.filter(kind=AccessKind.PROFILE, person=an).count() == 2


def test_bad_input_is_said_and_kept(hoa, an, client_of):
    url = reverse("personnel:person_edit", args=[an.pk])
    response = client_of(hoa).post(
        url, form_of(an, cccd="12345", joined_on="1970-01-01", full_name="Nguyễn Văn An")
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Số CCCD phải gồm đúng 12 chữ số." in text
    assert "Ngày vào Đảng phải sau ngày sinh." in text
    assert 'value="12345"' in text
    an.refresh_from_db()
    assert an.cccd == "035075000123"


def test_a_name_with_a_control_character_is_refused(hoa, an, client_of):
    url = reverse("personnel:person_edit", args=[an.pk])
    response = client_of(hoa).post(url, form_of(an, full_name="Nguyễn\u200bVăn An"))
    assert response.status_code == 400
    assert Person.objects.get(pk=an.pk).full_name == "Nguyễn Văn An"


def test_the_secretary_the_viewer_and_another_province_never_edit(
    minh, charlie, bob, an, client_of
):
    url = reverse("personnel:person_edit", args=[an.pk])
    assert client_of(minh).get(url).status_code == 403
    assert client_of(charlie).get(url).status_code == 403
    assert client_of(bob).get(url).status_code == 404
    assert client_of(minh).post(url, form_of(an, position="x")).status_code == 403
    assert not AuditEntry.objects.filter(object_type="personnel.person").exists()
    assert not AccessLog.objects.exists()
