"""Case notes and supervision notes (G4): write, correct, change within a day, void."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.cases import followup_queries, queries, sections
from hearth.cases.models import CaseNote
from hearth.cases.services import notes, registration
from hearth.cases.views.followup import ReasonForm, back_to, form_page
from hearth.web.forms import submit

RECENT = 10


class NoteForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 8}))


class NoteEditForm(NoteForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _write(request, case, kind, corrects=None):
    form = NoteForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: notes.note_write(
            actor=request.user, case=case, kind=kind, corrects=corrects, **data
        ),
        _("Note saved."),
    ):
        return back_to(case, "notes")
    if corrects is not None:
        title = _("Correct a note")
        intro = _("The note stays as written; your correction is shown with it.")
    elif kind == CaseNote.Kind.SUPERVISION:
        title = _("Write a supervision note")
        intro = _("The caseworker and the workers assigned to the case are told.")
    else:
        title, intro = _("Write a case note"), ""
    return form_page(request, case, form, title, intro=intro)


@requires("case.work")
def note_new(request, pk):
    case = queries.case_for(request.user, pk, "case.work")
    return _write(request, case, CaseNote.Kind.NOTE)


@requires("case.supervise")
def supervision_new(request, pk):
    case = queries.case_for(request.user, pk, "case.supervise")
    return _write(request, case, CaseNote.Kind.SUPERVISION)


def _note(request, pk, note_pk):
    """The note and its case, fetched with the permission its kind needs."""
    case = queries.case_for(request.user, pk)
    note = get_object_or_404(CaseNote, pk=note_pk, case=case, is_voided=False)
    queries.case_for(request.user, pk, notes.WRITER_PERMISSION[note.kind])
    note.case = case
    return case, note


@requires("case.view")
def note_correct(request, pk, note_pk):
    case, note = _note(request, pk, note_pk)
    return _write(request, case, note.kind, corrects=note)


@requires("case.view")
def note_edit(request, pk, note_pk):
    case, note = _note(request, pk, note_pk)
    form = NoteEditForm(request.POST or None, initial={"text": note.text, "version": note.version})

    def save(data):
        return notes.note_edit(
            actor=request.user, note=note, text=data["text"], expected_version=data["version"]
        )

    if submit(request, form, save, _("Note changed.")):
        return back_to(case, "notes")
    return form_page(
        request,
        case,
        form,
        _("Change the note"),
        intro=_("You can change your own note on the day you write it."),
    )


@requires("case.view")
def note_void(request, pk, note_pk):
    case, note = _note(request, pk, note_pk)
    form = ReasonForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: notes.note_void(actor=request.user, note=note, **data),
        _("Note voided."),
    ):
        return back_to(case, "notes")
    return form_page(
        request, case, form, _("Void the note"), intro=_("Only for a note written in error.")
    )


def _flag(user, case, items, may_write: dict) -> list:
    """Mark what the reader may do with each note."""
    supervises = may_write[CaseNote.Kind.SUPERVISION]
    for note in items:
        mine = note.created_by_id == user.pk
        note.may_correct = may_write[note.kind]
        note.may_edit = mine and may_write[note.kind] and notes.editable(note)
        note.may_void = may_write[note.kind] and (mine or supervises)
    return items


def _may_write(user, case) -> dict:
    return {
        kind: case.is_open and policy.can(user, permission, case)
        for kind, permission in notes.WRITER_PERMISSION.items()
    }


@requires("case.view")
def note_list(request, pk):
    case = queries.case_for(request.user, pk)
    registration.record_read(actor=request.user, case=case, what="notes")
    kind = request.GET.get("kind", "")
    kind = kind if kind in CaseNote.Kind.values else ""
    page = Paginator(followup_queries.notes_of(case, kind), 50).get_page(request.GET.get("page"))
    may_write = _may_write(request.user, case)
    page.object_list = _flag(request.user, case, list(page.object_list), may_write)
    return render(
        request,
        "cases/notes/list.html",
        {
            "case": case,
            "page": page,
            "kind": kind,
            "kinds": CaseNote.Kind.choices,
            "may_note": may_write[CaseNote.Kind.NOTE],
            "may_supervise": may_write[CaseNote.Kind.SUPERVISION],
        },
    )


def build(user, case) -> dict:
    may_write = _may_write(user, case)
    recent = list(followup_queries.notes_of(case)[: RECENT + 1])
    return {
        "notes": _flag(user, case, recent[:RECENT], may_write),
        "more": len(recent) > RECENT,
        "may_note": may_write[CaseNote.Kind.NOTE],
        "may_supervise": may_write[CaseNote.Kind.SUPERVISION],
    }


sections.add(
    "notes",
    gettext_lazy("Notes"),
    "cases/notes/section.html",
    build,
    order=70,
    asks=tuple(notes.WRITER_PERMISSION.values()),
)
