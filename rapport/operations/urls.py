"""Operational pages outside the member-facing site: the health check."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
