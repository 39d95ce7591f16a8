"""`hearth demo-data`: a small, complete world for trying Hearth."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hearth.access.permissions import STANDARD_ROLES
from hearth.accounts.models import Agency, User
from hearth.places.models import Location, LocationLevel
from hearth.registry import queries
from hearth.registry.models import Household, HouseholdMember, Person, Relationship


def demo(*args):
    out = StringIO()
    call_command("demo-data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def built(db):
    demo("--children", "20", "--cases", "8")


def test_the_demo_world(built):
    assert list(LocationLevel.objects.values_list("depth", flat=True)) == [1, 2, 3]
    assert Location.objects.filter(depth=1).count() == 4
    assert Location.objects.filter(depth=3).count() == 36
    assert Agency.objects.count() == 4
    roles = set(User.objects.values_list("roles__code", flat=True))
    assert set(STANDARD_ROLES) <= roles
    assert User.objects.get(username="sysadmin").is_superuser
    assert User.objects.get(username="worker").check_password("hearth-demo-2026")


def test_the_demo_children_have_families(built):
    children = Person.objects.filter(memberships__relation_to_head="child").distinct()
    assert children.count() == 20
    for child in children:
        membership = HouseholdMember.objects.get(person=child)
        assert membership.household.members.filter(relation_to_head="head").count() == 1
        assert Relationship.objects.filter(person=child, is_caregiver=True).exists()
        assert child.location.depth == 3
        assert child.created_by.roles.filter(code="caseworker").exists()
    assert Household.objects.count() >= 7  # one to three children each


def test_demo_workers_see_their_own_children(built):
    worker = User.objects.get(username="worker")
    mine = queries.people(worker)
    assert mine.exists()
    assert set(mine.values_list("created_by", flat=True)) == {worker.pk}
    assert not queries.people(User.objects.get(username="admin")).exists()


def test_if_empty_does_nothing_the_second_time(built):
    people = Person.objects.count()
    out = demo("--if-empty", "--children", "20")
    assert "already has data" in out
    assert Person.objects.count() == people
    with pytest.raises(CommandError):
        demo("--children", "5")


def test_the_demo_has_cases_made_through_the_services(built):
    from hearth.audit.models import AuditEvent
    from hearth.cases.models import Case

    cases = list(Case.objects.select_related("child", "owner"))
    assert 1 <= len(cases) <= 8
    for case in cases:
        assert case.owner == case.child.created_by
        assert AuditEvent.objects.filter(action="case.register", object_id=str(case.pk)).exists()
        assert case.consents.filter(kind="services").exists()
