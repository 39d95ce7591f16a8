"""Benchmark: case work at 200,000 cases. Each of these must take under 50 ms
(median) on SQLite and on PostgreSQL, with the same number of queries at a page
of 10 and a page of 50:

  case list    a worker's own open cases, filtered by status and risk, sorted by
               next due date, a page of 50
  my tasks     the worker's task list, a page of 50
  team         the supervisor's team summary
  case page    one case's page, every section

Each is measured twice: the query function alone, and the whole page rendered
through the Django test Client (session, middleware, templates).

    python -m tests.bench cases                      # SQLite: var/bench.sqlite3
    DATABASE_URL=postgres://... python -m tests.bench cases
    python -m tests.bench cases --cases 20000        # a smaller run

The data (150 workers in 15 teams with a supervisor each, a realistic risk and
status mix, 3-10 services and follow-ups per case, plans, reviews and pending
approvals) is made in bulk by the exports benchmark's generator, extended here;
a database that already holds enough cases is reused. Results: docs/performance.md."""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from tests.bench.exports import generate, setup

TEAMS = 15
PER_TEAM = 10
RUNS = 30
STATUSES = [  # (status, share): most open cases are being worked, a fifth closed
    ("registered", 0.08),
    ("assessed", 0.07),
    ("plan_approved", 0.10),
    ("in_implementation", 0.45),
    ("under_review", 0.05),
    ("closed", 0.25),
]
RISKS = [("high", 0.2), ("medium", 0.45), ("low", 0.35)]


def _pick(rng, table):
    roll, total = rng.random(), 0.0
    for value, share in table:
        total += share
        if roll < total:
            return value
    return table[-1][0]


# --- the people ----------------------------------------------------------------------


def people():
    """15 teams of 10 caseworkers and a supervisor, made once."""
    from django.core.management import call_command

    from hearth.accounts.models import Agency, Role, Team, User

    call_command("migrate", verbosity=0)
    agency, _ = Agency.objects.get_or_create(code="BENCH", defaults={"name": "Bench agency"})
    caseworker = Role.objects.get(code="caseworker")
    supervisor_role = Role.objects.get(code="supervisor")
    workers = []
    for t in range(TEAMS):
        team, _ = Team.objects.get_or_create(agency=agency, name=f"Bench team {t:02d}")
        boss, made = User.objects.get_or_create(
            username=f"bench-supervisor-{t:02d}",
            defaults={"agency": agency, "team": team, "first_name": f"Supervisor {t:02d}"},
        )
        if made:
            boss.roles.add(supervisor_role)
        for n in range(PER_TEAM):
            user, made = User.objects.get_or_create(
                username=f"bench-cw-{t:02d}-{n}",
                defaults={"agency": agency, "team": team, "first_name": f"Worker {t:02d}.{n}"},
            )
            if made:
                user.roles.add(caseworker)
            workers.append(user)
    return workers


# --- the shape of a case --------------------------------------------------------------


def shape(rng, case) -> None:
    """Status, risk and the deadlines that go with them; the services and visits to
    add are kept on the case until it is saved (see `extra`)."""
    from django.utils import timezone

    today = dt.date.today()
    case.status = _pick(rng, STATUSES)
    case.risk_level = _pick(rng, RISKS)
    case.closed_on = (
        case.registration_date + dt.timedelta(days=60) if case.status == "closed" else None
    )
    if case.closed_on and case.closed_on > today:
        case.closed_on = today
    hours = {"high": 24, "medium": 72, "low": 168}[case.risk_level]
    registered = timezone.make_aware(dt.datetime.combine(case.registration_date, dt.time(9)))
    case.assessment_due_at = registered + dt.timedelta(hours=hours)
    if case.status == "registered":
        # Registered recently, or long ago and late.
        case.assessment_due_at = timezone.now() + dt.timedelta(hours=rng.randint(-96, 160))
    if case.status == "assessed":
        case.plan_due_on = today + dt.timedelta(days=rng.randint(-10, 14))
    if case.status in ("plan_approved", "in_implementation", "under_review"):
        case.review_due_on = today + dt.timedelta(days=rng.randint(-15, 90))
    n = rng.randint(3, 10)
    rows = []
    for _i in range(n):
        due = today + dt.timedelta(days=rng.randint(-60, 60))
        done = case.status == "closed" or (due < today and rng.random() < 0.8)
        rows.append(("service" if rng.random() < 0.5 else "follow_up", due, done))
    case._bench_rows = rows
    open_dates = [due for _k, due, done in rows if not done]
    if case.status == "registered":
        open_dates.append(timezone.localtime(case.assessment_due_at).date())
    if case.status == "assessed":
        open_dates.append(case.plan_due_on)
    if case.review_due_on:
        open_dates.append(case.review_due_on)
    case.next_due_on = min(open_dates) if open_dates and case.status != "closed" else None


