"""Where a POST-only action sends the member afterwards."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request: HttpRequest, default: str, *args: object) -> HttpResponseRedirect:
    """Go to the form's ``next`` when it is a page of this site, else to ``default``.

    Buttons on several pages (the inbox, a profile, home) post to the same action;
    ``next`` brings the member back to the page they pressed it on.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = resolve_url(default, *args)
    return HttpResponseRedirect(target)
