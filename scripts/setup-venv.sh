#!/usr/bin/env bash
# Makes .venv with the project and its development tools installed. A .venv that a failed
# earlier attempt left half made (no python or no pip in it, or one that no longer runs) is
# made again. Two setups at once in one checkout take turns.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

mkdir -p var
if command -v flock >/dev/null 2>&1; then
  exec 9>var/.setup.lock
  if ! flock -n 9; then
    echo "Một lần cài đặt khác đang chạy trong thư mục này: đang chờ nó xong…" >&2
    flock 9
  fi
fi

if ! "$PYTHON" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 14)))' 2>/dev/null; then
  echo "Cần Python 3.11, 3.12 hoặc 3.13 ($PYTHON là $("$PYTHON" --version 2>&1 || echo 'không có'))." >&2
  exit 1
fi

if [ -e "$VENV" ]; then
  if ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1 || [ ! -x "$VENV/bin/pip" ]; then
    echo "Môi trường $VENV hỏng hoặc chưa xong (lần cài trước bị dừng): tạo lại." >&2
    rm -rf "$VENV"
  elif ! "$VENV/bin/python" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 14)))'; then
    echo "Môi trường $VENV dùng một Python không hợp: tạo lại." >&2
    rm -rf "$VENV"
  fi
fi
if [ ! -e "$VENV" ]; then
  if ! "$PYTHON" -m venv "$VENV"; then
    rm -rf "$VENV"
    echo "Không tạo được $VENV: trên Debian/Ubuntu hãy cài python3-venv (scripts/setup-system.sh)." >&2
    exit 1
  fi
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[dev]'
touch "$VENV/.installed-stamp"
