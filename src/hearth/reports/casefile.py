"""The PDF case file (H4): a printable summary of one case for court and case
conferences, rendered with WeasyPrint from HTML and its own print stylesheet.

It is the case page on paper for someone who may read the case (case.view on
it): every field is masked by the reader's own clearance exactly as on the page,
supervision notes appear only for readers who write them (case.supervise), and
making one is an audit event ("export.casefile"). Nothing outside the document is
ever fetched: no fonts, images or stylesheets from anywhere (docs/exports.md)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.access import policy
from hearth.audit.services import record
from hearth.cases import sections as case_sections
from hearth.cases.models import CaseNote
from hearth.core import clock
from hearth.forms.answers import display
from hearth.registry.models import Relationship
from hearth.reports import casefile_sections

PRINT_CSS = Path(__file__).resolve().parent / "templates" / "reports" / "casefile" / "print.css"


def _live(qs):
    return qs.filter(is_voided=False)


# --- the parts every case file has -------------------------------------------------


def identification(reader, case) -> dict:
    child = case.child
    return {
        "child": child,
        "identifiers": _live(child.identifiers.select_related("type")),
        "relatives": _live(
            Relationship.objects.filter(person=child).select_related("relative")
        ).order_by("kind"),
        "duplicates": _live(case.duplicates.all()).only("number"),
    }


def concerns_and_risk(reader, case) -> dict:
    return {
        "concerns": list(case.concerns.all()),
        "risk_changes": case.risk_changes.select_related("created_by").order_by("created_at"),
    }


def consents(reader, case) -> dict:
    return {"consents": _live(case.consents.select_related("created_by"))}


def assessments(reader, case) -> dict | None:
    found = _live(case.assessments.select_related("form_version__definition"))
    language = translation.get_language()
    shown = [
        {
            "assessment": a,
            "title": a.form_version.title(language),
            "answers": display(a.form_version, a.answers, reader, language),
        }
        for a in found.order_by("created_at")
    ]
    return {"assessments": shown}


def case_plan(reader, case) -> dict:
    plans = _live(case.plans.all()).prefetch_related("goals__actions")
    return {
        "plans": [
            {
                "plan": plan,
                "goals": [
                    {"goal": g, "actions": [a for a in g.actions.all() if not a.is_voided]}
                    for g in plan.goals.all()
                    if not g.is_voided
                ],
            }
            for plan in plans
        ]
    }


def services(reader, case) -> dict:
    return {
        "services": _live(case.services.select_related("service_type", "provider")).order_by(
            "due_on"
        )
    }


def referrals(reader, case) -> dict:
    return {
        "referrals": _live(
            case.referrals.select_related("service_type", "to_user", "to_agency", "to_provider")
        ).order_by("created_at")
    }


def follow_ups(reader, case) -> dict:
    return {"follow_ups": _live(case.follow_ups.all()).order_by("due_on")}


def reviews(reader, case) -> dict:
    return {"reviews": _live(case.reviews.all()).order_by("held_on")}


def court(reader, case) -> dict:
    involvements = _live(case.court_involvements.all()).prefetch_related("hearings")
    return {
        "involvements": [
            {"involvement": i, "hearings": [h for h in i.hearings.all() if not h.is_voided]}
            for i in involvements
        ],
        "orders": _live(case.legal_orders.all()).order_by("issued_on"),
    }


def notes(reader, case) -> dict:
    """Supervision notes are about the worker's practice, not the child: they are in
    the file only for readers who write them."""
    kinds = [CaseNote.Kind.NOTE]
    if policy.has_perm(reader, "case.supervise"):
        kinds.append(CaseNote.Kind.SUPERVISION)
    found = _live(case.notes.filter(kind__in=kinds).select_related("created_by"))
    return {"notes": found.order_by("created_at")}


def closure(reader, case) -> dict:
    return {
        "closures": _live(case.closures.select_related("care_type_at_closure")).order_by(
            "created_at"
        ),
        "reopenings": _live(case.reopenings.all()).order_by("created_at"),
    }


def _part(name):
    return f"reports/casefile/{name}.html"


for key, title, build, order in [
    ("identification", gettext_lazy("Identification"), identification, 10),
    ("concerns", gettext_lazy("Protection concerns and risk"), concerns_and_risk, 20),
    ("consents", gettext_lazy("Consent"), consents, 25),
    ("assessments", gettext_lazy("Assessments"), assessments, 30),
    ("plan", gettext_lazy("Case plan"), case_plan, 35),
    ("services", gettext_lazy("Services"), services, 40),
    ("referrals", gettext_lazy("Referrals"), referrals, 42),
    # 45: care arrangements, added by the care app
    ("follow_ups", gettext_lazy("Follow-ups and visits"), follow_ups, 50),
    ("reviews", gettext_lazy("Reviews and case conferences"), reviews, 55),
    ("court", gettext_lazy("Court, police and legal orders"), court, 60),
    ("notes", gettext_lazy("Case notes"), notes, 70),
    ("closure", gettext_lazy("Closure"), closure, 80),
]:
    casefile_sections.add(key, title, _part(key), build, order=order)


# --- the document -------------------------------------------------------------------


def render_html(reader, case, parts: list | None = None) -> str:
    """The case file as HTML, masked for `reader` (what the PDF is made from)."""
    now = timezone.localtime(clock.now())
    context = {
        # `{% masked %}` asks the request's user: here, the reader.
        "request": SimpleNamespace(user=reader),
        "case": case,
        "parts": casefile_sections.for_case(reader, case) if parts is None else parts,
        "generated_by": str(reader),
        "generated_at": now,
        "language": translation.get_language(),
    }
    return get_template("reports/casefile/casefile.html").render(context)


def _refuse_fetch(url, *args, **kwargs):
    raise ValueError(f"the case file loads nothing from outside: {url}")


def render_pdf(reader, case, parts: list | None = None) -> bytes:
    import weasyprint

    stylesheet = weasyprint.CSS(string=PRINT_CSS.read_text(encoding="utf-8"))
    html = weasyprint.HTML(string=render_html(reader, case, parts), url_fetcher=_refuse_fetch)
    return html.write_pdf(stylesheets=[stylesheet])


def casefile_pdf(*, actor, case) -> bytes:
    """The case file of `case` for `actor`, who must be able to read the case.
    Making it is an audit event filed under the case."""
    policy.require(actor, "case.view", case)
    parts = casefile_sections.for_case(actor, case)
    pdf = render_pdf(actor, case, parts)
    record(
        actor=actor,
        action="export.casefile",
        target=case,
        detail={
            "parts": [p["key"] for p in parts],
            "clearance": policy.clearance_of(actor),
        },
    )
    return pdf


def file_name(case) -> str:
    return _("%(number)s-case-file.pdf") % {"number": case.number}


case_sections.add(
    "casefile",
    gettext_lazy("Case file"),
    "reports/casefile_panel.html",
    lambda user, case: {},
    order=95,
)
