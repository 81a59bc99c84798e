"""/api/v1/ — every REST endpoint ("api:…")."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from bidding import api as bidding
from committees import api as committees
from committees import report_api as committees_reports
from committees.outlay import api as outlay
from incentives import api as incentives
from milestones import api as milestones
from repm_portal.accounts import api as accounts
from repm_portal.audit import api as audit
from repm_portal.documents import api as documents
from repm_portal.notifications import api as notifications
from repm_portal.parameters import api as parameters

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False  # one representation: JSON
router.register("parameters", parameters.ParameterVersionViewSet, basename="parameter")
router.register("audit-events", audit.AuditEventViewSet, basename="audit-event")
router.register("documents", documents.DocumentViewSet, basename="document")
router.register("users", accounts.UserViewSet, basename="user")
router.register("notifications", notifications.NotificationViewSet, basename="notification")
router.register("rounds", bidding.RoundViewSet, basename="round")
router.register("bids", bidding.BidViewSet, basename="bid")
router.register("beneficiaries", bidding.BeneficiaryViewSet, basename="beneficiary")
router.register("milestones", milestones.MilestoneViewSet, basename="milestone")
router.register("cases", milestones.CaseViewSet, basename="case")
router.register("mclr", milestones.MCLRViewSet, basename="mclr")
router.register("claims", incentives.ClaimViewSet, basename="claim")
router.register("capital-subsidy-claims", incentives.CapitalClaimViewSet, basename="capital-claim")
router.register("ledgers", incentives.LedgerViewSet, basename="ledger")
# Quarterly progress reports and the QRR (R-COM-4)
router.register(
    "quarterly-reports", committees_reports.QuarterlyReportViewSet, basename="quarterly-report"
)
router.register("qrrs", committees_reports.QRRViewSet, basename="qrr")
router.register("committees", committees.CommitteeViewSet, basename="committee")
router.register("meetings", committees.MeetingViewSet, basename="meeting")

urlpatterns = [
    path("auth/token/", accounts.TokenView.as_view(), name="token"),
    path("auth/tokens/", accounts.ApiTokenListView.as_view(), name="tokens"),
    path("auth/tokens/<int:pk>/", accounts.ApiTokenRevokeView.as_view(), name="token_revoke"),
    path("auth/register/", accounts.RegistrationView.as_view(), name="register"),
    path("me/", accounts.MeView.as_view(), name="me"),
    path("profile/", bidding.ProfileView.as_view(), name="profile"),
    path("receipts/<str:receipt>/", bidding.ReceiptView.as_view(), name="receipt"),
    path("open-data/rounds/<int:pk>/", bidding.OpenDataView.as_view(), name="round-ocds"),
    path("outlay/", outlay.OutlayView.as_view(), name="outlay"),  # R-OUT-2
    path(
        "outlay/beneficiaries/<int:pk>/",
        outlay.OutlayBeneficiaryView.as_view(),
        name="outlay-beneficiary",
    ),
    *router.urls,
]
