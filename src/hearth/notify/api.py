"""/api/v1/notifications: the caller's own notifications. Nobody, whatever their
role, reads or marks another person's; their ids answer 404 like missing ones."""

import uuid

from ninja import Router

from hearth.access.decorators import api_requires
from hearth.core.api import paginate
from hearth.notify import queries, services
from hearth.notify.models import Notification

router = Router(tags=["notifications"])


def notification_out(n: Notification) -> dict:
    return {
        "id": n.pk,
        "kind": n.kind,
        "title": n.title,
        "body": n.body,
        "link": n.link,
        "case_id": n.case_id,
        "created_at": n.created_at,
        "read_at": n.read_at,
        "unread": n.read_at is None,
    }


@router.get("/notifications", summary="My notifications, newest first")
@api_requires("api.use")
def notification_list(request, unread: bool = False, page: int = 1, per: int = 25):
    rows = queries.own(request.user, unread_only=unread)
    return paginate(rows, page, per, notification_out)


@router.post("/notifications/read-all", summary="Mark all my notifications read")
@api_requires("api.use")
def notification_read_all(request):
    return {"marked": services.notifications_mark_all_read(actor=request.user)}


@router.post("/notifications/{notification_id}/read", summary="Mark one notification read")
@api_requires("api.use")
def notification_read(request, notification_id: uuid.UUID):
    notification = queries.own_one(request.user, notification_id)
    services.notification_mark_read(actor=request.user, notification=notification)
    return notification_out(notification)
