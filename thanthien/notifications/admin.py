"""The outbox, read-only: what was sent to whom and whether it went through."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thanthien.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "status", "attempts", "dedupe_key", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["dedupe_key"]
    exclude = ["recipient"]  # a phone number is personal data: not listed

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
