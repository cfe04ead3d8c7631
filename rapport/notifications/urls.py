"""The notification pages. The unsubscribe link's argument is named ``token`` so the
access log leaves it out (rapport/operations/logs.py)."""

from django.urls import path

from rapport.notifications import views

urlpatterns = [
    path("settings/notifications/", views.notification_settings, name="notification_settings"),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.notifications_unsubscribe,
        name="notifications_unsubscribe",
    ),
]
