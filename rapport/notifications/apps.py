from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Mail that tells a member what waits for them unseen: messages, requests, new
    connections and introductions. Batched, quiet at night, never a message's body."""

    name = "rapport.notifications"
    label = "notifications"
