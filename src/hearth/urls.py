from django.contrib import admin
from django.urls import include, path

from hearth.api import api
from hearth.web.views import healthz

urlpatterns = [
    path("", include("hearth.web.urls")),
    path("accounts/", include("hearth.accounts.urls")),
    path("access/", include("hearth.access.urls")),
    path("registry/", include("hearth.registry.urls")),
    path("places/", include("hearth.places.urls")),
    path("notifications/", include("hearth.notify.urls")),
    path("forms/", include("hearth.forms.urls")),
    path("cases/", include("hearth.cases.urls")),
    path("care/", include("hearth.care.urls")),
    path("audit/", include("hearth.audit.urls")),
    path("exports/", include("hearth.reports.export_urls")),
    path("quality/", include("hearth.reports.quality_urls")),
    path("reports/dhis2/", include("hearth.reports.dhis2.urls")),
    path("reports/", include("hearth.reports.builder.urls")),
    path("reports/", include("hearth.reports.dashboards.urls")),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
]
