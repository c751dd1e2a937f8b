# ruff: noqa: F811  (the fixtures imported from the other tests are parameters of the tests)
"""The random hand-check after the count: Hạnh types the dice digits, the batches are drawn,
Minh and Lan count them by hand, the report compares each batch and name, and the rule decides
(keep the machine count, draw more, count everything by hand). Reopening never loses a row."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pypdfium2
import pytest
from django.urls import reverse

from daihoi.record import verify
from daihoi.web.audit.models import AuditEntry
from daihoi.web.counting import recording, services
from daihoi.web.counting.models import HandCheck, HandCount
from daihoi.web.elections.models import Election
from tests.web.elections.conftest import congress  # noqa: F401  (fixture)

from .test_review import committee  # noqa: F401  (fixture)

SEED = "31415 92653 58979 32384"
DIGITS = SEED.replace(" ", "")
# Ten batches of ten ballots, each An 9, Bình 7, Cường 3: 100 ballots, electorate 100, line 51.
# An 90 and Bình 70 elected; the margin is Bình's 70 − 51 + 1 = 20 votes.
PER_BATCH = (9, 7, 3)


@pytest.fixture
def counted(trio, committee):  # type: ignore[no-untyped-def]
    Election.objects.filter(pk=trio.pk).update(electorate=100)
    count = services.count_of(trio)
    names = services.elections.ballot_order(trio)
    for _ in range(10):
        batch = services.new_manual_batch(count, committee["lan"], "totals")
        services.save_totals(
            batch,
            committee["lan"],
            collected=10,
            valid=10,
            invalid_reasons={},
            votes=dict(zip(names, PER_BATCH, strict=True)),
        )
    assert services.confirm(count, committee["hanh"]) is None
    count.refresh_from_db()
    return count


def form(ballots=10, valid=10, invalid=0, votes=PER_BATCH):  # type: ignore[no-untyped-def]
    data = {"ballots": ballots, "valid": valid, "invalid": invalid}
    data.update({f"votes-{i}": n for i, n in enumerate(votes, start=1)})
    return data


def _drawn(count):  # type: ignore[no-untyped-def]
    return [d["batch"] for d in HandCheck.objects.get(count=count).drawn]


def _expected_draw(k: int) -> list[str]:
    tickets = sorted(
        (hashlib.sha256(f"{DIGITS},{n}".encode()).hexdigest(), str(n)) for n in range(1, 11)
    )
    return [b for _t, b in tickets[:k]]


@pytest.mark.django_db
def test_a_hand_check_without_discrepancy_keeps_the_machine_count(
    trio, counted, committee, client_of
):
    head = client_of(committee["hanh"])
    page = head.get(reverse("counting:handcheck", args=[trio.pk])).content.decode()
    assert 'data-testid="seed"' in page and 'value="1"' in page  # 10% of 10 batches
    response = head.post(reverse("counting:handcheck", args=[trio.pk]), {"seed": SEED, "size": "1"})
    assert response.status_code == 302
    [batch] = _drawn(counted)
    assert [batch] == _expected_draw(1)  # anyone recomputes it from the seed
    page = head.get(reverse("counting:handcheck", args=[trio.pk])).content.decode()
    assert "31415 92653 58979 32384" in page
    assert hashlib.sha256(f"{DIGITS},{batch}".encode()).hexdigest() in page

    member = client_of(committee["minh"])
    url = reverse("counting:handcheck_batch", args=[trio.pk, batch])
    assert member.post(url, form() | {"key": "k1"}).status_code == 302
    page = member.get(reverse("counting:handcheck", args=[trio.pk])).content.decode()
    assert 'data-kind="confirmed"' in page and "giữ nguyên" in page
    assert 'data-testid="differ"' not in page
    assert HandCheck.objects.get(count=counted).verdict == "confirmed"
    assert AuditEntry.objects.filter(action="handcheck.count", user=committee["minh"]).exists()


@pytest.mark.django_db
def test_a_discrepancy_draws_more_batches_with_the_same_seed(trio, counted, committee, client_of):
    services.handcheck.start(counted, committee["hanh"], SEED, 1)
    [first] = _drawn(counted)
    # Bình 6 where the machine said 7: projected 1 + 1 × 9 = 10 < 20 votes of margin.
    services.handcheck.enter(counted, committee["minh"], first, form(votes=(9, 6, 3)), "a")
    check = HandCheck.objects.get(count=counted)
    assert check.verdict == "expand"
    page = client_of(committee["lan"]).get(reverse("counting:handcheck", args=[trio.pk]))
    html = page.content.decode()
    assert 'data-testid="differ"' in html and "−1" not in html and "-1" in html
    assert 'data-kind="expand"' in html and 'data-testid="draw-more"' not in html  # not the head
    head = client_of(committee["hanh"])
    assert head.post(reverse("counting:handcheck_more", args=[trio.pk])).status_code == 302
    assert _drawn(counted) == _expected_draw(2)
    # Sent twice: nothing more is drawn.
    head.post(reverse("counting:handcheck_more", args=[trio.pk]))
    assert _drawn(counted) == _expected_draw(2)
    services.handcheck.enter(counted, committee["lan"], _drawn(counted)[1], form(), "b")
    check.refresh_from_db()
    # Still the discrepancy of the first batch: 1 + 0 + 1 × 8 = 9 < 20 → draw 2 more.
    assert check.verdict == "expand"
    assert services.handcheck.report_of(check)["verdict"].more == 2


@pytest.mark.django_db
def test_a_discrepancy_that_could_change_a_winner_calls_for_a_full_hand_count(
    trio, counted, committee, client_of
):
    services.handcheck.start(counted, committee["hanh"], SEED, 1)
    [first] = _drawn(counted)
    # Bình 5 where the machine said 7: 2 + 2 × 9 = 20 votes, Bình's margin.
    services.handcheck.enter(counted, committee["minh"], first, form(votes=(9, 5, 3)), "a")
    check = HandCheck.objects.get(count=counted)
    assert check.verdict == "full_hand_count"
    logged = AuditEntry.objects.get(action="handcheck.verdict")
    assert logged.changes["verdict"] == ["", "full_hand_count"]
    folder = recording.folders(trio.congress)[0]
    lines = (Path(folder) / "log.jsonl").read_text().splitlines()
    last = [json.loads(x)["data"] for x in lines if json.loads(x)["kind"] == "handcheck"][-1]
    assert last["verdict"] == "full_hand_count"
    assert last["counts"][first]["votes"]["Trần Thị Bình"] == 5
    html = client_of(committee["hanh"]).get(reverse("counting:handcheck", args=[trio.pk]))
    assert 'data-kind="full_hand_count"' in html.content.decode()
    assert "đếm tay toàn bộ phiếu" in html.content.decode()
    # Once decided, nothing more is entered.
    with pytest.raises(services.Refused, match="kết luận"):
        services.handcheck.enter(counted, committee["lan"], first, form(), "b")
    pdf = client_of(committee["hanh"]).get(reverse("counting:handcheck_pdf", args=[trio.pk]))
    text = " ".join(
        p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(io.BytesIO(pdf.content))
    )
    assert "31415 92653 58979 32384" in text and "Đếm tay toàn bộ" in text
    assert "TRƯỞNG BAN KIỂM PHIẾU" in text


@pytest.mark.django_db
def test_reopening_keeps_the_hand_counts_and_the_discrepancies(trio, counted, committee, client_of):
    services.handcheck.start(counted, committee["hanh"], SEED, 1)
    [first] = _drawn(counted)
    services.handcheck.enter(counted, committee["minh"], first, form(votes=(9, 6, 3)), "a")
    # Typed again (a correction): the first row stays as history.
    services.handcheck.enter(counted, committee["lan"], first, form(votes=(9, 6, 3)), "b")
    assert HandCount.objects.filter(handcheck__count=counted).count() == 2
    services.reopen(counted, committee["hanh"], "Kiểm lại tệp có chênh lệch.")
    # The reopened count's batch is typed again: the machine's figures kept with the draw stay.
    batch = services.batch_of(counted, int(first))
    names = services.elections.ballot_order(trio)
    services.save_totals(
        batch,
        committee["lan"],
        collected=10,
        valid=10,
        invalid_reasons={},
        votes=dict(zip(names, (9, 6, 3), strict=True)),
    )
    assert HandCount.objects.filter(handcheck__count=counted).count() == 2
    html = client_of(committee["minh"]).get(reverse("counting:handcheck", args=[trio.pk]))
    page = html.content.decode()
    assert f'data-testid="report-{first}"' in page and 'data-testid="differ"' in page
    assert 'data-testid="handcheck-reopened"' in page
    assert "nhập 2 lần" in page
    # Nothing is entered while the count is open.
    with pytest.raises(services.Refused, match="sau khi kết quả đã được xác nhận"):
        services.handcheck.enter(counted, committee["minh"], first, form(), "c")
    assert services.confirm(counted, committee["hanh"]) is None
    check = HandCheck.objects.get(count=counted)
    assert check.verdict == "expand" and check.machine[first]["votes"][names[1]] == 7


@pytest.mark.django_db
def test_a_bad_seed_or_count_is_refused_and_what_was_typed_stays(
    trio, counted, committee, client_of
):
    head = client_of(committee["hanh"])
    response = head.post(
        reverse("counting:handcheck", args=[trio.pk]), {"seed": "1234 5678", "size": "1"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "quá ngắn" in page and 'value="1234 5678"' in page
    assert not HandCheck.objects.exists()
    services.handcheck.start(counted, committee["hanh"], SEED, 1)
    [first] = _drawn(counted)
    member = client_of(committee["minh"])
    url = reverse("counting:handcheck_batch", args=[trio.pk, first])
    response = member.post(url, form(valid=9, invalid=0) | {"key": "x", "votes-2": "mười"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "hãy nhập một số nguyên" in page and "phải bằng số phiếu" not in page
    assert 'value="mười"' in page and 'value="9"' in page
    response = member.post(url, form(valid=9, invalid=0) | {"key": "y"})
    assert "cộng không hợp lệ (0) phải bằng số phiếu (10)" in response.content.decode()
    assert not HandCount.objects.exists()


@pytest.mark.django_db
def test_a_second_seed_and_a_form_sent_twice_change_nothing(trio, counted, committee, client_of):
    head = client_of(committee["hanh"])
    head.post(reverse("counting:handcheck", args=[trio.pk]), {"seed": SEED, "size": "1"})
    response = head.post(
        reverse("counting:handcheck", args=[trio.pk]),
        {"seed": "11111 11111 11111 11111", "size": "3"},
    )
    assert response.status_code == 409 and "không rút lại" in response.content.decode()
    assert HandCheck.objects.get(count=counted).seed == DIGITS
    [first] = _drawn(counted)
    member = client_of(committee["minh"])
    url = reverse("counting:handcheck_batch", args=[trio.pk, first])
    member.post(url, form(votes=(9, 6, 3)) | {"key": "same"})
    member.post(url, form(votes=(9, 6, 3)) | {"key": "same"})
    assert HandCount.objects.count() == 1


@pytest.mark.django_db
def test_only_the_committee_enters_only_the_head_draws_and_other_congresses_find_nothing(
    trio, counted, committee, client_of, bob, alice
):
    url = reverse("counting:handcheck", args=[trio.pk])
    # A member, the operator and the office above may not type the seed.
    for user in (committee["minh"], committee["tu"], alice):
        response = client_of(user).post(url, {"seed": SEED, "size": "1"})
        assert response.status_code == 403
    assert not HandCheck.objects.exists()
    # Another province's office: not found.
    assert client_of(bob).get(url).status_code == 404
    services.handcheck.start(counted, committee["hanh"], SEED, 1)
    [first] = _drawn(counted)
    batch_url = reverse("counting:handcheck_batch", args=[trio.pk, first])
    assert client_of(committee["tu"]).post(batch_url, form() | {"key": "t"}).status_code == 403
    assert client_of(alice).get(batch_url).status_code == 403
    assert client_of(bob).post(batch_url, form() | {"key": "b"}).status_code == 404
    # A batch that was not drawn is not found.
    other = next(str(n) for n in range(1, 11) if str(n) != first)
    url_other = reverse("counting:handcheck_batch", args=[trio.pk, other])
    assert client_of(committee["minh"]).get(url_other).status_code == 404
    assert not HandCount.objects.exists()


@pytest.mark.django_db
def test_another_congresses_station_account_is_refused(
    trio, counted, committee, client_of, tree, alice
):
    from daihoi.web.counting.models import StationAccount
    from daihoi.web.elections.models import PanelMember
    from daihoi.web.season.models import Congress, CongressKind, CongressStatus, Season

    other = Congress.objects.create(
        season=Season.objects.create(
            organisation=tree.duy_tien, name="Đợt khác", term_start=2025, term_end=2030
        ),
        organisation=tree.hoa_mac,
        kind=CongressKind.DELEGATES,
        status=CongressStatus.PREPARING,
    )
    PanelMember.objects.create(congress=other, panel="counting", role="head", name="Hoàng Văn Khải")
    services.issue_station_accounts(other, alice)
    StationAccount.objects.update(must_set_password=False)
    stranger = StationAccount.objects.get(congress=other).user
    url = reverse("counting:handcheck", args=[trio.pk])
    assert client_of(stranger).post(url, {"seed": SEED, "size": "1"}).status_code == 404
    assert not HandCheck.objects.exists()


@pytest.mark.django_db
def test_the_hand_check_is_in_the_signed_record_and_the_bundle_verifies(trio, counted, committee):
    services.handcheck.start(counted, committee["hanh"], SEED, 2)
    for i, batch in enumerate(_drawn(counted)):
        services.handcheck.enter(counted, committee["minh"], batch, form(), f"k{i}")
    folder = recording.folders(trio.congress)[0]
    entries = [json.loads(line) for line in (Path(folder) / "log.jsonl").read_text().splitlines()]
    checks = [e["data"] for e in entries if e["kind"] == "handcheck"]
    assert len(checks) == 3  # the draw, then each hand count
    assert checks[-1]["seed"] == DIGITS and checks[-1]["verdict"] == "confirmed"
    assert [d["batch"] for d in checks[-1]["drawn"]] == _expected_draw(2)
    assert set(checks[-1]["counts"]) == set(_expected_draw(2))
    assert verify(folder).exit_code == 0


@pytest.fixture
def hostile(trio):  # type: ignore[no-untyped-def]
    """Names cannot carry markup (the engine refuses them); a title and a unit's name can."""
    from daihoi.web.orgs.models import Organisation

    Election.objects.filter(pk=trio.pk).update(title="Bầu <i>UBKT</i> & <script>x</script>")
    Organisation.objects.filter(pk=trio.congress.organisation_id).update(name="Minh <b>Khai</b>")


