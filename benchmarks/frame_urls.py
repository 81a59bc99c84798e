"""The portal's addresses plus ``/bench/frame/``: a signed-in page with nothing in the portal's
frame (base.html: menu, notifications badge, language switch, footer). What it costs is what
every signed-in page costs before its own content: the floor its pages are measured against."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from repm_portal.urls import urlpatterns as portal

EMPTY = engines["django"].from_string('{% extends "base.html" %}{% block content %}{% endblock %}')


@login_required
def frame(request: HttpRequest) -> HttpResponse:
    return HttpResponse(EMPTY.render({}, request))


urlpatterns = [path("bench/frame/", frame), *portal]
