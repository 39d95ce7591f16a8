"""The small world the service, referral and transfer tests share: a directory
built through the services, consent to share, a case whose plan is approved, and
an API client. Plain functions, so each test file wires its own fixtures.

The directory (the case is in North › Lake District › Lakeshore):
  ngo       Children First (in Hearth): mental health, education; serves North
  gov       Social Welfare (in Hearth): family support, legal aid; serves everywhere
  clinic    Lakeside Clinic (outside): health, mental health; serves Lake District
  far       Hill Clinic (outside): health; serves South only
"""

from hearth.accounts import tokens
from hearth.cases import work
from hearth.cases.models import Case, CasePlan, ServiceType
from hearth.cases.services import directory, registration
from hearth.core import writes
from tests.conftest import make_user


def types(*codes):
    return [ServiceType.objects.get(code=c) for c in codes]


def build_directory(admin, agencies, places) -> dict:
    return {
        "ngo": directory.provider_create(
            actor=admin,
            agency=agencies["ngo"],
            service_types=types("mental_health", "education"),
            areas=[places["north"]],
        ),
        "gov": directory.provider_create(
            actor=admin, agency=agencies["gov"], service_types=types("family_support", "legal_aid")
        ),
        "clinic": directory.provider_create(
            actor=admin,
            name="Lakeside Clinic",
            phone="+256 700 000 001",
            service_types=types("health", "mental_health"),
            areas=[places["north_district"]],
        ),
        "far": directory.provider_create(
            actor=admin,
            name="Hill Clinic",
            service_types=types("health"),
            areas=[places["south"]],
        ),
    }


def ngo_supervisor(agencies, places):
    return make_user(
        "ngosupervisor",
        "supervisor",
        agency=agencies["ngo"],
        team=agencies["ngo_team"],
        areas=[places["south"]],
    )


def consent_to_share(actor, case):
    return registration.consent_record(
        actor=actor, case=case, kind="sharing", given=True, given_by="parent"
    )


def approve_plan(case: Case) -> Case:
    """Put the case where an approved plan leaves it. The assessment and plan steps
    have their own services and tests; here only the resulting state matters."""
    plan = CasePlan(case=case, status=CasePlan.Status.APPROVED)
    writes.create(plan, actor=case.owner)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.PLAN_APPROVED)
    work.sync([case.pk])  # written past the services: keep the open work too
    case.refresh_from_db()
    return case


def api(client, user, *, read_only=False):
    _, raw = tokens.token_create(actor=user, name="tests", read_only=read_only)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")
