"""How registry records fall under the access policy, and how sensitive their fields are."""

from django.db.models import Exists, OuterRef

from hearth.access import policy
from hearth.access.sensitivity import Level, declare
from hearth.registry.models import Household, HouseholdMember, Person

PERSON_SCOPE = policy.ScopePaths(
    owner="created_by", team="created_by__team", agency="agency", area="location"
)
policy.register(Person, PERSON_SCOPE)
policy.register(Household, PERSON_SCOPE)


def _households_of_visible_people(user, permission):
    """A household is open to whoever may do the same to one of its members."""
    people = policy.visible(user, Person, permission)
    return Exists(
        HouseholdMember.objects.filter(
            household=OuterRef("pk"), is_voided=False, person__in=people.values("pk")
        )
    )


policy.also_visible(Household, _households_of_visible_people)

declare(
    "registry.person",
    given_name=Level.IDENTIFYING,
    family_name=Level.IDENTIFYING,
    other_names=Level.IDENTIFYING,
    date_of_birth=Level.IDENTIFYING,
    address=Level.IDENTIFYING,
    phone=Level.IDENTIFYING,
    email=Level.IDENTIFYING,
    disabilities=Level.SENSITIVE,
    search_name=Level.IDENTIFYING,
)
declare("registry.personidentifier", value=Level.IDENTIFYING, key=Level.IDENTIFYING)
declare("registry.household", address=Level.IDENTIFYING, phone=Level.IDENTIFYING)
declare("registry.relationship", notes=Level.SENSITIVE)
