"""Helpers shared by every form page."""

from django import forms
from django.core.exceptions import ValidationError

from hearth.core.errors import HearthError


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def show_errors(forms_, error: Exception) -> None:
    """Put a service's refusal on the form(s): each message on the first form with
    the field it names, otherwise at the top of the first form. The user sees why;
    nothing was saved."""
    forms_ = forms_ if isinstance(forms_, list | tuple) else [forms_]

    def place(field, text):
        for form in forms_:
            if field in form.fields:
                form.add_error(field, text)
                return
        forms_[0].add_error(None, text)

    if isinstance(error, HearthError):
        place(error.field, str(error.message))
    elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                for text in message.messages:
                    place(field, text)
    elif isinstance(error, ValidationError):
        for text in error.messages:
            forms_[0].add_error(None, text)
    else:
        raise error


REFUSED = (HearthError, ValidationError)


def submit(request, form: forms.Form, action, success: str = "", *, others=()):
    """The one way a form page writes. When the form (and any `others` on the same
    page) was posted and parses, run `action(cleaned_data)` (a service call). A
    refusal lands on the forms and the result is None; success flashes `success`
    and returns the action's result (True when it returns nothing)."""
    every = [form, *[f for f in others if f is not None]]
    if request.method != "POST" or not all(f.is_valid() for f in every):
        return None
    try:
        result = action(form.cleaned_data)
    except REFUSED as error:
        show_errors(every, error)
        return None
    if success:
        from django.contrib import messages

        messages.success(request, success)
    return True if result is None else result
