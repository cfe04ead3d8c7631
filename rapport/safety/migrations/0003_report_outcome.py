"""A report's outcome: open, upheld or dismissed by a moderator.

Reports resolved before this migration had no outcome; they become "upheld", so a
member's standing reads as it did (only a dismissal takes a report out of it).
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def resolved_reports_upheld(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Report = apps.get_model("safety", "Report")
    Report.objects.filter(resolved_at__isnull=False).update(outcome="upheld")


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0002_loginfailure"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="outcome",
            field=models.CharField(
                choices=[("open", "Open"), ("upheld", "Upheld"), ("dismissed", "Dismissed")],
                default="open",
                max_length=16,
            ),
        ),
        migrations.RunPython(resolved_reports_upheld, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(("outcome__in", ["open", "upheld", "dismissed"])),
                name="report_outcome_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("outcome", "open"), ("resolved_at__isnull", True)),
                    models.Q(
                        models.Q(("outcome", "open"), _negated=True),
                        ("resolved_at__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="report_outcome_when_resolved",
            ),
        ),
    ]
