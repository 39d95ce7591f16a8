"""Benchmark: the manager dashboard for the whole country and for one region, and
one indicator crossed by sex x age group x region, must each take under 1 s
(median) at 1,000,000 cases on PostgreSQL and under 2 s at 200,000 on SQLite.

    python -m tests.bench.reports                       # SQLite: var/bench-reports.sqlite3
    DATABASE_URL=postgres://.../hearth_bench_reports python -m tests.bench.reports --cases 1000000
    python -m tests.bench.reports --cases 20000 --runs 3   # a smaller run

The cases, children and areas come from the exports benchmark's generator
(tests/bench/exports.py); this adds what the indicators need, in bulk: completed
assessments, approved case plans, services, follow-ups, referrals, approved
closures and care arrangements. A database that already has them is reused. Each
measurement renders the real page (or computes the indicator) several times and
reports the median. Results: docs/performance.md, "Dashboards and indicators"."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup() -> None:
    var = Path(os.environ.get("HEARTH_VAR_DIR", ROOT / "var"))
    var.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var / 'bench-reports.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def ensure_postgres_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database when it does not exist yet."""
    import psycopg

    name = url.rsplit("/", 1)[-1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}")


# --- making the data ---------------------------------------------------------------


def add_casework(batch: int = 5000) -> None:
    """Give every generated case the rows its status implies (done once)."""
    import datetime as dt
    import random

    from django.db import transaction
    from django.utils import timezone

    from hearth.care.models import CareArrangement, CareType
    from hearth.cases.models import (
        Assessment,
        Case,
        CasePlan,
        Closure,
        FollowUp,
        Referral,
        Service,
        ServiceType,
    )
    from hearth.forms.models import FormVersion

    todo = Case.objects.filter(number__startswith="BX-", assessments__isnull=True).exclude(
        status=Case.Status.REGISTERED
    )
    left = todo.count()
    if not left:
        print("Reusing the casework rows already there")
        return
    print(f"Adding assessments, plans, services and more to {left:,} cases...", flush=True)
    rng = random.Random(7)
    form = FormVersion.objects.current("initial_assessment")
    kinds = list(ServiceType.objects.all())
    types = {t.setting: t for t in CareType.objects.all()}
    parental = CareType.objects.get(code="parental")
    care_types = [t for t in types.values() if t.setting != "parental"] or [parental]
    hours = {"high": 24, "medium": 72, "low": 168}
    later = ("plan_approved", "in_implementation", "under_review", "closed")
    started, done = time.perf_counter(), 0

    def at(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))

    while True:
        cases = list(
            todo.order_by("pk").values(
                "pk", "child_id", "status", "registration_date", "risk_level", "closed_on"
            )[:batch]
        )
        if not cases:
            break
        rows = {m: [] for m in ("a", "p", "s", "f", "r", "c", "k")}
        due_updates = []
        for c in cases:
            registered = c["registration_date"]
            assessed = registered + dt.timedelta(days=rng.choice([0, 1, 1, 2, 3, 5, 8, 12, 20]))
            rows["a"].append(
                Assessment(case_id=c["pk"], form_version=form, status="approved",
                           assessed_on=assessed, completed_at=at(assessed))
            )  # fmt: skip
            due = at(registered) + dt.timedelta(hours=hours[c["risk_level"]])
            plan_due = assessed + dt.timedelta(days=14)
            due_updates.append((c["pk"], due, plan_due))
            if c["status"] in later:
                approved = assessed + dt.timedelta(days=rng.randint(3, 25))
                rows["p"].append(
                    CasePlan(case_id=c["pk"], number=1, status="approved", approved_at=at(approved))
                )
                for _n in range(rng.randint(1, 2)):
                    due_on = approved + dt.timedelta(days=rng.randint(5, 60))
                    delivered = rng.random() < 0.7
                    on = due_on + dt.timedelta(days=rng.randint(-3, 6)) if delivered else None
                    rows["s"].append(
                        Service(case_id=c["pk"], service_type=rng.choice(kinds),
                                due_on=due_on, status="delivered" if delivered else "planned",
                                delivered_on=on)
                    )  # fmt: skip
                visit = approved + dt.timedelta(days=rng.randint(10, 40))
                rows["f"].append(
                    FollowUp(case_id=c["pk"], due_on=visit,
                             done_on=visit + dt.timedelta(days=rng.randint(-2, 5))
                             if rng.random() < 0.8 else None)
                )  # fmt: skip
                if rng.random() < 0.3:
                    rows["r"].append(
                        Referral(case_id=c["pk"], service_type=rng.choice(kinds),
                                 reason="Needs support", created_at=at(approved),
                                 status=rng.choice(["pending", "accepted", "declined",
                                                    "completed"]))
                    )  # fmt: skip
                if rng.random() < 0.2:
                    start = approved + dt.timedelta(days=rng.randint(0, 30))
                    rows["k"].append(
                        CareArrangement(case_id=c["pk"], child_id=c["child_id"],
                                        care_type=rng.choice(care_types), is_formal=True,
                                        entered_formal_care=True, start_date=start,
                                        legal_basis="administrative", decided_by="Panel")
                    )  # fmt: skip
            if c["status"] == "closed" and c["closed_on"]:
                rows["c"].append(
                    Closure(case_id=c["pk"], reason=rng.choice(["goals_met", "moved", "age"]),
                            goals_met=rng.choice(["yes", "yes", "partly", "no"]),
                            care_type_at_closure=parental, closure_date=c["closed_on"],
                            summary="Closed", status="approved")
                )  # fmt: skip
        with transaction.atomic():
            for model, key in [
                (Assessment, "a"), (CasePlan, "p"), (Service, "s"), (FollowUp, "f"),
                (Referral, "r"), (Closure, "c"), (CareArrangement, "k"),
            ]:  # fmt: skip
                model.objects.bulk_create(rows[key], batch_size=1000)
            updates = [
                Case(pk=pk, assessment_due_at=due, plan_due_on=plan_due)
                for pk, due, plan_due in due_updates
            ]
            Case.objects.bulk_update(updates, ["assessment_due_at", "plan_due_on"], batch_size=1000)
        done += len(cases)
        print(f"  {done:,} cases ({time.perf_counter() - started:.0f} s)", flush=True)


