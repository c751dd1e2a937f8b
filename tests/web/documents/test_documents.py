"""Drafts, rounds, comments, groups, answers, the report and the roll-up, through the pages."""

from __future__ import annotations

import datetime
import io
import zipfile

import docx
import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from daihoi.web.audit.models import AuditEntry
from daihoi.web.documents import services
from daihoi.web.documents.models import (
    AnswerKind,
    Comment,
    CommentGroup,
    Draft,
    Invitee,
    Round,
    Source,
)
from tests.web.documents.conftest import make_report

TOMORROW = datetime.date.today() + datetime.timedelta(days=30)


def upload(client, congress, data: bytes, name: str = "bao-cao.docx"):
    f = io.BytesIO(data)
    f.name = name
    return client.post(
        reverse("documents:congress", args=[congress.pk]),
        {"kind": "political", "title": "Báo cáo chính trị", "file": f},
    )


def open_round(client, draft, invited=("units", "members", "public")):
    response = client.post(
        reverse("documents:draft", args=[draft.pk]),
        {
            "r-title": "Lấy ý kiến lần 1",
            "r-deadline": TOMORROW.isoformat(),
            "r-invited": list(invited),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Round.objects.latest("id")


def test_it_imports_a_docx_draft_into_sections_and_numbered_paragraphs(
    alice, ha_nam_congress, client_of, report_docx
):
    client = client_of(alice)
    response = upload(client, ha_nam_congress, report_docx)
    draft = Draft.objects.get()
    assert response.status_code == 302
    v = draft.latest()
    assert v is not None and v.number == 1 and v.paragraphs == 6
    titles = [s["title"] for s in v.outline]
    assert "I. VỀ PHÁT TRIỂN KINH TẾ" in titles and "1. Phương hướng" in titles
    page = client.get(reverse("documents:draft", args=[draft.pk])).content.decode()
    assert 'id="p-6"' in page
    # the same paragraph in two sections is pointed out
    assert "lặp ý đoạn" in page
    entry = AuditEntry.objects.get(action="documents.draft_created")
    assert (
        entry.action_label == "Thêm dự thảo văn kiện"
        and entry.organisation == ha_nam_congress.organisation
    )


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"%PDF-1.4 this is a PDF", "PDF"),
        (b"just text", "không phải Word"),
    ],
)
def test_it_refuses_a_file_that_is_not_docx_and_keeps_the_form(
    alice, ha_nam_congress, client_of, data, words
):
    response = upload(client_of(alice), ha_nam_congress, data)
    body = response.content.decode()
    assert response.status_code == 200 and words in body
    assert 'value="Báo cáo chính trị"' in body  # what was typed is still there
    assert not Draft.objects.exists()


def test_it_refuses_a_zip_bomb_and_a_huge_file(alice, ha_nam_congress, client_of, settings):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<x/>")
        z.writestr("word/document.xml", b" " * (100 * 1024 * 1024))
    body = upload(client_of(alice), ha_nam_congress, bomb.getvalue()).content.decode()
    assert "giải nén" in body
    huge = b"PK\x03\x04" + b"\0" * (services.MAX_UPLOAD + 10)
    body = upload(client_of(alice), ha_nam_congress, huge).content.decode()
    assert "quá lớn" in body and "10 MB" in body
    assert not Draft.objects.exists()


def test_a_new_version_and_the_diff_between_two(alice, ha_nam_congress, client_of, report_docx):
    client = client_of(alice)
    upload(client, ha_nam_congress, report_docx)
    draft = Draft.objects.get()
    f = io.BytesIO(make_report(" Chú trọng phát triển văn hóa."))
    f.name = "lan-2.docx"
    client.post(
        reverse("documents:draft", args=[draft.pk]),
        {"v-file": f, "v-note": "sửa phương hướng", "v-text": ""},
    )
    assert draft.versions.count() == 2
    page = client.get(reverse("documents:diff", args=[draft.pk]), {"a": 1, "b": 2}).content.decode()
    assert "<ins>văn hóa.</ins>" in page or "văn hóa.</ins>" in page


