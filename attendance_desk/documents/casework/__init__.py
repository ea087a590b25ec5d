"""Casework forms as PDFs on the school letterhead: the medical action plan and the parent's consent form, the
attendance contract and its reviews, the school attendance meeting record, the Notice to Improve, the referral
packs and the evidence chronology. Plain data in (``domain.casework.records``), PDF bytes out."""
