"""Drops the index Django gives each foreign key where another index or unique
constraint already starts with that column: the composite serves every lookup the
single-column index did, and each write paid for both. Plain DROP INDEX, because
AlterField on SQLite would copy the whole table to drop one index."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX "imports_importjob_owner_id_293a1351"',
                    reverse_sql='CREATE INDEX "imports_importjob_owner_id_293a1351" ON "imports_importjob" ("owner_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='importjob',
                    name='owner',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='import_jobs', to=settings.AUTH_USER_MODEL),
                ),
            ],
        ),
    ]