def test_members_comment_similar_comments_are_grouped_and_the_answer_reaches_them(
    alice, charlie, lan, ha_nam_congress, phu_ly_congress, client_of, report_docx
):
    client = client_of(lan)
    upload(client, phu_ly_congress, report_docx)
    draft = Draft.objects.get()
    r = open_round(client, draft)
    minh_client = client_of(charlie)  # a member of Phủ Lý (a viewer: comments, answers nothing)
    url = reverse("documents:round", args=[r.pk])
    for text in (
        "Đề nghị bổ sung nội dung về chuyển đổi số trong phần phương hướng.",
        "Phần phương hướng cần bổ sung nội dung về chuyển đổi số.",
        "Đề nghị tặng thưởng cho các chi bộ trong sạch vững mạnh.",
        "Đề nghị tăng thưởng cho các chi bộ trong sạch vững mạnh.",
    ):
        response = minh_client.post(
            url, {"source": "member", "text": text, "section": "", "paragraph": ""}
        )
        assert response.status_code == 302
    groups = list(CommentGroup.objects.filter(round=r).order_by("-comments", "id"))
    assert [g.comments for g in groups] == [2, 1, 1]
    top = groups[0]
    response = client.post(
        reverse("documents:answer", args=[top.pk]),
        {
            f"g{top.pk}-answer": "taken",
            f"g{top.pk}-answer_text": "Đã bổ sung",
            f"g{top.pk}-change": "Đẩy mạnh chuyển đổi số toàn diện.",
        },
    )
    assert response.status_code == 302
    mine = minh_client.get(url).content.decode()
    assert "Tiếp thu" in mine and "Đẩy mạnh chuyển đổi số toàn diện." in mine
    # an answer with no reason is refused and nothing is saved
    client.post(
        reverse("documents:answer", args=[groups[1].pk]), {f"g{groups[1].pk}-answer": "rejected"}
    )
    groups[1].refresh_from_db()
    assert groups[1].answer == ""
    assert AuditEntry.objects.filter(action="documents.group_answered").count() == 1


def test_one_units_drafts_and_comments_are_kept_from_another(
    alice, bob, lan, ninh_binh_congress, phu_ly_congress, client_of, report_docx, tree, make_user
):
    upload(client_of(bob), ninh_binh_congress, report_docx)
    nb_draft = Draft.objects.get()
    r = open_round(client_of(bob), nb_draft)
    for path in (
        reverse("documents:draft", args=[nb_draft.pk]),
        reverse("documents:round", args=[r.pk]),
        reverse("documents:report", args=[r.pk]),
        reverse("documents:congress", args=[ninh_binh_congress.pk]),
    ):
        assert client_of(alice).get(path).status_code == 404
        assert client_of(lan).get(path).status_code == 404
    # a sibling unit's round under the same level above is not visible either
    upload(client_of(lan), phu_ly_congress, report_docx)
    pl_round = open_round(client_of(lan), Draft.objects.get(organisation=tree.phu_ly))
    duy_tien = make_user("tien", tree.duy_tien, "office")
    assert (
        client_of(duy_tien).get(reverse("documents:round", args=[pl_round.pk])).status_code == 404
    )
    # the level above sees it
    assert client_of(alice).get(reverse("documents:round", args=[pl_round.pk])).status_code == 200


def _public_post(client, r, text, *, stamp=None, website="", address="203.0.113.7"):
    if stamp is None:
        stamp = signing.dumps(
            {"t": int((timezone.now() - datetime.timedelta(seconds=10)).timestamp())},
            salt="documents.public",
        )
    return client.post(
        reverse("documents:public", args=[r.public_token]),
        {
            "text": text,
            "stamp": stamp,
            "website": website,
            "section": "",
            "paragraph": "",
            "name": "",
        },
        REMOTE_ADDR=address,
    )


def test_the_public_comments_without_login_and_reads_the_answer_on_its_receipt(
    alice, ha_nam_congress, client_of, report_docx, client
):
    upload(client_of(alice), ha_nam_congress, report_docx)
    r = open_round(client_of(alice), Draft.objects.get())
    page = client.get(reverse("documents:public", args=[r.public_token]))
    assert page.status_code == 200 and "Góp ý dự thảo văn kiện" in page.content.decode()
    response = _public_post(
        client, r, "Cần quan tâm hơn đến đời sống cán bộ lão thành <script>alert(1)</script>"
    )
    assert response.status_code == 302
    receipt = response["Location"]
    comment = Comment.objects.get()
    assert comment.source == Source.PUBLIC and comment.author is None
    body = client.get(receipt).content.decode()
    assert "&lt;script&gt;" in body and "<script>alert" not in body
    assert "chưa có câu trả lời" in body
    services.answer_group(
        alice, comment.group, AnswerKind.EXPLAINED, "Đã có ở mục II.", "", timezone.now()
    )
    assert "Đã có ở mục II." in client.get(receipt).content.decode()


