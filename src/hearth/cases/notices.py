"""Notifying people about a case, in their own language (E5)."""

from django.urls import reverse


def case_link(case) -> str:
    return reverse("cases:detail", args=[case.pk])


def tell(recipients, kind: str, title, *, case=None, actor=None, body="", link="") -> None:
    """Notify one user or several about `case`. Pass `title` as a callable (a lambda
    around gettext) so it is rendered in each recipient's own language."""
    from hearth.notify.services import notify

    if not isinstance(recipients, list | tuple | set):
        recipients = [recipients]
    notify(
        recipients=[r for r in recipients if r is not None],
        kind=kind,
        title=title,
        body=body,
        link=link or (case_link(case) if case else ""),
        case_id=case.pk if case else None,
        actor=actor,
    )
