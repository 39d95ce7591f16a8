"""/api/v1/forms and /api/v1/lookups: form schemas and lookup lists, so API clients
can show a form and send answers that `answers.clean` will accept."""

from ninja import Router

from hearth.access import policy
from hearth.access.decorators import api_requires
from hearth.core.api import paginate
from hearth.forms import queries
from hearth.forms.models import FormDefinition, FormVersion

router = Router(tags=["forms"])


def _definition_out(definition: FormDefinition) -> dict:
    current = next(
        (v for v in definition.versions.all() if v.status == FormVersion.Status.PUBLISHED), None
    )
    return {
        "code": definition.code,
        "name": definition.name,
        "kind": definition.kind,
        "description": definition.description,
        "current_version": current.number if current else None,
    }


@router.get("/forms", summary="Forms in use, each with the number of its current version")
@api_requires("api.use")
def form_list(request, kind: str = "", page: int = 1, per: int = 100):
    qs = queries.definitions(request.user, "api.use").filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    return paginate(qs.order_by("code"), page, per, _definition_out)


@router.get(
    "/forms/{code}/versions/{number}",
    summary="One version of a form with its schema (published or retired; drafts "
    "only for those who manage configuration)",
)
@api_requires("api.use")
def form_version(request, code: str, number: int):
    version = queries.version_for(
        request.user, code, number, "api.use", drafts=policy.has_perm(request.user, "config.manage")
    )
    return {
        "form": version.definition.code,
        "name": version.definition.name,
        "number": version.number,
        "status": version.status,
        "published_at": version.published_at,
        "schema": version.schema,
    }


@router.get("/lookups/{code}", summary="A lookup list and its values, with translations")
@api_requires("api.use")
def lookup_detail(request, code: str, include_inactive: bool = False):
    lookup = queries.lookup_for(request.user, code, "api.use")
    values = [v for v in lookup.values.all() if include_inactive or v.is_active]
    return {
        "code": lookup.code,
        "name": lookup.name,
        "values": [
            {
                "code": v.code,
                "label": v.label,
                "translations": v.translations,
                "sort_order": v.sort_order,
                "active": v.is_active,
            }
            for v in values
        ],
    }