def test_the_public_form_refuses_bots_floods_and_repeats_with_a_clear_message(
    alice, ha_nam_congress, client_of, report_docx, client
):
    upload(client_of(alice), ha_nam_congress, report_docx)
    r = open_round(client_of(alice), Draft.objects.get())
    assert (
        "Không gửi được"
        in _public_post(client, r, "Ý kiến từ máy", website="http://spam").content.decode()
    )
    fresh = services.form_stamp(timezone.now())
    assert "nhanh quá" in _public_post(client, r, "Gửi ngay lập tức", stamp=fresh).content.decode()
    assert "đã cũ" in _public_post(client, r, "Dấu giả mạo", stamp="abc").content.decode()
    links = "Xem http://a.example.com và http://b.example.com"
    assert "đường dẫn" in _public_post(client, r, links).content.decode()
    assert _public_post(client, r, "Ý kiến thứ nhất về kinh tế").status_code == 302
    assert (
        "đã có người gửi" in _public_post(client, r, "Ý kiến thứ nhất về KINH TẾ!").content.decode()
    )
    for i in range(services.PUBLIC_PER_ADDRESS - 1):
        assert _public_post(client, r, f"Ý kiến khác số {i} về văn hóa {i}").status_code == 302
    flood = _public_post(client, r, "Thêm một ý kiến nữa về giáo dục")
    assert flood.status_code == 429 and "đợi 10 phút" in flood.content.decode()
    # another address is not blocked
    assert (
        _public_post(client, r, "Ý kiến từ người khác", address="198.51.100.2").status_code == 302
    )
    assert Comment.objects.count() == services.PUBLIC_PER_ADDRESS + 1


def test_a_round_without_the_public_has_no_public_page(
    alice, ha_nam_congress, client_of, report_docx, client
):
    upload(client_of(alice), ha_nam_congress, report_docx)
    r = open_round(client_of(alice), Draft.objects.get(), invited=("members",))
    assert client.get(reverse("documents:public", args=[r.public_token])).status_code == 404


def test_minutes_are_entered_several_at_once_with_the_people_they_speak_for(
    alice, ha_nam_congress, client_of, report_docx
):
    client = client_of(alice)
    upload(client, ha_nam_congress, report_docx)
    r = open_round(client, Draft.objects.get())
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "50",
    }
    rows = [
        ("conference", "Nhất trí cao với dự thảo báo cáo.", 120),
        ("veteran", '=HYPERLINK("x") bổ sung lịch sử', 15),
        ("conference", "", 1),
    ]
    for i, (source, text, people) in enumerate(rows):
        data.update(
            {
                f"form-{i}-source": source,
                f"form-{i}-text": text,
                f"form-{i}-people": str(people),
                f"form-{i}-section": "",
            }
        )
    response = client.post(reverse("documents:minutes", args=[r.pk]), data)
    assert response.status_code == 302
    assert sorted(services.counts_by_source(r)) == [
        ("Cán bộ lão thành", 1, 15),
        ("Hội nghị", 1, 120),
    ]


def test_the_report_reads_back_with_totals_groups_and_answers(
    alice, ha_nam_congress, client_of, report_docx
):
    client = client_of(alice)
    upload(client, ha_nam_congress, report_docx)
    r = open_round(client, Draft.objects.get())
    services.add_comment(
        r, services.NewComment("Đề nghị làm rõ nguyên nhân hạn chế.\x07", Source.MEMBER, section=2)
    )
    c = services.add_comment(
        r,
        services.NewComment(
            "Cần làm rõ hơn nguyên nhân của hạn chế.", Source.VETERAN, section=2, people=3
        ),
    )
    services.answer_group(
        alice, c.group, AnswerKind.TAKEN, "", "Bổ sung đoạn nguyên nhân.", timezone.now()
    )
    response = client.get(reverse("documents:report", args=[r.pk]))
    assert response.status_code == 200
    d = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in d.paragraphs)
    cells = "\n".join(cell.text for t in d.tables for row in t.rows for cell in row.cells)
    assert "Tổng hợp, tiếp thu, giải trình ý kiến góp ý" in text
    assert "Tổng số ý kiến góp ý: 2, thay mặt cho 4 lượt người." in text
    assert "I. VỀ PHÁT TRIỂN KINH TẾ" in text
    assert "Đề nghị làm rõ nguyên nhân hạn chế." in cells and "\x07" not in cells
    assert "Tiếp thu" in cells and "Sửa thành: Bổ sung đoạn nguyên nhân." in cells
    assert "2 (4)" in cells


