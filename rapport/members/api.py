"""Members over the API: sign-up, tokens, your own profile and where you are signed
in, search and profiles.

Handlers stay thin: they call the services and selectors and pick the output schema.
"""

from __future__ import annotations

from django.contrib.auth import authenticate, update_session_auth_hash
from django.http import HttpRequest
from ninja import Query, Router, Status

from rapport.error_schemas import AUTHENTICATED, AUTHENTICATED_UNSAFE, error_responses
from rapport.errors import NotAuthenticated
from rapport.list_pages import PageNumber, page_of
from rapport.members.data_export import member_data_export
from rapport.members.models import Member
from rapport.members.schemas import (
    AccountDeleteIn,
    EmailChangeIn,
    EmailPendingOut,
    ExportOut,
    MemberOut,
    MemberSearchOut,
    MeOut,
    PasswordChangeIn,
    ProfileIn,
    SessionOut,
    SessionsEndedOut,
    SignupIn,
    TokenIn,
    TokenOut,
    TwoStepOut,
)
from rapport.members.selectors import (
    member_get,
    member_search,
    sessions_of,
    two_step_of,
    two_step_required,
)
from rapport.members.services import (
    api_token_create,
    member_delete,
    member_email_change,
    member_password_change,
    member_session_end,
    member_sessions_end_others,
    member_signup,
    member_two_step_sign_in,
    member_update_profile,
)
from rapport.network.selectors import are_connected, capacity_of, connected_ids, requests_incoming
from rapport.safety.throttle import client_ip, login_attempt_reserve, login_failures_forget
from rapport.typed_requests import ApiRequest

router = Router(tags=["members"])

SESSIONS_PER_PAGE = 100


def _me(member: Member) -> dict[str, object]:
    count, cap = capacity_of(member=member)
    return {
        **MemberOut.model_validate(member).model_dump(),
        "capacity": {"connections": count, "cap": cap},
        "pending_incoming": requests_incoming(member=member).count(),
        "time_zone": member.time_zone,
    }


@router.post(
    "/signup",
    summary="Create an account",
    tags=["Account"],
    auth=None,
    response={201: MemberOut, **error_responses(400, 409, 422, 429)},
)
def signup(request: HttpRequest, payload: SignupIn) -> Status[Member]:
    """Create an account. Password rules answer 422 on `password`; a taken username 409;
    too many accounts from one address within an hour, 429 `signup_throttled`.

    An `email` waits for confirmation, as a new address does (`POST /me/email`): a link
    is mailed to it, to be opened on the site signed in as the account, and until then
    the account has no address (the Account page shows it waiting, and sends the link
    again). Too many links to the address within an hour refuse the sign-up, 429
    `email_confirmation_throttled`."""
    member = member_signup(
        **payload.model_dump(),
        ip=client_ip(request),
        email_link_domain=request.get_host(),
        use_https=request.is_secure(),
    )
    return Status(201, member)


