"""``daihoi station watch`` (the scanning PC) and ``daihoi station serve`` (the hall's laptop).

``watch`` imports neither Django nor the web app: a scanning PC needs only this package.
"""

from __future__ import annotations

import getpass
import os
import socket
import sys
import threading
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from daihoi.cli.apps import app
from daihoi.cli.paths import os_error_text
from daihoi.engine.errors import InputError
from daihoi.station.addresses import local_ipv4s
from daihoi.station.client import STOPPING, Reply, StationClient, normalise_url, token_hint
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
    elif answer.reply in STOPPING:
        _stopped(out, Finish[answer.reply.name], answer.message)
    else:  # 400 or 413 to a GET: whatever answers there is not a station server
        _stopped(out, Finish.WRONG_SERVER, answer.message)
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


class UnitLevel(StrEnum):
    """The level of the unit holding the congress (cấp), as typed on the command line."""

    PROVINCE = "tinh"
    UPPER_BASE = "tren-co-so"
    BASE = "co-so"
    CELL = "chi-bo"


PASSWORD_ENV = "DAIHOI_STATION_PASSWORD"
_DEFAULT_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def _station_environment(data: Path, host: str, out: Console) -> list[str]:
    """Point the settings at ``data`` (SQLite, local files) before Django loads; let the hall's
    addresses through ALLOWED_HOSTS. Returns the addresses the other PCs can use."""
    for name, why in (
        ("DATABASE_URL", "trạm dùng SQLite trong thư mục dữ liệu"),
        ("DAIHOI_S3_BUCKET", "trạm lưu ảnh trong thư mục dữ liệu, không cần mạng ngoài"),
    ):
        if os.environ.pop(name, None):
            out.print(f"Bỏ qua {name}: {why}.")
    os.environ["DAIHOI_DATA_DIR"] = str(data)
    if host in {"0.0.0.0", ""}:
        addresses = local_ipv4s()
    elif host in {"127.0.0.1", "localhost", "::", "::1"}:
        addresses = []
    else:
        addresses = [host]
    names = [socket.gethostname()] if host in {"0.0.0.0", "", "::"} else []
    given = [h.strip() for h in os.environ.get("DAIHOI_ALLOWED_HOSTS", "").split(",") if h.strip()]
    hosts = dict.fromkeys([*(given or _DEFAULT_HOSTS), *addresses, *names])
    os.environ["DAIHOI_ALLOWED_HOSTS"] = ",".join(hosts)
    return addresses


def _ask_first_account(org: str | None, username: str | None, out: Console) -> tuple[str, str, str]:
    """The unit's name, the first username and its password: from the options and
    DAIHOI_STATION_PASSWORD, else asked on the terminal (the password twice, not shown)."""
    from django.contrib.auth.models import User
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    interactive = sys.stdin.isatty()
    password = os.environ.get(PASSWORD_ENV, "")
    missing = [
        name
        for name, value in (("--org", org), ("--first-user", username), (PASSWORD_ENV, password))
        if not value
    ]
    if missing and not interactive:
        raise InputError(
            "CSDL của trạm chưa có tài khoản nào: cần "
            + ", ".join(missing)
            + " để tạo tài khoản đầu tiên (hoặc chạy lệnh trên một cửa sổ dòng lệnh để được hỏi)"
        )
    out.print("Trạm mới: tạo đơn vị tổ chức đại hội và tài khoản đầu tiên (cán bộ văn phòng).")
    while not org:
        org = input("Tên đơn vị tổ chức đại hội: ").strip()
    while True:
        if not username:
            username = input("Tên đăng nhập: ").strip()
        try:
            User.username_validator(username)
        except ValidationError as error:
            if not interactive:
                raise InputError(
                    f"tên đăng nhập “{username}”: {' '.join(error.messages)}"
                ) from None
            out.print(f"[red]{escape(' '.join(error.messages))}[/]")
            username = None
            continue
        break
    while True:
        if not password:
            password = getpass.getpass("Mật khẩu: ")
            if getpass.getpass("Nhập lại mật khẩu: ") != password:
                out.print("[red]Hai lần nhập không giống nhau.[/]")
                password = ""
                continue
        try:
            validate_password(password, User(username=username))
        except ValidationError as error:
            if not interactive or os.environ.get(PASSWORD_ENV):
                raise InputError(f"mật khẩu chưa đủ an toàn: {' '.join(error.messages)}") from None
            out.print(f"[red]{escape(' '.join(error.messages))}[/]")
            password = ""
            continue
        return org, username, password


