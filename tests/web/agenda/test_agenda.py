"""Alice builds Hà Nam's agenda from the template, edits it and downloads the script."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest

from daihoi.web.agenda.models import AgendaItem
from daihoi.web.audit.models import AuditEntry
from daihoi.web.elections.models import Candidate, PanelMember
from tests.web.agenda.conftest import CHAIR

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def _create(client: Any, congress: Any) -> None:
    r = client.post(f"/agenda/{congress.pk}/", {"action": "create"})
    assert r.status_code == 302


def test_it_builds_the_agenda_from_the_template_led_by_the_chair(
    alice, client_of, ha_nam_congress
) -> None:
    client = client_of(alice)
    page = client.get(f"/agenda/{ha_nam_congress.pk}/")
    assert "Lập chương trình theo mẫu" in page.content.decode()
    _create(client, ha_nam_congress)
    page = client.get(f"/agenda/{ha_nam_congress.pk}/").content.decode()
    assert "Phiên trù bị" in page and "Phiên chính thức" in page
    assert "Bầu Đoàn Chủ tịch, Đoàn Thư ký và Ban Thẩm tra tư cách đại biểu" in page
    assert f"{CHAIR} (Đoàn Chủ tịch)" in page
    assert AuditEntry.objects.filter(action="agenda.created").count() == 1


def test_the_script_has_three_elections_every_contingency_and_the_leads_by_name(
    alice, client_of, ha_nam_congress, three_elections
) -> None:
    client = client_of(alice)
    _create(client, ha_nam_congress)
    # Trần Thị Bình is given the discussion
    binh = PanelMember.objects.get(name="Trần Thị Bình")
    item = AgendaItem.objects.get(step="discussion")
    r = client.post(
        f"/agenda/{ha_nam_congress.pk}/",
        {
            "action": "save",
            "item": item.pk,
            f"i{item.pk}-time": "9h30",
            f"i{item.pk}-title": "Thảo luận các văn kiện",
            f"i{item.pk}-lead": f"member:{binh.pk}",
            f"i{item.pk}-words": "",
        },
    )
    assert r.status_code == 302
    r = client.get(f"/agenda/{ha_nam_congress.pk}/kich-ban.docx")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _text(r.content)
    for e in three_elections:
        for step in (
            "số lượng cần bầu",
            "danh sách bầu cử",
            "đơn xin rút",
            "thông qua danh sách",
            "hướng dẫn bỏ phiếu",
            "kiểm phiếu",
            "công bố kết quả",
            "bầu tiếp (nếu có)",
        ):
            assert f"{e.title}: {step}" in text
        for c in e.candidates.all():
            assert c.name in text
    assert "09:30  Thảo luận các văn kiện\nĐồng chí Trần Thị Bình (Đoàn Chủ tịch)" in text
    assert f"Đồng chí {CHAIR} (Đoàn Chủ tịch)" in text
    assert "Ban Chấp hành khóa mới họp phiên thứ nhất" in text  # the secretary
    for case in (
        "Có đơn xin rút",
        "Có đề cử, ứng cử",
        "bằng phiếu nhau",
        "chưa đủ số lượng",
        "mất túc số",
        "Máy quét phiếu hỏng",
        "Mất điện",
    ):
        assert case in text
    assert "mỗi phiếu nhập trên hai máy" in text
    # the panels are read out by name where the congress approves them
    assert "Đoàn Chủ tịch gồm: đồng chí Nguyễn Văn An, đồng chí Trần Thị Bình." in text
    assert "Ban Kiểm phiếu gồm: đồng chí Lê Văn Cường." in text
    assert "Đoàn Thư ký gồm: (đọc danh sách)." in text
    assert AuditEntry.objects.filter(action="agenda.script_made").count() == 1


def test_it_says_when_the_elections_changed_after_the_script(
    alice, client_of, ha_nam_congress, three_elections
) -> None:
    client = client_of(alice)
    _create(client, ha_nam_congress)
    client.get(f"/agenda/{ha_nam_congress.pk}/kich-ban.docx")
    assert (
        'data-testid="elections-changed"'
        not in client.get(f"/agenda/{ha_nam_congress.pk}/").content.decode()
    )
    Candidate.objects.create(election=three_elections[0], name="Mai Văn Quang")
    page = client.get(f"/agenda/{ha_nam_congress.pk}/").content.decode()
    assert 'data-testid="elections-changed"' in page
    text = _text(client.get(f"/agenda/{ha_nam_congress.pk}/kich-ban.docx").content)
    assert "Mai Văn Quang" in text
    assert (
        'data-testid="elections-changed"'
        not in client.get(f"/agenda/{ha_nam_congress.pk}/").content.decode()
    )


def test_a_bad_time_is_told_and_nothing_typed_is_lost(alice, client_of, ha_nam_congress) -> None:
    client = client_of(alice)
    _create(client, ha_nam_congress)
    session = ha_nam_congress.agenda.sessions.get(kind="official")
    p = f"s{session.pk}"
    r = client.post(
        f"/agenda/{ha_nam_congress.pk}/",
        {
            "action": "add",
            "session": session.pk,
            f"{p}-time": "25:99",
            f"{p}-title": "Trao tặng hoa <b>chúc mừng</b>",
            f"{p}-lead": "organisers",
            f"{p}-words": "Xin mời…",
        },
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "Giờ chưa đúng" in page
    assert "Trao tặng hoa &lt;b&gt;chúc mừng&lt;/b&gt;" in page
    assert "<b>chúc mừng</b>" not in page
    r = client.post(
        f"/agenda/{ha_nam_congress.pk}/",
        {
            "action": "add",
            "session": session.pk,
            f"{p}-time": "16:45",
            f"{p}-title": "Trao tặng hoa <b>chúc mừng</b>\x07",
            f"{p}-lead": "organisers",
            f"{p}-words": "",
        },
    )
    assert r.status_code == 302
    item = AgendaItem.objects.get(title__startswith="Trao tặng hoa")
    assert item.title == "Trao tặng hoa <b>chúc mừng</b>" and item.time == "16:45"
    text = _text(client.get(f"/agenda/{ha_nam_congress.pk}/kich-ban.docx").content)
    assert "16:45  Trao tặng hoa <b>chúc mừng</b>" in text


def test_items_move_and_are_removed(alice, client_of, ha_nam_congress) -> None:
    client = client_of(alice)
    _create(client, ha_nam_congress)
    session = ha_nam_congress.agenda.sessions.get(kind="official")
    first, second = list(session.items.all())[:2]
    client.post(f"/agenda/{ha_nam_congress.pk}/", {"action": "down", "item": first.pk})
    assert list(session.items.all())[:2] == [second, first]
    client.post(f"/agenda/{ha_nam_congress.pk}/", {"action": "remove", "item": first.pk})
    assert not AgendaItem.objects.filter(pk=first.pk).exists()
    assert AuditEntry.objects.filter(action="agenda.item_removed").count() == 1


def test_bob_of_another_province_gets_404_and_charlie_cannot_change(
    bob, charlie, alice, client_of, ha_nam_congress, phu_ly_congress
) -> None:
    _create(client_of(alice), ha_nam_congress)
    assert client_of(bob).get(f"/agenda/{ha_nam_congress.pk}/").status_code == 404
    assert client_of(bob).get(f"/agenda/{ha_nam_congress.pk}/kich-ban.docx").status_code == 404
    item = AgendaItem.objects.first()
    r = client_of(bob).post(f"/agenda/{ha_nam_congress.pk}/", {"action": "remove", "item": item.pk})
    assert r.status_code == 404
    # Charlie (viewer of Phủ Lý) sees Phủ Lý's agenda page but changes nothing
    assert client_of(charlie).get(f"/agenda/{ha_nam_congress.pk}/").status_code == 404
    assert client_of(charlie).get(f"/agenda/{phu_ly_congress.pk}/").status_code == 200
    r = client_of(charlie).post(f"/agenda/{phu_ly_congress.pk}/", {"action": "create"})
    assert r.status_code == 403


def test_a_session_gets_its_date_and_the_script_prints_it(
    alice, client_of, ha_nam_congress
) -> None:
    client = client_of(alice)
    _create(client, ha_nam_congress)
    session = ha_nam_congress.agenda.sessions.get(kind="official")
    p = f"p{session.pk}"
    r = client.post(
        f"/agenda/{ha_nam_congress.pk}/",
        {"action": "session", "session": session.pk, f"{p}-title": "", f"{p}-date": "Sáng 10/6"},
    )
    assert "Hãy viết tên phiên." in r.content.decode() and "Sáng 10/6" in r.content.decode()
    r = client.post(
        f"/agenda/{ha_nam_congress.pk}/",
        {
            "action": "session",
            "session": session.pk,
            f"{p}-title": "Phiên chính thức",
            f"{p}-date": "Sáng thứ Tư, 10/6/2026",
        },
    )
    assert r.status_code == 302
    text = _text(client.get(f"/agenda/{ha_nam_congress.pk}/kich-ban.docx").content)
    assert "PHIÊN CHÍNH THỨC — Sáng thứ Tư, 10/6/2026" in text
    assert AuditEntry.objects.filter(action="agenda.session_changed").count() == 1
