"""The documents subcommittee in real Chromium, at a desk and on a 360 px phone.

Alice (office of Hà Nam) imports the political report from Word, opens a comment round for
members, units below and the public; a citizen scans the round's QR code (read back with
zxing-cpp) on a phone, comments without logging in and keeps the receipt link; Alice comments
as a member, sees the two alike comments grouped, answers the group, and the citizen's receipt
shows the answer; she downloads the report. Lan (office of Phủ Lý, below) opens her unit's
round on the province's draft, comments and sends it up; Alice sees it as Phủ Lý's input. Bob
of Ninh Bình cannot open any of it.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import docx
import numpy as np
import pytest
import zxingcpp
from PIL import Image

from daihoi.web.documents.models import Comment, CommentGroup, Round, Source
from tests.web.documents.conftest import (  # noqa: F401  (the congresses and people)
    ha_nam_congress,
    lan,
    make_report,
    season,
)

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("DAIHOI_SHOTS", "/tmp/daihoi-documents-shots"))


def no_sideways_scroll(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def log_in(page: Any, user: Any) -> None:
    from tests.browser.conftest import PASSWORD

    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.parametrize("width", [1280, 360])
def test_a_draft_goes_from_word_through_comments_to_the_report_and_up(
    browser,
    live_server,
    logged_in_page,
    alice,
    bob,
    lan,  # noqa: F811
    ha_nam_congress,  # noqa: F811
    tmp_path: Path,
    width,
):
    page = logged_in_page(alice)
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})

    # Import the draft from Word.
    page.goto(f"/season/congresses/{ha_nam_congress.pk}/")
    page.click("text=Văn kiện đại hội")
    word = tmp_path / "bao-cao-chinh-tri.docx"
    word.write_bytes(make_report())
    page.select_option("#id_kind", "political")
    page.fill("#id_title", "Báo cáo chính trị <b>nhiệm kỳ</b> 2025–2030")
    page.set_input_files("#id_file", str(word))
    page.click("[data-testid=draft-form] button[type=submit]")
    page.wait_for_selector("[data-testid=outline]")
    assert "<b>nhiệm kỳ</b>" in page.inner_text("h1")  # shown as text, not markup
    assert "[6]" in page.inner_text("[data-testid=outline]")
    assert "lặp ý đoạn" in page.inner_text("[data-testid=hints]")
    no_sideways_scroll(page, width)

    # A file that is not Word is refused with a sentence, and the draft stays as it was.
    fake = tmp_path / "gia.docx"
    fake.write_bytes(b"%PDF-1.7 not a docx")
    page.set_input_files("#id_v-file", str(fake))
    page.click("[data-testid=version-form] button[type=submit]")
    assert "PDF" in page.inner_text("[data-testid=version-form]")

    # Open a round for members, units below and the public.
    page.fill("#id_r-title", "Lấy ý kiến dự thảo lần 1")
    page.fill("#id_r-deadline", "2099-12-31")
    page.check("input[name=r-invited][value=public]")
    page.click("[data-testid=round-form] button[type=submit]")
    page.wait_for_selector("[data-testid=qr]")
    round_url = page.url
    r = Round.objects.get()

    # A citizen scans the QR on a phone and comments without logging in.
    shot = page.locator("[data-testid=qr] svg").screenshot()
    pixels = np.array(Image.open(io.BytesIO(shot)).convert("L"))
    found = zxingcpp.read_barcodes(pixels)
    assert len(found) == 1 and found[0].text.endswith(f"/documents/p/{r.public_token}/")
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    citizen = phone.new_page()
    citizen.goto(found[0].text)
    SHOTS.mkdir(parents=True, exist_ok=True)
    citizen.screenshot(path=str(SHOTS / "public-form-phone.png"), full_page=True)
    citizen.fill("#id_text", "Đề nghị bổ sung nội dung về chuyển đổi số trong phần phương hướng.")
    citizen.wait_for_timeout(3200)  # the form refuses a post faster than a person types
    citizen.click("[data-testid=public-form] button[type=submit]")
    citizen.wait_for_selector("[data-testid=receipt-answer]")
    receipt_url = citizen.url
    assert "chưa có câu trả lời" in citizen.inner_text("[data-testid=receipt-answer]")
    no_sideways_scroll(citizen, 360)

    # Alice comments as a member; the two alike comments are one group.
    page.goto(round_url)
    page.fill("#id_text", "Phần phương hướng cần bổ sung nội dung về chuyển đổi số.")
    page.click("[data-testid=comment-form] button[type=submit]")
    page.wait_for_selector("[data-testid=mine]")
    group = CommentGroup.objects.get(round=r)
    assert group.comments == 2
    card = page.locator(f"#group-{group.pk}")
    assert "2 ý kiến" in card.inner_text()

    # She answers the group: taken in, with the change.
    card.locator("input[value=taken]").check()
    card.locator("textarea[name$=change]").fill("Bổ sung: đẩy mạnh chuyển đổi số toàn diện.")
    card.locator("[data-testid=answer-form] button[type=submit]").click()
    page.wait_for_selector(f"#group-{group.pk} [data-testid=answer]")
    page.screenshot(path=str(SHOTS / f"round-{width}.png"), full_page=True)
    assert "Tiếp thu" in page.inner_text("[data-testid=mine]")
    citizen.goto(receipt_url)
    assert "đẩy mạnh chuyển đổi số toàn diện" in citizen.inner_text("[data-testid=receipt-answer]")
    phone.close()

    # The report.
    with page.expect_download() as info:
        page.click("[data-testid=report-link]")
    report = docx.Document(info.value.path())
    cells = "\n".join(c.text for t in report.tables for row in t.rows for c in row.cells)
    assert "chuyển đổi số" in cells and "Tiếp thu" in cells

    # Lan of Phủ Lý collects her unit's comments on the province's draft and sends them up.
    lan_context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": width, "height": 900}
    )
    lan_page = lan_context.new_page()
    log_in(lan_page, lan)
    lan_page.goto("/documents/")
    lan_page.click("[data-testid=above] button")
    lan_page.fill("#id_text", "Cần có giải pháp đột phá về thu hút đầu tư.")
    lan_page.click("[data-testid=comment-form] button[type=submit]")
    lan_page.wait_for_selector("[data-testid=group]")
    lan_page.click("[data-testid=send-up] button")
    lan_page.wait_for_selector("[data-testid=sent-up]")
    # Lan's own unit's round is hers; the province's round is not.
    assert lan_page.goto(round_url).status == 404
    lan_context.close()
    up = Comment.objects.get(round=r, source=Source.UNIT)
    assert up.units == "Đảng bộ thành phố Phủ Lý"
    page.goto(round_url)
    assert "Đơn vị cấp dưới" in page.inner_text("[data-testid=counts]")
    assert "Đảng bộ thành phố Phủ Lý" in page.inner_text("[data-testid=children]")
    no_sideways_scroll(page, width)

    # Bob of Ninh Bình sees none of it.
    bob_context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    bob_page = bob_context.new_page()
    log_in(bob_page, bob)
    assert bob_page.goto(round_url).status == 404
    assert bob_page.goto(f"/documents/{r.version.draft_id}/").status == 404
    bob_context.close()
