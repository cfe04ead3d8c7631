"""The safety pages, under /safety/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
