"""API shapes for the tender. A bid's amount appears only once the round has opened it."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from repm_portal.accounts.models import Role, User
from repm_portal.documents.models import Document

from .models import (
    ApplicantProfile,
    Beneficiary,
    Bid,
    EntityType,
    Member,
    PerformanceBankGuarantee,
    TenderRound,
)


class RoundSerializer(serializers.ModelSerializer):
    tc_members = serializers.SerializerMethodField()

    class Meta:
        model = TenderRound
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "submission_deadline",
            "opening_quorum",
            "status",
            "published_at",
            "opened_at",
            "parameter_version",
            "rfp_documents",
            "tc_members",
        ]
        read_only_fields = fields

    def get_tc_members(self, round_: TenderRound) -> list[dict[str, Any]]:
        return [
            {"id": s.member_id, "name": s.member.full_name, "ready": bool(s.ready_at)}
            for s in round_.seats.all()
        ]


class RoundCreateSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=60, help_text="The RFP's number.")
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    submission_deadline = serializers.DateTimeField(
        help_text="ISO 8601, e.g. 2027-03-31T17:00+05:30"
    )
    opening_quorum = serializers.IntegerField(min_value=1, help_text="M of the N TC members.")
    tc_members = serializers.PrimaryKeyRelatedField(
        many=True, queryset=User.objects.filter(role=Role.TC, is_active=True)
    )
    rfp_documents = serializers.PrimaryKeyRelatedField(
        many=True, required=False, default=list, queryset=Document.objects.all()
    )


class PassphraseSerializer(serializers.Serializer):
    passphrase = serializers.CharField(
        min_length=12, write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )


class PresentedShareSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(role=Role.TC))
    passphrase = serializers.CharField(write_only=True, trim_whitespace=False)


class OpeningSerializer(serializers.Serializer):
    shares = PresentedShareSerializer(many=True, help_text="At least M members' passphrases.")


class TieSerializer(serializers.Serializer):
    bid_order = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=2,
        help_text="Bid ids with equal quotes, best first.",
    )
    method = serializers.CharField(help_text="How the tie was decided (e.g. a draw of lots).")


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["name", "country", "shareholding_pct", "is_lead"]


class ProfileSerializer(serializers.ModelSerializer):
    members = MemberSerializer(many=True)
    entity_type = serializers.ChoiceField(choices=EntityType.choices)

    class Meta:
        model = ApplicantProfile
        fields = [
            "name",
            "entity_type",
            "country",
            "cin",
            "pan",
            "gstin",
            "net_worth",
            "net_worth_as_of",
            "net_worth_certificate",
            "members",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class BidSerializer(serializers.ModelSerializer):
    applicant = serializers.CharField(source="applicant.organisation", read_only=True)
    round_reference = serializers.CharField(source="round.reference", read_only=True)
    quoted_amount = serializers.SerializerMethodField(
        help_text="₹/kg; null until the round's financial bids are opened."
    )

    class Meta:
        model = Bid
        fields = [
            "id",
            "reference",
            "round",
            "round_reference",
            "applicant",
            "status",
            "capacity_mtpa",
            "dpr",
            "submitted_at",
            "withdrawn_at",
            "receipt",
            "qualified",
            "evaluation_reasons",
            "evaluated_at",
            "quoted_amount",
            "rank",
            "selected",
            "selection_reason",
        ]
        read_only_fields = fields

    def get_quoted_amount(self, bid: Bid) -> str | None:
        return None if bid.opened_amount is None else f"{bid.opened_amount:.2f}"


class BidSubmitSerializer(serializers.Serializer):
    round = serializers.PrimaryKeyRelatedField(queryset=TenderRound.objects.all())
    capacity_mtpa = serializers.IntegerField(help_text="600–1,200 in steps of 100 (R-BID-4).")
    dpr = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), help_text="Your uploaded DPR (PDF)."
    )
    amount = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        write_only=True,
        help_text="Incentive sought, ₹ per kg (sealed on arrival; R-BID-6, R-BID-7).",
    )


class BidReplaceSerializer(BidSubmitSerializer):
    round = None  # type: ignore[assignment]


class EvaluationSerializer(serializers.Serializer):
    qualified = serializers.BooleanField()
    reasons = serializers.CharField()


class ReceiptSerializer(serializers.Serializer):
    reference = serializers.CharField()
    round = serializers.CharField()
    status = serializers.CharField(help_text="sealed, or opened")
    amount = serializers.CharField(allow_null=True)
    salt = serializers.CharField(allow_null=True)
    receipt = serializers.CharField()
    recomputed = serializers.CharField(
        allow_null=True, help_text="SHA-256 of 'REPM-BID|ref|amount|salt'"
    )
    verified = serializers.BooleanField(allow_null=True)


class PBGSerializer(serializers.ModelSerializer):
    class Meta:
        model = PerformanceBankGuarantee
        fields = ["bank", "number", "amount", "issued_on", "valid_until", "document"]


class BeneficiarySerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="user.organisation", read_only=True)
    pbgs = PBGSerializer(many=True, read_only=True)

    class Meta:
        model = Beneficiary
        fields = [
            "id",
            "round",
            "organisation",
            "status",
            "rank",
            "allocated_capacity_mtpa",
            "quoted_rate",
            "pbg_due",
            "sli_cap",
            "capital_subsidy_cap",
            "irel_oxide_mtpa",
            "oxide_needed_mtpa",
            "own_oxide_mtpa",
            "needs_spv",
            "parameter_version",
            "loi_document",
            "loi_issued_at",
            "spv_name",
            "spv_cin",
            "spv_incorporated_on",
            "loa_document",
            "loa_date",
            "pbgs",
        ]
        read_only_fields = fields


class SPVSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    cin = serializers.CharField(max_length=21)
    incorporated_on = serializers.DateField()


class AwardSerializer(serializers.Serializer):
    loa_date = serializers.DateField(help_text="Starts every milestone clock (R-BID-11).")
