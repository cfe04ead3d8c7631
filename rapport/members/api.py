"""Members over the API: sign-up, tokens, your own profile, search and profiles.

Handlers stay thin: they call the services and selectors and pick the output schema.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Query, Router, Status

from rapport.error_schemas import AUTHENTICATED, AUTHENTICATED_UNSAFE, error_responses
from rapport.errors import NotAuthenticated
from rapport.members.models import Member
from rapport.members.schemas import (
    MemberOut,
    MemberSearchOut,
    MeOut,
    ProfileIn,
    SignupIn,
    TokenIn,
    TokenOut,
)
from rapport.members.selectors import member_get, member_search
from rapport.members.services import api_token_create, member_signup, member_update_profile
from rapport.network.selectors import are_connected, capacity_of, connected_ids, requests_incoming

router = Router(tags=["members"])


def _me(member: Member) -> dict[str, object]:
    count, cap = capacity_of(member=member)
    return {
        **MemberOut.model_validate(member).model_dump(),
        "capacity": {"connections": count, "cap": cap},
        "pending_incoming": requests_incoming(member=member).count(),
    }


@router.post("/signup", auth=None, response={201: MemberOut, **error_responses(400, 409, 422)})
def signup(request: HttpRequest, payload: SignupIn) -> Status[Member]:
    """Create an account. Password rules answer 422 on `password`; a taken username 409."""
    member = member_signup(**payload.model_dump())
    return Status(201, member)


@router.post("/token", auth=None, response={201: TokenOut, **error_responses(400, 401, 422)})
def token_create(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    """Exchange a username and password for a personal token: `Authorization: Bearer <token>`.

    Wrong credentials answer 401 without saying which of the two was wrong.
    """
    member = authenticate(request, username=payload.username, password=payload.password)
    if member is None:
        raise NotAuthenticated("Wrong username or password.", code="invalid_credentials")
    token, raw = api_token_create(member=member, label=payload.label)
    return Status(201, {"token": raw, "id": token.pk, "label": token.label})


@router.get("/me", response={200: MeOut, **error_responses(*AUTHENTICATED)})
def me(request: HttpRequest) -> dict[str, object]:
    """Your profile, your capacity ("112 of 150") and how many requests await you."""
    return _me(request.auth)


@router.patch("/me", response={200: MeOut, **error_responses(*AUTHENTICATED_UNSAFE, 400, 422)})
def me_update(request: HttpRequest, payload: ProfileIn) -> dict[str, object]:
    member = member_update_profile(member=request.auth, **payload.changes())
    return _me(member)


@router.get(
    "/members", response={200: list[MemberSearchOut], **error_responses(*AUTHENTICATED, 422)}
)
def members_search(request: HttpRequest, q: Query[str] = "") -> list[dict[str, object]]:
    """Members whose name, organisation or interests hold every word of `q`.

    Search is for finding someone you know, so an empty `q` finds nobody.
    """
    found = list(member_search(query=q))
    if not found:
        return []
    mine = connected_ids(member_id=request.auth.pk)
    return [
        {**MemberOut.model_validate(member).model_dump(), "connected": member.pk in mine}
        for member in found
    ]


@router.get(
    "/members/{id}", response={200: MemberSearchOut, **error_responses(*AUTHENTICATED, 404, 422)}
)
def member_detail(request: HttpRequest, id: int) -> dict[str, object]:
    member = member_get(member_id=id)
    connected = member.pk != request.auth.pk and are_connected(a=request.auth.pk, b=member.pk)
    return {**MemberOut.model_validate(member).model_dump(), "connected": connected}
