"""Rules of the staged casework process: stages, periods, records, referrals and penalty notices."""
