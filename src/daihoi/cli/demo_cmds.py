"""``daihoi demo OUTDIR``: a whole counting, from the election file to the signed-off minutes.

Writes a sample election (a ward congress electing its executive committee) and a seeded set of
ballots, two of them invalid, then counts them through exactly the code of
``daihoi count tally``, prints the result table and writes the results JSON and the minutes
(PDF and DOCX). Every file is written atomically; the same seed gives the same files.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from daihoi.cli.apps import app
from daihoi.cli.count_cmds import tally
from daihoi.cli.minutes_cmds import print_pending_notice
from daihoi.engine.ballot import Ballot, Mark
from daihoi.engine.election import Election, parse_election
from daihoi.engine.errors import InputError, Location
from daihoi.files import ballots_csv, election_yaml, write_atomic
from daihoi.minutes.output import read_results_for_minutes, write_minutes

DEFAULT_SEED = 2025
SEATS = 7
CONVENED = 31
PRESENT = 30

# Listed as the personnel subcommittee typed them; the engine puts them in ballot order.
# Each has the share of delegates the demo lets keep the name on a ballot.
CANDIDATES: tuple[tuple[str, int, float], ...] = (
    ("Trần Thị Ngọc Hân", 1979, 0.93),
    ("Nguyễn Văn Tùng", 1972, 0.90),
    ("Lê Minh Đức", 1983, 0.86),
    ("Phạm Thị Thu Hà", 1986, 0.80),
    ("Võ Quốc Bảo", 1976, 0.76),
    ("Huỳnh Thị Kim Ánh", 1990, 0.72),
    ("Đặng Hữu Phước", 1981, 0.69),
    ("Bùi Thanh Sơn", 1975, 0.33),
    ("Ngô Thị Yến", 1988, 0.27),
)


def sample_election() -> dict[str, Any]:
    """The sample election file's data: 9 candidates for 7 seats, 31 delegates convened."""
    return {
        "id": "ben-thanh-bch-2025",
        "title": "Bầu Ban Chấp hành Đảng bộ phường Bến Thành khóa I, nhiệm kỳ 2025–2030",
        "congress": "Đại hội đại biểu Đảng bộ phường Bến Thành lần thứ I, nhiệm kỳ 2025–2030",
        "body": "committee",
        "seats": SEATS,
        "round": 1,
        "rules": "party",
        "electorate": CONVENED,
        "candidates": [{"name": name, "born": born} for name, born, _ in CANDIDATES],
        "meeting": {
            "place": "Phường Bến Thành",
            "date": "2025-07-05",
            "present": PRESENT,
            "absent": CONVENED - PRESENT,
            "issued": PRESENT,
            "counting_committee": [
                {"name": "Lê Văn Hùng", "role": "Trưởng ban"},
                {"name": "Trịnh Thị Ngọc Ánh", "role": "Thành viên"},
                {"name": "Đỗ Quang Khải", "role": "Thành viên"},
            ],
        },
    }


def sample_ballots(election: Election, seed: int = DEFAULT_SEED) -> list[Ballot]:
    """One ballot per delegate present, seeded: each delegate keeps a name with that candidate's
    share, never more than the seats; one ballot keeps too many names and one strikes every
    name, as happens on the day despite the instructions."""
    rng = random.Random(seed)
    support = {name: share for name, _, share in CANDIDATES}
    labels = election.labels
    too_many, none_kept = rng.sample(range(PRESENT), 2)
    ballots: list[Ballot] = []
    for index in range(PRESENT):
        if index == too_many:
            kept = set(rng.sample(labels, election.to_keep + 1))
        elif index == none_kept:
            kept = set()
        else:
            kept = {label for label in labels if rng.random() < support[label]}
            if len(kept) > election.to_keep:
                # A delegate who likes more people than seats strikes the least favoured.
                kept = set(
                    sorted(kept, key=lambda n: support[n] * rng.random())[-election.to_keep :]
                )
            if not kept:
                kept = {rng.choice(labels)}
        ballots.append(
            Ballot(
                id=f"{index + 1:03d}",
                marks={label: Mark.KEPT if label in kept else Mark.STRUCK for label in labels},
            )
        )
    return ballots


@app.command("demo")
def demo(
    outdir: Annotated[Path, typer.Argument(help="Thư mục ghi các tệp mẫu.")],
    seed: Annotated[int, typer.Option("--seed", help="Hạt giống sinh phiếu mẫu.")] = DEFAULT_SEED,
) -> None:
    """Chạy thử: tạo cuộc bầu và phiếu mẫu, kiểm phiếu, in kết quả, lập biên bản."""
    if outdir.exists() and not outdir.is_dir():
        raise InputError("đây là một tệp, cần một thư mục", Location(file=str(outdir)))
    outdir.mkdir(parents=True, exist_ok=True)
    console = Console(highlight=False)
    paths = {
        "election": outdir / "election.yaml",
        "ballots": outdir / "ballots.csv",
        "results": outdir / "results.json",
        "pdf": outdir / "bien-ban-kiem-phieu.pdf",
        "docx": outdir / "bien-ban-kiem-phieu.docx",
    }

    data = sample_election()
    election = parse_election(data, str(paths["election"]))
    write_atomic(paths["election"], election_yaml(data).encode("utf-8"))
    write_atomic(
        paths["ballots"], ballots_csv(election, sample_ballots(election, seed)).encode("utf-8")
    )

    # The very command a counting committee runs: daihoi count tally ELECTION BALLOTS -o RESULTS
    console.print(
        f"[bold]$ daihoi count tally {paths['election']} {paths['ballots']} "
        f"-o {paths['results']}[/]",
        soft_wrap=True,
    )
    tally(paths["election"], paths["ballots"], output=paths["results"], verify=None)

    # …and then: daihoi minutes RESULTS --pdf F --docx F
    console.print()
    console.print(
        f"[bold]$ daihoi minutes {paths['results']} --pdf {paths['pdf']} --docx {paths['docx']}[/]",
        soft_wrap=True,
    )
    minutes = read_results_for_minutes(paths["results"])
    write_minutes(minutes, pdf=paths["pdf"], docx=paths["docx"])
    print_pending_notice(console, minutes)
    console.print()
    console.print("[bold]Các tệp đã ghi:[/]")
    for label, key in (
        ("Cuộc bầu cử", "election"),
        ("Phiếu bầu (CSV)", "ballots"),
        ("Kết quả (JSON)", "results"),
        ("Biên bản kiểm phiếu (PDF)", "pdf"),
        ("Biên bản kiểm phiếu (Word)", "docx"),
    ):
        console.print(f"  {label}: {paths[key]}", soft_wrap=True)
