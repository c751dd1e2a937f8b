"""``kill -9`` of the worker and of the server in the middle of a 60-page batch.

Issue 11: "Kill the worker with ``kill -9`` in the middle of a 60-page batch and restart it: the
counts equal ``daihoi count scan`` on the same files, nothing counted twice or lost; the same for
the server."
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.adversarial.station._station import (
    Server,
    api,
    count_scan,
    multipage,
    observed,
    reference,
)

pytestmark = pytest.mark.slow


def _kill_when_reading(srv: Server, station, pk: int, what: str, runs_before: int) -> int:
    """Wait until the worker has been reading this upload for a few seconds, then SIGKILL.

    Returns the pages shown as read at that moment (the kill must land before the end)."""
    deadline = time.monotonic() + 300
    while srv.log().count("read_count state=RUNNING") <= runs_before:
        assert time.monotonic() < deadline, "the worker never started reading"
        time.sleep(0.1)
    time.sleep(3)
    live = station.live(pk)
    if what == "worker":
        os.kill(srv.wait_worker(), signal.SIGKILL)
    else:
        srv.kill9()
    assert live.files_waiting > 0 or live.pages_read < 60, "read to the end before the kill"
    return live.pages_read


def test_worker_killed_mid_60_page_tiff_then_counts_equal_count_scan(server: Server) -> None:
    facts = server.seed(ballots=60, electorate=100)
    pk = facts["election"]
    tiff = server.data / f"batch-{pk}.tiff"
    tiff.write_bytes(multipage(facts["ballots"], "tiff"))
    station = server.browser()
    first_worker = server.wait_worker()
    runs = server.log().count("read_count state=RUNNING")
    status, payload = api(server.base, facts["token"], tiff.read_bytes(), kind="tiff")
    assert status == 201, payload
    _kill_when_reading(server, station, pk, "worker", runs)
    server.wait_worker(other_than=first_worker)  # the server starts a new one
    live = station.wait_idle(pk, expect_pages=60)
    expected = reference(count_scan(facts["election_path"], [tiff], server.data / "ref-w.json"))
    assert observed(live) == expected
    assert live.pages_total == 60 and live.collected == 60
    # the same file sent again is not counted again
    status, payload = api(server.base, facts["token"], tiff.read_bytes(), kind="tiff")
    assert status == 200 and payload.get("status") == "duplicate", payload


def test_server_killed_mid_60_page_pdf_then_restarted_counts_equal_count_scan(
    server: Server,
) -> None:
    facts = server.seed(ballots=60, electorate=100)
    pk = facts["election"]
    pdf = server.data / f"batch-{pk}.pdf"
    pdf.write_bytes(multipage(facts["ballots"], "pdf"))
    station = server.browser()
    runs = server.log().count("read_count state=RUNNING")
    status, payload = station.upload_files(pk, [("scan.pdf", pdf.read_bytes())])
    assert status in (200, 201, 202) and payload.get("queued"), payload
    _kill_when_reading(server, station, pk, "server", runs)
    time.sleep(1)
    server.start()  # same data dir, same port
    station = server.browser()
    live = station.wait_idle(pk, expect_pages=60)
    expected = reference(count_scan(facts["election_path"], [pdf], server.data / "ref-s.json"))
    assert observed(live) == expected
    assert live.pages_total == 60 and live.collected == 60
    status, payload = station.upload_files(pk, [("again.pdf", pdf.read_bytes())])
    assert payload.get("duplicate") and not payload.get("queued"), payload
