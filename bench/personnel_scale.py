"""A province's personnel records at scale: generated, imported, de-duplicated and checked.

Builds a province (12 upper-base units, 1,500 base units) and its members (365,000 by default)
in a fresh SQLite database in a temporary folder (the embedded default; ``DATABASE_URL`` is
ignored, so no shared database is touched), then times each stage
through the product's own code paths:

1. generate: the list sheets (.xlsx) of every member, at most ``DAIHOI_ORG_IMPORT_MAX_ROWS``
   rows per file (the import's cap), as an office would send them;
2. import: each file checked by the task worker's step (``jobs.run_check``: read, validate
   every row, match against the records) and written by its apply step (``jobs.run_apply``);
3. de-duplicate: the first file sent again with one changed column: every row is recognised
   (CCCD, or name and birth date for the rows without one) and previewed as a merge;
4. check: a committee list of 11 names for 9 seats at every base congress, each checked
   against the season's targets (``plans.list_checks``), and the province's completeness.

Prints the seconds (and minutes) of each stage and the rows per second.

    python bench/personnel_scale.py [--members 365000] [--keep]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UPPER = 12
BASES = 1500
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai"]
GIVEN += ["Nam", "Ngân", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Việt", "Yến"]
THEORY = ["Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân", ""]


def stage(label: str, started: float, rows: int | None = None) -> float:
    took = time.perf_counter() - started
    rate = f", {rows / took:,.0f} dòng/giây" if rows and took > 0 else ""
    print(f"{label:<58} {took:8.1f} s = {took / 60:5.2f} phút{rate}", flush=True)
    return took


def build_tree() -> tuple[object, list[object]]:
    from daihoi.web.orgs.models import Level, Organisation

    nodes: list[Organisation] = []
    province = Organisation(
        path=Organisation._get_path(None, 1, 1),
        depth=1,
        numchild=UPPER,
        code="BT",
        name="Đảng bộ tỉnh Bench",
        level=Level.PROVINCE,
        kind="Đảng bộ tỉnh",
    )
    nodes.append(province)
    per = BASES // UPPER
    for u in range(1, UPPER + 1):
        upper = Organisation(
            path=Organisation._get_path(province.path, 2, u),
            depth=2,
            numchild=per,
            code=f"BT-{u:02d}",
            name=f"Đảng bộ huyện số {u}",
            level=Level.UPPER_BASE,
            kind="Đảng bộ huyện",
        )
        nodes.append(upper)
        for b in range(1, per + 1):
            nodes.append(
                Organisation(
                    path=Organisation._get_path(upper.path, 3, b),
                    depth=3,
                    numchild=0,
                    code=f"BT-{u:02d}-{b:04d}",
                    name=f"Đảng bộ xã số {b} huyện {u}",
                    level=Level.BASE,
                    kind="Đảng bộ cơ sở",
                )
            )
    Organisation.objects.bulk_create(nodes, batch_size=2000)
    root = Organisation.objects.get(code="BT")
    bases = list(Organisation.objects.filter(level=Level.BASE).order_by("path"))
    return root, bases


def member_rows(count: int, bases: list[object], rng: random.Random) -> list[list[object]]:
    """One row per member in the list sheet's columns; a fifth of them without a CCCD.

    Without a CCCD a member is known by name and birth date, so those rows get distinct pairs
    (born on days 1–14) and the others are born on days 15–28: the counts stay exact.
    """
    names = [f"{s} {m} {g}" for s in SURNAMES for m in MIDDLE for g in GIVEN]
    rows = []
    for i in range(count):
        if i % 5 == 4:
            k = i // 5
            name = names[k % len(names)]
            year = 1955 + (k // len(names)) % 45
            born = date(year, 1 + rng.randrange(12), 1 + rng.randrange(14))
        else:
            name = rng.choice(names)
            born = date(1955 + rng.randrange(45), 1 + rng.randrange(12), 15 + rng.randrange(14))
        joined = date(
            born.year + 18 + rng.randrange(2024 - born.year - 18), 1 + rng.randrange(12), 1
        )
        rows.append(
            [
                name,
                "Nữ" if rng.random() < 0.35 else "Nam",
                born,
                "Kinh",
                "",
                "" if i % 5 == 4 else f"{i + 1:012d}",
                "",
                rng.choice(THEORY),
                "",
                bases[i % len(bases)].code,  # type: ignore[attr-defined]
                "Đảng viên",
                joined,
                date(joined.year + 1, joined.month, 1),
                "",
            ]
        )
    return rows


def sheet_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Nhân sự")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def run_job(user: object, name: str, data: bytes, *, apply: bool) -> object:
    """The task worker's two steps, as the worker runs them."""
    from django.core.files.base import ContentFile

    from daihoi.web.personnel import jobs
    from daihoi.web.personnel.models import PersonImport

    job = PersonImport(user=user, filename=name, size=len(data))
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    state = jobs.run_check(job.pk)
    job.refresh_from_db()
    if state != PersonImport.State.CHECKED:
        raise SystemExit(f"{name}: {state} {job.problems[:3]}")
    if apply:
        # What the sender's confirmation does (``confirm_import``), without the queue.
        job.state = PersonImport.State.APPLYING
        job.save(update_fields=["state"])
        jobs.run_apply(job.pk)
        job.refresh_from_db()
    return job


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=365_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="daihoi-personnel-bench-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ["DAIHOI_DATA_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.web.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from daihoi.web.accounts.models import Profile, Role
    from daihoi.web.personnel import plans, services
    from daihoi.web.personnel.fileformat import COLUMNS
    from daihoi.web.personnel.models import CandidateList, Nomination, Person
    from daihoi.web.season.models import Congress, Season

    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"personnel_scale: {args.members:,} đảng viên, {BASES:,} cơ sở, CSDL {database}, "
        f"tải máy {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    root, bases = build_tree()
    office = User.objects.create_user("office", password="x")
    Profile.objects.create(user=office, unit=root, role=Role.OFFICE)
    stage("chuẩn bị (migrate, cây tổ chức)", started)

    rng = random.Random(2025)
    header = [COLUMNS[key][0] for key in COLUMNS]
    cap = settings.ORG_IMPORT_MAX_ROWS
    started = time.perf_counter()
    rows = member_rows(args.members, bases, rng)
    files = [
        (f"nhan-su-{n + 1}.xlsx", sheet_bytes(header, rows[start : start + cap]))
        for n, start in enumerate(range(0, len(rows), cap))
    ]
    total_mb = sum(len(d) for _n, d in files) / 1e6
    stage(f"1. tạo {len(files)} tệp danh sách ({total_mb:.1f} MB)", started, len(rows))

    started = time.perf_counter()
    for name, data in files:
        run_job(office, name, data, apply=True)
    stage("2. nhập (kiểm tra từng dòng, đối chiếu, ghi)", started, len(rows))
    assert Person.objects.count() == args.members, Person.objects.count()

    started = time.perf_counter()
    first = rows[:cap]
    for row in first:
        row[10] = "Ủy viên Ban Chấp hành"  # the position changes: every row is a merge
    again = run_job(office, "nhan-su-lai.xlsx", sheet_bytes(header, first), apply=False)
    took = stage("3. khử trùng lặp (gửi lại tệp 1, xem trước các gộp)", started, len(first))
    print(
        f"   {again.merged:,} gộp vào hồ sơ đã có, {again.created:,} mới ({took:.1f} s)",  # type: ignore[attr-defined]
        flush=True,
    )
    assert again.created == 0 and again.merged == len(first)  # type: ignore[attr-defined]

    started = time.perf_counter()
    season = Season.objects.create(organisation=root, name="Bench", term_start=2025, term_end=2030)
    congresses = Congress.objects.bulk_create(
        Congress(season=season, organisation=b, planned_date=date(2025, 10, 15)) for b in bases
    )
    lists = CandidateList.objects.bulk_create(
        CandidateList(congress=c, body="committee", seats=9, title="Bầu BCH") for c in congresses
    )
    people = {}
    for pk, unit in Person.objects.values_list("pk", "unit_id").order_by("pk").iterator():
        if len(people.setdefault(unit, [])) < 11:
            people[unit].append(pk)
    Nomination.objects.bulk_create(
        (
            Nomination(candidate_list=cl, person_id=pk, source="outgoing")
            for cl, c in zip(lists, congresses, strict=True)
            for pk in people.get(c.organisation_id, [])
        ),
        batch_size=5000,
    )
    stage(f"   (lập {len(lists):,} danh sách, mỗi danh sách 11 người)", started)
    started = time.perf_counter()
    short = 0
    for cl in plans.with_names(
        CandidateList.objects.select_related("congress__organisation", "congress__season")
    ).iterator(chunk_size=500):
        short += sum(1 for c in plans.list_checks(cl) if not c.ok)
    stage(f"4. kiểm tra cơ cấu {len(lists):,} danh sách ({short:,} chỉ tiêu chưa đạt)", started)
    started = time.perf_counter()
    units = services.completeness(office, root)
    stage(f"   độ đầy đủ hồ sơ của tỉnh ({len(units):,} đơn vị)", started, args.members)

    if args.keep:
        print(f"CSDL giữ lại trong {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