def extra(rng, cases) -> None:
    """Services, follow-ups, plans with actions, reviews and pending approvals."""
    from hearth.cases.models import (
        Approval,
        CasePlan,
        CaseReview,
        FollowUp,
        Goal,
        PlanAction,
        Service,
        ServiceType,
    )

    types = list(ServiceType.objects.values_list("pk", flat=True))
    services, visits, plans, goals, actions, reviews, approvals = [], [], [], [], [], [], []
    today = dt.date.today()
    for case in cases:
        for kind, due, done in case._bench_rows:
            if kind == "service":
                services.append(
                    Service(
                        case=case,
                        service_type_id=rng.choice(types),
                        provided_by_user_id=case.owner_id,
                        due_on=due,
                        status="delivered" if done else "planned",
                        delivered_on=due if done else None,
                    )
                )
            else:
                visits.append(
                    FollowUp(
                        case=case,
                        due_on=due,
                        done_on=min(due, today) if done else None,
                        contact="in_person" if done else "",
                        observations="Seen at home" if done else "",
                    )
                )
        if case.status in ("assessed", "plan_approved", "in_implementation", "under_review"):
            plan = CasePlan(
                case=case,
                status="submitted" if case.status == "assessed" else "approved",
            )
            plans.append(plan)
            if case.status == "assessed" and rng.random() < 0.5:
                approvals.append(Approval(case=case, subject="case_plan", subject_id=plan.pk))
            if plan.status == "approved":
                goal = Goal(plan=plan, case=case, domain="safety", description="Safe at home")
                goals.append(goal)
                for _i in range(rng.randint(1, 3)):
                    actions.append(
                        PlanAction(
                            goal=goal,
                            case=case,
                            description="Visit the school",
                            responsible_user_id=case.owner_id,
                            target_date=today + dt.timedelta(days=rng.randint(-30, 60)),
                        )
                    )
        if case.status == "under_review" and rng.random() < 0.5:
            reviews.append(
                CaseReview(
                    case=case,
                    held_on=today - dt.timedelta(days=rng.randint(1, 60)),
                    participants="Worker, caregiver",
                    decisions="Continue",
                    decision="continue",
                )
            )
    for model, rows in (
        (Service, services),
        (FollowUp, visits),
        (CasePlan, plans),
        (Goal, goals),
        (PlanAction, actions),
        (CaseReview, reviews),
        (Approval, approvals),
    ):
        model.objects.bulk_create(rows, batch_size=2000)


def make(wanted: int) -> None:
    from hearth.cases.models import Case

    workers = people()
    if Case.objects.filter(owner__username__startswith="bench-cw-").count() >= wanted * 0.9:
        print(f"Reusing {Case.objects.count():,} cases")
        return
    generate(wanted, workers=workers, shape=shape, extra=extra)
    # The rows were written in bulk, past the services: derive the open work items
    # from them as a migration does for an existing database.
    from hearth.cases import work

    work.rebuild(progress=print)
    # Fresh statistics, as after any bulk load: without them SQLite's planner
    # cannot tell a selective index (owner) from a poor one (status). On
    # PostgreSQL, VACUUM too, as autovacuum would soon after: until the visibility
    # map is set, reads from an index alone still visit every table row.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# --- measuring -------------------------------------------------------------------------


