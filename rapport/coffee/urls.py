"""The coffee rounds pages, under /coffee/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
