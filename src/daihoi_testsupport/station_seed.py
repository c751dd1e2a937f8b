"""A counting station ready for ballots, for end-to-end tests, benchmarks and attack scripts.

Run in the environment of a server (same ``DAIHOI_DATA_DIR`` / ``DATABASE_URL``)::

    python -m daihoi_testsupport.station_seed [--seats 5 --candidates 7 --electorate 31]

It creates (or reuses) a congress of the demo's first base unit, an approved election with
synthetic candidates, a scanning PC's token and a projector link, and writes one JSON line:
``{"election": pk, "station_url": …, "token": …, "projector": …, "election_file": {...}}``.
``--ballots N --out DIR`` also writes N marked ballots of that election (PNG, 150 dpi).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path
from typing import Any


def seed(
    *, seats: int = 5, candidates: int = 7, electorate: int = 31, slug: str = "bch", user: str = ""
) -> dict[str, Any]:
    from datetime import date

    from django.contrib.auth import get_user_model

    from daihoi.web.counting import services as counting
    from daihoi.web.elections import services as elections
    from daihoi.web.elections.models import Candidate, Election, ElectionState
    from daihoi.web.orgs.models import Level, Organisation
    from daihoi.web.season.models import Congress, CongressKind, CongressStatus, Season
    from daihoi_testsupport.synth import make_election

    base = Organisation.objects.filter(level=Level.BASE).order_by("path").first()
    if base is None:
        root = Organisation.objects.filter(depth=1).first() or Organisation.objects.add_root(
            {
                "code": "TEST",
                "name": "Đảng bộ thử",
                "level": Level.PROVINCE,
                "kind": "Đảng bộ",
                "members": 0,
            }
        )
        base = Organisation.objects.add_child(
            root,
            {
                "code": "TEST-01",
                "name": "Đảng bộ cơ sở thử",
                "level": Level.BASE,
                "kind": "Đảng bộ cơ sở",
                "members": 40,
            },
        )
    owner = Organisation.objects.get_parent(base) or base
    season, _ = Season.objects.get_or_create(
        organisation=owner, name="Đợt thử", defaults={"term_start": 2025, "term_end": 2030}
    )
    congress, _ = Congress.objects.get_or_create(
        season=season,
        organisation=base,
        defaults={
            "kind": CongressKind.DELEGATES,
            "status": CongressStatus.PREPARING,
            "planned_date": date.today(),
        },
    )
    number = Election.objects.filter(congress=congress, slug__startswith=slug).count()
    row = Election.objects.create(
        congress=congress,
        slug=f"{slug}-{number + 1}" if number else slug,
        title=f"Bầu Ban Chấp hành ({number + 1})",
        body="committee",
        seats=seats,
        rules="party",
        electorate=electorate,
        state=ElectionState.APPROVED,
    )
    names = [c.name for c in make_election(7000 + number, candidates).candidates]
    Candidate.objects.bulk_create(Candidate(election=row, name=n) for n in names)
    User = get_user_model()
    who = User.objects.filter(username=user).first() if user else User.objects.first()
    count = counting.count_of(row)
    token = counting.new_station_token(count, "Máy quét thử", who)
    projector = counting.new_projector_link(count, who)
    return {
        "election": row.pk,
        "station_path": f"/counting/elections/{row.pk}/",
        "token": token,
        "projector_path": f"/counting/projector/{projector}/",
        "election_file": elections.election_file(row),
    }


def write_ballots(election_pk: int, n: int, out: Path, seed_no: int = 1) -> list[Path]:
    """``n`` valid marked ballots of the election (PNG), one file each."""
    from daihoi.web.elections import services as elections
    from daihoi.web.elections.models import Election
    from daihoi_testsupport.synth import Case, Scan, Stroke, render_case

    engine = elections.engine_election(Election.objects.get(pk=election_pk))
    labels = list(engine.labels)
    must = len(labels) - engine.to_keep
    rng = random.Random(seed_no)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        struck = rng.sample(labels, rng.randint(must, min(len(labels) - 1, must + 1)))
        case = Case(
            engine,
            strokes={label: Stroke.STRAIGHT for label in struck},
            scan=Scan(dpi=150, jpeg_quality=None),
            seed=seed_no * 100000 + i,
        )
        page = render_case(case)
        path = out / f"ballot-{i:04d}{page.suffix}"
        path.write_bytes(page.encoded)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seats", type=int, default=5)
    parser.add_argument("--candidates", type=int, default=7)
    parser.add_argument("--electorate", type=int, default=31)
    parser.add_argument("--user", default="")
    parser.add_argument("--ballots", type=int, default=0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.web.settings")
    import django

    django.setup()
    facts = seed(
        seats=args.seats, candidates=args.candidates, electorate=args.electorate, user=args.user
    )
    if args.ballots:
        if args.out is None:
            parser.error("--ballots needs --out")
        facts["ballots"] = [
            str(p) for p in write_ballots(facts["election"], args.ballots, args.out)
        ]
    sys.stdout.write(json.dumps(facts, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
