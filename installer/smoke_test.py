"""Smoke test of the frozen app: does the bundle work on its own, on a machine that has never seen the source?

    python installer/smoke_test.py                       # dist/AttendanceDesk, traced with strace on Linux
    python installer/smoke_test.py --archive dist/AttendanceDesk-0.1.0-linux-x86_64.tar.gz   # the Linux package
    python installer/smoke_test.py --bundle "C:/Program Files/Attendance Desk" --isolation hide   # Windows

The bundle is first copied out of the source tree (or the archive unpacked and installed into a temporary home)
and run from a temporary folder with a scrubbed environment: no PYTHONPATH, no virtual environment, a bare PATH.
Then, with its console executable (``attendance-desk``) and its windowed one (``AttendanceDesk``):

1. ``--version``, ``--help``; ``--smoke --all-pages`` (every page and settings tab built) on a fresh data folder
   (both executables); steps 2, 4 and 5 smoke with ``--all-pages`` too;
2. ``demo`` builds the demo school (keeping its MIS files); ``--smoke`` opens it;
3. ``certificate`` and ``letter`` print a registration certificate and a letter (PDFs checked); ``verify`` passes;
4. the fresh data folder imports the demo's pupils, contacts and marks files; a broken marks file is rejected
   cleanly (exit 1, no traceback); ``--smoke`` opens the result;
5. upgrade: the demo school's database is taken back one schema version (what the previous release wrote) and the
   bundle upgrades it on start, backup first, with every pupil, mark and archived document kept;
6. start-up time: ``--smoke`` three times, untraced, on the demo school (the cold start alone, as a user waits);
7. (the Linux package) ``uninstall.sh`` removes the program and its menu entry and keeps the data folder.

Isolation (``--isolation``): ``strace`` (default on Linux when strace is installed) records every file the bundle
opens and fails if one is in the source tree or the build Python's library folders; ``hide`` renames the source
tree's ``attendance_desk`` and ``resources`` folders while each command of the bundle runs (for Windows; they are
put back afterwards, even on failure); ``none`` only scrubs the environment. Exit 0 when everything passed.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = sys.platform == "win32"
EXE_SUFFIX = ".exe" if WINDOWS else ""
CLI_NAME = "attendance-desk" + EXE_SUFFIX
APP_NAME = "AttendanceDesk" + EXE_SUFFIX
HIDDEN_SUFFIX = ".hidden-by-smoke-test"
STEP_TIMEOUT = 300
READY = re.compile(r"ready in (\d+) ms")


class SmokeFailure(Exception):
    pass


def verified_clean(output: str) -> bool:
    """``verify`` said the database, the audit chain and the archive are as the app left them (exit 0 is checked
    by the runner too)."""
    return "integrity_check): ok" in output and "nothing has been changed, removed or added" in output


def forbidden_prefixes() -> list[str]:
    """Folders the bundle must never read: the source tree and the build Python's own libraries."""
    folders = {ROOT, Path(sys.prefix), Path(sys.base_prefix) / "lib"}
    for scheme_path in ("stdlib", "platstdlib", "purelib", "platlib"):
        folders.add(Path(sysconfig.get_paths()[scheme_path]))
    try:
        import site

        folders.update(Path(p) for p in site.getsitepackages())
    except AttributeError:
        pass
    resolved = {str(folder.resolve()) for folder in folders if str(folder) not in ("/", "/usr", "/usr/local")}
    return sorted(prefix.rstrip(os.sep) + os.sep for prefix in resolved)


def scrubbed_environment(home: Path) -> dict[str, str]:
    """What a school PC gives the app: no Python variables, a bare PATH, its own home and temp folders."""
    temp = home / "temp"
    temp.mkdir(parents=True, exist_ok=True)
    if WINDOWS:
        system_root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        return {
            "SYSTEMROOT": system_root,
            "WINDIR": system_root,
            "PATH": rf"{system_root}\System32;{system_root}",
            "TEMP": str(temp),
            "TMP": str(temp),
            "USERPROFILE": str(home),
            "LOCALAPPDATA": str(home / "AppData" / "Local"),
            "APPDATA": str(home / "AppData" / "Roaming"),
            "QT_QPA_PLATFORM": "offscreen",
        }
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(temp),
        "LANG": "C.UTF-8",
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(temp),
        "QT_QPA_PLATFORM": "offscreen",
    }


