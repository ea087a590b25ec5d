"""Who may do what: the roles a staff member can hold and the permissions each role grants.

Pure rules: the services ask :func:`allowed` and, when refusing, :func:`who_can` for the sentence that tells the
person at the keyboard whom to ask. A person may hold several roles; their permissions are the union.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OFFICE = "office"
    ATTENDANCE_LEAD = "attendance_lead"
    DSL = "dsl"
    HEAD = "head"
    ADMIN = "admin"
    # The head teacher's delegate for signing with the stored signature (granted by the head, recorded).
    SIGNATURE_DELEGATE = "signature_delegate"
    # An account for scheduled imports: imports and exports, nothing else.
    MIS_SYNC = "mis_sync"


ROLE_LABELS: dict[Role, str] = {
    Role.OFFICE: "Office staff",
    Role.ATTENDANCE_LEAD: "Attendance lead",
    Role.DSL: "Designated safeguarding lead",
    Role.HEAD: "Head teacher",
    Role.ADMIN: "Administrator",
    Role.SIGNATURE_DELEGATE: "Signs for the head teacher",
    Role.MIS_SYNC: "Scheduled MIS sync",
}


class Permission(StrEnum):
    # Reading the school's personal data (pupils, contacts, marks, figures, chronologies).
    READ_PUPILS = "read_pupils"
    # First-day calling: calls, reported absences, home visits, follow-up tasks, raising a concern.
    CALL = "call"
    RECORD_DELIVERY = "record_delivery"
    PRINT_APPROVED_LETTERS = "print_approved_letters"
    # Preparing letters: they wait for approval before anyone may print, send or deliver them.
    PREPARE_LETTERS = "prepare_letters"
    # Approving letters (or sending them back), so a letter this person makes needs no one else's approval.
    APPROVE_LETTERS = "approve_letters"
    EDIT_TEMPLATES = "edit_templates"
    # Casework before the legal end: plans, contracts, meetings, reviews.
    CASEWORK = "casework"
    # Legal stages, Notices to Improve, penalty notices, referral packs.
    LEGAL = "legal"
    SAFEGUARDING = "safeguarding"
    SIGN_AS_HEAD = "sign_as_head"
    DELEGATE_SIGNING = "delegate_signing"
    MANAGE_STAFF = "manage_staff"
    SCHOOL_SETTINGS = "school_settings"
    # The calling script, escalation steps and casework stages: how the school runs its process.
    PROCESS_SETTINGS = "process_settings"
    IMPORT = "import"
    EXPORT = "export"
    VERIFY = "verify"
    RETENTION = "retention"
    ENCRYPT = "encrypt"


_OFFICE = {
    Permission.READ_PUPILS,
    Permission.CALL,
    Permission.RECORD_DELIVERY,
    Permission.PRINT_APPROVED_LETTERS,
    Permission.PREPARE_LETTERS,
    Permission.EXPORT,
    Permission.IMPORT,
    Permission.VERIFY,
}
_LEAD = _OFFICE | {
    Permission.APPROVE_LETTERS,
    Permission.EDIT_TEMPLATES,
    Permission.CASEWORK,
    Permission.LEGAL,
    Permission.PROCESS_SETTINGS,
}

MATRIX: dict[Role, frozenset[Permission]] = {
    Role.OFFICE: frozenset(_OFFICE),
    Role.ATTENDANCE_LEAD: frozenset(_LEAD),
    Role.DSL: frozenset(_OFFICE | {Permission.SAFEGUARDING, Permission.CASEWORK}),
    Role.HEAD: frozenset(_LEAD | {Permission.SAFEGUARDING, Permission.SIGN_AS_HEAD, Permission.DELEGATE_SIGNING}),
    Role.ADMIN: frozenset(
        {
            Permission.READ_PUPILS,
            Permission.MANAGE_STAFF,
            Permission.SCHOOL_SETTINGS,
            Permission.PROCESS_SETTINGS,
            Permission.IMPORT,
            Permission.EXPORT,
            Permission.VERIFY,
            Permission.RETENTION,
            Permission.ENCRYPT,
        }
    ),
    Role.SIGNATURE_DELEGATE: frozenset({Permission.SIGN_AS_HEAD}),
    Role.MIS_SYNC: frozenset({Permission.IMPORT, Permission.EXPORT}),
}

_PEOPLE: dict[Role, str] = {
    Role.OFFICE: "office staff",
    Role.ATTENDANCE_LEAD: "the attendance lead",
    Role.DSL: "the designated safeguarding lead (DSL)",
    Role.HEAD: "the head teacher",
    Role.ADMIN: "an administrator",
    Role.SIGNATURE_DELEGATE: "someone the head teacher has asked to sign",
    Role.MIS_SYNC: "the scheduled sync account",
}

# What each permission lets someone do, in words for the refusal message.
ACTIONS: dict[Permission, str] = {
    Permission.READ_PUPILS: "see pupils' records",
    Permission.CALL: "record calls, reported absences, visits and follow-ups",
    Permission.RECORD_DELIVERY: "record how a letter was delivered",
    Permission.PRINT_APPROVED_LETTERS: "print letters that have been approved",
    Permission.PREPARE_LETTERS: "prepare letters",
    Permission.APPROVE_LETTERS: "approve letters or send them back",
    Permission.EDIT_TEMPLATES: "change letter templates",
    Permission.CASEWORK: "record casework (plans, contracts, meetings)",
    Permission.LEGAL: "move a pupil to a legal stage, issue notices or build referral packs",
    Permission.SAFEGUARDING: "read or close safeguarding concerns",
    Permission.SIGN_AS_HEAD: "sign with the head teacher's stored signature",
    Permission.DELEGATE_SIGNING: "let someone else sign with the head teacher's signature",
    Permission.MANAGE_STAFF: "add staff, change their roles or passwords",
    Permission.SCHOOL_SETTINGS: "change the school's settings",
    Permission.PROCESS_SETTINGS: "change the calling script, escalation steps or casework stages",
    Permission.IMPORT: "import files from the MIS",
    Permission.EXPORT: "export files for the MIS",
    Permission.VERIFY: "check the evidence for tampering",
    Permission.RETENTION: "delete records past their retention period",
    Permission.ENCRYPT: "turn on database encryption",
}


def parse_roles(values: object) -> frozenset[Role]:
    """The known roles among ``values`` (unknown text is ignored: it grants nothing)."""
    known = {role.value for role in Role}
    return frozenset(Role(v) for v in values if isinstance(v, str) and v in known)  # type: ignore[attr-defined]


def permissions_of(roles: frozenset[Role]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= MATRIX.get(role, frozenset())
    return frozenset(granted)


def allowed(roles: frozenset[Role], permission: Permission) -> bool:
    return permission in permissions_of(roles)


def roles_with(permission: Permission) -> list[Role]:
    return [role for role in Role if permission in MATRIX[role]]


def who_can(permission: Permission) -> str:
    """A sentence naming who may do it, e.g. 'Only the designated safeguarding lead or head teacher can …'."""
    labels = [_PEOPLE[role] for role in roles_with(permission) if role is not Role.MIS_SYNC]
    people = ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else labels[0]
    return f"Only {people} can {ACTIONS[permission]}."
