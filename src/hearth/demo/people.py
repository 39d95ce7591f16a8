"""Agencies, teams and demo users for every role, with known passwords (demo only)."""

from django.db import transaction

from hearth.accounts.models import Agency, Role, Team, User
from hearth.places.models import Location

DEMO_PASSWORD = "hearth-demo-2026"  # noqa: S105 - demo installations only, printed on start

AGENCIES = [
    ("DSW", "Department of Social Welfare", "government", "R1"),
    ("CFI", "Children First Initiative", "ngo", "R2"),
    ("SFN", "Safe Families Network", "ngo", "R3"),
    ("HCC", "Hope Community Care", "faith", "R4"),
]

# username, name, role, agency, team, areas (location codes)
USERS = [
    ("worker", "Amina Okello", "caseworker", "DSW", "Northern A", ["R1"]),
    ("worker2", "Peter Mwangi", "caseworker", "DSW", "Northern A", ["R1"]),
    ("worker3", "Grace Atieno", "caseworker", "DSW", "Lakeside", ["R2"]),
    ("ngo_worker", "Joseph Kato", "caseworker", "CFI", "Outreach", ["R2"]),
    ("ngo_worker2", "Ruth Nanyonga", "caseworker", "SFN", "Family support", ["R3"]),
    ("ngo_worker3", "David Ochieng", "caseworker", "HCC", "Community care", ["R4"]),
    ("supervisor", "Sarah Nambi", "supervisor", "DSW", "Northern A", ["R1"]),
    ("supervisor2", "Moses Kiprop", "supervisor", "CFI", "Outreach", ["R2"]),
    ("supervisor3", "Janet Akinyi", "supervisor", "DSW", "Lakeside", ["R2"]),
    ("supervisor4", "Paul Mugabe", "supervisor", "SFN", "Family support", ["R3"]),
    ("supervisor5", "Irene Nakato", "supervisor", "HCC", "Community care", ["R4"]),
    ("manager", "Esther Wanjiru", "manager", "DSW", None, ["R1", "R2", "R3", "R4"]),
    ("district_manager", "Tom Odhiambo", "manager", "DSW", None, ["R1D1"]),
    ("clerk", "Lucy Achieng", "data_clerk", "DSW", "Northern A", ["R1"]),
    ("auditor", "Henry Ssali", "auditor", "DSW", None, []),
    ("admin", "Alice Mutesi", "administrator", "DSW", None, []),
]


@transaction.atomic
def build() -> dict[str, User]:
    agencies = {}
    for code, name, kind, area in AGENCIES:
        agencies[code], _ = Agency.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "location": Location.objects.get(code=area)},
        )
    users = {}
    for username, full_name, role, agency_code, team_name, areas in USERS:
        agency = agencies[agency_code]
        team = None
        if team_name:
            team, _ = Team.objects.get_or_create(
                agency=agency, name=team_name, defaults={"location": agency.location}
            )
        first, last = full_name.split(" ", 1)
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.hearth.invalid",
            agency=agency,
            team=team,
        )
        user.roles.add(Role.objects.get(code=role))
        user.locations.set(Location.objects.filter(code__in=areas))
        users[username] = user
    # The system administrator, for the Django admin pages.
    sysadmin = User.objects.create_superuser(
        username="sysadmin",
        password=DEMO_PASSWORD,
        email="sysadmin@demo.hearth.invalid",
        first_name="System",
        last_name="Administrator",
    )
    users["sysadmin"] = sysadmin
    return users


def print_sign_ins(out) -> None:
    if not User.objects.filter(username="worker").exists():
        return
    out.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})\n")
    for username, full_name, role, agency, team, _areas in USERS:
        out.write(
            f"  {username:<17} {role:<14} {full_name} ({agency}{', ' + team if team else ''})\n"
        )
    out.write(f"  {'sysadmin':<17} {'system admin':<14} Django admin at /django-admin/\n\n")