def viewers():
    """A manager for the whole country and one for region BR0."""
    from hearth.accounts.models import Agency, Role, User
    from hearth.places.models import Location

    agency = Agency.objects.get(code="BENCH")
    made = {}
    for code, scope, area in [("bench_country", "all", None), ("bench_region", "area", "BR0")]:
        role, _ = Role.objects.get_or_create(
            code=code,
            defaults={"name": code, "scope": scope, "clearance": 1,
                      "permissions": ["report.view", "case.view"]},
        )  # fmt: skip
        user, _ = User.objects.get_or_create(
            username=code, defaults={"agency": agency, "first_name": code}
        )
        user.roles.add(role)
        if area:
            user.locations.set([Location.objects.get(code=area)])
        made[code] = user
    return made


# --- measuring ---------------------------------------------------------------------


def timed(action, runs: int) -> tuple[float, float]:
    action()  # warm: settings, labels, the database's own caches
    times = []
    for _n in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def measure(runs: int) -> list[tuple[str, float, float]]:
    from django.core.management import call_command
    from django.test import Client

    from hearth.cases.models import Case
    from hearth.reports.dashboards.choices import current
    from hearth.reports.indicators import compute, get

    call_command("createcachetable", verbosity=0)

    people = viewers()
    client = Client()
    period = current("quarter")
    results = []

    def page(user, url):
        def run():
            client.force_login(user)
            response = client.get(url, HTTP_HOST="localhost", secure=True)
            assert response.status_code == 200, (url, response.status_code)

        return run

    cases = Case.objects.count()
    url = f"/reports/area/?period={period.code}"
    from hearth.core.models import Setting

    # Counted live: figures kept as data of any age are too old.
    Setting.objects.update_or_create(
        key="reports.dashboard_figures_max_age_minutes", defaults={"value": 0}
    )
    for label, user in [("country", people["bench_country"]), ("region", people["bench_region"])]:
        median, worst = timed(page(user, url), runs)
        results.append((f"manager dashboard, {label} ({cases:,} cases)", median, worst))
    Setting.objects.filter(key="reports.dashboard_figures_max_age_minutes").delete()
    # The figures kept as data: one refresh (timed), then the same pages read from them.
    from hearth.reports.dashboards.figures import dashboard_figures_refresh

    print("Refreshing the dashboard figures...", flush=True)
    start = time.perf_counter()
    run = dashboard_figures_refresh(progress=lambda line: print("  " + line, flush=True))
    took = time.perf_counter() - start
    print(f"Refreshed {run.figures:,} figures for {len(run.periods)} periods in {took:.0f} s")
    results.append((f"refresh of the dashboard figures ({run.figures:,} figures)", took, took))
    for label, user in [("country", people["bench_country"]), ("region", people["bench_region"])]:
        check = client.get  # the page must say it was read from the kept figures
        client.force_login(user)
        body = check(url, HTTP_HOST="localhost", secure=True).content.decode()
        assert 'id="figures-as-of"' in body, label
        median, worst = timed(page(user, url), runs)
        results.append((f"manager dashboard, {label}, from kept figures", median, worst))
    # The same with reports.dashboard_cache_seconds set: what a viewer opening the
    # page again within the interval waits.
    Setting.objects.update_or_create(key="reports.dashboard_cache_seconds", defaults={"value": 300})
    Setting.objects.update_or_create(
        key="reports.dashboard_figures_max_age_minutes", defaults={"value": 0}
    )
    try:
        for label, user in [("country", people["bench_country"])]:
            median, worst = timed(page(user, url), runs)
            results.append((f"manager dashboard, {label}, figures kept 5 min", median, worst))
    finally:
        Setting.objects.filter(
            key__in=["reports.dashboard_cache_seconds", "reports.dashboard_figures_max_age_minutes"]
        ).delete()
    crossed = get("cases.open")
    median, worst = timed(
        lambda: compute(crossed, people["bench_country"], period, by=["sex", "age_band", "area_1"]),
        runs,
    )
    results.append(("cases.open by sex x age group x region, country", median, worst))
    median, worst = timed(
        lambda: compute(get("assessments.on_time"), people["bench_country"], period,
                        by=["sex", "age_band", "area_1"]),
        runs,
    )  # fmt: skip
    results.append(("assessments.on_time by sex x age group x region", median, worst))
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--as-is", action="store_true", help="measure the database as it is, adding no rows"
    )
    parser.add_argument(
        "--kinds",
        default="",
        help="kinds of period whose figures are kept (reports.dashboard_figures_kinds), "
        "e.g. quarter; default: the setting's",
    )
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        ensure_postgres_database(url)
    setup()
    os.environ.setdefault("HEARTH_JOBS_INLINE", "1")
    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = ["*"]
    # Pages render without a collectstatic run: plain static file names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from tests.bench import exports

    if not args.as_is:
        exports.generate(args.cases)
        add_casework()
    if args.kinds:
        from hearth.core.models import Setting

        Setting.objects.update_or_create(
            key="reports.dashboard_figures_kinds", defaults={"value": args.kinds.split(",")}
        )
    if connection.vendor == "postgresql":
        # As autovacuum would after the bulk load (some servers run without it).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\n{connection.vendor}, median of {args.runs} runs (load average {load})")
    print("| measurement | median s | slowest s |\n|---|---:|---:|")
    for label, median, worst in measure(args.runs):
        print(f"| {label} | {median:.2f} | {worst:.2f} |", flush=True)


if __name__ == "__main__":
    main()
