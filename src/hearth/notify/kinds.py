"""Kinds of notification, by name. An app that notifies registers its kinds here
(in code, not the database), each with a label people read on the preferences page
and whether email is on for it until the user says otherwise."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    default_email: bool = True


_kinds: dict[str, Kind] = {}


def register(kind: str, label, default_email: bool = True) -> Kind:
    """Declare a kind. Registering the same code again replaces it, so an app may
    refine a label or default without clashing with an earlier registration."""
    entry = Kind(kind, label, default_email)
    _kinds[kind] = entry
    return entry


def get(kind: str) -> Kind:
    try:
        return _kinds[kind]
    except KeyError:
        # A programming error, not something a user caused: fail loudly.
        raise ValueError(f"unknown notification kind {kind!r}; register it first") from None


def all_kinds() -> list[Kind]:
    """In the order they were registered, which groups related kinds together."""
    return list(_kinds.values())


# The kinds casework uses (E5, G4). Registered here so every app can rely on them.
register("assignment", _("A case is assigned to me"))
register("referral", _("A case is referred to me or my agency"))
register("transfer", _("A case is transferred to me"))
register("approval_requested", _("Something waits for my approval"))
register("approval_decided", _("My request for approval was decided"))
register("supervision_note", _("A supervisor writes a note on my case"))
register("coming_due", _("Something on my cases is coming due"))
register("overdue", _("Something on my cases is overdue"))
register("access_request", _("Someone asks for access to a case"))
register("emergency_access", _("Someone opens my case with emergency access"))
register("api_token_expiring", _("One of my API tokens is about to expire"))
