#!/usr/bin/env bash
# Prints the PostgreSQL URL the tests and benchmarks use (a server URL ending in /postgres).
#
# - TEST_DATABASE_URL or DATABASE_URL set: that server, as given (its own login and password).
# - Otherwise the project's own cluster, started here if it is not running: data in var/pg (or,
#   when the cluster's owner cannot enter this folder, a folder under /var/tmp named after it),
#   no TCP port at all, only a Unix socket inside the data folder (mode 0700) that trusts its
#   owner's connections. It never touches the machine's own clusters or their authentication.
#   As root it runs as the `postgres` user (PostgreSQL refuses root), otherwise as you.
#
# `scripts/ensure-postgres.sh stop` stops the project's cluster.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
port=${DAIHOI_PG_PORT:-5439}

given=${TEST_DATABASE_URL:-${DATABASE_URL:-}}
if [ -n "$given" ] && [ "${1:-}" != stop ]; then
  case "$given" in
    postgres://*|postgresql://*) echo "${given%/*}/postgres"; exit 0 ;;
    *) echo "TEST_DATABASE_URL/DATABASE_URL không phải địa chỉ PostgreSQL: $given" >&2; exit 1 ;;
  esac
fi

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] && command -v initdb >/dev/null 2>&1; then bin=$(dirname "$(command -v initdb)"); fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "Không tìm thấy PostgreSQL (initdb): chạy scripts/setup-system.sh để cài." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  as_owner() { runuser -u postgres -- "$@"; }
  id postgres >/dev/null 2>&1 || { echo "Không có người dùng postgres (cài gói postgresql)." >&2; exit 1; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

# var/pg when the owner can reach it and the socket path fits (Unix sockets allow ~107 bytes).
data="$here/var/pg"
mkdir -p "$here/var"
if ! as_owner test -x "$here/var" 2>/dev/null || [ ${#data} -gt 80 ]; then
  tag=$(printf '%s' "$here" | sha256sum | cut -c1-12)
  data="/var/tmp/daihoi-pg-$tag"
fi
socket_file="$data/.s.PGSQL.$port"
url="postgres://postgres@$(printf '%s' "$data" | sed 's,/,%2F,g'):$port/postgres"

answers() { "$bin/pg_isready" -q -h "$data" -p "$port" 2>/dev/null; }

if [ "${1:-}" = stop ]; then
  if [ -f "$data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$data" -m fast stop >&2; fi
  exit 0
fi

if [ ! -f "$data/PG_VERSION" ]; then
  echo "Tạo cụm PostgreSQL riêng của dự án trong $data (chủ: $owner)…" >&2
  mkdir -p "$data"
  chown "$owner" "$data"
  chmod 0700 "$data"
  init_log=$(mktemp)
  if ! as_owner "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=reject >"$init_log" 2>&1 \
    && ! as_owner "$bin/initdb" -D "$data" -U postgres -E UTF8 --no-locale \
      --auth-local=trust --auth-host=reject >"$init_log" 2>&1; then
    cat "$init_log" >&2; rm -f "$init_log"; exit 1
  fi
  rm -f "$init_log"
  # Only the Unix socket in the data folder: nothing listens on the network.
  cat >> "$data/postgresql.conf" <<EOF

# daihoi: the project's own test cluster
listen_addresses = ''
port = $port
unix_socket_directories = '$data'
unix_socket_permissions = 0700
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 60
EOF
  printf 'local all all trust\n' > "$data/pg_hba.conf"
  chown "$owner" "$data/pg_hba.conf"
fi

if ! answers; then
  rm -f "$socket_file.lock" 2>/dev/null || true
  as_owner "$bin/pg_ctl" -D "$data" -l "$data/log" -w -t 60 start >&2 \
    || { echo "PostgreSQL không khởi động được (xem $data/log)" >&2; tail -n 20 "$data/log" >&2 || true; exit 1; }
fi
for _ in $(seq 1 60); do answers && { echo "$url"; exit 0; }; sleep 0.5; done
echo "PostgreSQL không trả lời qua $socket_file (xem $data/log)" >&2
exit 1
