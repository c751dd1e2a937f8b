"""Dashboard latency on PostgreSQL with the full demo dataset and 20 concurrent users.

Creates a dedicated database (default ``postgres://postgres@127.0.0.1:5432/daihoi_bench``,
override with ``DATABASE_URL``), migrates it, loads ``build_demo("full")`` (34 provinces,
~700 upper-base, ~50,000 base organisations), starts a real server on 127.0.0.1, logs 20 users
in and has them fetch the national dashboard and a province drill-down concurrently. Prints
p50/p95 latency per page and the number of SQL queries each page runs (counted in-process with
``CaptureQueriesContext``). The database is dropped at the end unless ``--keep`` is given.

    python bench/web_dashboard.py [--users 20] [--requests 200] [--keep]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/daihoi_bench"
TARGET_P95_MS = 300.0


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
    from daihoi.web.season.demo import build_demo

    started = time.monotonic()
    summary = build_demo("full", seed=2025)
    took = time.monotonic() - started
    for line in summary.lines():
        print(line)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return took


def count_queries(paths: dict[str, str]) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username="vanphong"))
    counts = {}
    for label, path in paths.items():
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[label] = len(captured.captured_queries)
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
    request = urllib.request.Request(f"{base}/accounts/login/", data=data,
                                     headers={"Referer": f"{base}/accounts/login/"})
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
    args = parser.parse_args()

    db_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.web.settings")
    os.environ["DAIHOI_DEBUG"] = "0"
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
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), DAIHOI_ALLOWED_HOSTS="127.0.0.1")
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload",
         "--skip-checks"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
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
    finally:
        server.terminate()
        server.wait(timeout=10)

    print(f"\n{args.users} người dùng đồng thời, {args.requests} yêu cầu mỗi trang, PostgreSQL")
    print(f"{'trang':<16}{'p50 (ms)':>10}{'p95 (ms)':>10}{'truy vấn SQL':>14}")
    worst = 0.0
    for label, values in results.items():
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        worst = max(worst, p95)
        print(f"{label:<16}{p50:>10.0f}{p95:>10.0f}{queries[label]:>14}")
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
