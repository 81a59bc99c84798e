from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from repm_portal.exports import export_response
from repm_portal.page_cache import cached_page

from .checkpoints import checkpoint_latest_shown, checkpoint_stamp
from .filters import AuditEventFilter
from .models import AuditCheck
from .selectors import audit_events


# Above the permission check, whose two queries would cost more than the kept page: a page is
# only kept for a user who passed it, and a change to the user's permissions is a write.
@cached_page(vary=lambda _request: checkpoint_stamp())  # the page shows the file's last line
@permission_required("audit.view_auditevent", raise_exception=True)
def audit_list(request: HttpRequest) -> HttpResponseBase:
    filtered = AuditEventFilter(request.GET, queryset=audit_events())
    events = filtered.qs if filtered.is_valid() else audit_events().none()
    export = export_response(
        request,
        "audit-trail",
        [
            "seq",
            "time",
            "actor",
            "action",
            "object_type",
            "object_id",
            "object",
            "before",
            "after",
            "request_id",
            "ip",
            "hash",
        ],
        (
            [
                e.seq,
                e.at.isoformat(),
                e.actor_label,
                e.action,
                e.object_type,
                e.object_id,
                e.object_label,
                e.before,
                e.after,
                e.request_id,
                e.ip,
                e.hash,
            ]
            for e in events.iterator(chunk_size=2000)
        ),
    )
    if export is not None:
        return export
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {
            "filter": filtered,
            "page": page,
            "query": query.urlencode(),
            "last_check": AuditCheck.objects.order_by("-checked_at").first(),
            "latest_checkpoint": checkpoint_latest_shown(),
        },
    )
