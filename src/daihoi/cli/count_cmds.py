"""``daihoi count tally`` and ``daihoi count next-round``: read input → count → write output."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from daihoi.cli.apps import count_app
from daihoi.cli.paths import refuse_overwrites
from daihoi.engine.election import Election
from daihoi.engine.errors import InputError, Location
from daihoi.engine.reasons import reason_label
from daihoi.engine.rounds import next_round
from daihoi.engine.rules import ThresholdBase
from daihoi.engine.tally import OUTCOME_LABELS, STATUS_LABELS, Outcome, Result, Status, count_grid
from daihoi.files import (
    election_yaml,
    load_election,
    load_results,
    read_ballots,
    results_json,
    write_atomic,
)

if TYPE_CHECKING:
    from daihoi.engine.doubleentry import EntryDifference

BASE_LABELS = {
    ThresholdBase.ELECTORATE: "tổng số cử tri triệu tập",
    ThresholdBase.COLLECTED: "tổng số phiếu thu vào",
    ThresholdBase.VALID: "tổng số phiếu hợp lệ",
}
# How a MarkGrid code is written in a ballots CSV (to show differing cells as typed).
CELL_TEXT = {"S": "x", "K": "", "A": "y", "D": "n", "B": "yn", "N": ""}


def _console() -> Console:
    # No emoji codes: a title or name with “:x:” in it is printed as written.
    return Console(highlight=False, soft_wrap=True, emoji=False)


@count_app.command("tally")
def tally(
    election_file: Annotated[Path, typer.Argument(help="Tệp cuộc bầu (YAML hoặc JSON).")],
    ballots_file: Annotated[Path, typer.Argument(help="Tệp phiếu (CSV).")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Ghi kết quả (JSON).")
    ] = None,
    verify: Annotated[
        list[Path] | None,
        typer.Option("--verify", help="Bản nhập độc lập của cùng số phiếu; phải khớp từng phiếu."),
    ] = None,
) -> None:
    """Kiểm phiếu nhập tay: đếm phiếu, xác định người trúng cử, ghi kết quả."""
    refuse_overwrites([election_file, ballots_file, *(verify or [])], _given(output))
    election = load_election(election_file)
    grid = read_ballots(ballots_file, election)
    if verify:
        from daihoi.engine.doubleentry import compare_entries  # only for double entry

        entries = [(str(ballots_file), grid)]
        entries += [(str(path), read_ballots(path, election)) for path in verify]
        differences = compare_entries(entries)
        if differences:
            _print_differences([source for source, _ in entries], differences)
            raise InputError(
                f"các bản nhập không khớp: {len(differences)} phiếu khác nhau; "
                "chưa công bố kết quả cho đến khi các bản nhập giống nhau",
                Location(file=str(ballots_file)),
            )
    result = _with_file(lambda: count_grid(election, grid), election_file)
    if output is not None:
        write_atomic(output, results_json(result))
    print_result(result, _console())
    if output is not None:
        _console().print(f"Đã ghi kết quả: {output}")


def _given(*paths: Path | None) -> list[Path]:
    return [path for path in paths if path is not None]


def _with_file(action: Callable[[], Result], file: Path) -> Result:
    # Engine errors about the election (more ballots than electorate) name a field, not a file.
    try:
        return action()
    except InputError as exc:
        if exc.location.file:
            raise
        raise InputError(exc.message, dataclasses.replace(exc.location, file=str(file))) from None


def _print_differences(sources: list[str], differences: list[EntryDifference]) -> None:
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    console.print(f"[bold]Các bản nhập không khớp ({len(differences)} phiếu):[/]")
    for difference in differences:
        if difference.missing_from:
            missing = ", ".join(difference.missing_from)
            console.print(f"  Phiếu “{difference.ballot_id}”: không có trong {missing}")
            continue
        for cell in difference.cells:
            shown = "; ".join(
                f"{source}: “{_cell_text(cell.column, value)}”"
                for source, value in zip(sources, cell.values, strict=True)
            )
            console.print(f"  Phiếu “{difference.ballot_id}”, cột “{cell.column}”: {shown}")


def _cell_text(column: str, value: str) -> str:
    return value if column == "invalid" else CELL_TEXT.get(value, value)


def print_result(result: Result, console: Console) -> None:
    """Print the result as a readable table (ballot order), the counts and the outcome."""
    election = result.election
    console.print(Text(election.title, style="bold"))  # text, not markup: “[…]” as written
    if election.round > 1:
        console.print(f"Vòng bầu thứ {election.round}")
    table = Table(show_lines=False)
    table.add_column("STT", justify="right")
    table.add_column("Họ và tên")
    table.add_column("Năm sinh", justify="right")
    table.add_column("Số phiếu", justify="right")
    table.add_column("Tỉ lệ (%)", justify="right")
    table.add_column("Kết quả")
    names = {c.label: c.name for c in election.candidates}
    for number, line in enumerate(result.candidates, start=1):
        # Text, not markup: a name is printed as written (and rich need not parse it).
        table.add_row(
            Text(str(number)),
            Text(names[line.name]),
            Text(str(line.born) if line.born is not None else ""),
            Text(str(line.votes)),
            Text(str(line.percent)),
            Text(_status_text(result, line.status)),
        )
    console.print(table)
    reasons = ", ".join(
        f"{reason_label(code)}: {count}" for code, count in result.invalid_reasons.items()
    )
    console.print(
        f"Số phiếu thu vào: {result.counted}; hợp lệ: {result.valid}; "
        f"không hợp lệ: {result.invalid}" + (f" ({reasons})" if reasons else "")
    )
    console.print(
        f"Quá bán: cần ít nhất {result.votes_needed} phiếu "
        f"(hơn một nửa của {result.base}, {BASE_LABELS[election.rules.threshold_base]})"
    )
    console.print(f"[bold]Kết quả: {OUTCOME_LABELS[result.outcome]}[/]")
    if result.outcome is Outcome.PENDING_REVIEW:
        return
    if result.all_elected:
        console.print("Trúng cử (theo thứ tự số phiếu): " + ", ".join(result.all_elected))
    if result.all_alternates:
        console.print("Dự khuyết (theo thứ tự số phiếu): " + ", ".join(result.all_alternates))
    for group in result.tie_groups:
        places = []
        if group.seats:
            places.append(f"{group.seats} chỗ chính thức")
        if group.alternates:
            places.append(f"{group.alternates} chỗ dự khuyết")
        console.print(
            "Bằng phiếu, phải bầu lại cho " + " và ".join(places) + ": " + ", ".join(group.names)
        )
    if result.seats_unfilled:
        console.print(f"Còn thiếu {result.seats_unfilled} chỗ chính thức chưa có người trúng cử")
    if result.alternates_unfilled:
        console.print(f"Còn thiếu {result.alternates_unfilled} chỗ dự khuyết")


def _status_text(result: Result, status: Status) -> str:
    if result.outcome is Outcome.PENDING_REVIEW:
        return "Chờ xem xét"
    return STATUS_LABELS[status]


@count_app.command("next-round")
def next_round_cmd(
    results_file: Annotated[Path, typer.Argument(help="Kết quả vòng vừa bầu (JSON).")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Ghi tệp cuộc bầu vòng sau.")
    ] = None,
    election_file: Annotated[
        Path | None,
        typer.Option("--election", help="Tệp cuộc bầu của vòng vừa bầu (để đối chiếu)."),
    ] = None,
) -> None:
    """Lập tệp cuộc bầu cho vòng sau (bằng phiếu hoặc chưa đủ số lượng)."""
    refuse_overwrites([results_file, *_given(election_file)], _given(output))
    result = load_results(results_file)
    if election_file is not None:
        result = dataclasses.replace(
            result, election=_matching_election(load_election(election_file), result, results_file)
        )
    data = next_round(result, source=str(results_file))
    places = int(data["seats"]) + int(data.get("alternates", 0))
    header = (
        f"# Vòng bầu thứ {data['round']} của “{result.election.title}”, lập từ {results_file.name}.\n"
        "# Đại hội có thể bổ sung tên vào danh sách “candidates” trước khi bầu.\n"
    )
    text = header + election_yaml(data)
    console = _console()
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text.encode("utf-8"))
        console.print(f"Đã ghi tệp cuộc bầu vòng {data['round']}: {output}")
    console.print(f"Vòng {data['round']}: bầu {places} chỗ trong {len(data['candidates'])} người")
    if len(data["candidates"]) < places:
        console.print(
            "[bold]Chú ý:[/] số người ít hơn số chỗ cần bầu: phải bổ sung tên vào tệp "
            "trước khi kiểm phiếu"
        )
    if len(result.tie_groups) > 1:
        later = "; ".join(", ".join(g.names) for g in result.tie_groups[1:])
        console.print(
            f"[bold]Chú ý:[/] còn nhóm bằng phiếu ở vị trí dự khuyết ({later}), "
            "sẽ bầu ở vòng sau nữa"
        )


def _matching_election(election: Election, result: Result, results_file: Path) -> Election:
    recorded = result.election
    where = Location(file=str(results_file), field="election")
    if election.id != recorded.id:
        raise InputError(
            f"tệp kết quả thuộc cuộc bầu “{recorded.id}”, không phải “{election.id}”", where
        )
    if election.round != recorded.round:
        raise InputError(
            f"tệp kết quả là của vòng {recorded.round}, tệp cuộc bầu là vòng {election.round}",
            Location(file=str(results_file), field="round"),
        )
    if set(election.labels) != set(recorded.labels):
        raise InputError(
            "danh sách ứng cử viên trong tệp kết quả khác với tệp cuộc bầu",
            Location(file=str(results_file), field="candidates"),
        )
    return election
