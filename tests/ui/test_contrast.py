"""Colours that carry meaning are readable (WCAG contrast at least 4.5:1) and never the only sign of it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from attendance_desk.ui.calling import followups_page, worklist_model
from attendance_desk.ui.theme import (
    BAND_COLOURS,
    CATEGORY_COLOURS,
    MINIMUM_CONTRAST,
    MUTED_TEXT,
    RESTRICTED_TEXT,
    TABLE_BACKGROUNDS,
    contrast_ratio,
)
from tests.helpers.accounts import everyone


def test_the_contrast_formula_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the usual AA grey
    assert contrast_ratio("#777777", "#ffffff") < MINIMUM_CONTRAST


@pytest.mark.parametrize("category", sorted(CATEGORY_COLOURS))
def test_every_register_colour_keeps_its_code_readable(category: str) -> None:
    fill, text = CATEGORY_COLOURS[category]
    assert contrast_ratio(text, fill) >= MINIMUM_CONTRAST, category


@pytest.mark.parametrize("colour", [*BAND_COLOURS.values(), RESTRICTED_TEXT, MUTED_TEXT])
@pytest.mark.parametrize("background", TABLE_BACKGROUNDS)
def test_band_and_status_text_is_readable_on_every_row_background(colour: str, background: str) -> None:
    assert contrast_ratio(colour, background) >= MINIMUM_CONTRAST, (colour, background)


def test_calling_desk_colours_are_readable() -> None:
    for colour in (worklist_model._URGENT, worklist_model._REACHED, followups_page._OVERDUE.color()):
        for background in TABLE_BACKGROUNDS:
            assert contrast_ratio(colour.name(), background) >= MINIMUM_CONTRAST


def test_a_register_cell_always_shows_its_code_letter(qtbot, school_context) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.ui.pupils.register_tab import create_pupil_tab

    tab = create_pupil_tab(school_context, 37)  # pupil 37 is often absent in the synthetic school
    qtbot.addWidget(tab)
    tab.on_shown()
    model = tab.table.model()
    shown = {
        model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }
    coloured = {
        model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        if model.data(model.index(r, c), Qt.ItemDataRole.BackgroundRole) is not None
    }
    assert {"/", "\\"} <= shown and (shown - {"/", "\\", None, ""}), "absence codes are written, not only coloured"
    assert None not in coloured and "" not in coloured, "no cell is coloured without its code"


def test_a_band_is_written_as_well_as_coloured(qtbot, school_context) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.services import pupils as pupil_service
    from attendance_desk.ui.pupils.model import COL_BAND, PupilTableModel

    model = PupilTableModel()
    model.set_rows(pupil_service.list_pupils(school_context.store, everyone(school_context.store)).rows)
    for row in range(model.rowCount()):
        index = model.index(row, COL_BAND)
        if model.data(index, Qt.ItemDataRole.ForegroundRole) is not None:
            assert model.data(index, Qt.ItemDataRole.DisplayRole), "a coloured band also says its name"
