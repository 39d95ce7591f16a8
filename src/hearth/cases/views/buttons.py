"""One-button steps on the assessment, plan and approval pages (start, submit,
withdraw, revise...): nothing to fill in, so a refusal is flashed with its reason
and the page it came from is shown again."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from hearth.core.errors import HearthError
from hearth.web.forms import REFUSED


def reasons(error: Exception) -> str:
    if isinstance(error, HearthError):
        return str(error.message)
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    raise error


def press(request, action, success: str = ""):
    """Run `action()`; flash `success` and return its result (True when None), or
    flash why it was refused and return None."""
    try:
        result = action()
    except REFUSED as error:
        messages.error(request, reasons(error))
        return None
    if success:
        messages.success(request, success)
    return True if result is None else result


def form_errors(form) -> str:
    """A parsed-but-invalid small form's messages, for a flash."""
    return " ".join(
        f"{form[name].label}: {' '.join(errs)}" if name in form.fields else " ".join(errs)
        for name, errs in form.errors.items()
    )
