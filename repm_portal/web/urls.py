"""Every HTML page of the portal, in one namespace ("web:…")."""

from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from bidding import views as bidding
from committees import report_urls as committees_reports
from committees.outlay import urls as outlay_urls
from incentives import views as incentives
from milestones import views as milestones
from repm_portal.accounts import views as accounts
from repm_portal.audit import views as audit
from repm_portal.documents import views as documents
from repm_portal.notifications import views as notifications
from repm_portal.parameters import views as parameters

from . import views

app_name = "web"

_reset = {"success_url": reverse_lazy("web:password_reset_done")}

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", accounts.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", accounts.register, name="register"),
    path("verify/<str:uidb64>/<str:token>/", accounts.verify_email, name="verify_email"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("web:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/set/<str:uidb64>/<str:token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("web:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/api-tokens/", accounts.api_tokens, name="api_tokens"),
    path("account/api-tokens/<int:pk>/revoke/", accounts.api_token_revoke, name="api_token_revoke"),
    path("documents/", documents.document_list, name="documents"),
    path("documents/<int:pk>/download/", documents.document_download, name="document_download"),
    path("parameters/", parameters.parameter_list, name="parameters"),
    path("parameters/<int:pk>/", parameters.parameter_detail, name="parameter_detail"),
    path("audit/", audit.audit_list, name="audit"),
    path("policy/", views.policy, name="policy"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notification_mark_read, name="notifications_read"),
    path("tenders/", bidding.round_list, name="rounds"),
    path("tenders/new/", bidding.round_create, name="round_create"),
    path("tenders/<int:pk>/", bidding.round_detail, name="round"),
    path("tenders/<int:pk>/publish/", bidding.round_publish, name="round_publish"),
    path("tenders/<int:pk>/close/", bidding.round_close, name="round_close"),
    path("tenders/<int:pk>/passphrase/", bidding.seat_passphrase, name="round_passphrase"),
    path("tenders/<int:pk>/open/", bidding.round_open, name="round_open"),
    path("tenders/<int:pk>/tie/", bidding.round_tie, name="round_tie"),
    path("tenders/<int:pk>/rank/", bidding.round_rank, name="round_rank"),
    path("tenders/<int:pk>/issue-lois/", bidding.round_issue_lois, name="round_issue_lois"),
    path("tenders/<int:pk>/bid/", bidding.bid_submit, name="bid_submit"),
    path("bids/<int:pk>/", bidding.bid_detail, name="bid"),
    path("bids/<int:pk>/withdraw/", bidding.bid_withdraw, name="bid_withdraw"),
    path("bids/<int:pk>/evaluate/", bidding.bid_evaluate, name="bid_evaluate"),
    path("beneficiaries/<int:pk>/", bidding.beneficiary_detail, name="beneficiary"),
    path("profile/", bidding.profile_edit, name="profile"),
    path("receipts/", bidding.receipt_check, name="receipt"),
    path(
        "beneficiaries/<int:pk>/milestones/", milestones.beneficiary_milestones, name="milestones"
    ),
    path("cases/", milestones.case_list, name="cases"),
    path("cases/<int:pk>/", milestones.case_detail, name="case"),
    path("mclr/", milestones.mclr_table, name="mclr"),
    path("claims/", incentives.claim_list, name="claims"),
    path("beneficiaries/<int:beneficiary>/claims/new/", incentives.claim_file, name="claim_file"),
    path("claims/<int:pk>/", incentives.claim_detail, name="claim"),
    path("claims/<int:pk>/<slug:step>/", incentives.claim_step, name="claim_step"),
    path(
        "beneficiaries/<int:beneficiary>/capital-subsidy/new/",
        incentives.capital_claim_file,
        name="capital_claim_file",
    ),
    path("capital-subsidy/<int:pk>/", incentives.capital_claim_detail, name="capital_claim"),
    path(
        "capital-subsidy/<int:pk>/<slug:step>/",
        incentives.capital_claim_step,
        name="capital_claim_step",
    ),
    path("ledgers/", incentives.ledger_list, name="ledgers"),
    path("beneficiaries/<int:beneficiary>/ledger/", incentives.ledger_detail, name="ledger"),
    path("about/<slug:slug>/", views.info_page, name="page"),
    # Quarterly progress reports and the QRR (R-COM-4)
    *committees_reports.urlpatterns,
    *outlay_urls.urlpatterns,  # R-OUT-2: the outlay dashboard
    # committees: seats, review meetings, minutes, action items (issue 11)
    path("", include("committees.urls")),
]
