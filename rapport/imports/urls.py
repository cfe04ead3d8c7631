"""The imports pages, under /import/."""

from django.urls import path

from rapport.imports import views

urlpatterns = [
    path("", views.imports, name="imports"),
    path("<int:job_id>/", views.import_job, name="import_job"),
    path("<int:job_id>/status/", views.import_job_status, name="import_job_status"),
]
