"""Drops the index Django gives each foreign key where another index or unique
constraint already starts with that column: the composite serves every lookup the
single-column index did, and each write paid for both. Plain DROP INDEX, because
AlterField on SQLite would copy the whole table to drop one index."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('coffee', '0002_pairing_hold_starts_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX "coffee_pairing_member_low_id_08a7fb27"',
                    reverse_sql='CREATE INDEX "coffee_pairing_member_low_id_08a7fb27" ON "coffee_pairing" ("member_low_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "coffee_pairing_round_id_e92ed3c5"',
                    reverse_sql='CREATE INDEX "coffee_pairing_round_id_e92ed3c5" ON "coffee_pairing" ("round_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "coffee_participation_member_id_4053165b"',
                    reverse_sql='CREATE INDEX "coffee_participation_member_id_4053165b" ON "coffee_participation" ("member_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "coffee_participation_round_id_76d275a6"',
                    reverse_sql='CREATE INDEX "coffee_participation_round_id_76d275a6" ON "coffee_participation" ("round_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='pairing',
                    name='member_low',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='pairing',
                    name='round',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='pairings', to='coffee.coffeeround'),
                ),
                migrations.AlterField(
                    model_name='participation',
                    name='member',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='coffee_participations', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='participation',
                    name='round',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='participations', to='coffee.coffeeround'),
                ),
            ],
        ),
    ]