def _create_first_account(org: str, username: str, password: str, level: UnitLevel) -> None:
    """The unit (the root of the tree) and its office account, in one transaction."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from daihoi.web.accounts.models import Profile, Role
    from daihoi.web.orgs.models import Level
    from daihoi.web.orgs.tree import NewOrganisation, add_organisations

    with transaction.atomic():
        [unit] = add_organisations(
            [
                NewOrganisation(
                    code="TRAM-1",
                    name=org,
                    level=getattr(Level, level.name),
                    kind="",
                    members=0,
                    parent_code=None,
                )
            ]
        )
        user = User.objects.create_user(username, password=password)
        Profile.objects.create(user=user, unit=unit, role=Role.OFFICE)


@station_app.command()
def serve(
    data: Annotated[
        Path,
        typer.Option(help="Thư mục dữ liệu của trạm (CSDL SQLite, ảnh phiếu).", file_okay=False),
    ] = Path("daihoi-station"),
    host: Annotated[
        str, typer.Option(help="Địa chỉ lắng nghe (0.0.0.0: mọi máy trong mạng hội trường).")
    ] = "0.0.0.0",
    port: Annotated[int, typer.Option(help="Cổng.", min=1, max=65535)] = 8000,
    threads: Annotated[int, typer.Option(help="Số luồng trả lời yêu cầu.", min=1, max=64)] = 8,
    org: Annotated[
        str | None,
        typer.Option(
            "--org",
            help="Lần đầu: tên đơn vị tổ chức đại hội (không cho thì được hỏi).",
            envvar="DAIHOI_STATION_ORG",
            show_envvar=False,
        ),
    ] = None,
    level: Annotated[
        UnitLevel, typer.Option(help="Lần đầu: cấp của đơn vị.", case_sensitive=False)
    ] = UnitLevel.BASE,
    first_user: Annotated[
        str | None,
        typer.Option(
            "--first-user",
            help=f"Lần đầu: tên đăng nhập của tài khoản đầu tiên (mật khẩu: được hỏi, hoặc {PASSWORD_ENV}).",
            envvar="DAIHOI_STATION_USER",
            show_envvar=False,
        ),
    ] = None,
    record_copy: Annotated[
        Path | None,
        typer.Option(
            "--record-copy",
            help="Thư mục (ổ USB) nhận bản sao thứ hai của sổ ghi và bộ kết quả kiểm phiếu.",
        ),
    ] = None,
) -> None:
    """Trạm kiểm phiếu trên một máy tính trong hội trường, không cần Internet: SQLite, ảnh lưu
    tại chỗ, không có dữ liệu mẫu; lần đầu tạo đơn vị và tài khoản đầu tiên."""
    out = Console(highlight=False)
    if record_copy is not None:
        from daihoi.cli.web_cmds import record_copy_folder

        record_copy_folder(record_copy)
    data = data.resolve()
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            f"không tạo được thư mục dữ liệu “{data}”: {os_error_text(error)}"
        ) from None
    addresses = _station_environment(data, host, out)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.web.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import translation

    call_command("migrate", interactive=False, verbosity=0)
    if not User.objects.exists():
        with translation.override("vi"):
            answers = _ask_first_account(org, first_user, out)
        _create_first_account(*answers, level=level)
        out.print(f"Đã tạo đơn vị “{escape(answers[0])}” và tài khoản {escape(answers[1])}.")
    out.print(f"Dữ liệu của trạm: {escape(str(data))} (SQLite, ảnh phiếu trong media/)")
    from daihoi.web.counting.recording import station_key

    out.print(
        f"Khoá của trạm: dấu vân tay [bold]{station_key().fingerprint}[/] (biên bản in dấu vân "
        "tay này; trang /packages/station-key/ có khoá công khai để văn phòng đăng ký trạm)"
    )
    out.print("Nhận gói đại hội của văn phòng: trang /packages/receive/")
    copy = os.environ.get("DAIHOI_RECORD_COPY", "")
    out.print(
        f"Sổ ghi kiểm phiếu: {escape(str(data / 'records'))}"
        + (
            f" và bản sao tại {escape(copy)}"
            if copy
            else " (chưa có bản sao thứ hai: --record-copy)"
        )
    )
    if addresses:
        out.print("Mở từ các máy khác trong hội trường (máy quét, duyệt phiếu, máy chiếu):")
        for address in addresses:
            out.print(f"  [bold]http://{address}:{port}/[/]")
    shown = "127.0.0.1" if host in {"0.0.0.0", "::", ""} else host
    out.print(f"Trên máy này: http://{shown}:{port}/  (Ctrl+C để dừng)")
    from daihoi.web.server import serve as serve_app

    serve_app(host, port, threads=threads, say=lambda text: out.print(text))
    out.print("Đã dừng máy chủ và tiến trình nền.")
