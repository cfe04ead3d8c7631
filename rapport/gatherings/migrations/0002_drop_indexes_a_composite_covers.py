"""Drops the index Django gives each foreign key where another index or unique
constraint already starts with that column: the composite serves every lookup the
single-column index did, and each write paid for both. Plain DROP INDEX, because
AlterField on SQLite would copy the whole table to drop one index."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('gatherings', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX "gatherings_attendance_gathering_id_5da7a974"',
                    reverse_sql='CREATE INDEX "gatherings_attendance_gathering_id_5da7a974" ON "gatherings_attendance" ("gathering_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "gatherings_attendance_member_id_a38d54cb"',
                    reverse_sql='CREATE INDEX "gatherings_attendance_member_id_a38d54cb" ON "gatherings_attendance" ("member_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='attendance',
                    name='gathering',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='gatherings.gathering'),
                ),
                migrations.AlterField(
                    model_name='attendance',
                    name='member',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='gathering_attendances', to=settings.AUTH_USER_MODEL),
                ),
            ],
        ),
    ]