@pytest.mark.django_db
def test_hostile_text_is_escaped_on_the_page_and_in_the_pdf(
    trio, hostile, counted, committee, client_of
):
    services.handcheck.start(counted, committee["hanh"], SEED, 1)
    [first] = _drawn(counted)
    services.handcheck.enter(counted, committee["minh"], first, form(votes=(9, 6, 3)), "a")
    member = client_of(committee["minh"])
    for url in (
        reverse("counting:handcheck", args=[trio.pk]),
        reverse("counting:handcheck_batch", args=[trio.pk, first]),
    ):
        page = member.get(url).content.decode()
        assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    pdf = member.get(reverse("counting:handcheck_pdf", args=[trio.pk])).content
    text = " ".join(
        p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(io.BytesIO(pdf))
    )
    assert "Bầu <i>UBKT</i> & <script>x</script>" in text
    assert "Minh <b>Khai</b>" in text


@pytest.mark.django_db(transaction=True)
def test_the_machine_figures_of_scanned_typed_and_totalled_batches(trio, committee):
    from tests.tasks import run_worker

    from .conftest import ballots_striking
    from .test_manual_entry import enter

    count = services.count_of(trio)
    a, b, c = services.elections.ballot_order(trio)
    for data in ballots_striking(trio, [[a], [c]], seed=9):
        services.receive_file(count, data)
    run_worker()
    typed = services.new_manual_batch(count, committee["hanh"], "ballots", 2)
    for who in ("minh", "lan"):
        enter(typed, committee[who], ["SKK", "KSK", ("KKK", "not_issued")])
    paper = services.new_manual_batch(count, committee["hanh"], "totals")
    services.save_totals(
        paper,
        committee["minh"],
        collected=3,
        valid=2,
        invalid_reasons={"other_marks": 1},
        votes={a: 2, b: 1, c: 1},
    )
    assert services.confirm(count, committee["hanh"]) is None
    figures = services.handcheck.machine_counts(count)
    assert figures == {
        "1": {"ballots": 2, "valid": 2, "invalid": 0, "votes": {a: 1, b: 2, c: 1}},
        str(typed.number): {"ballots": 3, "valid": 2, "invalid": 1, "votes": {a: 1, b: 1, c: 2}},
        str(paper.number): {"ballots": 3, "valid": 2, "invalid": 1, "votes": {a: 2, b: 1, c: 1}},
    }
    # Three batches: the first draw would take one; the head may take them all.
    assert services.handcheck.first_sample_size(3) == 1
    check = services.handcheck.start(count, committee["hanh"], SEED, 3)
    assert sorted(check.batches, key=int) == ["1", str(typed.number), str(paper.number)]
