"""A Rapport conversation's days say who wrote that day (keeper.services.interaction_record_message).

Days were all logged "mutual", a request's note or three unanswered messages too.
Each keeper's day is read again from the thread's messages: "gave" when only the
keeper's owner wrote, "received" when only the other did, "mutual" when both did.

A day's messages are the thread's from the day's own first message (its
``occurred_at``) to the next day's of the same keeper: every message logs or finds
its day, so the next logged day starts where this one ends, on whatever calendar
the days were logged (the owner's zone, or UTC before days followed it) and with no
time zone arithmetic in SQL. An introducer's note is neither member's; a day whose
thread is gone (a member who erased their account) keeps what it says.

One UPDATE, in SQL: the days ordered once by keeper and thread, each day's two
questions answered from an index of the messages. On PostgreSQL, a community of
20,000 members seeded with ``rapport seed`` (48,749 conversation days, 540,174
messages) took 4.4 s, 44,272 days changed. Backwards, every such day is mutual again.
"""

from collections.abc import Mapping

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# The thread's id, from the day's key "rapport-conversation:<id>:<day>".
CONVERSATION_ID = {
    "sqlite": "CAST(substr(external_key, 22, instr(substr(external_key, 22), ':') - 1) AS INTEGER)",
    "postgresql": "CAST(split_part(external_key, ':', 2) AS bigint)",
}
# Later than any message: the end of a keeper's latest day of a thread.
NEVER = {"sqlite": "'9999-12-31'", "postgresql": "'infinity'::timestamptz"}
# PostgreSQL would inline the answers and ask each question again for every use of
# it (5.2 s instead of 4.4 s for 48,749 days); SQLite asks once for a CTE used once.
MATERIALIZED = {"sqlite": "", "postgresql": "MATERIALIZED"}
KEYED = {
    "sqlite": "external_key GLOB 'rapport-conversation:[0-9]*:*'",
    "postgresql": "external_key ~ '^rapport-conversation:[0-9]+:'",
}

FORWARD = """
WITH days AS (
    SELECT id, owner_id, occurred_at, {conversation_id} AS conversation_id
    FROM keeper_interaction
    WHERE source = 'rapport' AND kind = 'message' AND {keyed}
), spans AS (
    SELECT days.id, days.owner_id, days.conversation_id, days.occurred_at,
        COALESCE(LEAD(days.occurred_at) OVER (
            PARTITION BY days.owner_id, days.conversation_id ORDER BY days.occurred_at, days.id
        ), {never}) AS until,
        CASE WHEN c.member_low_id = days.owner_id THEN c.member_high_id
             ELSE c.member_low_id END AS other_id
    FROM days JOIN conversations_conversation c ON c.id = days.conversation_id
    WHERE days.owner_id IN (c.member_low_id, c.member_high_id)
), wrote AS {materialized} (
    SELECT spans.id,
        EXISTS (
            SELECT 1 FROM conversations_message m
            WHERE m.conversation_id = spans.conversation_id AND m.sender_id = spans.owner_id
              AND m.created_at >= spans.occurred_at AND m.created_at < spans.until
        ) AS mine,
        EXISTS (
            SELECT 1 FROM conversations_message m
            WHERE m.conversation_id = spans.conversation_id AND m.sender_id = spans.other_id
              AND m.created_at >= spans.occurred_at AND m.created_at < spans.until
        ) AS theirs
    FROM spans
), said AS (
    SELECT id, CASE WHEN mine AND theirs THEN 'mutual' WHEN mine THEN 'gave'
                    ELSE 'received' END AS direction
    FROM wrote WHERE mine OR theirs
)
UPDATE keeper_interaction SET direction = said.direction
FROM said
WHERE keeper_interaction.id = said.id AND keeper_interaction.direction <> said.direction
"""
BACKWARD = """
UPDATE keeper_interaction SET direction = 'mutual'
WHERE source = 'rapport' AND kind = 'message' AND {keyed} AND direction <> 'mutual'
"""


def _run(schema_editor: BaseDatabaseSchemaEditor, statement: str) -> None:
    connection = schema_editor.connection
    parts: Mapping[str, str] = {
        "conversation_id": CONVERSATION_ID[connection.vendor],
        "keyed": KEYED[connection.vendor],
        "never": NEVER[connection.vendor],
        "materialized": MATERIALIZED[connection.vendor],
    }
    with connection.cursor() as cursor:
        cursor.execute(statement.format(**parts))


def say_who_wrote(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, FORWARD)


def all_mutual_again(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("keeper", "0007_drop_indexes_a_composite_covers"),
        ("conversations", "0006_message_sender_created_at"),
    ]

    operations = [
        migrations.RunPython(say_who_wrote, all_mutual_again, elidable=True),
    ]
