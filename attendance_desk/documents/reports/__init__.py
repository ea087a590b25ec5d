"""Reports on paper: the termly pack (with charts drawn by ReportLab's own graphics) and the return form."""
