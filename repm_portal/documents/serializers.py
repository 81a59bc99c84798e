from rest_framework import serializers

from .models import Document, DocumentKind


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.HyperlinkedIdentityField(view_name="api:document-download")

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "title",
            "original_name",
            "format",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=DocumentKind.choices, help_text="What the document is; decides the formats allowed."
    )
    title = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="A short title; defaults to the file name.",
    )
    file = serializers.FileField(help_text="PDF, or CSV/XLSX for invoice registers; 25 MB max.")
