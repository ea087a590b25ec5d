"""The first-day calling desk: the Today worklist with its call panel, Follow-ups, and the desk's settings."""
