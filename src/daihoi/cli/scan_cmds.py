"""``daihoi count scan`` and ``daihoi count resolve``: machine counting of scanned ballots."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from daihoi.cli.apps import count_app
from daihoi.cli.paths import os_error_text, refuse_overwrites
from daihoi.engine.errors import InputError, Location
from daihoi.files import decode_text, load_election, read_bytes, read_json, write_atomic

STATUS_TEXT = {
    "valid": "hợp lệ",
    "invalid": "không hợp lệ",
    "review": "chờ ban kiểm phiếu quyết định",
    "rejected": "không đọc (loại)",
}


def _json_bytes(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _summary(console: Console, document: dict[str, Any]) -> None:
    scan = document.get("scan", {})
    table = Table(title="Kết quả quét phiếu", show_header=True)
    table.add_column("Trạng thái")
    table.add_column("Số trang", justify="right")
    table.add_column("Lý do")
    reasons = _reasons_by_status(document.get("readings", []))
    for status, count in scan.get("by_status", {}).items():
        why = ", ".join(f"{words}: {n}" for words, n in reasons.get(status, {}).items())
        table.add_row(STATUS_TEXT.get(status, status), str(count), Text(why))
    console.print(table)
    for reading in document.get("readings", []):
        if reading["status"] in ("review", "rejected"):
            detail = reading.get("detail") or reading.get("reason")
            console.print(  # a file name is text, not markup
                escape(
                    f"  {reading['source']} trang {reading['page']}: "
                    f"{STATUS_TEXT[reading['status']]} — {detail}"
                )
            )
    outcome = document.get("outcome")
    if outcome == "pending_review":
        console.print(
            "[bold yellow]Còn trang chờ quyết định: chưa công bố người trúng cử.[/] "
            "Dùng “daihoi count resolve” với tệp quyết định."
        )
    else:
        console.print(
            f"Kết quả: {outcome}; trúng cử: {', '.join(document.get('elected', [])) or '—'}"
        )


def _reasons_by_status(readings: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Per status, how many pages for each reason (in its words), most frequent first."""
    from daihoi.engine.reasons import REASONS, reason_label
    from daihoi.scan.decide import REASON_TEXT

    counts: dict[str, dict[str, int]] = {}
    for reading in readings:
        code = reading.get("reason")
        if not code:
            continue
        words = reason_label(code) if code in REASONS else REASON_TEXT.get(code, code)
        by = counts.setdefault(reading["status"], {})
        by[words] = by.get(words, 0) + 1
    return {
        status: dict(sorted(by.items(), key=lambda item: -item[1])) for status, by in counts.items()
    }


