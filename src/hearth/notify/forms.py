from django import forms

from hearth.notify import kinds


class EmailPreferencesForm(forms.Form):
    """One "email me" box per kind of notification."""

    def __init__(self, *args, choices: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds.all_kinds():
            self.fields[kind.code] = forms.BooleanField(
                label=kind.label, required=False, initial=choices.get(kind.code, False)
            )
