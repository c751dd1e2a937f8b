"""The production server: waitress for the pages, the django-tasks database worker beside it.

One pure-Python server that runs the same on a Linux server and on the Windows laptop of a
congress hall. ``serve`` starts the task worker as a child process, watches it (a worker that
dies is started again, so a killed worker never leaves uploads waiting), and stops it when the
server stops (Ctrl+C or SIGTERM).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType

# Threads answering requests. Each keeps one database connection; SQLite serialises writers
# anyway, and PostgreSQL's default of 100 connections leaves room for several servers.
DEFAULT_THREADS = 8
# A worker that dies sooner than this after its start is given up on (a broken setting, say).
_QUICK_DEATH_SECONDS = 5.0
_QUICK_DEATHS_ALLOWED = 3


SERVER_PID_ENV = "DAIHOI_SERVER_PID"


def leave_with_server() -> None:
    """In a worker the server started: exit as soon as the server is gone."""
    wanted = os.environ.get(SERVER_PID_ENV, "")
    if not wanted.isdigit():
        return

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != int(wanted):
                os._exit(0)  # the lease of a count being read runs out; nothing is half-written

    threading.Thread(target=watch, name="leave-with-server", daemon=True).start()


def worker_command() -> list[str]:
    """The command line of one task worker (``daihoi web worker``) in this Python."""
    return [sys.executable, "-m", "daihoi.cli.main", "web", "worker"]


class WorkerSupervisor:
    """Keeps one task worker process running until ``stop``."""

    def __init__(
        self,
        command: list[str],
        say: Callable[[str], None],
        env: dict[str, str] | None = None,
    ) -> None:
        self._command = command
        self._say = say
        self._env = env
        self._process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="task-worker", daemon=True)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self) -> None:
        self._spawn()
        self._thread.start()

    def _spawn(self) -> None:
        # The worker leaves when this server is gone (killed with SIGKILL, say): a worker of a
        # dead server would otherwise run on beside the next one.
        env = dict(self._env if self._env is not None else os.environ)
        env[SERVER_PID_ENV] = str(os.getpid())
        self._process = subprocess.Popen(self._command, env=env)
        self._started = time.monotonic()

    def _watch(self) -> None:
        quick_deaths = 0
        while not self._stopping.is_set():
            process = self._process
            if process is None:
                return
            try:
                status = process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                continue
            if self._stopping.is_set():
                return
            lived = time.monotonic() - self._started
            quick_deaths = quick_deaths + 1 if lived < _QUICK_DEATH_SECONDS else 0
            if quick_deaths >= _QUICK_DEATHS_ALLOWED:
                self._say(
                    f"Tiến trình nền dừng ngay sau khi chạy ({quick_deaths} lần, mã {status}): "
                    "không chạy lại nữa. Xem thông báo lỗi ở trên."
                )
                return
            self._say(f"Tiến trình nền đã dừng (mã {status}): đang chạy lại…")
            self._spawn()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the worker to finish its current task and exit; kill it after ``timeout``."""
        self._stopping.set()
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT if os.name != "nt" else signal.CTRL_BREAK_EVENT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _raise_keyboard_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve(
    host: str,
    port: int,
    *,
    threads: int = DEFAULT_THREADS,
    with_worker: bool = True,
    say: Callable[[str], None] = print,
) -> None:
    """Serve the application with waitress until Ctrl+C or SIGTERM; the worker stops with it."""
    from waitress import serve as waitress_serve

    from daihoi.web.wsgi import application

    supervisor = WorkerSupervisor(worker_command(), say) if with_worker else None
    previous = signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        if supervisor:
            supervisor.start()
        waitress_serve(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="daihoi",
            # A counting station's uploads are large; waitress buffers bodies to disk past this.
            inbuf_overflow=1 << 20,
            _quiet=True,
        )
    except KeyboardInterrupt:
        say("Đang dừng máy chủ…")
    finally:
        signal.signal(signal.SIGTERM, previous)
        if supervisor:
            supervisor.stop()
