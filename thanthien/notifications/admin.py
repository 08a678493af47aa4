"""The outbox, read-only: what was sent to whom and whether it went through."""

from django.contrib import admin

from thanthien.core.admin import ReadOnlyAdmin
from thanthien.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "status", "attempts", "dedupe_key", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["dedupe_key"]
    exclude = ["recipient"]  # a phone number is personal data: not listed
