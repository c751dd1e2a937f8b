"""``manage.py seed_demo [--scale small|full] [--seed N]``: load the demo dataset."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.web.demo.seed import build_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: cây tổ chức, đợt đại hội, tổ công tác, vướng mắc, kết quả."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=["small", "full"],
            default="small",
            help="small: 2 tỉnh (~2.000 tổ chức); full: 34 tỉnh (~50.000)",
        )
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            summary = build_demo(options["scale"], seed=options["seed"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(f"Thời gian nạp: {time.monotonic() - started:.1f} giây.")
