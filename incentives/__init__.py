"""Sales-linked incentive claims, invoice registers, capital subsidy claims, sanctions (issue 5)."""
