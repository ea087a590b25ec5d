"""Render every casework document and every referral pack to PNG.

    .venv/bin/python docs/renders/casework/make_renders.py

Uses the court-order family of ``tests/helpers/family_shapes.py`` (a father the school may not contact; the
school's logo and signature stored) with the case the render-matrix test builds, and ``pdftoppm``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path[:0] = [str(ROOT)]

from attendance_desk.domain.calendar import DateRange  # noqa: E402
from attendance_desk.domain.casework.referrals import LeaveFacts, ReferralKind  # noqa: E402
from attendance_desk.services.casework import contracts as casework_contracts  # noqa: E402
from attendance_desk.services.casework import printing as casework_print  # noqa: E402
from attendance_desk.services.casework import referrals  # noqa: E402
from attendance_desk.services.letters.batches import LetterRequest, produce_letters  # noqa: E402
from attendance_desk.services.letters.delivery import hand_delivery_sheet  # noqa: E402
from attendance_desk.store.open import open_store  # noqa: E402
from tests.documents.test_render_matrix import add_case  # noqa: E402
from tests.helpers.family_shapes import FIRST_DAY, LAST_DAY, TODAY, build_families  # noqa: E402

OUT = Path(__file__).resolve().parent
PACKS = {
    ReferralKind.PENALTY_NOTICE: "referral-penalty-notice",
    ReferralKind.FAST_TRACK: "referral-fast-track",
    ReferralKind.PUPIL_PLANNING_MEETING: "referral-pupil-planning-meeting",
    ReferralKind.LEAVE_IN_TERM_TIME: "penalty-notice-leave",
}


def png(pdf: bytes, stem: str, pages: str = "1") -> None:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        first, last = pages.split("-") if "-" in pages else (pages, pages)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", first, "-l", last, handle.name, str(OUT / stem)], check=True
        )


def main() -> None:
    for old in OUT.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as scratch:
        store = open_store(Path(scratch))
        staff, families = build_families(store, with_images=True)
        family = next(f for f in families if f.shape == "court_order")
        pupil = family.pupil_id
        ids = add_case(store, staff, family)
        png(casework_print.medical_plan_pdf(store, staff, ids["plan"]), "medical-action-plan")
        mother = casework_contracts.parents_for(store, pupil)[0].contact_id or 0
        png(casework_print.consent_form_pdf(store, staff, pupil, mother), "medical-consent-form")
        png(casework_print.contract_pdf(store, staff, ids["contract"]), "attendance-contract", "1-2")
        png(casework_print.contract_review_pdf(store, staff, ids["contract"], ids["review"]), "contract-review")
        png(casework_print.meeting_pdf(store, staff, pupil, ids["meeting"]), "meeting-record")
        png(casework_print.notice_to_improve_pdf(store, staff, pupil, ids["notice"]), "notice-to-improve", "1-2")
        chronology = casework_print.chronology_for(store, pupil)
        png(casework_print.chronology_pdf(store, staff, chronology, None, None, pupil), "evidence-chronology")
        leave = LeaveFacts(date(2025, 9, 1), "A family wedding abroad", date(2025, 9, 3), True)
        for kind, stem in PACKS.items():
            facts = leave if kind is ReferralKind.LEAVE_IN_TERM_TIME else None
            pdf = referrals.referral_pdf(store, staff, pupil, kind, TODAY, facts, override_reason="render")
            png(pdf, stem, "1-2")
        request = LetterRequest(
            "attendance_concern", [pupil], DateRange(FIRST_DAY, LAST_DAY), {}, ticked_back={pupil: "r"}
        )
        letters = produce_letters(store, staff, request, today=TODAY)
        png(hand_delivery_sheet(store, staff, [letter.letter_id for letter in letters.letters]), "hand-delivery-log")
        store.dispose()


if __name__ == "__main__":
    main()
