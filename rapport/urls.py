from django.contrib import admin
from django.urls import include, path

from rapport.api import api_urls, unknown_operation
from rapport.keeper import feed_views
from rapport.members.admin import admin_login

urlpatterns = [
    # Before the admin's own: its log-in page behind the site's login throttle.
    path("admin/login/", admin_login, name="admin_login_throttled"),
    path("admin/", admin.site.urls),
    path("api/", api_urls()),
    path("api/<path:path>", unknown_operation, name="api_unknown_operation"),
    # A calendar app's subscription: no login, the secret token is the credential.
    path("calendar/<str:token>.ics", feed_views.calendar_feed, name="keeper_calendar_feed"),
    path("", include("rapport.operations.urls")),
    path("", include("rapport.web.urls")),
]
