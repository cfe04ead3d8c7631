"""The audit pages, under /audit/. None takes a member id: each is the viewer's own."""

from django.urls import path

from rapport.audit import views

urlpatterns = [
    path("", views.audit, name="audit"),
    path("report.html", views.audit_report_html, name="audit_report_html"),
    path("archive/", views.audit_archive, name="audit_archive"),
    path("archived/", views.audit_archived, name="audit_archived"),
    path("restore/", views.audit_restore, name="audit_restore"),
    path("seat/", views.audit_seat, name="audit_seat"),
]
