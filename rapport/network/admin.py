from django.contrib import admin

from rapport.network.models import Connection, ConnectionRequest


@admin.register(ConnectionRequest)
class ConnectionRequestAdmin(admin.ModelAdmin):
    list_display = ("sender", "recipient", "context", "state", "created_at", "expires_at")
    list_filter = ("state", "context")
    raw_id_fields = ("sender", "recipient", "member_low", "member_high", "introducer")


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = ("member_low", "member_high", "created_at")
    raw_id_fields = ("member_low", "member_high", "request")
