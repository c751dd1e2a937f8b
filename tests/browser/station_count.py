"""Run on a hall station's data folder (``python tests/browser/station_count.py DATA USER``):
the counting committee's head counts every election of the congress received in a package,
from totals counted on paper (two batches an election), and confirms. The browser tests of the
count itself are elsewhere (manual entry, review, hand-check); here the station is a separate
process with its own database, as in a hall, and only its results matter."""

from __future__ import annotations

import os
import sys


def main(data: str, username: str) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ["DAIHOI_DATA_DIR"] = data
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.web.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User

    from daihoi.web.counting import services
    from daihoi.web.elections.models import Election, Panel, PanelMember, PanelRole
    from daihoi.web.season.models import Congress

    user = User.objects.get(username=username)
    congress = Congress.objects.exclude(central_id="").get()
    head = PanelMember.objects.get(congress=congress, panel=Panel.COUNTING, role=PanelRole.HEAD)
    head.user = user
    head.save(update_fields=["user"])
    for election in Election.objects.filter(congress=congress).order_by("pk"):
        count = services.count_of(election)
        names = [c.name for c in election.candidates.all()]
        ballots = election.electorate or 20
        halves = [ballots // 2, ballots - ballots // 2]
        for collected in halves:
            batch = services.new_manual_batch(count, user, "totals")
            # Everyone keeps the first ``seats`` names; the others are struck by all.
            votes = {name: (collected if i < election.seats else 0) for i, name in enumerate(names)}
            services.save_totals(
                batch, user, collected=collected, valid=collected, invalid_reasons={}, votes=votes
            )
        stop = services.confirm(services.count_of(election), user)
        if stop:
            raise SystemExit(f"{election.title}: {stop}")
        print(f"confirmed {election.pk} {election.title}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
