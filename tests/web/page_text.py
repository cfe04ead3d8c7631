"""What a member reads on a page: the text of <main>, without tags or attributes."""

from __future__ import annotations

import re
from html import unescape


def main_text(response) -> str:
    html = response.content.decode()
    start, end = html.index("<main"), html.index("</main>")
    without_tags = re.sub(r"<[^>]+>", " ", html[start:end])
    return " ".join(unescape(without_tags).split())


def page_text(response) -> str:
    html = response.content.decode()
    body = html[html.index("<body") :]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())
