"""/api/v1/agencies and teams: who works in Hearth, for referral and transfer pickers."""

from ninja import Router

from hearth.access import policy
from hearth.access.decorators import api_requires
from hearth.accounts.models import Agency
from hearth.core.api import paginate

router = Router(tags=["accounts"])


def agency_out(agency: Agency) -> dict:
    return {
        "id": agency.pk,
        "name": agency.name,
        "short_name": agency.short_name,
        "code": agency.code,
        "kind": agency.kind,
        "location": agency.location_id,
        "teams": [{"id": t.pk, "name": t.name} for t in agency.teams.all()],
    }


@router.get("/agencies", summary="Active agencies and their teams")
@api_requires("api.use")
def agency_list(request, q: str = "", page: int = 1, per: int = 100):
    qs = Agency.objects.filter(is_active=True, is_voided=False).prefetch_related("teams")
    if q:
        qs = qs.filter(name__icontains=q)
    return paginate(qs.order_by("name"), page, per, agency_out)


@router.get("/me", summary="The signed-in user, their roles and permissions")
@api_requires("api.use")
def me(request):
    user = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.get_full_name(),
        "agency": user.agency_id,
        "team": user.team_id,
        "roles": [r.code for r in policy.roles_of(user)],
        "permissions": sorted(policy.permissions_of(user)),
    }
