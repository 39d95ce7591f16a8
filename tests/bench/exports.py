"""Benchmark: exporting 100,000 cases as CSV and as XLSX must finish in under a
minute each, with memory flat (rows are streamed, never held).

    python -m tests.bench.exports                # SQLite: var/bench.sqlite3
    DATABASE_URL=postgres://... python -m tests.bench.exports
    python -m tests.bench.exports --cases 20000  # a smaller run

The database is reused when it already holds enough cases (another benchmark may
have made them); otherwise cases are added until it does. The export runs in a
fresh process (so the memory of making the data does not count) and prints, at
10k, 50k and 100k rows, the wall-clock and CPU time so far and the process's
resident memory now and at its peak (getrusage); --trace adds Python's own
allocations (tracemalloc), at a large cost in speed. Then the same export runs as a
background job end to end, the way users get it. Results: docs/performance.md."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKPOINTS = (10_000, 50_000, 100_000)


def setup() -> None:
    var = Path(os.environ.get("HEARTH_VAR_DIR", ROOT / "var"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    os.environ["HEARTH_JOBS_INLINE"] = "1"  # the job runs here, as a worker would
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def resident_mb() -> float:
    """The process's resident memory now (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- making the data ---------------------------------------------------------------


def generate(wanted: int, *, workers=None, shape=None, extra=None) -> None:
    """Add cases until there are `wanted`. Other benchmarks give their own `workers`
    (cases go to them and their teams), `shape(rng, case)` to set status, risk and
    deadlines before the cases are saved, and `extra(rng, cases)` to add rows to
    each batch of saved cases (services, follow-ups...)."""
    import datetime as dt
    import random

    from django.core.management import call_command
    from django.db import transaction

    from hearth.accounts.models import Agency, Role, Team, User
    from hearth.cases import child_facts
    from hearth.cases.models import Case, ConsentRecord, ProtectionConcern
    from hearth.places.models import Location, LocationLevel
    from hearth.registry.models import Person

    call_command("migrate", verbosity=0)
    have = Case.objects.count()
    if have >= wanted:
        print(f"Reusing {have:,} cases in {os.environ['DATABASE_URL'].split('@')[-1]}")
        return
    print(f"Adding {wanted - have:,} cases to the {have:,} there are...", flush=True)
    rng = random.Random(42)
    started = time.perf_counter()

    def place(code, name, parent=None):
        found = Location.objects.filter(code=code).first()
        if found:
            return found
        loc = Location(code=code, name=name, parent=parent)
        loc.compute_path()
        loc.save()
        return loc

    for depth, name in enumerate(["Region", "District", "Village"], start=1):
        LocationLevel.objects.get_or_create(depth=depth, defaults={"name": name})
    villages = []
    for r in range(4):
        region = place(f"BR{r}", f"Region {r}")
        for d in range(5):
            district = place(f"BR{r}D{d}", f"District {r}.{d}", region)
            villages += [
                place(f"BR{r}D{d}V{v}", f"Village {r}.{d}.{v}", district) for v in range(10)
            ]
    agency, _ = Agency.objects.get_or_create(code="BENCH", defaults={"name": "Bench agency"})
    team, _ = Team.objects.get_or_create(agency=agency, name="Bench team")
    if workers is None:
        workers = []
        for n in range(20):
            user, made = User.objects.get_or_create(
                username=f"bench-worker-{n}",
                defaults={"agency": agency, "team": team, "first_name": f"Worker {n}"},
            )
            workers.append(user)
    exporter, _ = User.objects.get_or_create(
        username="bench-exporter", defaults={"agency": agency, "first_name": "Bench"}
    )
    role, _ = Role.objects.get_or_create(
        code="bench_exporter",
        defaults={
            "name": "Bench exporter",
            "scope": "all",
            "clearance": 2,
            "permissions": ["case.view", "export.identifiable", "export.deidentified"],
        },
    )
    exporter.roles.add(role)
    concerns = list(ProtectionConcern.objects.values_list("pk", flat=True))
    given = ["Amina", "Baraka", "Chen", "Dara", "Esi", "Farid", "Grace", "Hovik", "Ines", "Jomo"]
    family = ["Okello", "Mwangi", "Sok", "Petrosyan", "Haddad", "Ivanova", "Mensah", "Silva"]
    today = dt.date.today()
    statuses = [s for s, _ in Case.Status.choices]
    batch = 5000
    for start in range(have, wanted, batch):
        size = min(batch, wanted - start)
        with transaction.atomic():
            people = []
            for i in range(size):
                person = Person(
                    given_name=rng.choice(given),
                    family_name=rng.choice(family),
                    sex=rng.choice(["female", "male"]),
                    date_of_birth=today - dt.timedelta(days=rng.randint(100, 17 * 365)),
                    location=rng.choice(villages),
                    agency=agency,
                    phone=f"+256 7{start + i:08d}",
                )
                person.set_search_name()
                people.append(person)
            Person.objects.bulk_create(people)
            cases = []
            for i, person in enumerate(people):
                worker = rng.choice(workers)
                registered = today - dt.timedelta(days=rng.randint(0, 730))
                status = rng.choice(statuses)
                cases.append(
                    Case(
                        number=f"BX-{start + i:07d}",
                        child=person,
                        registration_date=registered,
                        identified_how="community",
                        summary="Reported by a neighbour",
                        risk_level=rng.choice(["high", "medium", "low"]),
                        status=status,
                        owner=worker,
                        team_id=worker.team_id or team.pk,
                        agency_id=worker.agency_id or agency.pk,
                        location=person.location,
                        closed_on=registered + dt.timedelta(days=30)
                        if status == "closed"
                        else None,
                        last_activity_at=dt.datetime.now(dt.UTC)
                        - dt.timedelta(days=rng.randint(0, 90)),
                    )
                )
            for c, person in zip(cases, people, strict=True):
                child_facts.copy_to(c, person)  # bulk_create skips Case.save
            if shape is not None:
                for c in cases:
                    shape(rng, c)
            Case.objects.bulk_create(cases)
            Case.concerns.through.objects.bulk_create(
                [
                    Case.concerns.through(case_id=c.pk, protectionconcern_id=rng.choice(concerns))
                    for c in cases
                ]
            )
            ConsentRecord.objects.bulk_create(
                [
                    ConsentRecord(
                        case=c,
                        kind="sharing",
                        given=True,
                        given_by="parent",
                        given_on=c.registration_date,
                    )
                    for c in cases
                    if rng.random() < 0.7
                ]
            )
            if extra is not None:
                extra(rng, cases)
        print(f"  {start + size:,} cases ({time.perf_counter() - started:.0f} s)", flush=True)


