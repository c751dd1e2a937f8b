"""Who sees and changes what: another unit's users, the projector link, hostile station names,
and secrecy (no scanner file name, scan order or per-page time anywhere)."""

from __future__ import annotations

import io
import re
import sqlite3
import time
import urllib.request
import zipfile

import pytest

from tests.adversarial._web import pdf_text
from tests.adversarial.station import _files
from tests.adversarial.station._station import Server, Station, api

pytestmark = pytest.mark.slow

OUTSIDERS = ["bithu"]  # Đảng bộ xã Phước Đạt: not above the seeded base unit (demo password)


def _get(url: str) -> tuple[int, str]:
    try:
        r = urllib.request.urlopen(url, timeout=30)
    except urllib.error.HTTPError as exc:
        r = exc
    return r.status, r.read().decode(errors="replace")


@pytest.fixture(scope="module")
def counted(server: Server) -> dict:
    facts = server.seed(ballots=3)
    station = server.browser()
    for png in facts["ballots"][:2]:
        assert api(server.base, facts["token"], png.read_bytes())[0] == 201
    station.wait_idle(facts["election"], expect_pages=2)
    return facts


@pytest.mark.parametrize("user", OUTSIDERS)
def test_a_user_of_another_unit_sees_nothing(server: Server, counted: dict, user: str) -> None:
    pk = counted["election"]
    names = counted["election_file"]["candidates"]
    outsider = server.browser(user)
    for path in ("", "live/", "minutes.pdf", "minutes.docx"):
        status, _, body = outsider.request(f"/counting/elections/{pk}/{path}")
        assert status in (403, 404), (path, status)
        text = body.decode(errors="replace")
        assert not any(n in text for n in names), path


@pytest.mark.parametrize("user", OUTSIDERS)
def test_a_user_of_another_unit_changes_nothing(server: Server, counted: dict, user: str) -> None:
    pk = counted["election"]
    office = server.browser()
    before = office.live(pk).key()
    page_before = office.request(f"/counting/elections/{pk}/")[2].decode()
    revoke = re.search(r'action="(/counting/elections/\d+/tokens/\d+/revoke/)"', page_before)
    assert revoke
    outsider = server.browser(user)
    attempts = [
        ("confirm/", {}),
        ("batch/", {}),
        ("tokens/", {"name": "máy của kẻ lạ"}),
        ("projector/", {}),
        ("next-round/", {"added": "Người Lạ"}),
    ]
    for path, fields in attempts:
        status, _, _ = outsider.post(f"/counting/elections/{pk}/{path}", fields)
        assert status in (403, 404), (path, status)
    status, _, _ = outsider.post(revoke.group(1))
    assert status in (403, 404), ("revoke", status)
    status, payload = outsider.upload_files(pk, [("x.png", counted["ballots"][2].read_bytes())])
    assert status in (403, 404), ("upload", status, payload)
    time.sleep(3)
    assert office.live(pk).key() == before
    assert api(server.base, counted["token"])[1].get("open") is True  # token alive, not confirmed
    assert _get(server.base + counted["projector_path"])[0] == 200  # link not replaced
    page_after = office.request(f"/counting/elections/{pk}/")[2].decode()
    assert "máy của kẻ lạ" not in page_after and "tệp phiếu số 1" in page_after


def test_hostile_station_token_names_are_shown_harmlessly(server: Server) -> None:
    facts = server.seed()
    pk = facts["election"]
    office = server.browser()
    hostile = [
        '<script>alert("x")</script><img src=x onerror=alert(1)>',
        '=HYPERLINK("http://evil.example","bấm")',
        "M" * 5000,
    ]
    for name in hostile:
        status, _, body = office.post(f"/counting/elections/{pk}/tokens/", {"name": name})
        assert status < 500, (name[:30], status)
    status, _, body = office.request(f"/counting/elections/{pk}/")
    page = body.decode()
    assert status == 200
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "M" * 101 not in page
    for path in ("minutes.pdf", "minutes.docx"):  # no ballots yet: the file or a redirect
        assert office.request(f"/counting/elections/{pk}/{path}")[0] in (200, 302)
    status, _, body = office.request("/audit/")
    assert status == 200 and "<script>alert" not in body.decode()


