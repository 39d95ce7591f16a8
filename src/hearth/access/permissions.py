"""Every action Hearth lets a role do, by name. Roles are data (accounts.Role) that
list these names; views and API routes declare which one they need; menus ask the
same question through `{% can %}`. Names, never numeric codes."""

from django.utils.translation import gettext_lazy as _

PERMISSIONS: dict[str, object] = {  # name -> translatable description
    # Registry of persons, households and relationships
    "person.view": _("See people, households and relationships"),
    "person.search": _("Search all records with a minimum set of fields (A7)"),
    "person.create": _("Register people and households"),
    "person.edit": _("Change people, households and relationships"),
    "person.void": _("Void people and households"),
    "person.merge": _("Merge duplicate people"),
    # Casework
    "case.view": _("Read case files"),
    "case.register": _("Register new cases"),
    "case.work": _("Assess, plan, deliver services, follow up and write notes"),
    "case.refer": _("Refer cases and share them with other agencies"),
    "case.transfer": _("Transfer cases to another worker or agency"),
    "case.close": _("Request closure and reopen cases"),
    "case.approve": _("Approve assessments, case plans and closures"),
    "case.reassign": _("Reassign cases directly"),
    "case.supervise": _("Write supervision notes"),
    "case.void": _("Void cases and mark duplicates"),
    "referral.respond": _("Accept, decline and complete referrals addressed to you or your agency"),
    "consent.override": _("Record a best-interests override of consent"),
    "access.emergency": _("Open a case outside your scope in an emergency, stating why"),
    "caseload.override": _("Let a worker take cases beyond the caseload maximum"),
    # Appropriate care
    "care.view": _("See care arrangements, facilities and reviews"),
    "care.manage": _("Record placements, gatekeeping decisions, reviews and reintegration"),
    "care.approve_exception": _("Give the senior approval a safeguard needs"),
    "facility.manage": _("Register facilities and foster carers, record inspections"),
    "tracing.manage": _("Handle family tracing requests and matches"),
    # Data use
    "report.view": _("See dashboards and indicators"),
    "report.build": _("Build, save and schedule reports"),
    "export.identifiable": _("Export records with names and identifiers"),
    "export.deidentified": _("Export de-identified records for analysis"),
    "dhis2.manage": _("Configure and send DHIS2 data value sets"),
    "dataquality.view": _("See data quality reports"),
    # Administration
    "location.manage": _("Manage the administrative location hierarchy"),
    "agency.manage": _("Manage agencies and teams"),
    "user.manage": _("Manage users and their roles"),
    "role.manage": _("Manage roles, permissions and field sensitivity"),
    "config.manage": _("Manage forms, lookups, timeframes and other configuration"),
    "audit.view": _("Search and export the audit trail"),
    "retention.run": _("Run the retention policy"),
    "api.use": _("Use the API with personal tokens"),
}

CASEWORK = [
    "person.view", "person.search", "person.create", "person.edit",
    "case.view", "case.register", "case.work", "case.refer", "case.transfer", "case.close",
    "referral.respond", "care.view", "care.manage", "tracing.manage",
    "report.view", "export.identifiable", "api.use",
]  # fmt: skip

# The roles a new installation starts with. Administrators may edit them or add more.
STANDARD_ROLES: dict[str, dict] = {
    "caseworker": {
        "name": _("Caseworker"),
        "scope": "own",
        "clearance": 2,
        "permissions": CASEWORK,
        "caseload_recommended": 25,
        "caseload_max": 35,
    },
    "supervisor": {
        "name": _("Supervisor"),
        "scope": "team",
        "clearance": 2,
        "permissions": CASEWORK + [
            "case.approve", "case.reassign", "case.supervise", "case.void", "person.void",
            "person.merge", "consent.override", "caseload.override", "access.emergency",
            "care.approve_exception", "report.build", "dataquality.view",
        ],
        "caseload_recommended": 10,
        "caseload_max": 20,
    },
    "manager": {
        "name": _("Manager"),
        "scope": "area",
        "clearance": 1,
        "requires_2fa": True,
        "permissions": [
            "person.view", "person.search", "case.view", "case.reassign", "care.view",
            "care.approve_exception", "facility.manage", "report.view", "report.build",
            "export.identifiable", "export.deidentified", "dhis2.manage", "dataquality.view",
            "access.emergency", "api.use",
        ],
    },
    "administrator": {
        "name": _("Administrator"),
        "scope": "all",
        "clearance": 0,
        "requires_2fa": True,
        "permissions": [
            "location.manage", "agency.manage", "user.manage", "role.manage", "config.manage",
            "facility.manage", "dhis2.manage", "retention.run", "api.use",
        ],
    },
    "data_clerk": {
        "name": _("Data clerk"),
        "scope": "agency",
        "clearance": 1,
        "permissions": ["person.view", "person.search", "person.create", "person.edit",
                        "case.view", "case.register", "api.use"],
    },
    "auditor": {
        "name": _("Auditor"),
        "scope": "all",
        "clearance": 0,
        "permissions": ["audit.view", "report.view", "dataquality.view"],
    },
}  # fmt: skip
