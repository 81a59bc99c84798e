"""The document list's rows, rendered in Python: the rows through the template engine (a URL,
a translated link text and two filters each) cost the page most of its time; the values go
through the engine's own functions, so the HTML is the same."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django import template
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from repm_portal.web.cells import cell, cell_time

from ..models import Document

register = template.Library()

ROW = (
    "\n      <tr><td>{title}</td><td>{kind}</td><td>{size}</td><td>{uploaded}</td>\n"
    '      <td><a href="{url}">{download}</a></td></tr>\n    '
)


@register.simple_tag(takes_context=True)
def document_rows(context: template.Context, documents: Iterable[Document]) -> SafeString:
    """As ``{% for d in page %}`` with the row of ``documents/list.html`` (empty: no rows)."""
    out = partial(cell, context=context)
    # {% blocktranslate with name=… %}Download {{ name }}{% endblocktranslate %}
    download = gettext("Download %(name)s")
    # d.get_kind_display(), its labels translated once rather than all of them for every row.
    kinds = dict(make_hashable(Document._meta.get_field("kind").flatchoices))
    rows = []
    for d in documents:
        rows.append(
            ROW.format(
                title=out(d.title),
                kind=out(force_str(kinds.get(d.kind, d.kind), strings_only=True)),
                size=out(filesizeformat(d.size)),
                uploaded=cell_time(d.uploaded_at, "j M Y H:i", context),
                url=conditional_escape(reverse("web:document_download", args=[d.pk])),
                download=download % {"name": out(d.original_name)},
            )
        )
    return mark_safe("".join(rows))  # noqa: S308  every value above is escaped
