from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.places.models import MAX_DEPTH, Location


class LocationChoiceField(forms.ModelChoiceField):
    """A location picker whose labels show the way down ("North › Lake District"),
    built from one query however deep the hierarchy."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Location.objects.filter(is_voided=False))
        kwargs.setdefault("label", _("Area"))
        super().__init__(**kwargs)

    def _set_names(self):
        if not hasattr(self, "_names"):
            self._names = dict(Location.objects.values_list("code", "name"))

    def label_from_instance(self, obj):
        self._set_names()
        codes = obj.path.strip("/").split("/")
        return " › ".join(self._names.get(code, code) for code in codes)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("Columns: code, name, parent_code (and optionally level).")
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and report, change nothing"), required=False, initial=True
    )


class LevelForm(forms.Form):
    depth = forms.IntegerField(
        label=_("Depth"),
        min_value=1,
        max_value=MAX_DEPTH,
        help_text=_("1 is the top level, e.g. region."),
    )
    name = forms.CharField(label=_("Name"), max_length=60)
