"""Comments on one draft at scale: grouped as they arrive, counted and listed.

1. quality: precision and recall of the near-duplicate grouping on the labelled Vietnamese
   pairs (``tests/drafts/comment_pairs.txt``);
2. engine: ``--comments`` (100,000) synthetic comments on one draft through the in-memory
   grouping (``GroupIndex``: MinHash, LSH buckets, the final check);
3. database: the same comments written to a fresh SQLite database in a temporary folder
   (``DATABASE_URL`` is ignored) through ``services.bulk_add`` (grouped, buckets stored), then
   the round's page queries (the first 200 groups, the counts by source) timed, then 500 more
   comments through ``services.add_comment`` one at a time (as they arrive from the form).

    python bench/documents_bench.py [--comments 100000] [--postgres URL]

With ``--postgres postgres://…/postgres`` (e.g. ``$(scripts/ensure-postgres.sh)``) the database
steps run on a fresh database ``daihoi_docbench`` made on that server and dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

SUBJECTS = [
    "chuyển đổi số",
    "cải cách hành chính",
    "xây dựng nông thôn mới",
    "bảo vệ môi trường",
    "phát triển du lịch",
    "đào tạo nghề cho thanh niên",
    "y tế cơ sở",
    "giáo dục vùng cao",
    "thu hút đầu tư",
    "phòng chống tham nhũng",
    "công tác dân vận",
    "phát triển đảng viên",
    "cán bộ lão thành",
    "người có công",
    "an ninh trật tự",
    "quốc phòng địa phương",
    "kinh tế tư nhân",
    "hợp tác xã",
    "làng nghề truyền thống",
    "giao thông nông thôn",
    "nước sạch",
    "xử lý rác thải",
    "văn hóa cơ sở",
    "thể thao quần chúng",
    "an sinh xã hội",
    "giảm nghèo bền vững",
    "nhà ở xã hội",
    "khu công nghiệp",
    "thương mại điện tử",
    "nông nghiệp công nghệ cao",
    "trồng rừng",
    "phòng chống thiên tai",
    "cán bộ trẻ",
    "cán bộ nữ",
    "tinh giản biên chế",
    "sắp xếp đơn vị hành chính",
    "kiểm tra giám sát",
    "tiếp dân",
    "khiếu nại tố cáo",
    "báo chí tuyên truyền",
]
ACTIONS = [
    "bổ sung nội dung về {s}",
    "làm rõ giải pháp {s}",
    "nêu rõ kết quả {s}",
    "đánh giá kỹ hơn {s}",
    "có chỉ tiêu cụ thể về {s}",
    "ưu tiên nguồn lực cho {s}",
]
PARTS = ["phần kết quả", "phần hạn chế", "phần phương hướng", "phần giải pháp", "phần mục tiêu"]
FRAMES = ["Đề nghị", "Cần", "Nên", "Tôi đề nghị", "Đề nghị dự thảo", ""]
ENDS = [".", "", " cho phù hợp.", " hơn nữa.", " trong nhiệm kỳ tới."]
SOURCES = ["member", "member", "member", "veteran", "mass", "department", "public", "conference"]


def synthetic(n: int, seed: int = 17) -> list[tuple[str, int]]:
    """``n`` comments (text, the meaning they were made from)."""
    rng = random.Random(seed)
    meanings = [(a, s, p) for a in ACTIONS for s in SUBJECTS for p in PARTS]
    weights = [1 / (i + 1) ** 0.8 for i in range(len(meanings))]  # a few topics draw most
    picks = rng.choices(range(len(meanings)), weights=weights, k=n)
    out = []
    for m in picks:
        action, subject, part = meanings[m]
        body = action.format(s=subject)
        text = (
            f"{rng.choice(FRAMES)} {body} trong {part}{rng.choice(ENDS)}"
            if rng.random() < 0.6
            else f"{part.capitalize()} {rng.choice(['cần', 'nên', 'đề nghị'])} {body}{rng.choice(ENDS)}"
        )
        out.append((text.strip(), m))
    return out


def took(label: str, started: float, rows: int | None = None) -> float:
    t = time.perf_counter() - started
    rate = f"   {rows / t:,.0f}/s" if rows and t > 0 else ""
    print(f"{label:<62} {t:8.2f} s{rate}", flush=True)
    return t


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--postgres", default="", help="a PostgreSQL server URL (…/postgres)")
    args = parser.parse_args()

    from tests.drafts.pairs import load_pairs, measure

    from daihoi.drafts.similarity import GroupIndex

    pairs = load_pairs()
    precision, recall, tp, fp, fn, tn = measure(pairs)
    print(f"labelled pairs: {len(pairs)} ({tp + fn} duplicates, {fp + tn} not)")
    print(f"precision {precision:.3f}  recall {recall:.3f}  (tp {tp}, fp {fp}, fn {fn}, tn {tn})")
    from tests.drafts.test_independent_pairs import _scores

    tally, precision, recall = _scores()
    print(
        f"independent pairs (never tuned on): precision {precision:.3f}  recall {recall:.3f}  "
        f"(tp {tally[('all', 'tp')]}, fp {tally[('all', 'fp')]}, fn {tally[('all', 'fn')]}, "
        f"tn {tally[('all', 'tn')]})"
    )

    comments = synthetic(args.comments)
    started = time.perf_counter()
    index = GroupIndex()
    assigned = index.add_many([text for text, _ in comments])
    took(f"engine: {len(comments):,} comments grouped in memory", started, len(comments))
    meanings = len({m for _, m in comments})
    # purity: the share of comments whose group's most common meaning is their own
    by_group: dict[int, dict[int, int]] = {}
    for g, (_, m) in zip(assigned, comments, strict=True):
        by_group.setdefault(g, {}).setdefault(m, 0)
        by_group[g][m] += 1
    pure = sum(max(c.values()) for c in by_group.values()) / len(comments)
    print(f"  {len(index.representatives):,} groups for {meanings:,} meanings; purity {pure:.3f}")

    folder = Path(tempfile.mkdtemp(prefix="daihoi-docbench-"))
    try:
        os.environ.pop("DATABASE_URL", None)
        if args.postgres:
            import psycopg

            with psycopg.connect(_libpq(args.postgres), autocommit=True) as admin:
                admin.execute("DROP DATABASE IF EXISTS daihoi_docbench")
                admin.execute("CREATE DATABASE daihoi_docbench")
            os.environ["DATABASE_URL"] = args.postgres.rsplit("/", 1)[0] + "/daihoi_docbench"
            print("database: PostgreSQL")
        else:
            print("database: SQLite")
        os.environ["DAIHOI_DATA_DIR"] = str(folder)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.web.settings")
        import django

        django.setup()
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        took("database: migrate", started)
        date = datetime.date

        from daihoi.drafts.outline import read_text
        from daihoi.web.documents import services
        from daihoi.web.documents.models import Draft, DraftVersion, Round
        from daihoi.web.orgs.models import Level, Organisation
        from daihoi.web.season.models import Congress, Season

        org = Organisation.objects.add_root(
            {"code": "BT", "name": "Đảng bộ tỉnh Bench", "level": Level.PROVINCE}
        )
        season = Season.objects.create(
            organisation=org, name="Bench", term_start=2025, term_end=2030
        )
        congress = Congress.objects.create(season=season, organisation=org)
        draft = Draft.objects.create(
            congress=congress, organisation=org, kind="political", title="Bench"
        )
        outline = read_text("I. KẾT QUẢ\nĐoạn một.\nII. PHƯƠNG HƯỚNG\nĐoạn hai.")
        version = DraftVersion.objects.create(
            draft=draft, number=1, outline=outline.to_data(), paragraphs=2
        )
        r = Round.objects.create(
            version=version,
            organisation=org,
            title="Bench",
            deadline=date(2099, 1, 1),
            invited=["members", "public"],
        )
        rng = random.Random(3)
        items = [
            services.NewComment(text, rng.choice(SOURCES), section=rng.choice([1, 2, None]))
            for text, _ in comments
        ]
        started = time.perf_counter()
        services.bulk_add(r, items, org)
        took(f"database: {len(items):,} comments grouped and written (bulk)", started, len(items))

        laps = []
        for _ in range(5):
            started = time.perf_counter()
            groups = services.groups_page(r, limit=200)
            counts = services.counts_by_source(r)
            laps.append(time.perf_counter() - started)
        print(
            f"{'database: the round page queries (200 groups, counts by source)':<62} "
            f"{statistics.median(laps):8.3f} s (median of 5; {len(groups)} groups, "
            f"{sum(n for _, n, _ in counts):,} comments)"
        )
        extra = synthetic(500, seed=99)
        laps = []
        for text, _ in extra:
            started = time.perf_counter()
            services.add_comment(r, services.NewComment(text, "public"))
            laps.append(time.perf_counter() - started)
        laps.sort()
        print(
            f"{'database: one comment as it arrives (grouped, counted)':<62} "
            f"median {statistics.median(laps) * 1000:.1f} ms, p95 {laps[int(len(laps) * 0.95)] * 1000:.1f} ms"
        )
        from daihoi.web.documents.models import Bucket, CommentGroup

        print(
            f"  rows: {CommentGroup.objects.filter(round=r).count():,} groups, "
            f"{Bucket.objects.filter(round=r).count():,} buckets"
        )
        started = time.perf_counter()
        services.report_data(r, datetime.datetime(2025, 9, 1))
        took("database: the report's data (every group with sources)", started)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if args.postgres:
            from django.db import connections

            connections.close_all()
            import psycopg

            with psycopg.connect(_libpq(args.postgres), autocommit=True) as admin:
                admin.execute("DROP DATABASE IF EXISTS daihoi_docbench")
    return 0


def _libpq(url: str) -> str:
    """A libpq connection string for ``url`` (the socket folder may be %-encoded as the host)."""
    import dj_database_url

    c = dj_database_url.parse(url)
    parts = {
        "dbname": c["NAME"],
        "user": c.get("USER"),
        "host": c.get("HOST"),
        "port": c.get("PORT"),
    }
    return " ".join(f"{k}={v}" for k, v in parts.items() if v)


if __name__ == "__main__":
    sys.exit(main())