def test_control_characters_in_a_station_token_name_are_refused_or_removed(
    server: Server,
) -> None:
    facts = server.seed()
    pk = facts["election"]
    office = server.browser()
    name = "máy\x00quét\x1b[31m\u202eđỏ\x07"
    status, _, _ = office.post(f"/counting/elections/{pk}/tokens/", {"name": name})
    assert status < 500
    for path in (f"/counting/elections/{pk}/", "/audit/"):
        page = office.request(path)[2].decode()
        assert not re.search(r"[\x00\x07\x1b\u202e]", page), path


def test_the_projector_shows_progress_then_results_and_dies_when_replaced(
    server: Server,
) -> None:
    facts = server.seed(ballots=2)
    other = server.seed(ballots=1)
    pk = facts["election"]
    names = facts["election_file"]["candidates"]
    office = server.browser()
    link = server.base + facts["projector_path"]
    for png in facts["ballots"]:
        assert api(server.base, facts["token"], png.read_bytes())[0] == 201
    assert api(server.base, other["token"], other["ballots"][0].read_bytes())[0] == 201
    office.wait_idle(pk, expect_pages=2)
    for url in (link, link + "live/"):
        status, text = _get(url)
        assert status == 200, url
        assert not any(n in text for n in names), "results on the projector before confirmation"
        assert not any(n in text for n in other["election_file"]["candidates"])
        assert "2" in text
    assert office.post(f"/counting/elections/{pk}/confirm/")[0] in (200, 302)
    status, text = _get(link)
    assert status == 200 and all(n in text for n in names), "results after confirmation"
    assert not any(n in text for n in other["election_file"]["candidates"])
    assert other["election_file"]["title"] not in text
    status, _, body = office.post(f"/counting/elections/{pk}/projector/")
    assert status in (200, 302)
    assert _get(link)[0] in (403, 404, 410), "the old link still works"
    assert _get(link + "live/")[0] in (403, 404, 410), "the old link's fragment still works"
    page = office.request(f"/counting/elections/{pk}/")[2].decode() + body.decode()
    new = re.findall(r"/counting/projector/([\w-]+)/", page)
    new = [t for t in new if t not in facts["projector_path"]]
    assert new, "the new link is not shown"
    status, text = _get(f"{server.base}/counting/projector/{new[0]}/")
    assert status == 200 and all(n in text for n in names)
    # the projector link is read-only: no login, no way in to the station
    anonymous = Station(server.base)
    assert anonymous.request(f"/counting/elections/{pk}/")[0] in (302, 403, 404)


def test_no_scanner_file_name_scan_order_or_page_time_is_kept(server: Server) -> None:
    facts = server.seed(ballots=3)
    pk = facts["election"]
    office = server.browser()
    marker = "BIMATMAYQUET"
    a, b, c = (p.read_bytes() for p in facts["ballots"])
    office.upload_files(pk, [(f"{marker}-0042_2025-06-01_08-15-00.png", a)])
    office.upload_files(
        pk, [(f"{marker}-lo.zip", _files.zip_of({f"{marker}-ZIP-0007.png": b, "z/0008.png": c}))]
    )
    live = office.wait_idle(pk, expect_pages=3)
    assert live.pages_read == 3, live.key()
    shown = []
    for path in ("", "live/"):
        shown.append(office.request(f"/counting/elections/{pk}/{path}")[2].decode())
    shown.append(pdf_text(office.request(f"/counting/elections/{pk}/minutes.pdf")[2]))
    docx = office.request(f"/counting/elections/{pk}/minutes.docx")[2]
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        shown += [z.read(n).decode(errors="replace") for n in z.namelist()]
    shown.append(_get(server.base + facts["projector_path"])[1])
    shown.append(office.request("/audit/")[2].decode())
    for text in shown:
        assert marker not in text and "0042" not in text
    stored = b""
    for f in sorted(server.db_path.parent.glob("daihoi.sqlite3*")):
        stored += f.read_bytes()
    assert marker.encode() not in stored, "a scanner file name is in the database"
    assert marker not in server.log(), "a scanner file name is in the log"
    media = [str(p) for p in (server.db_path.parent / "media").rglob("*")]
    assert not any(marker in p or "0042" in p for p in media)
    db = sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)
    for table in ("counting_page", "counting_upload"):
        cols = db.execute(f"select name, type from pragma_table_info('{table}')").fetchall()
        assert not [n for n, t in cols if "date" in t.lower() or "time" in t.lower()], (
            table,
            cols,
        )
        assert not [n for n, _ in cols if n in ("name", "filename", "source_name", "order")]
    rows = db.execute("select reading from counting_page").fetchall()
    assert not any(marker in r[0] for r in rows)
    db.close()
