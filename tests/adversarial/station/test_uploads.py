"""Files in: duplicates, rescans, other elections and rounds, hostile files, revoked tokens,
uploads after confirmation. Each attack on a server of this module's own."""

from __future__ import annotations

import re
import socket
import threading
import time

import pytest

from tests.adversarial.station import _files
from tests.adversarial.station._station import Server, api, sha

pytestmark = pytest.mark.slow

VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def test_the_same_file_sent_at_the_same_moment_is_counted_once(server: Server) -> None:
    facts = server.seed(ballots=1)
    pk, body = facts["election"], facts["ballots"][0].read_bytes()
    station = server.browser()
    results: list[tuple[str, int, dict]] = []
    gate = threading.Barrier(8)

    def by_api() -> None:
        gate.wait()
        status, payload = api(server.base, facts["token"], body)
        results.append(("api", status, payload))

    def by_form() -> None:
        browser = server.browser()
        gate.wait()
        status, payload = browser.upload_files(pk, [("p.png", body)])
        results.append(("form", status, payload))

    threads = [threading.Thread(target=by_api) for _ in range(5)]
    threads += [threading.Thread(target=by_form) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queued = sum(
        1
        for how, status, p in results
        if (how == "api" and status == 201) or (how == "form" and p.get("queued"))
    )
    assert len(results) == 8 and all(s < 500 for _, s, _ in results), results
    assert queued == 1, results
    live = station.wait_idle(pk, expect_pages=1)
    assert live.pages_read == 1 and live.collected == 1 and live.valid == 1


def test_a_double_submit_of_the_form_counts_once(server: Server) -> None:
    facts = server.seed(ballots=2)
    pk = facts["election"]
    files = [(p.name, p.read_bytes()) for p in facts["ballots"]]
    station = server.browser()
    first = station.upload_files(pk, files)
    second = station.upload_files(pk, files)
    assert first[1].get("queued") == 2, first
    assert second[1].get("queued") == 0 and second[1].get("duplicate") == 2, second
    live = station.wait_idle(pk, expect_pages=2)
    assert live.pages_read == 2 and live.collected == 2


@pytest.mark.parametrize("variant", ["jpeg", "shifted", "rotated", "dpi200"])
def test_a_rescan_of_the_same_paper_is_not_counted_twice(server: Server, variant: str) -> None:
    facts = server.seed(ballots=1)
    pk, png = facts["election"], facts["ballots"][0]
    station = server.browser()
    assert api(server.base, facts["token"], png.read_bytes())[0] == 201
    station.wait_idle(pk, expect_pages=1)
    again = _files.rescans(png)[variant]
    kind = "jpeg" if variant == "jpeg" else "png"
    status, payload = api(server.base, facts["token"], again, kind=kind)
    assert status in (200, 201), payload
    live = station.wait_idle(pk, expect_pages=2 if status == 201 else 1)
    assert live.valid == 1 and live.collected == 1, live.key()
    assert sum(live.votes.values()) == facts["election_file"]["seats"] or live.valid == 1


def test_a_ballot_of_another_election_is_not_counted(server: Server) -> None:
    mine = server.seed(ballots=1)
    other = server.seed(ballots=1)  # same seats and number of candidates, other names
    pk = mine["election"]
    station = server.browser()
    status, payload = api(server.base, mine["token"], other["ballots"][0].read_bytes())
    if status == 201:
        live = station.wait_idle(pk, expect_pages=1)
        assert live.valid == 0 and live.collected == 0, live.key()
        assert live.rejected + live.invalid + live.review == 1
    else:
        assert status in (400, 409) and VIETNAMESE.search(payload.get("error", "")), payload
    # and another election's token cannot put files into this one
    assert api(server.base, other["token"])[1].get("election") != api(server.base, mine["token"])[
        1
    ].get("election")


def test_a_ballot_of_round_1_is_not_counted_in_round_2(server: Server) -> None:
    facts = server.seed(ballots=3)
    pk = facts["election"]
    station = server.browser()
    assert api(server.base, facts["token"], facts["ballots"][0].read_bytes())[0] == 201
    live = station.wait_idle(pk, expect_pages=1)
    assert live.outcome == "short"
    assert station.post(f"/counting/elections/{pk}/confirm/")[0] in (200, 302)
    status, headers, _ = station.post(f"/counting/elections/{pk}/next-round/", {"added": ""})
    assert status == 302, status
    new = re.search(r"/counting/elections/(\d+)/", headers["Location"])
    assert new and int(new.group(1)) != pk, headers["Location"]
    pk2 = int(new.group(1))
    assert station.live(pk2).pages_read == 0, "round 2 starts with no pages"
    # the old round's token does not feed the new round
    status, payload = api(server.base, facts["token"], facts["ballots"][1].read_bytes())
    assert status in (401, 409), payload
    # a paper of round 1 (never uploaded before) put into round 2 through the page
    status, payload = station.upload_files(pk2, [("r1.png", facts["ballots"][2].read_bytes())])
    assert status < 500, payload
    if payload.get("queued"):
        live = station.wait_idle(pk2, expect_pages=1)
        assert live.valid == 0 and live.collected == 0, live.key()


def test_uploads_after_confirmation_are_refused_with_a_message(server: Server) -> None:
    facts = server.seed(ballots=2)
    pk = facts["election"]
    station = server.browser()
    assert api(server.base, facts["token"], facts["ballots"][0].read_bytes())[0] == 201
    station.wait_idle(pk, expect_pages=1)
    assert station.post(f"/counting/elections/{pk}/confirm/")[0] in (200, 302)
    status, payload = api(server.base, facts["token"], facts["ballots"][1].read_bytes())
    assert status == 409 and VIETNAMESE.search(payload.get("error", "")), (status, payload)
    status, payload = station.upload_files(pk, [("b.png", facts["ballots"][1].read_bytes())])
    assert status < 500 and not payload.get("queued"), payload
    assert api(server.base, facts["token"])[1].get("open") is False
    time.sleep(3)
    live = station.live(pk)
    assert live.pages_read == 1 and live.collected == 1


def test_a_token_revoked_mid_run_loses_nothing_accepted(server: Server) -> None:
    facts = server.seed(ballots=8)
    pk = facts["election"]
    station = server.browser()
    page = station.request(f"/counting/elections/{pk}/")[2].decode()
    revoke = re.search(r'action="(/counting/elections/\d+/tokens/\d+/revoke/)"', page)
    assert revoke
    statuses = []
    for i, png in enumerate(facts["ballots"]):
        if i == 4:
            assert station.post(revoke.group(1))[0] in (200, 302)
        status, payload = api(server.base, facts["token"], png.read_bytes())
        statuses.append(status)
        if i >= 4:
            assert status == 401 and VIETNAMESE.search(payload.get("error", "")), payload
    assert statuses[:4] == [201] * 4
    live = station.wait_idle(pk, expect_pages=4)
    assert live.pages_read == 4 and live.collected == 4
    assert api(server.base, facts["token"])[0] == 401


HOSTILE = {
    "not-an-image": (b"day khong phai anh quet\n" * 20, "png"),
    "pdf-0-pages": (_files.pdf_zero_pages(), "pdf"),
    "tiff-500-pages": (_files.tiff_pages(500), "tiff"),
    "png-huge-declared": (_files.png_huge_declared(), "png"),
    "zip-of-junk": (_files.zip_of({"a.txt": b"x", "b.png": b"\x89PNG\r\n\x1a\n"}), "zip"),
    "empty": (b"", "png"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_gets_a_vietnamese_message_and_loses_nothing(
    server: Server, name: str
) -> None:
    facts = server.seed(ballots=1)
    pk = facts["election"]
    data, kind = HOSTILE[name]
    station = server.browser()
    status, payload = api(server.base, facts["token"], data, kind=kind)
    assert status < 500, payload
    if status != 201:
        assert VIETNAMESE.search(payload.get("error", "")), payload
    else:
        live = station.wait_idle(pk)
        assert live.valid == 0 and live.collected == 0
        assert live.rejected >= 1, live.key()
        assert VIETNAMESE.search(re.sub(r"<[^>]+>", "", live.html.split("bị loại vì:")[-1]))
    # a real ballot after it is still counted, and the worker is alive
    assert api(server.base, facts["token"], facts["ballots"][0].read_bytes())[0] == 201
    live = station.wait_idle(pk)
    assert live.valid == 1 and live.collected == 1, live.key()


def test_a_zip_bomb_is_refused(server: Server) -> None:
    facts = server.seed()
    status, payload = api(server.base, facts["token"], _files.zip_bomb(1.0), kind="zip")
    assert status in (400, 413) and VIETNAMESE.search(payload.get("error", "")), payload


def _raw(server: Server, head: bytes, body: bytes, close_early: bool) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        s.sendall(head + body)
        if close_early:
            s.shutdown(socket.SHUT_WR)
        s.settimeout(30)
        chunks = []
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError):
            pass
        return b"".join(chunks)


def test_an_upload_cut_off_halfway_stores_nothing_and_the_full_file_then_counts(
    server: Server,
) -> None:
    facts = server.seed(ballots=1)
    pk, body = facts["election"], facts["ballots"][0].read_bytes()
    head = (
        f"POST /api/station/uploads/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {facts['token']}\r\nX-Daihoi-Sha256: {sha(body)}\r\n"
        f"X-Daihoi-Kind: png\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    _raw(server, head, body[: len(body) // 2], close_early=True)
    time.sleep(2)
    status, payload = api(server.base, facts["token"], body)
    assert status == 201, payload  # not "duplicate": the half file was not kept
    live = server.browser().wait_idle(pk, expect_pages=1)
    assert live.valid == 1 and live.collected == 1


def test_a_declared_huge_upload_is_refused_before_it_is_read(server: Server) -> None:
    facts = server.seed()
    head = (
        f"POST /api/station/uploads/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {facts['token']}\r\nX-Daihoi-Sha256: {'0' * 64}\r\n"
        f"X-Daihoi-Kind: pdf\r\nContent-Length: {50 * 1024**3}\r\nConnection: close\r\n\r\n"
    ).encode()
    t0 = time.monotonic()
    answer = _raw(server, head, b"%PDF-1.4\n" + b"0" * 1000, close_early=False)
    assert time.monotonic() - t0 < 25, "the server waited for 50 GB"
    assert answer.startswith(b"HTTP/1.1 413") or answer.startswith(b"HTTP/1.0 413"), answer[:300]


def test_more_ballots_than_the_electorate_gives_a_message_not_a_server_error(
    server: Server,
) -> None:
    facts = server.seed(ballots=4, electorate=3, seats=1, candidates=2)
    pk = facts["election"]
    station = server.browser()
    for png in facts["ballots"]:
        api(server.base, facts["token"], png.read_bytes())
    time.sleep(15)
    for path in (f"/counting/elections/{pk}/", f"/counting/elections/{pk}/live/"):
        status, _, body = station.request(path)
        assert status == 200, (path, status)
        assert "cử tri" in body.decode()
