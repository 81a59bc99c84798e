"""Every HTML page of the portal, in one namespace ("web:…")."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from repm_portal.accounts import views as accounts
from repm_portal.audit import views as audit
from repm_portal.documents import views as documents
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
    path("documents/", documents.document_list, name="documents"),
    path("documents/<int:pk>/download/", documents.document_download, name="document_download"),
    path("parameters/", parameters.parameter_list, name="parameters"),
    path("parameters/<int:pk>/", parameters.parameter_detail, name="parameter_detail"),
    path("audit/", audit.audit_list, name="audit"),
    path("policy/", views.policy, name="policy"),
    path("about/<slug:slug>/", views.info_page, name="page"),
]
