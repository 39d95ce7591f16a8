"""Proposing matches for a tracing request (F8), scored and compared field by field.

Only records whose tracing consent stands are searched: a case whose latest
tracing consent (or override) has not been withdrawn, and the open requests of
relatives who came forward to search (asking is their consent). Names are
compared after transliteration to Latin and folding (registry.names), so a name
written in Cyrillic, Armenian or Khmer matches its Latin spelling."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from hearth.access import policy
from hearth.care.models import TracingRequest
from hearth.cases.duplicates import DIFFERENT, SAME, SIMILAR, UNKNOWN, Comparison
from hearth.cases.models import Case, ConsentRecord
from hearth.core import clock
from hearth.registry.models import Person, age_on
from hearth.registry.names import fold, tokens

THRESHOLD = 40
LIMIT = 10
POOL = 300


@dataclass
class Candidate:
    case: Case
    score: int
    visible: bool
    other_request: TracingRequest | None = None
    fields: list[Comparison] = field(default_factory=list)

    def stored_comparison(self) -> list[dict]:
        return [
            {
                "label": str(c.label),
                "given": _text(c.given),
                "found": _text(c.found),
                "verdict": c.verdict,
            }
            for c in self.fields
        ]


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def names_score(a: str, b: str) -> float:
    left, right = fold(a), fold(b)
    if not left or not right:
        return 0.0
    return max(fuzz.token_sort_ratio(left, right), 0.9 * fuzz.token_set_ratio(left, right)) / 100


def name_verdict(score: float) -> str:
    return SAME if score >= 0.97 else SIMILAR if score >= 0.75 else DIFFERENT


def sought_birth(request: TracingRequest) -> tuple[dt.date | None, bool]:
    """The sought person's date of birth, and whether it is only estimated from an age."""
    if request.sought_date_of_birth:
        return request.sought_date_of_birth, False
    if request.sought_age is not None:
        from hearth.registry.services import birth_date_from_age

        return birth_date_from_age(request.sought_age, request.received_on or clock.today()), True
    return None, True


def birth_score(given: dt.date | None, rough: bool, found: dt.date | None, found_rough: bool):
    if not given or not found:
        return 0.0, UNKNOWN
    if given == found:
        return 1.0, SAME
    days = abs((given - found).days)
    if days <= 400 and (rough or found_rough):
        return 0.6, SIMILAR
    if days <= 31:
        return 0.5, SIMILAR
    if days <= 800 and (rough or found_rough):
        return 0.3, SIMILAR
    return 0.0, DIFFERENT


def place_score(given, found):
    if given is None or found is None:
        return 0.0, UNKNOWN
    if given.pk == found.pk:
        return 1.0, SAME
    parent = given.path.rsplit("/", 2)[0]
    if found.path.startswith(parent + "/"):
        return 0.5, SIMILAR
    if found.path.split("/")[1] == given.path.split("/")[1]:
        return 0.25, SIMILAR
    return 0.0, DIFFERENT


def sex_verdict(given: str, found: str) -> str:
    if not given or given == "unknown" or not found or found == "unknown":
        return UNKNOWN
    return SAME if given == found else DIFFERENT


def consenting_cases():
    """Cases whose tracing consent stands (B3): a tracing consent or override, not
    withdrawn, not voided; never voided cases or duplicates."""
    standing = ConsentRecord.objects.filter(
        case=OuterRef("pk"),
        kind=ConsentRecord.Kind.TRACING,
        withdrawn_on__isnull=True,
        is_voided=False,
    ).filter(Q(given=True) | Q(override=True))
    return Case.objects.filter(Exists(standing), is_voided=False, duplicate_of__isnull=True)


