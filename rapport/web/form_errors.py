"""Show a service's error where the member will look for it: beside the field it names.

Every form view calls ``show_error`` when a service raises, so the rule "errors name
the field" is kept in one place rather than once per view.
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.http import HttpResponse

from rapport.errors import BudgetExceeded, RapportError


def show_error(
    form: forms.Form, error: RapportError, *, aliases: Mapping[str, str] | None = None
) -> None:
    """Attach ``error.message`` to the form field ``error.field``, or above the form,
    and so for each problem found with it (``InvalidInput.also``).

    Form fields carry the services' argument names (``note``, ``introducer_id``...), so
    the field a service names is the field the member sees. A field the form does
    not show (``recipient_id``) becomes a message for the whole form; ``aliases`` maps
    a service's name to the form's where the two differ.
    """
    for problem in (error, *getattr(error, "also", ())):
        field = (aliases or {}).get(problem.field or "", problem.field)
        form.add_error(field if field in form.fields else None, problem.message)


def with_retry_after(response: HttpResponse, error: RapportError | None) -> HttpResponse:
    """A page refused for a limit (``BudgetExceeded``, shown as the form's error) says
    when to try again as the API does, in ``Retry-After``; any other page is as it was."""
    if isinstance(error, BudgetExceeded):
        response["Retry-After"] = error.retry_after()
    return response
