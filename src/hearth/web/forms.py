"""Helpers shared by every form page."""

from django import forms
from django.core.exceptions import ValidationError

from hearth.core.errors import HearthError


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def show_errors(form: forms.Form, error: Exception) -> None:
    """Put a service's refusal on the form: on the field it names when the form
    has that field, otherwise at the top. The user sees why; nothing was saved."""
    if isinstance(error, HearthError):
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error.message))
        return
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                target = field if field in form.fields else None
                for message in errors:
                    for text in message.messages:
                        form.add_error(target, text)
        else:
            for text in error.messages:
                form.add_error(None, text)
        return
    raise error


REFUSED = (HearthError, ValidationError)


def submit(request, form: forms.Form, action, success: str = ""):
    """The one way a form page writes. When the form was posted and parses, run
    `action(cleaned_data)` (a service call). A refusal lands on the form and the
    result is None; success flashes `success` and returns the action's result
    (True when it returns nothing)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except REFUSED as error:
        show_errors(form, error)
        return None
    if success:
        from django.contrib import messages

        messages.success(request, success)
    return True if result is None else result
