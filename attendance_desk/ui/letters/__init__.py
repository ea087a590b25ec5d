"""The Letters page: make letters (one per parent) singly or in batches, edit templates with a live preview,
and record how each letter was delivered."""
