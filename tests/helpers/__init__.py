"""Builders shared by the tests: synthetic schools, pupils, contacts and marks (UPNs with LA code 000)."""
