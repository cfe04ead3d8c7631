"""Drops the index Django gives each foreign key where another index or unique
constraint already starts with that column: the composite serves every lookup the
single-column index did, and each write paid for both. Plain DROP INDEX, because
AlterField on SQLite would copy the whole table to drop one index."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('safety', '0007_twostepfailure'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX "safety_block_blocker_id_8a549a06"',
                    reverse_sql='CREATE INDEX "safety_block_blocker_id_8a549a06" ON "safety_block" ("blocker_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='block',
                    name='blocker',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='blocks_made', to=settings.AUTH_USER_MODEL),
                ),
            ],
        ),
    ]
