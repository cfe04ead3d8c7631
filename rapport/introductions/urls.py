"""The introductions pages, under /introductions/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
