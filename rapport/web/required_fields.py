"""Say which fields must be filled in, to the eye and to a screen reader.

Most forms leave their fields ``required=False``: the service checks what was typed
and names the problem in its own words (``show_error``), which Django's "This field
is required." would pre-empt. Left at that, neither the browser nor a screen reader
learns that a field is needed. So a form lists the fields a member must fill in (the
ones its service, or Django, refuses empty) in ``required_fields``, and each gets:

- "(required)" at the end of its label, for the eye; fields left out of the list are
  optional unless a sentence beside them says when they are not;
- ``aria-required="true"`` on its input, read out as "required". A radio button cannot
  carry it (ARIA gives it to the group), so a group of them gets ``required`` on each,
  as Django writes for a required choice: every such form is sent ``novalidate``, so
  the service still names the error, not the browser.

A field that is required only sometimes (a detail for one context, a place or a link)
stays off the list and says when in its help text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.forms.utils import pretty_name


class RequiredFieldsForm(forms.Form):
    required_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.required_fields:
            field = self.fields[name]
            label = pretty_name(name) if field.label is None else field.label
            field.label = f"{label} (required)"
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["required"] = True
            else:
                field.widget.attrs["aria-required"] = "true"
