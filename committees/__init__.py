"""SMC and TC seats, meetings, quarterly review reports (R-COM-1…4)."""
