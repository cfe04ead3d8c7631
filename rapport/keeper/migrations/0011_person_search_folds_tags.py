"""Each keeper person's tags join their stored search fold (``Person.search_folded``),
each tag after the role as a field of its own, so "cafe" finds the tag café and
"zurich" the tag "zürich-office", as they find a name or an organisation.

The column stays as 0010 added it: only what it holds changes, so the field's change is
told to Django's state alone (an ``AlterField`` run on SQLite could rebuild
``keeper_person`` and lose the triggers that keep home pages current, web 0003). A
person without tags folds exactly as before, so only people with tags are folded
again, a batch at a time, by the code's ``search_text``; going back folds them
without their tags.
"""

from collections.abc import Callable

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

import rapport.members.folding

BATCH = 2_000
_WITH_TAGS = ("name", "organisation", "role", "tags")
_WITHOUT_TAGS = ("name", "organisation", "role")


def _refold(fields: tuple[str, ...]) -> Callable[[StateApps, BaseDatabaseSchemaEditor], None]:
    def refold(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        """Every tagged person's fold of ``fields``, written by id in batches: every
        keeper together is never all in memory, and the query for the next batch
        starts where the last one ended. Untagged people are passed over by the
        database (their JSON is the empty list) and their folds are left as they are."""
        person_model = apps.get_model("keeper", "Person")
        people = person_model.objects.using(schema_editor.connection.alias).exclude(tags=[])
        last = 0
        while True:
            batch = list(people.filter(pk__gt=last).order_by("pk").only("pk", *_WITH_TAGS)[:BATCH])
            if not batch:
                return
            for person in batch:
                person.search_folded = rapport.members.folding.search_text(
                    *rapport.members.folding.searched_texts(
                        getattr(person, field) for field in fields
                    )
                )
            people.bulk_update(batch, ["search_folded"])
            last = batch[-1].pk

    return refold


class Migration(migrations.Migration):
    dependencies = [
        ("keeper", "0010_person_search_folded"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="search_folded",
                    field=rapport.members.folding.SearchFoldedField(
                        db_default="",
                        default="",
                        editable=False,
                        fields=_WITH_TAGS,
                    ),
                ),
            ],
        ),
        migrations.RunPython(_refold(_WITH_TAGS), _refold(_WITHOUT_TAGS)),
    ]
