"""The committees app's models, one module per part of the oversight (R-COM-1…4, R-OUT-1/2).

- ``seats``: the SMC and TC, their seats and who holds them when, co-opted experts, review
  meetings, agenda items, comments, decisions, action items and minutes (R-COM-1…3).
- ``reports``: each beneficiary's quarterly progress report and the PMA's compiled QRR (R-COM-4).
- ``outlay``: what the outlay dashboard needs beyond the other apps' data (R-OUT-1/2).
"""

from .outlay import AdminExpense, AdminHead, RefundRecovery  # noqa: F401 (R-OUT-1/2)
from .reports import (  # noqa: F401  (R-COM-4: quarterly reports and the QRR)
    ProjectAnalysis,
    QuarterlyReport,
    QuarterlyReviewReport,
    ReportRisk,
)
from .seats import (  # noqa: F401
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    Comment,
    Committee,
    CommitteeCode,
    CoOption,
    Decision,
    Designation,
    ExpertSource,
    Meeting,
    MeetingStatus,
    Seat,
    SeatTerm,
)
