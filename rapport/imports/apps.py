from django.apps import AppConfig
from django.db.models.signals import post_delete


class ImportsConfig(AppConfig):
    """Bringing a network in: LinkedIn exports, vCards, contact CSVs and mail archives,
    parsed, matched against the keeper and written all or nothing."""

    name = "rapport.imports"
    label = "imports"

    def ready(self) -> None:
        from rapport.imports.upload_removal import upload_remove_with_job

        post_delete.connect(
            upload_remove_with_job,
            sender="imports.ImportJob",
            dispatch_uid="imports.upload_remove_with_job",
        )