def test_a_units_comments_roll_up_to_the_level_above_each_level_adding_its_own(
    alice, lan, minh, ha_nam_congress, client_of, report_docx, tree
):
    upload(client_of(alice), ha_nam_congress, report_docx)
    province_round = open_round(client_of(alice), Draft.objects.get())
    # Phủ Lý (district) collects its own input on the province's draft
    lan_client = client_of(lan)
    assert (
        "Lấy ý kiến của đơn vị mình" in lan_client.get(reverse("documents:index")).content.decode()
    )
    lan_client.post(reverse("documents:subround", args=[province_round.pk]))
    district = Round.objects.get(parent=province_round)
    assert district.organisation == tree.phu_ly
    # Minh Khai (base, under Phủ Lý) collects its members' comments and sends them up
    minh_client = client_of(minh)
    minh_client.post(reverse("documents:subround", args=[district.pk]))
    base = Round.objects.get(parent=district)
    for text in (
        "Đề nghị bổ sung nhiệm vụ xây dựng nông thôn mới nâng cao.",
        "Bổ sung nhiệm vụ xây dựng nông thôn mới nâng cao.",
    ):
        services.add_member_comment(
            minh, base, services.NewComment(text, Source.MEMBER), datetime.date.today()
        )
    assert minh_client.post(reverse("documents:send_up", args=[base.pk])).status_code == 302
    # the district adds its own, then sends everything up
    services.add_member_comment(
        lan,
        district,
        services.NewComment("Cần có giải pháp đột phá về thu hút đầu tư.", Source.MEMBER),
        datetime.date.today(),
    )
    lan_client.post(reverse("documents:send_up", args=[district.pk]))
    up = list(Comment.objects.filter(round=province_round).order_by("id"))
    assert [(c.source, c.from_unit, c.people) for c in up] == [
        (Source.UNIT, tree.phu_ly, 2),
        (Source.UNIT, tree.phu_ly, 1),
    ]
    assert up[0].units == "Đảng bộ phường Minh Khai"
    assert up[1].units == "Đảng bộ thành phố Phủ Lý"
    # the province's report names the units each group came from
    report = docx.Document(
        io.BytesIO(
            client_of(alice).get(reverse("documents:report", args=[province_round.pk])).content
        )
    )
    cells = "\n".join(c.text for t in report.tables for row in t.rows for c in row.cells)
    assert "(Đơn vị cấp dưới 1; Đảng bộ phường Minh Khai)" in cells
    assert "1 (2)" in cells  # one consolidated comment that speaks for two
    # sending twice adds nothing; a sent round takes no more comments
    lan_client.post(reverse("documents:send_up", args=[district.pk]))
    assert Comment.objects.filter(round=province_round).count() == 2
    assert (
        minh_client.post(
            reverse("documents:round", args=[base.pk]), {"source": "member", "text": "Muộn rồi"}
        ).status_code
        == 403
    )
    # the base unit cannot read the province's round itself
    assert minh_client.get(reverse("documents:round", args=[province_round.pk])).status_code == 404
    assert Invitee.UNITS in province_round.invited


def test_the_round_page_shows_a_qr_and_the_poster_is_a_pdf(
    alice, ha_nam_congress, client_of, report_docx
):
    client = client_of(alice)
    upload(client, ha_nam_congress, report_docx)
    r = open_round(client, Draft.objects.get())
    page = client.get(reverse("documents:round", args=[r.pk])).content.decode()
    assert "<svg" in page and r.public_token in page
    poster = client.get(reverse("documents:poster", args=[r.pk]))
    assert poster.content[:5] == b"%PDF-"


def test_the_report_of_a_big_round_is_made_by_the_task_worker(
    alice, bob, ha_nam_congress, client_of, report_docx, monkeypatch
):
    from tests.tasks import run_worker

    client = client_of(alice)
    upload(client, ha_nam_congress, report_docx)
    r = open_round(client, Draft.objects.get())
    services.bulk_add(
        r,
        [services.NewComment(f"Ý kiến số {i} về chủ đề {i * 7}", Source.MEMBER) for i in range(5)],
        None,
    )
    monkeypatch.setattr(services, "REPORT_IN_BACKGROUND", 3)
    response = client.get(reverse("documents:report", args=[r.pk]))
    assert response.status_code == 302
    job_url = response["Location"]
    assert "chế độ nền" in client.get(job_url).content.decode()
    assert client_of(bob).get(job_url).status_code == 404
    run_worker()
    download = client.get(job_url, {"download": 1})
    d = docx.Document(io.BytesIO(download.content))
    assert "Tổng số ý kiến góp ý: 5" in "\n".join(p.text for p in d.paragraphs)


