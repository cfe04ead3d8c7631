"""The gatherings pages, under /gatherings/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
