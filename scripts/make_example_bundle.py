"""Count an example congress at a station and write its results bundle (``make example-bundle``).

A fresh station (its own data folder, database and key, thrown away afterwards) counts the
congress of a ward: the committee (5 of 7) from 30 scanned ballots, two of them sent to the
counting committee and decided by two members; the inspection committee (2 of 3) whose tie goes
to a second round. Everything goes through the station's own services, as on congress day. The
bundle and its key's fingerprint are written to ``examples/`` so that anyone can try::

    daihoi verify examples/phuong-ben-nghe-2025.bundle.zip --key "$(cat examples/phuong-ben-nghe-2025.fingerprint)"

Usage: ``python scripts/make_example_bundle.py [OUT_FOLDER] [--key KEY_FILE]`` (default
``examples``; the station's key is thrown away with its folder unless ``--key`` names a file).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "phuong-ben-nghe-2025"


def main(out: Path, key: Path | None = None) -> None:
    data = Path(tempfile.mkdtemp(prefix="daihoi-example-"))
    os.environ["DAIHOI_DATA_DIR"] = str(data)
    os.environ.pop("DATABASE_URL", None)
    if key is not None:  # the station key kept where asked (to forge against it in tests)
        os.environ["DAIHOI_STATION_KEY"] = str(key.resolve())
    os.environ.pop("DAIHOI_RECORD_COPY", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.web.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    try:
        bundle, fingerprint = _count(data)
    finally:
        shutil.rmtree(data, ignore_errors=True)  # the throw-away station: database and key
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{NAME}.bundle.zip").write_bytes(bundle)
    (out / f"{NAME}.fingerprint").write_text(fingerprint + "\n", encoding="utf-8")
    print(f"{out / (NAME + '.bundle.zip')}: {len(bundle):,} byte; khóa {fingerprint}")


def _count(data: Path) -> tuple[bytes, str]:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from daihoi.web.counting import services as counting
    from daihoi.web.elections import services as elections
    from daihoi.web.elections.models import (
        Candidate,
        Delegate,
        Election,
        ElectionState,
        Panel,
        PanelMember,
        PanelRole,
        Presence,
    )
    from daihoi.web.orgs.models import Level, Organisation
    from daihoi.web.season.models import Congress, CongressKind, CongressStatus, Season
    from daihoi_testsupport.synth import Case, Doubt, Scan, Stroke, render_case

    users = get_user_model()
    district = Organisation.objects.add_root(
        {
            "code": "Q1",
            "name": "Đảng bộ Quận 1",
            "level": Level.UPPER_BASE,
            "kind": "Đảng bộ quận",
            "members": 9800,
        }
    )
    ward = Organisation.objects.add_child(
        district,
        {
            "code": "Q1-BN",
            "name": "Đảng bộ phường Bến Nghé",
            "level": Level.BASE,
            "kind": "Đảng bộ cơ sở",
            "members": 412,
        },
    )
    season = Season.objects.create(
        organisation=district, name="Đại hội nhiệm kỳ 2025–2030", term_start=2025, term_end=2030
    )
    congress = Congress.objects.create(
        season=season,
        organisation=ward,
        kind=CongressKind.DELEGATES,
        status=CongressStatus.PREPARING,
        planned_date=date(2025, 6, 14),
    )
    Delegate.objects.bulk_create(
        Delegate(congress=congress, number=i, name=f"Đại biểu số {i}") for i in range(1, 32)
    )
    delegates = list(Delegate.objects.filter(congress=congress).order_by("number"))
    people = {}
    for order, (login, name, role) in enumerate(
        [
            ("hung", "Lê Văn Hùng", PanelRole.HEAD),
            ("lan", "Phạm Thị Lan", PanelRole.MEMBER),
            ("vinh", "Đỗ Quang Vinh", PanelRole.MEMBER),
        ]
    ):
        user = users.objects.create_user(login, password=None)
        people[login] = user
        PanelMember.objects.create(
            congress=congress,
            panel=Panel.COUNTING,
            name=name,
            role=role,
            order=order,
            user=user,
        )

    # Thirty delegates in the hall, one away with leave: the minutes say so.
    now = timezone.now()
    elections.record_presence(delegates[:30], Presence.PRESENT, at=now, user=people["hung"])
    elections.record_presence(
        delegates[30:], Presence.ABSENT_WITH_LEAVE, at=now, user=people["hung"]
    )

    def approved(slug: str, title: str, body: str, seats: int, names: list[str]) -> Election:
        row = Election.objects.create(
            congress=congress, slug=slug, title=title, body=body, seats=seats, rules="party"
        )
        Candidate.objects.bulk_create(Candidate(election=row, name=n) for n in names)
        elections.approve_list(row)
        row.state = ElectionState.APPROVED
        row.save()
        return row

    committee = approved(
        "bch",
        "Bầu Ban Chấp hành Đảng bộ phường Bến Nghé khóa XIII, nhiệm kỳ 2025–2030",
        "committee",
        5,
        [
            "Nguyễn Văn An",
            "Trần Thị Bình",
            "Lê Văn Cường",
            "Phạm Thị Dung",
            "Hoàng Văn Em",
            "Vũ Thị Gấm",
            "Đỗ Văn Hải",
        ],
    )
    inspection = approved(
        "ubkt",
        "Bầu Ủy ban Kiểm tra Đảng ủy phường Bến Nghé",
        "inspection_committee",
        2,
        ["Lê Văn Khoa", "Trần Thị Mai", "Phạm Văn Nam"],
    )
    scan = Scan(dpi=150, jpeg_quality=None)
    truth: dict[str, list[str]] = {}  # what each paper strikes, by its file's SHA-256

    def ballots(
        row: Election, struck_lists: list[list[str]], seed: int, doubtful: int = 0
    ) -> list[bytes]:
        """One scanned paper per list; the last ``doubtful`` also have a line under a kept
        name, which the reader sends to the counting committee."""
        engine = elections.engine_election(row)
        papers = []
        for i, struck in enumerate(struck_lists):
            kept = [label for label in engine.labels if label not in struck]
            doubts = {kept[0]: Doubt.UNDERLINE} if i >= len(struck_lists) - doubtful else {}
            case = Case(
                engine,
                strokes={label: Stroke.STRAIGHT for label in struck},
                doubts=doubts,
                scan=scan,
                seed=seed * 1000 + i,
            )
            data = render_case(case).encoded
            truth[hashlib.sha256(data).hexdigest()] = list(struck)
            papers.append(data)
        return papers

    def count_all(row: Election, pages: list[bytes]) -> object:
        count = counting.count_of(row)
        counting.set_issued(count, len(pages), people["hung"])
        for page in pages:
            counting.receive_file(count, page)
        counting.read_pending(count.pk, workers=1)
        for item in counting.review_queue(count, people["lan"]):
            page, _decisions = counting.review_page(count, item.key)
            for member in ("lan", "vinh"):  # two members look at the paper and agree
                counting.decide(
                    count, item.key, people[member], ruling="valid", struck=truth[page.sha256]
                )
        problem = counting.confirm(count, people["hung"])
        if problem:
            raise SystemExit(f"{row.title}: {problem}")
        return count

    # The committee: 30 papers each striking two names, so that the five elected have 28, 27,
    # 25, 23 and 21 votes and the other two 14 and 12 (16 needed: more than half of 31).
    an, binh, cuong, dung, em, gam, hai = elections.engine_election(committee).labels
    strikes = [hai] * 18 + [gam] * 16 + [em] * 9 + [dung] * 7 + [cuong] * 5 + [binh] * 3 + [an] * 2
    pairs = [[strikes[i], strikes[i + 30]] for i in range(30)]
    count_all(committee, ballots(committee, pairs, seed=1, doubtful=2))

    # The inspection committee, 2 of 3: Mai 28, Khoa and Nam 16 each, a tie for the second seat
    # that a second round between the two settles.
    khoa, mai, nam = elections.engine_election(inspection).labels
    tie = [[nam]] * 14 + [[khoa]] * 14 + [[mai]] * 2
    first = count_all(inspection, ballots(inspection, tie, seed=2))
    second = counting.create_next_round(first, people["hung"], [])  # type: ignore[arg-type]
    a, b = elections.engine_election(second).labels
    count_all(second, ballots(second, [[a]] * 12 + [[b]] * 18, seed=3, doubtful=1))

    head = people["hung"]
    return counting.record_bundle(congress, head), counting.station_fingerprint()


if __name__ == "__main__":
    args = sys.argv[1:]
    key_file = None
    if "--key" in args:  # --key FILE: the station's key file, kept (made when missing)
        at = args.index("--key")
        key_file = Path(args[at + 1])
        del args[at : at + 2]
    main(Path(args[0]) if args else ROOT / "examples", key_file)
