"""Routes of assessments, case plans and approvals (in the "cases" namespace)."""

from django.urls import path

from hearth.cases.views import approval, assessment, plan

urlpatterns = [
    path("<uuid:pk>/assessments/new/", assessment.assessment_start, name="assessment_start"),
    path("assessments/<uuid:pk>/", assessment.assessment_detail, name="assessment_detail"),
    path("assessments/<uuid:pk>/edit/", assessment.assessment_edit, name="assessment_edit"),
    path(
        "assessments/<uuid:pk>/withdraw/",
        assessment.assessment_withdraw,
        name="assessment_withdraw",
    ),
    path("<uuid:pk>/plans/new/", plan.plan_start, name="plan_start"),
    path("plans/<uuid:pk>/", plan.plan_detail, name="plan_detail"),
    path("plans/<uuid:pk>/edit/", plan.plan_edit, name="plan_edit"),
    path("plans/<uuid:pk>/goals/new/", plan.goal_add, name="goal_add"),
    path("plans/<uuid:pk>/submit/", plan.plan_submit, name="plan_submit"),
    path("plans/<uuid:pk>/withdraw/", plan.plan_withdraw, name="plan_withdraw"),
    path("plans/<uuid:pk>/revise/", plan.plan_revise, name="plan_revise"),
    path("goals/<uuid:pk>/edit/", plan.goal_edit, name="goal_edit"),
    path("goals/<uuid:pk>/remove/", plan.goal_remove, name="goal_remove"),
    path("goals/<uuid:pk>/outcome/", plan.goal_outcome, name="goal_outcome"),
    path("goals/<uuid:pk>/actions/new/", plan.action_add, name="action_add"),
    path("actions/<uuid:pk>/edit/", plan.action_edit, name="action_edit"),
    path("actions/<uuid:pk>/remove/", plan.action_remove, name="action_remove"),
    path("actions/<uuid:pk>/done/", plan.action_done, name="action_done"),
    path("approvals/", approval.approvals_waiting, name="approvals"),
    path("approvals/<uuid:pk>/", approval.approval_decide, name="approval_decide"),
]
