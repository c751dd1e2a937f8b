"""The review queue's decisions, attacked by the wrong people and with forged forms."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.adversarial.station2.conftest import base, text_of, vietnamese

pytestmark = pytest.mark.django_db(transaction=True)


def _outcome(client: Client, election) -> str:  # type: ignore[no-untyped-def]
    page = text_of(client.get(f"{base(election)}/live/"))
    return re.search(r'data-outcome="([^"]+)"', page).group(1)


def _my_opinion(client: Client, election) -> str:  # type: ignore[no-untyped-def]
    page = text_of(client.get(f"{base(election)}/review/"))
    row = page.split('id="review-list"')[1].split("</tbody>")[0]
    return re.findall(r"<td>(.*?)</td>", row, re.S)[-1].strip()


def test_only_members_decide(station, doubtful, trio, alice, client_of):  # type: ignore[no-untyped-def]
    _count, key = doubtful
    url = f"{base(trio)}/review/{key}/"
    for who in (station["tu"], station["phuong"], alice):
        c = client_of(who)
        r = c.post(url, {"ruling": "invalid", "reason": "other_marks"})
        assert r.status_code == 403, (who.username, r.status_code)
        assert c.get(url + "image.png").status_code == 403
        r = c.post(url, {"ruling": "invalid", "reason": "other_marks", "settle": "1"})
        assert r.status_code == 403
    assert _my_opinion(client_of(station["minh"]), trio) == "—"
    assert _outcome(client_of(station["minh"]), trio) == "pending_review"


def test_member_cannot_settle_by_forging_the_heads_field(station, doubtful, trio, client_of):  # type: ignore[no-untyped-def]
    _count, key = doubtful
    url = f"{base(trio)}/review/{key}/"
    m, la = client_of(station["minh"]), client_of(station["lan"])
    m.post(url, {"ruling": "valid", "struck": ["Trần Thị Bình"]})
    la.post(url, {"ruling": "invalid", "reason": "other_marks"})
    r = m.post(url, {"ruling": "valid", "struck": ["Trần Thị Bình"], "settle": "1"})
    assert r.status_code in (302, 400, 403)
    assert _outcome(m, trio) == "pending_review", "a member settled the disagreement"
    h = client_of(station["hanh"])
    r = h.post(url, {"ruling": "valid", "struck": ["Trần Thị Bình"], "settle": "1"})
    assert r.status_code == 302
    assert _outcome(h, trio) != "pending_review"


def test_head_sees_the_reason_in_vietnamese(station, doubtful, trio, client_of):  # type: ignore[no-untyped-def]
    _count, key = doubtful
    url = f"{base(trio)}/review/{key}/"
    client_of(station["minh"]).post(url, {"ruling": "valid", "struck": ["Trần Thị Bình"]})
    client_of(station["lan"]).post(url, {"ruling": "invalid", "reason": "other_marks"})
    page = text_of(client_of(station["hanh"]).get(url))
    opinions = page.split('data-testid="opinions"')[1].split("</ul>")[0]
    assert "other_marks" not in opinions, opinions
    assert "có dấu hiệu riêng" in opinions, opinions


def test_member_does_not_learn_the_other_members_opinion(station, doubtful, trio, client_of):  # type: ignore[no-untyped-def]
    """'mỗi người một lần và không thấy ý kiến của nhau': after Lan decided differently, Minh's
    page must not tell him so (he could then change his own to match, and the head would never
    see the page)."""
    _count, key = doubtful
    url = f"{base(trio)}/review/{key}/"
    m, la = client_of(station["minh"]), client_of(station["lan"])
    m.post(url, {"ruling": "valid", "struck": ["Trần Thị Bình"]})
    before = text_of(m.get(url)).split("<main>")[1]
    la.post(url, {"ruling": "invalid", "reason": "other_marks"})
    after = text_of(m.get(url)).split("<main>")[1]
    after_list = text_of(m.get(f"{base(trio)}/review/")).split("<main>")[1]
    assert "khác nhau" not in after.replace("khi hai ý kiến khác nhau", ""), (
        "the member's page says the two opinions differ"
    )
    assert "khác nhau" not in after_list.replace("khi hai ý kiến khác nhau", ""), (
        "the member's queue says the two opinions differ"
    )

    def same(page: str) -> str:  # the flash message of Minh's own decision shows once only
        page = re.sub(r'<ul class="messages">.*?</ul>', "", page, flags=re.S)
        return re.sub(r'value="[^"]{40,}"', "", page)

    assert same(before) == same(after)


@pytest.mark.parametrize(
    "form",
    [
        {"ruling": "valid", "struck": ["Người Ngoài Danh Sách"]},
        {"ruling": "valid", "struck": ["<script>alert(1)</script>"]},
        {"ruling": "invalid", "reason": "too_few_kept_forged"},
        {"ruling": "invalid", "reason": ""},
        {"ruling": "maybe"},
        {"ruling": "valid", "struck": ["Lê Văn An"] * 50},
    ],
    ids=["unknown-name", "markup-name", "unknown-reason", "no-reason", "bad-ruling", "repeated"],
)
def test_forged_decisions_are_refused_in_vietnamese(station, doubtful, trio, client_of, form):  # type: ignore[no-untyped-def]
    _count, key = doubtful
    url = f"{base(trio)}/review/{key}/"
    m = client_of(station["minh"])
    r = m.post(url, form, follow=True)
    if form.get("struck") == ["Lê Văn An"] * 50:
        # the same name fifty times is one name struck, or a refusal: never 50 strikes
        assert r.status_code in (200, 302, 400)
        return
    assert r.status_code in (200, 400), r.status_code
    main = text_of(r).split("<main>")[1]
    assert _my_opinion(m, trio) == "—", ("a forged decision was recorded", _my_opinion(m, trio))
    assert 'class="error' in main or "errorlist" in main, main[:1500]
    assert vietnamese(main)


def test_forged_and_foreign_keys_are_404(station, doubtful, trio, election, client_of):  # type: ignore[no-untyped-def]
    _count, key = doubtful
    m = client_of(station["minh"])
    for bad in (
        "x",
        key + "0",
        key.replace(":1:0", ":2:0"),
        "1:" + "0" * 64 + ":1:0",
        "../../admin",
    ):
        r = m.post(f"{base(trio)}/review/{bad}/", {"ruling": "invalid", "reason": "other_marks"})
        assert r.status_code in (302, 404), (bad, r.status_code)
        if r.status_code == 302:
            assert r["Location"] == f"{base(trio)}/review/", r["Location"]
        assert m.get(f"{base(trio)}/review/{bad}/image.png").status_code == 404
    # The same congress's other election: the key of trio's page is not found there.
    r = m.post(f"{base(election)}/review/{key}/", {"ruling": "invalid", "reason": "other_marks"})
    assert r.status_code in (302, 404), r.status_code
    assert m.get(f"{base(election)}/review/{key}/image.png").status_code == 404
    assert _my_opinion(m, trio) == "—"


def test_decision_without_csrf_is_refused(station, doubtful, trio):  # type: ignore[no-untyped-def]
    _count, key = doubtful
    c = Client(enforce_csrf_checks=True)
    c.force_login(station["minh"])
    r = c.post(f"{base(trio)}/review/{key}/", {"ruling": "invalid", "reason": "other_marks"})
    assert r.status_code == 403


def test_image_is_not_cached(station, doubtful, trio, client_of):  # type: ignore[no-untyped-def]
    _count, key = doubtful
    r = client_of(station["minh"]).get(f"{base(trio)}/review/{key}/image.png")
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert "no-store" in r["Cache-Control"]
