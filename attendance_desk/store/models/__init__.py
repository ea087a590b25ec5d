"""All mapped tables. Importing this package registers every model on ``Base.metadata``."""

from attendance_desk.domain.vocabulary import CommunicationMethod, DecisionStatus, StaffRole
from attendance_desk.store.models.activity import CodeDecision, Communication, FollowUpTask
from attendance_desk.store.models.audit import AuditChainHead, AuditEntry
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
from attendance_desk.store.models.letters import ArchivedDocument, Letter, LetterDelivery, LetterTemplateVersion
from attendance_desk.store.models.marks import ImportBatch, Mark
from attendance_desk.store.models.pupils import Contact, Pupil, PupilContact
from attendance_desk.store.models.reports import LaReturn, ReportSettings
from attendance_desk.store.models.school import SchoolSettings, Staff, StaffRoleGrant
from attendance_desk.store.models.sync import MappingProfileRecord
from attendance_desk.store.models.withdrawals import Withdrawal

__all__ = [
    "AbsenceReport",
    "ArchivedDocument",
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
    "FollowUpTask",
    "HomeVisit",
    "ImportBatch",
    "LaReturn",
    "Letter",
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
    "ReportSettings",
    "SafeguardingConcern",
    "SchoolSettings",
    "Staff",
    "StaffRole",
    "StaffRoleGrant",
    "Withdrawal",
    "utc_now",
]
