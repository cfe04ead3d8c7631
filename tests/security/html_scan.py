"""Read a page's HTML the way the security tests need: its forms, and anything a
strict Content-Security-Policy would refuse to run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    method: str
    action: str
    inputs: dict[str, str] = field(default_factory=dict)


class FormsAndInlineCode(HTMLParser):
    """Collects the page's forms, and anything a strict CSP would refuse to run."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.inline: list[str] = []
        self._open_form: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name == "style" or name.startswith("on"):
                self.inline.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and value.strip().lower().startswith(
                "javascript:"
            ):
                self.inline.append(f"<{tag} {name}=javascript:...>")
        # A nonce is the policy's own permission for one element (django-csp's NONCE).
        if tag == "style" and "nonce" not in values:
            self.inline.append("<style> element")
        if tag == "script" and "nonce" not in values:
            kind = values.get("type", "")
            # A JSON data block is not code; anything else must come from a file.
            if "src" not in values and kind not in ("application/json", "application/ld+json"):
                self.inline.append("inline <script>")
        if tag == "form":
            self.forms.append(Form(values.get("method", "get").lower(), values.get("action", "")))
            self._open_form = self.forms[-1]
        named = tag in ("input", "button", "textarea", "select") and values.get("name")
        if named and self._open_form is not None:
            self._open_form.inputs[values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open_form = None


def parse(html: str) -> FormsAndInlineCode:
    parser = FormsAndInlineCode()
    parser.feed(html)
    return parser


def post_forms(html: str, *, page_url: str) -> Iterator[Form]:
    for form in parse(html).forms:
        if form.method == "post":
            form.action = form.action or page_url
            yield form
