from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The network audit: of the connections you imported, which ones you actually
    talk to, and which are contacts, not connections."""

    name = "rapport.audit"
    label = "audit"
