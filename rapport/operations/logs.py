"""Log lines as JSON, one object a line, for a log shipper to read without a parser.

Production mode (settings.LOGGING) formats every record with ``JsonLinesFormatter``:
``time``, ``level``, ``logger``, ``message`` and whatever the caller passed as
``extra`` (the access log adds ``request_id``, ``method``, ``path``, ``status``,
``duration_ms``, ``member_id``). Secrets must never reach a log, so keys that name
one are dropped here too, as a last guard behind the callers' own care. Nor do email
addresses: RQ's worker writes each task with its arguments, and a confirmation or a
notice about a changed address is queued with the address it goes to.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from pythonjsonlogger.json import JsonFormatter

# Keys never written, whoever passes them: credentials, and Django's request object,
# whose text form carries the full path (a calendar feed's path is its secret).
SECRET_KEYS = frozenset(
    {"password", "token", "secret", "authorization", "cookie", "session", "request"}
)


# An address as a log line may carry one: inside a task's arguments, quoted or not.
EMAIL_ADDRESS = re.compile(r"[^\s@'\"<>(),;:\[\]]+@[^\s@'\"<>(),;:\[\]]+\.[A-Za-z]{2,}")


@functools.lru_cache(maxsize=1024)  # keys are names in code: a few dozen
def _is_secret(key: str) -> bool:
    lowered = key.lower()
    return lowered in SECRET_KEYS or any(
        word in lowered for word in ("password", "token", "secret")
    )


def loggable_path(request: Any) -> str:
    """The request's path with any secret it carries (a URL argument named like a
    token) replaced by the argument's name: ``/calendar/:token.ics``."""
    path = str(request.path)
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for key, value in match.kwargs.items():
            if "token" in key or "secret" in key:
                path = path.replace(str(value), f":{key}")
    return path


class JsonLinesFormatter(JsonFormatter):
    """python-json-logger's formatter, with Rapport's field names and secret guard.

    Every request writes a line, and the library builds a new JSON encoder for each:
    here one encoder is kept for the formatter's life, with the same options.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", ["levelname", "name", "message"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        super().__init__(*args, **kwargs)
        self._encoder = (self.json_encoder or json.JSONEncoder)(
            default=self.json_default,
            indent=self.json_indent,
            ensure_ascii=self.json_ensure_ascii,
        )

    def jsonify_log_record(self, log_data: dict[str, Any]) -> str:
        return self._encoder.encode(log_data)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        request = log_data.get("request")  # a socket, in runserver's own lines
        if (
            request is not None
            and hasattr(request, "resolver_match")
            and isinstance(log_data.get("message"), str)
        ):
            # Django's own "Not Found: /calendar/<token>.ics" names the path too.
            log_data["message"] = log_data["message"].replace(
                str(request.path), loggable_path(request)
            )
        message = log_data.get("message")
        if isinstance(message, str) and "@" in message:
            log_data["message"] = EMAIL_ADDRESS.sub("[address]", message)
        return {key: value for key, value in log_data.items() if not _is_secret(key)}
