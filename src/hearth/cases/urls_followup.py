"""Pages for following a case through: visits, notes, reviews, court, closure.
Included under /cases/<pk>/ in the cases namespace."""

from django.urls import path

from hearth.cases.views import closure, court, followup, notes, review

urlpatterns = [
    path("follow-ups/new/", followup.schedule, name="followup_schedule"),
    path("follow-ups/visit/", followup.log_visit, name="followup_log"),
    path("follow-ups/<uuid:followup_pk>/done/", followup.done, name="followup_done"),
    path(
        "follow-ups/<uuid:followup_pk>/reschedule/",
        followup.reschedule,
        name="followup_reschedule",
    ),
    path("follow-ups/<uuid:followup_pk>/cancel/", followup.cancel, name="followup_cancel"),
    path("notes/", notes.note_list, name="note_list"),
    path("notes/new/", notes.note_new, name="note_new"),
    path("notes/supervision/new/", notes.supervision_new, name="supervision_new"),
    path("notes/<uuid:note_pk>/correct/", notes.note_correct, name="note_correct"),
    path("notes/<uuid:note_pk>/edit/", notes.note_edit, name="note_edit"),
    path("notes/<uuid:note_pk>/void/", notes.note_void, name="note_void"),
    path("review/start/", review.start, name="review_start"),
    path("reviews/new/", review.record, name="review_record"),
    path("conferences/new/", review.conference, name="review_conference"),
    path("court/new/", court.involvement_new, name="involvement_new"),
    path("court/<uuid:involvement_pk>/edit/", court.involvement_edit, name="involvement_edit"),
    path("court/<uuid:involvement_pk>/void/", court.involvement_void, name="involvement_void"),
    path("court/<uuid:involvement_pk>/hearings/new/", court.hearing_new, name="hearing_new"),
    path("hearings/<uuid:hearing_pk>/edit/", court.hearing_edit, name="hearing_edit"),
    path("hearings/<uuid:hearing_pk>/void/", court.hearing_void, name="hearing_void"),
    path("orders/new/", court.order_new, name="order_new"),
    path("orders/<uuid:order_pk>/edit/", court.order_edit, name="order_edit"),
    path("orders/<uuid:order_pk>/void/", court.order_void, name="order_void"),
    path("closure/", closure.request_closure, name="closure_request"),
    path("closure/<uuid:closure_pk>/decide/", closure.decide, name="closure_decide"),
    path("reopen/", closure.reopen, name="reopen"),
]
