"""A sender's messages by time, for the sending limits (rapport/safety/sending_limits.py):
counting the last minute's and day's reads only those, not all a member ever sent. The
new index starts with the sender, so it serves the foreign key too and the single-column
index Django gave it is dropped (plain DROP INDEX, as in 0005: AlterField on SQLite
would copy the whole table)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('conversations', '0005_drop_indexes_a_composite_covers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='message',
            index=models.Index(fields=['sender', 'created_at'], name='message_sender_created_at'),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX "conversations_message_sender_id_f0496734"',
                    reverse_sql='CREATE INDEX "conversations_message_sender_id_f0496734" ON "conversations_message" ("sender_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='message',
                    name='sender',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
            ],
        ),
    ]
