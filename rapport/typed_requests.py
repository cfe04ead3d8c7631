"""The request a view receives, as the middleware and the login checks leave it.

Django types ``request.user`` as a member or an anonymous user, and django-ninja
types ``request.auth`` as anything. Behind ``login_required``, or in an API operation
that names ``auth=``, the member is certain; these classes say so once, for mypy,
instead of a cast or an assert in every view. Nothing constructs them: Django still
passes its own ``HttpRequest``, which the middleware has given these attributes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from rapport.members.models import Member


class PageRequest(HttpRequest):
    """Any visitor's request to a page: htmx's details and the page's CSP nonce."""

    htmx: HtmxDetails
    csp_nonce: str


class MemberRequest(PageRequest):
    """A signed-in member's request to a page, behind ``login_required``."""

    user: Member


class ApiRequest(HttpRequest):
    """A request to an API operation that authenticated its caller."""

    auth: Member
