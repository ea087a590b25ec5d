"""Vulnerable-group flags, at rates close to an English school roll.

Household flags (free school meals, child in need, child protection plan) are shared by siblings; the rest are the
child's own. Every flag is given to at least one pupil on roll, so even a small demo shows each of them.
"""

from __future__ import annotations

import random

from attendance_desk.services.demo.families import SocialWorkers
from attendance_desk.services.demo.model import DemoPupil, DemoSchoolData, Family, FamilyShape

# Short care notes of the kind an office keeps; synthetic, and treated as sensitive like any medical note.
MEDICAL_NOTES = (
    "Asthma: reliever inhaler kept in class; spare in the office.",
    "Type 1 diabetes: insulin pump; individual healthcare plan in the office.",
    "Epilepsy: emergency medication in the office; see healthcare plan.",
    "Severe peanut allergy: two adrenaline auto-injectors in the office.",
    "Sickle cell disease: needs water and rest breaks; hospital appointments every term.",
    "Eczema: emollient cream applied at lunchtime.",
    "Coeliac disease: gluten-free school meals.",
    "Hearing impairment: wears hearing aids; sits near the front.",
    "Crohn's disease: may need to leave class without asking.",
    "Migraines: may need to rest in the medical room.",
)

_HOUSEHOLD_FSM = {
    FamilyShape.SINGLE_PARENT: 0.42,
    FamilyShape.SEPARATED: 0.3,
    FamilyShape.STEP_FAMILY: 0.28,
    FamilyShape.COURT_ORDER: 0.5,
    FamilyShape.KINSHIP_CARERS: 0.45,
    FamilyShape.FOSTER_CARE: 0.0,  # looked-after children get pupil premium plus, not free meals through the family
}
_HOUSEHOLD_SOCIAL_CARE = {FamilyShape.SINGLE_PARENT: 2.0, FamilyShape.COURT_ORDER: 6.0, FamilyShape.SEPARATED: 1.5}

FLAG_NAMES = (
    "sen_support",
    "ehcp",
    "fsm",
    "pupil_premium",
    "eal",
    "looked_after",
    "child_in_need",
    "child_protection_plan",
    "young_carer",
)


def _give_social_worker(pupil: DemoPupil, worker: tuple[str, str, str]) -> None:
    pupil.social_worker_name, pupil.social_worker_phone, pupil.social_worker_email = worker


def assign_flags(rng: random.Random, data: DemoSchoolData, social_workers: SocialWorkers) -> None:
    for family in data.families:
        _household_flags(rng, family, social_workers)
        for pupil in family.children:
            _child_flags(rng, family, pupil)
    _ensure_each_flag(rng, data, social_workers)


def _household_flags(rng: random.Random, family: Family, social_workers: SocialWorkers) -> None:
    family.fsm = rng.random() < _HOUSEHOLD_FSM.get(family.shape, 0.16)
    family.takes_eid_leave = family.group.marks_eid and rng.random() < 0.8
    if family.shape is FamilyShape.FOSTER_CARE:
        for child in family.children:
            child.looked_after = True
            if family.social_worker:
                _give_social_worker(child, family.social_worker)
        return
    weight = _HOUSEHOLD_SOCIAL_CARE.get(family.shape, 1.0)
    roll = rng.random()
    if roll < 0.008 * weight:
        worker = social_workers.pick()
        for child in family.children:
            child.child_protection_plan = True
            _give_social_worker(child, worker)
    elif roll < 0.03 * weight:
        worker = social_workers.pick()
        for child in family.children:
            child.child_in_need = True
            _give_social_worker(child, worker)


def _child_flags(rng: random.Random, family: Family, pupil: DemoPupil) -> None:
    pupil.fsm = family.fsm
    pupil.pupil_premium = family.fsm or pupil.looked_after or rng.random() < 0.05  # "ever 6" and service children
    pupil.eal = rng.random() < family.group.eal_chance
    roll = rng.random()
    pupil.ehcp = roll < 0.03
    pupil.sen_support = 0.03 <= roll < 0.16
    carer_chance = 0.04 if family.shape in (FamilyShape.SINGLE_PARENT, FamilyShape.KINSHIP_CARERS) else 0.006
    pupil.young_carer = rng.random() < carer_chance
    if rng.random() < 0.06:
        pupil.medical_note = rng.choice(MEDICAL_NOTES)


def _ensure_each_flag(rng: random.Random, data: DemoSchoolData, social_workers: SocialWorkers) -> None:
    on_roll = [p for p in data.pupils if p.leaving_date is None and not p.looked_after]
    for name in (*FLAG_NAMES, "medical_note"):
        if any(getattr(p, name) for p in data.pupils if p.leaving_date is None):
            continue
        pupil = rng.choice(on_roll)
        if name == "medical_note":
            pupil.medical_note = rng.choice(MEDICAL_NOTES)
            continue
        setattr(pupil, name, True)
        if name in ("child_in_need", "child_protection_plan") and not pupil.social_worker_name:
            _give_social_worker(pupil, social_workers.pick())
        if name == "fsm":
            pupil.pupil_premium = True
        if name == "ehcp":
            pupil.sen_support = False
        if name == "sen_support":
            pupil.ehcp = False
