"""/api/v1/locations: the hierarchy, readable by any API user (it holds no personal data)."""

import uuid

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Router

from hearth.access.decorators import api_requires
from hearth.core.api import paginate
from hearth.places.models import Location, LocationLevel

router = Router(tags=["places"])


def location_out(location: Location) -> dict:
    return {
        "id": location.pk,
        "code": location.code,
        "name": location.name,
        "parent": location.parent_id,
        "depth": location.depth,
        "path": location.path,
    }


@router.get("/locations", summary="Locations, filtered by name/code, parent or level")
@api_requires("api.use")
def location_list(
    request,
    q: str = "",
    parent: uuid.UUID | None = None,
    depth: int | None = None,
    page: int = 1,
    per: int = 100,
):
    qs = Location.objects.filter(is_voided=False).order_by("path")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q))
    if parent:
        qs = qs.filter(parent_id=parent)
    if depth:
        qs = qs.filter(depth=depth)
    return paginate(qs, page, per, location_out)


@router.get("/locations/{location_id}", summary="One location")
@api_requires("api.use")
def location_detail(request, location_id: uuid.UUID):
    return location_out(get_object_or_404(Location, pk=location_id, is_voided=False))


@router.get("/location-levels", summary="The levels of the hierarchy and their names")
@api_requires("api.use")
def level_list(request):
    return [{"depth": lv.depth, "name": lv.name} for lv in LocationLevel.objects.all()]
