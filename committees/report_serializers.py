"""REST shapes of quarterly reports and QRRs (R-COM-4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from repm_portal.periods import Quarter

from .models.reports import (
    ProcessStage,
    QuarterlyReport,
    QuarterlyReviewReport,
    ReportRisk,
    RiskStatus,
    TechnologySource,
)
from .report_forms import REPORT_FIELDS


class RiskSerializer(serializers.ModelSerializer):
    likelihood = serializers.IntegerField(min_value=1, max_value=3, help_text="1 low … 3 high")
    impact = serializers.IntegerField(min_value=1, max_value=3, help_text="1 low … 3 high")
    status = serializers.ChoiceField(choices=RiskStatus.choices, default=RiskStatus.OPEN)

    class Meta:
        model = ReportRisk
        fields = ["risk", "likelihood", "impact", "mitigation", "owner", "status"]


class QuarterlyReportSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="beneficiary.user.organisation", read_only=True)
    risks = RiskSerializer(many=True, read_only=True)
    headcount = serializers.IntegerField(read_only=True)

    class Meta:
        model = QuarterlyReport
        fields = [
            "id",
            "beneficiary",
            "organisation",
            "quarter",
            "quarter_end",
            "due_on",
            "status",
            "milestone_figures",
            *REPORT_FIELDS,
            "headcount",
            "risks",
            "submitted_at",
            "return_reasons",
            "reviewed_at",
            "parameter_version",
        ]
        read_only_fields = fields


class ReportStartSerializer(serializers.Serializer):
    beneficiary = serializers.IntegerField(help_text="The beneficiary (award) the report is for.")
    quarter = serializers.CharField(help_text="The quarter, written FY2026-27-Q2.")

    def validate_quarter(self, value: str) -> Quarter:
        from repm_portal.errors import ValidationFailed

        try:
            return Quarter.parse(value)
        except ValidationFailed as error:
            raise serializers.ValidationError(error.message) from None


class ReportFiguresSerializer(serializers.Serializer):
    """Sections (a) narrative to (e) and production; the services check the rules."""

    phases_narrative = serializers.CharField(required=False, allow_blank=True)
    land_pct = serializers.DecimalField(5, 2, required=False, allow_null=True)
    buildings_pct = serializers.DecimalField(5, 2, required=False, allow_null=True)
    utilities_pct = serializers.DecimalField(5, 2, required=False, allow_null=True)
    equipment_ordered_pct = serializers.DecimalField(5, 2, required=False, allow_null=True)
    equipment_installed_pct = serializers.DecimalField(5, 2, required=False, allow_null=True)
    infrastructure_narrative = serializers.CharField(required=False, allow_blank=True)
    technology_source = serializers.ChoiceField(
        choices=TechnologySource.choices, required=False, allow_blank=True
    )
    process_stages = serializers.ListField(
        child=serializers.ChoiceField(choices=ProcessStage.choices), required=False
    )
    grades_produced = serializers.CharField(required=False, allow_blank=True, max_length=200)
    yield_pct = serializers.DecimalField(5, 2, required=False, allow_null=True)
    rnd_spend = serializers.DecimalField(18, 2, required=False, default=Decimal(0))
    technology_narrative = serializers.CharField(required=False, allow_blank=True)
    headcount_managerial = serializers.IntegerField(required=False, default=0, min_value=0)
    headcount_technical = serializers.IntegerField(required=False, default=0, min_value=0)
    headcount_skilled = serializers.IntegerField(required=False, default=0, min_value=0)
    headcount_other = serializers.IntegerField(required=False, default=0, min_value=0)
    women = serializers.IntegerField(required=False, default=0, min_value=0)
    trained = serializers.IntegerField(required=False, default=0, min_value=0)
    hr_narrative = serializers.CharField(required=False, allow_blank=True)
    risk_narrative = serializers.CharField(required=False, allow_blank=True)
    produced_kg = serializers.DecimalField(15, 3, required=False, default=Decimal(0))
    sold_kg = serializers.DecimalField(15, 3, required=False, default=Decimal(0))
    exported_kg = serializers.DecimalField(15, 3, required=False, default=Decimal(0))
    irel_oxide_kg = serializers.DecimalField(15, 3, required=False, default=Decimal(0))
    risks = RiskSerializer(many=True, required=False)

    def split(self, data: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        risks = [dict(r) for r in data.pop("risks", [])]
        return data, risks


class ReturnSerializer(serializers.Serializer):
    reasons = serializers.CharField(help_text="What the beneficiary must correct.")


class QRRSerializer(serializers.ModelSerializer):
    analyses = serializers.SerializerMethodField()

    class Meta:
        model = QuarterlyReviewReport
        fields = [
            "id",
            "quarter",
            "quarter_end",
            "status",
            "figures",
            "analyses",
            "recommendations",
            "compiled_at",
            "issued_at",
            "document",
            "parameter_version",
        ]
        read_only_fields = fields

    def get_analyses(self, qrr: QuarterlyReviewReport) -> dict[str, str]:
        return {str(a.beneficiary_id): a.analysis for a in qrr.analyses.all()}


class QRRCompileSerializer(serializers.Serializer):
    quarter = serializers.CharField(help_text="An ended quarter, written FY2026-27-Q2.")

    validate_quarter = ReportStartSerializer.validate_quarter


class AnalysisSerializer(serializers.Serializer):
    beneficiary = serializers.IntegerField()
    analysis = serializers.CharField(allow_blank=True)


class QRRAnalysisSerializer(serializers.Serializer):
    recommendations = serializers.CharField(allow_blank=True, required=False, default="")
    analyses = AnalysisSerializer(many=True, required=False)
