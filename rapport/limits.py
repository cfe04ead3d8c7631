"""How long a text may be, read from the model field that stores it.

A column's ``max_length`` is the one number its form, its service and the API's
``maxLength`` share (rapport/input_schema.py): reading it here, rather than writing
it again, means the three cannot drift apart.
"""

from __future__ import annotations

from django.db.models import Model, Value
from django.db.models.functions import Length, Replace

EMAIL_MAX = 254
"""The longest email address kept anywhere (a member's, a person's in a keeper, one an
import reads): RFC 5321's 256-octet path less its angle brackets, as Django's
EmailField has it for a member's own address."""


def limit_of(model: type[Model], field_name: str) -> int:
    """The ``max_length`` of ``model``'s text field ``field_name``."""
    limit = getattr(model._meta.get_field(field_name), "max_length", None)
    if not isinstance(limit, int):
        raise ValueError(f"{model.__name__}.{field_name} has no max_length")
    return limit


def counted_length_in_sql(field_name: str) -> Length:
    """How long the kept text in column ``field_name`` counts against its limit, for a
    check constraint to hold it to the limit a service checks. A text of several lines
    is kept with a blank line ("\\n\\n") between paragraphs, which counts as one
    character (``rapport.prose.counted_length``); every other run of spaces is already
    one, so no other character is counted differently."""
    return Length(Replace(field_name, Value("\n\n"), Value("\n")))
