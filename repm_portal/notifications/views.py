from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from repm_portal.page_cache import cached_page

from .models import Notification
from .services import notifications_mark_read


@login_required
@cached_page
def notification_list(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.filter(user=request.user)  # type: ignore[misc]
    return render(
        request,
        "notifications/list.html",
        {"page": Paginator(rows, 30).get_page(request.GET.get("page"))},
    )


@require_POST
@login_required
def notification_mark_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)  # type: ignore[arg-type]
    return redirect("web:notifications")
