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
        ('network', '0004_request_state_decided_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX "network_connection_member_low_id_405a99d6"',
                    reverse_sql='CREATE INDEX "network_connection_member_low_id_405a99d6" ON "network_connection" ("member_low_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "network_connectionrequest_recipient_id_9093cac6"',
                    reverse_sql='CREATE INDEX "network_connectionrequest_recipient_id_9093cac6" ON "network_connectionrequest" ("recipient_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "network_connectionrequest_sender_id_73dbbaa8"',
                    reverse_sql='CREATE INDEX "network_connectionrequest_sender_id_73dbbaa8" ON "network_connectionrequest" ("sender_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='connection',
                    name='member_low',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='connections_low', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='connectionrequest',
                    name='recipient',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='requests_received', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='connectionrequest',
                    name='sender',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='requests_sent', to=settings.AUTH_USER_MODEL),
                ),
            ],
        ),
    ]
