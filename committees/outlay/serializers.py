"""The dashboard's figures as JSON (R-OUT-2): the same Dashboard and Forecast as the page and
the exports; amounts are rupees as strings (exact decimals)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rest_framework import serializers

from repm_portal.money import round_paisa

from .selectors import COMPONENTS, MEASURES, BeneficiaryLine, Cell, Dashboard, Forecast


class OutlayQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text="YYYY-MM-DD; default today (IST).")
    view = serializers.ChoiceField(choices=["scheme", "fy"], required=False, default="scheme")
    utilisation = serializers.DecimalField(
        max_digits=4, decimal_places=2, min_value=Decimal(0), max_value=Decimal(1), required=False
    )
    price = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0.01"), required=False
    )

    def validate_as_of(self, day: date) -> date:
        from .selectors import as_of_problem

        if problem := as_of_problem(day):
            raise serializers.ValidationError(problem)
        return day


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(round_paisa(value))


def cell_data(cell: Cell) -> dict[str, str | None]:
    return {m: _money(cell.value(m)) for m, _label in MEASURES}


def line_data(line: BeneficiaryLine) -> dict[str, Any]:
    b = line.beneficiary
    return {
        "beneficiary": b.pk,
        "organisation": b.user.organisation,
        "rank": b.rank,
        "allocated_capacity_mtpa": b.allocated_capacity_mtpa,
        "quoted_rate": str(b.quoted_rate),
        "incentives_ended_on": line.ended_on,
        "capital": {**cell_data(line.cells["capital"]), "cap": _money(b.capital_subsidy_cap)},
        "sli": {**cell_data(line.cells["sli"]), "cap": _money(b.sli_cap)},
    }


def forecast_data(f: Forecast) -> dict[str, Any]:
    return {
        "assumptions": {
            "utilisation": str(f.assumptions.utilisation),
            "price_per_kg": str(f.assumptions.price_per_kg),
            "turnover_fraction": str(f.assumptions.turnover_fraction),
            "what_if": f.is_what_if,
        },
        "years": [
            {
                "scheme_year": y["bucket"].key,
                "from": y["bucket"].start,
                "to": y["bucket"].end,
                "forecast": _money(y["forecast"]),
                "sanctioned": _money(y["sanctioned"]),
                "indicative": _money(y["indicative"]),
                "passes_indicative": y["over"],
            }
            for y in f.year_list
        ],
        "beneficiaries": [
            {
                "beneficiary": r.beneficiary.pk,
                "sanctioned": _money(r.sanctioned),
                "incentives_ended": r.ended,
                "years": {
                    str(k): {
                        "quantity_kg": str(y.quantity_kg),
                        "gross": _money(y.gross),
                        "turnover_cap": _money(y.turnover_cap),
                        "tenure_remaining": _money(y.tenure_remaining),
                        "sli": _money(y.sli),
                        "binding": y.binding,
                    }
                    for k, y in r.years.items()
                },
            }
            for r in f.rows
        ],
    }


def dashboard_data(d: Dashboard, f: Forecast) -> dict[str, Any]:
    return {
        "as_of": d.as_of,
        "view": d.view,
        "parameter_version": d.params.version_id,
        "years": [
            {
                "key": b.key,
                "label": d.bucket_label(b.key),
                "from": b.start,
                "to": b.end,
                **{c: cell_data(d.rows[c][b.key]) for c, _label in COMPONENTS},
                "refunds": {
                    "demanded": _money(d.refunds[b.key][0]),
                    "recovered": _money(d.refunds[b.key][1]),
                },
            }
            for b in d.buckets
        ],
        "totals": {
            **{c: cell_data(d.totals[c]) for c, _label in COMPONENTS},
            "incentives": cell_data(d.incentives),
            "scheme": cell_data(d.grand),
            "refunds": {
                "demanded": _money(d.refund_totals[0]),
                "recovered": _money(d.refund_totals[1]),
            },
        },
        "admin_by_head": {k: _money(v) for k, v in d.admin_by_head.items()},
        "beneficiaries": [line_data(x) for x in d.beneficiaries],
        "forecast": forecast_data(f),
    }
