from __future__ import annotations

from rest_framework import serializers

from repm_portal.documents.models import Document

from .models import (
    RAISABLE_CASE_KINDS,
    CommissioningRecord,
    Decision,
    Head,
    InvestmentLine,
    InvestmentReport,
    MCLRRate,
    Milestone,
    PenaltyCase,
    RefundDemand,
)


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = [
            "id",
            "beneficiary",
            "number",
            "deadline",
            "threshold",
            "unit",
            "status",
            "achieved_on",
            "parameter_version",
        ]
        read_only_fields = fields


class InvestmentLineSerializer(serializers.ModelSerializer):
    head = serializers.ChoiceField(choices=Head.choices)
    claimed_eligible = serializers.BooleanField(
        default=True,
        write_only=True,
        help_text=("Counted as eligible investment; refused if R-CAP-1…3 exclude it."),
    )

    class Meta:
        model = InvestmentLine
        fields = [
            "head",
            "description",
            "vendor",
            "invoice_number",
            "invoice_date",
            "amount",
            "non_creditable_taxes",
            "second_hand",
            "slump_sale",
            "leased",
            "claimed_eligible",
            "eligible_amount",
            "exclusion_reasons",
        ]
        read_only_fields = ["eligible_amount", "exclusion_reasons"]
        extra_kwargs = {"amount": {"min_value": None}}  # the service explains negatives


class InvestmentReportSerializer(serializers.ModelSerializer):
    lines = InvestmentLineSerializer(many=True)
    ca_certificate = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all())

    class Meta:
        model = InvestmentReport
        fields = [
            "id",
            "beneficiary",
            "as_of",
            "ca_certificate",
            "lines",
            "submitted_at",
            "parameter_version",
        ]
        read_only_fields = ["id", "beneficiary", "submitted_at", "parameter_version"]


class CommissioningSerializer(serializers.ModelSerializer):
    industries_certificate = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all())
    engineer_certificate = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all())

    class Meta:
        model = CommissioningRecord
        fields = [
            "id",
            "beneficiary",
            "capacity_mtpa",
            "commissioned_on",
            "industries_certificate",
            "engineer_certificate",
            "recorded_at",
        ]
        read_only_fields = ["id", "beneficiary", "recorded_at"]


class CaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = PenaltyCase
        fields = [
            "id",
            "beneficiary",
            "milestone",
            "kind",
            "status",
            "description",
            "raised_on",
            "notice_document",
            "notice_issued_on",
            "reply",
            "replied_on",
            "hearing_on",
            "hearing_notes",
            "decisions",
            "decision_reasons",
            "pbg_encashed",
            "decided_on",
        ]
        read_only_fields = fields


class CaseRaiseSerializer(serializers.Serializer):
    beneficiary = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=RAISABLE_CASE_KINDS)
    description = serializers.CharField()


class NoticeSerializer(serializers.Serializer):
    reply_by = serializers.DateField()


class ReplySerializer(serializers.Serializer):
    reply = serializers.CharField()


class HearingSerializer(serializers.Serializer):
    hearing_on = serializers.DateField()
    notes = serializers.CharField()


class DecisionSerializer(serializers.Serializer):
    decisions = serializers.ListField(child=serializers.ChoiceField(choices=Decision.choices))
    reasons = serializers.CharField()
    pbg_encashed = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True, default=None
    )


class RefundRequestSerializer(serializers.Serializer):
    demand_on = serializers.DateField()
    disbursements = serializers.ListField(
        child=serializers.CharField(max_length=40),
        allow_empty=False,
        help_text=(
            "The benefits to refund, by their key in the beneficiary's ledger of disbursements "
            '("sli:<claim id>", "capital:<claim id>"): dates and amounts are the ledger\'s '
            "(R-MS-5)."
        ),
    )


class RefundSerializer(serializers.ModelSerializer):
    class Meta:
        model = RefundDemand
        fields = [
            "id",
            "case",
            "demand_on",
            "lines",
            "principal",
            "interest",
            "total",
            "notice_document",
            "issued_at",
        ]
        read_only_fields = fields


class MCLRSerializer(serializers.ModelSerializer):
    class Meta:
        model = MCLRRate
        fields = ["id", "effective_from", "rate_pct", "source", "recorded_at"]
        read_only_fields = ["id", "recorded_at"]
