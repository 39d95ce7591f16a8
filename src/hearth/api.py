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


def _mount():
    from hearth.accounts.api import router as accounts
    from hearth.audit.api import router as audit
    from hearth.places.api import router as places
    from hearth.registry.api import router as registry

    for router in (registry, places, accounts, audit):
        api.add_router("/", router)


_mount()
