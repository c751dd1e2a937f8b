# ruff: noqa: F811
"""W4: documents: Word files that are not, the public comment link abused, hostile comments in
the DOCX report, receipts guessed, another unit reading or answering a unit's drafts and
comments."""

from __future__ import annotations

import datetime
import io
import secrets
import zipfile

import docx
import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from daihoi.web.documents.models import Comment, CommentGroup, Draft
from tests.web.documents.conftest import (  # noqa: F401
    ha_nam_congress,
    lan,
    minh,
    ninh_binh_congress,
    phu_ly_congress,
    report_docx,
    season,
)
from tests.web.documents.test_documents import open_round, upload

from .conftest import text_of, zip_of

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------- hostile Word files

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _bomb_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<x/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            for _ in range(300):
                f.write(b"<" * (1024 * 1024))
    return out.getvalue()


def _many_members() -> bytes:
    return zip_of({f"word/m{i}.xml": b"x" for i in range(5000)} | {"[Content_Types].xml": b"<x/>"})


HOSTILE_DOCX = {
    "renamed_pdf": PDF,
    "renamed_png": b"\x89PNG\r\n\x1a\n" + b"\0" * 100,
    "empty": b"",
    "zip_not_word": zip_of({"hello.txt": b"hi"}),
    "many_members": _many_members(),
    "xml_entity_bomb": zip_of(
        {
            "[Content_Types].xml": b"<x/>",
            "word/document.xml": (
                b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
                b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
                b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">'
                b'<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]><l>&f;&f;&f;</l>'
            ),
        }
    ),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_DOCX))
def test_a_file_that_is_not_a_word_draft_is_refused(alice, ha_nam_congress, client_of, kind):
    response = upload(client_of(alice), ha_nam_congress, HOSTILE_DOCX[kind])
    assert response.status_code in (200, 400), response.status_code
    assert 'value="Báo cáo chính trị"' in text_of(response)  # the form again, with a reason
    assert not Draft.objects.exists()


def test_a_zip_bomb_named_docx_is_refused(alice, ha_nam_congress, client_of):
    response = upload(client_of(alice), ha_nam_congress, _bomb_docx())
    assert response.status_code in (200, 400)
    assert not Draft.objects.exists()


def test_a_huge_file_is_refused(alice, ha_nam_congress, client_of):
    response = upload(client_of(alice), ha_nam_congress, b"PK\x03\x04" + b"\0" * (40 * 1024**2))
    assert response.status_code in (200, 400, 413)
    assert "quá lớn" in text_of(response)
    assert not Draft.objects.exists()


def test_a_file_name_with_markup_is_escaped(alice, ha_nam_congress, client_of):
    response = upload(client_of(alice), ha_nam_congress, PDF, name="<script>alert(1)</script>.docx")
    assert "<script>alert(1)</script>" not in text_of(response)


def test_a_viewer_or_another_province_uploads_no_draft(
    bob, charlie, phu_ly_congress, client_of, report_docx
):
    assert upload(client_of(charlie), phu_ly_congress, report_docx).status_code == 403
    assert upload(client_of(bob), phu_ly_congress, report_docx).status_code == 404
    assert not Draft.objects.exists()


# ---------------------------------------------------------------------------- the public link


@pytest.fixture
def public_round(alice, ha_nam_congress, client_of, report_docx):  # type: ignore[no-untyped-def]
    upload(client_of(alice), ha_nam_congress, report_docx)
    return open_round(client_of(alice), Draft.objects.get())


def _stamp(seconds_ago: float = 10) -> str:
    at = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    return signing.dumps({"t": int(at.timestamp())}, salt="documents.public")


def _server_stamp(seconds_ago: float) -> str:
    """The stamp the server itself put in a form shown ``seconds_ago`` (its clock turned back)."""
    import time
    from unittest import mock

    from daihoi.web.documents import services

    then = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    with mock.patch.object(time, "time", return_value=then.timestamp()):
        return services.form_stamp(then)


def _post(client, r, text, *, stamp=None, website="", address="203.0.113.7", **headers):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("documents:public", args=[r.public_token]),
        {
            "text": text,
            "stamp": _stamp() if stamp is None else stamp,
            "website": website,
            "section": "",
            "paragraph": "",
            "name": "",
        },
        REMOTE_ADDR=address,
        **headers,
    )


def test_a_flood_from_one_address_is_stopped_whatever_it_claims_to_forward(public_round, client):
    for i in range(8):
        _post(
            client,
            public_round,
            f"Ý kiến giả số {i} về chủ đề {i * 13} khác nhau",
            HTTP_X_FORWARDED_FOR=f"10.0.{i}.{i}",
            HTTP_X_REAL_IP=f"10.1.{i}.{i}",
        )
    assert Comment.objects.count() <= 5


