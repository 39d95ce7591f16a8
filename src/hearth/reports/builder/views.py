"""Pages of the report builder: the builder (choose, preview, save), my and shared
reports, a saved report run for the person looking, and the CSV/XLSX exports.
Numbers are always computed for the viewer, from what their scope covers."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.core.errors import HearthError, messages_of
from hearth.reports.builder import choices, files, queries, services, table
from hearth.reports.builder.forms import SaveForm, ScheduleForm, ShareForm, VoidForm
from hearth.reports.builder.spec import Spec, last_complete
from hearth.reports.indicators import engine
from hearth.reports.models import SavedReport
from hearth.web.forms import submit


@dataclass
class Choice:
    """What the builder form holds, before it is checked."""

    indicator: str = ""
    period: str = ""
    rows: str = ""
    columns: str = ""
    filters: dict = field(default_factory=dict)

    @property
    def measure(self) -> engine.Indicator | None:
        return engine.registry().get(self.indicator)

    def narrowed(self) -> Choice:
        """Drop rows, columns and filters the chosen measure does not allow, so
        changing the measure keeps what still fits instead of failing."""
        measure = self.measure
        allowed = set(measure.dimensions) if measure else set()
        rows = self.rows if self.rows in allowed else ""
        columns = self.columns if self.columns in allowed and self.columns != rows else ""
        filters = {d: v for d, v in self.filters.items() if d in allowed and v}
        return Choice(self.indicator, self.period, rows, columns if rows else "", filters)

    def check(self) -> Spec:
        return Spec.check(
            indicator=self.indicator,
            period=self.period,
            period_kind="" if self.period else "month",
            rows=self.rows,
            columns=self.columns,
            filters=self.filters,
        )

    def query(self) -> str:
        params = {
            "indicator": self.indicator,
            "period": self.period,
            "rows": self.rows,
            "columns": self.columns,
            **{f"f_{d}": v for d, v in self.filters.items()},
        }
        return urlencode({k: v for k, v in params.items() if v})


def _choice(params) -> Choice:
    filters = {k[2:]: v for k, v in params.items() if k.startswith("f_") and v}
    return Choice(
        indicator=params.get("indicator", ""),
        period=(params.get("period") or "").strip() or last_complete("month").code,
        rows=params.get("rows", ""),
        columns=params.get("columns", ""),
        filters=filters,
    )


def _of_report(report: SavedReport) -> Choice:
    period = report.period or last_complete(report.period_kind).code
    return Choice(report.indicator, period, report.rows, report.columns, dict(report.filters))


def _computed(choice: Choice, user):
    """(table, errors): the preview, or the reasons it cannot be made."""
    if not choice.indicator:
        return None, {}
    try:
        return table.build(choice.check(), user), {}
    except ValidationError as exc:
        return None, messages_of(exc)


@requires("report.view")
def builder(request):
    """GET: choose and preview (htmx swaps #builder on each change). POST: save the
    choice as a new report, or as changes to one's own report (report.build)."""
    editing = None
    source = request.POST if request.method == "POST" else request.GET
    if source.get("report"):
        editing = queries.report_for(request.user, source["report"])
        if not queries.is_owner(request.user, editing):
            editing = None
    if request.method == "GET" and editing is not None and "indicator" not in request.GET:
        choice = _of_report(editing)
    elif request.method == "GET":
        choice = _choice(source).narrowed()
    else:
        # Saving: what was sent is checked as it is, and refused with a message.
        choice = _choice(source)
    initial = {}
    if editing is not None:
        initial = {"title": editing.title, "description": editing.description,
                   "latest": not editing.period, "version": editing.version}  # fmt: skip
    form = SaveForm(request.POST or None, initial=initial)
    if request.method == "POST":
        policy.require(request.user, "report.build")
        saved = submit(request, form, lambda data: _save(request.user, editing, choice, data))
        if saved:
            messages.success(request, _("The report is saved."))
            return redirect("report_builder:saved", pk=saved.pk)
    numbers, errors = _computed(choice, request.user)
    return render(
        request,
        "reports/builder/builder.html",
        {
            "choice": choice,
            "measures": choices.measures(),
            "breakdowns": choices.breakdowns(choice.measure),
            "filters": choices.filters_offered(choice.measure, choice.filters),
            "table": numbers,
            "errors": errors,
            "form": form,
            "editing": editing,
            "query": choice.query(),
            "may_build": policy.has_perm(request.user, "report.build"),
        },
    )


def _save(user, editing: SavedReport | None, choice: Choice, data: dict) -> SavedReport:
    period = "" if data["latest"] else choice.period
    kind = Spec.check(indicator=choice.indicator, period=choice.period).period.kind
    values = {"title": data["title"], "description": data["description"],
              "indicator": choice.indicator, "rows": choice.rows, "columns": choice.columns,
              "filters": choice.filters, "period_kind": kind, "period": period}  # fmt: skip
    if editing is None:
        return services.saved_report_create(actor=user, **values)
    return services.saved_report_update(
        actor=user,
        report=editing,
        expected_version=int(data.get("version") or editing.version),
        **values,
    )


def _download(numbers: table.Table, fmt: str, user, title: str) -> HttpResponse:
    response = HttpResponse(files.render(numbers, fmt, user, title),
                            content_type=files.CONTENT_TYPES[fmt])  # fmt: skip
    name = files.file_name(title, numbers, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@requires("report.view")
def builder_export(request, fmt):
    choice = _choice(request.GET).narrowed()
    try:
        spec = choice.check()
    except ValidationError:
        # Nothing valid to export: back to the builder, which says what is missing.
        return redirect(f"{reverse('report_builder:build')}?{choice.query()}")
    numbers = table.build(spec, request.user)
    services.report_exported(actor=request.user, spec=spec, fmt=fmt)
    return _download(numbers, fmt, request.user, str(spec.indicator.name))


@requires("report.view")
def saved_list(request):
    reports = list(queries.reports_for(request.user))
    mine = [r for r in reports if queries.is_owner(request.user, r)]
    shared = [r for r in reports if not queries.is_owner(request.user, r)]
    return render(
        request,
        "reports/builder/saved_list.html",
        {
            "mine": mine,
            "shared": shared,
            "may_build": policy.has_perm(request.user, "report.build"),
        },
    )


def _run(request, report: SavedReport):
    """The report's table for the viewer; `?period=` picks another period of its kind."""
    return table.build(services.spec_of(report, request.GET.get("period", "")), request.user)


@requires("report.view")
def saved_report(request, pk, forms: dict | None = None):
    report = queries.report_for(request.user, pk)
    numbers, errors = None, {}
    try:
        numbers = _run(request, report)
    except ValidationError as exc:
        errors = messages_of(exc)
    owner = queries.is_owner(request.user, report) and policy.has_perm(request.user, "report.build")
    forms = forms or {}
    context = {
        "report": report,
        "table": numbers,
        "errors": errors,
        "filters_shown": choices.filters_shown(report.filters),
        "is_owner": owner,
        "runs": queries.runs_of(request.user, report),
        "period_asked": request.GET.get("period", ""),
    }
    if owner:
        context.update(
            share_form=forms.get("share")
            or ShareForm(
                initial={"version": report.version, "roles": list(report.shared_with.all())}
            ),
            schedule_form=forms.get("schedule")
            or ScheduleForm(
                initial={
                    "version": report.version,
                    "schedule": report.schedule,
                    "day": report.schedule_day,
                }
            ),
            void_form=forms.get("void") or VoidForm(),
        )
    status = 400 if forms else 200
    return render(request, "reports/builder/saved_report.html", context, status=status)


@requires("report.view")
def saved_export(request, pk, fmt):
    report = queries.report_for(request.user, pk)
    try:
        spec = services.spec_of(report, request.GET.get("period", ""))
    except ValidationError as exc:
        raise HearthError(next(iter(messages_of(exc).values()))[0]) from exc
    numbers = table.build(spec, request.user)
    services.report_exported(actor=request.user, spec=spec, fmt=fmt, report=report)
    return _download(numbers, fmt, request.user, report.title)


def _owner_action(request, pk, form_class, name, action, success):
    report = queries.report_for(request.user, pk)
    form = form_class(request.POST)
    done = submit(request, form, lambda data: action(report, data), success)
    if done:
        return redirect("report_builder:saved", pk=report.pk)
    return saved_report(request, pk, forms={name: form})


@requires("report.build")
@require_POST
def saved_share(request, pk):
    return _owner_action(
        request, pk, ShareForm, "share",
        lambda report, data: services.saved_report_share(
            actor=request.user, report=report, roles=list(data["roles"]),
            expected_version=data["version"],
        ),
        _("Sharing saved."),
    )  # fmt: skip


@requires("report.build")
@require_POST
def saved_schedule(request, pk):
    return _owner_action(
        request, pk, ScheduleForm, "schedule",
        lambda report, data: services.saved_report_schedule(
            actor=request.user, report=report, schedule=data["schedule"], day=data["day"],
            expected_version=data["version"],
        ),
        _("Schedule saved."),
    )  # fmt: skip


@requires("report.build")
@require_POST
def saved_void(request, pk):
    report = queries.report_for(request.user, pk)
    form = VoidForm(request.POST)
    if submit(
        request,
        form,
        lambda data: services.saved_report_void(
            actor=request.user, report=report, reason=data["reason"]
        ),
        _("The report was removed."),
    ):
        return redirect("report_builder:list")
    return saved_report(request, pk, forms={"void": form})
