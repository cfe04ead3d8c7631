"""The audit pages, under /audit/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
