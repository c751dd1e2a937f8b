"""The congress day pages, told with Alice (office of Hà Nam, may change Minh Khai's congress),
Charlie (viewer of Phủ Lý: sees it, changes nothing) and Bob (Ninh Bình: must not even see it)."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from django.urls import reverse
from openpyxl import Workbook

from daihoi.web.audit.models import AuditEntry
from daihoi.web.elections.models import (
    AttendanceEvent,
    Candidate,
    Delegate,
    Election,
    ElectionState,
    Exclusion,
    PanelMember,
    Presence,
)

pytestmark = pytest.mark.django_db


def xlsx(rows: list[list[object]], formula_at: tuple[int, int] | None = None) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "danh-sach.xlsx"
    return buffer


def present(client, congress, *numbers: int) -> None:
    for n in numbers:
        client.post(reverse("elections:attendance_mark", args=[congress.pk]), {"code": str(n)})


# ------------------------------------------------------------------------------------- scoping


def test_it_shows_the_day_to_those_who_see_the_congress(
    client_of, alice, charlie, congress, election
):
    for user in (alice, charlie):
        page = client_of(user).get(reverse("elections:day", args=[congress.pk]))
        assert page.status_code == 200
        text = page.content.decode()
        assert "31 đại biểu chính thức được triệu tập = 31" in text
        assert election.title in text
    detail = client_of(charlie).get(reverse("season:congress_detail", args=[congress.pk]))
    assert reverse("elections:day", args=[congress.pk]) in detail.content.decode()


def test_bob_of_another_province_gets_404_everywhere(client_of, bob, congress, election):
    c = client_of(bob)
    delegate = congress.delegates.first()
    for url in (
        reverse("elections:day", args=[congress.pk]),
        reverse("elections:attendance", args=[congress.pk]),
        reverse("elections:election", args=[election.pk]),
        reverse("elections:ballots", args=[election.pk]),
        reverse("elections:delegate_cards", args=[congress.pk]),
        reverse("elections:delegate_edit", args=[delegate.pk]),
    ):
        assert c.get(url).status_code == 404, url
    assert (
        c.post(reverse("elections:attendance_mark", args=[congress.pk]), {"code": "1"}).status_code
        == 404
    )
    assert (
        c.post(reverse("elections:approval", args=[election.pk, "number"]), {}).status_code == 404
    )
    assert not AttendanceEvent.objects.exists()


def test_charlie_the_viewer_sees_but_cannot_change(client_of, charlie, congress, election):
    c = client_of(charlie)
    assert c.get(reverse("elections:attendance", args=[congress.pk])).status_code == 200
    assert c.get(reverse("elections:election", args=[election.pk])).status_code == 200
    posts = [
        (reverse("elections:attendance_mark", args=[congress.pk]), {"code": "1"}),
        (reverse("elections:delegates_paste", args=[congress.pk]), {"text": "40. Lê Văn Tám"}),
        (reverse("elections:candidates_paste", args=[election.pk]), {"text": "Ngô Văn Tư"}),
        (reverse("elections:approval", args=[election.pk, "number"]), {"number-votes_for": "1"}),
        (
            reverse("elections:panel_new", args=[congress.pk]),
            {"panel": "counting", "name": "X", "role": "head"},
        ),
    ]
    for url, data in posts:
        assert c.post(url, data).status_code == 403, url
    assert c.get(reverse("elections:ballots", args=[election.pk])).status_code == 403
    assert c.get(reverse("elections:delegate_cards", args=[congress.pk])).status_code == 403
    assert not AttendanceEvent.objects.exists() and not PanelMember.objects.exists()


# ----------------------------------------------------------------------------------- delegates


def test_a_pasted_list_adds_delegates_in_both_forms(client_of, alice, congress):
    text = "32. Nguyễn Thị Mai\n33\tTrần Văn Nam\t1980\tChi bộ 2\n\n34) Lê Hữu Phước\n"
    page = client_of(alice).post(
        reverse("elections:delegates_paste", args=[congress.pk]), {"text": text}
    )
    assert page.status_code == 302
    nam = Delegate.objects.get(congress=congress, number=33)
    assert (nam.name, nam.born, nam.unit) == ("Trần Văn Nam", 1980, "Chi bộ 2")
    assert congress.delegates.count() == 34
    assert AuditEntry.objects.filter(action="import").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("32. <b>Nguyễn</b>\n33. Bình", "Dòng 1, cột Họ và tên: có dấu &lt; hoặc &gt;"),
        ("32. An\n33. =1+1", "Dòng 2, cột Họ và tên: bắt đầu bằng «=» như một công thức"),
        ("32. An\x07 Bình", "Dòng 1, cột Họ và tên: có ký tự điều khiển"),
        ("32. An\n32. Bình", "Dòng 2, cột Số thẻ: số 32 trùng với dòng 1"),
        ("5. Đã có số này", "Dòng 1, cột Số thẻ: số 5 đã có trong danh sách đại biểu"),
        ("Không số", "Dòng 1, cột Số thẻ: thiếu số thẻ"),
        ("32\tAn\t19x5", "Dòng 1, cột Năm sinh"),
    ],
)
def test_a_pasted_list_with_a_bad_row_is_refused_whole(client_of, alice, congress, text, expected):
    page = client_of(alice).post(
        reverse("elections:delegates_paste", args=[congress.pk]),
        {"text": text + "\n40. Người Đúng"},
    )
    assert page.status_code == 400
    assert expected in page.content.decode()
    assert congress.delegates.count() == 31


def test_an_excel_file_adds_delegates_or_nothing(client_of, alice, congress):
    c = client_of(alice)
    url = reverse("elections:delegates_import", args=[congress.pk])
    good = xlsx(
        [["Số thẻ", "Họ và tên", "Năm sinh", "Đơn vị"], [32, "Phạm Văn Quang", 1977, "Chi bộ 3"]]
    )
    assert c.post(url, {"file": good}).status_code == 302
    assert Delegate.objects.get(congress=congress, number=32).born == 1977
    bad = xlsx(
        [
            ["Số thẻ", "Họ và tên"],
            [33, "Đúng Người"],
            [34, "=1+1"],
            [33, "Trùng Số"],
        ]
    )
    page = c.post(url, {"file": bad})
    assert page.status_code == 400
    body = page.content.decode()
    assert "Dòng 3, cột Họ và tên: bắt đầu bằng «=»" in body
    assert "Dòng 4, cột Số thẻ: số 33 trùng với dòng 2" in body
    assert congress.delegates.count() == 32


def test_an_exclusion_with_its_note_lowers_the_electorate(client_of, alice, congress):
    d = congress.delegates.get(number=3)
    c = client_of(alice)
    url = reverse("elections:delegate_edit", args=[d.pk])
    data = {
        "d-number": "3",
        "d-name": d.name,
        "d-kind": "official",
        "x-exclusion": Exclusion.SUSPENDED,
    }
    assert c.post(url, data).status_code == 400  # the note is required
    assert c.post(url, {**data, "x-exclusion_note": "Quyết định số 12"}).status_code == 302
    text = c.get(reverse("elections:day", args=[congress.pk])).content.decode()
    assert "31 đại biểu chính thức được triệu tập − 1 không tính theo quy chế = 30" in text
    assert "Quyết định số 12" in text


def test_the_cards_pdf_has_one_page_for_eight_cards(client_of, alice, congress):
    response = client_of(alice).get(reverse("elections:delegate_cards", args=[congress.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="the-dai-bieu-')
    assert len(pypdfium2.PdfDocument(response.content)) == 4  # 31 cards


# ---------------------------------------------------------------------------------- attendance


def test_attendance_by_number_by_card_and_by_list_is_a_log_of_events(client_of, alice, congress):
    c = client_of(alice)
    mark = reverse("elections:attendance_mark", args=[congress.pk])
    present(c, congress, 1, 2, 3)
    card = congress.delegates.get(number=4).card_code
    c.post(mark, {"code": card})
    c.post(mark, {"code": card})  # the scanner read the card twice: one event
    c.post(mark, {"code": "2", "state": Presence.LEFT})
    ids = [str(d.pk) for d in congress.delegates.filter(number__in=[5, 6])]
    c.post(
        reverse("elections:attendance_list", args=[congress.pk]),
        {"delegate": ids, "state": Presence.ABSENT_WITH_LEAVE},
    )
    c.post(
        reverse("elections:attendance_list", args=[congress.pk]),
        {"delegate": ids[:1], "state": Presence.ABSENT},
    )
    assert AttendanceEvent.objects.count() == 8
    events = AttendanceEvent.objects.filter(delegate__number=2).order_by("at", "id")
    assert [e.state for e in events] == [Presence.PRESENT, Presence.LEFT]
    assert all(e.recorded_by == alice for e in events)
    assert AttendanceEvent.objects.get(delegate__number=4).how == "card"
    page = c.get(reverse("elections:attendance", args=[congress.pk])).content.decode()
    assert 'data-testid="count-in">3<' in page
    assert 'data-testid="count-left">1<' in page
    assert 'data-testid="count-leave">1<' in page
    assert 'data-testid="count-absent">1<' in page
    assert 'data-testid="count-none">25<' in page
    unknown = c.post(mark, {"code": "999"}, follow=True).content.decode()
    assert "Không có đại biểu số thẻ hoặc mã thẻ «999»" in unknown


def test_a_bulk_form_sent_twice_records_once(client_of, alice, congress):
    c = client_of(alice)
    ids = [str(d.pk) for d in congress.delegates.all()[:10]]
    data = {"delegate": ids, "state": Presence.PRESENT, "form_token": "tok-1"}
    url = reverse("elections:attendance_list", args=[congress.pk])
    c.post(url, data)
    c.post(url, {**data, "state": Presence.ABSENT})
    assert AttendanceEvent.objects.count() == 10
    assert set(AttendanceEvent.objects.values_list("state", flat=True)) == {Presence.PRESENT}


# ----------------------------------------------------------------------------------- elections


def test_alice_creates_an_election_and_pastes_its_candidates(client_of, alice, congress):
    c = client_of(alice)
    data = {
        "title": "Bầu Ban Chấp hành",
        "body": "committee",
        "seats": "3",
        "alternates": "0",
        "rules": "party",
        "spares": "5",
    }
    page = c.post(
        reverse("elections:election_new", args=[congress.pk]), {**data, "form_token": "e1"}
    )
    assert page.status_code == 302
    c.post(reverse("elections:election_new", args=[congress.pk]), {**data, "form_token": "e1"})
    election = Election.objects.get(congress=congress)  # one, not two
    assert (election.slug, election.round) == ("bau-ban-chap-hanh", 1)
    text = "1. Trần Văn Bình, 1975\nLê Thị An (1980)\nNguyễn Văn Cường\nPhạm Thị An\t1969"
    assert (
        c.post(
            reverse("elections:candidates_paste", args=[election.pk]), {"text": text}
        ).status_code
        == 302
    )
    assert list(election.candidates.values_list("name", "born")) == [
        ("Trần Văn Bình", 1975),
        ("Lê Thị An", 1980),
        ("Nguyễn Văn Cường", None),
        ("Phạm Thị An", 1969),
    ]
    page = c.get(reverse("elections:election", args=[election.pk])).content.decode()
    order = page.split('data-testid="ballot-order">')[1].split("</ol>")[0]
    assert (
        order.index("Lê Thị An")
        < order.index("Phạm Thị An")
        < order.index("Trần Văn Bình")
        < order.index("Nguyễn Văn Cường")
    )


def test_alternates_are_for_delegates_only(client_of, alice, congress):
    data = {
        "title": "Bầu BCH",
        "body": "committee",
        "seats": "3",
        "alternates": "2",
        "rules": "party",
        "spares": "5",
    }
    page = client_of(alice).post(reverse("elections:election_new", args=[congress.pk]), data)
    assert (
        page.status_code == 400 and "Chỉ bầu đại biểu dự đại hội cấp trên" in page.content.decode()
    )


def test_bad_candidate_rows_are_refused_whole(client_of, alice, election):
    c = client_of(alice)
    page = c.post(
        reverse("elections:candidates_paste", args=[election.pk]),
        {"text": "Ngô Văn Tư\n@SUM(A1)\nNguyễn Văn An"},
    )
    body = page.content.decode()
    assert page.status_code == 400
    assert "Dòng 2, cột Họ và tên: bắt đầu bằng «@»" in body
    assert "Dòng 3, cột Họ và tên: «Nguyễn Văn An» đã có trong danh sách" in body
    file = xlsx([["Họ và tên", "Năm sinh"], ["Ngô Văn Tư", 1970], ["Hà\u202e Văn", None]])
    page = c.post(reverse("elections:candidates_import", args=[election.pk]), {"file": file})
    assert (
        page.status_code == 400
        and "Dòng 3, cột Họ và tên: có ký tự điều khiển" in page.content.decode()
    )
    assert election.candidates.count() == 7


def approve(c, election, subject, votes_for, against=0, abstain=0):
    return c.post(
        reverse("elections:approval", args=[election.pk, subject]),
        {
            f"{subject}-votes_for": str(votes_for),
            f"{subject}-votes_against": str(against),
            f"{subject}-abstain": str(abstain),
        },
        follow=True,
    )


def test_approvals_need_more_than_half_of_those_present(client_of, alice, congress, election):
    c = client_of(alice)
    election.electorate = None
    election.save()
    present(c, congress, *range(1, 21))  # 20 present
    page = approve(c, election, "number", 15, 4, 2)
    assert "nhiều hơn 20 đại biểu có mặt" in page.content.decode()
    page = approve(c, election, "list", 15)
    assert "Hãy biểu quyết thông qua số lượng bầu trước" in page.content.decode()
    page = approve(c, election, "number", 10, 10)
    assert "không đạt: 10 tán thành trên 20 đại biểu có mặt" in page.content.decode()
    page = approve(c, election, "number", 11, 9)
    assert election.approvals.get(subject="number").passed
    page = approve(c, election, "list", 18, 1, 1)
    election.refresh_from_db()
    assert election.state == ElectionState.APPROVED
    assert election.electorate == 31
    assert election.electorate_formula.startswith("31 đại biểu chính thức được triệu tập = 31")
    refused = c.post(
        reverse("elections:candidates_paste", args=[election.pk]),
        {"text": "Người Mới"},
        follow=True,
    )
    assert "không thay đổi được nữa" in refused.content.decode()
    assert election.candidates.count() == 7
    assert reverse("counting:station", args=[election.pk]) in page.content.decode()


def test_the_ballots_pdf_has_one_page_per_voter_present_and_spares(
    client_of, alice, congress, election
):
    c = client_of(alice)
    present(c, congress, *range(1, 13))  # 12 present
    url = reverse("elections:ballots", args=[election.pk])
    assert c.get(url).status_code == 302  # the list is not approved yet
    approve(c, election, "number", 12)
    approve(c, election, "list", 12)
    response = c.get(url + "?spares=3")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="phieu-bau-bau-ban-chap-hanh-khoa-moi-lan-1-15-to.pdf"'
    )
    assert len(pypdfium2.PdfDocument(response.content)) == 15
    assert len(pypdfium2.PdfDocument(c.get(url).content)) == 17  # the election's 5 spares


def test_a_candidate_added_after_the_list_vote_undoes_it(client_of, alice, congress, election):
    c = client_of(alice)
    present(c, congress, *range(1, 11))
    approve(c, election, "number", 10)
    c.post(
        reverse("elections:candidate_add", args=[election.pk]),
        {"name": "Ngô Thị Lan", "born": "1982"},
    )
    assert Candidate.objects.filter(election=election, name="Ngô Thị Lan", born=1982).exists()
    assert election.approvals.filter(subject="number").exists()


# ----------------------------------------------------------------------- sittings, panels, edits


def test_alice_adds_a_sitting_and_the_counting_committee(client_of, alice, congress):
    c = client_of(alice)
    page = c.post(
        reverse("elections:sitting_new", args=[congress.pk]),
        {
            "title": "Phiên chính thức",
            "starts_at": "2026-12-20T07:30",
            "place": "Hội trường UBND phường",
        },
    )
    assert page.status_code == 302
    assert congress.sittings.get().place == "Hội trường UBND phường"
    url = reverse("elections:panel_new", args=[congress.pk])
    assert (
        c.post(url, {"panel": "counting", "name": "Trần Thị Hoa", "role": "head"}).status_code
        == 302
    )
    assert (
        c.post(url, {"panel": "counting", "name": "Lê Văn Minh", "role": "member"}).status_code
        == 302
    )
    assert (
        c.post(url, {"panel": "technical", "name": "Vũ Kỹ Thuật", "role": "operator"}).status_code
        == 302
    )
    wrong = c.post(url, {"panel": "counting", "name": "Ai Đó", "role": "operator"})
    assert (
        wrong.status_code == 400
        and "Nhiệm vụ này không có trong bộ phận đã chọn" in wrong.content.decode()
    )
    day = c.get(reverse("elections:day", args=[congress.pk])).content.decode()
    counting = day.split('id="panel-counting"')[1].split("</div>")[0]
    assert (
        "Trần Thị Hoa — <i>Trưởng ban</i>" in counting
        and "Lê Văn Minh — <i>Thành viên</i>" in counting
    )
    assert "Phiên chính thức" in day


def test_an_election_edited_meanwhile_is_not_overwritten(client_of, alice, election):
    c = client_of(alice)
    url = reverse("elections:election_edit", args=[election.pk])
    form = c.get(url).content.decode()
    version = form.split('name="version" value="')[1].split('"')[0]
    data = {
        "title": election.title,
        "body": "committee",
        "seats": "5",
        "alternates": "0",
        "rules": "party",
        "spares": "5",
        "version": version,
    }
    assert c.post(url, {**data, "spares": "8"}).status_code == 302
    stale = c.post(url, {**data, "seats": "4"})
    assert stale.status_code == 400 and "Trong lúc bạn sửa" in stale.content.decode()
    election.refresh_from_db()
    assert (election.seats, election.spares) == (5, 8)


def test_the_qr_on_a_card_reads_back_as_the_card_code(client_of, alice, congress):
    import numpy as np
    import zxingcpp

    pdf = client_of(alice).get(reverse("elections:delegate_cards", args=[congress.pk])).content
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil().convert("L")
    pixels = np.array(image)
    # The first card's QR: the right of the card at the page's top left (points × 3). Read
    # with zxing-cpp, the project's QR reader (OpenCV's detector missed about 1 random code in
    # 60 that zxing reads, like a handheld scanner does).
    first = pixels[3 * 150 : 3 * 250, 3 * 190 : 3 * 300]
    found = zxingcpp.read_barcodes(first)
    assert [r.text for r in found] == [congress.delegates.get(number=1).card_code]


def test_an_election_may_change_its_rule_sets_base_and_round_limit(client_of, alice, congress):
    from daihoi.web.elections import services

    data = {
        "title": "Bầu Ban Chấp hành Đoàn",
        "body": "committee",
        "seats": "3",
        "alternates": "0",
        "rules": "party",
        "spares": "5",
        "threshold_override": "collected",
        "max_rounds_override": "2",
    }
    page = client_of(alice).post(reverse("elections:election_new", args=[congress.pk]), data)
    assert page.status_code == 302
    election = Election.objects.get(congress=congress)
    assert election.overrides == {"threshold_base": "collected", "max_rounds": 2}
    for name in ("Lê Văn An", "Trần Thị Bình", "Phạm Văn Cường", "Hoàng Thị Dung"):
        election.candidates.create(name=name)
    engine = services.engine_election(election)
    assert (engine.rules.threshold_base.value, engine.rules.max_rounds) == ("collected", 2)
    shown = client_of(alice).get(reverse("elections:election", args=[election.pk])).content.decode()
    assert "quá bán tính trên số phiếu thu về; tối đa 2 lần bầu" in shown
    # Back to the preset: the override is gone.
    c = client_of(alice)
    url = reverse("elections:election_edit", args=[election.pk])
    version = c.get(url).content.decode().split('name="version" value="')[1].split('"')[0]
    edit = {**data, "threshold_override": "", "max_rounds_override": "", "version": version}
    assert c.post(url, edit).status_code == 302
    election.refresh_from_db()
    assert election.overrides == {}
