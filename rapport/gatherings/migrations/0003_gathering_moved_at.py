"""When the host last moved a gathering (time, place or link), so an answer given
before it shows as given to another plan. Nullable, with no default: SQLite adds the
column in place (ALTER TABLE ... ADD COLUMN) instead of rebuilding the table, so the
triggers on other tables that name it stay as they are. Gatherings moved before this
have no record of it, and none is guessed."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('gatherings', '0002_drop_indexes_a_composite_covers'),
    ]

    operations = [
        migrations.AddField(
            model_name='gathering',
            name='moved_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
