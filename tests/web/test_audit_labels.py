"""The change log reads in words: field labels and values as the user knows them.

Alice (office of Hà Nam) opens the log after Phủ Lý's congress was marked held, a unit's level
was changed by an import and Charlie's role was changed: she reads "Ngày tổ chức", "Đã tổ
chức", "Có", "20/11/2026", "Cấp trên cơ sở", never ``held_date``, ``held``, ``True`` or ``2``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from daihoi.web.audit import log_change
from daihoi.web.orgs.models import Level
from daihoi.web.season.models import Congress, CongressStatus
from tests.web.season.conftest import dave, empty_cache, scenario

__all__ = ["dave", "empty_cache", "scenario"]


def _log_page(client) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("audit:index")).content.decode()


def _congress_marked_held(alice, congress: Congress) -> None:  # type: ignore[no-untyped-def]
    # What the congress form's service logs: the Python values of each changed field.
    log_change(
        alice,
        congress,
        "congress.update",
        {
            "status": [CongressStatus.PLANNED, CongressStatus.HELD],
            "held_date": [None, date(2026, 11, 20)],
            "secretary_elected_directly": [False, True],
            "secretary_vote_percent": [None, Decimal("85.50")],
            "convened": [None, 1234],
        },
        organisation=congress.organisation,
    )


def test_alice_reads_a_congress_change_in_vietnamese(scenario, tree, alice, client_of):
    congress = Congress.objects.get(organisation=tree.phu_ly)
    _congress_marked_held(alice, congress)
    page = _log_page(client_of(alice))
    assert "Tình trạng: Đã có kế hoạch → Đã tổ chức" in page
    assert "Ngày tổ chức: – → 20/11/2026" in page
    assert "Không → Có" in page
    assert "85,50" in page and "1.234" in page
    assert "Sửa thông tin đại hội" in page
    for raw in ("held_date", "planned →", "False", "True", "2026-11-20", "85.50"):
        assert raw not in page, raw


def test_an_import_shows_level_names_not_codes(tree, alice, client_of):
    log_change(
        alice,
        None,
        "import",
        {
            "file": "don-vi.xlsx",
            "rows": 2,
            "created": [],
            "updated": {"HNA-DT-01": {"level": [Level.BASE, Level.UPPER_BASE]}},
            "unchanged": 1,
        },
        organisation=tree.ha_nam,
    )
    page = _log_page(client_of(alice))
    assert "HNA-DT-01: Cấp: Cơ sở → Cấp trên cơ sở" in page


def test_a_role_change_shows_the_role_and_a_reopen_its_reason(
    scenario, tree, alice, charlie, client_of
):
    log_change(alice, charlie.profile, "update", {"role": ["viewer", "office"]})
    congress = Congress.objects.get(organisation=tree.phu_ly)
    log_change(
        alice,
        congress,
        "congress.reopen",
        {"status": ["held", "preparing"], "reason": "Nhập nhầm ngày"},
        organisation=congress.organisation,
    )
    page = _log_page(client_of(alice))
    assert "Người xem → Cán bộ văn phòng" in page
    assert "Mở lại tình trạng đại hội" in page
    assert "Lý do: Nhập nhầm ngày" in page
    assert "Tình trạng: Đã tổ chức → Đang chuẩn bị" in page


def test_the_english_log_reads_in_english(scenario, tree, alice, client_of):
    congress = Congress.objects.get(organisation=tree.phu_ly)
    _congress_marked_held(alice, congress)
    log_change(alice, tree.minh_khai, "update", {"members": [412, 420]})
    client = client_of(alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = _log_page(client)
    assert "Date held: – → 20/11/2026" in page
    assert "Members: 412 → 420" in page
    assert "Status: Planned → Held" in page
