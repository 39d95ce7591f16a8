"""The limited search (A7): a search over every case in Hearth, for whoever has
"person.search", so a child already known elsewhere is found.

For a case the searcher may open, the result links to it as usual. For any
other case the result shows only the minimum - case number, the child's name,
age and sex, the area, and the caseworker with their agency - and no link: the
searcher may ask the caseworker for access (or, with "access.emergency", open it
in an emergency, stating why). Every search is an audit event: what was typed,
how many cases were found and how many of them were outside the searcher's scope."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hearth.access import policy, sensitivity
from hearth.audit.services import record
from hearth.cases.access import visible_cases
from hearth.cases.models import AccessGrant, Case
from hearth.cases.queries import matching
from hearth.core.errors import HearthError, NotFound

MIN_QUERY = 3
LIMIT = 25


@dataclass(frozen=True)
class Found:
    """One case as the searcher may see it in the results."""

    id: uuid.UUID
    number: str
    child_name: str
    age: int | None
    sex: str  # the display label
    sex_code: str
    area: str
    owner: str
    agency: str
    visible: bool  # the searcher may open the case
    pending: bool  # the searcher has asked for access and waits for an answer


def _child_name(user, child) -> str:
    parts = [sensitivity.value(user, child, f) for f in ("given_name", "family_name")]
    if sensitivity.MASK in parts:
        return sensitivity.MASK
    return " ".join(p for p in parts if p)


def minimum(user, case: Case, *, visible: bool = False, pending: bool = False) -> Found:
    """The minimum set of facts (A7) about a case, as this user may see them."""
    child = case.child
    return Found(
        id=case.pk,
        number=case.number,
        child_name=_child_name(user, child),
        age=child.age(),
        sex=str(child.get_sex_display()),
        sex_code=child.sex,
        area=case.location.name,
        owner=str(case.owner),
        agency=str(case.agency),
        visible=visible,
        pending=pending,
    )


def check_query(text: str) -> str:
    text = (text or "").strip()
    if len(text) < MIN_QUERY:
        raise HearthError(
            _("Type at least %(n)s letters of a name, or a case number or an identifier.")
            % {"n": MIN_QUERY},
            field="q",
        )
    return text


def search(user, text: str, *, limit: int = LIMIT) -> tuple[list[Found], int]:
    """Cases matching `text` (case number, child's names, an identifier) across
    Hearth: (the first `limit` results, how many match in all). Audited."""
    policy.require(user, "person.search")
    text = check_query(text)
    qs = (
        Case.objects.filter(is_voided=False)
        .filter(matching(text))
        .select_related("child", "owner", "agency", "location")
        .order_by("-registration_date", "number")
    )
    total = qs.count()
    cases = list(qs[:limit])
    ids = [c.pk for c in cases]
    open_to_me = set(visible_cases(user).filter(pk__in=ids).values_list("pk", flat=True))
    asked = set(
        AccessGrant.objects.filter(
            user=user, case_id__in=ids, status=AccessGrant.Status.PENDING
        ).values_list("case_id", flat=True)
    )
    found = [minimum(user, c, visible=c.pk in open_to_me, pending=c.pk in asked) for c in cases]
    record(
        actor=user,
        action="case.search",
        detail={
            "query": text,
            "results": total,
            "outside_scope": sum(1 for f in found if not f.visible),
        },
    )
    return found, total


def case_for_request(user, pk, permission: str = "person.search") -> tuple[Case, Found]:
    """A case reached from the limited search to ask for access to (with
    "person.search") or to open in an emergency (with "access.emergency"): any case
    in Hearth that is not voided, with only its minimum facts. The Case row goes
    to the service, never to a template."""
    policy.require(user, permission)
    try:
        case = (
            Case.objects.filter(is_voided=False)
            .select_related("child", "owner", "agency", "location", "team")
            .get(pk=pk)
        )
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_("Not found.")) from exc
    visible = policy.can(user, "case.view", case)
    pending = AccessGrant.objects.filter(user=user, case=case, status="pending").exists()
    return case, minimum(user, case, visible=visible, pending=pending)
