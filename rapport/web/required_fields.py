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

A field that the service refuses empty only for some choices (a request's detail for
"Other", a report's for "Something else", an agenda unless "no agenda" is ticked) is
listed in ``required_when``, with the field that decides and the values for which it
is needed. Its help text says when, always; and for the choice the page is drawn with
(nothing chosen yet, what was sent back with an error, what is saved) its label ends
in "(required)" and its input is ``aria-required``, or neither. The input carries the
rule as ``data-required-when="context=gathering,other"``, from which rapport.js moves
both as the choice changes. Never the ``required`` attribute: whether it applies is
the service's to say, and a browser must not block a form it would accept.

A need that no single choice decides (a place, a link, or both) is said by the
template, in the legend of a fieldset around the fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.forms.utils import pretty_name
from django.utils.html import format_html
from django.utils.safestring import SafeString

# What a tick box reads as, ticked or not, in a ``required_when`` rule (its own value
# attribute, Django's "on" or none, does not matter).
TICKED, UNTICKED = "on", "off"


def required_marker(needed: bool) -> SafeString:
    """The end of a label that rapport.js fills or empties as a choice changes. Empty,
    it holds no text at all: a hidden "(required)" would still be read."""
    return format_html(
        '<span class="required-marker" data-required-marker>{}</span>',
        " (required)" if needed else "",
    )


class RequiredFieldsForm(forms.Form):
    required_fields: ClassVar[tuple[str, ...]] = ()
    # Each field needed only for some choices: {field: (deciding field, its values)}.
    required_when: ClassVar[Mapping[str, tuple[str, tuple[str, ...]]]] = {}

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
        # The "(required)" ending of each label in ``required_when``, for a template
        # that draws the label itself (the request form's detail, whose prompt changes).
        self.required_markers: dict[str, SafeString] = {}
        for name, (deciding, values) in self.required_when.items():
            field = self.fields[name]
            needed = self.choice_now(deciding) in values
            field.widget.attrs["data-required-when"] = f"{deciding}={','.join(values)}"
            if needed:
                field.widget.attrs["aria-required"] = "true"
            self.required_markers[name] = required_marker(needed)
            label = pretty_name(name) if field.label is None else field.label
            field.label = format_html("{}{}", label, self.required_markers[name])

    def choice_now(self, name: str) -> str:
        """What the field ``name`` holds as the page is drawn, as rapport.js reads it
        in the browser: the value sent, else the initial one; a tick box "on" or "off"."""
        value = self[name].value()
        if isinstance(self.fields[name].widget, forms.CheckboxInput):
            return TICKED if value else UNTICKED
        return "" if value is None else str(value)
