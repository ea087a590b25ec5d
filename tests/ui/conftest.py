"""UI fixtures: an AppContext over a temporary store, and a synthetic 1,500-pupil school built once per run.

The big school is built with Core inserts into a template database once per session; each test gets its own
copy of the file, so tests may change it freely.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert

from attendance_desk.domain.access import Role
from attendance_desk.domain.upn import make_upn
from attendance_desk.paths import database_path
from attendance_desk.services import staff as staff_service
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, Mark, Pupil, PupilContact, SchoolSettings, StaffRoleGrant
from attendance_desk.store.open import open_store
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.tasks import TaskRunner

FORENAMES = (
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Finn",
    "Grace",
    "Hari",
    "Isla",
    "Jack",
    "Keira",
    "Leo",
    "Maya",
    "Noah",
    "Olivia",
    "Priya",
    "Quinn",
    "Ruby",
    "Sam",
    "Tom",
    "Uma",
    "Vik",
    "Willow",
    "Zac",
)
SURNAMES = (
    "Adams",
    "Bello",
    "Carter",
    "Dunn",
    "Evans",
    "Fisher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "O'Brien",
    "Patel",
    "Quayle",
    "Reid",
    "Shah",
    "Turner",
    "Usman",
    "Vance",
    "Walsh",
    "Young",
)
FIRST_MONDAY = date(2025, 9, 1)
SCHOOL_WEEKS = 8
PRESENT = {"AM": "/", "PM": "\\"}
ABSENCE_CODES = ("I", "I", "M", "O", "G", "N", "U", "L")


def school_days(weeks: int = SCHOOL_WEEKS) -> list[date]:
    return [FIRST_MONDAY + timedelta(days=7 * w + d) for w in range(weeks) for d in range(5)]


def build_school(store: Store, pupils: int, weeks: int = SCHOOL_WEEKS, seed: int = 7) -> None:
    """``pupils`` synthetic pupils (years 7–11) with two contacts each and ``weeks`` weeks of marks."""
    rng = random.Random(seed)
    pupil_rows, contact_rows, link_rows, mark_rows = [], [], [], []
    days = school_days(weeks)
    for i in range(1, pupils + 1):
        year = 7 + i % 5
        pupil_rows.append(
            {
                "id": i,
                "upn": make_upn(0, 4001 + i // 1000, 2019, i % 1000),
                "admission_number": f"{i:05d}",
                "legal_surname": SURNAMES[(i * 7) % len(SURNAMES)],
                "legal_forename": FORENAMES[i % len(FORENAMES)],
                "middle_names": "",
                "preferred_surname": "",
                "preferred_forename": "",
                "date_of_birth": date(2020 - year, 1 + i % 12, 1 + i % 28),
                "sex": "FM"[i % 2],
                "year_group": str(year),
                "reg_group": f"{year}{'ABCDEF'[i % 6]}",
                "admission_date": date(2021, 9, 1),
                "leaving_date": None,
                "sen_support": i % 9 == 0,
                "ehcp": i % 41 == 0,
                "fsm": i % 4 == 0,
                "pupil_premium": i % 4 == 0,
                "eal": i % 6 == 0,
                "looked_after": i % 97 == 0,
                "child_in_need": i % 53 == 0,
                "child_protection_plan": i % 89 == 0,
                "young_carer": i % 71 == 0,
                "social_worker_name": "A. Worker" if i % 53 == 0 else "",
                "social_worker_phone": "",
                "social_worker_email": "",
                "medical_note": "Asthma" if i % 31 == 0 else "",
            }
        )
        for n, (title, relationship, pr, court) in enumerate(
            (("Ms", "Mother", True, False), ("Mr", "Father", True, i % 50 == 0)), start=1
        ):
            contact_id = i * 2 + n - 2
            contact_rows.append(
                {
                    "id": contact_id,
                    "mis_id": f"C{contact_id:06d}",
                    "title": title,
                    "forename": FORENAMES[(i + n * 5) % len(FORENAMES)],
                    "surname": SURNAMES[(i * 7) % len(SURNAMES)],
                    "address_line1": f"{i} Synthetic Road",
                    "town": "Testborough",
                    "postcode": "ZZ1 1ZZ",
                    "phone_mobile": f"07700 9{i:05d}",
                    "email": f"parent{contact_id}@example.invalid",
                }
            )
            link_rows.append(
                {
                    "pupil_id": i,
                    "contact_id": contact_id,
                    "relationship": relationship,
                    "priority": n,
                    "parental_responsibility": pr,
                    "lives_with_pupil": n == 1,
                    "court_order_restriction": court,
                }
            )
        absence_rate = 0.55 if i % 37 == 0 else 0.15 if i % 10 == 0 else 0.03
        for day in days:
            for session in ("AM", "PM"):
                code = rng.choice(ABSENCE_CODES) if rng.random() < absence_rate else PRESENT[session]
                mark_rows.append(
                    {
                        "pupil_id": i,
                        "date": day,
                        "session": session,
                        "code": code,
                        "minutes_late": None,
                        "import_batch_id": None,
                    }
                )
    with store.engine.begin() as connection:
        connection.execute(insert(Pupil), pupil_rows)
        connection.execute(insert(Contact), contact_rows)
        connection.execute(insert(PupilContact), link_rows)
        connection.execute(insert(Mark), mark_rows)
        connection.execute(SchoolSettings.__table__.update().values(name="Synthetic Academy"))


def _template(tmp_path_factory: pytest.TempPathFactory, migrated: Path, name: str, pupils: int) -> Path:
    folder = tmp_path_factory.mktemp(name)
    store = _open_copy(migrated, folder)
    build_school(store, pupils)
    store.dispose()
    return database_path(folder)


@pytest.fixture(scope="session")
def big_school_template(tmp_path_factory: pytest.TempPathFactory, migrated_database: Path) -> Path:
    return _template(tmp_path_factory, migrated_database, "school1500", 1500)


@pytest.fixture(scope="session")
def small_school_template(tmp_path_factory: pytest.TempPathFactory, migrated_database: Path) -> Path:
    return _template(tmp_path_factory, migrated_database, "school60", 60)


def _open_copy(template: Path, data_dir: Path) -> Store:
    shutil.copy(template, database_path(data_dir))
    return open_store(data_dir)


@pytest.fixture
def big_store(big_school_template: Path, data_dir: Path) -> Iterator[Store]:
    store = _open_copy(big_school_template, data_dir)
    yield store
    store.dispose()


@pytest.fixture
def school_store(small_school_template: Path, data_dir: Path) -> Iterator[Store]:
    store = _open_copy(small_school_template, data_dir)
    yield store
    store.dispose()


def make_context(store: Store, synchronous: bool = True) -> AppContext:
    runner = TaskRunner(synchronous=synchronous)
    member = staff_service.add_staff(store, None, name="Pat Office", position="Attendance officer")
    # The UI tests are about screens, not permissions: Pat holds every role (tests/ui/test_sign_in.py covers refusals).
    with store.transaction() as session:
        session.add_all(
            StaffRoleGrant(staff_id=member.id, role=role.value)
            for role in Role
            if role not in (Role.OFFICE, Role.ADMIN, Role.MIS_SYNC)
        )
    return AppContext(store, runner, member.id, member.name)


@pytest.fixture
def context(store: Store) -> Iterator[AppContext]:
    """An empty school (no name, no pupils) with one staff member signed in; tasks run inline."""
    ctx = make_context(store)
    yield ctx
    ctx.tasks.shutdown()


@pytest.fixture
def school_context(school_store: Store) -> Iterator[AppContext]:
    """60 synthetic pupils with contacts and eight weeks of marks; tasks run inline."""
    ctx = make_context(school_store)
    yield ctx
    ctx.tasks.shutdown()


@pytest.fixture
def big_context(big_store: Store) -> Iterator[AppContext]:
    ctx = make_context(big_store)
    yield ctx
    ctx.tasks.shutdown()


@pytest.fixture(autouse=True)
def text_box_keys(qapp) -> None:  # type: ignore[no-untyped-def]
    """As in the app: Tab leaves a multi-line box and Ctrl+Enter in one submits its dialog."""
    from attendance_desk.ui.keyboard import install_text_box_keys

    install_text_box_keys(qapp)


@pytest.fixture(autouse=True)
def isolated_preferences(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Each test keeps this PC's remembered things (window size, last user, folders) in its own file."""
    from attendance_desk.ui import preferences

    path = tmp_path_factory.mktemp("prefs") / "preferences.ini"
    preferences.use_file(path)
    yield path
    preferences.use_file(None)


class UnexpectedDialog(AssertionError):
    """A test reached a modal dialog it did not arrange to answer (offscreen, it would wait forever)."""


@pytest.fixture(autouse=True)
def no_unexpected_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail fast, naming the dialog, instead of hanging the suite on a modal nobody can click.

    Tests that expect a dialog patch it themselves (their monkeypatch runs after this one and wins).
    """
    from PySide6.QtWidgets import QDialog, QMessageBox

    def refuse(kind: str):  # type: ignore[no-untyped-def]
        def raise_unexpected(*args: object, **_kwargs: object) -> object:
            text = " / ".join(str(a) for a in args[1:3] if isinstance(a, str))
            raise UnexpectedDialog(f"unexpected modal {kind}: {text}")

        return raise_unexpected

    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse(f"QMessageBox.{name}")))

    def refuse_exec(self: QDialog) -> int:
        raise UnexpectedDialog(f"unexpected modal dialog {type(self).__name__}: {self.windowTitle()}")

    monkeypatch.setattr(QDialog, "exec", refuse_exec)
