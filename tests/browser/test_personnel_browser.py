"""The personnel subcommittee in real Chromium, at a desk and on a 360 px phone: Hoa writes the
plan of Minh Khai's congress, lists the committee's names and sees a check fail, takes a floor
nomination at 30% (refused, with the figures) and at 33% (taken), records a withdrawal and the
congress's decision, and the approved list becomes an election of the counting station. Then she
imports a list with a duplicate and a bad row (refused, every problem said), and the 2C forms
of examples/ (one new person, one merged into his record)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from daihoi.web.elections.models import Election, ElectionState
from daihoi.web.personnel import plans
from daihoi.web.personnel.models import CandidateList, Withdrawal
from tests.web.personnel.conftest import (  # noqa: F401  (the congress, its cadres, Hoa)
    an,
    cadres,
    hoa,
    season,
    ward_congress,
)

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("DAIHOI_SHOTS", "/tmp/daihoi-personnel-shots"))


def no_sideways_scroll(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 360])
def test_hoa_takes_a_list_from_the_plan_into_an_election(
    logged_in_page,
    hoa,  # noqa: F811
    tree,
    ward_congress,  # noqa: F811
    cadres,  # noqa: F811
    width,
):
    page = logged_in_page(hoa)
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
    SHOTS.mkdir(parents=True, exist_ok=True)

    # The plan.
    page.goto(f"/personnel/?org={tree.minh_khai.pk}")
    page.click("text=Đề án nhân sự, danh sách bầu cử")
    page.click("[data-testid=plans] >> text=Đảng bộ phường Minh Khai")
    assert "Nguyễn Văn Hải" in page.inner_text("[data-testid=outgoing]")
    page.fill("#id_committee_size", "9")
    page.fill("#id_standing_size", "3")
    page.fill("#id_deputy_count", "1")
    page.fill("#id_inspection_size", "3")
    page.fill("#id_secretary_name", "Nguyễn Văn Hải")
    page.fill("#id_deputy_names", "Trần Thị Lan")
    page.fill("#id_chair_name", cadres[2].cccd)
    page.click("[data-testid=plan-form] button[type=submit]")
    page.wait_for_selector("text=Đã lưu đề án nhân sự.")
    assert "Ban Chấp hành\t9" in page.inner_text("[data-testid=seats]")
    assert "Lê Văn Minh (tái cử, còn 22/48 tháng)" in page.inner_text("[data-testid=plan-checks]")
    no_sideways_scroll(page, width)
    page.screenshot(path=SHOTS / f"{width}-1-plan.png", full_page=True)

    # A list for the committee: its defaults come from the plan.
    assert page.input_value("#id_seats") == "9"
    page.click("[data-testid=list-new] button[type=submit]")
    page.wait_for_selector("[data-testid=nominate]")
    cl = CandidateList.objects.get()
    for person in cadres[:8]:
        plans.nominate(hoa, cl, person, "outgoing")
    page.reload()
    page.fill("#id_person", "Ngô Văn Tuấn")
    page.select_option("#id_source", "self")
    page.click("[data-testid=nominate] button[type=submit]")
    page.wait_for_selector("text=Đã đưa Ngô Văn Tuấn vào danh sách.")
    surplus = page.inner_text("[data-testid=list-checks] [data-check=surplus]")
    assert surplus == (
        "Chưa đạt: Số dư: 9 người cho 9 chỗ (dư 0 = 0%), cần dư ít nhất 10% (1 người) — "
        "thiếu 1 người."
    )
    page.screenshot(path=SHOTS / f"{width}-2-failing.png", full_page=True)

    # A floor nomination at exactly 30%: refused, what was typed kept; at 33%: taken.
    page.fill("#id_person", "Đặng Văn Việt")
    page.select_option("#id_source", "floor")
    page.fill("#id_nominated_by", "Đại biểu Đỗ Văn Sơn")
    page.fill("#id_agreeing", "9")
    page.fill("#id_present", "30")
    page.click("[data-testid=nominate] button[type=submit]")
    errors = page.inner_text("[data-testid=nominate-errors]")
    assert "Chỉ 9/30 đại biểu có mặt tán thành (30%), cần quá 30% (ít nhất 10 người)" in errors
    assert page.input_value("#id_person") == "Đặng Văn Việt"
    no_sideways_scroll(page, width)
    page.screenshot(path=SHOTS / f"{width}-3-floor-refused.png", full_page=True)
    page.fill("#id_agreeing", "10")
    page.click("[data-testid=nominate] button[type=submit]")
    page.wait_for_selector("text=10/30 đại biểu có mặt tán thành (33,3%), quá 30%.")
    assert (
        page.locator("[data-testid=list-checks] [data-check=surplus]").get_attribute("class")
        == "ok"
    )

    # A withdrawal, and the congress's decision.
    row = page.locator("[data-testid=nominations] tr[data-person='Hoàng Văn Phúc']")
    row.locator("summary", has_text="Xin rút").click()
    row.locator("input[name=reason]").fill("Lý do sức khỏe")
    row.locator("button", has_text="Ghi đơn xin rút").click()
    page.wait_for_selector("text=Đã ghi đơn xin rút của Hoàng Văn Phúc")
    row = page.locator("[data-testid=nominations] tr[data-person='Hoàng Văn Phúc']")
    row.locator("input[name=votes_for]").fill("20")
    row.locator("input[name=present]").fill("30")
    row.locator("button", has_text="Ghi kết quả biểu quyết").click()
    page.wait_for_selector(
        "text=Đại hội đồng ý cho Hoàng Văn Phúc rút khỏi danh sách (20/30 tán thành)."
    )
    assert cl.nominations.get(person=cadres[4]).withdrawal == Withdrawal.ACCEPTED
    page.fill("#id_person", "Lý Văn Xuân")
    page.select_option("#id_source", "self")
    page.click("[data-testid=nominate] button[type=submit]")
    page.wait_for_selector("text=Đã đưa Lý Văn Xuân vào danh sách.")
    no_sideways_scroll(page, width)
    page.screenshot(path=SHOTS / f"{width}-4-list.png", full_page=True)

    # The show of hands, and the election.
    page.click("text=Biểu quyết và lập cuộc bầu cử")
    assert page.locator("[data-testid=names] li").count() == 10
    page.fill("#id_number-votes_for", "29")
    page.fill("#id_number-votes_against", "1")
    page.fill("#id_list-votes_for", "28")
    page.fill("#id_list-votes_against", "2")
    no_sideways_scroll(page, width)
    page.click("[data-testid=from-list-form] button[type=submit]")
    page.wait_for_selector("text=Đã lập cuộc bầu cử từ danh sách.")
    election = Election.objects.get()
    assert election.state == ElectionState.APPROVED and election.candidate_list == cl
    assert "Hoàng Văn Phúc" not in election.candidates.values_list("name", flat=True)
    assert page.url.endswith(f"/congress/elections/{election.pk}/")
    page.screenshot(path=SHOTS / f"{width}-5-election.png", full_page=True)
    page.goto(f"/personnel/lists/{cl.pk}/")
    assert "Bầu Ban Chấp hành" in page.inner_text("[data-testid=handed-over]")


@pytest.mark.parametrize("width", [1280, 360])
def test_hoa_imports_a_list_with_a_duplicate_and_a_bad_row_then_the_2c_forms(
    logged_in_page,
    hoa,  # noqa: F811
    an,  # noqa: F811
    tmp_path,
    width,
):
    from playwright.sync_api import expect

    from tests.tasks import run_worker
    from tests.web.personnel.conftest import HEADER, workbook

    page = logged_in_page(hoa)
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
    bad = tmp_path / "nhan-su.xlsx"
    bad.write_bytes(
        workbook(
            HEADER,
            ["Lê Thị Hoa", "Nữ", "05/02/1985", "035085000111", "", "HNA-PL-01", "", ""],
            ["Lê Thị Hoà", "Nữ", "05/02/1985", "035085000111", "", "HNA-PL-01", "", ""],
            ["Đỗ Văn Khánh", "Nam", "31/02/1980", "", "", "HNA-PL-02", "", ""],
        )
    )
    page.goto("/personnel/import/")
    page.set_input_files("#id_file", str(bad))
    page.click("button[type=submit].primary")
    expect(page.get_by_test_id("import-job")).to_be_visible()
    run_worker()
    problems = page.get_by_test_id("import-problems")
    expect(problems).to_contain_text("Dòng 3, cột Số CCCD: trùng số CCCD với dòng 2.")
    expect(problems).to_contain_text("Dòng 4, cột Ngày sinh: «31/02/1980» không phải một ngày")
    no_sideways_scroll(page, width)
    page.screenshot(path=SHOTS / f"{width}-6-import-problems.png", full_page=True)

    forms = Path(__file__).parents[2] / "examples" / "personnel-2c.xlsx"
    page.goto("/personnel/import/")
    page.set_input_files("#id_file", str(forms))
    page.click("button[type=submit].primary")
    expect(page.get_by_test_id("import-job")).to_be_visible()
    run_worker()
    preview = page.get_by_test_id("import-preview")
    expect(preview).to_contain_text("1 người mới, 1 người gộp vào hồ sơ đã có")
    expect(page.get_by_test_id("import-merges")).to_contain_text("Nguyễn Văn An")
    page.screenshot(path=SHOTS / f"{width}-7-import-preview.png", full_page=True)
    page.click("text=Xác nhận và ghi")
    run_worker()
    expect(page.get_by_test_id("import-done")).to_contain_text("thêm 1, gộp 1")
    an.refresh_from_db()
    assert an.position == "Bí thư Đảng ủy phường Minh Khai"
