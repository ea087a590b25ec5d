"""The first-day calling desk: calls, reported absences, visits, concerns, escalation and follow-ups."""
