"""MIS sync: imports applied as differences, mapping profiles, exports, history, the watched folder."""
