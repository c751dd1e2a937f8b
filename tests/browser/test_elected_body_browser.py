"""The composition risk and the elected body's report in real Chromium, at a desk and on a
360 px phone: Hoa lists ten names for nine seats and reads what the vote can do to the women;
she enters the preliminary votes and the chance appears without leaving the page (HTMX). The
count is confirmed; Hoa downloads the congress's Word report; Alice (Hà Nam's office) reads the
committees' structure rolled up, with its source."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

from daihoi.web.elections.services import election_from_list
from daihoi.web.personnel import plans
from tests.web.personnel.conftest import (  # noqa: F401  (the congress, its cadres, Hoa)
    cadres,
    hoa,
    season,
    ward_congress,
)
from tests.web.personnel.test_elected_body import _votes, count_and_confirm
from tests.web.season.conftest import empty_cache  # noqa: F401  (no dashboard cached)

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("DAIHOI_SHOTS", "/tmp/daihoi-personnel-shots"))


def no_sideways_scroll(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 360])
def test_the_risk_and_the_report_of_a_counted_election(
    logged_in_page,
    browser,
    live_server,
    hoa,  # noqa: F811
    alice,
    tree,
    make_user,
    ward_congress,  # noqa: F811
    cadres,  # noqa: F811
    empty_cache,  # noqa: F811
    width,
):
    from docx import Document

    SHOTS.mkdir(parents=True, exist_ok=True)
    cl = plans.create_list(hoa, ward_congress, "committee", 9, "Bầu Ban Chấp hành khóa mới")
    for person in cadres[:10]:
        plans.nominate(hoa, cl, person, "outgoing")
    page = logged_in_page(hoa)
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
    page.goto(f"/personnel/lists/{cl.pk}/")
    risk = page.inner_text("[data-testid=risk]")
    assert "Nếu 1 trong 2 ứng viên nữ không trúng cử, tỷ lệ nữ còn 11,11% < 15%." in risk
    assert "Nhập kết quả phiếu giới thiệu" in risk
    page.click("#risk summary")
    page.fill("#id_voters", "30")
    for n, votes in zip(
        cl.nominations.order_by("id"), [28, 14, 27, 26, 25, 24, 23, 12, 22, 21], strict=True
    ):
        page.fill(f"#id_votes-{n.pk}", str(votes))
    url = page.url
    page.click("[data-testid=preliminary] button[type=submit]")
    page.wait_for_selector("[data-testid=chance]")
    assert page.url == url  # the part was swapped in, the page stayed
    assert "Theo phiếu giới thiệu, khả năng tỷ lệ nữ dưới 15%: khoảng" in page.inner_text(
        "[data-testid=risk]"
    )
    no_sideways_scroll(page, width)
    page.screenshot(path=SHOTS / f"{width}-risk.png", full_page=True)

    # The list becomes the election; the count is confirmed.
    election_from_list(hoa, cl, slug="bch", number=_votes(29), listing=_votes(28))
    cl.refresh_from_db()
    votes = {c.name: (10 if c.name == "Lê Văn Minh" else 25) for c in cl.election.candidates.all()}
    count_and_confirm(cl, make_user, tree, votes)

    # The list page shows the body elected, from the records.
    page.goto(f"/personnel/lists/{cl.pk}/")
    body = page.inner_text("[data-testid=elected-body]")
    assert "Số ủy viên\t9" in body and "Tuổi bình quân\t45,7" in body
    assert "Nữ: 2/9 (22,2%), đạt từ 15%." in body
    no_sideways_scroll(page, width)
    page.screenshot(path=SHOTS / f"{width}-elected.png", full_page=True)

    # Hoa's Word report of the congress.
    page.goto(f"/personnel/congress/{ward_congress.pk}/plan/")
    with page.expect_download() as download:
        page.click("[data-testid=plan-files] >> text=Word")
    document = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    table = document.tables[-1]
    rows = {r.cells[0].text: r.cells[1].text for r in table.rows}
    assert rows["Số ủy viên"] == "9" and rows["Nữ"] == "2" and rows["Tuổi bình quân"] == "45,7"

    # Alice reads Hà Nam's committees: Phủ Lý's row sums Minh Khai's.
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    office = context.new_page()
    office.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
    office.goto("/accounts/login/")
    office.fill("#id_username", alice.username)
    from tests.web.conftest import PASSWORD

    office.fill("#id_password", PASSWORD)
    office.click("button[type=submit]")
    office.wait_for_url(lambda u: "/accounts/login/" not in u)
    # Her own unit's progress page is the home page.
    office.click("[data-testid=bodies-link]")
    table = office.inner_text("[data-testid=bodies]")
    assert "Đảng bộ thành phố Phủ Lý" in table
    assert "kết quả kiểm phiếu (1 đại hội)" in table
    cells = office.locator("[data-testid=bodies] tbody tr").first.locator("td").all_inner_texts()
    assert cells[0] == "Đảng bộ thành phố Phủ Lý" and cells[2] == "9" and cells[5] == "2"
    no_sideways_scroll(office, width)
    office.screenshot(path=SHOTS / f"{width}-bodies.png", full_page=True)
    context.close()
