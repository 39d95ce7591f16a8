"""The retention policy's page (B9): the period, the last runs, a dry run and a
real run. Numbers of cases only: the page reads no case content."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.access.decorators import requires
from hearth.cases.models import Anonymisation, RetentionRun
from hearth.cases.retention import closed_before, retention_run
from hearth.core import clock, config


@requires("retention.run")
def retention_page(request):
    years = int(config.get("retention.years_after_closure"))
    runs = RetentionRun.objects.select_related("created_by").order_by("-created_at")[:20]
    return render(
        request,
        "cases/access/retention.html",
        {
            "years": years,
            "closed_before": closed_before(clock.today(), years),
            "depth": config.get("retention.location_depth"),
            "automatic": config.get("retention.automatic"),
            "runs": runs,
            "anonymised": Anonymisation.objects.count(),
        },
    )


@requires("retention.run")
@require_POST
def retention_start(request):
    dry_run = request.POST.get("dry_run") == "1"
    run = retention_run(actor=request.user, dry_run=dry_run)
    count = run.counts.get("cases", 0)
    if dry_run:
        messages.info(
            request,
            _("Dry run: %(n)s cases would be anonymised. Nothing was changed.") % {"n": count},
        )
    else:
        messages.success(request, _("%(n)s cases were anonymised.") % {"n": count})
    return redirect("cases:retention")
