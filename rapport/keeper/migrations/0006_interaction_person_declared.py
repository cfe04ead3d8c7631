"""Interaction.people gets a declared through model, InteractionPerson, over the very
table Django made for it: only the project state changes here, not the database. The
next migration can then drop the through table's interaction index, which the pair's
unique index already covers."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("keeper", "0005_imported_keys_carry_their_time"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="InteractionPerson",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "interaction",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="keeper.interaction",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="keeper.person",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "keeper_interaction_people",
                        "unique_together": {("interaction", "person")},
                    },
                ),
                migrations.AlterField(
                    model_name="interaction",
                    name="people",
                    field=models.ManyToManyField(
                        related_name="interactions",
                        through="keeper.InteractionPerson",
                        to="keeper.person",
                    ),
                ),
            ],
        ),
    ]
