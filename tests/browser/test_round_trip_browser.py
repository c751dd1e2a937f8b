# ruff: noqa: F811  (the fixtures imported from tests/web are parameters of the tests)
"""The whole round trip in real Chromium, with the hall station as its own process and its
own database, as in a hall without a network:

1. Alice (office of Hà Nam) exports Minh Khai's congress package from the central server.
2. The hall's laptop runs ``daihoi station serve`` (its own SQLite in a folder of its own); its
   operator receives the package, compares the office's fingerprint and trusts it.
3. The counting committee counts both elections on the station (totals from a count on paper,
   by ``station_count.py`` in the station's process) and the operator downloads the bundle.
4. Back at the central server, Alice registers the station's key as read over the phone and
   sends the bundle: the worker verifies it and the elected are on the congress, with their
   source. The same bundle sent again changes nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from daihoi.web.counting import recording
from daihoi.web.imports.models import BundleImport
from daihoi.web.season.sources import FigureSource
from tests.browser.conftest import PASSWORD
from tests.station.test_serve import clean_env, free_port, start, stop, wait_until_up
from tests.tasks import run_worker
from tests.web.packages.conftest import congress, election, prepared  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STATION_USER = "tram"
STATION_PASSWORD = "Hoi-truong-Minh-Khai-2025"


@pytest.fixture
def station(tmp_path: Path) -> Any:
    """A hall station on a free port: its own data folder, database and key."""
    data = tmp_path / "station"
    port = free_port()
    env = clean_env(DAIHOI_STATION_PASSWORD=STATION_PASSWORD)
    process = start(
        data, port, env, "--org", "Đảng bộ phường Minh Khai", "--first-user", STATION_USER
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield data, base
    finally:
        stop(process)


def log_in(context: Any, username: str, password: str) -> Any:
    tab = context.new_page()
    tab.goto("/accounts/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", password)
    tab.click("button[type=submit]")
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    return tab


@pytest.mark.django_db(transaction=True)
def test_central_to_station_to_central(
    browser: Any, live_server: Any, prepared: Any, alice: Any, station: Any, tmp_path: Path
) -> None:
    data, station_url = station
    central_id = recording.record_id(prepared)

    # 1. The office exports the package.
    central = browser.new_context(base_url=live_server.url, locale="vi-VN")
    central.set_default_timeout(20_000)
    office = log_in(central, alice.username, PASSWORD)
    office.goto(f"/packages/congress/{prepared.pk}/")
    letter_fingerprint = office.get_by_test_id("office-fingerprint").inner_text().strip()
    with office.expect_download() as caught:
        office.get_by_test_id("download-package").click()
    package = tmp_path / "goi-dai-hoi.zip"
    caught.value.save_as(package)

    # 2. The station receives it, the operator comparing the fingerprint with the letter.
    hall = browser.new_context(
        base_url=station_url, locale="vi-VN", viewport={"width": 390, "height": 844}
    )
    hall.set_default_timeout(20_000)
    operator = log_in(hall, STATION_USER, STATION_PASSWORD)
    operator.goto("/packages/receive/")
    operator.set_input_files("input[type=file]", str(package))
    operator.get_by_role("button", name="Kiểm tra gói").click()
    operator.wait_for_url("**/packages/receive/*/")
    shown = operator.get_by_test_id("fingerprint").inner_text()
    assert shown.replace("\n", "").replace(" ", "") == letter_fingerprint
    operator.get_by_label("Tôi đã so cả bốn nhóm").check()
    operator.get_by_label("Gõ lại bốn ký tự cuối").fill(letter_fingerprint[-4:])
    operator.get_by_role("button", name="Tin cậy khoá này và nhận gói").click()
    operator.get_by_test_id("done").wait_for()
    operator.goto("/packages/station-key/")
    station_fingerprint = operator.get_by_test_id("fingerprint").inner_text()
    station_fingerprint = station_fingerprint.replace("\n", "").replace(" ", "")

    # 3. The committee counts on the station; the operator downloads the results bundle.
    counted = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).with_name("station_count.py")),
            str(data),
            STATION_USER,
        ],
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert counted.returncode == 0, counted.stdout + counted.stderr
    assert counted.stdout.count("confirmed") == 2
    first = counted.stdout.split()[1]  # "confirmed <election> <title>": the station's own ids
    operator.goto(f"/counting/elections/{first}/")
    with operator.expect_download() as caught:
        operator.get_by_test_id("record-zip").click()
    bundle = tmp_path / caught.value.suggested_filename
    caught.value.save_as(bundle)
    assert bundle.name == f"{central_id}.bundle.zip"  # the congress keeps its central name

    # 4. The office registers the station's key (read over the phone) and imports the bundle.
    office.goto(f"/season/congresses/{prepared.pk}/")
    office.get_by_test_id("imports-link").click()
    form = office.get_by_test_id("register-form")
    form.get_by_label("Dấu khoá của trạm").fill(station_fingerprint.replace("-", " "))
    form.get_by_label("Tên máy trạm").fill("Máy trạm hội trường Minh Khai")
    form.get_by_role("button", name="Đăng ký khoá").click()
    expect(office.get_by_test_id("registration")).to_contain_text(station_fingerprint)
    office.set_input_files("#id_bundle", str(bundle))
    office.get_by_role("button", name="Gửi và kiểm tra").click()
    run_worker()
    expect(office.get_by_test_id("bundle-imported")).to_contain_text(station_fingerprint)
    imported = BundleImport.objects.get()
    assert imported.outcome == "imported", imported.message

    office.goto(f"/season/congresses/{prepared.pk}/")
    on_congress = office.get_by_test_id("bundle-on-congress")
    expect(on_congress).to_contain_text("Nguồn: gói kết quả của trạm kiểm phiếu")
    # Everyone kept the first five names of the committee list and the secretary's only name.
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"):
        expect(on_congress).to_contain_text(name)
    prepared.refresh_from_db()
    assert prepared.committee_size == 5
    assert prepared.figure_sources["committee_size"] == FigureSource.BUNDLE

    # The same bundle again: nothing changes, and the page says it was received already.
    office.goto(f"/imports/congress/{prepared.pk}/")
    office.set_input_files("#id_bundle", str(bundle))
    office.get_by_role("button", name="Gửi và kiểm tra").click()
    run_worker()
    assert BundleImport.objects.filter(outcome="imported").count() == 1
    central.close()
    hall.close()
