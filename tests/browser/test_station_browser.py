# ruff: noqa: F811  (the fixtures imported from the web tests are parameters of the tests)
"""In real Chromium, at desktop and at phone size: the counting committee uploads the scans of
60 marked ballots, watches the progress and the provisional results, confirms, opens the
projector link before and after, downloads the minutes, and runs round 2 after a tie."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from daihoi.scan.session import ScanSession
from daihoi.web.counting import services
from daihoi.web.elections.models import Election
from tests.tasks import run_worker
from tests.web.counting.conftest import approved, ballots_striking, marked_ballots, trio  # noqa: F401
from tests.web.elections.conftest import congress, election  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = {"desktop": (1280, 900), "phone": (360, 740)}


def _wait_for(page, testid: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Run the task worker until the live part (refreshed by htmx) shows ``text``."""
    for _ in range(60):
        run_worker()
        if page.get_by_test_id(testid).first.inner_text().strip() == text:
            return
        page.wait_for_timeout(500)
    expect(page.get_by_test_id(testid).first).to_have_text(text)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES)
def test_sixty_ballots_progress_results_projector_and_minutes(
    size, logged_in_page, approved, alice, tmp_path, browser, live_server
):
    approved.electorate = 80
    approved.save()
    # Sixty papers the reader takes as they are (the flow is tested here, the reader's review
    # rate in bench/scan_accuracy; a page to review waits for the second station issue's queue).
    session = ScanSession(services.elections.engine_election(approved))
    files = []
    for i, data in enumerate(marked_ballots(approved, 70, seed=3)):
        if len(files) == 60:
            break
        if session.add_file(data, f"{i}.png")[0].status.value != "valid":
            continue
        path = tmp_path / f"scan-{i:03d}.png"
        path.write_bytes(data)
        files.append(path)
    expected = {c.name: c.votes for c in session.count().candidates}
    page = logged_in_page(alice)
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    page.goto(f"/counting/elections/{approved.pk}/")
    page.locator("#files").set_input_files([str(p) for p in files])
    expect(page.locator("#upload-list li")).to_have_count(60)
    expect(page.locator("#upload-list li", has_text="đã nhận, đang đọc")).to_have_count(
        60, timeout=60_000
    )

    # The projector link, opened before confirmation on another PC: progress only.
    page.get_by_role("button", name="Tạo đường dẫn màn chiếu").click()
    link = page.get_by_test_id("projector-link").inner_text()
    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    projector.goto(link)
    expect(projector.get_by_test_id("projector-progress")).to_be_visible()

    _wait_for(page, "pages-read", "60")
    expect(page.get_by_test_id("files-waiting")).to_have_text("0")
    expect(page.get_by_test_id("counted")).to_have_text("60")
    document = services.results_of(services.count_of(approved))
    names = [c["name"] for c in document["candidates"]]
    assert {c["name"]: c["votes"] for c in document["candidates"]} == expected
    table = page.locator("#candidates")
    for name in names:
        expect(table).to_contain_text(name)
    expect(projector.locator("body")).not_to_contain_text(names[0])

    page.get_by_test_id("confirm").click()
    expect(page.locator(".messages")).to_contain_text("Kết quả đã được xác nhận")
    projector.wait_for_timeout(3500)  # the projector refreshes by itself every 3 s
    expect(projector.get_by_test_id("projector-outcome")).to_be_visible()
    for name in names:
        expect(projector.locator("table")).to_contain_text(name)
    projector.close()

    with page.expect_download() as download:
        page.get_by_test_id("minutes-pdf").click()
    assert download.value.suggested_filename == f"bien-ban-kiem-phieu-{approved.slug}-lan-1.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF")
    # Once confirmed, the upload form is gone.
    expect(page.locator("#upload-form")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_a_tie_goes_to_round_two_and_a_user_of_another_unit_is_refused(
    logged_in_page, trio, alice, bob, tmp_path, page
):
    a, b, c = services.elections.ballot_order(trio)
    files = []
    for i, data in enumerate(ballots_striking(trio, [[c]] * 3 + [[b]] * 3 + [[a]] * 2)):
        path = tmp_path / f"t-{i}.png"
        path.write_bytes(data)
        files.append(str(path))
    tab = logged_in_page(alice)
    tab.goto(f"/counting/elections/{trio.pk}/")
    tab.locator("#files").set_input_files(files)
    expect(tab.locator("#upload-list li", has_text="đã nhận, đang đọc")).to_have_count(
        8, timeout=30_000
    )
    _wait_for(tab, "pages-read", "8")
    expect(tab.get_by_test_id("outcome")).to_have_attribute("data-outcome", "tie")
    tab.get_by_test_id("confirm").click()
    tab.fill("#added", "Hoàng Thị Dung")
    tab.get_by_test_id("next-round").click()
    second = Election.objects.get(previous=trio)
    tab.wait_for_url(re.compile(rf"/counting/elections/{second.pk}/$"))
    expect(tab.locator("h1")).to_contain_text("lần 2")
    assert set(second.candidates.values_list("name", flat=True)) == {b, c, "Hoàng Thị Dung"}
    # Bob, of another province, gets nothing.
    tab.context.clear_cookies()
    other = logged_in_page(bob)
    response = other.goto(f"/counting/elections/{trio.pk}/")
    assert response is not None and response.status == 404
