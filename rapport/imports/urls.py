"""The imports pages, under /import/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
