"""Investment reports, milestone clocks, penalty cases, refunds with interest (issue 4)."""
