"""The template library: every default is valid and documented; edits are versioned; defaults can be restored."""

from __future__ import annotations

from dataclasses import replace

import pytest

from attendance_desk.domain.merge import FIELDS, MergeError, TemplateSyntaxError, fields_in, merge
from attendance_desk.services.letters.templates import (
    TemplateError,
    default_templates,
    get_template,
    list_templates,
    restore_default,
    save_template,
)
from attendance_desk.store.engine import Store
from tests.helpers.letters_school import STAFF_ID, build_school

REQUIRED = {
    "first_day_no_contact", "attendance_concern", "lateness", "anxiety_support", "stage1_support",
    "stage2_certificate", "medical_evidence_request", "declining_meeting_invite", "meeting_summary",
    "no_response_further_absence", "no_response_no_further_absence", "contract_invite", "contract_failed_to_attend",
    "contract_not_kept", "contract_rearranged", "notice_to_improve", "final_warning", "leave_authorised",
    "leave_refused", "leave_failed_to_return", "recognition",
}  # fmt: skip


def test_every_step_has_a_valid_documented_default() -> None:
    templates = default_templates()
    assert set(templates) >= REQUIRED
    for template in templates.values():
        assert template.purpose and template.when_to_use and template.title
        assert all(name in FIELDS for name in template.field_names()), template.key
    assert templates["stage2_certificate"].encloses_certificate
    assert "not" in templates["medical_evidence_request"].when_to_use  # not routine, per the 2024 guidance


def test_merge_fills_fields_and_names_unknown_or_empty_ones() -> None:
    assert (
        merge("Dear {recipient.salutation}, {{literal}}", {"recipient.salutation": "Mrs Nowak"})
        == "Dear Mrs Nowak, {literal}"
    )
    with pytest.raises(MergeError) as caught:
        merge("{pupil.forename} {pupil.shoe_size} {meeting.date}", {"pupil.forename": "Zofia", "meeting.date": " "})
    assert caught.value.unknown == ["pupil.shoe_size"] and caught.value.empty == ["meeting.date"]
    assert "{pupil.shoe_size}" in str(caught.value) and "{meeting.date}" in str(caught.value)
    with pytest.raises(TemplateSyntaxError, match="line 2, column 3"):
        fields_in("ok\nab{ unclosed")


def test_edits_are_new_versions_and_defaults_can_be_restored(store: Store) -> None:
    build_school(store)
    original = get_template(store, "lateness")
    assert original.version == 1 and not original.edited
    edited = save_template(store, STAFF_ID, replace(original, body="Please arrive by 8:45, {pupil.forename}."))
    assert edited.version == 2 and edited.edited
    assert get_template(store, "lateness").body.startswith("Please arrive")
    assert get_template(store, "lateness", 1).body == original.body
    restored = restore_default(store, STAFF_ID, "lateness")
    assert restored.version == 3 and restored.body == original.body and not restored.edited
    assert [t.key for t in list_templates(store)] == list(default_templates())


def test_an_edit_with_an_unknown_field_is_refused_with_its_place(store: Store) -> None:
    build_school(store)
    original = get_template(store, "lateness")
    with pytest.raises(TemplateError, match=r"body, line 2, column 7: unknown merge field \{pupil.shoesize\}"):
        save_template(store, STAFF_ID, replace(original, body="Hello\nSize: {pupil.shoesize}"))
    assert get_template(store, "lateness").version == 1
