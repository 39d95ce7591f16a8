"""The case page's "Services", "Referrals" and "Transfers" sections. Each row says
which actions this reader may take on it, asked of the same rules the services
enforce, so a button is shown only to someone who may press it."""

from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from hearth.access import policy
from hearth.cases import delivery_queries as q
from hearth.cases import sections
from hearth.cases.models import Referral, Transfer
from hearth.core import clock


def referrals_of(case) -> list[Referral]:
    """The case's live referrals, read once for the page: listed here, and what
    stops the case from closing."""
    if not sections.has(case, "referrals"):
        return []
    return sections.shared(case, "referrals", lambda: list(q.referrals_of(case)))


def transfers_of(case) -> list[Transfer]:
    if not sections.has(case, "transfers"):  # most cases never move
        return []
    return sections.shared(case, "transfers", lambda: list(q.transfers_of(case)))


def services_build(user, case) -> dict:
    today = clock.today()
    return {
        "services": [
            {"service": s, "overdue": q.is_overdue_service(s, today)} for s in q.services_of(case)
        ],
        "may_work": case.is_open and policy.can(user, "case.work", case),
    }


def referrals_build(user, case) -> dict:
    may_refer = policy.can(user, "case.refer", case)
    responds = policy.has_perm(user, "referral.respond")
    today = clock.today()
    rows = []
    for referral in referrals_of(case):
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
                "overdue": q.is_overdue_referral(referral, today),
            }
        )
    return {"referrals": rows, "may_refer": may_refer and case.is_open}


def transfers_build(user, case) -> dict:
    may_reassign = policy.can(user, "case.reassign", case)
    rows = []
    waiting = False  # a case has one pending transfer at most: no new one meanwhile
    for transfer in transfers_of(case):
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


sections.add(
    "services",
    _("Services"),
    "cases/delivery/section.html",
    services_build,
    order=50,
    asks=("case.work",),
)
sections.add(
    "referrals",
    _("Referrals"),
    "cases/referral/section.html",
    referrals_build,
    order=55,
    asks=("case.refer",),
)
sections.add(
    "transfers",
    _("Transfers"),
    "cases/transfer/section.html",
    transfers_build,
    order=90,
    asks=("case.reassign", "case.transfer"),
)
sections.holds("referrals", lambda: Referral.objects.filter(case=OuterRef("pk"), is_voided=False))
sections.holds("transfers", lambda: Transfer.objects.filter(case=OuterRef("pk"), is_voided=False))
