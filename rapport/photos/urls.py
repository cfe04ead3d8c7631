"""Photo pages: the form's two actions on one's own profile, and each photo's address
(the hash of the image in it, 64 hex digits; anything else is no address at all)."""

from django.urls import path, register_converter

from rapport.photos import views


class ContentHash:
    regex = "[0-9a-f]{64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ContentHash, "content_hash")

urlpatterns = [
    path("me/photo/", views.profile_photo, name="profile_photo"),
    path("me/photo/remove/", views.profile_photo_remove, name="profile_photo_remove"),
    path(
        "members/<int:member_id>/photo/<content_hash:digest>.webp",
        views.member_photo,
        {"small": False},
        name="member_photo",
    ),
    path(
        "members/<int:member_id>/photo/<content_hash:digest>-64.webp",
        views.member_photo,
        {"small": True},
        name="member_photo_small",
    ),
]
