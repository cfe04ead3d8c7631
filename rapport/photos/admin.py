"""Photos in the Django admin: whether a member has one, what it looks like, and
removing it (a photo that is not of its member, or not fit to show).

The admin never adds nor edits a photo: a member uploads their own, through the
processing that strips its metadata. The preview is written into the page itself
(a ``data:`` address) rather than fetched from the member-facing address, which
answers only to members.
"""

from __future__ import annotations

import base64

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from rapport.members.models import Member
from rapport.photos.models import Photo


def _preview(photo: Photo) -> str:
    if not photo.pk or not photo.small:
        return "—"
    encoded = base64.b64encode(bytes(photo.small)).decode("ascii")
    return format_html(
        '<img src="data:image/webp;base64,{}" width="64" height="64" alt="Photo of {}">',
        encoded,
        photo.member,
    )


class PhotoInline(admin.StackedInline[Photo, Member]):
    """On a member's page: their photo, if any, with "Delete" to remove it."""

    model = Photo
    fields = readonly_fields = ("preview", "uploaded_at", "content_hash")
    can_delete = True
    extra = 0
    max_num = 0
    verbose_name = "photo"
    verbose_name_plural = "photo"

    @admin.display(description="photo")
    def preview(self, obj: Photo) -> str:
        return _preview(obj)


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin[Photo]):
    list_display = ("member", "preview", "uploaded_at")
    list_select_related = ("member",)
    fields = readonly_fields = ("member", "preview", "uploaded_at", "content_hash")
    search_fields = ("member__username", "member__name")
    # The list shows the small image only: the large one stays unread.
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[Photo]:
        return super().get_queryset(request).defer("large")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Photo | None = None) -> bool:
        return False

    @admin.display(description="photo")
    def preview(self, obj: Photo) -> str:
        return _preview(obj)
