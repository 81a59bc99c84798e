from rest_framework import serializers

from milestones.models import InvestmentLine
from repm_portal.accounts.models import Role, User
from repm_portal.documents.models import Document

from .models import CapitalSubsidyClaim, ExaminationNote, RejectedRow, SLIClaim


class ExaminationNoteSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(
        source="get_kind_display", read_only=True, help_text="The kind, in the request's language."
    )

    class Meta:
        model = ExaminationNote
        fields = ["kind", "kind_label", "author", "author_name", "written_at", "text"]
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    notes = ExaminationNoteSerializer(
        source="examination_notes", many=True, read_only=True, help_text="R-SLI-9, oldest first."
    )
    progress_pct = serializers.SerializerMethodField(help_text="Rows checked, in per cent.")
    days_with_pma = serializers.SerializerMethodField(
        help_text="Whole days with the PMA, the clock stopped in clarifications (R-SLI-10)."
    )

    class Meta:
        model = SLIClaim
        fields = [
            "id",
            "beneficiary",
            "period_kind",
            "period_start",
            "period_end",
            "status",
            "rows_total",
            "rows_done",
            "rows_rejected",
            "progress_pct",
            "register_error",
            "eligible_quantity_kg",
            "net_turnover",
            "gross",
            "turnover_cap",
            "tenure_remaining",
            "payable",
            "binding_cap",
            "parameter_version",
            "sanctioned_amount",
            "sanction_order",
            "payment_reference",
            "disbursed_on",
            "ie",
            "ie_verified_at",
            "days_with_pma",
            "filed_at",
            "notes",
        ]
        read_only_fields = fields

    def get_days_with_pma(self, claim: SLIClaim) -> int:
        return claim.days_with_pma()

    def get_progress_pct(self, claim: SLIClaim) -> int:
        return claim.progress_pct


class ClaimFileSerializer(serializers.Serializer):
    beneficiary = serializers.IntegerField()
    period = serializers.CharField(help_text="FY2027-28, FY2027-28-H1 or FY2027-28-H2")
    declaration = serializers.BooleanField(help_text="R-SLI-1: indigenous sintered NdFeB.")
    register_document = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all())
    evidence = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), many=True, required=False, default=list
    )


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The question, answer or reasons.")


class DisburseSerializer(serializers.Serializer):
    payment_reference = serializers.CharField(max_length=60)
    disbursed_on = serializers.DateField()


class RejectedRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = RejectedRow
        fields = ["row_number", "invoice_number", "reason"]


class AssignIESerializer(serializers.Serializer):
    ie = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role=Role.IE, is_active=True),
        help_text="The Independent Engineer (a user with the IE role).",
    )


class CapitalLineSerializer(serializers.ModelSerializer):
    """An investment line as counted in the capital subsidy claim (read only)."""

    class Meta:
        model = InvestmentLine
        fields = [
            "id",
            "head",
            "description",
            "vendor",
            "invoice_number",
            "invoice_date",
            "amount",
            "non_creditable_taxes",
            "eligible_amount",
            "exclusion_reasons",
        ]
        read_only_fields = fields


class CapitalClaimSerializer(serializers.ModelSerializer):
    lines = CapitalLineSerializer(many=True, read_only=True)
    notes = ExaminationNoteSerializer(
        source="examination_notes", many=True, read_only=True, help_text="Oldest first."
    )
    days_with_pma = serializers.SerializerMethodField(
        help_text="Whole days with the PMA, the clock stopped in clarifications (R-SLI-10)."
    )

    class Meta:
        model = CapitalSubsidyClaim
        fields = [
            "id",
            "beneficiary",
            "status",
            "commissioned_on",
            "auditor_certificate",
            "investment_reported",
            "eligible_investment",
            "at_rate",
            "cap",
            "capped",
            "payable",
            "parameter_version",
            "ie",
            "ie_verified_at",
            "days_with_pma",
            "sanctioned_amount",
            "sanction_order",
            "payment_reference",
            "disbursed_on",
            "filed_at",
            "notes",
            "lines",
        ]
        read_only_fields = fields

    def get_days_with_pma(self, claim: CapitalSubsidyClaim) -> int:
        return claim.days_with_pma()


class CapitalClaimFileSerializer(serializers.Serializer):
    beneficiary = serializers.IntegerField()
    auditor_certificate = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(),
        help_text="R-CAP-5: the Statutory Auditor's certificate of commencement of sale and "
        "capitalisation of the assets (a PDF certificate you uploaded).",
    )


class LedgerLineSerializer(serializers.Serializer):
    cap = serializers.DecimalField(max_digits=16, decimal_places=2)
    claimed = serializers.DecimalField(max_digits=16, decimal_places=2)
    sanctioned = serializers.DecimalField(max_digits=16, decimal_places=2)
    disbursed = serializers.DecimalField(max_digits=16, decimal_places=2)
    remaining = serializers.DecimalField(max_digits=16, decimal_places=2)


class LedgerSerializer(serializers.Serializer):
    beneficiary = serializers.IntegerField(source="beneficiary.pk")
    organisation = serializers.CharField(source="beneficiary.user.organisation")
    sli = LedgerLineSerializer(help_text="SLI against the Table 3 cap (R-SLI-5).")
    capital = LedgerLineSerializer(help_text="Capital subsidy against the Table 4 cap (R-CAP-4).")
