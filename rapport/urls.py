from django.contrib import admin
from django.urls import include, path

from rapport.api import api, unknown_operation

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("api/<path:path>", unknown_operation, name="api_unknown_operation"),
    path("", include("rapport.web.urls")),
]
