"""Drops the index Django gives each foreign key where another index or unique
constraint already starts with that column: the composite serves every lookup the
single-column index did, and each write paid for both. Plain DROP INDEX, because
AlterField on SQLite would copy the whole table to drop one index."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('keeper', '0006_interaction_person_declared'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX "keeper_interaction_owner_id_3f69e219"',
                    reverse_sql='CREATE INDEX "keeper_interaction_owner_id_3f69e219" ON "keeper_interaction" ("owner_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "keeper_interaction_people_interaction_id_eeac4e01"',
                    reverse_sql='CREATE INDEX "keeper_interaction_people_interaction_id_eeac4e01" ON "keeper_interaction_people" ("interaction_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "keeper_keyseat_owner_id_21d3a598"',
                    reverse_sql='CREATE INDEX "keeper_keyseat_owner_id_21d3a598" ON "keeper_keyseat" ("owner_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "keeper_person_owner_id_281729b9"',
                    reverse_sql='CREATE INDEX "keeper_person_owner_id_281729b9" ON "keeper_person" ("owner_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "keeper_persondate_person_id_582103a1"',
                    reverse_sql='CREATE INDEX "keeper_persondate_person_id_582103a1" ON "keeper_persondate" ("person_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='interaction',
                    name='owner',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='keeper_interactions', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='interactionperson',
                    name='interaction',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='keeper.interaction'),
                ),
                migrations.AlterField(
                    model_name='keyseat',
                    name='owner',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='key_seats', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='person',
                    name='owner',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='keeper_people', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='persondate',
                    name='person',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='dates', to='keeper.person'),
                ),
            ],
        ),
    ]
