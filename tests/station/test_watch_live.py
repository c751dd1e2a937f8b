"""``daihoi station watch`` against a real station server (waitress, task worker, SQLite): the
scanner's folder is sent once, read by the worker, and a second run sends nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.adversarial.station._station import Server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = Server(tmp_path_factory.mktemp("watch-live"))
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


def _watch(
    folder: Path, server: Server, token: str, state: Path
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAIHOI_")}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "daihoi.cli.main",
            "station",
            "watch",
            str(folder),
            server.base,
            "--token",
            token,
            "--once",
            "--state",
            str(state),
            "--settle",
            "0.2",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_the_scanners_folder_is_sent_once_and_counted(server: Server, tmp_path: Path) -> None:
    facts = server.seed(ballots=4, out=tmp_path / "made")
    folder = tmp_path / "scanner"
    folder.mkdir()
    for path in facts["ballots"]:
        shutil.copy(path, folder / Path(path).name)
    shutil.copy(facts["ballots"][0], folder / "copy-of-the-first.png")  # same bytes, new name
    (folder / "notes.txt").write_text("not a scan")
    state = tmp_path / "state.json"
    first = _watch(folder, server, facts["token"], state)
    assert first.returncode == 0, first.stdout + first.stderr
    office = server.browser()
    live = office.wait_idle(facts["election"], expect_pages=4)
    assert live.pages_total == 4
    again = _watch(folder, server, facts["token"], state)
    assert again.returncode == 0, again.stdout + again.stderr
    assert office.wait_idle(facts["election"], expect_pages=4).pages_total == 4
    # No file name reached the server.
    data = server.db_path.read_bytes()
    assert b"copy-of-the-first" not in data and b"ballot-0000" not in data