class Runner:
    """Runs the bundle's executables in the scrubbed environment, traced when asked, and keeps a transcript."""

    def __init__(self, app_dir: Path, work: Path, isolation: str) -> None:
        self.app_dir = app_dir
        self.work = work
        self.isolation = isolation
        self.home = work / "home"
        self.cwd = work / "cwd"
        self.cwd.mkdir(parents=True, exist_ok=True)
        self.env = scrubbed_environment(self.home)
        self.traces = work / "traces"
        self.traces.mkdir(exist_ok=True)
        self.count = 0
        self.last_seconds = 0.0
        sign_in_environment(self.env)

    def run(
        self, label: str, args: Sequence[str], *, exe: str = CLI_NAME, expect: int | None = 0, traced: bool = True
    ) -> subprocess.CompletedProcess[str]:
        self.count += 1
        command = [str(self.app_dir / exe), *args]
        trace_file = self.traces / f"{self.count:02d}.trace"
        if traced and self.isolation == "strace":
            command = ["strace", "-f", "-qq", "-e", "trace=open,openat,openat2", "-o", str(trace_file), *command]
        started = time.perf_counter()
        with source_hidden(self.isolation == "hide"):
            result = subprocess.run(
                command,
                cwd=self.cwd,
                env=self.env,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=STEP_TIMEOUT,
            )
        seconds = time.perf_counter() - started
        shown = " ".join(args)
        print(f"  [{seconds:5.1f} s] {label}: {exe} {shown} -> {result.returncode}")
        if "Traceback (most recent call last)" in result.stderr + result.stdout:
            raise SmokeFailure(f"{label}: a traceback reached the user\n{result.stderr[-3000:]}")
        if expect is not None and result.returncode != expect:
            raise SmokeFailure(
                f"{label}: exit {result.returncode}, expected {expect}\n"
                f"stdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-3000:]}"
            )
        if traced and self.isolation == "strace":
            self.check_trace(label, trace_file)
        self.last_seconds = seconds
        return result

    def check_trace(self, label: str, trace_file: Path) -> None:
        prefixes = forbidden_prefixes()
        offences = set()
        for line in trace_file.read_text(encoding="utf-8", errors="replace").splitlines():
            match = re.search(r'open(?:at2?)?\((?:AT_FDCWD, |\d+, )?"([^"]+)"', line)
            if match and any((match.group(1).rstrip("/") + "/").startswith(prefix) for prefix in prefixes):
                offences.add(match.group(1))
        if offences:
            listed = "\n  ".join(sorted(offences)[:40])
            raise SmokeFailure(f"{label}: the bundle read {len(offences)} file(s) outside itself:\n  {listed}")


@contextmanager
def source_hidden(enabled: bool) -> Iterator[None]:
    """Rename the source package and resources so that a bundle reaching for them fails; always put them back."""
    moved: list[tuple[Path, Path]] = []
    try:
        if enabled:
            for name in ("attendance_desk", "resources"):
                source = ROOT / name
                if source.exists():
                    target = source.with_name(name + HIDDEN_SUFFIX)
                    source.rename(target)
                    moved.append((target, source))
        yield
    finally:
        for target, source in moved:
            target.rename(source)


def install_archive(archive: Path, work: Path) -> Path:
    """Unpack the Linux package and run its install.sh into a temporary home, as an office user would."""
    unpacked = work / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="tar")
    home = work / "home"
    env = scrubbed_environment(home)
    installed = home / ".local" / "opt" / "AttendanceDesk"
    # Twice: a first install, then the same package over it (the path an upgrade takes: the program replaced).
    for attempt in ("install", "install over it"):
        result = subprocess.run(
            ["sh", str(unpacked / "AttendanceDesk" / "install.sh")], env=env, capture_output=True, text=True
        )
        print(f"  install.sh ({attempt}) -> {result.returncode}")
        if result.returncode != 0:
            raise SmokeFailure(f"install.sh failed:\n{result.stdout}\n{result.stderr}")
        if attempt == "install":
            (installed / "_internal" / "left-by-the-old-version").write_text("stale", encoding="utf-8")
    if (installed / "_internal" / "left-by-the-old-version").exists():
        raise SmokeFailure("install.sh over an older install left the old program's files behind")
    desktop = home / ".local" / "share" / "applications" / "attendance-desk.desktop"
    icon = home / ".local" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "attendance-desk.png"
    for expected in (installed / APP_NAME, desktop, icon):
        if not expected.exists():
            raise SmokeFailure(f"install.sh did not create {expected}")
    entry = desktop.read_text(encoding="utf-8")
    if f"Exec={installed / APP_NAME}" not in entry.replace('"', ""):
        raise SmokeFailure(f"the .desktop file does not start the installed app:\n{entry}")
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        if check.returncode != 0 or check.stdout.strip():
            raise SmokeFailure(f"desktop-file-validate: {check.stdout}{check.stderr}")
    return installed


