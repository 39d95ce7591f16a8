"""/api/v1: one NinjaAPI with every app's router. OpenAPI at /api/v1/openapi.json,
interactive docs at /api/v1/docs."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from hearth.core.api import AUTH, install_error_handlers

api = NinjaAPI(
    title="Hearth API",
    version="1",
    description=str(
        _(
            "Case management for child protection and appropriate care. Authenticate with a "
            "personal token (Authorization: Bearer <token>) created on your account page. "
            "Every endpoint applies the same access policy as the web pages."
        )
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
)
install_error_handlers(api)

# One router per app (or per topic in a large app), mounted at /api/v1/.
ROUTERS = [
    "hearth.accounts.api",
    "hearth.audit.api",
    "hearth.care.api.arrangements",
    "hearth.care.api.providers",
    "hearth.care.api.reintegration",
    "hearth.care.api.tracing",
    "hearth.cases.api.case",
    "hearth.cases.api.delivery",
    "hearth.cases.api.directory",
    "hearth.cases.api.referral",
    "hearth.cases.api.transfer",
    "hearth.cases.api.assessment",
    "hearth.cases.api.plan",
    "hearth.cases.api.approval",
    "hearth.cases.api.closure",
    "hearth.cases.api.court",
    "hearth.cases.api.followup",
    "hearth.cases.api.notes",
    "hearth.cases.api.review",
    "hearth.cases.api.access",
    "hearth.cases.api.tasks",
    "hearth.forms.api",
    "hearth.notify.api",
    "hearth.places.api",
    "hearth.registry.api",
    "hearth.reports.export_api",
    "hearth.reports.quality_api",
    "hearth.reports.dhis2.api",
    "hearth.reports.builder.api",
    "hearth.reports.indicators_api",
]


def _mount():
    from importlib import import_module

    for module in ROUTERS:
        api.add_router("/", import_module(module).router)


_mount()
