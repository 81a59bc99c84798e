"""Tenders, applicants, technical and sealed financial bids, ranking, LoI/PBG/LoA (issue 3)."""
