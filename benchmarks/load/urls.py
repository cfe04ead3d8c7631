"""Rapport's URLs and two more, for the benchmark only: the ceilings a page is held to.

- ``/bench/bare``: a Django view and nothing else (``wsgi.py`` sends it through a
  handler without middleware): what Django itself costs per request.
- ``/bench/authenticated``: a minimal page behind every middleware and the session
  sign-in the home page has: what any signed-in page costs before doing its own work.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from rapport.urls import urlpatterns as rapport_urlpatterns


def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


@login_required
def authenticated(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        f"<!doctype html><title>Signed in</title><p>Signed in as {request.user.pk}</p>"
    )


urlpatterns = [
    path("bench/bare", bare, name="bench_bare"),
    path("bench/authenticated", authenticated, name="bench_authenticated"),
    *rapport_urlpatterns,
]
