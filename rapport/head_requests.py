"""Whether a request only asks to look (HEAD), though the API or a page runs it as its GET.

The API answers HEAD by running the operation's GET handler (``_api_view`` in
rapport/api.py), so ``request.method`` reads "GET" inside it; the method the client
sent is still in ``REQUEST_METHOD``. Django runs a page's view for a HEAD as for a GET
too (``request.method`` says "HEAD" there, and so does this). A HEAD must change nothing (RFC 9110 9.2.1): link
checkers and monitors send it to see that something is there. A GET handler that
writes as a side of reading (a read mark, a board set up on first sight) asks this
and skips the write, answering what the GET would have answered.
"""

from __future__ import annotations

from django.http import HttpRequest


def asked_with_head(request: HttpRequest) -> bool:
    return str(request.META.get("REQUEST_METHOD", "")).upper() == "HEAD"
