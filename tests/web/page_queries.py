"""How many queries a page costs, counted the same way by every test that asks."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def page_queries(client: Client, url: str, *, at_most: int | None = None) -> int:
    """The queries of a GET of ``url``, visited once before: what a worker keeps from
    one visit to the next (the navigation's unread count, until a change moves the
    member's home version) then counts the same in every measurement. With
    ``at_most``, more queries than that fail the test, listing them."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    if at_most is not None:
        listed = "\n".join(query["sql"] for query in captured.captured_queries)
        assert len(captured) <= at_most, f"{len(captured)} queries, at most {at_most}:\n{listed}"
    return len(captured)
