"""The review queue by keyboard in real Chromium: N doubtful pages, two members and the head.

Builds a station database in a temporary folder (SQLite), an approved election of 7 names for
5 seats and its counting committee (head Hạnh, members Minh and Lan, each with an account),
scans N synthetic ballots that each strike two names clearly and leave a doubtful mark on a
third (an underline, a circle, a tick, a partial strike), and reads them with the station's
reader, which sends every one to review. It then serves the station in this process (Django's
live server thread) and, by keyboard only, has Minh and then Lan work through the whole queue
as the review page documents it: Enter keeps the page valid with the names struck as shown, a
digit toggles a name first (the doubtful mark counted as a strike), I then the arrow keys pick
an invalid reason (then Tab to the button, since Enter in the list of reasons is the list's
own); each member reaches the first page from the list with Tab and Enter. Lan disagrees with Minh on a few pages; the head opens the queue, moves to
the first of them with Tab and settles each by keyboard. Checks that the server holds exactly
the decisions typed (every page decided, the results no longer pending) and prints the
keystrokes per decision, the decisions per minute of each person and the load average.

    python bench/review_queue.py [--pages 100]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
NAMES = 7
SEATS = 5
PASSWORD = "bench-pass-123"
DISAGREE_EVERY = 12  # Lan decides otherwise than Minh on one page in twelve


@dataclass(frozen=True)
class Figures:
    """One person's run through the queue."""

    decisions: int
    keys: int  # the keys of the decisions
    start: int  # the keys from the list to the first page
    seconds: float  # from the list to the last decision recorded


@dataclass(frozen=True)
class Ruling:
    """What one person decides on one page, and the keys that say it."""

    ruling: str  # valid | invalid
    struck: tuple[str, ...]
    reason: str
    toggle: int | None = None  # the number of the name to toggle before deciding
    reason_at: int = 0  # the reason's place in the list (1 = first after "—")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="daihoi-review-bench-"))
    for key in [k for k in os.environ if k.startswith(("DATABASE_URL", "DAIHOI_"))]:
        del os.environ[key]
    os.environ["DAIHOI_DATA_DIR"] = str(work / "var")
    os.environ["DJANGO_SETTINGS_MODULE"] = "daihoi.web.settings"
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django

    django.setup()
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.management import call_command
    from django.test.testcases import LiveServerThread
    from django.test.utils import setup_test_environment

    from daihoi.web.counting import services

    setup_test_environment()  # allows the live server's host name
    call_command("migrate", verbosity=0)
    row, people = _seed()
    count = services.count_of(row)
    started = time.monotonic()
    doubts = _scan(row, count, args.pages)
    print(f"seeded and read {args.pages} pages in {time.monotonic() - started:.1f} s", flush=True)
    keys = list(count.pages.filter(status="review").values_list("key", "reading"))
    if len(keys) != args.pages:
        raise SystemExit(f"{len(keys)} of {args.pages} pages went to review")
    plans = _plans(row, {key: (reading, doubts[key.split(":")[1]]) for key, reading in keys})

    server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://127.0.0.1:{server.port}"
    from playwright.sync_api import sync_playwright

    figures: dict[str, Figures] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for who, column in (("minh", 0), ("lan", 1)):
            tab = _login(browser, base, people[who])
            figures[who] = _member(tab, row.pk, {k: v[column] for k, v in plans.items()})
            tab.context.close()
        _check_decisions(count, people, plans, head=False)
        tab = _login(browser, base, people["hanh"])
        settles = {k: v[2] for k, v in plans.items() if v[2] is not None}
        figures["hanh"] = _head(tab, row.pk, settles)
        browser.close()

    _check_decisions(count, people, plans, head=True)
    _check_results(count, plans)
    load = os.getloadavg()
    decisions = sum(f.decisions for f in figures.values())
    keystrokes = sum(f.keys for f in figures.values())
    seconds = sum(f.seconds for f in figures.values())
    print(f"pages: {args.pages} × {NAMES} names (strike {NAMES - SEATS} to keep {SEATS})")
    print(f"decisions: {decisions} (two members on every page, the head on {len(settles)})")
    print(f"keystrokes per decision: {keystrokes / decisions:.2f}")
    for who, f in figures.items():
        print(
            f"  {who}: {f.decisions} decisions, {f.keys / f.decisions:.2f} keys each, "
            f"{f.decisions / f.seconds * 60:.0f} per minute ({f.seconds:.1f} s; "
            f"{f.start} keys, Tab then Enter, to open the first page)"
        )
    print(f"decisions per minute (all): {decisions / seconds * 60:.0f} ({seconds:.1f} s in all)")
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)")
    print("the server holds every decision as typed; no page is pending")


# ------------------------------------------------------------------------------- the browser