@router.post(
    "/token",
    summary="Create an API token",
    tags=["Account"],
    auth=None,
    response={201: TokenOut, **error_responses(400, 401, 422, 429)},
)
def token_create(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    """Exchange a username and password for a personal token: `Authorization: Bearer <token>`.

    Wrong credentials answer 401 without saying which of the two was wrong. After too
    many wrong passwords for a username or from an address, 429 `login_throttled`
    with `Retry-After` (the same count as the login page).

    An account with two-step sign-in on also needs `code`: without it, 401
    `two_step_required`; a wrong one, 422 on `code`, and too many wrong codes for the
    account or from the address, 429 `two_step_throttled` (the same count as the
    log-in page's second step). Tokens made before it was turned on keep working.
    """
    ip = client_ip(request)
    # Counted as a failure before the password is checked; a right one forgets it.
    login_attempt_reserve(username=payload.username, ip=ip)
    member = authenticate(request, username=payload.username, password=payload.password)
    if member is None:
        raise NotAuthenticated("Wrong username or password.", code="invalid_credentials")
    login_failures_forget(username=payload.username)
    if two_step_required(member_id=member.pk):
        if not payload.code.strip():
            raise NotAuthenticated(
                "This account signs in in two steps: send `code` too, the code its "
                "authenticator app shows now or one of its recovery codes.",
                code="two_step_required",
            )
        member_two_step_sign_in(member=member, code=payload.code, ip=ip)
    token, raw = api_token_create(member=member, label=payload.label)
    return Status(201, {"token": raw, "id": token.pk, "label": token.label})


@router.get(
    "/me",
    summary="Get your profile and capacity",
    tags=["Profile"],
    response={200: MeOut, **error_responses(*AUTHENTICATED)},
)
def me(request: ApiRequest) -> dict[str, object]:
    """Your profile, your capacity ("112 of 150") and how many requests await you."""
    return _me(request.auth)


@router.get(
    "/me/two-step",
    summary="See whether two-step sign-in is on",
    tags=["Account"],
    response={200: TwoStepOut, **error_responses(*AUTHENTICATED)},
)
def me_two_step(request: ApiRequest) -> dict[str, object]:
    """Whether your account signs in in two steps, since when, and how many of your
    recovery codes are unused. Never the key nor a code: two-step sign-in is set up and
    turned off on the Account page (`/settings/account/`), not through the API."""
    two_step = two_step_of(member=request.auth)
    if two_step is None or not two_step.is_on:
        return {"enabled": False, "enabled_at": None, "recovery_codes_left": None}
    return {
        "enabled": True,
        "enabled_at": two_step.confirmed_at,
        "recovery_codes_left": two_step.recovery_codes_left,
    }


@router.patch(
    "/me",
    summary="Edit your profile",
    tags=["Profile"],
    description=(
        "Change your profile, as other members see it, and your time zone; a field left "
        "out, or null, stays as it is. Answers with your profile as `GET /api/me` gives it."
    ),
    response={200: MeOut, **error_responses(*AUTHENTICATED_UNSAFE, 400, 422)},
)
def me_update(request: ApiRequest, payload: ProfileIn) -> dict[str, object]:
    member = member_update_profile(member=request.auth, **payload.changes())
    return _me(member)


@router.delete(
    "/me",
    summary="Delete your account",
    tags=["Account"],
    response={204: None, **error_responses(*AUTHENTICATED_UNSAFE, 422, 429)},
)
def me_delete(request: ApiRequest, payload: AccountDeleteIn) -> Status[None]:
    """Delete your account and every row about you, now and for good. Answers 204.

    A wrong password answers 422 on `password`; too many, 429 `login_throttled`.
    What is erased, and what stays with other members, is in docs/security.md.
    """
    member_delete(member=request.auth, password=payload.password, ip=client_ip(request))
    return Status(204, None)


def _signed_in_session(request: HttpRequest, member: Member) -> str | None:
    """The session key when this call came with the member's own session, not a token."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.pk == member.pk:
        return request.session.session_key
    return None


@router.post(
    "/me/password",
    summary="Change your password",
    tags=["Account"],
    response={204: None, **error_responses(*AUTHENTICATED_UNSAFE, 422, 429)},
)
def me_password(request: ApiRequest, payload: PasswordChangeIn) -> Status[None]:
    """Change your password. Answers 204.

    A wrong `current_password` answers 422 on that field, and counts toward the login
    throttle (429 `login_throttled`); Django's password rules answer 422 on
    `new_password`. Every session signed in to your account ends, except the one making
    this call if it is a session; API tokens, this one included, keep working.
    """
    member = request.auth
    keep = _signed_in_session(request, member)
    member_password_change(
        member=member,
        current_password=payload.current_password,
        new_password=payload.new_password,
        ip=client_ip(request),
        keep_session_key=keep,
    )
    if keep is not None:
        update_session_auth_hash(request, member)
    return Status(204, None)


@router.post(
    "/me/email",
    summary="Change or remove your email address",
    tags=["Account"],
    response={
        202: EmailPendingOut,
        204: None,
        **error_responses(*AUTHENTICATED_UNSAFE, 422, 429),
    },
)
def me_email(
    request: ApiRequest, payload: EmailChangeIn
) -> Status[dict[str, object]] | Status[None]:
    """Change your email address, or remove it with `""`.

    A new address answers 202 with it as `email_pending`: a link to confirm it is
    mailed to it, valid for 24 hours (`EMAIL_CONFIRMATION_TIMEOUT`), and your account
    keeps its address, and its mail, until the link is opened. Sending the waiting
    address again mails a new link (the last one stops working); more than 5 links for
    your account or 3 to one address within an hour answer 429
    `email_confirmation_throttled`. A new password also stops the link.

    Removing the address (`""`) answers 204 and takes effect at once; so does your
    current address, which cancels a change waiting for confirmation. The address
    you leave is told of the change.

    An address that is not one answers 422 on `email`; a wrong `current_password` 422
    on that field, counted toward the login throttle (429 `login_throttled`).
    """
    pending = member_email_change(
        member=request.auth,
        email=payload.email,
        current_password=payload.current_password,
        ip=client_ip(request),
        domain=request.get_host(),
        use_https=request.is_secure(),
    )
    if pending is None:
        return Status(204, None)
    return Status(
        202,
        {
            "email_pending": pending.email,
            "asked_at": pending.asked_at,
            "expires_at": pending.expires_at(),
        },
    )


@router.get(
    "/me/sessions",
    summary="List where you are signed in",
    tags=["Account"],
    response={200: list[SessionOut], **error_responses(*AUTHENTICATED)},
)
def me_sessions(request: ApiRequest, page: PageNumber = 1) -> list[object]:
    """Where you are signed in: every browser session of your account that has not
    expired, the one making this call first (`current`), then the most recently active.
    Each is named by a public id, never by its key; no address is kept. API tokens are
    not sessions: they are listed on the site's API tokens page.

    100 a page (`page` from 1), as each sign-in makes one: a page of fewer than 100 is
    the last; a page past the end is empty."""
    member = request.auth
    found = sessions_of(member=member, current_key=_signed_in_session(request, member))
    return list(page_of(found, page, SESSIONS_PER_PAGE))


# Declared before "/me/sessions/{id}", which would otherwise take "sign-out-others" for
# an id (and answer 405 to a POST).
@router.post(
    "/me/sessions/sign-out-others",
    summary="Sign out everywhere else",
    tags=["Account"],
    response={200: SessionsEndedOut, **error_responses(*AUTHENTICATED_UNSAFE)},
)
def me_sessions_sign_out_others(request: ApiRequest) -> dict[str, int]:
    """Sign out everywhere else: every session of your account except the one making
    this call. Called with an API token, which is no session, that is every browser
    session. API tokens, this one included, keep working: revoke them on the API tokens
    page. Asks for no password: signing out gives nobody your account. Answers how many
    sessions ended."""
    member = request.auth
    ended = member_sessions_end_others(
        member=member, keep_session_key=_signed_in_session(request, member)
    )
    return {"ended": ended}


@router.delete(
    "/me/sessions/{id}",
    summary="Sign out one session",
    tags=["Account"],
    response={204: None, **error_responses(*AUTHENTICATED_UNSAFE, 404)},
)
def me_session_end(request: ApiRequest, id: str) -> Status[None]:
    """Sign out one of your sessions, by the `id` `GET /api/me/sessions` gives. Answers
    204; its next request is signed out. The session making this call may be ended too:
    that signs it out. An id that is not one of your sessions, or one that ended, 404."""
    member_session_end(member=request.auth, session_id=id)
    return Status(204, None)


@router.get(
    "/me/export",
    summary="Export your personal data",
    tags=["Account"],
    response={200: ExportOut, **error_responses(*AUTHENTICATED)},
)
def me_export(request: ApiRequest) -> dict[str, object]:
    """Your personal data: everything about you that you may see, as one JSON document."""
    return member_data_export(member=request.auth)


@router.get(
    "/members",
    summary="Find members",
    tags=["Members"],
    response={200: list[MemberSearchOut], **error_responses(*AUTHENTICATED, 422)},
)
def members_search(request: ApiRequest, q: Query[str] = "") -> list[dict[str, object]]:
    """Members for whom every word of `q` begins a word of their name, organisation
    or interests ("ana" finds Ana Ruiz and María Ana López, not Diana), in any case and
    with or without accents ("jose" finds José), or is their username; commas separate
    words as spaces do. Not paged: at most 50, best first: those the words name (each
    begins a word of their name, or one is their username), then the rest, by name
    within each; add a word to narrow it.

    Search is for finding someone you know, so an empty `q` (or one of punctuation
    only) finds nobody.
    """
    found = list(member_search(query=q, viewer=request.auth))
    if not found:
        return []
    mine = connected_ids(member_id=request.auth.pk)
    return [
        {**MemberOut.model_validate(member).model_dump(), "connected": member.pk in mine}
        for member in found
    ]


@router.get(
    "/members/{id}",
    summary="Get a member's profile",
    tags=["Members"],
    description=(
        "A member's profile, and whether you are connected. 404 when there is no such "
        "member, and, in the same words, when they blocked you: a block cannot be told "
        "from a deleted account."
    ),
    response={200: MemberSearchOut, **error_responses(*AUTHENTICATED, 404, 422)},
)
def member_detail(request: ApiRequest, id: int) -> dict[str, object]:
    member = member_get(member_id=id, viewer=request.auth)
    connected = member.pk != request.auth.pk and are_connected(a=request.auth.pk, b=member.pk)
    return {**MemberOut.model_validate(member).model_dump(), "connected": connected}
