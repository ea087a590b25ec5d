"""Casework: stages, plans, contracts, meetings, notices, referral packs and their printing."""
