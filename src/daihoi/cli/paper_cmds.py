"""``daihoi ballot print ELECTION -o ballots.pdf [--copies N] [--layout layout.json]``.

Read the election file → lay the ballot out → render the PDF (and layout.json) in memory → write
each file atomically, so a refused or interrupted run leaves no half-written file behind.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from daihoi.cli.apps import ballot_app
from daihoi.cli.paths import refuse_overwrites
from daihoi.engine.errors import InputError, Location
from daihoi.files import load_election, write_atomic
from daihoi.paper.layout import BallotDesign, design_ballot, qr_payload, spec_from_election
from daihoi.paper.render import render_ballots

MAX_COPIES = 5000  # a congress of a few thousand delegates; more is a typo


def design_for_file(path: Path) -> BallotDesign:
    """The ballot of the election in ``path``; layout problems name the file too."""
    election = load_election(path)
    try:
        return design_ballot(spec_from_election(election))
    except InputError as exc:
        if exc.location.file:
            raise
        where = Location(str(path), exc.location.row, exc.location.column, exc.location.field)
        raise InputError(exc.message, where) from None


def layout_json(design: BallotDesign) -> bytes:
    """The ``layout.json`` document, UTF-8: one key, or one row, per line for people who open
    it (the hash is over the canonical form, so the spacing here does not matter)."""
    data = design.layout.to_dict()
    lines: list[str] = []
    for key, value in data.items():
        if key == "rows":
            rows = [f"  {json.dumps(row, ensure_ascii=False)}" for row in value]
            lines.append(' "rows": [\n' + ",\n".join(rows) + "\n ]")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


@ballot_app.command("print")
def print_command(
    election: Annotated[Path, typer.Argument(help="Tệp cuộc bầu (YAML hoặc JSON).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Tệp PDF phiếu bầu sẽ ghi.")],
    copies: Annotated[int, typer.Option("--copies", help="Số phiếu (trang) cần in.")] = 1,
    layout: Annotated[
        Path | None,
        typer.Option("--layout", help="Ghi thêm bố cục phiếu (layout.json) cho máy quét."),
    ] = None,
) -> None:
    """In phiếu bầu: mọi phiếu giống hệt nhau, có dấu định vị và mã QR cho máy quét."""
    if not 1 <= copies <= MAX_COPIES:
        raise InputError(
            f"số phiếu phải từ 1 đến {MAX_COPIES} (đã cho {copies})", Location(field="--copies")
        )
    refuse_overwrites([election], [output] if layout is None else [output, layout])
    design = design_for_file(election)
    pdf = render_ballots(design, copies=copies)
    document = layout_json(design) if layout is not None else None
    write_atomic(output, pdf)
    if layout is not None and document is not None:
        write_atomic(layout, document)

    console = Console(highlight=False)
    shape = design.layout
    columns = "một cột" if shape.columns == 1 else f"{shape.columns} cột"
    console.print(
        f"Đã ghi {copies} phiếu vào {output} ({len(shape.rows)} người, {columns}, "
        f"cỡ chữ {shape.font_size:g} pt).",
        soft_wrap=True,
    )
    if layout is not None:
        console.print(f"Đã ghi bố cục phiếu: {layout}", soft_wrap=True)
    console.print(f"Mã QR: {qr_payload(shape)}", soft_wrap=True)
