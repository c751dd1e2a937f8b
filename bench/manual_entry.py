"""Manual entry by keyboard in real Chromium: N ballots of a 15-name strike ballot.

Builds a station database in a temporary folder (SQLite), an approved election of 15 names
for 11 seats and a technical operator, serves it in this process (Django's live server
thread), and types every ballot as an operator would on the entry grid: the numbers of the
struck names (a space after "1" when another number follows, since 1 may begin 10–15), then
Enter. Checks that the server kept exactly the ballots typed, and prints the keystrokes per
ballot, the ballots per minute and the load average.

    python bench/manual_entry.py [--ballots 300]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
NAMES = 15
SEATS = 11


def keys_of(struck: list[int]) -> list[str]:
    keys: list[str] = []
    for i, number in enumerate(struck):
        keys += list(str(number))
        if number == 1 and i + 1 < len(struck):
            keys.append(" ")
    return [*keys, "Enter"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=300)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="daihoi-manual-bench-"))
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

    setup_test_environment()  # allows the live server's host name
    call_command("migrate", verbosity=0)
    election, batch, user = _seed(args.ballots)
    server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://127.0.0.1:{server.port}"

    rng = random.Random(12)
    ballots = [
        sorted(rng.sample(range(1, NAMES + 1), rng.choice([4, 4, 5, 6])))
        for _ in range(args.ballots)
    ]
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tab = browser.new_page(base_url=base)
        tab.goto("/accounts/login/")
        tab.fill("#id_username", user)
        tab.fill("#id_password", "bench-pass-123")
        tab.click("button[type=submit]")
        tab.wait_for_url(lambda url: "/accounts/login/" not in url)
        tab.goto(f"/counting/elections/{election}/batches/{batch}/entry/")
        expect(tab.get_by_test_id("row-title")).to_have_text("Phiếu số 1")
        keystrokes = 0
        started = time.monotonic()
        for struck in ballots:
            for key in keys_of(struck):
                tab.keyboard.press(key)
                keystrokes += 1
        expect(tab.get_by_test_id("pending")).to_have_text("", timeout=120_000)
        expect(tab.locator("#t-ballots")).to_have_text(str(len(ballots)), timeout=120_000)
        seconds = time.monotonic() - started
        browser.close()

    from daihoi.web.counting.models import EntryRow

    kept = list(
        EntryRow.objects.filter(entry__batch__number=batch, entry__batch__count__election=election)
        .order_by("position")
        .values_list("marks", flat=True)
    )
    wanted = ["".join("S" if n in set(s) else "K" for n in range(1, NAMES + 1)) for s in ballots]
    if kept != wanted:
        raise SystemExit(f"the server kept other ballots than those typed ({len(kept)} rows)")
    load = os.getloadavg()
    print(f"ballots: {len(ballots)} × {NAMES} names (strike {SEATS} to keep)")
    print(f"keystrokes per ballot: {keystrokes / len(ballots):.2f}")
    print(f"ballots per minute: {len(ballots) / seconds * 60:.0f} ({seconds:.1f} s)")
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)")
    print("the server kept every ballot as typed")


def _seed(ballots: int) -> tuple[int, int, str]:
    from _station import approved_election
    from django.contrib.auth import get_user_model

    from daihoi.web.accounts.models import Profile, Role
    from daihoi.web.counting import services
    from daihoi.web.elections.models import PanelMember

    row, base = approved_election(SEATS, NAMES, ballots * 2)
    congress = row.congress
    user = get_user_model().objects.create_user("nhaplieu", password="bench-pass-123")
    Profile.objects.create(user=user, unit=base, role=Role.VIEWER)
    PanelMember.objects.create(
        congress=congress, panel="technical", role="operator", name="Nhập Liệu", user=user
    )
    batch = services.new_manual_batch(services.count_of(row), user, "ballots", 2)
    return row.pk, batch.number, user.username


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
