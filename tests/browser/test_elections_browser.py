"""Congress day in real Chromium, at a desk and on a 360 px phone: Alice records the attendance
by card number, creates an election, pastes its candidates, records the two show-of-hands
approvals and downloads the ballots."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

from daihoi.web.elections.models import AttendanceEvent, Election, ElectionState
from tests.web.elections.conftest import congress  # noqa: F401  (the 31-delegate congress)

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("DAIHOI_SHOTS", "/tmp/daihoi-elections-shots"))
CANDIDATES = "Trần Văn Bình, 1975\nLê Thị An, 1980\nNguyễn Văn Cường\nPhạm Thị Dung, 1969"


def no_sideways_scroll(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 360])
def test_alice_runs_the_day_up_to_the_ballots(logged_in_page, alice, congress, width):  # noqa: F811
    page = logged_in_page(alice)
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"/season/congresses/{congress.pk}/")
    page.click("text=Ngày đại hội: điểm danh, bầu cử, in phiếu")
    page.click("#attendance-summary h2 a")
    for number in range(1, 13):
        page.fill("[data-testid=mark-code]", str(number))
        page.press("[data-testid=mark-code]", "Enter")
        page.wait_for_selector(f"#delegate-{number} .el-state.present")
    assert page.inner_text("[data-testid=count-in]") == "12"
    assert page.inner_text("[data-testid=count-none]") == "19"
    no_sideways_scroll(page, width)
    page.screenshot(path=SHOTS / f"{width}-1-attendance.png", full_page=True)
    assert AttendanceEvent.objects.filter(how="number").count() == 12

    page.goto(f"/congress/{congress.pk}/day/")
    page.screenshot(path=SHOTS / f"{width}-2-day.png", full_page=True)
    page.click("text=Tạo cuộc bầu cử")
    page.fill("#id_title", "Bầu Ban Chấp hành khóa 2025–2030")
    page.select_option("#id_body", "committee")
    page.fill("#id_seats", "3")
    page.select_option("#id_rules", "party")
    page.click("button[type=submit].primary")
    page.wait_for_selector("#paste-candidates textarea")
    page.fill("#paste-candidates textarea", CANDIDATES)
    page.click("#paste-candidates button[type=submit]")
    page.wait_for_selector("[data-testid=ballot-order] li >> nth=3")
    order = page.locator("[data-testid=ballot-order] li").all_inner_texts()
    assert order == ["Lê Thị An", "Trần Văn Bình", "Nguyễn Văn Cường", "Phạm Thị Dung"]

    page.fill("#id_number-votes_for", "12")
    page.fill("#id_number-votes_against", "0")
    page.click("#approval-number button[type=submit]")
    page.wait_for_selector("[data-testid=approval-number] .el-ok")
    page.fill("#id_list-votes_for", "11")
    page.fill("#id_list-votes_against", "1")
    page.click("#approval-list button[type=submit]")
    page.wait_for_selector("text=Đã thông qua danh sách")
    no_sideways_scroll(page, width)
    page.screenshot(path=SHOTS / f"{width}-3-election.png", full_page=True)
    election = Election.objects.get(congress=congress)
    assert election.state == ElectionState.APPROVED and election.electorate == 31

    page.fill("#spares", "3")
    with page.expect_download() as info:
        page.click("[data-testid=ballots]")
    download = info.value
    assert download.suggested_filename.endswith("-lan-1-15-to.pdf")
    target = SHOTS / f"{width}-ballots.pdf"
    download.save_as(target)
    assert len(pypdfium2.PdfDocument(target.read_bytes())) == 15
