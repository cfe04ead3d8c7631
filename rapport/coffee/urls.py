"""The coffee rounds pages, under /coffee/. Names and keyword arguments are part of
the contract the authorization matrix checks."""

from django.urls import path

from rapport.coffee import views

urlpatterns = [
    path("", views.coffee, name="coffee"),
    path("leave/", views.coffee_opt_out_view, name="coffee_opt_out"),
    path("pairings/<int:pairing_id>/", views.coffee_pairing, name="coffee_pairing"),
    path(
        "pairings/<int:pairing_id>/met/", views.coffee_pairing_met_view, name="coffee_pairing_met"
    ),
    path("pairings/<int:pairing_id>/hold.ics", views.coffee_pairing_ics, name="coffee_pairing_ics"),
]
