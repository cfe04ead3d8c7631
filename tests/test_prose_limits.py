"""The database counts a kept text as the services and the API count it.

A text of several lines is kept with a blank line between paragraphs, which counts as
one character (``rapport.prose``). The check constraints that hold a request's note,
an ask's detail, an answer and an introduction's sentences to their limits count it in
SQL (``rapport.limits.counted_length_in_sql``); were the two counts to differ, a text
the service took would fail to save, or a longer one would pass the database."""

from __future__ import annotations

from django.db.models import Value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.limits import counted_length_in_sql
from rapport.members.models import Member
from rapport.prose import counted_length, paragraphs

TYPED = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=80,
) | st.lists(st.sampled_from(["word", " ", "  ", "\n", "\r\n", "\n\n\n", "\t", "\u2028"])).map(
    "".join
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=TYPED)
def test_the_database_counts_a_kept_text_as_the_services_do(make_member, typed):
    member = Member.objects.first() or make_member("Ana Ruiz")
    kept = paragraphs(typed)

    counted = (
        Member.objects.filter(pk=member.pk)
        .annotate(text=Value(kept))
        .annotate(counted=counted_length_in_sql("text"))
        .values_list("counted", flat=True)
        .get()
    )

    assert counted == counted_length(kept) == counted_length(typed)
