"""Use cases. Each opens its own session on the :class:`~attendance_desk.store.engine.Store` it is handed and
returns plain dataclasses; none touches a widget."""
