#!/usr/bin/env bash
# Attendance Desk developer commands. Each sets up what it needs first (a Python 3.12+ virtual environment in
# .venv with the app and its test tools, and the system libraries Qt needs), then does its job.
#
#   ./dev.sh run [ARGS]     set up, then start the app (ARGS go to `attendance-desk`, e.g. --data-dir DIR)
#   ./dev.sh test [ARGS]    set up, then check formatting, lint, types and dead code, and run the whole test
#                           suite on SQLite and on a throwaway PostgreSQL server (ARGS go to pytest, e.g.
#                           -m "not soak" for a quick run, --backend=sqlite to skip the server)
#   ./dev.sh bench [NAMES]  set up, then run the benchmarks
#   ./dev.sh bundle         set up, then build the frozen app (dist/AttendanceDesk, and on Linux its .tar.gz)
#                           and smoke-test it (installer/build.py, installer/smoke_test.py)
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

is_recent_python() {
  "$1" -c 'import sys; raise SystemExit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3 python \
      "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 /root/.pyenv/versions/3.1[2-9]*/bin/python3 \
      /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && is_recent_python "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

setup_venv() {
  if [ -x .venv/bin/python ] && ! is_recent_python .venv/bin/python; then
    say "The existing .venv uses an older Python; rebuilding it"
    rm -rf .venv
  fi
  if [ ! -x .venv/bin/python ]; then
    local python
    if ! python=$(find_python); then
      echo "Attendance Desk needs Python 3.12 or newer, and none was found." >&2
      echo "Install it (e.g. 'apt-get install python3.12 python3.12-venv', or from python.org) or point" >&2
      echo "PYTHON at one: PYTHON=/path/to/python3.12 ./dev.sh $*" >&2
      exit 1
    fi
    say "Creating .venv with $python ($("$python" --version))"
    "$python" -m venv .venv
  fi
  # Reinstall only when the project's requirements (or the extras asked for) changed since the last install.
  local extras=${EXTRAS:-test} stamp=.venv/.installed
  [ "$extras" = test ] || stamp=.venv/.installed-${extras//,/-}
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "Installing Attendance Desk and its tools ($extras) into .venv"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[$extras]"
    touch "$stamp"
  fi
}

qt_starts() {
  (QT_QPA_PLATFORM=$1 .venv/bin/python -c 'from PySide6.QtWidgets import QApplication; QApplication([])') \
    >/dev/null 2>&1
}

ensure_qt_libraries() {
  # Qt's widgets need a few system libraries (EGL, xkbcommon, fontconfig…) that a bare Debian machine lacks; on a
  # real screen (X11) its xcb plugin needs a few more (xcb-cursor and friends). Tests run offscreen.
  local platform=offscreen
  if [ "${1:-}" = screen ] && [ -n "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "$(uname -s)" = Linux ]; then
    platform=xcb
  fi
  if qt_starts "$platform"; then
    return 0
  fi
  local packages="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 \
libxcb-image0 fonts-dejavu-core"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing the system libraries Qt needs"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null
    qt_starts "$platform" || echo "Qt still cannot start on the '$platform' platform; its own message follows." >&2
  else
    echo "Qt cannot start: system libraries are missing. Install them with:" >&2
    echo "  sudo apt-get install $packages" >&2
    exit 1
  fi
}

postgresql_binaries() {
  ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
    || { command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; }
}

start_test_postgresql() {
  # A throwaway cluster in a temporary folder (never the system's own), stopped and removed on exit. Sets
  # ATTENDANCE_DESK_TEST_DATABASE_URL, which makes the tests run on PostgreSQL as well as SQLite.
  if ! postgresql_binaries; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "Installing PostgreSQL (for the tests on the server back end)"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
      echo "PostgreSQL is not installed, so the tests run on SQLite only. Install it with:" >&2
      echo "  sudo apt-get install postgresql" >&2
      return 0
    fi
  fi
  PG_TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/attendance-desk-pg.XXXXXX")
  trap 'scripts/pg-test-server stop "$PG_TEST_DIR"; rm -rf "$PG_TEST_DIR"' EXIT
  say "Starting a throwaway PostgreSQL server in $PG_TEST_DIR"
  ATTENDANCE_DESK_TEST_DATABASE_URL=$(scripts/pg-test-server start "$PG_TEST_DIR")
  export ATTENDANCE_DESK_TEST_DATABASE_URL
}

wants_postgresql() {
  local arg
  for arg in "$@"; do
    [ "$arg" = "--backend=sqlite" ] && return 1
  done
  return 0
}

ensure_pdftoppm() {
  # A printing test renders a page with poppler's pdftoppm, which a fresh machine may lack.
  command -v pdftoppm >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing poppler-utils (pdftoppm, for the printing test)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "pdftoppm is missing (the printing test needs it). Install it with:" >&2
    echo "  sudo apt-get install poppler-utils" >&2
    exit 1
  fi
}

ensure_strace() {
  # The smoke test proves with strace that the bundle reads nothing from this source tree; without strace it
  # hides the source tree's package and resources instead while the bundle runs.
  command -v strace >/dev/null 2>&1 && return 0
  [ "$(uname -s)" = Linux ] || return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing strace for the smoke test"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq strace >/dev/null || true
  fi
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  run)
    setup_venv "$command"
    ensure_qt_libraries screen
    exec .venv/bin/attendance-desk "$@"
    ;;
  test)
    setup_venv "$command"
    ensure_qt_libraries
    ensure_pdftoppm
    # The same checks as .pre-commit-config.yaml; each tool reads its settings from pyproject.toml.
    say "Format"
    .venv/bin/ruff format --check .
    say "Lint"
    .venv/bin/ruff check .
    say "Types"
    .venv/bin/mypy
    say "Dead code"
    .venv/bin/vulture
    if [ -z "${ATTENDANCE_DESK_TEST_DATABASE_URL:-}" ] && wants_postgresql "$@"; then
      start_test_postgresql
    fi
    say "Tests"
    .venv/bin/python -m pytest "$@"
    ;;
  bench)
    setup_venv "$command"
    ensure_qt_libraries
    exec .venv/bin/python -m benchmarks "$@"
    ;;
  bundle)
    EXTRAS=test,bundle setup_venv "$command"
    ensure_qt_libraries
    ensure_strace
    say "Building the frozen app"
    .venv/bin/python installer/build.py "$@"
    say "Smoke test of the frozen app"
    if [ "$(uname -s)" = Linux ]; then
      # The Linux package holds the same bundle: unpack it, install it as a user would, and test that.
      exec .venv/bin/python installer/smoke_test.py --archive "$(ls -t dist/AttendanceDesk-*-linux-*.tar.gz | head -1)"
    fi
    exec .venv/bin/python installer/smoke_test.py --bundle dist/AttendanceDesk
    ;;
  *)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
