"""Hooks between apps, so that apps depend one way (bidding ← milestones ← incentives ←
committees, CONVENTIONS.md): a lower app announces an event here and a higher app, which may
import the lower one, connects a receiver in its ``AppConfig.ready``. The lower app never
imports upward, not even inside a function.

Receivers run inside the sender's transaction: what they write commits or rolls back with it.
"""

from __future__ import annotations

from django.dispatch import Signal

# bidding: a Letter of Award was issued (kwargs: beneficiary). Milestones start their clocks.
beneficiary_awarded = Signal()

# milestones: the entire allocated capacity was certified commissioned (kwargs: beneficiary,
# actor). Incentives release the claims held under R-SLI-7.
capacity_fully_commissioned = Signal()