def uninstall_keeps_the_data(runner: Runner) -> None:
    """The Linux package's uninstall.sh removes the program and its menu entry, never the school's data."""
    default_data = runner.home / ".local" / "share" / "AttendanceDesk"
    ready_ms(runner.run("smoke, default data folder", ["--smoke", "--all-pages"]), "smoke default folder")
    if not (default_data / "attendance-desk.sqlite3").exists():
        raise SmokeFailure(f"the app did not use the default data folder {default_data}")
    uninstall = ["sh", str(runner.app_dir / "uninstall.sh")]
    result = subprocess.run(uninstall, env=runner.env, capture_output=True, text=True)
    print(f"  uninstall.sh -> {result.returncode}: {result.stdout.strip().splitlines()[:1]}")
    if result.returncode != 0 or runner.app_dir.exists():
        raise SmokeFailure(f"uninstall.sh did not remove the program:\n{result.stdout}{result.stderr}")
    if (runner.home / ".local" / "share" / "applications" / "attendance-desk.desktop").exists():
        raise SmokeFailure("uninstall.sh left the menu entry")
    if not (default_data / "attendance-desk.sqlite3").exists() or "left in place" not in result.stdout:
        raise SmokeFailure("uninstall.sh removed the school's data, or did not say it was kept")


def check_pdf(path: Path, what: str) -> None:
    if not path.exists() or not path.read_bytes().startswith(b"%PDF-") or path.stat().st_size < 2000:
        raise SmokeFailure(f"{what}: {path} is not a PDF")


def ready_ms(result: subprocess.CompletedProcess[str], label: str) -> int:
    match = READY.search(result.stdout)
    if not match:
        raise SmokeFailure(f"{label}: no 'ready in N ms' line\nstdout: {result.stdout}\nstderr: {result.stderr}")
    return int(match.group(1))


DEMO_PASSWORD = "demo-school"  # the demo school's password in builds with staff sign-in


def sign_in_environment(env: dict[str, str]) -> None:
    """Builds with staff sign-in read who is working and their password from the environment (scheduled tasks do
    the same). Staff member 1 is the demo school's head teacher, and the first account of a fresh folder; builds
    without sign-in ignore these variables. ``ATTENDANCE_DESK_SMOKE_PASSWORD`` overrides the demo password.
    """
    password = os.environ.get("ATTENDANCE_DESK_SMOKE_PASSWORD", DEMO_PASSWORD)
    env["ATTENDANCE_DESK_STAFF"] = "1"
    env["ATTENDANCE_DESK_PASSWORD"] = password
    env["ATTENDANCE_DESK_NEW_PASSWORD"] = password


def has_command(help_text: str, name: str) -> bool:
    """Whether ``--help`` lists the command ``name`` (argparse lists them as ``{a,b,c}`` and one per line)."""
    return re.search(rf"[{{,]{name}[,}}]|^\s+{name}\s", help_text, re.MULTILINE) is not None


def lowest_attendance_upn(report_csv: str) -> str:
    """The pupil with the lowest attendance in ``report pupils --format csv``: one an attendance letter is true of."""
    rows = [row for row in csv.DictReader(report_csv.splitlines()) if row.get("attendance_percent")]
    if not rows:
        raise SmokeFailure("report pupils: no pupil with an attendance figure")
    return min(rows, key=lambda row: float(row["attendance_percent"]))["upn"]


def register_dates(demo_output: str) -> tuple[str, str]:
    match = re.search(r"from (\d\d)/(\d\d)/(\d{4}) to (\d\d)/(\d\d)/(\d{4})", demo_output)
    if not match:
        raise SmokeFailure(f"demo: no register dates in its output:\n{demo_output}")
    d1, m1, y1, d2, m2, y2 = match.groups()
    return f"{y1}-{m1}-{d1}", f"{y2}-{m2}-{d2}"


def signs_in(database: Path) -> bool:
    """Whether anyone in ``database`` has a password (a release from before staff sign-in has no such column)."""
    connection = sqlite3.connect(database)
    try:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(staff)")}
        if "password_hash" not in columns:
            return False
        return bool(connection.execute("SELECT count(*) FROM staff WHERE password_hash != ''").fetchone()[0])
    finally:
        connection.close()


