"""``daihoi station serve`` on the hall's laptop: no demo data, the first account on first start.

Minh, technical staff of the Tân Lập commune's congress, starts the station on a laptop with no
internet; the scanning and projector PCs reach it by the laptop's address on the hall network.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from daihoi.station.addresses import local_ipv4s
from tests.web.test_server import Browser, free_port

pytestmark = pytest.mark.slow

PASSWORD = "Hoi-truong-Tan-Lap-2025"


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DAIHOI_"))}
    return env | extra


def start(data: Path, port: int, env: dict[str, str], *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "daihoi.cli.main", "station", "serve", "--data", str(data)]
    return subprocess.Popen(
        [*command, "--host", "0.0.0.0", "--port", str(port), *extra],
        env=env,
        cwd=data.parent,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_until_up(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stdout.read() if process.stdout else "exited")
        try:
            Browser(base).request("/accounts/login/")
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise AssertionError("the station did not answer")


def stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=30)
    return output


def login(browser: Browser, username: str, password: str, host: str | None = None) -> int:
    headers = {"Host": host} if host else {}
    browser.request("/accounts/login/", headers=headers)
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": browser.csrf()}
    ).encode()
    status, _, _ = browser.request(
        "/accounts/login/",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", **headers},
    )
    return status


@pytest.fixture
def station(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    data = tmp_path / "tram"
    port = free_port()
    env = clean_env(DAIHOI_STATION_PASSWORD=PASSWORD)
    process = start(
        data, port, env, "--org", "Đảng bộ xã Tân Lập", "--first-user", "minh", "--level", "co-so"
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base, data, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_it_starts_with_the_first_account_only_and_no_demo_data(station) -> None:
    base, data, process = station
    assert login(Browser(base), "minh", PASSWORD) == 302
    assert login(Browser(base), "vanphong", "daihoi2025") == 200  # no demo login
    with sqlite3.connect(data / "daihoi.sqlite3") as db:
        users = db.execute("select username, is_superuser from auth_user").fetchall()
        units = db.execute("select name, level from orgs_organisation").fetchall()
        role = db.execute("select role from accounts_profile").fetchall()
    assert users == [("minh", 0)]
    assert units == [("Đảng bộ xã Tân Lập", 3)]
    assert role == [("office",)]
    output = stop(process)
    assert process.returncode == 0, output
    assert "Đã tạo đơn vị “Đảng bộ xã Tân Lập” và tài khoản minh." in output
    assert "daihoi2025" not in output
    # The station made its key pair at setup and shows its fingerprint for the office.
    from daihoi.record import StationKey

    assert (data / "station.key").is_file()
    key = StationKey.load_or_create(data / "station.key")
    assert f"dấu vân tay {key.fingerprint}" in output


def test_the_other_pcs_reach_it_by_the_addresses_it_prints(station) -> None:
    base, _, process = station
    port = base.rsplit(":", 1)[1]
    addresses = local_ipv4s()
    for address in addresses:  # as a PC of the hall sends it: the laptop's address in Host
        assert login(Browser(base), "minh", PASSWORD, host=f"{address}:{port}") == 302
    status, _, _ = Browser(base).request("/accounts/login/", headers={"Host": "evil.example"})
    assert status == 400
    output = stop(process)
    for address in addresses:
        assert f"http://{address}:{port}/" in output


def test_a_second_start_asks_nothing_and_keeps_the_account(tmp_path: Path) -> None:
    data = tmp_path / "tram"
    port = free_port()
    first = start(
        data,
        port,
        clean_env(DAIHOI_STATION_PASSWORD=PASSWORD),
        "--org",
        "Chi bộ Thôn 3",
        "--first-user",
        "minh",
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}", first)
    finally:
        stop(first)
    again = start(data, port, clean_env())  # no options, no password, no terminal
    try:
        wait_until_up(f"http://127.0.0.1:{port}", again)
        assert login(Browser(f"http://127.0.0.1:{port}"), "minh", PASSWORD) == 302
    finally:
        output = stop(again)
    assert "Trạm mới" not in output


def test_a_first_start_without_a_terminal_or_the_answers_says_what_is_missing(
    tmp_path: Path,
) -> None:
    data = tmp_path / "tram"
    process = start(data, free_port(), clean_env(), "--org", "Chi bộ Thôn 3")
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 2
    assert "--first-user" in output and "DAIHOI_STATION_PASSWORD" in output
    with sqlite3.connect(data / "daihoi.sqlite3") as db:
        assert db.execute("select count(*) from auth_user").fetchone() == (0,)


def test_a_weak_password_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "tram"
    env = clean_env(DAIHOI_STATION_PASSWORD="12345678")
    process = start(data, free_port(), env, "--org", "Chi bộ Thôn 3", "--first-user", "minh")
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 2
    assert "mật khẩu chưa đủ an toàn" in output
