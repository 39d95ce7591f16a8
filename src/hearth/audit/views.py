"""The auditor's screen (B6): search the trail, read each event, export what was found.
Searching and exporting are themselves audit events."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Max
from django.http import StreamingHttpResponse
from django.shortcuts import render

from hearth.access.decorators import requires
from hearth.audit import export, queries
from hearth.audit.forms import AuditFilterForm
from hearth.audit.models import AuditEvent
from hearth.audit.services import record
from hearth.core import clock

PAGE_SIZE = 50


@requires("audit.view")
def event_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(queries.search(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    record(
        actor=request.user,
        action="audit.search",
        detail={"filters": filters.given(), "page": page.number},
    )
    events = [{"event": e, "changes": queries.changes_for(request.user, e)} for e in page]
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "events": events, "filtered": bool(filters.given())},
    )


@requires("audit.view")
def event_export(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.filters()
    qs = queries.search(request.user, filters)
    # The export is the trail as it stood when asked for; its own event comes after.
    up_to = AuditEvent.objects.aggregate(last=Max("seq"))["last"] or 0
    record(
        actor=request.user,
        action="audit.export",
        detail={"filters": filters.given(), "up_to_seq": up_to},
    )
    response = StreamingHttpResponse(
        export.csv_lines(request.user, qs, up_to), content_type="text/csv; charset=utf-8"
    )
    stamp = clock.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="hearth-audit-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