def counts(database: Path) -> dict[str, int]:
    connection = sqlite3.connect(database)
    try:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # fixed table names
            for table in ("pupils", "contacts", "marks", "archived_documents", "communications", "staff")
            if connection.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()
        }
    finally:
        connection.close()


def schema_revision(database: Path) -> str:
    connection = sqlite3.connect(database)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


def backup_revision(backup: Path, work: Path) -> str:
    """The schema revision of the database inside a backup: a zip holding the database and the archive (newer
    builds), or a plain copy of the database file (older ones)."""
    if not zipfile.is_zipfile(backup):
        return schema_revision(backup)
    with zipfile.ZipFile(backup) as archive:
        member = next(name for name in archive.namelist() if name.endswith(".sqlite3"))
        extracted = Path(archive.extract(member, work / "backup-check"))
    return schema_revision(extracted)


def take_back_one_schema_version(data_dir: Path) -> tuple[str, str]:
    """Downgrade the demo school's database to the previous migration with the source's Alembic scripts.

    That is the database the previous release left on the PC. Returns (old revision, head revision).
    """
    sys.path.insert(0, str(ROOT))
    from alembic import command
    from sqlalchemy import create_engine

    from attendance_desk.paths import database_path
    from attendance_desk.store.migrate import alembic_config, head_revision

    database = database_path(data_dir)
    engine = create_engine(f"sqlite:///{database}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")
    engine.dispose()
    return schema_revision(database), head_revision()


