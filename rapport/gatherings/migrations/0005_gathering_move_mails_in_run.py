"""How many move mails went in the current run (``rapport.gatherings.notices``): the
wait before the next doubles with each. Nullable, with no default, as in 0003 and 0004:
SQLite adds the column in place, and the triggers on other tables that name the table
stay as they are; a row mailed before it is read as one mail in the run."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('gatherings', '0004_move_mails'),
    ]

    operations = [
        migrations.AddField(
            model_name='gathering',
            name='move_mails_in_run',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
    ]
