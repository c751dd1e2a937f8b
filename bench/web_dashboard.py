"""Dashboard latency on PostgreSQL with the full demo dataset and 20 concurrent users.

Creates a dedicated database (default ``postgres://postgres@127.0.0.1:5432/daihoi_bench``,
override with ``DATABASE_URL``), migrates it, loads ``build_demo("full")`` (34 provinces,
~700 upper-base, ~50,000 base organisations), starts the real server (waitress, as ``daihoi web serve``) on 127.0.0.1, logs 20 users
in and has them fetch the national dashboard and a province drill-down concurrently. Prints
p50/p95 latency per page and the number of SQL queries each page runs (counted in-process with
``CaptureQueriesContext``). The database is dropped at the end unless ``--keep`` is given.

    python bench/web_dashboard.py [--users 20] [--requests 200] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/daihoi_bench"
TARGET_P95_MS = 300.0


def serve(port: int, processes: int, threads: int) -> None:
    """Pre-fork ``processes`` waitress servers (the production server of ``daihoi web serve``)
    on one listening socket, each answering from ``threads`` threads."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(256)
    children = []
    for _ in range(processes):
        pid = os.fork()
        if pid == 0:
            import django
            from django.core.wsgi import get_wsgi_application
            from waitress import serve as waitress_serve

            django.setup()
            waitress_serve(get_wsgi_application(), sockets=[listener], threads=threads, _quiet=True)
            os._exit(0)
        children.append(pid)
    signal.signal(signal.SIGTERM, lambda *_: [os.kill(c, signal.SIGTERM) for c in children])
    for child in children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child, 0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def admin_sql(db_url: str, sql: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(db_url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def setup_database(db_url: str) -> float:
    """Create the database afresh, migrate it and load the full demo; returns seconds taken."""
    name = urllib.parse.urlparse(db_url).path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or name in {"postgres", "daihoi"}:
        raise SystemExit(f"Tên CSDL đo hiệu năng không hợp lệ hoặc dùng chung: {name!r}")
    admin_sql(db_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(db_url, f'CREATE DATABASE "{name}"')
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from daihoi.web.demo.seed import build_demo

    started = time.monotonic()
    summary = build_demo("full", seed=2025)
    took = time.monotonic() - started
    for line in summary.lines():
        print(line)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return took


def count_queries(paths: dict[str, str]) -> dict[str, tuple[int, int, float]]:
    """Per page: SQL queries when the figures are computed, when they come from the cache,
    and the time of the computing request alone (ms)."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username="vanphong"))
    counts = {}
    for label, path in paths.items():
        client.get(path)
        cache.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(path)
        cold_ms = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as warm:
            client.get(path)
        counts[label] = (len(cold.captured_queries), len(warm.captured_queries), cold_ms)
    return counts


def log_in(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    response = opener.open(request)
    assert "/accounts/login/" not in response.geturl(), "login failed"
    return opener


def wait_for(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/accounts/login/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("Máy chủ không khởi động được.")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200, help="requests per page in all")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a loaded database")
    parser.add_argument("--processes", type=int, default=2, help="server worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker process")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.processes, args.threads)
        return 0

    db_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.web.settings")
    os.environ["DAIHOI_DEBUG"] = "0"
    # The pooled server keeps one connection per thread, as gunicorn would.
    os.environ.setdefault("DAIHOI_DB_CONN_MAX_AGE", "600")
    sys.path.insert(0, str(ROOT / "src"))
    if args.reuse:
        import django

        django.setup()
        print("Dùng lại CSDL đã nạp.")
    else:
        took = setup_database(db_url)
        print(f"Nạp dữ liệu đầy đủ: {took:.1f} giây")

    from daihoi.web.orgs.models import Organisation

    province = Organisation.objects.get(name="Đảng bộ thành phố Hà Nội")
    paths = {"toàn quốc": "/", "tỉnh (Hà Nội)": f"/org/{province.pk}/"}
    queries = count_queries(paths)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT / "src"),
        DAIHOI_ALLOWED_HOSTS="127.0.0.1",
        DAIHOI_DEBUG=os.environ.get("BENCH_SERVER_DEBUG", "0"),
    )
    log = tempfile.NamedTemporaryFile("w+", prefix="daihoi-bench-", suffix=".log")  # noqa: SIM115
    server = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            str(port),
            "--processes",
            str(args.processes),
            "--threads",
            str(args.threads),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(base)
        openers = [log_in(base, "vanphong", "daihoi2025") for _ in range(args.users)]
        results: dict[str, list[float]] = {label: [] for label in paths}
        lock = threading.Lock()

        def hit(job: tuple[int, str]) -> None:
            index, label = job
            opener = openers[index % len(openers)]
            started = time.perf_counter()
            with opener.open(base + paths[label]) as response:
                response.read()
                assert response.status == 200
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                results[label].append(elapsed)

        for label in paths:  # warm up: connections, templates, caches of the database
            for opener in openers[:2]:
                opener.open(base + paths[label]).read()
        for label in paths:
            jobs = [(i, label) for i in range(args.requests)]
            with ThreadPoolExecutor(max_workers=args.users) as pool:
                list(pool.map(hit, jobs))
    except Exception:
        log.seek(0)
        print(
            "".join(line for line in log.read().splitlines(True) if not line.startswith("[")),
            file=sys.stderr,
        )
        raise
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()

    print(
        f"\n{args.users} người dùng đồng thời, {args.requests} yêu cầu mỗi trang, PostgreSQL; "
        f"máy chủ WSGI {args.processes} tiến trình × {args.threads} luồng"
    )
    print(
        f"{'trang':<16}{'p50 (ms)':>10}{'p95 (ms)':>10}{'max (ms)':>10}"
        f"{'SQL tính lại':>14}{'SQL có cache':>14}{'tính lại (ms)':>15}"
    )
    worst = 0.0
    for label, values in results.items():
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        worst = max(worst, p95)
        cold, warm, cold_ms = queries[label]
        print(
            f"{label:<16}{p50:>10.0f}{p95:>10.0f}{max(values):>10.0f}"
            f"{cold:>14}{warm:>14}{cold_ms:>15.0f}"
        )
    verdict = "đạt" if worst <= TARGET_P95_MS else "CHƯA ĐẠT"
    print(f"Mục tiêu p95 ≤ {TARGET_P95_MS:.0f} ms: {verdict}")

    if not args.keep:
        from django.db import connections

        connections.close_all()
        name = urllib.parse.urlparse(db_url).path.lstrip("/")
        admin_sql(db_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
