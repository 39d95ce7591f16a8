"""The case page's "Services", "Referrals" and "Transfers" sections. Each row says
which actions this reader may take on it, asked of the same rules the services
enforce, so a button is shown only to someone who may press it."""

from django.utils.translation import gettext_lazy as _

from hearth.access import policy
from hearth.cases import delivery_queries as q
from hearth.cases import sections
from hearth.cases.models import Referral, Transfer


def services_build(user, case) -> dict:
    rows = list(q.services_of(case))
    overdue = set(q.overdue_services(case.services.all()).values_list("pk", flat=True))
    return {
        "services": [{"service": s, "overdue": s.pk in overdue} for s in rows],
        "may_work": case.is_open and policy.can(user, "case.work", case),
    }


def referrals_build(user, case) -> dict:
    may_refer = policy.can(user, "case.refer", case)
    responds = policy.has_perm(user, "referral.respond")
    overdue = set(q.overdue_referrals(case.referrals.all()).values_list("pk", flat=True))
    rows = []
    for referral in q.referrals_of(case):
        active = referral.status in Referral.ACTIVE
        if referral.to_provider_id:
            may_answer = responds and may_refer
        else:
            may_answer = q.is_referral_recipient(user, referral)
        rows.append(
            {
                "referral": referral,
                "may_answer": active and may_answer,
                "may_revoke": active and may_refer,
                "overdue": referral.pk in overdue,
            }
        )
    return {"referrals": rows, "may_refer": may_refer and case.is_open}


def transfers_build(user, case) -> dict:
    may_reassign = policy.can(user, "case.reassign", case)
    rows = []
    waiting = False  # a case has one pending transfer at most: no new one meanwhile
    for transfer in q.transfers_of(case):
        pending = transfer.status == Transfer.Status.PENDING
        waiting = waiting or pending
        rows.append(
            {
                "transfer": transfer,
                "may_answer": pending and q.is_transfer_recipient(user, transfer),
                "may_cancel": pending and (transfer.created_by_id == user.pk or may_reassign),
            }
        )
    return {
        "transfers": rows,
        "may_transfer": case.is_open and not waiting and policy.can(user, "case.transfer", case),
        "may_reassign": case.is_open and not waiting and may_reassign,
    }


sections.add("services", _("Services"), "cases/delivery/section.html", services_build, order=50)
sections.add("referrals", _("Referrals"), "cases/referral/section.html", referrals_build, order=55)
sections.add("transfers", _("Transfers"), "cases/transfer/section.html", transfers_build, order=90)
