"""The mapped tables, one module per feature. A name imported from this package loads only its feature's module
(and the modules its foreign keys point at), so a command pays only for the tables it uses: the marks import
never declares the casework or letters tables (about a tenth of its start-up).

What needs every table (the audit chain's evidence tables, moving to a server, Alembic) calls :func:`load_all`
first; a table that is not loaded is simply absent from ``Base.metadata``, so anything that walks the metadata
without calling it would see only part of the schema.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from attendance_desk.domain.vocabulary import CommunicationMethod, DecisionStatus, StaffRole
from attendance_desk.store.models.base import Base, utc_now

# Each mapped class and the feature module that declares it.
MODULE_OF: dict[str, str] = {
    "CodeDecision": "activity",
    "Communication": "activity",
    "FollowUpTask": "activity",
    "AuditChainHead": "audit",
    "AuditEntry": "audit",
    "EvidenceRowVersion": "audit",
    "AbsenceReport": "calling",
    "CallAttempt": "calling",
    "HomeVisit": "calling",
    "SafeguardingConcern": "calling",
    "AttendanceContract": "casework",
    "AttendanceMeeting": "casework",
    "CaseStageChange": "casework",
    "CaseStageDefinition": "casework",
    "CaseworkSettings": "casework",
    "ContractReview": "casework",
    "MedicalActionPlan": "casework",
    "MedicalPlanReview": "casework",
    "NoticeToImprove": "casework",
    "PenaltyNotice": "casework",
    "ArchivedDocument": "letters",
    "Letter": "letters",
    "LetterApproval": "letters",
    "LetterDelivery": "letters",
    "LetterTemplateVersion": "letters",
    "ImportBatch": "marks",
    "Mark": "marks",
    "PupilRegister": "marks",
    "Contact": "pupils",
    "Pupil": "pupils",
    "PupilContact": "pupils",
    "LaReturn": "reports",
    "ReportSettings": "reports",
    "SchoolSettings": "school",
    "Staff": "school",
    "StaffRoleGrant": "school",
    "ArchivedDocumentContent": "server",
    "DeskPresence": "server",
    "MappingProfileRecord": "sync",
    "Withdrawal": "withdrawals",
}
FEATURE_MODULES = tuple(sorted(set(MODULE_OF.values())))


def __getattr__(name: str) -> Any:
    module = MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *MODULE_OF})


def load_all() -> None:
    """Declare every table on ``Base.metadata`` (idempotent, cheap once done)."""
    for module in FEATURE_MODULES:
        importlib.import_module(f"{__name__}.{module}")


if TYPE_CHECKING:  # the names as the type checker and readers see them; at run time, __getattr__ above
    from attendance_desk.store.models.activity import CodeDecision, Communication, FollowUpTask
    from attendance_desk.store.models.audit import AuditChainHead, AuditEntry, EvidenceRowVersion
    from attendance_desk.store.models.calling import AbsenceReport, CallAttempt, HomeVisit, SafeguardingConcern
    from attendance_desk.store.models.casework import (
        AttendanceContract,
        AttendanceMeeting,
        CaseStageChange,
        CaseStageDefinition,
        CaseworkSettings,
        ContractReview,
        MedicalActionPlan,
        MedicalPlanReview,
        NoticeToImprove,
        PenaltyNotice,
    )
    from attendance_desk.store.models.letters import (
        ArchivedDocument,
        Letter,
        LetterApproval,
        LetterDelivery,
        LetterTemplateVersion,
    )
    from attendance_desk.store.models.marks import ImportBatch, Mark, PupilRegister
    from attendance_desk.store.models.pupils import Contact, Pupil, PupilContact
    from attendance_desk.store.models.reports import LaReturn, ReportSettings
    from attendance_desk.store.models.school import SchoolSettings, Staff, StaffRoleGrant
    from attendance_desk.store.models.server import ArchivedDocumentContent, DeskPresence
    from attendance_desk.store.models.sync import MappingProfileRecord
    from attendance_desk.store.models.withdrawals import Withdrawal

__all__ = [
    "AbsenceReport",
    "ArchivedDocument",
    "ArchivedDocumentContent",
    "AttendanceContract",
    "AttendanceMeeting",
    "AuditChainHead",
    "AuditEntry",
    "Base",
    "CallAttempt",
    "CaseStageChange",
    "CaseStageDefinition",
    "CaseworkSettings",
    "CodeDecision",
    "Communication",
    "CommunicationMethod",
    "Contact",
    "ContractReview",
    "DecisionStatus",
    "DeskPresence",
    "EvidenceRowVersion",
    "FollowUpTask",
    "HomeVisit",
    "ImportBatch",
    "LaReturn",
    "Letter",
    "LetterApproval",
    "LetterDelivery",
    "LetterTemplateVersion",
    "MappingProfileRecord",
    "Mark",
    "MedicalActionPlan",
    "MedicalPlanReview",
    "NoticeToImprove",
    "PenaltyNotice",
    "Pupil",
    "PupilContact",
    "PupilRegister",
    "ReportSettings",
    "SafeguardingConcern",
    "SchoolSettings",
    "Staff",
    "StaffRole",
    "StaffRoleGrant",
    "Withdrawal",
    "load_all",
    "utc_now",
]

# Registers follow every SQLAlchemy write to marks (an engine hook): imported with the models so every session has it.
from attendance_desk.store import registers as _registers  # noqa: E402, F401