# --- measuring ---------------------------------------------------------------------


def measure(fmt: str, wanted: int, trace: bool) -> None:
    import resource
    import tracemalloc

    from django.conf import settings

    from hearth.accounts.models import User
    from hearth.reports.exports import columns, queries, writers
    from hearth.reports.exports.rows import Rows

    exporter = User.objects.get(username="bench-exporter")
    keys = columns.defaults("records")
    qs = queries.export_cases(exporter, {})[:wanted]
    rows = Rows(exporter, qs, keys, labels=True)
    path = Path(settings.MEDIA_ROOT) / f"bench-export.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    marks = sorted({m for m in CHECKPOINTS if m <= wanted} | {wanted})
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\n{fmt.upper()}: {len(keys)} columns, streamed to {path.name} (load average {load})")
    heading = ["rows", "wall s", "CPU s", "RSS MB", "peak RSS MB"]
    if trace:
        heading += ["traced MB", "traced peak MB"]
        tracemalloc.start()
    print("  " + "  ".join(f"{h:>14}" for h in heading))
    wall, cpu = time.perf_counter(), time.process_time()

    def checkpoint(done: int) -> None:
        if done not in marks:
            return
        marks.remove(done)  # the last row is reported twice by the writer
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
        cells = [f"{done:,}", f"{time.perf_counter() - wall:.1f}"]
        cells += [f"{time.process_time() - cpu:.1f}", f"{resident_mb():.0f}", f"{peak:.0f}"]
        if trace:
            now, most = tracemalloc.get_traced_memory()
            cells += [f"{now / 2**20:.1f}", f"{most / 2**20:.1f}"]
        print("  " + "  ".join(f"{c:>14}" for c in cells), flush=True)

    writers.PROGRESS_EVERY = 1000
    writers.write(path, fmt, rows, checkpoint)
    print(f"  file: {path.stat().st_size / 2**20:.1f} MB")
    path.unlink()


def as_a_job(fmt: str) -> None:
    """The whole thing as users get it: asked for, run by the job, audited."""
    from django.db import connection

    from hearth.accounts.models import User
    from hearth.reports.exports import columns, services
    from hearth.reports.models import ExportJob

    exporter = User.objects.get(username="bench-exporter")
    started, cpu = time.perf_counter(), time.process_time()
    job = services.export_request(actor=exporter, format=fmt, columns=columns.defaults("records"))
    job.refresh_from_db()
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"\n{fmt.upper()} as a background job: {job.status}, {job.rows_done:,} rows, "
        f"{job.file_size / 2**20:.1f} MB, {took:.1f} s wall, {cpu:.1f} s CPU ({connection.vendor})"
    )
    services.remove_files(job)
    ExportJob.objects.filter(pk=job.pk).update(status="expired", file_path="")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument(
        "--trace", action="store_true", help="also trace Python allocations (much slower)"
    )
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup()
    if args.generate_only:
        generate(args.cases)
        return
    if args.measure:
        measure(args.measure, args.cases, trace=args.trace)
        return
    command = [sys.executable, "-m", "tests.bench.exports", "--cases", str(args.cases)]
    subprocess.run([*command, "--generate-only"], check=True, cwd=ROOT)
    for fmt in args.formats.split(","):
        extra = ["--trace"] if args.trace else []
        subprocess.run([*command, "--measure", fmt, *extra], check=True, cwd=ROOT)
    for fmt in args.formats.split(","):
        as_a_job(fmt)


if __name__ == "__main__":
    main()
