#!/usr/bin/env bash
# Runs the whole test suite on SQLite, then on PostgreSQL (starting a server if none answers).
# A run that collects no test fails (pytest exits 5), and so does a run below MIN_TESTS.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
bin=.venv/bin
min_tests=${MIN_TESTS:-500}

run_suite() {
  local label=$1; shift
  echo "== Tests on $label =="
  local log; log=$(mktemp)
  set +e
  "$bin/pytest" -q -p no:cacheprovider "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then echo "Tests on $label failed (pytest exit $status)"; exit "$status"; fi
  local passed
  passed=$(grep -Eo '([0-9]+) passed' "$log" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
  if [ "${passed:-0}" -lt "$min_tests" ]; then
    echo "Only ${passed:-0} tests passed on $label (expected at least $min_tests): refusing a hollow run"
    exit 1
  fi
}

if [ "$which" = all ] || [ "$which" = sqlite ]; then
  DATABASE_URL= run_suite SQLite
fi
if [ "$which" = all ] || [ "$which" = postgres ]; then
  base=$(scripts/ensure-postgres.sh)
  DATABASE_URL="${base%/*}/daihoi" run_suite PostgreSQL
fi
