from django.urls import path

from hearth.care.views import placements, providers, reintegration, reports, tracing

app_name = "care"
urlpatterns = [
    # A child's care, from the case page
    path("cases/<uuid:pk>/arrangements/new/", placements.arrangement_add, name="arrangement_add"),
    path("cases/<uuid:pk>/gatekeeping/new/", placements.gatekeeping_add, name="gatekeeping_add"),
    path("arrangements/<uuid:pk>/", placements.arrangement_detail, name="arrangement"),
    path("arrangements/<uuid:pk>/care-plan/", placements.care_plan, name="care_plan"),
    path("arrangements/<uuid:pk>/reviews/new/", placements.review_add, name="review_add"),
    path("arrangements/<uuid:pk>/contacts/new/", placements.contact_add, name="contact_add"),
    path("arrangements/<uuid:pk>/discharge/", placements.discharge, name="discharge"),
    path("arrangements/<uuid:pk>/void/", placements.arrangement_void, name="arrangement_void"),
    path("arrangements/<uuid:pk>/safeguard/", placements.safeguard_decide, name="safeguard"),
    path("tasks/", placements.my_tasks, name="tasks"),
    # Reintegration
    path("cases/<uuid:pk>/reintegration/new/", reintegration.plan_add, name="plan_add"),
    path(
        "reintegration/<uuid:pk>/assessment/", reintegration.assessment_add, name="assessment_add"
    ),
    path("reintegration/<uuid:pk>/tasks/new/", reintegration.task_add, name="task_add"),
    path("reintegration/tasks/<uuid:pk>/done/", reintegration.task_done, name="task_done"),
    path("reintegration/<uuid:pk>/return/", reintegration.return_home, name="return_home"),
    path("reintegration/<uuid:pk>/stop/", reintegration.plan_stop, name="plan_stop"),
    path("reintegration/visits/<uuid:pk>/", reintegration.visit_record, name="visit_record"),
    # The register of providers
    path("facilities/", providers.facility_list, name="facilities"),
    path("facilities/new/", providers.facility_add, name="facility_add"),
    path("facilities/dashboard/", reports.dashboard, name="dashboard"),
    path("facilities/<uuid:pk>/", providers.facility_detail, name="facility"),
    path("facilities/<uuid:pk>/edit/", providers.facility_edit, name="facility_edit"),
    path("facilities/<uuid:pk>/bands/new/", providers.band_add, name="band_add"),
    path(
        "facilities/<uuid:pk>/bands/<uuid:band_pk>/remove/",
        providers.band_remove,
        name="band_remove",
    ),
    path(
        "facilities/<uuid:pk>/inspections/new/", providers.facility_inspect, name="facility_inspect"
    ),
    path("foster-carers/", providers.carer_list, name="carers"),
    path("foster-carers/new/", providers.carer_add, name="carer_add"),
    path("foster-carers/<uuid:pk>/", providers.carer_detail, name="carer"),
    path("foster-carers/<uuid:pk>/edit/", providers.carer_edit, name="carer_edit"),
    path("foster-carers/<uuid:pk>/inspections/new/", providers.carer_inspect, name="carer_inspect"),
    path("inspection-actions/<uuid:pk>/done/", providers.action_done, name="action_done"),
    # Tracing
    path("tracing/", tracing.request_list, name="tracing"),
    path("tracing/new/", tracing.request_add, name="tracing_add"),
    path("cases/<uuid:pk>/tracing/new/", tracing.request_for_case, name="tracing_for_case"),
    path("tracing/<uuid:pk>/", tracing.request_detail, name="tracing_request"),
    path("tracing/<uuid:pk>/confirm/", tracing.match_confirm, name="match_confirm"),
    path("tracing/<uuid:pk>/propose/", tracing.match_propose, name="match_propose"),
    path("tracing/<uuid:pk>/close/", tracing.request_close, name="tracing_close"),
    path("tracing/matches/<uuid:pk>/", tracing.match_decide, name="match_decide"),
    # Reports
    path("exceptions/", reports.exceptions, name="exceptions"),
    path("reviews/", reports.reviews_due, name="reviews_due"),
    path("population/", reports.population, name="population"),
    path("population/import/", reports.population_import, name="population_import"),
]
