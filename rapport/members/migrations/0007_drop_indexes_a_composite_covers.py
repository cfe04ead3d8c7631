"""Drops the index Django gives each foreign key where another index or unique
constraint already starts with that column: the composite serves every lookup the
single-column index did, and each write paid for both. Plain DROP INDEX, because
AlterField on SQLite would copy the whole table to drop one index."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0006_session_device_and_activity'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX "members_recoverycode_two_step_id_0e4ce3a8"',
                    reverse_sql='CREATE INDEX "members_recoverycode_two_step_id_0e4ce3a8" ON "members_recoverycode" ("two_step_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='recoverycode',
                    name='two_step',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='recovery_codes', to='members.twostep'),
                ),
            ],
        ),
    ]
