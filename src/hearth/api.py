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
    "hearth.forms.api",
    "hearth.notify.api",
    "hearth.places.api",
    "hearth.registry.api",
]


def _mount():
    from importlib import import_module

    for module in ROUTERS:
        api.add_router("/", import_module(module).router)


_mount()
