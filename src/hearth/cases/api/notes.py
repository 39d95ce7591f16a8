"""/api/v1 case notes and supervision notes (G4): the same services as the pages."""

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.cases import followup_queries, queries
from hearth.cases.models import CaseNote
from hearth.cases.services import notes, registration
from hearth.core.api import masked_fields, paginate

router = Router(tags=["notes"])


class NoteIn(Schema):
    text: str
    kind: str = Field(CaseNote.Kind.NOTE, description="note, or supervision (supervisors)")
    corrects: uuid.UUID | None = Field(None, description="The note this one corrects")


class NoteEdit(Schema):
    text: str
    version: int | None = None


class ReasonIn(Schema):
    reason: str


def note_out(user, note: CaseNote) -> dict:
    return {
        "id": note.pk,
        "case": note.case_id,
        "version": note.version,
        "kind": note.kind,
        "corrects": note.corrects_id,
        "written_by": note.created_by_id,
        "written_at": note.created_at,
        "editable": notes.editable(note) and note.created_by_id == user.pk,
        **masked_fields(user, note, ["text"]),
    }


# Supervision notes need case.supervise, case notes case.work: the service decides,
# so the route asks only that the caller reads cases.
@router.post("/cases/{case_id}/notes", response={201: dict}, summary="Write a note (G4)")
@api_requires("case.view")
def note_write(request, case_id: uuid.UUID, payload: NoteIn):
    case = queries.case_for(request.user, case_id)
    corrects = None
    if payload.corrects:
        corrects = case.notes.filter(pk=payload.corrects, is_voided=False).first()
        if corrects is None:
            raise ValidationError({"corrects": [_("Choose a note of this case to correct.")]})
    note = notes.note_write(
        actor=request.user, case=case, text=payload.text, kind=payload.kind, corrects=corrects
    )
    return 201, note_out(request.user, note)


@router.get("/cases/{case_id}/notes", summary="A case's notes, newest first")
@api_requires("case.view")
def note_list(request, case_id: uuid.UUID, kind: str = "", page: int = 1, per: int = 50):
    case = queries.case_for(request.user, case_id)
    registration.record_read(actor=request.user, case=case, what="api:notes")
    kind = kind if kind in CaseNote.Kind.values else ""
    return paginate(
        followup_queries.notes_of(case, kind), page, per, lambda n: note_out(request.user, n)
    )


@router.patch("/notes/{note_id}", summary="Change one's own note on the day it was written")
@api_requires("case.view")
def note_edit(request, note_id: uuid.UUID, payload: NoteEdit):
    note = followup_queries.child_for(request.user, CaseNote, note_id)
    notes.note_edit(
        actor=request.user, note=note, text=payload.text, expected_version=payload.version
    )
    return note_out(request.user, note)


@router.post("/notes/{note_id}/void", summary="Void a note written in error, with a reason")
@api_requires("case.view")
def note_void(request, note_id: uuid.UUID, payload: ReasonIn):
    note = followup_queries.child_for(request.user, CaseNote, note_id)
    notes.note_void(actor=request.user, note=note, reason=payload.reason)
    return {**note_out(request.user, note), "voided": True}
