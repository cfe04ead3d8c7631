"""The introductions pages, under /introductions/."""

from django.urls import path

from rapport.introductions import views

urlpatterns = [
    path("", views.introductions, name="introductions"),
    path("new/", views.introduction_new, name="introduction_new"),
    path("note-check/", views.introduction_note_check, name="introduction_note_check"),
    path(
        "<int:introduction_id>/accept/",
        views.introduction_accept_view,
        name="introduction_accept",
    ),
    path(
        "<int:introduction_id>/decline/",
        views.introduction_decline_view,
        name="introduction_decline",
    ),
    path(
        "<int:introduction_id>/withdraw/",
        views.introduction_withdraw_view,
        name="introduction_withdraw",
    ),
]
