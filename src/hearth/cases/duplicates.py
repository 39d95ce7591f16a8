"""Likely duplicates of a child about to be registered (A5), scored and compared
field by field. The search covers every record in Hearth, not only the worker's
own: a child already known elsewhere is what registration must catch. Records the
worker may not open show only the minimum (A7)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from hearth.access import policy
from hearth.registry.models import Person
from hearth.registry.names import fold, tokens

SAME, SIMILAR, DIFFERENT, UNKNOWN = "same", "similar", "different", "unknown"


@dataclass
class Comparison:
    label: object
    given: object
    found: object
    verdict: str


@dataclass
class Candidate:
    person: Person
    score: int
    visible: bool
    fields: list[Comparison] = field(default_factory=list)


def _name_score(a: str, b: str) -> float:
    return fuzz.token_sort_ratio(fold(a), fold(b)) / 100


def _birth_score(given: dt.date | None, found: Person) -> tuple[float, str]:
    if not given or not found.date_of_birth:
        return 0.0, UNKNOWN
    if given == found.date_of_birth:
        return 1.0, SAME
    days = abs((given - found.date_of_birth).days)
    if days <= 366 and found.birth_date_estimated:
        return 0.6, SIMILAR
    if days <= 31 or (given.month, given.day) == (
        found.date_of_birth.month,
        found.date_of_birth.day,
    ):
        return 0.5, SIMILAR
    return 0.0, DIFFERENT


def _place_score(given, found: Person) -> tuple[float, str]:
    if given is None or found.location_id is None:
        return 0.0, UNKNOWN
    if given.pk == found.location_id:
        return 1.0, SAME
    given_parent = given.path.rsplit("/", 2)[0]
    if found.location is not None and found.location.path.startswith(given_parent + "/"):
        return 0.5, SIMILAR
    return 0.0, DIFFERENT


def likely_duplicates(
    user,
    *,
    given_name: str,
    family_name: str = "",
    date_of_birth: dt.date | None = None,
    sex: str = "",
    location=None,
    limit: int = 8,
    threshold: int = 45,
) -> list[Candidate]:
    """People who may be the same child, best first, with a score out of 100."""
    words = tokens(f"{given_name} {family_name}")
    if not words:
        return []
    q = Q()
    for word in words:
        q |= Q(search_name__contains=f" {word[:3]}")
    if date_of_birth:
        q |= Q(date_of_birth=date_of_birth)
    pool = list(Person.objects.filter(q, is_voided=False).select_related("location")[:300])
    visible_ids = set(
        policy.visible(user, Person, "person.view")
        .filter(pk__in=[p.pk for p in pool])
        .values_list("pk", flat=True)
    )
    wanted = f"{given_name} {family_name}"
    candidates = []
    for person in pool:
        name = _name_score(wanted, f"{person.given_name} {person.family_name} {person.other_names}")
        birth, birth_verdict = _birth_score(date_of_birth, person)
        sex_verdict = (
            UNKNOWN
            if not sex or person.sex == "unknown"
            else (SAME if sex == person.sex else DIFFERENT)
        )
        place, place_verdict = _place_score(location, person)
        score = 55 * name + 25 * birth + 10 * (sex_verdict == SAME) + 10 * place
        if sex_verdict == DIFFERENT:
            score -= 20
        if score < threshold:
            continue
        name_verdict = SAME if name >= 0.97 else SIMILAR if name >= 0.75 else DIFFERENT
        candidates.append(
            Candidate(
                person=person,
                score=round(score),
                visible=person.pk in visible_ids,
                fields=[
                    Comparison(_("Name"), wanted.strip(), person.full_name, name_verdict),
                    Comparison(
                        _("Date of birth"), date_of_birth, person.date_of_birth, birth_verdict
                    ),
                    Comparison(_("Sex"), sex, person.sex, sex_verdict),
                    Comparison(_("Area"), location, person.location, place_verdict),
                ],
            )
        )
    candidates.sort(key=lambda c: -c.score)
    return candidates[:limit]
