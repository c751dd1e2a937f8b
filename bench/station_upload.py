"""The counting station against the command line on the same pages.

Starts a real station server (``daihoi web serve``: waitress and the task worker, SQLite in a
temporary folder), seeds an approved election, writes N marked ballots of it (PNG, 150 dpi),
then:

1. ``daihoi count scan`` on the N files (wall time, its own process pool);
2. the same N files sent one by one to the scanning PC's API (``/api/station/uploads/``) as
   one batch, polling the station page's live part as a browser does, until every page is read
   and the provisional results are on screen.

Prints the upload time, the time until the results are on screen, the ratio to the command
line (target ≤ 1.5×), and the lag between the last page read and the results being shown
(target ≤ 5 s); and checks that both counts agree.

    python bench/station_upload.py [--pages 500]
"""

from __future__ import annotations

import argparse
import hashlib
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=500)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="daihoi-station-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DAIHOI_"))}
    env["DAIHOI_DATA_DIR"] = str(work / "var")
    port = free_port()
    log = open(work / "serve.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "daihoi.cli.main", "web", "serve", "--port", str(port)],
        env=env,
        cwd=work,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(
                        "the server did not start: see " + str(work / "serve.log")
                    ) from None
                time.sleep(0.5)
        seeded = subprocess.run(
            [
                sys.executable,
                "-m",
                "daihoi_testsupport.station_seed",
                "--user",
                "vanphong",
                "--ballots",
                str(args.pages),
                "--electorate",
                str(args.pages * 2),
                "--out",
                str(work / "ballots"),
            ],
            env=env,
            cwd=work,
            capture_output=True,
            text=True,
            check=True,
        )
        facts = json.loads(seeded.stdout.splitlines()[-1])
        files = [Path(p) for p in facts["ballots"]]
        election_file = work / "election.json"
        election_file.write_text(json.dumps(facts["election_file"], ensure_ascii=False))

        started = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "daihoi.cli.main",
                "count",
                "scan",
                str(election_file),
                *map(str, files),
                "-o",
                str(work / "cli.json"),
            ],
            env=env,
            cwd=work,
            capture_output=True,
            check=True,
        )
        cli_seconds = time.monotonic() - started
        cli = json.loads((work / "cli.json").read_text())

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(base + "/accounts/login/")
        csrf = next(c.value for c in jar if c.name == "csrftoken")
        opener.open(
            urllib.request.Request(
                base + "/accounts/login/",
                urllib.parse.urlencode(
                    {"username": "vanphong", "password": "daihoi2025", "csrfmiddlewaretoken": csrf}
                ).encode(),
                headers={"Referer": base + "/"},
            )
        )
        live = base + facts["station_path"] + "live/"

        started = time.monotonic()
        for path in files:
            data = path.read_bytes()
            request = urllib.request.Request(
                base + "/api/station/uploads/",
                data=data,
                headers={
                    "Authorization": f"Bearer {facts['token']}",
                    "Content-Type": "application/octet-stream",
                    "X-Daihoi-Sha256": hashlib.sha256(data).hexdigest(),
                    "X-Daihoi-Kind": "png",
                },
            )
            with urllib.request.urlopen(request, timeout=60) as answer:
                assert answer.status in (200, 201), answer.status
        uploaded = time.monotonic() - started
        last_page_at = None
        shown_at = None
        while time.monotonic() - started < 3600:
            page = opener.open(live, timeout=60).read().decode()
            read = int(
                re.search(r'data-testid="pages-read">([\d.]+)<', page).group(1).replace(".", "")
            )
            waiting = int(
                re.search(r'data-testid="files-waiting">([\d.]+)<', page).group(1).replace(".", "")
            )
            now = time.monotonic()
            if read >= args.pages and last_page_at is None:
                last_page_at = now
            # The results on screen are those of every page (pages to review included).
            shown = re.search(r'data-testid="results" data-pages="(\d+)"', page)
            if read >= args.pages and waiting == 0 and shown and int(shown.group(1)) == args.pages:
                shown_at = now
                break
            time.sleep(1.0)
        assert shown_at is not None and last_page_at is not None, "the results never came"
        station_seconds = shown_at - started
        votes = re.findall(r"<td>([^<]+)</td><td class=\"num\">([\d.]+)</td>", page)
        station_votes = {name: int(v.replace(".", "")) for name, v in votes}
        cli_votes = {c["name"]: c["votes"] for c in cli["candidates"]}
        print(
            f"pages: {args.pages} (PNG 150 dpi, one file each), load average {os.getloadavg()[0]:.2f}"
        )
        print(f"daihoi count scan: {cli_seconds:.1f} s ({args.pages / cli_seconds:.1f} pages/s)")
        print(
            f"station: uploaded in {uploaded:.1f} s; results on screen after {station_seconds:.1f} s "
            f"({args.pages / station_seconds:.1f} pages/s)"
        )
        print(f"station / CLI: {station_seconds / cli_seconds:.2f}× (target ≤ 1.5×)")
        print(
            f"results shown {shown_at - last_page_at:.1f} s after the last page was read "
            "(polled every 1 s, the page itself every 2 s; target ≤ 5 s)"
        )
        print("counts agree with the CLI:", station_votes == cli_votes)
        if station_votes != cli_votes:
            print("  station:", station_votes)
            print("  CLI:    ", cli_votes)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()
