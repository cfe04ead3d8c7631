"""An API token remembers the tokens page's form that made it (``ApiToken.form_nonce``),
once per member: the token is shown in the answer to that form, and the same form sent
again (a reload, a double click) must not make a second token."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_username_unique_any_case"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="form_nonce",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.UniqueConstraint(
                condition=models.Q(("form_nonce", ""), _negated=True),
                fields=("member", "form_nonce"),
                name="members_apitoken_one_per_form",
            ),
        ),
    ]
