"""How fast is `daihoi count tally` next to the floor of just reading the CSV?

Generates (seeded) a 100,000-ballot × 60-candidate election and ballots CSV in a temporary
folder, then prints, best of 3 each:

* the whole command `daihoi count tally E.yaml B.csv -o results.json` (a subprocess: interpreter
  start, imports, reading, counting, writing);
* the floor: Python's own `csv` module reading the same file and nothing else, timed in-process
  (the strictest floor) and as a subprocess (`python -c`, which pays interpreter start too);
* the start-up cost alone (interpreter start and the imports of the tally command, as
  `python -c "import daihoi.cli.main, daihoi.cli.count_cmds"`: nothing read or printed);
* the ratios. Target: whole command ≤ 2 × the floor.

Bytecode is compiled once before timing (a first run writes it; installed code always has it),
also when the environment says PYTHONDONTWRITEBYTECODE: compiling daihoi's modules on every
run is not what a user's command costs.

Run: .venv/bin/python bench/tally_speed.py [--ballots N] [--candidates M]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Xuân"]
GIVENS = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Ngọc",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Trung",
    "Tuấn",
    "Uyên",
    "Vân",
    "Việt",
    "Yến",
]


def make_files(
    folder: Path, ballots: int, candidates: int, seed: int = 20250710
) -> tuple[Path, Path]:
    """Write an election (strike form, party rules) and its ballots CSV; return both paths."""
    rng = random.Random(seed)
    names: list[str] = []
    while len(names) < candidates:
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"
        if name not in names:
            names.append(name)
    seats = candidates * 5 // 6
    election = folder / "election.yaml"
    lines = [
        "id: bench-bch",
        "title: Bầu Ban Chấp hành (đo tốc độ)",
        "body: committee",
        f"seats: {seats}",
        "rules: party",
        f"electorate: {ballots}",
        "candidates:",
        *(f"  - {name}" for name in names),
    ]
    election.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = folder / "ballots.csv"
    # Each voter has favourites: candidate i is kept with its own probability.
    keep_p = [rng.uniform(0.4, 0.95) for _ in names]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["ballot", *names])
        for number in range(1, ballots + 1):
            cells = ["" if rng.random() < p else "x" for p in keep_p]
            if rng.random() < 0.01:  # a few keep too many names
                cells = [""] * len(names)
            writer.writerow([f"{number:06d}", *cells])
    return election, path


def best_of(runs: int, action: object) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def read_with_csv(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle))


def time_phases(election: Path, ballots: Path, runs: int) -> dict[str, float]:
    """In-process best-of times of each step of the command (imports excluded)."""
    import io

    from rich.console import Console

    from daihoi.cli.count_cmds import print_result
    from daihoi.engine.tally import count_grid
    from daihoi.files import load_election, read_ballots, results_json

    loaded = load_election(election)
    grid = read_ballots(ballots, loaded)
    result = count_grid(loaded, grid)
    return {
        "read ballots CSV": best_of(runs, lambda: read_ballots(ballots, loaded)),
        "count and decide": best_of(runs, lambda: count_grid(loaded, grid)),
        "results JSON": best_of(runs, lambda: results_json(result)),
        "rich table": best_of(runs, lambda: print_result(result, Console(file=io.StringIO()))),
    }


def instructions(command: list[str], env: dict[str, str]) -> int:
    """Instructions executed by ``command`` (valgrind's callgrind): unlike seconds, the same on
    a busy machine as on an idle one."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    for line in done.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1].strip())
    raise RuntimeError("valgrind printed no instruction count")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--candidates", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions under valgrind (slow; independent of machine load)",
    )
    args = parser.parse_args()
    daihoi = Path(sys.executable).with_name("daihoi")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        election, ballots = make_files(folder, args.ballots, args.candidates)
        size_mb = ballots.stat().st_size / 1e6
        out = folder / "results.json"
        command = [str(daihoi), "count", "tally", str(election), str(ballots), "-o", str(out)]

        # Subprocesses may write bytecode (the first run below does): see the docstring.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

        def run_command() -> None:
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)

        floor_code = (
            "import csv,sys\n"
            "with open(sys.argv[1], encoding='utf-8', newline='') as f:\n"
            "    sum(1 for _ in csv.reader(f))\n"
        )

        def run_floor_process() -> None:
            subprocess.run([sys.executable, "-c", floor_code, str(ballots)], check=True, env=env)

        startup_command = [sys.executable, "-c", "import daihoi.cli.main, daihoi.cli.count_cmds"]

        def run_startup() -> None:
            subprocess.run(startup_command, check=True, env=env)

        run_command()  # compiles and caches the bytecode of every module the command uses
        phases = time_phases(election, ballots, args.runs)
        counts: dict[str, int] = {}
        if args.instructions:
            counts["python -c pass"] = instructions([sys.executable, "-c", "pass"], env)
            counts["csv floor"] = instructions(
                [sys.executable, "-c", floor_code, str(ballots)], env
            )
            counts["start-up (imports)"] = instructions(startup_command, env)
            counts["whole command"] = instructions(command, env)
        whole = best_of(args.runs, run_command)
        startup = best_of(args.runs, run_startup)
        floor = best_of(args.runs, lambda: read_with_csv(ballots))
        floor_process = best_of(args.runs, run_floor_process)
    print(f"ballots CSV: {args.ballots:,} ballots × {args.candidates} candidates, {size_mb:.1f} MB")
    print(f"whole `daihoi count tally` (best of {args.runs}):      {whole:.3f} s")
    print(f"floor: csv module reading, in-process (best of {args.runs}): {floor:.3f} s")
    print(f"floor: csv module reading, subprocess (best of {args.runs}): {floor_process:.3f} s")
    for label, seconds in phases.items():
        print(f"  in-process step, {label} (best of {args.runs}): {seconds:.3f} s")
    print(
        f"start-up: interpreter + the tally command's imports (best of {args.runs}): "
        f"{startup:.3f} s"
    )
    print(f"ratio whole / in-process floor:  {whole / floor:.2f} (target ≤ 2)")
    print(f"ratio whole / subprocess floor:  {whole / floor_process:.2f}")
    if counts:
        start = counts["python -c pass"]
        for label, count in counts.items():
            print(f"instructions, {label}: {count:,}")
        print(
            f"instruction ratio whole / csv floor (both as processes): "
            f"{counts['whole command'] / counts['csv floor']:.2f}"
        )
        print(
            f"instruction ratio (whole - interpreter start) / (csv floor - interpreter "
            f"start): {(counts['whole command'] - start) / (counts['csv floor'] - start):.2f}"
        )
    print(
        f"ratio (whole - start-up) / in-process floor: {(whole - startup) / floor:.2f}"
        " (the counting work itself)"
    )


if __name__ == "__main__":
    main()
