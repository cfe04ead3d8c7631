"""Words for stored codes: request contexts and the request states a member may see."""

from __future__ import annotations

from django import template

from rapport.network.selectors import NOT_ACCEPTED
from rapport.network.states import Context

register = template.Library()

# Only the states ``visible_state`` can return. "declined" is here for the recipient,
# who made the decision; a sender's page never gets that state to label.
VISIBLE_STATE_LABELS = {
    "pending": "Pending",
    NOT_ACCEPTED: "Not accepted",
    "accepted": "Accepted",
    "withdrawn": "Withdrawn",
    "expired": "Expired",
    "declined": "Declined by you",
}


@register.filter
def context_label(code: str) -> str:
    return Context.labels.get(code, code)


@register.filter
def state_label(code: str) -> str:
    return VISIBLE_STATE_LABELS.get(code, code.replace("_", " ").capitalize())
