"""Modules compiled from ../../../forms/*.ui by installer/compile_forms.py. Do not edit; recompile."""
