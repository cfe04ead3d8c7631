"""The coffee rounds over the API: opt in or out, your pairings, "we met".

Every operation is the caller's own: a pairing of two other members answers 404
exactly like one that does not exist.
"""

from __future__ import annotations

from django.utils import timezone
from ninja import Router, Status

from rapport.coffee.models import CoffeeOptIn, Frequency
from rapport.coffee.schemas import CoffeeOptInIn, CoffeeOptInOut, CoffeeOut, PairingOut
from rapport.coffee.selectors import (
    PairingView,
    member_next_round_on,
    opt_in_of,
    pairing_get,
    pairings_of,
)
from rapport.coffee.services import coffee_opt_in, coffee_opt_out, coffee_pairing_met
from rapport.error_schemas import AUTHENTICATED, AUTHENTICATED_UNSAFE, error_responses
from rapport.list_pages import PageNumber, page_window
from rapport.members.schemas import photo_addresses
from rapport.photos.selectors import photo_hash_loaded
from rapport.typed_requests import ApiRequest

router = Router(tags=["Coffee rounds"])

# More than the coffee page shows (its last 20): a round comes every week or two.
PAIRINGS_PER_PAGE = 50


def _opt_in(opt_in: CoffeeOptIn) -> dict[str, object]:
    return {
        "frequency": opt_in.frequency,
        "frequency_label": Frequency(opt_in.frequency).label,
        "topics": opt_in.topics,
        "first_in_line": opt_in.first_in_line,
        "since": opt_in.created_at,
    }


def _pairing(view: PairingView) -> dict[str, object]:
    other = view.other
    return {
        "id": view.pairing.pk,
        "round_on": view.held_on,
        "hold_starts_at": view.hold_starts_at,
        # As the pairing's page shows them: a partner who blocked you since, by name only.
        "partner": {
            "id": other.pk,
            "name": other.name,
            "headline": view.other_headline,
            "organisation": view.other_organisation,
            # With its photo's hash, as ``pairing_view`` put it there.
            **photo_addresses(other.pk, photo_hash_loaded(other)),
        },
        "opener": view.opener,
        "reasons": view.reasons,
        "conversation_id": view.pairing.conversation_id,
        "you_met": view.i_met,
        "partner_met": view.other_met,
    }


@router.get(
    "/coffee",
    summary="See whether you are in the coffee rounds",
    response={200: CoffeeOut, **error_responses(*AUTHENTICATED)},
)
def coffee_status(request: ApiRequest) -> dict[str, object]:
    """Whether you are in the coffee rounds, how often, and the day of your next round."""
    opt_in = opt_in_of(member=request.auth)
    return {
        "opt_in": _opt_in(opt_in) if opt_in else None,
        "next_round_on": member_next_round_on(opt_in=opt_in, today=timezone.localdate()),
    }


@router.put(
    "/coffee/opt-in",
    summary="Join the coffee rounds, or change your choices",
    response={200: CoffeeOptInOut, **error_responses(*AUTHENTICATED_UNSAFE, 422)},
)
def coffee_opt_in_put(request: ApiRequest, payload: CoffeeOptInIn) -> dict[str, object]:
    """Join the rounds, or change how often and what you would like to talk about."""
    opt_in = coffee_opt_in(member=request.auth, frequency=payload.frequency, topics=payload.topics)
    return _opt_in(opt_in)


@router.delete(
    "/coffee/opt-in",
    summary="Leave the coffee rounds",
    response={204: None, **error_responses(*AUTHENTICATED_UNSAFE)},
)
def coffee_opt_out_delete(request: ApiRequest) -> Status[None]:
    """Leave the rounds; your past pairings stay yours. Answers 204 even when you were
    not in them."""
    coffee_opt_out(member=request.auth)
    return Status(204, None)


@router.get(
    "/coffee/pairings",
    summary="List your coffee pairings",
    response={200: list[PairingOut], **error_responses(*AUTHENTICATED)},
)
def pairings_list(request: ApiRequest, page: PageNumber = 1) -> list[dict[str, object]]:
    """Your pairings, the latest round first, 50 a page (`page` from 1): a page of
    fewer than 50 is the last; a page past the end is empty."""
    window = page_window(page, PAIRINGS_PER_PAGE)
    if window is None:
        return []
    listed = pairings_of(member=request.auth, limit=PAIRINGS_PER_PAGE, offset=window.start)
    return [_pairing(view) for view in listed]


@router.get(
    "/coffee/pairings/{id}",
    summary="Get a coffee pairing",
    response={200: PairingOut, **error_responses(*AUTHENTICATED, 404, 422)},
)
def pairings_get(request: ApiRequest, id: int) -> dict[str, object]:
    """One of your pairings: who, why, your suggested opener and the conversation."""
    return _pairing(pairing_get(member=request.auth, pairing_id=id))


@router.post(
    "/coffee/pairings/{id}/met",
    summary="Say you met for coffee",
    response={200: PairingOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409, 422)},
)
def pairings_met(request: ApiRequest, id: int) -> dict[str, object]:
    """You met: a coffee is logged in both your keepers, and a request between you may
    now carry the verified context "coffee". Saying it again changes nothing."""
    coffee_pairing_met(member=request.auth, pairing_id=id)
    return _pairing(pairing_get(member=request.auth, pairing_id=id))
