"""Table cells written in Python for the long lists whose rows cost most of their page through
the template engine (the audit trail, the documents). Each goes through the engine's own
functions, so the HTML is what ``{{ value }}`` and ``{{ when|date:"…" }}`` write."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import date as date_filter
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # (stubs)


def cell(value: Any, context: Context) -> str:
    """``{{ value }}``: localised and escaped as the template would."""
    return render_value_in_context(value, context)


def cell_time(when: datetime, format: str, context: Context) -> str:
    """``{{ when|date:format }}``, in the page's time zone."""
    return cell(date_filter(template_localtime(when, context.use_tz), format), context)