def _compare_child(request: TracingRequest, child: Person, area) -> tuple[float, list[Comparison]]:
    wanted = (
        f"{request.sought_given_name} {request.sought_family_name} {request.sought_other_names}"
    )
    name = names_score(wanted, f"{child.given_name} {child.family_name} {child.other_names}")
    given_birth, rough = sought_birth(request)
    birth, birth_v = birth_score(
        given_birth, rough, child.date_of_birth, child.birth_date_estimated
    )
    sex_v = sex_verdict(request.sought_sex, child.sex)
    place, place_v = place_score(request.last_seen_location, area)
    score = 50 * name + 25 * birth + 10 * (sex_v == SAME) + 15 * place - 25 * (sex_v == DIFFERENT)
    fields = [
        Comparison(_("Name"), request.sought_name, child.full_name, name_verdict(name)),
        Comparison(
            _("Age"),
            request.sought_age
            if request.sought_age is not None
            else age_on(given_birth, clock.today()),
            child.age(),
            birth_v,
        ),
        Comparison(_("Sex"), request.get_sought_sex_display(), child.get_sex_display(), sex_v),
        Comparison(_("Area"), request.last_seen_location, area, place_v),
    ]
    return score, fields


def candidates_for(user, request: TracingRequest) -> list[Candidate]:
    if request.kind == TracingRequest.Kind.CHILD_SOUGHT:
        found = _cases_for(user, request)
    else:
        found = _requests_for(user, request)
    found.sort(key=lambda c: -c.score)
    return found[:LIMIT]


def _cases_for(user, request: TracingRequest) -> list[Candidate]:
    """A relative describes a child: children of consenting cases who may be them."""
    words = tokens(
        f"{request.sought_given_name} {request.sought_family_name} {request.sought_other_names}"
    )
    q = Q()
    for word in words:
        q |= Q(child__search_name__contains=f" {word[:3]}")
    if request.sought_date_of_birth:
        q |= Q(child__date_of_birth=request.sought_date_of_birth)
    if not q:
        return []
    pool = consenting_cases().filter(q)
    if request.case_id:
        pool = pool.exclude(pk=request.case_id)
    pool = list(pool.select_related("child", "location", "owner")[:POOL])
    visible = set(
        policy.visible(user, Case, "case.view")
        .filter(pk__in=[c.pk for c in pool])
        .values_list("pk", flat=True)
    )
    out = []
    for case in pool:
        score, fields = _compare_child(request, case.child, case.location)
        if score >= THRESHOLD:
            out.append(
                Candidate(case=case, score=round(score), visible=case.pk in visible, fields=fields)
            )
    return out


def _requests_for(user, request: TracingRequest) -> list[Candidate]:
    """A child looks for a relative: open requests of relatives searching for a
    child, where the searcher may be the relative sought and the child they
    describe may be this child."""
    case = request.case
    if case is None:  # a search for a child's family always starts from the child's case
        return []
    child = case.child
    words = tokens(f"{child.given_name} {child.family_name} {child.other_names}")
    q = Q()
    for word in words:
        q |= Q(sought_given_name__icontains=word[:3]) | Q(sought_family_name__icontains=word[:3])
    if not q:
        return []
    found = (
        TracingRequest.objects.filter(
            q,
            kind=TracingRequest.Kind.CHILD_SOUGHT,
            status=TracingRequest.Status.OPEN,
            is_voided=False,
        )
        .exclude(pk=request.pk)
        .select_related("location", "last_seen_location")[:POOL]
    )
    pool = list(found)
    visible = set(
        policy.visible(user, TracingRequest, "tracing.manage")
        .filter(pk__in=[r.pk for r in pool])
        .values_list("pk", flat=True)
    )
    out = []
    for other in pool:
        child_score, fields = _compare_child(other, child, case.location)
        relative = names_score(request.sought_name, other.enquirer_name)
        score = 0.6 * child_score + 40 * relative
        fields.insert(
            0,
            Comparison(
                _("Relative sought"),
                request.sought_name,
                other.enquirer_name,
                name_verdict(relative),
            ),
        )
        if score >= THRESHOLD:
            out.append(
                Candidate(
                    case=case,
                    score=round(score),
                    visible=other.pk in visible,
                    other_request=other,
                    fields=fields,
                )
            )
    return out
