"""Usernames unique whatever their case, in the database as sign-up already judged them.

Sign-up refused "ana" once "Ana" existed, but only by a query before the insert: two
sign-ups at the same moment could both pass it. Log-in now finds a username whatever
the case typed, so two such accounts must never exist. A database that already holds
some (only that race could make them) is not changed: the migration stops and names
them, for an administrator to rename one (``/admin/members/member/``) and migrate again.
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import Count
from django.db.models.functions import Lower


def refuse_usernames_alike(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Member = apps.get_model("members", "Member")
    alike = (
        Member.objects.using(schema_editor.connection.alias)
        .values(lowered=Lower("username"))
        .annotate(accounts=Count("id"))
        .filter(accounts__gt=1)
        .values_list("lowered", flat=True)
    )
    clashes = sorted(alike)
    if clashes:
        names = sorted(
            Member.objects.using(schema_editor.connection.alias)
            .alias(lowered=Lower("username"))
            .filter(lowered__in=clashes)
            .values_list("username", flat=True)
        )
        raise RuntimeError(
            "These usernames differ only in case, and log-in no longer tells them apart: "
            f"{', '.join(names)}. Rename all but one of each in /admin/members/member/ "
            "(or with `rapport shell`), then run `rapport migrate` again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("members", "0007_drop_indexes_a_composite_covers"),
    ]

    operations = [
        migrations.RunPython(refuse_usernames_alike, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="member",
            constraint=models.UniqueConstraint(
                Lower("username"), name="members_member_username_any_case"
            ),
        ),
    ]
