"""All mapped tables. Importing this package registers every model on ``Base.metadata``."""

from attendance_desk.domain.vocabulary import CommunicationMethod, DecisionStatus, StaffRole
from attendance_desk.store.models.activity import CodeDecision, Communication, FollowUpTask
from attendance_desk.store.models.audit import AuditChainHead, AuditEntry, EvidenceRowVersion
from attendance_desk.store.models.base import Base, utc_now
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
    "utc_now",
]

# Registers follow every SQLAlchemy write to marks (an engine hook): imported with the models so every session has it.
from attendance_desk.store import registers as _registers  # noqa: F401