def _login(browser: Any, base: str, user: Any) -> Any:
    tab = browser.new_context(base_url=base, locale="vi-VN").new_page()
    tab.goto("/accounts/login/")
    tab.fill("#id_username", user.get_username())
    tab.fill("#id_password", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    return tab


def _member(tab: Any, election: int, plan: dict[str, Ruling]) -> Figures:
    """One member works through the whole queue."""
    tab.goto(f"/counting/elections/{election}/review/")
    started = time.monotonic()
    # "Bắt đầu (phím N)" is an access key (Alt+N in Chromium), which synthetic key events
    # never trigger, and a plain N does nothing on the list: Tab to the button, Enter.
    start = _tab_to(tab, "document.activeElement.dataset.testid === 'review-start'")
    start += _press_to_page(tab, "Enter")
    done = keys = 0
    while not tab.url.endswith("/review/"):
        keys += _decide(tab, plan[_key_in(tab.url)])
        done += 1
    return Figures(done, keys, start, time.monotonic() - started)


def _head(tab: Any, election: int, plan: dict[str, Ruling]) -> Figures:
    """The head opens the first disagreement from the list (Tab to its link, Enter) and
    settles every one."""
    tab.goto(f"/counting/elections/{election}/review/")
    started = time.monotonic()
    # The list offers the head no start button (it starts only at pages without a decision).
    start = _tab_to(tab, "!!document.activeElement.closest('#review-list tr[data-state=disagree]')")
    start += _press_to_page(tab, "Enter")
    done = keys = 0
    while not tab.url.endswith("/review/"):
        key = _key_in(tab.url)
        if not tab.get_by_test_id("opinions").is_visible():
            raise SystemExit(f"the head was sent to a page with no disagreement ({key})")
        keys += _decide(tab, plan[key])
        done += 1
    return Figures(done, keys, start, time.monotonic() - started)


def _tab_to(tab: Any, focused: str) -> int:
    """Tab until ``focused`` (a script) is true; the keystrokes it took."""
    keys = 0
    while not tab.evaluate(f"() => {focused}"):
        tab.keyboard.press("Tab")
        keys += 1
        if keys > 500:
            raise SystemExit(f"Tab never reached the element ({focused})")
    return keys


def _press_to_page(tab: Any, key: str) -> int:
    with tab.expect_navigation():
        tab.keyboard.press(key)
    return 1


def _decide(tab: Any, ruling: Ruling) -> int:
    """Type one decision and wait for the next page; the keystrokes it took."""
    keys = 0
    if ruling.ruling == "invalid":
        tab.keyboard.press("i")
        for _ in range(ruling.reason_at):
            tab.keyboard.press("ArrowDown")
        keys += 1 + ruling.reason_at
        # Enter in the list of reasons is the list's own (the page ignores keys there):
        # Tab goes on to the button, whose Enter decides.
        tab.keyboard.press("Tab")
        keys += 1
    elif ruling.toggle is not None:
        box = tab.locator(f'input[data-key="{ruling.toggle}"]')
        was = box.is_checked()
        tab.keyboard.press(str(ruling.toggle))
        keys += 1
        # The page applies a number when no digit has followed for 350 ms, and an Enter before
        # then decides without it (review.js): wait for the box to change, as a member does.
        tab.wait_for_function(
            "([k, was]) => document.querySelector(`input[data-key='${k}']`).checked !== was",
            arg=[ruling.toggle, was],
        )
    before = tab.url
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    keys += 1
    shown = tab.locator(".messages").inner_text() if tab.locator(".messages").count() else ""
    if "Đã ghi quyết định" not in shown:
        raise SystemExit(f"no decision recorded on {_key_in(before)}: {shown!r}")
    return keys


def _key_in(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


# ---------------------------------------------------------------------------------- the data


def _plans(row: Any, pages: dict[str, tuple[dict[str, Any], str]]) -> dict[str, tuple[Any, ...]]:
    """For each page: Minh's ruling, Lan's, and the head's when they differ (Minh's)."""
    from daihoi.web.counting import services

    labels = services.elections.ballot_order(row)
    reasons = [code for code, _words in services.invalid_reasons(row)]
    rng = random.Random(12)

    def ruling(kind: str, reading: dict[str, Any], doubt: str) -> Ruling:
        shown = set(reading.get("struck") or [])
        if kind == "shown":
            return Ruling("valid", tuple(sorted(shown)), "")
        if kind == "doubt":
            number = labels.index(doubt) + 1
            return Ruling("valid", tuple(sorted(shown ^ {doubt})), "", toggle=number)
        at = reasons.index("other_marks")
        return Ruling("invalid", (), reasons[at], reason_at=at + 1)

    plans = {}
    for i, (key, (reading, doubt)) in enumerate(sorted(pages.items())):
        kind = rng.choice(["shown", "shown", "shown", "doubt", "doubt", "invalid"])
        first = ruling(kind, reading, doubt)
        if i % DISAGREE_EVERY == DISAGREE_EVERY // 2:
            other = {"shown": "doubt", "doubt": "invalid", "invalid": "shown"}[kind]
            plans[key] = (first, ruling(other, reading, doubt), first)
        else:
            plans[key] = (first, first, None)
    return plans


def _check_decisions(
    count: Any, people: dict[str, Any], plans: dict[str, tuple[Any, ...]], *, head: bool
) -> None:
    """Fails loudly unless the server holds exactly the decisions typed (the members' only,
    before the head's turn)."""
    held = {
        (d.page_key, d.user_id, d.settles): (d.ruling, tuple(d.struck), d.reason)
        for d in count.decisions.all()
    }
    wanted = {}
    for key, (minh, lan, settle) in plans.items():
        for user, ruling, settles in ((people["minh"], minh, False), (people["lan"], lan, False)):
            wanted[key, user.pk, settles] = (ruling.ruling, ruling.struck, ruling.reason)
        if head and settle is not None:
            wanted[key, people["hanh"].pk, True] = (settle.ruling, settle.struck, settle.reason)
    if held != wanted:
        wrong = sorted({k[0] for k, _v in set(held.items()) ^ set(wanted.items())})
        for key in wrong[:5]:
            print(f"  {key}: held {[v for k, v in held.items() if k[0] == key]}")
            print(f"  {' ' * len(key)}  typed {[v for k, v in wanted.items() if k[0] == key]}")
        raise SystemExit(
            f"the server holds other decisions than those typed ({len(held)} held, "
            f"{len(wanted)} typed, {len(wrong)} pages differ)"
        )


def _check_results(count: Any, plans: dict[str, tuple[Any, ...]]) -> None:
    """Fails loudly unless every page is decided as typed and the results are counted."""
    from daihoi.web.counting import services

    count.refresh_from_db()
    final = {
        f"{count.pk}:{d.page.sha256}:{d.page.page}:{d.page.copy}": (d.ruling, d.struck, d.reason)
        for d in services.final_decisions(count)
    }
    if set(final) != set(plans):
        raise SystemExit(f"{len(set(plans) - set(final))} pages are not decided")
    for key, (minh, _lan, _head) in plans.items():
        if final[key] != (minh.ruling, minh.struck, minh.reason):
            raise SystemExit(f"page {key} is decided {final[key]}, not as typed")
    document = services.results_of(count)
    if document["outcome"] == "pending_review":
        raise SystemExit("the results are still pending review")
    invalid = sum(1 for first, _lan, _head in plans.values() if first.ruling == "invalid")
    if (
        document["ballots"]["invalid"] != invalid
        or document["ballots"]["valid"] != len(plans) - invalid
    ):
        raise SystemExit(f"the results count other ballots: {document['ballots']}")


def _scan(row: Any, count: Any, pages: int) -> dict[str, str]:
    """Receives and reads ``pages`` doubtful ballots; the doubtful name of each by its hash."""
    from daihoi.web.counting import services
    from daihoi_testsupport.synth import Case, Doubt, Scan, Stroke, render_case

    engine = services.elections.engine_election(row)
    rng = random.Random(7)
    doubts = {}
    for i in range(pages):
        names = rng.sample(list(engine.labels), NAMES - SEATS + 1)
        case = Case(
            engine,
            strokes={name: Stroke.STRAIGHT for name in names[1:]},
            doubts={
                names[0]: rng.choice([Doubt.UNDERLINE, Doubt.CIRCLE, Doubt.TICK, Doubt.PARTIAL])
            },
            scan=Scan(dpi=150, jpeg_quality=None),
            seed=5000 + i,
        )
        data = render_case(case).encoded
        services.receive_file(count, data)
        doubts[hashlib.sha256(data).hexdigest()] = names[0]
    services.read_pending(count.pk, workers=min(4, os.cpu_count() or 1))
    return doubts


def _seed() -> tuple[Any, dict[str, Any]]:
    from _station import approved_election
    from django.contrib.auth import get_user_model

    from daihoi.web.accounts.models import Profile, Role
    from daihoi.web.elections.models import PanelMember

    row, base = approved_election(SEATS, NAMES, 1000)
    congress = row.congress
    people = {}
    for username, role in (("hanh", "head"), ("minh", "member"), ("lan", "member")):
        user = get_user_model().objects.create_user(username, password=PASSWORD)
        Profile.objects.create(user=user, unit=base, role=Role.VIEWER)
        PanelMember.objects.create(
            congress=congress, panel="counting", role=role, name=username.title(), user=user
        )
        people[username] = user
    return row, people


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
