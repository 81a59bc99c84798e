"""The outlay dashboard's pages, spliced into the "web" namespace by repm_portal/web/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("outlay/", views.outlay_dashboard, name="outlay"),
    path("outlay/cell/", views.outlay_cell, name="outlay_cell"),
    path("outlay/records/", views.outlay_records, name="outlay_records"),
    path("outlay/export.<str:fmt>", views.outlay_export, name="outlay_export"),
    path("outlay/beneficiaries/<int:pk>/", views.outlay_beneficiary, name="outlay_beneficiary"),
]
