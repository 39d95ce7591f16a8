from django.urls import include, path

from hearth.cases.views import case, facts

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
    path("<uuid:pk>/", include("hearth.cases.urls_followup")),
]
