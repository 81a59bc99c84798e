"""Committee and meeting pages, included in the "web" namespace (names stay web:…)."""

from django.urls import path

from . import views

urlpatterns = [
    path("committees/", views.committee_list, name="committees"),
    path("committees/<str:code>/", views.committee_detail, name="committee"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/actions/", views.my_actions, name="my_actions"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_minutes, name="meeting_minutes"),
]
