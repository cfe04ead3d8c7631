"""Drops the index Django gives each foreign key where another index or unique
constraint already starts with that column: the composite serves every lookup the
single-column index did, and each write paid for both. Plain DROP INDEX, because
AlterField on SQLite would copy the whole table to drop one index."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('introductions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX "introductions_introduction_first_id_01a97e82"',
                    reverse_sql='CREATE INDEX "introductions_introduction_first_id_01a97e82" ON "introductions_introduction" ("first_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "introductions_introduction_introducer_id_ee1d788a"',
                    reverse_sql='CREATE INDEX "introductions_introduction_introducer_id_ee1d788a" ON "introductions_introduction" ("introducer_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "introductions_introduction_second_id_7264464a"',
                    reverse_sql='CREATE INDEX "introductions_introduction_second_id_7264464a" ON "introductions_introduction" ("second_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='introduction',
                    name='first',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='introduction',
                    name='introducer',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='introductions_made', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='introduction',
                    name='second',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
            ],
        ),
    ]
