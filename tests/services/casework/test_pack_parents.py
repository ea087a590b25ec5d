"""Who a penalty-notice request names: a parent with two notices in three years is left out with the reason,
and the other parent is still named; a running improvement period (set aside with a reason) names both."""

from __future__ import annotations

from datetime import date

from attendance_desk.domain.casework.referrals import ReferralKind
from attendance_desk.services.casework.referrals import build_referral_pack
from attendance_desk.store.engine import Store
from tests.helpers.casework_seed import add_earlier_penalty_notice, build_case


def test_a_parent_at_the_limit_is_left_out_and_the_other_named(store: Store) -> None:
    ids = build_case(store)  # the mother had a notice on 3 March 2025
    add_earlier_penalty_notice(store, ids["pupil"], ids["parent"], date(2025, 9, 29), date(2025, 9, 30))
    pack = build_referral_pack(
        store, ids["pupil"], ReferralKind.PENALTY_NOTICE, date(2025, 11, 14), override_reason="Absence went on"
    )
    assert [p[0] for p in pack.parents] == ["Mr Piotr Nowak"]
    assert len(pack.parents_left_out) == 1 and pack.parents_left_out[0].startswith("Mrs Anna Nowak is not named.")
    assert "03/03/2028" in pack.parents_left_out[0]  # no further notice before three years from the first


def test_both_parents_named_when_only_the_pupil_level_refusal_is_set_aside(store: Store) -> None:
    ids = build_case(store)
    pack = build_referral_pack(
        store, ids["pupil"], ReferralKind.PENALTY_NOTICE, date(2025, 11, 14), override_reason="Absence went on"
    )
    assert {p[0] for p in pack.parents} == {"Mrs Anna Nowak", "Mr Piotr Nowak"} and not pack.parents_left_out


def test_evidence_index_and_contacts_show_words_not_stored_keys(store: Store) -> None:
    from datetime import UTC, datetime

    from attendance_desk.domain.calendar import DateRange
    from attendance_desk.domain.london import LONDON
    from attendance_desk.domain.vocabulary import DeliveryMethod
    from attendance_desk.services.letters.batches import LetterRequest, produce_letters
    from attendance_desk.services.letters.delivery import record_delivery

    ids = build_case(store)
    today = datetime.now(LONDON).date()
    request = LetterRequest("attendance_concern", [ids["pupil"]], DateRange(date(2025, 9, 1), date(2025, 11, 14)))
    made = produce_letters(store, ids["staff"], request, today=today)
    record_delivery(
        store,
        ids["staff"],
        made.letters[0].letter_id,
        DeliveryMethod.HAND,
        datetime.now(UTC),
        handed_to="Anna Nowak",
        place="school office",
    )
    pack = build_referral_pack(store, ids["pupil"], ReferralKind.FAST_TRACK, today)
    shown = " ".join(
        [
            *(doc.title for doc in pack.documents),
            *(o for _label, _n, o in pack.counts),
            *(i.outcome for i in pack.interventions),
        ]
    )
    assert "hand_delivered" not in shown and DeliveryMethod.label_for(DeliveryMethod.HAND) in shown
