"""The asks pages, under /asks/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
