"""The audit trail's rows, rendered in Python: fifty rows of seven cells through the template
engine cost the page most of its time; the values go through the engine's own functions (a
variable's localisation and escaping, the ``date`` filter), so the HTML is the same."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django import template
from django.utils.safestring import SafeString, mark_safe

from repm_portal.web.cells import cell, cell_time

from ..models import AuditEvent

register = template.Library()

ROW = (
    "\n    <tr><td>{seq}</td><td>{at}</td><td>{actor}</td><td><code>{action}</code></td>"
    "<td>{object_type} {object_id}<br><small>{object_label}</small></td>\n"
    "    <td><small>{before} → {after}</small></td><td><small>{request_id}<br>{ip}</small></td>"
    "</tr>\n  "
)


@register.simple_tag(takes_context=True)
def audit_rows(context: template.Context, events: Iterable[AuditEvent]) -> SafeString:
    """As ``{% for e in page %}`` with the row of ``audit/list.html`` (empty: no rows)."""
    out = partial(cell, context=context)
    rows = []
    for e in events:
        rows.append(
            ROW.format(
                seq=out(e.seq),
                at=cell_time(e.at, "j M Y H:i:s", context),
                actor=out(e.actor_label),
                action=out(e.action),
                object_type=out(e.object_type),
                object_id=out(e.object_id),
                object_label=out(e.object_label),
                before=out("—" if e.before is None else e.before),
                after=out("—" if e.after is None else e.after),
                request_id=out(e.request_id or "—"),
                ip=out(e.ip or ""),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308  every value above is escaped by `out`