def test_bulk_entry_and_one_by_one_entry_group_alike(
    alice, ha_nam_congress, client_of, report_docx
):
    upload(client_of(alice), ha_nam_congress, report_docx)
    r = open_round(client_of(alice), Draft.objects.get())
    texts = [
        "Đề nghị bổ sung nội dung về chuyển đổi số trong phần phương hướng.",
        "Phần phương hướng cần bổ sung nội dung về chuyển đổi số.",
        "Đề nghị tặng thưởng cho các chi bộ trong sạch vững mạnh.",
        "Đề nghị tăng thưởng cho các chi bộ trong sạch vững mạnh.",
        "Đề nghị tặng thưởng cho các chi bộ trong sạch vững mạnh!",
    ]
    assert services.bulk_add(r, [services.NewComment(t, Source.PUBLIC) for t in texts], None) == 5
    assert sorted(CommentGroup.objects.filter(round=r).values_list("comments", flat=True)) == [
        1,
        2,
        2,
    ]
    late = services.add_comment(
        r,
        services.NewComment(
            "Cần bổ sung nội dung chuyển đổi số vào phần phương hướng.", Source.MEMBER
        ),
    )
    assert late.group.text == texts[0]
    late.group.refresh_from_db()
    assert (late.group.comments, late.group.people) == (3, 3)
    assert len(set(Comment.objects.values_list("receipt", flat=True))) == 6


def test_the_qr_points_at_the_central_server_when_its_address_is_set(
    alice, ha_nam_congress, client_of, report_docx, settings
):
    settings.DAIHOI_PUBLIC_URL = "https://gopy.example.vn/"
    client = client_of(alice)
    upload(client, ha_nam_congress, report_docx)
    r = open_round(client, Draft.objects.get())
    page = client.get(reverse("documents:round", args=[r.pk])).content.decode()
    assert f"https://gopy.example.vn/documents/p/{r.public_token}/" in page


def test_a_big_word_file_is_read_by_the_task_worker(
    alice, bob, ha_nam_congress, client_of, report_docx, monkeypatch
):
    from tests.tasks import run_worker

    monkeypatch.setattr(services, "IMPORT_IN_BACKGROUND", 1000)
    client = client_of(alice)
    response = upload(client, ha_nam_congress, report_docx)
    assert response.status_code == 302 and "/documents/imports/" in response["Location"]
    job_url = response["Location"]
    assert "chế độ nền" in client.get(job_url).content.decode()
    assert client_of(bob).get(job_url).status_code == 404
    assert not Draft.objects.exists()
    run_worker()
    done = client.get(job_url)
    draft = Draft.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "documents:draft", args=[draft.pk]
    )
    assert draft.latest().paragraphs == 6 and draft.title == "Báo cáo chính trị"
    # a big file that is not Word is refused by the worker, with the sentence on the job's page
    fake = upload(client, ha_nam_congress, b"%PDF-1.7 " + b"x" * 2000)
    run_worker()
    assert "PDF" in client.get(fake["Location"]).content.decode()
    assert Draft.objects.count() == 1


def test_alike_comments_on_different_sections_are_different_groups(
    alice, ha_nam_congress, client_of, report_docx
):
    upload(client_of(alice), ha_nam_congress, report_docx)
    r = open_round(client_of(alice), Draft.objects.get())
    text = "Đề nghị viết ngắn gọn hơn, bỏ các ý trùng lắp."
    one = services.add_comment(r, services.NewComment(text, Source.MEMBER, section=2))
    other = services.add_comment(r, services.NewComment(text, Source.MEMBER, section=3))
    again = services.add_comment(
        r,
        services.NewComment(
            "Cần viết ngắn gọn hơn, bỏ các ý trùng lắp.", Source.VETERAN, section=2
        ),
    )
    general = services.add_comment(r, services.NewComment(text, Source.PUBLIC))
    assert again.group_id == one.group_id
    assert len({one.group_id, other.group_id, general.group_id}) == 3
    n = services.bulk_add(
        r, [services.NewComment(text, Source.PUBLIC, section=s) for s in (2, 3, None, 4)], None
    )
    assert n == 4
    sizes = dict(CommentGroup.objects.filter(round=r).values_list("section", "comments"))
    assert sizes == {2: 3, 3: 2, None: 2, 4: 1}
