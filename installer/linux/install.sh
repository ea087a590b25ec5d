#!/bin/sh
# Install Attendance Desk for this user (no administrator rights needed), or remove it again.
#
#   sh install.sh               copy the app to ~/.local/opt/AttendanceDesk and add it to the applications menu
#   sh install.sh --uninstall   remove the app and its menu entry; the school's data is left where it is
#                               (the installed copy of this script is uninstall.sh, which does the same)
#
# PREFIX=/opt sh install.sh (as root) installs for everyone instead: /opt/AttendanceDesk, /usr/share/applications.
# Installing over an older version replaces the program only: the data folder (~/.local/share/AttendanceDesk, or
# the folder given with --data-dir / ATTENDANCE_DESK_DATA_DIR) is never touched, and the new version upgrades the
# database on its first start, after taking a backup.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
if [ -n "${PREFIX:-}" ]; then
  app_dir=$PREFIX/AttendanceDesk
  share=/usr/share
else
  app_dir=$HOME/.local/opt/AttendanceDesk
  share=$data_home
fi
desktop=$share/applications/attendance-desk.desktop
icon=$share/icons/hicolor/256x256/apps/attendance-desk.png

if [ -f "$app_dir/attendance-desk.sqlite3" ]; then
  echo "install.sh: $app_dir holds a database; refusing to replace it" >&2
  exit 1
fi

if [ "${1:-}" = "--uninstall" ] || [ "$(basename "$0")" = uninstall.sh ]; then
  rm -rf "$app_dir"
  rm -f "$desktop" "$icon"
  echo "Attendance Desk removed. The school's data was left in place ($data_home/AttendanceDesk by default);"
  echo "delete that folder yourself only if the school no longer needs its records."
  exit 0
fi

mkdir -p "$(dirname "$app_dir")" "$(dirname "$desktop")" "$(dirname "$icon")"
staging=$app_dir.new
rm -rf "$staging"
cp -R "$here" "$staging"
mv "$staging/install.sh" "$staging/uninstall.sh"
rm -rf "$app_dir"
mv "$staging" "$app_dir"
cp "$here/attendance-desk.png" "$icon"
sed "s|@APP_DIR@|$app_dir|g" "$here/attendance-desk.desktop" > "$desktop"
chmod 644 "$desktop" "$icon"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$(dirname "$desktop")" || true
echo "Attendance Desk installed in $app_dir; start it from the applications menu (Office), or run"
echo "  $app_dir/AttendanceDesk"
