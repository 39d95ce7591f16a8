"""What the "no way around the policy" walkers aim at: one case of `worker`, with
something of every kind around it (consent, a co-worker, the child's identifier,
a relative, a household, a note, an access request by someone else), and how to
put each of them into a route's ids.

Adding a route whose ids the walkers do not know yet? Add a Fill below (or in
your own module, with `FILLS.append`) saying how to get such an object for the
target case; until then the walkers skip the route and say why."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from hearth.cases.models import AccessGrant, CaseNote
from hearth.cases.services import access_requests, registration
from hearth.core import writes
from hearth.notify.models import Notification
from hearth.registry import services as registry

# Text that must never reach someone outside the case's scope, in any response.
SECRETS = {
    "summary": "Burns on both palms, says the stepfather did it",
    "identified_by": "Headteacher Okot",
    "note": "Stepfather Kizza threatens to move the family",
    "mother": "Mercy Atieno",
    "identifier": "BR-2016-77123",
    "address": "Plot 19, Fisherman Lane",
}
# Plain words only: a quote or an ampersand would be escaped in a page and a leak
# of it would go unseen.
assert not any(set(text) & set("<>&'\"") for text in SECRETS.values())


@dataclass
class Target:
    case: object
    owner: object
    objects: dict = field(default_factory=dict)
    # People with a reason to use the case's routes: one of them reaches each.
    insiders: list = field(default_factory=list)

    @property
    def child(self):
        return self.case.child


@dataclass(frozen=True)
class Fill:
    """Route ids named `param`, in a route matching `route` (a regular expression
    on the route's pattern, e.g. r"^cases/<uuid:pk>/"), are filled by `value`."""

    route: str
    param: str
    value: Callable[[Target], object]

    def applies(self, route: str, param: str) -> bool:
        return param == self.param and re.search(self.route, route) is not None


def _object(name):
    return lambda target: target.objects[name].pk


FILLS: list[Fill] = [
    # Pages (Django route patterns)
    Fill(r"^cases/<uuid:pk>/", "pk", lambda t: t.case.pk),
    Fill(r"^cases/search/<uuid:pk>/", "pk", lambda t: t.case.pk),
    Fill(r"^cases/access/<uuid:pk>/", "pk", _object("grant")),
    Fill(r"", "consent_pk", lambda t: t.case.consents.first().pk),
    Fill(r"", "assignment_pk", _object("assignment")),
    Fill(r"", "case_pk", lambda t: t.case.pk),
    Fill(r"", "case_id", lambda t: t.case.pk),
    Fill(r"", "case_number", lambda t: t.case.number),
    Fill(r"(^|/)cases?[/-]", "number", lambda t: t.case.number),
    Fill(r"^registry/people/<uuid:pk>/", "pk", lambda t: t.child.pk),
    Fill(r"", "identifier_pk", _object("identifier")),
    Fill(r"", "relationship_pk", _object("relationship")),
    Fill(r"^registry/households/<uuid:pk>/", "pk", _object("household")),
    Fill(r"", "member_pk", _object("member")),
    # API (paths with {param})
    Fill(r"", "person_id", lambda t: t.child.pk),
    Fill(r"", "household_id", _object("household")),
    Fill(r"", "grant_id", _object("grant")),
    Fill(r"", "notification_id", _object("notification")),
    # Ids inside API request bodies
    Fill(r"", "relative", _object("mother")),
    Fill(r"", "person", lambda t: t.child.pk),
    Fill(r"", "child", lambda t: t.child.pk),
]


def fill_for(route: str, param: str) -> Fill | None:
    return next((f for f in FILLS if f.applies(route, param)), None)


def build(make_case, owner, supervisor, teammate, requester) -> Target:
    """The target case and everything around it, made through the services."""
    case = make_case(owner, summary=SECRETS["summary"], identified_by=SECRETS["identified_by"])
    child = case.child
    target = Target(case=case, owner=owner, insiders=[owner, supervisor, requester])
    target.objects["assignment"] = registration.assignment_add(
        actor=supervisor, case=case, user=teammate, note="Home visits"
    )
    target.objects["identifier"] = registry.identifier_add(
        actor=owner, person=child, type="birth_registration", value=SECRETS["identifier"]
    )
    given, family = SECRETS["mother"].split()
    mother = registry.person_create(actor=owner, given_name=given, family_name=family, sex="female")
    target.objects["mother"] = mother
    target.objects["relationship"] = registry.relationship_add(
        actor=owner, person=child, relative=mother, kind="mother", is_caregiver=True
    )
    household = registry.household_create(
        actor=owner, name="Atieno household", address=SECRETS["address"]
    )
    target.objects["household"] = household
    target.objects["member"] = registry.household_member_add(
        actor=owner, household=household, person=child
    )
    writes.create(CaseNote(case=case, text=SECRETS["note"]), actor=owner)
    target.objects["grant"] = access_requests.access_request(
        actor=requester, case=case, reason="We met the child at the clinic in the South."
    )
    target.objects["notification"] = Notification.objects.filter(
        recipient=owner, case_id=case.pk
    ).first()
    assert isinstance(target.objects["grant"], AccessGrant)
    assert target.objects["notification"] is not None
    return target
