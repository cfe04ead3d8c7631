"""Each pairing's own hold, in both members' working day, instead of one per round.

Pairings made before keep their round's hold (10:00 UTC on its Thursday), copied to
each. Going back gives each round the earliest hold of its pairings, or that 10:00 UTC
when it had none.
"""

import datetime as dt

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import OuterRef, Subquery

HOLD_DAYS_AFTER = 3  # as rapport.coffee.schedule says today, written out to keep its meaning


def pairings_keep_their_rounds_hold(
    apps: StateApps, schema_editor: BaseDatabaseSchemaEditor
) -> None:
    Pairing = apps.get_model("coffee", "Pairing")
    CoffeeRound = apps.get_model("coffee", "CoffeeRound")
    Pairing.objects.update(
        hold_starts_at=Subquery(
            CoffeeRound.objects.filter(pk=OuterRef("round_id")).values("hold_starts_at")[:1]
        )
    )


def rounds_take_their_earliest_hold(
    apps: StateApps, schema_editor: BaseDatabaseSchemaEditor
) -> None:
    CoffeeRound = apps.get_model("coffee", "CoffeeRound")
    for coffee_round in CoffeeRound.objects.all():
        earliest = coffee_round.pairings.aggregate(models.Min("hold_starts_at"))
        coffee_round.hold_starts_at = earliest["hold_starts_at__min"] or dt.datetime.combine(
            coffee_round.held_on + dt.timedelta(days=HOLD_DAYS_AFTER), dt.time(10, 0), dt.UTC
        )
        coffee_round.save(update_fields=["hold_starts_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("coffee", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="pairing",
            name="hold_starts_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(pairings_keep_their_rounds_hold, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pairing",
            name="hold_starts_at",
            field=models.DateTimeField(),
        ),
        migrations.AlterField(
            model_name="coffeeround",
            name="hold_starts_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(migrations.RunPython.noop, rounds_take_their_earliest_hold),
        migrations.RemoveField(
            model_name="coffeeround",
            name="hold_starts_at",
        ),
    ]