def test_the_sixth_comment_from_one_address_is_a_429(public_round, client):
    codes = [
        _post(client, public_round, f"Ý kiến số {i} nói về vấn đề {i * 17}").status_code
        for i in range(6)
    ]
    assert codes[:5] == [302] * 5 and codes[5] == 429
    assert Comment.objects.count() == 5


@pytest.mark.parametrize("website", ["http://spam", "x", " a "])
def test_the_honeypot_keeps_the_comment_out(public_round, client, website):
    response = _post(client, public_round, "Một ý kiến đàng hoàng về kinh tế", website=website)
    assert response.status_code in (200, 400)
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "stamp",
    [
        "now",
        "future",
        "old",
        "",
        "abc",
        "forged",
        "other_salt",
    ],
)
def test_a_bad_or_early_stamp_keeps_the_comment_out(public_round, client, stamp):
    value = {
        "now": _stamp(0),
        "future": _stamp(-3600),
        "old": _server_stamp(7 * 3600),
        "": "",
        "abc": "abc",
        "forged": signing.dumps({"t": 0}, key="not-the-secret", salt="documents.public"),
        "other_salt": signing.dumps({"t": int(timezone.now().timestamp()) - 10}, salt="x"),
    }[stamp]
    response = _post(client, public_round, "Một ý kiến đàng hoàng về kinh tế", stamp=value)
    assert response.status_code in (200, 400, 403)
    assert not Comment.objects.exists()


def test_a_replayed_form_is_one_comment(public_round, client):
    stamp = _stamp()
    first = _post(client, public_round, "Ý kiến về phát triển du lịch", stamp=stamp)
    again = _post(client, public_round, "Ý kiến về phát triển du lịch", stamp=stamp)
    assert first.status_code == 302 and again.status_code in (200, 302, 400, 409)
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "token",
    ["x", "0" * 32, "../../admin", "%00", "' OR 1=1 --", "<script>"],
)
def test_a_guessed_public_or_receipt_token_finds_nothing(public_round, client, token):
    for name in ("documents:public", "documents:receipt"):
        try:
            url = reverse(name, args=[token])
        except Exception:
            continue
        response = client.get(url)
        assert response.status_code == 404, (name, token, response.status_code)


def test_a_random_receipt_token_finds_nothing(public_round, client):
    _post(client, public_round, "Ý kiến thật về giáo dục phổ thông")
    for _ in range(20):
        url = reverse("documents:receipt", args=[secrets.token_urlsafe(16)])
        assert client.get(url).status_code == 404


def test_a_receipt_token_is_not_a_public_token(public_round, client):
    response = _post(client, public_round, "Ý kiến thật về giáo dục phổ thông")
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert client.get(reverse("documents:public", args=[token])).status_code == 404
    assert client.get(
        reverse("documents:receipt", args=[public_round.public_token])
    ).status_code in (404,)


def test_a_public_comment_on_a_closed_round_is_refused(public_round, client):
    type(public_round).objects.filter(pk=public_round.pk).update(
        deadline=datetime.date.today() - datetime.timedelta(days=1)
    )
    response = _post(client, public_round, "Ý kiến muộn về môi trường")
    assert response.status_code in (200, 400, 403, 404, 410)
    assert not Comment.objects.exists()


# ------------------------------------------------------------------ hostile comments in the report

HOSTILE_COMMENTS = [
    '=HYPERLINK("http://evil.example","Bấm vào đây") ý kiến về kinh tế',
    "+cmd|' /C calc'!A0 ý kiến về văn hóa",
    "@SUM(1+1) ý kiến về giáo dục xã hội",
    "<b>đậm</b><script>alert(1)</script> ý kiến về y tế",
    "Ý kiến\x07 có\x1b ký tự\x00 điều khiển về giao thông",
    "Ý kiến có \u202eđảo chiều\u202c về nông nghiệp",
    '{ HYPERLINK "http://evil.example" } ý kiến về quốc phòng',
    '{ DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" } ý kiến về an ninh',
]


