"""The safety pages, under /safety/: blocks and reports, and your data and account."""

from django.urls import path

from rapport.members import account_views
from rapport.safety import views

urlpatterns = [
    path("", views.safety, name="safety"),
    path("members/<int:member_id>/block/", views.block, name="safety_block"),
    path("members/<int:member_id>/unblock/", views.unblock, name="safety_unblock"),
    path("members/<int:member_id>/report/", views.report, name="safety_report"),
    path("account/export/", account_views.account_export, name="account_export"),
    path("account/delete/", account_views.account_delete, name="account_delete"),
]
