"""``rapport.model_rows``: a plain SQL row becomes the instance the ORM would give."""

from __future__ import annotations

import pytest

from rapport.conversations.models import Message
from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.members.models import Member
from rapport.model_rows import row_parts, row_shape
from rapport.sql import rows

pytestmark = pytest.mark.django_db


def _fields(instance, names):
    return {name: getattr(instance, name) for name in names}


def test_a_row_becomes_the_instance_the_orm_gives(make_member, connect):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben O'Neil")
    connect(ana, ben)
    thread = conversation_with(member=ana, other_id=ben.pk)
    sent = message_send(sender=ana, conversation_id=thread.pk, body="Dates, ids and text.")
    shape = row_shape(Message)
    [row] = rows(
        f"SELECT {shape.select('m')} FROM conversations_message m WHERE m.id = %s", [sent.pk]
    )
    made = shape.instance(row)
    orm = Message.objects.get(pk=sent.pk)
    names = [field.attname for field in Message._meta.concrete_fields]
    assert _fields(made, names) == _fields(orm, names)
    assert made.created_at.tzinfo is not None  # aware on SQLite too, as the ORM's
    assert made._state.adding is False and made._state.db == "default"
    assert made == orm


def test_columns_left_out_are_deferred_as_with_only(make_member, django_assert_num_queries):
    ana = make_member("Ana Ruiz", headline="Engineer")
    shape = row_shape(Member, ("id", "name"))
    [row] = rows(f"SELECT {shape.select('x')} FROM members_member x WHERE x.id = %s", [ana.pk])
    made = shape.instance(row)
    assert "headline" in made.get_deferred_fields()
    with django_assert_num_queries(0):
        assert made.name == "Ana Ruiz"
    with django_assert_num_queries(1):
        assert made.headline == "Engineer"


def test_a_column_the_model_lacks_is_refused_by_name():
    with pytest.raises(ValueError, match="nickname"):
        row_shape(Member, ("id", "nickname"))


def test_a_row_of_several_shapes_is_cut_into_each_and_the_rest():
    member = row_shape(Member, ("id", "name"))
    message = row_shape(Message)
    row = (1, "Ana", *range(len(message.columns)), "tail", 7)
    ana, sent, rest = row_parts(row, member, message)
    assert (tuple(ana), tuple(sent), tuple(rest)) == (
        (1, "Ana"),
        tuple(range(len(message.columns))),
        ("tail", 7),
    )
