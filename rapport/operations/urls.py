"""Operational pages outside the member-facing site: the health check."""

from django.urls import path

from rapport.operations import views

urlpatterns = [
    path("health", views.health, name="health"),
]