@count_app.command("scan")
def scan(
    election_file: Annotated[Path, typer.Argument(help="Tệp cuộc bầu (YAML hoặc JSON).")],
    inputs: Annotated[
        list[Path], typer.Argument(help="Ảnh quét (PNG, JPEG, TIFF), PDF hoặc thư mục.")
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Ghi kết quả (JSON).")
    ] = None,
    crops: Annotated[
        Path | None, typer.Option("--crops", help="Thư mục ghi ảnh cắt các dòng/vùng cần xem lại.")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "-j",
            "--workers",
            min=1,
            help="Số tiến trình đọc ảnh (mặc định: mỗi lõi CPU một tiến trình khi có nhiều tệp).",
        ),
    ] = None,
    seal_sample: Annotated[
        list[Path] | None,
        typer.Option(
            "--seal-sample",
            help="Ảnh quét phiếu trắng đã đóng dấu của Ban Tổ chức (mẫu dấu; có thể cho nhiều lần).",
        ),
    ] = None,
) -> None:
    """Kiểm phiếu bằng máy quét: đọc ảnh phiếu, nhận dạng tên bị gạch, đếm phiếu.

    Chạy lại đúng lệnh này sau khi bị ngắt sẽ làm tiếp từ trang còn dở (nhật ký bên cạnh tệp
    kết quả), không đếm trang nào hai lần.
    """
    from daihoi.scan.batch import journal_path, scan_batch
    from daihoi.scan.images import expand_inputs
    from daihoi.scan.journal import lock_path
    from daihoi.scan.reader import SealSampleError

    election = load_election(election_file)
    target = output or Path(f"quet-{election.id}-vong{election.round}.json")
    journal = journal_path(target)
    files = expand_inputs(inputs)
    _check_outputs(target, journal, crops, inputs)
    refuse_overwrites([election_file, *files], [target, journal, lock_path(journal)])
    console = Console(highlight=False, stderr=True)
    samples = list(seal_sample or [])
    if not samples and election.rules.scan.seal_required:
        console.print(
            "[bold yellow]Chú ý:[/] không có mẫu dấu (--seal-sample): mọi con dấu tròn rõ nét "
            "được coi là dấu của Ban Tổ chức, không so với dấu thật."
        )
    counts = {"review": 0, "rejected": 0}
    started = time.monotonic()
    with Progress(
        TextColumn("Đang đọc phiếu"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(
            "{task.fields[rate]} trang/giây · chờ xem lại: {task.fields[review]}"
            " · loại: {task.fields[rejected]}"
        ),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("scan", total=None, rate="0.0", review=0, rejected=0)

        def on_page(reading: Any) -> None:
            status = reading.status.value
            if status in counts:
                counts[status] += 1
            done = progress.tasks[0].completed + 1
            rate = done / max(1e-6, time.monotonic() - started)
            progress.update(
                task,
                advance=1,
                rate=f"{rate:.1f}",
                review=counts["review"],
                rejected=counts["rejected"],
            )

        try:
            batch = scan_batch(
                election,
                files,
                journal,
                crops=crops,
                on_page=on_page,
                workers=workers,
                seal_sample=samples,
            )
        except SealSampleError as exc:
            raise InputError(str(exc), Location(file=str(samples[0]))) from None
        except OSError as exc:
            raise InputError(
                f"không ghi được tệp ({os_error_text(exc)})",
                Location(file=str(exc.filename or journal)),
            ) from None
    document = batch.document
    write_atomic(target, _json_bytes(document))
    out = Console(highlight=False)
    if samples:
        # Which seal the pages were compared with: the committee can check it was their own
        # (the results' scan.seal_sample holds the same SHA-256).
        named = ", ".join(
            f"{path} (SHA-256 {hashlib.sha256(read_bytes(path)).hexdigest()[:12]}…)"
            for path in samples
        )
        out.print(escape(f"Mẫu dấu của Ban Tổ chức: {named}"), soft_wrap=True)
    _summary(out, document)
    if batch.left_out:
        names = ", ".join(f"{r.source} trang {r.page}" for r in batch.left_out[:LEFT_OUT_SHOWN])
        more = " …" if len(batch.left_out) > LEFT_OUT_SHOWN else ""
        console.print(
            f"[bold yellow]Chú ý:[/] {len(batch.left_out)} trang trong nhật ký không thuộc các "
            f"tệp đã cho lần này (tệp đã bị xóa, đổi tên hoặc thay đổi) nên không được đếm: "
            f"{escape(names)}{more}",
            soft_wrap=True,
        )
    out.print(f"Đã ghi {target} (nhật ký: {journal}).")


# Journalled pages left out of a count are named on the terminal, up to this many.
LEFT_OUT_SHOWN = 10


def _check_outputs(target: Path, journal: Path, crops: Path | None, inputs: list[Path]) -> None:
    """Refuse (exit 2, naming the path) outputs that cannot be written, before reading a page."""
    folder = target.parent
    if not folder.is_dir():
        raise InputError("thư mục để ghi kết quả không tồn tại", Location(file=str(target)))
    if not os.access(folder, os.W_OK):
        raise InputError("không có quyền ghi vào thư mục này", Location(file=str(folder)))
    for path in (target, journal):
        if path.is_dir():
            raise InputError("đây là một thư mục, không phải tệp", Location(file=str(path)))
    if crops is None:
        return
    if crops.exists() and not crops.is_dir():
        raise InputError("--crops phải là một thư mục; đây là một tệp", Location(file=str(crops)))
    # Crops written inside a folder being scanned would be read as ballots on the next run.
    where = crops.resolve()
    for given in inputs:
        if given.is_dir() and where.is_relative_to(given.resolve()):
            raise InputError(
                f"thư mục ảnh cắt nằm trong thư mục phiếu đang quét “{given}”; hãy chọn chỗ khác",
                Location(file=str(crops)),
            )


@count_app.command("resolve")
def resolve(
    results_file: Annotated[Path, typer.Argument(help="Kết quả quét (JSON).")],
    decisions_file: Annotated[
        Path,
        typer.Argument(
            help="Quyết định của ban kiểm phiếu (CSV: source,page,decision,struck,reason)."
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Ghi kết quả cuối (JSON).")],
) -> None:
    """Áp dụng quyết định của ban kiểm phiếu cho các trang chờ xem lại rồi đếm lại."""
    from daihoi.scan.resolve import apply_decisions

    source = str(results_file)
    results = read_json(results_file, expected="tệp kết quả quét phiếu")
    if not isinstance(results, dict):
        raise InputError("không phải tệp kết quả quét phiếu", Location(file=source))
    refuse_overwrites([results_file, decisions_file], [output])
    decisions_text, _ = decode_text(read_bytes(decisions_file), str(decisions_file))
    document = apply_decisions(results, source, decisions_text, str(decisions_file))
    write_atomic(output, _json_bytes(document))
    out = Console(highlight=False)
    _summary(out, document)
    out.print(f"Đã ghi {output}.")
