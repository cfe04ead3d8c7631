"""One error hierarchy for the whole product.

Services raise these; the JSON API renders them as ``{"code", "message", "field"}``
with the class's HTTP status, and pages show the message beside the field. The
``code`` is stable: clients may branch on it, so it never changes once released.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Iterator


class RapportError(Exception):
    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "field": self.field}


class InvalidInput(RapportError):
    """A value the member typed breaks a rule; ``field`` names it.

    ``also`` holds the other fields' problems found in the same check (``Problems``),
    so a page can show every one at once; the API names the first.
    """

    status = 422
    code = "invalid"
    also: tuple[InvalidInput, ...] = ()


class Problems:
    """Every rule a form's worth of values breaks, gathered rather than stopping at
    the first, so the member fixes them in one go instead of one submit each.

        problems = Problems()
        with problems.check():
            check_the_name(...)
        with problems.check():
            check_the_note(...)
        problems.raise_any()
    """

    def __init__(self) -> None:
        self.found: list[InvalidInput] = []

    @contextlib.contextmanager
    def check(self) -> Iterator[None]:
        try:
            yield
        except InvalidInput as problem:
            self.found.append(problem)

    def raise_any(self) -> None:
        """Raise the first problem, carrying the rest (one per field), if there is any."""
        if not self.found:
            return
        first, *rest = self.found
        seen = {first.field}
        others = []
        for problem in rest:
            if problem.field not in seen:
                seen.add(problem.field)
                others.append(problem)
        first.also = tuple(others)
        raise first


class NotAuthenticated(RapportError):
    status = 401
    code = "not_authenticated"


class NotPermitted(RapportError):
    """The member can see the thing but may not do this to it."""

    status = 403
    code = "forbidden"


class NotFound(RapportError):
    """Absent, or not visible to this member: the two are never told apart."""

    status = 404
    code = "not_found"


class Conflict(RapportError):
    """The request is well formed but the current state forbids it."""

    status = 409
    code = "conflict"


class InvalidTransition(Conflict):
    code = "invalid_transition"


class AtCapacity(Conflict):
    code = "at_capacity"


class BudgetExceeded(RapportError):
    """Too many requests for now; ``retry_at`` says when the next one becomes possible."""

    status = 429
    code = "budget_exceeded"

    def __init__(self, message: str, *, retry_at: dt.datetime, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_at = retry_at

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "retry_at": self.retry_at.isoformat()}

    def retry_after(self) -> str:
        """The ``Retry-After`` header's value: whole seconds until ``retry_at``, rounded
        up so that a client waiting that long is not refused again."""
        wait = (self.retry_at - dt.datetime.now(dt.UTC)).total_seconds()
        return str(max(0, math.ceil(wait)))
