"""Photo pages: upload and remove one's own on the profile page (/me/), and the photo
itself, served to whoever may see the profile it belongs to.

The photo's address holds its hash, so a browser keeps it for a year without asking
again (``immutable``), privately (never a shared cache: it is personal data); a new
photo has a new address. Anyone who may not see it gets 404, like an address that
never was: a visitor who is not signed in, a member the owner blocked, anyone after
the photo was replaced or removed.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_safe

from rapport.errors import InvalidInput, RapportError
from rapport.members.services import api_token_authenticate
from rapport.members.views import profile_edit_page
from rapport.photos.forms import PhotoForm, PhotoUploadHandler
from rapport.photos.models import LARGE, SMALL
from rapport.photos.processing import MAX_BYTES, photo_too_large
from rapport.photos.selectors import photo_image_seen
from rapport.photos.services import photo_remove, photo_set
from rapport.typed_requests import MemberRequest
from rapport.web.form_errors import show_error, with_retry_after

CACHE_CONTROL = "private, max-age=31536000, immutable"


@csrf_exempt  # only to set the upload handler first; the view below checks the token
def profile_photo(request: HttpRequest) -> HttpResponse:
    """Upload a photo (replacing the one there was). The upload stays in memory: the
    handler must be chosen before anything reads the body, which the CSRF check does,
    so the check runs after it (Django's documented way)."""
    request.upload_handlers = [PhotoUploadHandler(request)]
    # Not a member's request yet: ``login_required`` on ``_profile_photo`` checks that
    # before its body runs, and redirects anyone else.
    return _profile_photo(cast(MemberRequest, request))


@csrf_protect
@login_required
def _profile_photo(request: MemberRequest) -> HttpResponse:
    if request.method != "POST":
        # Signing in on the way here (``?next=``) lands on the page with the form.
        return redirect("profile_edit")
    form = PhotoForm(request.POST, request.FILES)
    status = 422
    refused: RapportError | None = None
    if form.is_valid():
        upload = form.cleaned_data["photo"]
        try:
            if upload is None:
                raise InvalidInput("Choose a photo to upload.", field="photo", code="photo_missing")
            if upload.size > MAX_BYTES:
                raise photo_too_large(upload.size)
            photo_set(member=request.user, data=upload.read())
        except RapportError as error:
            show_error(form, error)
            status = error.status
            refused = error
        else:
            messages.success(request, "Your photo is saved. Members who see your profile see it.")
            return redirect("profile_edit")
    # Past the day's limit of uploads, when to try again, as the API says it.
    return with_retry_after(profile_edit_page(request, photo_form=form, status=status), refused)


@login_required
def profile_photo_remove(request: MemberRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("profile_edit")
    if photo_remove(member=request.user):
        messages.success(request, "Your photo is removed. Members see your initials instead.")
    else:
        messages.info(request, "You have no photo to remove.")
    return redirect("profile_edit")


def _viewer_id(request: HttpRequest) -> int | None:
    """The signed-in member's id, from the session or, for an API client fetching a
    ``photo_url`` the API gave it, from a personal token (``Authorization: Bearer``)."""
    if request.user.is_authenticated:
        return request.user.pk
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        member = api_token_authenticate(token.strip())
        return member.pk if member is not None else None
    return None


@require_safe
def member_photo(request: HttpRequest, member_id: int, digest: str, small: bool) -> HttpResponse:
    """The member's photo with this hash, as WebP, when the viewer may see it."""
    viewer_id = _viewer_id(request)
    if viewer_id is None:
        raise Http404("No such photo.")
    etag = f'"{digest}-{SMALL if small else LARGE}"'
    # Whether the browser has this very image is answered only after the check, so
    # that a 304 tells nobody what a 404 would not.
    cached = etag in parse_etags(request.headers.get("If-None-Match", ""))
    data = photo_image_seen(
        member_id=member_id, content_hash=digest, viewer_id=viewer_id, small=small, image=not cached
    )
    if data is None:
        raise Http404("No such photo.")
    response = (
        HttpResponseNotModified() if cached else HttpResponse(data, content_type="image/webp")
    )
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(response, ("Cookie", "Authorization"))
    return response
