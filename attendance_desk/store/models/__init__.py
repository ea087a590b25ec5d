"""All mapped tables. Importing this package registers every model on ``Base.metadata``."""

from attendance_desk.store.models.activity import (
    CodeDecision,
    Communication,
    CommunicationMethod,
    DecisionStatus,
    FollowUpTask,
)
from attendance_desk.store.models.audit import AuditChainHead, AuditEntry  # noqa: F401
from attendance_desk.store.models.base import Base, utc_now
from attendance_desk.store.models.calling import AbsenceReport, CallAttempt, HomeVisit, SafeguardingConcern  # noqa: F401
from attendance_desk.store.models.casework import (  # noqa: F401
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
from attendance_desk.store.models.letters import ArchivedDocument, Letter, LetterDelivery, LetterTemplateVersion  # noqa: F401
from attendance_desk.store.models.marks import ImportBatch, Mark
from attendance_desk.store.models.pupils import Contact, Pupil, PupilContact
from attendance_desk.store.models.school import SchoolSettings, Staff, StaffRole, StaffRoleGrant  # noqa: F401
from attendance_desk.store.models.sync import MappingProfileRecord  # noqa: F401

__all__ = [
    "AuditEntry",
    "Base",
    "CodeDecision",
    "Communication",
    "CommunicationMethod",
    "Contact",
    "DecisionStatus",
    "FollowUpTask",
    "ImportBatch",
    "Mark",
    "Pupil",
    "PupilContact",
    "SchoolSettings",
    "Staff",
    "StaffRole",
    "utc_now",
]
