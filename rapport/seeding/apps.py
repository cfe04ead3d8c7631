from django.apps import AppConfig


class SeedingConfig(AppConfig):
    """`rapport seed`: a large, realistic community for load tests and trying things at scale."""

    name = "rapport.seeding"
    label = "seeding"
