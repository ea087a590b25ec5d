"""The pupil list (model, filter, sort) and one pupil's page (figures, register grid, contacts)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from attendance_desk.domain.calendar import DateRange
from attendance_desk.services import pupils as pupil_service
from attendance_desk.services.figures import figures_for_pupil
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.pupils.contacts_tab import DO_NOT_CONTACT, ContactsTab
from attendance_desk.ui.pupils.figures_tab import FiguresTab
from attendance_desk.ui.pupils.model import COL_NAME, COL_PERCENT, COL_YEAR, PupilFilterProxy, PupilTableModel
from attendance_desk.ui.pupils.page import PupilsPage
from attendance_desk.ui.pupils.register_tab import CATEGORY_ROLE, RegisterTab
from attendance_desk.ui.theme import category_brushes
from tests.helpers.accounts import everyone


def _loaded_page(qtbot, context: AppContext) -> PupilsPage:
    page = PupilsPage(context)
    qtbot.addWidget(page)
    page.on_shown()
    return page


def test_pupil_models_pass_the_model_tester(qtmodeltester, school_context: AppContext) -> None:
    model = PupilTableModel()
    model.set_rows(pupil_service.list_pupils(school_context.store, everyone(school_context.store)).rows)
    qtmodeltester.check(model, force_py=True)
    proxy = PupilFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_query("y7")
    qtmodeltester.check(proxy, force_py=True)


def test_list_shows_every_pupil_with_year_to_date_attendance(qtbot, school_context: AppContext) -> None:
    page = _loaded_page(qtbot, school_context)
    panel = page.list_panel
    assert panel.model.rowCount() == 60
    assert panel.count_label.text() == "60 pupils"
    rows = {r.id: r for r in pupil_service.list_pupils(school_context.store, everyone(school_context.store)).rows}
    index = panel.proxy.index(0, COL_PERCENT)
    row = rows[panel.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 2)]
    assert index.data() == f"{row.attendance_percent:.1f}%"


def test_typing_filters_by_name_upn_year_group_band_and_flag(qtbot, school_context: AppContext) -> None:
    page = _loaded_page(qtbot, school_context)
    panel = page.list_panel
    rows = pupil_service.list_pupils(school_context.store, everyone(school_context.store)).rows

    def shown_ids() -> set[int]:
        return {panel.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2) for r in range(panel.proxy.rowCount())}

    target = rows[17]
    qtbot.keyClicks(panel.search, target.upn.lower())
    assert shown_ids() == {target.id}
    panel.search.clear()
    qtbot.keyClicks(panel.search, "y7")
    assert shown_ids() == {r.id for r in rows if r.year_group == "7"}
    panel.search.setText(f"group:{target.reg_group}")
    assert shown_ids() == {r.id for r in rows if r.reg_group == target.reg_group}
    panel.search.setText("band:persistent")
    assert shown_ids() == {r.id for r in rows if r.band_label == "Persistent"} != set()
    panel.search.setText(f"{target.surname.lower()} y{target.year_group}")
    assert shown_ids() == {r.id for r in rows if r.surname == target.surname and r.year_group == target.year_group}
    panel.search.clear()
    panel.flag_choice.setCurrentText("FSM")
    assert shown_ids() == {r.id for r in rows if "FSM" in r.flags}
    panel.band_choice.setCurrentText("Expected")
    assert shown_ids() == {r.id for r in rows if "FSM" in r.flags and r.band_label == "Expected"}
    assert panel.count_label.text().endswith("of 60 pupils")


def test_sorting_by_attendance_and_year(qtbot, school_context: AppContext) -> None:
    page = _loaded_page(qtbot, school_context)
    panel = page.list_panel
    panel.table.sortByColumn(COL_PERCENT, Qt.SortOrder.AscendingOrder)
    values = [float(panel.proxy.index(r, COL_PERCENT).data().rstrip("%")) for r in range(panel.proxy.rowCount())]
    assert values == sorted(values) and values[0] < values[-1]
    panel.table.sortByColumn(COL_YEAR, Qt.SortOrder.DescendingOrder)
    years = [int(panel.proxy.index(r, COL_YEAR).data()) for r in range(panel.proxy.rowCount())]
    assert years == sorted(years, reverse=True)


def test_activating_a_row_opens_that_pupil(qtbot, school_context: AppContext) -> None:
    page = _loaded_page(qtbot, school_context)
    school_context.events.open_pupil.connect(page.open_pupil)
    panel = page.list_panel
    index = panel.proxy.index(3, COL_NAME)
    expected = index.data(Qt.ItemDataRole.UserRole + 2)
    panel.table.activated.emit(index)
    assert page.pupil_page is not None and page.pupil_page.pupil_id == expected
    page.show_list()
    assert page.stack.currentWidget() is panel


def test_pupil_page_figures_match_the_figures_service(qtbot, school_context: AppContext) -> None:
    page = _loaded_page(qtbot, school_context)
    pupil_page = page.open_pupil(37)  # a severe absentee in the fixture
    assert pupil_page.name_label.text() and "UPN" in pupil_page.facts_label.text()
    tab = pupil_page.tabs.widget(0)
    assert isinstance(tab, FiguresTab)
    store = school_context.store
    ytd = pupil_service.current_year_to_date(store)
    with store.session() as session:
        expected = figures_for_pupil(session, 37, ytd)
        chosen = DateRange(ytd.start, ytd.start.replace(day=ytd.start.day + 11))
        expected_chosen = figures_for_pupil(session, 37, chosen)
    assert tab.value("Attendance", 0) == f"{expected.attendance_percent:.2f}%"
    assert tab.value("Possible sessions", 0) == str(expected.possible_sessions)
    assert tab.value("Unauthorised absence (sessions)", 0) == str(expected.unauthorised_absence_sessions)
    assert tab.value("Band", 0) == "Severe"
    tab.start_edit.setDate(chosen.start)
    tab.end_edit.setDate(chosen.end)
    tab.show_button.click()
    assert tab.value("Possible sessions", 1) == str(expected_chosen.possible_sessions)
    assert tab.value("Attendance", 1) == f"{expected_chosen.attendance_percent:.2f}%"
    assert tab.value("Possible sessions", 0) == str(expected.possible_sessions)


def test_figures_tab_refuses_a_backwards_range(qtbot, school_context: AppContext) -> None:
    tab = FiguresTab(school_context, 1)
    qtbot.addWidget(tab)
    tab.on_shown()
    tab.start_edit.setDate(tab.end_edit.date().addDays(5))
    tab.show_button.click()
    assert "before it starts" in tab.error_label.text()


def test_register_grid_colours_codes_and_tooltips(qtbot, school_context: AppContext) -> None:
    tab = RegisterTab(school_context, 37, None)
    qtbot.addWidget(tab)
    tab.on_shown()
    model = tab.model
    assert model.rowCount() == 8 and model.columnCount() == 10
    assert model.headerData(0, Qt.Orientation.Vertical) == "w/c 01/09/2025"
    assert model.headerData(9, Qt.Orientation.Horizontal) == "Fri PM"
    seen = set()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            code, category = index.data(), index.data(CATEGORY_ROLE)
            seen.add(category)
            assert index.data(Qt.ItemDataRole.BackgroundRole) == category_brushes(category)[0]
            assert index.data(Qt.ItemDataRole.ToolTipRole).splitlines()[1].startswith(f"{code}: ")
    assert {"PRESENT", "UNAUTHORISED", "AUTHORISED"} <= seen
    illness = next(model.index(r, c) for r in range(8) for c in range(10) if model.index(r, c).data() == "I")
    assert "Illness" in illness.data(Qt.ItemDataRole.ToolTipRole)
    assert category_brushes("AUTHORISED")[0] != category_brushes("UNAUTHORISED")[0]


def test_contacts_show_parental_responsibility_and_court_orders(qtbot, school_context: AppContext) -> None:
    tab = ContactsTab(school_context, 50, None)  # pupil 50's second contact is under a court order
    qtbot.addWidget(tab)
    tab.on_shown()
    assert [c.contact.priority for c in tab.cards] == [1, 2]
    assert tab.cards[0].restriction is None
    assert tab.cards[1].restriction is not None and tab.cards[1].restriction.text() == DO_NOT_CONTACT
    assert "2 with parental responsibility" in tab.summary.text()
    assert "court-order restriction" in tab.summary.text()


def test_a_removed_pupil_shows_not_found_instead_of_crashing(qtbot, school_context: AppContext) -> None:
    page = _loaded_page(qtbot, school_context)
    pupil_page = page.open_pupil(99_999)
    assert pupil_page.name_label.text() == "Pupil not found"


def test_empty_school_list_says_how_to_get_pupils(qtbot, context: AppContext) -> None:
    page = _loaded_page(qtbot, context)
    panel = page.list_panel
    assert panel.model.rowCount() == 0
    assert "demo school" in panel.subtitle.text()
    assert panel.proxy.index(0, 0) == QModelIndex()
