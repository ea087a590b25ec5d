"""Rules of the first-day calling desk: call outcomes, priorities and the escalation ladder."""
