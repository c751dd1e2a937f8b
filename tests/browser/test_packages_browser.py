"""Alice exports Minh Khai's congress package from her phone and, at the hall, the station's
operator receives it: the fingerprint is compared, its last four characters typed, the
congress appears with the central id. At 360 px no page is wider than the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from daihoi.web.counting import recording
from daihoi.web.packages import services
from daihoi.web.season.models import Congress
from tests.browser.conftest import PASSWORD
from tests.web.packages.conftest import (  # noqa: F401  (fixtures)
    as_station,
    congress,
    election,
    prepared,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def fits(tab: Any) -> None:
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], tab.url


def test_export_then_import_at_phone_size(
    browser: Any,
    live_server: Any,
    prepared: Any,  # noqa: F811
    alice: Any,
    tmp_path: Path,
) -> None:
    central_id = recording.record_id(prepared)
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.goto("/accounts/login/")
    tab.fill("#id_username", alice.username)
    tab.fill("#id_password", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)

    tab.goto(f"/season/congresses/{prepared.pk}/")
    tab.get_by_role("link", name="Gói đại hội cho trạm kiểm phiếu").click()
    tab.wait_for_url(f"**/packages/congress/{prepared.pk}/")
    fits(tab)
    tab.screenshot(path=str(tmp_path / "export.png"), full_page=True)
    fingerprint = tab.get_by_test_id("office-fingerprint").inner_text().strip()
    assert fingerprint == services.office_fingerprint()
    with tab.expect_download() as caught:
        tab.get_by_test_id("download-package").click()
    package = tmp_path / "goi.zip"
    caught.value.save_as(package)

    as_station()  # the hall's laptop: its database never had the congress
    tab.goto("/packages/receive/")
    fits(tab)
    tab.set_input_files("input[type=file]", str(package))
    tab.get_by_role("button", name="Kiểm tra gói").click()
    tab.wait_for_url("**/packages/receive/*/")
    assert tab.get_by_test_id("first-time").is_visible()
    shown = tab.get_by_test_id("fingerprint").inner_text().replace("\n", "").replace(" ", "")
    assert shown == fingerprint
    fits(tab)
    tab.screenshot(path=str(tmp_path / "confirm.png"), full_page=True)
    tab.get_by_label("Tôi đã so cả bốn nhóm").check()
    tab.get_by_label("Gõ lại bốn ký tự cuối").fill(fingerprint[-4:])
    tab.get_by_role("button", name="Tin cậy khoá này và nhận gói").click()
    tab.get_by_test_id("done").wait_for()
    fits(tab)
    tab.screenshot(path=str(tmp_path / "done.png"), full_page=True)
    assert "Đã nhận gói đại hội" in tab.content()
    tab.goto("/packages/station-key/")
    fits(tab)
    assert recording.station_key().public_hex in tab.content()
    station = Congress.objects.get(central_id=central_id)
    assert recording.record_id(station) == central_id
    assert station.elections.count() == 2
    context.close()
