"""The outbox: what was sent to whom (masked), whether it went through, why not, and "retry now".
The quiet hours are admin-editable data, per commune and by date."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from thanthien.core.admin import AuditedAdmin, ReadOnlyAdmin
from thanthien.notifications import services
from thanthien.notifications.channels import masked
from thanthien.notifications.models import Notification, QuietHours


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "channel",
        "masked_recipient",
        "status",
        "urgent",
        "attempts",
        "next_attempt_at",
        "last_error",
        "provider_message_id",
        "sent_at",
    ]
    list_filter = ["status", "channel", "urgent"]
    search_fields = ["dedupe_key", "provider_message_id"]
    exclude = ["recipient"]  # a phone number is personal data: shown masked only
    readonly_fields = ["masked_recipient"]
    actions = ["retry_now"]

    @admin.display(description=_("recipient"))
    def masked_recipient(self, obj: Notification) -> str:
        return masked(obj.recipient)

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.change_notification")

    @admin.action(description=_("Retry now"), permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        # The admin's pages are for a signed-in superuser (units.permissions.can_use_django_admin).
        retried = services.retry_notifications(queryset, by=request.user)  # type: ignore[arg-type]
        skipped = queryset.count() - retried
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be sent again.", "%(count)d messages will be sent again.", retried
            )
            % {"count": retried},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message was left alone: already sent or being sent.",
                    "%(count)d messages were left alone: already sent or being sent.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(QuietHours)
class QuietHoursAdmin(AuditedAdmin):
    list_display = ["unit", "starts_at", "ends_at", "valid_from", "basis"]
    list_filter = ["valid_from"]
    autocomplete_fields = ["unit"]
