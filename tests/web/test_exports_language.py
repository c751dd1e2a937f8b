"""Exports speak the user's language, and what they write the import reads back.

Alice (office of Hà Nam) exports Phủ Lý in Vietnamese and in English; both files import back
with nothing to change. A wrong level in a file is answered with the levels' names.
"""

from __future__ import annotations

from django.urls import reverse

from daihoi.web.orgs.importer import plan_import


def _csv(client, org) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(reverse("orgs:export_csv", args=[org.pk]))
    return b"".join(response.streaming_content)


def test_alices_english_export_has_english_headers_and_level_names(tree, alice, client_of):
    client = client_of(alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    lines = _csv(client, tree.phu_ly).decode("utf-8-sig").splitlines()
    assert lines[0] == "Code,Name,Parent code,Level,Type,Members"
    assert lines[1].startswith("HNA-PL,Đảng bộ thành phố Phủ Lý,HNA,Upper-base,")
    xlsx = client.get(reverse("orgs:export_xlsx", args=[tree.phu_ly.pk]))
    assert xlsx.status_code == 200


def test_an_exported_file_imports_back_unchanged_in_either_language(tree, alice, client_of):
    client = client_of(alice)
    vietnamese = _csv(client, tree.phu_ly)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = _csv(client, tree.phu_ly)
    for data in (vietnamese, english):
        plan = plan_import(alice, "to-chuc.csv", data)
        assert plan.problems == []
        assert (len(plan.creates), len(plan.updates), plan.unchanged) == (0, 0, 4)


def test_a_wrong_level_is_answered_with_the_level_names(tree, alice):
    data = "Mã,Tên,Mã cấp trên,Cấp,Loại hình,Số đảng viên\nHNA-X,Đảng bộ X,HNA,huyện,,10\n"
    plan = plan_import(alice, "x.csv", data.encode())
    (problem,) = plan.problems
    assert "«Cấp trên cơ sở»" in problem.message and "upper_base" not in problem.message
