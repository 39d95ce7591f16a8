"""Children with households, caregivers and siblings, registered by the demo
caseworkers in their own areas. Names come in the scripts Hearth must handle."""

import datetime as dt
import random

from hearth.core import clock
from hearth.places.models import Location
from hearth.registry import services
from hearth.registry.models import HouseholdMember, Relationship

GIVEN_F = [
    "Amina",
    "Grace",
    "Faith",
    "Mercy",
    "Joy",
    "Aisha",
    "Nalongo",
    "Akello",
    "Zawadi",
    "Imani",
    "Neema",
    "Halima",
    "Rehema",
    "Sanyu",
    "Apio",
    "Mariam",
    "Esther",
    "Agnes",
]
GIVEN_M = [
    "John",
    "Peter",
    "Brian",
    "Moses",
    "Isaac",
    "Daniel",
    "Samuel",
    "Okello",
    "Baraka",
    "Juma",
    "Tendo",
    "Kato",
    "Musa",
    "Yusuf",
    "Emmanuel",
    "Simon",
    "Opio",
    "Kiiza",
]
FAMILY = [
    "Okello",
    "Mwangi",
    "Atieno",
    "Kato",
    "Nanyonga",
    "Ochieng",
    "Wanjiru",
    "Ssali",
    "Mutesi",
    "Odhiambo",
    "Achieng",
    "Kiprop",
    "Namukasa",
    "Otieno",
    "Byaruhanga",
    "Nakato",
    "Mugisha",
    "Auma",
    "Tumusiime",
    "Wekesa",
]
# A few families whose names were written in their own script.
OTHER_SCRIPTS = [
    ("Мария", "Иванова", "female"),
    ("Алексей", "Петров", "male"),
    ("Անի", "Հակոբյան", "female"),
    ("Արամ", "Սարգսյան", "male"),
    ("សុភា", "ចាន់", "female"),
    ("វិចិត្រ", "សុខ", "male"),
    ("Zoë", "Müller", "female"),
    ("José", "Ñúñez", "male"),
]


def _birth(rng, today, min_age, max_age) -> dt.date:
    return today - dt.timedelta(days=rng.randint(min_age * 365 + 1, max_age * 365 + 300))


def build(
    workers_by_region: dict[str, list], count: int = 500, seed: int = 2026, progress=None
) -> int:
    """Register `count` children. `workers_by_region` maps a region code to the
    caseworkers who register children there."""
    rng = random.Random(seed)
    today = clock.today()
    leaves_by_region: dict[str, list[Location]] = {}
    for leaf in Location.objects.filter(depth=3):
        leaves_by_region.setdefault(leaf.path.strip("/").split("/")[0], []).append(leaf)
    regions = sorted(workers_by_region)
    made = 0
    while made < count:
        region = regions[made % len(regions)]
        worker = rng.choice(workers_by_region[region])
        area = rng.choice(leaves_by_region[region])
        made += _family(rng, today, worker, area, count - made)
        if progress:
            progress(min(made, count), count)
    return made


def _family(rng, today, worker, area, room: int) -> int:
    """One household: caregivers, one to three children. Returns children made."""
    if rng.random() < 0.06:
        given, family, sex = rng.choice(OTHER_SCRIPTS)
        child_names = [(given, sex)]
    else:
        family = rng.choice(FAMILY)
        child_names = []
        for _ in range(min(room, rng.choice([1, 1, 1, 2, 2, 3]))):
            sex = rng.choice(["female", "male"])
            child_names.append((rng.choice(GIVEN_F if sex == "female" else GIVEN_M), sex))
    household = services.household_create(
        actor=worker,
        name=f"{family} family",
        location=area,
        address=f"Near the {rng.choice(['market', 'school', 'church', 'mosque', 'borehole'])}",
    )
    kinds = rng.choice(
        [["mother"], ["mother", "father"], ["grandparent"], ["aunt_uncle"], ["mother"], ["father"]]
    )
    caregivers = []
    for index, kind in enumerate(kinds):
        female = kind in ("mother", "grandparent", "aunt_uncle") and (
            kind != "aunt_uncle" or rng.random() < 0.7
        )
        age = (55, 75) if kind == "grandparent" else (22, 50)
        caregiver = services.person_create(
            actor=worker,
            given_name=rng.choice(GIVEN_F if female else GIVEN_M),
            family_name=family,
            sex="female" if female else "male",
            date_of_birth=_birth(rng, today, *age),
            location=area,
            phone=f"+256 7{rng.randint(10, 99)} {rng.randint(100000, 999999)}",
            identifiers=[{"type": "national_id", "value": f"CM{rng.randint(10**9, 10**10 - 1)}"}]
            if rng.random() < 0.7
            else [],
        )
        services.household_member_add(
            actor=worker,
            household=household,
            person=caregiver,
            relation_to_head=HouseholdMember.Relation.HEAD
            if index == 0
            else HouseholdMember.Relation.SPOUSE,
            is_primary_caregiver=index == 0,
            start_date=_birth(rng, today, 3, 15),
        )
        caregivers.append((caregiver, kind))
    children = []
    for given, sex in child_names:
        estimated = rng.random() < 0.15
        child = services.person_create(
            actor=worker,
            given_name=given,
            family_name=family,
            sex=sex,
            date_of_birth=_birth(rng, today, 0, 17),
            birth_date_estimated=estimated,
            has_disability="yes" if rng.random() < 0.08 else "no",
            location=area,
            nationality="Ruvalan",
            languages=rng.choice(["Luganda", "Swahili", "English"]),
            identifiers=[
                {
                    "type": "birth_registration",
                    "value": f"BR-{rng.randint(100000, 999999)}-{rng.randint(10, 99)}",
                }
            ]
            if rng.random() < 0.6
            else [],
        )
        if child.has_disability == "yes":
            services.person_update(
                actor=worker,
                person=child,
                disabilities=[rng.choice(["walking", "seeing", "cognition"])],
            )
        services.household_member_add(
            actor=worker,
            household=household,
            person=child,
            relation_to_head=HouseholdMember.Relation.CHILD,
            start_date=child.date_of_birth,
        )
        for caregiver, kind in caregivers:
            services.relationship_add(
                actor=worker,
                person=child,
                relative=caregiver,
                kind=Relationship.Kind(kind),
                is_caregiver=True,
                lives_with=True,
                start_date=child.date_of_birth,
            )
        children.append(child)
    for older, younger in zip(children, children[1:], strict=False):
        services.relationship_add(
            actor=worker,
            person=younger,
            relative=older,
            kind=Relationship.Kind.SIBLING,
            lives_with=True,
        )
    return len(children)
