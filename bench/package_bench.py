"""How long does the office's export of a congress package take, and the station's import?

Seeds a fresh SQLite database (in a temporary folder) with a delegates' congress of
``--delegates`` delegates (default 500), 6 elections of 60 candidates each and 12 panel
members, then prints, each the median of 5 runs:

* the package's size (zip bytes);
* ``package_files`` (reading the congress from the database) and ``make_package`` (signing,
  zipping) milliseconds: the work of one export request;
* ``read_package`` (every check) milliseconds;
* the station's import milliseconds (one transaction: the congress made again as new).

Run: .venv/bin/python bench/package_bench.py [--delegates N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--delegates", type=int, default=500)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="daihoi-package-bench-"))
    for key in [k for k in os.environ if k.startswith(("DATABASE_URL", "DAIHOI_"))]:
        del os.environ[key]
    os.environ["DAIHOI_DATA_DIR"] = str(work / "var")
    os.environ["DJANGO_SETTINGS_MODULE"] = "daihoi.web.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from daihoi.record.package import make_package, read_package
    from daihoi.web.accounts.models import Profile, Role
    from daihoi.web.elections.models import Candidate, Delegate, Election, PanelMember
    from daihoi.web.orgs.models import Level, Organisation
    from daihoi.web.packages import services
    from daihoi.web.packages.models import PackageImport, PackageUpload
    from daihoi.web.season.models import Congress, CongressKind, Season
    from daihoi_testsupport.synth import make_election

    call_command("migrate", verbosity=0)
    root = Organisation.objects.add_root(
        {"code": "B", "name": "Đảng bộ tỉnh thử", "level": Level.PROVINCE, "kind": "Đảng bộ"}
    )
    base = Organisation.objects.add_child(
        root, {"code": "B-1", "name": "Đảng bộ xã thử", "level": Level.BASE, "kind": "Đảng bộ"}
    )
    user = User.objects.create_user("vanphong", password="x")
    Profile.objects.create(user=user, unit=root, role=Role.OFFICE)
    season = Season.objects.create(organisation=root, name="Đợt", term_start=2025, term_end=2030)
    congress = Congress.objects.create(
        season=season,
        organisation=base,
        kind=CongressKind.DELEGATES,
        planned_date=date(2026, 12, 20),
    )
    names = [c.name for c in make_election(4242, 60).candidates]
    for i in range(6):
        row = Election.objects.create(
            congress=congress, slug=f"e{i}", title=f"Bầu {i}", body="committee", seats=50,
            rules="party", electorate=args.delegates,
        )  # fmt: skip
        Candidate.objects.bulk_create(Candidate(election=row, name=n) for n in names)
    Delegate.objects.bulk_create(
        Delegate(congress=congress, number=i, name=names[i % 60])
        for i in range(1, args.delegates + 1)
    )
    for i in range(12):
        PanelMember.objects.create(congress=congress, panel="counting", name=names[i], order=i)

    def ms(action) -> float:  # type: ignore[no-untyped-def]
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            action()
            runs.append((time.perf_counter() - start) * 1000)
        return statistics.median(runs)

    facts = services.package_facts(congress)
    key = services.office_key()
    files = services.package_files(congress)
    data = make_package(
        files, congress=facts, sequence=1, issued_at="2026-12-01T00:00:00Z", key=key
    )
    read_ms = ms(lambda: services.package_files(congress))
    make_ms = ms(
        lambda: make_package(
            files, congress=facts, sequence=1, issued_at="2026-12-01T00:00:00Z", key=key
        )
    )
    export_ms = ms(lambda: services.export_package(congress, user, datetime.now(UTC)))
    check_ms = ms(lambda: read_package(data))
    print(f"congress: {args.delegates} delegates, 6 elections x 60 candidates, 12 panel members")
    print(f"package size: {len(data):,} bytes (zip)")
    print(f"package_files (database reads): {read_ms:.1f} ms; make_package: {make_ms:.1f} ms")
    print(f"export_package (the export request's work, logged): {export_ms:.1f} ms")
    print(f"read_package (every check): {check_ms:.1f} ms")
    # The station: the congress taken away, then imported again from the package.
    for row in Election.objects.all():
        row.delete()
    Congress.objects.all().delete()
    from daihoi.web.packages.models import TrustedOfficeKey

    TrustedOfficeKey.objects.create(
        fingerprint=key.fingerprint, public_key=key.public_hex, trusted_at=datetime.now(UTC)
    )
    runs = []
    for sequence in range(10, 15):
        package = make_package(
            files, congress=facts, sequence=sequence, issued_at="2026-12-01T00:00:00Z", key=key
        )
        upload = PackageUpload.objects.create(user=user, filename="p.zip", data=package, sha256="")
        start = time.perf_counter()
        services.import_upload(upload, user)
        runs.append((time.perf_counter() - start) * 1000)
    print(
        f"station import: first {runs[0]:.0f} ms (creates everything); "
        f"again with a newer package: median {statistics.median(runs[1:]):.0f} ms "
        f"({PackageImport.objects.count()} imports)"
    )


if __name__ == "__main__":
    main()
