"""Drops the index Django gives each foreign key where another index or unique
constraint already starts with that column: the composite serves every lookup the
single-column index did, and each write paid for both. Plain DROP INDEX, because
AlterField on SQLite would copy the whole table to drop one index."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('conversations', '0004_message_deleted_tombstone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX "conversations_conversation_member_low_id_bda31541"',
                    reverse_sql='CREATE INDEX "conversations_conversation_member_low_id_bda31541" ON "conversations_conversation" ("member_low_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "conversations_message_conversation_id_f1a2d5e9"',
                    reverse_sql='CREATE INDEX "conversations_message_conversation_id_f1a2d5e9" ON "conversations_message" ("conversation_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX "conversations_readmark_conversation_id_05bbc5e7"',
                    reverse_sql='CREATE INDEX "conversations_readmark_conversation_id_05bbc5e7" ON "conversations_readmark" ("conversation_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='conversation',
                    name='member_low',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='message',
                    name='conversation',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='conversations.conversation'),
                ),
                migrations.AlterField(
                    model_name='readmark',
                    name='conversation',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='read_marks', to='conversations.conversation'),
                ),
            ],
        ),
    ]
