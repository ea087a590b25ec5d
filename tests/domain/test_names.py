"""A pupil is filed under the recorded surname taken whole, never under the last word of the name."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from attendance_desk.domain.names import pupil_display_name, pupil_surname, surname_sort_key


def _filed(pupils: list[tuple[str, str]]) -> list[str]:
    """(forename, surname) pairs in list order, as display names."""
    ordered = sorted(pupils, key=lambda p: surname_sort_key(p[1], pupil_display_name(p[0], "", p[1], "")))
    return [f"{forename} {surname}" for forename, surname in ordered]


def test_multi_word_surnames_file_under_their_first_letter() -> None:
    pupils = [("Ffion", "ap Gwilym"), ("Rosa", "Van Dyke"), ("Tom", "Dyke"), ("Owen", "Gwilym"), ("Ali", "Walker")]
    assert _filed(pupils) == ["Ffion ap Gwilym", "Tom Dyke", "Owen Gwilym", "Rosa Van Dyke", "Ali Walker"]


def test_case_and_stray_spaces_do_not_move_a_pupil() -> None:
    assert surname_sort_key(" van dyke ", "Rosa van dyke") == surname_sort_key("Van Dyke", "Rosa Van Dyke")


def test_the_shown_surname_is_the_preferred_one_where_recorded() -> None:
    assert pupil_surname("Jones", "Smith") == "Jones"
    assert pupil_surname("", "Smith") == "Smith"


@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20), st.text(max_size=20))
def test_the_whole_surname_leads_the_key(first: str, second: str, forename: str) -> None:
    a = surname_sort_key(first, f"{forename} {first}")
    b = surname_sort_key(second, f"{forename} {second}")
    if first.strip().casefold() < second.strip().casefold():
        assert a < b
