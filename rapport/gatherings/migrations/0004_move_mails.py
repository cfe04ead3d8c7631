"""The guests' mail about moves, coalesced (``rapport.gatherings.notices``): when the
last went, the plan it told, and when a move made since may be mailed. Nullable, with
no default, as in 0003: SQLite adds the columns in place, and the triggers on other
tables that name the table stay as they are."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('gatherings', '0003_gathering_moved_at'),
    ]

    operations = [
        migrations.AddField(
            model_name='gathering',
            name='move_mail_due_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='gathering',
            name='move_mailed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='gathering',
            name='move_mailed_plan',
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
        migrations.AddIndex(
            model_name='gathering',
            index=models.Index(condition=models.Q(('move_mail_due_at__isnull', False)), fields=['move_mail_due_at'], name='gathering_move_mail_due'),
        ),
    ]
