from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView

from repm_portal.accounts import views as accounts_views
from repm_portal.api_docs import ApiDocsView
from repm_portal.web import views as web_views

admin.site.site_header = _("REPM Scheme Portal – administration")
admin.site.site_title = _("REPM Scheme Portal")

urlpatterns = [
    path("", include("repm_portal.web.urls")),
    # The language switch also keeps a signed-in user's choice for their e-mails (R-GOV-2).
    path("i18n/setlang/", accounts_views.language_set, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("repm_portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI in the portal's frame, language and contrast (issue 15).
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz/", web_views.healthz, name="healthz"),
]

handler400 = "repm_portal.web.views.error_400"
handler403 = "repm_portal.web.views.error_403"
handler404 = "repm_portal.web.views.error_404"
handler500 = "repm_portal.web.views.error_500"
