"""The insights page. It takes no member id: it is always the viewer's own."""

from django.urls import path

from rapport.ego import views

urlpatterns = [
    path("", views.insights, name="insights"),
]
