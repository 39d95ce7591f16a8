from django.urls import path

from hearth.cases.views import access, case, facts, retention

app_name = "cases"
urlpatterns = [
    path("", case.case_list, name="list"),
    path("new/", case.case_find_child, name="find_child"),
    path("new/register/", case.case_register, name="register"),
    path("<uuid:pk>/", case.case_detail, name="detail"),
    path("<uuid:pk>/edit/", facts.case_edit, name="edit"),
    path("<uuid:pk>/risk/", facts.risk_change, name="risk"),
    path("<uuid:pk>/consent/", facts.consent_add, name="consent_add"),
    path(
        "<uuid:pk>/consent/<uuid:consent_pk>/withdraw/",
        facts.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<uuid:pk>/assign/", facts.assign, name="assign"),
    path("<uuid:pk>/assign/<uuid:assignment_pk>/end/", facts.unassign, name="unassign"),
    path("<uuid:pk>/duplicate/", facts.mark_duplicate, name="mark_duplicate"),
    # Beyond one's scope: the limited search, access requests, emergency access (A7, B4)
    path("search/", access.search, name="search"),
    path("search/<uuid:pk>/request/", access.request_access, name="request_access"),
    path("search/<uuid:pk>/emergency/", access.emergency, name="emergency_access"),
    path("access/", access.access_requests_page, name="access_requests"),
    path("access/<uuid:pk>/decide/", access.decide, name="access_decide"),
    path("access/<uuid:pk>/end/", access.end, name="access_end"),
    path("access/<uuid:pk>/withdraw/", access.withdraw, name="access_withdraw"),
    path("retention/", retention.retention_page, name="retention"),
    path("retention/run/", retention.retention_start, name="retention_start"),
]
