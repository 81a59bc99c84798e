from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from repm_portal.errors import DomainError
from repm_portal.exports import export_response
from repm_portal.page_cache import cached_page
from repm_portal.web.forms import add_domain_error

from .downloads import attachment_response
from .filters import DocumentFilter
from .forms import UploadForm
from .selectors import document_for, documents_visible_to
from .services import document_upload


@login_required
@cached_page
def document_list(request: HttpRequest) -> HttpResponseBase:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = document_upload(
                owner=request.user,  # type: ignore[arg-type]
                uploaded=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("“%(name)s” is uploaded.") % {"name": document.title})
            return redirect("web:documents")
    filtered = DocumentFilter(request.GET, queryset=documents_visible_to(request.user))  # type: ignore[arg-type]
    documents = filtered.qs if filtered.is_valid() else documents_visible_to(request.user).none()  # type: ignore[arg-type]
    export = export_response(
        request,
        "documents",
        ["id", "kind", "title", "file", "size", "sha256", "uploaded_at"],
        (
            [
                d.pk,
                d.get_kind_display(),
                d.title,
                d.original_name,
                d.size,
                d.sha256,
                d.uploaded_at.isoformat(),
            ]
            for d in documents
        ),
    )
    if export is not None:
        return export
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "documents/list.html",
        {
            "form": form,
            "filter": filtered,
            "page": Paginator(documents, 25).get_page(request.GET.get("page")),
        },
        status=status,
    )


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    return attachment_response(document_for(request.user, pk))  # type: ignore[arg-type]
