"""``daihoi web serve`` (the demo server), ``worker``, ``manage`` (Django's manage.py), and the
central server's ``import-bundle`` and ``watch-bundles`` (stations' results bundles)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from daihoi.cli.apps import app
from daihoi.cli.paths import os_error_text
from daihoi.engine.errors import InputError

web_app = typer.Typer(help="Ứng dụng web theo dõi đại hội các cấp.", no_args_is_help=True)
app.add_typer(web_app, name="web")

DEMO_OFFICE_USERNAME = "vanphong"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.web.settings")
    import django

    django.setup()


def _demo_password() -> str:
    from daihoi.web.demo.seed import DEMO_PASSWORD

    return DEMO_PASSWORD


def _load_demo(full: bool, out: Console) -> None:
    """Fill an empty database with the demo dataset (small slice, or the full one)."""
    from daihoi.web.demo.seed import build_demo

    scale = "full" if full else "small"
    out.print(
        f"Cơ sở dữ liệu trống: đang nạp dữ liệu mẫu ({'đầy đủ, vài phút' if full else 'bản nhỏ'})…"
    )
    summary = build_demo(scale=scale)
    for line in summary.lines():
        out.print(line, highlight=False)


def _ensure_office_user(out: Console) -> None:
    """The demo always has an office login at the top of the tree, even on an older database."""
    from django.contrib.auth.models import User

    from daihoi.web.accounts.models import Profile, Role
    from daihoi.web.orgs.models import Organisation

    if User.objects.filter(username=DEMO_OFFICE_USERNAME).exists():
        return
    top = Organisation.objects.filter(depth=1).order_by("path").first()
    if top is None:
        return
    user = User.objects.create_user(
        DEMO_OFFICE_USERNAME, password=_demo_password(), last_name="Văn phòng"
    )
    Profile.objects.create(user=user, unit=top, role=Role.OFFICE)
    out.print(f"Đã tạo tài khoản {DEMO_OFFICE_USERNAME} (cán bộ văn phòng {top.name}).")


def _print_logins(out: Console) -> None:
    """Name the demo logins (without checking passwords: hashing is deliberately slow)."""
    from django.contrib.auth.models import User

    from daihoi.web.accounts.models import Profile

    profiles = (
        Profile.objects.select_related("user", "unit")
        .exclude(user__password__startswith="!")  # accounts that cannot log in
        .filter(user__is_active=True)
        .order_by("id")[:6]
    )
    rows = [f"  {p.user.username:<10} {p.get_role_display()} — {p.unit.name}" for p in profiles]
    if rows:
        out.print(f"Tài khoản (dữ liệu mẫu: mật khẩu [bold]{_demo_password()}[/] nếu chưa đổi):")
        for row in rows:
            out.print(row, highlight=False)
    if not User.objects.filter(is_superuser=True).exists():
        out.print("Tạo tài khoản quản trị: [bold]daihoi web manage createsuperuser[/]")


@web_app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Địa chỉ lắng nghe (0.0.0.0: mọi máy trong mạng).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Cổng.", min=1, max=65535)] = 8000,
    full: Annotated[
        bool, typer.Option("--full", help="Nạp bộ dữ liệu mẫu đầy đủ (≈50.000 tổ chức).")
    ] = False,
    threads: Annotated[int, typer.Option(help="Số luồng trả lời yêu cầu.", min=1, max=64)] = 8,
    dev: Annotated[
        bool,
        typer.Option(
            "--dev", help="Máy chủ phát triển của Django (tự nạp lại mã; không dùng thật)."
        ),
    ] = False,
    record_copy: Annotated[
        Path | None,
        typer.Option(
            "--record-copy",
            help="Thư mục (ổ USB) nhận bản sao thứ hai của sổ ghi và bộ kết quả kiểm phiếu.",
        ),
    ] = None,
) -> None:
    """Chuẩn bị CSDL, nạp dữ liệu mẫu nếu trống, rồi chạy máy chủ web (waitress) và tiến trình nền."""
    if record_copy is not None:
        record_copy_folder(record_copy)
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from daihoi.web.orgs.models import Organisation

    out = Console(highlight=False)
    call_command("migrate", interactive=False, verbosity=0)
    if not Organisation.objects.exists():
        _load_demo(full, out)  # prints the demo logins itself
        _ensure_office_user(out)
    else:
        if full:
            out.print(
                "CSDL đã có dữ liệu: bỏ qua --full (hãy dùng một CSDL trống để nạp bản đầy đủ)."
            )
        _ensure_office_user(out)
        _print_logins(out)
    database = settings.DATABASES["default"]
    out.print(f"CSDL: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
    if settings.DEBUG:
        out.print("Chế độ gỡ lỗi (DAIHOI_DEBUG bật): không dùng cho máy chủ thật.")
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
    out.print(f"Mở trình duyệt tại: [bold]http://{shown}:{port}/[/]  (Ctrl+C để dừng)")
    if dev:
        call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True)
        return
    from daihoi.web.server import serve as serve_app

    out.print(f"Máy chủ waitress ({threads} luồng) và tiến trình nền đang chạy.")
    serve_app(host, port, threads=threads, say=lambda text: out.print(text))
    out.print("Đã dừng máy chủ và tiến trình nền.")


def record_copy_folder(folder: Path) -> None:
    """Check the second copy's folder now (a USB stick not plugged in is said before the
    congress starts, not at the first ballot) and hand it to the server and its worker."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--record-copy: “{folder}” là một tệp, không phải thư mục")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".daihoi-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise InputError(
            f"--record-copy: không ghi được vào thư mục “{folder}”: {os_error_text(exc)}"
        ) from None
    os.environ["DAIHOI_RECORD_COPY"] = str(folder.resolve())


