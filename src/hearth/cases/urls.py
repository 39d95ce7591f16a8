from django.urls import include, path

from hearth.cases import urls_plan, urls_tasks
from hearth.cases.views import (
    access,
    case,
    delivery,
    directory,
    facts,
    referral,
    retention,
    transfer,
)

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
    # Service directory and service types
    path("directory/", directory.directory_list, name="directory"),
    path("directory/manage/", directory.directory_manage, name="directory_manage"),
    path("directory/new/", directory.provider_create, name="provider_create"),
    path("directory/<uuid:pk>/edit/", directory.provider_edit, name="provider_edit"),
    path(
        "directory/<uuid:pk>/deactivate/", directory.provider_deactivate, name="provider_deactivate"
    ),
    path("directory/<uuid:pk>/activate/", directory.provider_activate, name="provider_activate"),
    path("service-types/", directory.service_types, name="service_types"),
    path("service-types/<int:pk>/edit/", directory.service_type_edit, name="service_type_edit"),
    path(
        "service-types/<int:pk>/toggle/", directory.service_type_toggle, name="service_type_toggle"
    ),
    # Services, referrals, transfers
    path("<uuid:pk>/services/new/", delivery.service_add, name="service_add"),
    path("services/<uuid:pk>/deliver/", delivery.service_deliver, name="service_deliver"),
    path("services/<uuid:pk>/cancel/", delivery.service_cancel, name="service_cancel"),
    path("<uuid:pk>/referrals/new/", referral.referral_new, name="referral_new"),
    path("referrals/incoming/", referral.referrals_incoming, name="referrals_incoming"),
    path("referrals/<uuid:pk>/accept/", referral.referral_accept, name="referral_accept"),
    path("referrals/<uuid:pk>/decline/", referral.referral_decline, name="referral_decline"),
    path("referrals/<uuid:pk>/complete/", referral.referral_complete, name="referral_complete"),
    path("referrals/<uuid:pk>/revoke/", referral.referral_revoke, name="referral_revoke"),
    path("<uuid:pk>/transfers/new/", transfer.transfer_new, name="transfer_new"),
    path("<uuid:pk>/reassign/", transfer.reassign, name="reassign"),
    path("transfers/incoming/", transfer.transfers_incoming, name="transfers_incoming"),
    path("transfers/<uuid:pk>/accept/", transfer.transfer_accept, name="transfer_accept"),
    path("transfers/<uuid:pk>/decline/", transfer.transfer_decline, name="transfer_decline"),
    path("transfers/<uuid:pk>/cancel/", transfer.transfer_cancel, name="transfer_cancel"),
    path("<uuid:pk>/", include("hearth.cases.urls_followup")),
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
urlpatterns += urls_plan.urlpatterns
urlpatterns += urls_tasks.urlpatterns
