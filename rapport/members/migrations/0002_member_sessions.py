"""Sessions move to ``members_session``, which keeps the member's id beside each one
(rapport/members/sessions.py). Sessions already open move with it, so nobody is signed
out by the upgrade; the old table keeps no copy of them (a session key is a credential)."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SESSION_KEY = "_auth_user_id"  # django.contrib.auth's key for the member's id
BATCH = 1000


def _decoded(session_data: str) -> dict[str, Any]:
    from django.contrib.sessions.backends.db import SessionStore

    return SessionStore().decode(session_data)  # {} for what it cannot read


def sessions_move_in(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Old = apps.get_model("sessions", "Session")
    New = apps.get_model("members", "MemberSession")
    batch = []
    for old in Old.objects.all().iterator():
        member_id = _decoded(old.session_data).get(SESSION_KEY)
        batch.append(
            New(
                session_key=old.session_key,
                session_data=old.session_data,
                expire_date=old.expire_date,
                member_id=int(member_id) if member_id is not None else None,
            )
        )
        if len(batch) == BATCH:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)
    Old.objects.all().delete()


def sessions_move_back(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Old = apps.get_model("sessions", "Session")
    New = apps.get_model("members", "MemberSession")
    Old.objects.bulk_create(
        [
            Old(session_key=s.session_key, session_data=s.session_data, expire_date=s.expire_date)
            for s in New.objects.all().iterator()
        ],
        batch_size=BATCH,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="MemberSession",
            fields=[
                (
                    "session_key",
                    models.CharField(
                        max_length=40,
                        primary_key=True,
                        serialize=False,
                        verbose_name="session key",
                    ),
                ),
                ("session_data", models.TextField(verbose_name="session data")),
                (
                    "expire_date",
                    models.DateTimeField(db_index=True, verbose_name="expire date"),
                ),
                (
                    "member",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "session",
                "db_table": "members_session",
            },
        ),
        migrations.RunPython(sessions_move_in, sessions_move_back),
    ]