@web_app.command()
def worker(
    once: Annotated[bool, typer.Option("--once", help="Làm hết việc đang chờ rồi thoát.")] = False,
) -> None:
    """Tiến trình nền: làm các việc dài (nhập tệp, đọc phiếu quét, báo cáo) ngoài yêu cầu web."""
    from daihoi.web.server import leave_with_server

    leave_with_server()
    _setup_django()
    from django.core.management import call_command

    if once:  # run on its own (a test, a cron job): the tables may not exist yet
        call_command("migrate", interactive=False, verbosity=0)
    options: dict[str, object] = {
        "reload": False,
        "interval": 0.5,
        "startup_delay": False,
        "verbosity": 1,
    }
    if once:
        options["batch"] = True
    call_command("db_worker", **options)


@web_app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def manage(ctx: typer.Context) -> None:
    """Lệnh quản trị Django (như manage.py), ví dụ: daihoi web manage createsuperuser."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["daihoi web manage", *ctx.args])


OUTCOME_WORDS = {"imported": "ĐÃ NHẬN", "unchanged": "ĐÃ NHẬN RỒI", "refused": "KHÔNG NHẬN"}


@web_app.command("import-bundle")
def import_bundle(
    files: Annotated[
        list[Path], typer.Argument(help="Các tệp gói kết quả (.bundle.zip) hoặc thư mục gói.")
    ],
    congress: Annotated[
        int | None,
        typer.Option(
            "--congress", help="Số hiệu đại hội nhận gói (mặc định: đại hội ghi trong gói)."
        ),
    ] = None,
) -> int:
    """Nhận gói kết quả của trạm kiểm phiếu vào máy chủ (kiểm tra như daihoi verify)."""
    from daihoi.engine.names import printable

    for path in files:
        if not path.is_file() and not path.is_dir():
            raise InputError(f"không có tệp {path}")
    _setup_django()
    from daihoi.web.imports import services
    from daihoi.web.imports.models import BundleImport
    from daihoi.web.season.models import Congress

    target = None
    if congress is not None:
        target = Congress.objects.filter(pk=congress).first()
        if target is None:
            raise InputError(f"--congress: không có đại hội số {congress}")
    out = Console(highlight=False)
    refused = False
    for path in files:
        size = (
            sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
            if path.is_dir()
            else path.stat().st_size
        )
        if size > services.MAX_BUNDLE:
            out.print(
                f"{printable(str(path))}: KHÔNG NHẬN: tệp quá lớn cho một gói kết quả.",
                markup=False,
                soft_wrap=True,
            )
            refused = True
            continue
        try:
            data = _zip_folder(path) if path.is_dir() else path.read_bytes()
        except OSError as exc:
            raise InputError(f"không đọc được {path}: {os_error_text(exc)}") from None
        submitted = services.import_now(data, path.name, target, BundleImport.Source.CLI)
        row = submitted.row
        word = OUTCOME_WORDS.get(row.outcome, "KHÔNG XỬ LÝ ĐƯỢC")
        message = row.message
        if submitted.again:
            word, message = (
                OUTCOME_WORDS["unchanged"],
                "Gói kết quả này đã nhận rồi (tệp giống hệt).",
            )
        if row.state != BundleImport.State.DONE or row.outcome == "refused":
            refused = True
        out.print(
            f"{printable(str(path))}: {word}: {printable(message)}",
            markup=False,
            soft_wrap=True,
        )
    return 1 if refused else 0


def _zip_folder(folder: Path) -> bytes:
    """A bundle folder (``docs/bundle.md``) as a zip: its files, names beginning with ``.``
    left out (a half-done commit is then seen as the bundle it was before)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                archive.writestr(relative.as_posix(), path.read_bytes())
    return out.getvalue()


@web_app.command("watch-bundles")
def watch_bundles(
    folder: Annotated[Path, typer.Argument(help="Thư mục nhận các gói kết quả.")],
    once: Annotated[bool, typer.Option("--once", help="Xem một lượt rồi thoát.")] = False,
    interval: Annotated[
        float, typer.Option("--interval", help="Số giây giữa hai lượt xem.", min=0.05)
    ] = 5.0,
) -> int:
    """Theo dõi một thư mục: mỗi gói kết quả mới được nhận bằng tiến trình nền, rồi chuyển vào
    imported/ hoặc refused/ (kèm tệp .txt ghi lý do)."""
    import time

    from daihoi.engine.names import printable

    if not folder.is_dir():
        raise InputError(f"không có thư mục {folder}")
    _setup_django()
    from daihoi.web.imports.watch import Pass, watch

    out = Console(highlight=False)

    def say(done: Pass) -> None:
        for name in done.submitted:
            out.print(
                f"{printable(name)}: đã gửi vào hàng đợi để kiểm tra.", markup=False, soft_wrap=True
            )
        for name in done.imported:
            out.print(
                f"{printable(name)}: ĐÃ NHẬN: {printable(done.messages.get(name, ''))}",
                markup=False,
                soft_wrap=True,
            )
        for name in done.refused:
            out.print(
                f"{printable(name)}: KHÔNG NHẬN: {printable(done.messages.get(name, ''))}",
                markup=False,
                soft_wrap=True,
            )

    try:
        watch(folder, once=once, interval=interval, sleep=time.sleep, say=say)
    except KeyboardInterrupt:
        out.print("Đã dừng theo dõi.")
    return 0