def test_hostile_comments_are_plain_text_in_the_docx_report(public_round, alice, client_of):
    client = client_of(alice)
    url = reverse("documents:round", args=[public_round.pk])
    for text in HOSTILE_COMMENTS:
        response = client.post(
            url, {"source": "member", "text": text, "section": "", "paragraph": ""}
        )
        assert response.status_code in (200, 302, 400), response.status_code
    page = text_of(client.get(url))
    assert "<script>alert(1)</script>" not in page
    report = client.get(reverse("documents:report", args=[public_round.pk]))
    assert report.status_code == 200
    data = report.content
    document = docx.Document(io.BytesIO(data))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = b"".join(
            z.read(n)
            for n in z.namelist()
            if n.startswith("word/")
            and n.endswith(".xml")
            and "theme" not in n
            and "settings" not in n
            and "styles" not in n
        ).decode()
        rels = b"".join(z.read(n) for n in z.namelist() if n.endswith(".rels")).decode()
    for marker in ("<w:fldSimple", "<w:instrText", "<w:hyperlink", "<w:fldChar", "ddeLink"):
        assert marker not in xml, marker
    assert "evil.example" not in rels
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    joined = "\n".join(texts)
    assert 'HYPERLINK("http://evil.example"' in joined  # literal, as typed
    assert "<script>alert(1)</script>" in joined  # literal, not markup
    for ch in "\x07\x1b\x00":
        assert ch not in joined


# ------------------------------------------------------------------ another unit's drafts


@pytest.fixture
def phu_ly_round(lan, phu_ly_congress, client_of, report_docx):  # type: ignore[no-untyped-def]
    upload(client_of(lan), phu_ly_congress, report_docx)
    r = open_round(client_of(lan), Draft.objects.get(organisation=phu_ly_congress.organisation))
    client_of(lan).post(
        reverse("documents:round", args=[r.pk]),
        {
            "source": "member",
            "text": "Bổ sung nội dung chuyển đổi số",
            "section": "",
            "paragraph": "",
        },
    )
    return r


@pytest.fixture
def outsiders(tree, make_user, bob):  # type: ignore[no-untyped-def]
    return {
        "bob": bob,
        "duy_tien_office": make_user("tien", tree.duy_tien, "office"),
        "hoa_mac_secretary": make_user("mac", tree.hoa_mac, "secretary"),
    }


@pytest.mark.parametrize("who", ["bob", "duy_tien_office", "hoa_mac_secretary"])
def test_another_unit_reads_nothing_of_a_units_round(phu_ly_round, outsiders, client_of, who):
    client = client_of(outsiders[who])
    draft = phu_ly_round.version.draft if hasattr(phu_ly_round, "version") else Draft.objects.get()
    for path in (
        reverse("documents:draft", args=[draft.pk]),
        reverse("documents:diff", args=[draft.pk]),
        reverse("documents:round", args=[phu_ly_round.pk]),
        reverse("documents:minutes", args=[phu_ly_round.pk]),
        reverse("documents:poster", args=[phu_ly_round.pk]),
        reverse("documents:report", args=[phu_ly_round.pk]),
        reverse("documents:congress", args=[draft.congress_id]),
    ):
        response = client.get(path)
        assert response.status_code == 404, (path, response.status_code)
    assert "Bổ sung nội dung chuyển đổi số" not in text_of(client.get(reverse("documents:index")))


@pytest.mark.parametrize("who", ["bob", "duy_tien_office", "hoa_mac_secretary"])
def test_another_unit_answers_or_comments_nothing(phu_ly_round, outsiders, client_of, who):
    client = client_of(outsiders[who])
    group = CommentGroup.objects.get(round=phu_ly_round)
    response = client.post(
        reverse("documents:answer", args=[group.pk]),
        {f"g{group.pk}-answer": "rejected", f"g{group.pk}-answer_text": "Không"},
    )
    assert response.status_code == 404
    response = client.post(
        reverse("documents:round", args=[phu_ly_round.pk]),
        {"source": "member", "text": "Ý kiến của người ngoài", "section": "", "paragraph": ""},
    )
    assert response.status_code == 404
    for path in ("subround", "send_up"):
        assert client.post(reverse(f"documents:{path}", args=[phu_ly_round.pk])).status_code == 404
    group.refresh_from_db()
    assert group.answer == ""
    assert Comment.objects.filter(round=phu_ly_round).count() == 1


def test_a_viewer_of_the_unit_answers_nothing(phu_ly_round, charlie, client_of):
    group = CommentGroup.objects.get(round=phu_ly_round)
    response = client_of(charlie).post(
        reverse("documents:answer", args=[group.pk]),
        {f"g{group.pk}-answer": "rejected", f"g{group.pk}-answer_text": "Không"},
    )
    assert response.status_code == 403
    group.refresh_from_db()
    assert group.answer == ""


def test_the_level_above_reads_the_round(phu_ly_round, alice, client_of):
    assert (
        client_of(alice).get(reverse("documents:round", args=[phu_ly_round.pk])).status_code == 200
    )


def test_a_unit_below_does_not_read_the_round_of_the_level_above(phu_ly_round, minh, client_of):
    assert (
        client_of(minh).get(reverse("documents:round", args=[phu_ly_round.pk])).status_code == 404
    )
    assert (
        client_of(minh).get(reverse("documents:report", args=[phu_ly_round.pk])).status_code == 404
    )
