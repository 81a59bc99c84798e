"""Pages of quarterly reports and the QRR (R-COM-4), included in the "web" namespace."""

from django.urls import path

from . import report_views as views

urlpatterns = [
    path("quarterly-reports/", views.report_list, name="quarterly_reports"),
    path("quarterly-reports/<int:pk>/", views.report_detail, name="quarterly_report"),
    path(
        "quarterly-reports/<int:pk>/<slug:step>/", views.report_step, name="quarterly_report_step"
    ),
    path("qrr/", views.qrr_list, name="qrrs"),
    path("qrr/<int:pk>/", views.qrr_detail, name="qrr"),
    path("qrr/<int:pk>/<slug:step>/", views.qrr_step, name="qrr_step"),
]
