from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hearth.access.decorators import requires
from hearth.places import importer, services
from hearth.places.forms import ImportForm, LevelForm
from hearth.places.models import Location, LocationLevel
from hearth.web.forms import submit


@requires("location.manage")
def location_list(request):
    text = request.GET.get("q", "").strip()
    qs = (
        Location.objects.filter(is_voided=False)
        .annotate(child_count=Count("children", filter=Q(children__is_voided=False)))
        .order_by("path")  # a GROUP BY drops the model's default order
    )
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(code__icontains=text))
    levels = {level.depth: level.name for level in LocationLevel.objects.all()}
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for location in page:
        location.level_name = levels.get(location.depth, location.depth)
    return render(request, "places/location_list.html", {"page": page, "q": text})


@requires("location.manage")
def location_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = submit(
        request,
        form,
        lambda data: importer.import_locations(
            actor=request.user, text=_read_text(data["file"]), dry_run=data["dry_run"]
        ),
    )
    if result and result.ok and not result.dry_run:
        return render(request, "places/import_done.html", {"result": result})
    return render(request, "places/import.html", {"form": form, "result": result})


def _read_text(upload) -> str:
    # UTF-8 only: guessing a legacy code page would turn names in Cyrillic, Armenian
    # or Khmer into plausible-looking garbage without anyone noticing.
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            {"file": _("The file is not text in UTF-8; save it as “CSV UTF-8” and try again.")}
        ) from None


@requires("location.manage")
def level_list(request):
    form = LevelForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: services.level_save(actor=request.user, **data),
        _("Level saved."),
    ):
        return redirect("places:level_list")
    return render(
        request, "places/levels.html", {"levels": LocationLevel.objects.all(), "form": form}
    )
