"""Notification mail over the API: how often, for the signed-in member only."""

from __future__ import annotations

from ninja import Router

from rapport.error_schemas import AUTHENTICATED, AUTHENTICATED_UNSAFE, error_responses
from rapport.members.models import Member
from rapport.notifications.models import NotificationPreference
from rapport.notifications.schemas import NotificationsIn, NotificationsOut
from rapport.notifications.selectors import notification_preference_of
from rapport.notifications.services import notification_frequency_set
from rapport.typed_requests import ApiRequest

router = Router(tags=["Notifications"])


def _out(member: Member, preference: NotificationPreference) -> dict[str, object]:
    return {
        "frequency": preference.frequency,
        "has_email": bool(member.email),
        "last_sent_at": preference.last_sent_at,
    }


@router.get(
    "/me/notifications",
    summary="See how often Rapport mails you",
    response={200: NotificationsOut, **error_responses(*AUTHENTICATED)},
)
def notifications_get(request: ApiRequest) -> dict[str, object]:
    """How often Rapport mails you about what waits for you (`soon` unless you chose)."""
    return _out(request.auth, notification_preference_of(member=request.auth))


@router.patch(
    "/me/notifications",
    summary="Choose how often Rapport mails you",
    response={200: NotificationsOut, **error_responses(*AUTHENTICATED_UNSAFE, 422)},
)
def notifications_update(request: ApiRequest, payload: NotificationsIn) -> dict[str, object]:
    """Choose `soon`, `daily` or `off`; any other value answers 422 on `frequency`."""
    preference = notification_frequency_set(member=request.auth, frequency=payload.frequency)
    return _out(request.auth, preference)
