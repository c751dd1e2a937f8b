"""``daihoi station watch`` (the scanning PC) and ``daihoi station serve`` (the hall's laptop).

``watch`` imports neither Django nor the web app: a scanning PC needs only this package.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from daihoi.cli.apps import app
from daihoi.station.client import Reply, StationClient, normalise_url, token_hint
from daihoi.station.sent import SentState, state_path
from daihoi.station.watch import FileReport, Finish, Outcome, Timing, Watcher

station_app = typer.Typer(
    help="Trạm kiểm phiếu: máy chủ trong hội trường, máy quét gửi ảnh lên.", no_args_is_help=True
)
app.add_typer(station_app, name="station")

TOKEN_ENV = "DAIHOI_STATION_TOKEN"


def _server_url(value: str) -> str:
    try:
        return normalise_url(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


@station_app.command()
def watch(
    folder: Annotated[
        Path,
        typer.Argument(
            help="Thư mục máy quét lưu tệp (theo dõi cả thư mục con).",
            exists=True,
            file_okay=False,
            dir_okay=True,
            resolve_path=True,
        ),
    ],
    url: Annotated[
        str,
        typer.Argument(
            help="Địa chỉ máy chủ trạm, như trên trang trạm: http://192.168.1.10:8000",
            callback=_server_url,
        ),
    ],
    token: Annotated[
        str,
        typer.Option(
            help=f"Mã của máy quét (trưởng ban kiểm phiếu tạo); hoặc biến môi trường {TOKEN_ENV}.",
            envvar=TOKEN_ENV,
            show_envvar=False,
            show_default=False,
        ),
    ],
    state: Annotated[
        Path | None,
        typer.Option(
            help="Tệp trạng thái (các tệp đã gửi); mặc định trong thư mục trạng thái của người dùng.",
            dir_okay=False,
        ),
    ] = None,
    settle: Annotated[
        float,
        typer.Option(help="Số giây tệp không đổi thì coi là quét xong.", min=0.0, max=600.0),
    ] = 2.0,
    once: Annotated[
        bool, typer.Option("--once", help="Gửi các tệp đang có rồi thoát (không theo dõi tiếp).")
    ] = False,
    poll: Annotated[
        bool,
        typer.Option("--poll", help="Dò thư mục định kỳ (thư mục mạng, ổ chia sẻ)."),
    ] = False,
) -> None:
    """Theo dõi thư mục của máy quét, gửi mỗi tệp quét xong lên máy chủ trạm đúng một lần."""
    out = Console(highlight=False)
    token = token.strip()
    if not token:
        raise typer.BadParameter("mã máy quét trống", param_hint="--token")
    client = StationClient(url, token)
    sent = SentState(state or state_path(client.url, token), client.url)
    out.print(f"Máy chủ: {escape(client.url)}  (mã {escape(token_hint(token))})")
    answer, info = client.describe()
    if info is not None:
        out.print(
            f"Trạm “{escape(info.station)}” — {escape(info.election)}, vòng {info.round}"
            + ("" if info.open else "  [yellow](chưa mở hoặc đã đóng)[/]")
        )
    elif answer.reply is Reply.UNAVAILABLE:
        out.print(
            f"[yellow]Chưa kết nối được máy chủ[/] ({escape(answer.message)}): "
            "vẫn theo dõi thư mục và gửi khi máy chủ trả lời."
        )
    else:
        _stopped(out, Finish[answer.reply.name], answer.message)
    out.print(f"Theo dõi: {escape(str(folder))}  ({len(sent)} tệp đã gửi trước đó; Ctrl+C để dừng)")

    marks = {
        Outcome.SENT: "[green]đã gửi[/]",
        Outcome.DUPLICATE: "[cyan]trùng[/]",
        Outcome.SKIPPED: "[yellow]bỏ qua[/]",
        Outcome.FAILED: "[red]lỗi[/]",
    }

    class Terminal:
        def file(self, report: FileReport) -> None:
            detail = f" ({escape(report.detail)})" if report.detail else ""
            out.print(f"{marks[report.outcome]}{detail}  {escape(report.name)}")

        def notice(self, text: str) -> None:
            out.print(f"[yellow]{escape(text)}[/]")

    watcher = Watcher(folder, client, sent, Terminal(), timing=Timing(settle=settle), poll=poll)
    stop = threading.Event()
    try:
        result = watcher.run(stop, once=once)
    except KeyboardInterrupt:
        stop.set()
        out.print(_summary(watcher.tally.counts, "Đã dừng"))
        raise typer.Exit(130) from None
    out.print(_summary(watcher.tally.counts, "Xong" if result.finish is Finish.DONE else "Dừng"))
    if result.finish not in {Finish.DONE, Finish.INTERRUPTED}:
        _stopped(out, result.finish, result.message)
    if watcher.tally.counts[Outcome.FAILED]:
        raise typer.Exit(1)


def _summary(counts: dict[Outcome, int], head: str) -> str:
    return (
        f"{head}: {counts[Outcome.SENT]} đã gửi, {counts[Outcome.DUPLICATE]} trùng, "
        f"{counts[Outcome.SKIPPED]} bỏ qua, {counts[Outcome.FAILED]} lỗi."
    )


_STOP_REASONS = {
    Finish.UNAUTHORISED: "Mã máy quét không đúng hoặc đã bị thu hồi: không gửi tiếp. "
    "Hãy xin trưởng ban kiểm phiếu một mã mới.",
    Finish.CLOSED: "Cuộc kiểm phiếu đã được xác nhận hoặc đã đóng: không gửi tiếp.",
    Finish.WRONG_SERVER: "Địa chỉ này không phải máy chủ trạm kiểm phiếu: không gửi tiếp.",
}


def _stopped(out: Console, finish: Finish, message: str) -> None:
    """Say why no more files are sent (in Vietnamese), then exit with status 1."""
    why = _STOP_REASONS.get(finish, "Dừng.")
    server = f" (máy chủ: {escape(message)})" if message else ""
    out.print(f"[bold red]{why}[/]{server}")
    raise typer.Exit(1)
