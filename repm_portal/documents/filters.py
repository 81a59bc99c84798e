from django_filters import rest_framework as filters

from .models import Document


class DocumentFilter(filters.FilterSet):
    uploaded = filters.DateFromToRangeFilter(
        field_name="uploaded_at__date", label="Uploaded (from – to)"
    )
    title = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Document
        fields = ["kind", "format", "uploaded", "title"]
