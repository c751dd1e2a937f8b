#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers and prints the DATABASE_URL to use for the tests.
# 1. a server on 127.0.0.1:5432 that answers (the usual case);
# 2. else start the Debian cluster (pg_ctlcluster);
# 3. else start a private cluster in .pgdata on port 5439, as the postgres user (Postgres refuses root).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
url_main="postgres://postgres@127.0.0.1:5432/postgres"
answers() { pg_isready -q -h 127.0.0.1 -p "$1" 2>/dev/null; }
if answers 5432; then echo "$url_main"; exit 0; fi
if command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql/ >/dev/null 2>&1; then
  ver=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start >&2 || true
  for _ in $(seq 1 30); do answers 5432 && { echo "$url_main"; exit 0; }; sleep 1; done
fi
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "Không tìm thấy PostgreSQL (chạy scripts/setup-system.sh)" >&2; exit 1; }
data="$here/.pgdata"
if [ ! -f "$data/PG_VERSION" ]; then
  mkdir -p "$data"; chown postgres "$data" 2>/dev/null || true
  runuser -u postgres -- "$bin/initdb" -D "$data" -A trust -U postgres >&2
fi
if ! answers 5439; then
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -o "-p 5439 -k /tmp -h 127.0.0.1" -l "$data/log" start >&2
fi
for _ in $(seq 1 30); do answers 5439 && { echo "postgres://postgres@127.0.0.1:5439/postgres"; exit 0; }; sleep 1; done
echo "PostgreSQL không khởi động được (xem $data/log)" >&2
exit 1
