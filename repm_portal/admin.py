"""The admin site's accessibility fixes for third-party models (R-GOV-1).

Django's split date-and-time inputs (Celery beat's schedules) carry only the words "Date:" and
"Time:" beside them, no label (axe ``label``, critical): each input gets an accessible name of its
field and its part. Autodiscovered after django_celery_beat's admin, which it refines.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.http import HttpRequest
from django.utils.text import capfirst
from django_celery_beat.admin import ClockedScheduleAdmin, PeriodicTaskAdmin
from django_celery_beat.models import ClockedSchedule, PeriodicTask


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's split date/time inputs, each named "<field> – Date" / "<field> – Time"."""

    def __init__(self, label: Any, attrs: dict[str, Any] | None = None) -> None:
        self.label = label
        super().__init__(attrs)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        parts = (context["date_label"], context["time_label"])
        for subwidget, part in zip(context["widget"]["subwidgets"], parts, strict=True):
            subwidget["attrs"]["aria-label"] = f"{capfirst(self.label)} – {str(part).rstrip(':')}"
        return context


class LabelledDateTimes:
    """Admin mixin: every date-and-time field is edited with LabelledSplitDateTime."""

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if isinstance(db_field, models.DateTimeField) and db_field.editable:
            kwargs.setdefault("widget", LabelledSplitDateTime(db_field.verbose_name))
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


for model, model_admin in (
    (PeriodicTask, PeriodicTaskAdmin),
    (ClockedSchedule, ClockedScheduleAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (LabelledDateTimes, model_admin), {}))
