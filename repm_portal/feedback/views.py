from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from repm_portal.accounts.models import Role
from repm_portal.errors import DomainError
from repm_portal.page_cache import cached_page
from repm_portal.web.forms import add_domain_error

from .forms import FeedbackForm
from .models import Feedback
from .services import feedback_send

# A visitor may send this many messages an hour from one address (a bound on spam).
SENDS_PER_HOUR = 10


def feedback_page(request: HttpRequest) -> HttpResponse:
    """The Feedback page (R-GOV-3): how feedback is handled, and the form to send it."""
    user = request.user
    initial = {"name": user.full_name, "email": user.email} if user.is_authenticated else {}
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        key = f"feedback-sends:{request.META.get('REMOTE_ADDR', '')}"
        cache.add(key, 0, 3600)
        if cache.incr(key) > SENDS_PER_HOUR:
            form.add_error(None, _("Too many messages from your address; try again in an hour."))
        else:
            try:
                feedback_send(user=user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Thank you: your feedback has reached the help desk."))
                return redirect("web:page", "feedback")
    return render(request, "pages/feedback.html", {"form": form})


@login_required
@cached_page
def feedback_list(request: HttpRequest) -> HttpResponse:
    """Feedback received, for the PMA's help desk and the administrator."""
    if not request.user.has_role(Role.PMA, Role.ADMIN):  # type: ignore[union-attr]
        raise PermissionDenied(_("Only the PMA's help desk and the administrator read feedback."))
    rows = Feedback.objects.select_related("user")
    return render(
        request,
        "feedback/list.html",
        {"page": Paginator(rows, 30).get_page(request.GET.get("page"))},
    )
