"""The gatherings pages, under /gatherings/. Names and keyword arguments are part of
the contract the authorization matrix checks."""

from django.urls import path

from rapport.gatherings import views

urlpatterns = [
    path("", views.gatherings, name="gatherings"),
    path("new/", views.gathering_new, name="gathering_new"),
    path("<int:gathering_id>/", views.gathering, name="gathering"),
    path("<int:gathering_id>/edit/", views.gathering_edit, name="gathering_edit"),
    path("<int:gathering_id>/rsvp/", views.gathering_rsvp_view, name="gathering_rsvp"),
    path("<int:gathering_id>/invite/", views.gathering_invite_view, name="gathering_invite"),
    path("<int:gathering_id>/cancel/", views.gathering_cancel_view, name="gathering_cancel"),
    path("<int:gathering_id>/attendance/", views.gathering_attendance, name="gathering_attendance"),
    path("<int:gathering_id>/gathering.ics", views.gathering_ics_view, name="gathering_ics"),
]
