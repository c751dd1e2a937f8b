# ruff: noqa: F811  (the fixtures imported from tests/web/imports are parameters of the tests)
"""In real Chromium, at desktop and phone size: Alice opens Minh Khai's congress, follows the
link to its results bundles, registers the station's key as read over the phone (spaces,
capitals), mistypes it once, then sends the station's bundle; the page waits for the task
worker and shows the bundle imported; the congress's page shows the elected with their source.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from daihoi.web.imports.models import BundleImport, StationRegistration
from tests.tasks import run_worker
from tests.web.imports.conftest import bundle_of, congress, station_key  # noqa: F401

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_alice_registers_the_station_key_and_imports_its_bundle(
    size: str, logged_in_page, congress, station_key, bundle_of, alice, tmp_path: Path
) -> None:
    page: Any = logged_in_page(alice)
    page.set_viewport_size(SIZES[size])
    bundle = tmp_path / "minh-khai.bundle.zip"
    bundle.write_bytes(bundle_of(congress).zip())

    page.goto(f"/season/congresses/{congress.pk}/")
    page.get_by_test_id("imports-link").click()
    expect(page.get_by_role("heading", name="Gói kết quả của trạm kiểm phiếu")).to_be_visible()

    form = page.get_by_test_id("register-form")
    form.get_by_label("Dấu khoá của trạm").fill("1234 5678")
    form.get_by_label("Tên máy trạm").fill("Máy trạm hội trường")
    form.get_by_role("button", name="Đăng ký khoá").click()
    expect(page.get_by_text("Dấu khoá cần đúng 16 chữ số hex")).to_be_visible()
    form = page.get_by_test_id("register-form")
    expect(form.get_by_label("Tên máy trạm")).to_have_value("Máy trạm hội trường")  # kept
    form.get_by_label("Dấu khoá của trạm").fill(station_key.fingerprint.replace("-", " ").upper())
    form.get_by_role("button", name="Đăng ký khoá").click()
    expect(page.get_by_test_id("registration")).to_contain_text(station_key.fingerprint)
    assert StationRegistration.objects.get().fingerprint == station_key.fingerprint

    page.set_input_files("#id_bundle", str(bundle))
    page.get_by_role("button", name="Gửi và kiểm tra").click()
    expect(page.get_by_role("status").first).to_contain_text("Đang kiểm tra gói kết quả")
    run_worker()
    expect(page.get_by_test_id("bundle-imported")).to_contain_text(station_key.fingerprint)
    assert BundleImport.objects.get().outcome == "imported"
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]

    page.goto(f"/season/congresses/{congress.pk}/")
    on_congress = page.get_by_test_id("bundle-on-congress")
    expect(on_congress).to_contain_text("Nguồn: gói kết quả của trạm kiểm phiếu")
    expect(on_congress).to_contain_text(station_key.fingerprint)
    expect(on_congress).to_contain_text("Trần Thị Bình")
    expect(page.get_by_test_id("figure-bundle-source")).to_be_visible()
