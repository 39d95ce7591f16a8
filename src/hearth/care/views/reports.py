"""Overviews: the exceptions report (F3, F4, F5), the facilities dashboard, the
placement reviews due, and the child population table (H2)."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.care import charts, queries, timeframes
from hearth.care.forms_other import PopulationImportForm
from hearth.care.models import PopulationEstimate
from hearth.care.population import import_population
from hearth.core import clock
from hearth.places.models import Location, LocationLevel
from hearth.web.forms import submit


def _providers_for(user):
    """A manager answers for the providers of their areas; others see the register."""
    permission = "facility.manage" if policy.has_perm(user, "facility.manage") else "care.view"
    return queries.facilities(user, permission), queries.foster_carers(user, permission)


@requires("care.approve_exception")
def exceptions(request):
    user, today = request.user, clock.today()
    facilities, carers = _providers_for(user)
    facilities = list(facilities.filter(is_active=True))
    carers = list(carers.filter(is_active=True))
    gatekeeping_late = [
        a
        for a in queries.gatekeeping_due(user)
        if a.end_date is None and timeframes.gatekeeping_due(a.start_date) < today
    ]
    return render(
        request,
        "care/exceptions.html",
        {
            "safeguards": queries.safeguards_awaiting(user, "care.approve_exception"),
            "unlicensed": [
                p for p in facilities + carers if p.occupied and not p.licensed_on(today)
            ],
            "over_capacity": [p for p in facilities + carers if p.occupied > p.capacity],
            "reviews_overdue": queries.reviews_overdue(user),
            "gatekeeping_late": gatekeeping_late,
        },
    )


LEVEL_PARAM = "level"


@requires("care.view")
def dashboard(request):
    user, today = request.user, clock.today()
    facilities = list(queries.facilities(user).filter(is_active=True))
    rows = [
        {
            "label": f.name,
            "capacity": f.capacity,
            "occupied": f.occupied,
            "link": reverse("care:facility", args=[f.pk]),
        }
        for f in facilities
    ]
    levels = list(LocationLevel.objects.all())
    try:
        depth = int(request.GET.get(LEVEL_PARAM, 1))
    except ValueError:
        depth = 1
    depth = depth if any(level.depth == depth for level in levels) else 1
    by_area: dict[str, dict] = {}
    for f in facilities:
        code = getattr(f.location, f"level_{depth}") or f.location.code
        entry = by_area.setdefault(code, {"code": code, "capacity": 0, "occupied": 0, "count": 0})
        entry["capacity"] += f.capacity
        entry["occupied"] += f.occupied
        entry["count"] += 1
    names = dict(Location.objects.filter(code__in=by_area).values_list("code", "name"))
    area_rows = [
        {
            **entry,
            "label": names.get(code, code),
            "link": reverse("care:facilities") + f"?area={code}",
        }
        for code, entry in sorted(by_area.items(), key=lambda kv: names.get(kv[0], kv[0]))
    ]
    expiring = queries.licences_expiring(user)
    due = queries.reviews_due(user)
    return render(
        request,
        "care/dashboard.html",
        {
            "facility_chart": charts.occupancy_bars(rows),
            "facility_rows": rows,
            "area_chart": charts.occupancy_bars(area_rows),
            "area_rows": area_rows,
            "levels": levels,
            "depth": depth,
            "totals": {
                "capacity": sum(r["capacity"] for r in rows),
                "occupied": sum(r["occupied"] for r in rows),
            },
            "expiring": expiring,
            "expiring_count": expiring.count(),
            "warning_days": timeframes.licence_warning().days,
            "reviews_due": due[:20],
            "reviews_due_count": due.count(),
            "reviews_overdue_count": due.filter(next_review_on__lt=today).count(),
            "today": today,
        },
    )


@requires("care.view")
def reviews_due(request):
    qs = queries.reviews_due(request.user)
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        qs = qs.filter(next_review_on__lt=clock.today())
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "care/reviews_due.html", {"page": page, "overdue": overdue})


@requires("config.manage")
def population(request):
    qs = PopulationEstimate.objects.filter(is_voided=False)
    years = qs.values("year").annotate(children=Sum("count")).order_by("-year")
    return render(request, "care/population.html", {"years": years})


@requires("config.manage")
def population_import(request):
    form = PopulationImportForm(request.POST or None, request.FILES or None)
    result = submit(
        request,
        form,
        lambda data: import_population(
            actor=request.user, text=_read_text(data["file"]), dry_run=data["dry_run"]
        ),
    )
    return render(request, "care/population_import.html", {"form": form, "result": result})


def _read_text(upload) -> str:
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            {"file": _("The file is not text in UTF-8; save it as “CSV UTF-8” and try again.")}
        ) from None