def smoke(runner: Runner) -> dict[str, object]:
    """Everything the bundle must do; returns the figures for the summary."""
    figures: dict[str, object] = {}
    fresh = runner.work / "fresh"
    demo = runner.work / "demo"
    mis = runner.work / "mis"

    print("1. starts")
    version = runner.run("version", ["--version"]).stdout.strip()
    figures["version"] = version
    help_text = runner.run("help", ["--help"]).stdout
    if "--smoke" not in help_text:
        raise SmokeFailure("--help does not offer --smoke")
    ready_ms(
        runner.run("smoke, fresh data folder", ["--smoke", "--all-pages", "--data-dir", str(fresh)]), "smoke fresh"
    )
    runner.run("smoke, windowed executable", ["--smoke", "--all-pages", "--data-dir", str(fresh)], exe=APP_NAME)

    print("2. demo school")
    made = runner.run("demo school", ["--data-dir", str(demo), "demo", "--pupils", "120", "--out", str(mis)])
    first, last = register_dates(made.stdout)
    ready_ms(runner.run("smoke, demo school", ["--smoke", "--all-pages", "--data-dir", str(demo)]), "smoke demo")

    print("3. documents")
    base = ["--data-dir", str(demo)]
    figures_csv = runner.run("report", [*base, "report", "pupils", "--from", first, "--to", last, "--format", "csv"])
    upn = lowest_attendance_upn(figures_csv.stdout)  # a letter about attendance must be true of the pupil
    certificate = runner.work / "certificate.pdf"
    letter = runner.work / "letter.pdf"
    runner.run(
        "certificate", [*base, "certificate", "--pupil", upn, "--from", first, "--to", last, "-o", str(certificate)]
    )
    check_pdf(certificate, "certificate")
    templates = runner.run("templates", [*base, "templates"]).stdout
    template = "attendance_concern" if "attendance_concern" in templates else templates.split()[0]
    runner.run("letter", [*base, "letter", template, "--pupil", upn, "--staff", "1", "-o", str(letter)])
    check_pdf(letter, "letter")
    verified = runner.run("verify", [*base, "verify"]).stdout
    if not verified_clean(verified):
        raise SmokeFailure(f"verify: {verified}")

    print("4. imports")
    fresh_args = ["--data-dir", str(fresh)]
    if has_command(help_text, "staff"):  # a build with staff accounts: the fresh school's first one, an admin
        roles = ["--role", "admin", "--role", "attendance_lead", "--role", "office"]
        runner.run("first staff account", [*fresh_args, "staff", "add", "--name", "Smoke Test", *roles])
    for kind in ("pupils", "contacts", "marks"):
        runner.run(f"import {kind}", [*fresh_args, "import", kind, str(mis / f"{kind}.csv")])
    broken = runner.work / "broken-marks.csv"
    broken.write_text("upn,date,session,code\nA000000000000,2025-13-45,XM,??\n", encoding="utf-8")
    rejected = runner.run("broken marks file", [*fresh_args, "import", "marks", str(broken)], expect=1)
    if "line 2" not in rejected.stdout + rejected.stderr:
        raise SmokeFailure(f"the broken marks file's error does not name the line:\n{rejected.stderr}")
    ready_ms(
        runner.run("smoke, imported school", ["--smoke", "--all-pages", "--data-dir", str(fresh)]), "smoke imported"
    )

    print("5. upgrade from the previous release's database")
    database = demo / "attendance-desk.sqlite3"
    before = counts(database)
    old, head = take_back_one_schema_version(demo)
    backups_before = set((demo / "backups").glob("*")) if (demo / "backups").exists() else set()
    print(f"  database taken back to {old}; the bundle's schema is {head}")
    ready_ms(runner.run("smoke, upgrade", ["--smoke", "--all-pages", "--data-dir", str(demo)]), "smoke upgrade")
    if schema_revision(database) != head:
        raise SmokeFailure(f"upgrade: the database is at {schema_revision(database)}, not {head}")
    new_backups = set((demo / "backups").glob("*")) - backups_before
    if not new_backups:
        raise SmokeFailure("upgrade: no backup was taken before upgrading")
    if backup_revision(next(iter(new_backups)), runner.work) != old:
        raise SmokeFailure("upgrade: the backup is not the database as it was before the upgrade")
    after = counts(database)
    if after != before:
        raise SmokeFailure(f"upgrade: data changed: {before} -> {after}")
    as_admin: list[str] = []
    if has_command(help_text, "staff") and not signs_in(database):
        # A release from before staff passwords: after the upgrade nobody can sign in, so (as in the app) the first
        # person makes the administrator's account, and then works as that account. (One schema version back from
        # a build with passwords still has them: the demo's head, staff 1, signs in as before.)
        roles = ["--role", "admin", "--role", "head"]
        made = runner.run("first account after upgrade", [*base, "staff", "add", "--name", "Upgrade Admin", *roles])
        as_admin = ["--staff", made.stdout.split()[-1]]  # a command's option: after the command
    if not verified_clean(runner.run("verify after upgrade", [*base, "verify", *as_admin]).stdout):
        raise SmokeFailure("upgrade: archived documents no longer verify")
    figures["upgrade"] = f"{old} -> {head}, backup {next(iter(new_backups)).name}, kept {after}"

    print("6. start-up time (untraced)")
    times = []
    for attempt in range(3):
        result = runner.run(f"smoke timing {attempt + 1}", ["--smoke", "--data-dir", str(demo)], traced=False)
        times.append((ready_ms(result, "timing"), runner.last_seconds))
    figures["ready_ms"] = [ms for ms, _ in times]
    figures["wall_s"] = [round(seconds, 2) for _, seconds in times]
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke-test the frozen Attendance Desk.")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--bundle", type=Path, default=ROOT / "dist" / "AttendanceDesk", help="the bundle folder")
    source.add_argument("--archive", type=Path, help="the Linux .tar.gz: unpack, install.sh, then test that")
    parser.add_argument(
        "--isolation",
        choices=("auto", "strace", "hide", "none"),
        default="auto",
        help="how to prove the bundle reads nothing from the source tree (default: strace when available on "
        "Linux, else hide)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    args = parser.parse_args(argv)
    isolation = args.isolation
    if isolation == "auto":
        isolation = "strace" if sys.platform.startswith("linux") and shutil.which("strace") else "hide"
    work = Path(tempfile.mkdtemp(prefix="attendance-desk-smoke-"))
    print(f"Smoke test in {work} (isolation: {isolation})")
    started = time.perf_counter()
    try:
        if args.archive:
            app_dir = install_archive(args.archive.resolve(), work)
        else:
            bundle = args.bundle.resolve()
            if not (bundle / CLI_NAME).exists():
                raise SmokeFailure(f"no {CLI_NAME} in {bundle}: build it first (python installer/build.py)")
            app_dir = work / "app"
            shutil.copytree(bundle, app_dir, symlinks=True)  # out of the source tree, as on a school PC
        runner = Runner(app_dir, work, isolation)
        figures = smoke(runner)
        if args.archive:
            print("7. uninstall")
            uninstall_keeps_the_data(runner)
    except (SmokeFailure, subprocess.TimeoutExpired, sqlite3.Error) as exc:
        print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
        print(f"(files kept in {work})", file=sys.stderr)
        return 1
    total = time.perf_counter() - started
    print(f"Smoke test passed in {total:.0f} s: {figures}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
