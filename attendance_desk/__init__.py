"""Attendance Desk: the attendance casework and evidence desk for school offices in England."""

__version__ = "0.1.0"
