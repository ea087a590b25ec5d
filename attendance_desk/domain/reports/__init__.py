"""Rules behind the attendance lead's reports: DfE bands, returns to the local authority, day-of-week patterns,
cohort comparisons, weekly trend and the improvement-target forecast. Pure functions; no Qt, no SQLAlchemy.

Every per-pupil figure they start from comes from :mod:`attendance_desk.domain.metrics`.
"""
