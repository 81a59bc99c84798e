from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from .downloads import attachment_response
from .filters import DocumentFilter
from .models import Document
from .selectors import document_for, documents_visible_to
from .serializers import DocumentSerializer, DocumentUploadSerializer
from .services import document_upload


class DocumentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Private documents: a user lists and reads only their own and those shared with them."""

    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    ordering_fields = ["uploaded_at", "title", "size"]
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Document]:
        return documents_visible_to(self.request.user)  # type: ignore[arg-type]

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(
            DocumentSerializer(
                document_for(request.user, pk),  # type: ignore[arg-type]
                context={"request": request},
            ).data
        )

    @extend_schema(request=DocumentUploadSerializer, responses={201: DocumentSerializer})
    def create(self, request: Request) -> Response:
        data = DocumentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = document_upload(
            owner=request.user,  # type: ignore[arg-type]
            uploaded=data.validated_data["file"],
            kind=data.validated_data["kind"],
            title=data.validated_data.get("title", ""),
        )
        return Response(
            DocumentSerializer(document, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                description="The file, as an attachment"
            )
        }
    )
    @action(detail=True)
    def download(self, request: Request, pk: str) -> FileResponse:
        return attachment_response(document_for(request.user, pk))  # type: ignore[arg-type]
