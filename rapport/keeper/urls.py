"""The keeper's pages. The names and keyword arguments are part of the contract the
authorization matrix checks: every one of them is private to its owner, but for the
digest's unsubscribe link, whose signed token is the credential. Its argument is named
``token`` so the access log leaves it out (rapport/operations/logs.py)."""

from django.urls import path

from rapport.keeper import digest_views, settings_views, views

urlpatterns = [
    path("", views.keeper, name="keeper"),
    path("people/new/", views.person_new, name="keeper_person_new"),
    path("people/<int:person_id>/", views.person, name="keeper_person"),
    path("people/<int:person_id>/edit/", views.person_edit, name="keeper_person_edit"),
    path("people/<int:person_id>/delete/", views.person_delete_view, name="keeper_person_delete"),
    path("people/<int:person_id>/circle/", views.person_circle, name="keeper_person_circle"),
    path("people/<int:person_id>/snooze/", views.person_snooze_view, name="keeper_person_snooze"),
    path(
        "people/<int:person_id>/reach-out/",
        views.person_reach_out_view,
        name="keeper_person_reach_out",
    ),
    path("people/<int:person_id>/dates/new/", views.person_date_new, name="keeper_person_date_new"),
    path(
        "people/<int:person_id>/dates/<int:date_id>/",
        views.person_date_edit,
        name="keeper_person_date_edit",
    ),
    path(
        "people/<int:person_id>/dates/<int:date_id>/delete/",
        views.person_date_delete,
        name="keeper_person_date_delete",
    ),
    path("interactions/new/", views.interaction_new, name="keeper_interaction_new"),
    path(
        "interactions/<int:interaction_id>/delete/",
        views.interaction_delete_view,
        name="keeper_interaction_delete",
    ),
    path("due/", views.due, name="keeper_due"),
    path("circles/", views.circles, name="keeper_circles"),
    path("seats/", views.seats, name="keeper_seats"),
    path("seats/<int:position>/", views.seat_edit, name="keeper_seat_edit"),
    path("duplicates/", views.duplicates, name="keeper_duplicates"),
    path("merge/", views.merge, name="keeper_merge"),
    path("settings/", settings_views.keeper_settings, name="keeper_settings"),
    path("settings/calendar/", settings_views.calendar_link_create, name="keeper_calendar_create"),
    path(
        "settings/calendar/revoke/",
        settings_views.calendar_link_revoke,
        name="keeper_calendar_revoke",
    ),
    path("settings/digest/", settings_views.digest_switch, name="keeper_digest_switch"),
    path(
        "digest/unsubscribe/<str:token>/",
        digest_views.keeper_digest_unsubscribe,
        name="keeper_digest_unsubscribe",
    ),
]
