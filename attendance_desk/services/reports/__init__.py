"""The attendance lead's reports: lists, trend, improvement target, termly pack and returns to the local authority.

Figures come from :mod:`attendance_desk.services.figures` (whole-school API) and the rules in
:mod:`attendance_desk.domain.reports`; this package only gathers, joins and records.
"""
