from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render

from repm_portal.exports import export_response
from repm_portal.page_cache import cached_page
from repm_portal.periods import today_ist

from .models import ParameterVersion
from .selectors import parameter_version_in_force, parameter_versions
from .spec import SPECS


def _rows(version: ParameterVersion) -> list[dict[str, object]]:
    rows = []
    for spec in SPECS:
        value = version.values.get(spec.key)
        if spec.kind == "days_list":
            value = ", ".join(str(day) for day in value)
        rows.append(
            {
                "spec": spec,
                "table": value if spec.kind == "table" else None,
                "value": value if spec.kind != "table" else None,
            }
        )
    return rows


@cached_page
def parameter_list(request: HttpRequest) -> HttpResponseBase:
    """Versions (filterable by authority and date), and the values in force on a chosen date."""
    on_text = request.GET.get("on", "")
    try:
        on = date.fromisoformat(on_text) if on_text else today_ist()
        date_error = ""
    except ValueError:
        on, date_error = today_ist(), "Write the date as YYYY-MM-DD."
    versions = parameter_versions()
    authority = request.GET.get("authority", "").strip()
    if authority:
        versions = versions.filter(authority__icontains=authority)
    export = export_response(
        request,
        "scheme-parameter-versions",
        ["id", "effective_from", "authority", "description", "recorded_by", "recorded_at"],
        (
            [
                v.pk,
                v.effective_from,
                v.authority,
                v.description,
                v.recorded_by.email if v.recorded_by else "notification",
                v.recorded_at,
            ]
            for v in versions
        ),
    )
    if export is not None:
        return export
    in_force = parameter_version_in_force(on)
    return render(
        request,
        "parameters/list.html",
        {
            "versions": versions,
            "in_force": in_force,
            "rows": lambda: _rows(in_force),  # only when the cached table is missing
            "on": on,
            "date_error": date_error,
            "authority": authority,
        },
    )


def parameter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(parameter_versions(), pk=pk)
    return render(
        request,
        "parameters/detail.html",
        {"version": version, "rows": lambda: _rows(version)},  # only when not cached
    )
