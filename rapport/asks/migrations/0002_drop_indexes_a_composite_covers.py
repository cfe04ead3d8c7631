"""Drops the index Django gives each foreign key where another index or unique
constraint already starts with that column: the composite serves every lookup the
single-column index did, and each write paid for both. Plain DROP INDEX, because
AlterField on SQLite would copy the whole table to drop one index."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('asks', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX "asks_ask_poster_id_01ff7e24"',
                    reverse_sql='CREATE INDEX "asks_ask_poster_id_01ff7e24" ON "asks_ask" ("poster_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "asks_askanswer_ask_id_255a8f55"',
                    reverse_sql='CREATE INDEX "asks_askanswer_ask_id_255a8f55" ON "asks_askanswer" ("ask_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "asks_askhelper_ask_id_f235775f"',
                    reverse_sql='CREATE INDEX "asks_askhelper_ask_id_f235775f" ON "asks_askhelper" ("ask_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='ask',
                    name='poster',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='asks', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='askanswer',
                    name='ask',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='asks.ask'),
                ),
                migrations.AlterField(
                    model_name='askhelper',
                    name='ask',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='helpers', to='asks.ask'),
                ),
            ],
        ),
    ]
