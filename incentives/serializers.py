from rest_framework import serializers

from repm_portal.documents.models import Document

from .models import RejectedRow, SLIClaim


class ClaimSerializer(serializers.ModelSerializer):
    progress_pct = serializers.SerializerMethodField(help_text="Rows checked, in per cent.")

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
            "filed_at",
            "notes",
        ]
        read_only_fields = fields

    def get_progress_pct(self, claim: SLIClaim) -> int:
        if claim.status != "processing":
            return 100
        return min(99, int(claim.rows_done * 100 / max(claim.rows_total, claim.rows_done, 1)))


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
