"""Case notes and supervision notes (G4).

Whoever may work on the case writes case notes; a supervisor writes supervision
notes, and the caseworker and co-workers are told. The author may correct the
wording for a day; after that a note stands as written and a correction is a new
note pointing to it, so the file shows what was known when. Voiding needs a reason."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.cases import workflow
from hearth.cases.models import Case, CaseNote
from hearth.cases.notices import tell
from hearth.core import clock, writes
from hearth.core.errors import Refused

EDITABLE_FOR = dt.timedelta(hours=24)

# Who may write (and correct, and void) each kind of note.
WRITER_PERMISSION: dict[str, str] = {
    CaseNote.Kind.NOTE: "case.work",
    CaseNote.Kind.SUPERVISION: "case.supervise",
}


def editable(note: CaseNote) -> bool:
    return not note.is_voided and clock.now() - note.created_at < EDITABLE_FOR


def _text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")})
    return text


def _workers_of(case: Case) -> list:
    assigned = case.assignments.filter(ended_at__isnull=True, is_voided=False).select_related(
        "user"
    )
    return [case.owner, *(a.user for a in assigned)]


@transaction.atomic
def note_write(
    *,
    actor,
    case: Case,
    text: str,
    kind: str = CaseNote.Kind.NOTE,
    corrects: CaseNote | None = None,
) -> CaseNote:
    """Write a note. A correction takes the kind of the note it corrects."""
    if corrects is not None:
        if corrects.case_id != case.pk or corrects.is_voided:
            raise ValidationError({"corrects": _("Choose a note of this case to correct.")})
        kind = corrects.kind
    if kind not in WRITER_PERMISSION:
        raise ValidationError({"kind": _("Choose the kind of note.")})
    policy.require(actor, WRITER_PERMISSION[kind], case)
    workflow.require_open(case)
    note = CaseNote(case=case, kind=kind, text=_text(text), corrects=corrects)
    writes.create(note, actor=actor)
    record_change(
        actor=actor,
        action="note.correct" if corrects else "note.write",
        target=note,
        before=None,
        detail={"corrects": str(corrects.pk)} if corrects else None,
    )
    if kind == CaseNote.Kind.SUPERVISION:
        tell(
            _workers_of(case),
            "supervision_note",
            lambda: (
                _("%(who)s wrote a supervision note on case %(n)s")
                % {"who": actor, "n": case.number}
            ),
            case=case,
            actor=actor,
        )
    return note


@transaction.atomic
def note_edit(*, actor, note: CaseNote, text: str, expected_version: int | None = None) -> CaseNote:
    """The author corrects their own note's wording within a day of writing it."""
    policy.require(actor, WRITER_PERMISSION[note.kind], note.case)
    workflow.require_open(note.case)
    if note.created_by_id != actor.pk:
        raise Refused(_("Only the author may change a note. Write a correction instead."))
    if not editable(note):
        raise Refused(
            _("Notes cannot be changed a day after they are written. Write a correction instead.")
        )
    before = writes.snapshot(note)
    note.text = _text(text)
    writes.update(note, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="note.edit", target=note, before=before)
    return note


@transaction.atomic
def note_void(*, actor, note: CaseNote, reason: str) -> CaseNote:
    """Void a note written on the wrong case or in error: its author, or a supervisor."""
    case = note.case
    policy.require(actor, WRITER_PERMISSION[note.kind], case)
    if note.created_by_id != actor.pk and not policy.can(actor, "case.supervise", case):
        raise Refused(_("Only the author or a supervisor may void a note."))
    before = writes.snapshot(note)
    writes.void(note, actor=actor, reason=reason)
    record_change(actor=actor, action="note.void", target=note, before=before)
    return note