def timed(fn, runs: int = RUNS) -> tuple[float, float, int]:
    """(median ms, p90 ms, queries of one run) over `runs` runs after a warm-up."""
    from django.db import connection

    fn()
    # Counted with a wrapper, not CaptureQueriesContext: a request through the
    # test Client resets the connection's query log when it starts.
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fn()
    times = []
    for _i in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.9) - 1)], len(queries)


def busiest(role_prefix: str):
    """The worker (or supervisor) whose open cases are most numerous: the worst case."""
    from django.db.models import Count

    from hearth.accounts.models import User
    from hearth.cases.models import Case

    if role_prefix == "bench-supervisor-":
        team = (
            Case.objects.filter(team__name__startswith="Bench team ")
            .exclude(status="closed")
            .values("team")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()["team"]
        )
        return User.objects.get(username__startswith=role_prefix, team_id=team)
    owner = (
        Case.objects.filter(owner__username__startswith=role_prefix)
        .exclude(status="closed")
        .values("owner")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["owner"]
    )
    return User.objects.get(pk=owner)


def measure(runs: int) -> list[tuple]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from hearth.access import policy
    from hearth.cases import queries
    from hearth.cases.models import Case
    from hearth.cases.tasks import task_list
    from hearth.cases.team import team_summary

    settings.ALLOWED_HOSTS = ["*"]
    # Pages render without `collectstatic` having run: plain static storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    worker = busiest("bench-cw-")
    supervisor = busiest("bench-supervisor-")
    case = (
        queries.case_list(worker, status="in_implementation", risk="high")
        .filter(services__isnull=False)
        .first()
    )

    def case_page(per):
        qs = queries.case_list(worker, status="in_implementation", risk="high", sort="next_due")
        return lambda: (qs.count(), list(qs[:per]))

    def tasks(per):
        return lambda: (lambda t: (t.total(), t.counts(), t.page(1, per)))(task_list(worker))

    def team():
        return lambda: team_summary(supervisor).totals()

    def detail():
        from hearth.cases import sections

        def run():
            c = queries.case_for(worker, case.pk)
            return sections.for_case(worker, c)

        return run

    def client_for(user):
        client = Client()
        client.force_login(user)
        return client

    worker_client, supervisor_client = client_for(worker), client_for(supervisor)

    def get(client, url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    cases_url = "/cases/?scope=mine&status=in_implementation&risk=high&sort=next_due"
    rows = []
    for label, at10, at50 in (
        ("case list (query)", case_page(10), case_page(50)),
        ("my tasks (query)", tasks(10), tasks(50)),
        ("team summary (query)", team(), team()),
        ("case page (query)", detail(), detail()),
        (
            "case list (page)",
            get(worker_client, cases_url),
            get(worker_client, cases_url),
        ),
        (
            "my tasks (page)",
            get(worker_client, "/cases/tasks/?per=10"),
            get(worker_client, "/cases/tasks/?per=50"),
        ),
        (
            "team (page)",
            get(supervisor_client, "/cases/team/"),
            get(supervisor_client, "/cases/team/"),
        ),
        (
            "case page (page)",
            get(worker_client, f"/cases/{case.pk}/"),
            get(worker_client, f"/cases/{case.pk}/"),
        ),
    ):
        policy.forget(worker)
        policy.forget(supervisor)
        _m10, _p10, q10 = timed(at10, runs=1)
        median, p90, q50 = timed(at50, runs)
        rows.append((label, median, p90, q10, q50))
    open_cases = Case.objects.filter(owner=worker).exclude(status="closed").count()
    print(
        f"\n{Case.objects.count():,} cases on {connection.vendor}; the worker has "
        f"{open_cases:,} open cases; {runs} runs each"
    )
    print(f"  {'':24} {'median ms':>10} {'p90 ms':>8} {'queries@10':>11} {'queries@50':>11}")
    for label, median, p90, q10, q50 in rows:
        flag = "" if q10 == q50 else "  <- query count depends on page size"
        print(f"  {label:24} {median:10.1f} {p90:8.1f} {q10:11d} {q50:11d}{flag}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args()
    setup()
    make(args.cases)
    if not args.generate_only:
        measure(args.runs)


if __name__ == "__main__":
    main()
