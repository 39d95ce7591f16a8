"""Reads for the service directory, services, referrals and transfers. Anything
about a case starts from the cases the reader may see; the directory itself is
configuration that every case worker may read."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from hearth.access import policy
from hearth.cases.access import addressed_to, visible_cases
from hearth.cases.models import Referral, Service, ServiceProvider, ServiceType, Transfer
from hearth.core import clock
from hearth.core.errors import NotFound


def area_paths_up(location) -> list[str]:
    """The paths of `location` and every area above it: a provider serving any of
    them serves `location` ("/N/", "/N/N1/", "/N/N1/N1A/")."""
    codes = location.path.strip("/").split("/")
    return ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]


def serving(qs: QuerySet, location) -> QuerySet:
    """Entries serving `location`: listed for it or an area above it, or listing
    no area at all (they serve everywhere)."""
    return qs.filter(Q(areas__path__in=area_paths_up(location)) | Q(areas__isnull=True)).distinct()


def active_service_types() -> QuerySet:
    return ServiceType.objects.filter(is_active=True)


def directory(
    *, service_type=None, area=None, text: str = "", include_inactive: bool = False
) -> QuerySet:
    """The directory, filtered by the service offered and the area served."""
    qs: QuerySet = ServiceProvider.objects.filter(is_voided=False)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if service_type is not None:
        qs = qs.filter(service_types=service_type)
    if area is not None:
        qs = serving(qs, area)
    if text.strip():
        qs = qs.filter(name__icontains=text.strip())
    return qs.select_related("agency").prefetch_related("service_types", "areas").order_by("name")


def providers_for(service_type, location) -> QuerySet:
    """Who may receive a referral for `service_type` about a child in `location`:
    active entries offering it there (agencies in Hearth must be active too)."""
    qs = directory(service_type=service_type, area=location)
    return qs.exclude(agency__is_active=False)


def responders(agency) -> list:
    """The people of `agency` who may answer referrals (referral.respond)."""
    users = (
        get_user_model()
        .objects.filter(agency=agency, is_active=True)
        .prefetch_related("roles")
        .order_by("first_name", "last_name", "username")
    )
    return [u for u in users if policy.has_perm(u, "referral.respond")]


def case_workers(agency) -> list:
    """Active people of `agency` who can hold cases (case.work)."""
    users = (
        get_user_model()
        .objects.filter(agency=agency, is_active=True)
        .prefetch_related("roles")
        .order_by("first_name", "last_name", "username")
    )
    return [u for u in users if policy.has_perm(u, "case.work")]


def reassigners(agency) -> list:
    """Who answers a transfer to `agency`: its people with case.reassign."""
    users = get_user_model().objects.filter(agency=agency, is_active=True).prefetch_related("roles")
    return [u for u in users if policy.has_perm(u, "case.reassign")]


# --- services ---------------------------------------------------------------------


def overdue_services(qs: QuerySet | None = None) -> QuerySet:
    """Planned services past their due date (D2): a query, never a stored flag."""
    qs = Service.objects.all() if qs is None else qs
    return qs.filter(status=Service.Status.PLANNED, due_on__lt=clock.today(), is_voided=False)


def is_overdue_service(service: Service, today) -> bool:
    """`overdue_services`' rule for one live service already read."""
    return service.status == Service.Status.PLANNED and service.due_on < today


def services_of(case) -> QuerySet:
    return case.services.filter(is_voided=False).select_related(
        "service_type", "provided_by_user", "provided_by_agency", "provider", "referral", "action"
    )


def service_for(user, pk) -> Service:
    """A service on a case the reader may see, or NotFound."""
    service = (
        Service.objects.filter(pk=pk, is_voided=False, case__in=visible_cases(user))
        .select_related("case", "service_type")
        .first()
    )
    if service is None:
        raise NotFound("Not found.")
    return service


# --- referrals --------------------------------------------------------------------


def is_referral_recipient(user, referral: Referral) -> bool:
    if referral.to_user_id:
        return referral.to_user_id == user.pk
    return bool(
        referral.to_agency_id
        and referral.to_agency_id == user.agency_id
        and policy.has_perm(user, "referral.respond")
    )


def referrals_incoming(user) -> QuerySet:
    """Active referrals addressed to the user, or to their agency when they may
    answer for it. Finished ones drop off: the case is no longer theirs to see."""
    return (
        Referral.objects.filter(
            addressed_to(user, "referral.respond"),
            status__in=Referral.ACTIVE,
            is_voided=False,
            case__is_voided=False,
        )
        .select_related("case", "case__child", "service_type", "created_by", "to_user", "to_agency")
        .order_by("-status", "respond_by", "created_at")  # pending first
    )


def overdue_referrals(qs: QuerySet | None = None) -> QuerySet:
    """Referrals still waiting for an answer after their respond-by date."""
    qs = Referral.objects.all() if qs is None else qs
    return qs.filter(status=Referral.Status.PENDING, respond_by__lt=clock.today())


def is_overdue_referral(referral: Referral, today) -> bool:
    """`overdue_referrals`' rule for one referral already read."""
    return (
        referral.status == Referral.Status.PENDING
        and referral.respond_by is not None
        and (referral.respond_by < today)
    )


def referrals_of(case) -> QuerySet:
    return case.referrals.filter(is_voided=False).select_related(
        "service_type", "to_user", "to_agency", "to_provider", "created_by", "responded_by"
    )


def referral_for(user, pk) -> Referral:
    """A referral on a case the reader may see (recipients see the case while the
    referral is active), or NotFound."""
    referral = (
        Referral.objects.filter(pk=pk, is_voided=False, case__in=visible_cases(user))
        .select_related("case", "service_type", "to_user", "to_agency", "to_provider")
        .first()
    )
    if referral is None:
        raise NotFound("Not found.")
    return referral


# --- transfers --------------------------------------------------------------------


def is_transfer_recipient(user, transfer: Transfer) -> bool:
    if transfer.to_user_id:
        return transfer.to_user_id == user.pk
    return bool(
        transfer.to_agency_id
        and transfer.to_agency_id == user.agency_id
        and policy.has_perm(user, "case.reassign")
    )


def transfers_incoming(user) -> QuerySet:
    return (
        Transfer.objects.filter(
            addressed_to(user, "case.reassign"),
            status=Transfer.Status.PENDING,
            is_voided=False,
            case__is_voided=False,
        )
        .select_related("case", "case__child", "from_user", "created_by", "to_user", "to_agency")
        .order_by("created_at")
    )


def transfers_of(case) -> QuerySet:
    return case.transfers.filter(is_voided=False).select_related(
        "from_user", "to_user", "to_agency", "new_owner", "created_by", "responded_by"
    )


def transfer_for(user, pk) -> Transfer:
    transfer = (
        Transfer.objects.filter(pk=pk, is_voided=False, case__in=visible_cases(user))
        .select_related("case", "to_user", "to_agency", "from_user")
        .first()
    )
    if transfer is None:
        raise NotFound("Not found.")
    return transfer
