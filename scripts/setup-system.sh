#!/usr/bin/env bash
# Installs the Debian packages the project needs, skipping what is present:
#   python3-venv   (Debian's python3 cannot make a virtual environment without it)
#   chromium       (browser tests), poppler-utils (rendering PDFs in tests)
#   postgresql     (the server binaries for the project's own test cluster)
# When another installation holds apt's lock, it says so and waits (up to 20 minutes).
set -euo pipefail
PYTHON=${PYTHON:-python3}
need=()
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  need+=(python3-venv)
fi
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Cần cài các gói: ${need[*]} (máy này không có apt-get: hãy cài bằng trình quản lý gói của nó)." >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "Cần cài các gói: ${need[*]}. Hãy chạy với quyền root: apt-get install ${need[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi

# apt takes fcntl locks on these files; another apt or dpkg holding one makes apt-get fail at
# once with "Could not get lock". Wait for it instead, and say what we are waiting for.
lock_held() {
  $SUDO "$PYTHON" - "$@" <<'EOF'
import fcntl, os, sys
for path in sys.argv[1:]:
    if not os.path.exists(path):
        continue
    with open(path, "a") as f:
        try:
            fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            print(path)
            sys.exit(0)
sys.exit(1)
EOF
}
wait_for_apt() {
  local waited=0 held
  while held=$(lock_held /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock); do
    if [ "$waited" -eq 0 ]; then
      echo "Đang chờ: một tiến trình khác đang cài gói (apt/dpkg giữ khoá $held)…" >&2
    fi
    if [ "$waited" -ge 1200 ]; then
      echo "Đã chờ apt 20 phút mà khoá $held vẫn bị giữ: hãy thử lại sau." >&2
      exit 1
    fi
    sleep 2
    waited=$((waited + 2))
  done
}
apt_get() {
  wait_for_apt
  # The timeout covers the moment between our check and apt taking the lock.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 "$@"
}

echo "Cài gói hệ thống: ${need[*]}"
apt_get update -qq
apt_get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
