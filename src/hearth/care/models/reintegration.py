"""Reintegration (F7): assessing the family, a plan with agreed tasks, the return,
and the follow-up visits after it.

The visits are the case's own follow-ups (cases.FollowUp): they sit with every
other home visit, move the case's next-due date and show overdue like any
follow-up. A ReintegrationVisit row ties each one to the plan and keeps what a
post-return visit must also tell (is the child still at home, how are they)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.cases.models.case import CaseChild
from hearth.core import clock
from hearth.core.models import HearthModel


class ReintegrationPlan(CaseChild, HearthModel):
    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing the return")
        RETURNED = "returned", _("Returned: follow-up visits")
        COMPLETED = "completed", _("Completed")
        STOPPED = "stopped", _("Stopped")

    OPEN = (Status.PREPARING, Status.RETURNED)

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="reintegration_plans"
    )
    child = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PREPARING)
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("family household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    family = models.CharField(
        _("family the child returns to"),
        max_length=200,
        help_text=_("Who the child will live with, e.g. “mother and grandmother”."),
    )
    goal = models.TextField(_("the plan"), blank=True)
    target_return_on = models.DateField(_("planned return"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    tracing_match = models.ForeignKey(
        "care.TracingMatch",
        verbose_name=_("from a tracing match"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    stopped_reason = models.TextField(_("why the plan stopped"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reintegration plan")
        verbose_name_plural = _("reintegration plans")

    def __str__(self):
        return f"{_('Reintegration')} · {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def clean(self):
        if self.returned_on and self.returned_on > clock.today():
            raise ValidationError({"returned_on": _("The return is recorded once it happened.")})


class FamilyAssessment(CaseChild, HearthModel):
    """The assessment of the family before a return, on the configured form
    (`reintegration_family_assessment`)."""

    class Recommendation(models.TextChoices):
        RETURN = "return", _("The child can return")
        WITH_SUPPORT = "with_support", _("The child can return with support")
        NOT_YET = "not_yet", _("Not yet: more work with the family first")
        NO = "no", _("Return is not in the child's best interests")

    RETURN_OK = (Recommendation.RETURN, Recommendation.WITH_SUPPORT)

    plan = models.ForeignKey(
        ReintegrationPlan, on_delete=models.PROTECT, related_name="assessments"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    form_version = models.ForeignKey(
        "forms.FormVersion", on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(_("answers"), default=dict)
    assessed_on = models.DateField(_("date of the assessment"))
    recommendation = models.CharField(_("recommendation"), max_length=15, choices=Recommendation)

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        verbose_name = _("family assessment")
        verbose_name_plural = _("family assessments")

    def __str__(self):
        return f"{_('Family assessment')} {self.assessed_on}"

    def clean(self):
        if self.assessed_on and self.assessed_on > clock.today():
            raise ValidationError({"assessed_on": _("The date cannot be in the future.")})


class ReintegrationTask(CaseChild, HearthModel):
    """A task agreed in the plan: who does what, by when."""

    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.PROTECT, related_name="tasks")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    responsible = models.CharField(_("who"), max_length=150)
    description = models.TextField(_("what"))
    due_on = models.DateField(_("by when"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("reintegration task")
        verbose_name_plural = _("reintegration tasks")

    def __str__(self):
        return self.description[:80]

    def clean(self):
        if self.done_on and self.done_on > clock.today():
            raise ValidationError({"done_on": _("The date cannot be in the future.")})


class ReintegrationVisit(CaseChild, HearthModel):
    """A scheduled post-return visit: the plan's side of a case follow-up."""

    class Wellbeing(models.TextChoices):
        WELL = "well", _("Doing well")
        CONCERNS = "concerns", _("Some concerns")
        SERIOUS = "serious", _("Serious concerns")

    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.PROTECT, related_name="visits")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    follow_up = models.OneToOneField(
        "cases.FollowUp", on_delete=models.PROTECT, related_name="reintegration_visit"
    )
    number = models.PositiveSmallIntegerField(_("visit"))
    living_at_home = models.BooleanField(
        _("the child still lives with the family"), null=True, blank=True
    )
    wellbeing = models.CharField(
        _("how the child is"), max_length=10, choices=Wellbeing, blank=True
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="care_visit_number_in_plan")
        ]
        verbose_name = _("post-return visit")
        verbose_name_plural = _("post-return visits")

    def __str__(self):
        return f"{_('Post-return visit')} {self.number}"
