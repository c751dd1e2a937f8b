#!/usr/bin/env bash
# The test suite: everything once on SQLite (pure tests, database tests, browser tests), then
# the database tests again on PostgreSQL (the project's own cluster unless TEST_DATABASE_URL or
# DATABASE_URL names a server). Both runs use pytest-xdist over the machine's cores.
#
#   scripts/run-tests.sh            both
#   scripts/run-tests.sh sqlite     the whole suite on SQLite only
#   scripts/run-tests.sh postgres   the whole suite on PostgreSQL only
#   scripts/run-tests.sh fast       the inner loop: pure engines and a smoke test of each app
#   scripts/run-tests.sh nightly    the whole suite on SQLite with the long corpus runs too
#
# A run that collects no test fails (pytest exits 5), and so does a run below its minimum.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
bin=.venv/bin
workers=${TEST_WORKERS:-auto}
min_sqlite=${MIN_TESTS:-500}
min_postgres=${MIN_DB_TESTS:-100}

run_suite() {
  local label=$1 min=$2; shift 2
  echo "== Tests on $label =="
  local log; log=$(mktemp)
  local start=$SECONDS
  set +e
  "$bin/pytest" -q -p no:cacheprovider -n "$workers" "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  set -e
  echo "($label: $((SECONDS - start)) s)"
  if [ "$status" -ne 0 ]; then rm -f "$log"; echo "Tests on $label failed (pytest exit $status)"; exit "$status"; fi
  local passed
  passed=$(grep -Eo '([0-9]+) passed' "$log" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
  rm -f "$log"
  if [ "${passed:-0}" -lt "$min" ]; then
    echo "Only ${passed:-0} tests passed on $label (expected at least $min): refusing a hollow run"
    exit 1
  fi
}

# The server for the PostgreSQL run: TEST_DATABASE_URL or DATABASE_URL as given (pytest-django
# makes and drops test_<name> there), else the project's own cluster.
given_url=${TEST_DATABASE_URL:-${DATABASE_URL:-}}
postgres_url() {
  if [ -n "$given_url" ]; then echo "$given_url"; return; fi
  local base
  base=$(scripts/ensure-postgres.sh)
  echo "${base%/*}/daihoi"
}

case "$which" in
  all)
    DATABASE_URL= run_suite SQLite "$min_sqlite"
    url=$(postgres_url)
    DATABASE_URL="$url" run_suite "PostgreSQL (database tests)" "$min_postgres" --db-only
    ;;
  sqlite)
    DATABASE_URL= run_suite SQLite "$min_sqlite"
    ;;
  postgres)
    url=$(postgres_url)
    DATABASE_URL="$url" run_suite PostgreSQL "$min_sqlite"
    ;;
  nightly)
    DATABASE_URL= run_suite "SQLite (nightly)" "$min_sqlite" --nightly
    ;;
  fast)
    DATABASE_URL= run_suite "SQLite (fast)" 50 -m "not slow and not browser" -x \
      --ignore=tests/engine/test_properties.py --ignore=tests/web/season/test_demo.py \
      tests/engine tests/cli/test_main.py tests/cli/test_count_tally.py tests/minutes/test_model.py \
      tests/paper/test_layout.py tests/web/test_orgs_views.py tests/web/test_import.py \
      tests/web/test_accounts_login.py tests/web/season tests/web/dashboard
    ;;
  *)
    echo "usage: scripts/run-tests.sh [all|sqlite|postgres|fast|nightly]" >&2
    exit 2
    ;;
esac
