"""The asks pages, under /asks/."""

from django.urls import path

from rapport.asks import views

urlpatterns = [
    path("", views.asks, name="asks"),
    path("new/", views.ask_new, name="ask_new"),
    path("<int:ask_id>/", views.ask_detail, name="ask"),
    path("<int:ask_id>/answer/", views.ask_answer_view, name="ask_answer"),
    path("<int:ask_id>/close/", views.ask_close_view, name="ask_close"),
    path("<int:ask_id>/withdraw/", views.ask_withdraw_view, name="ask_withdraw"),
]
