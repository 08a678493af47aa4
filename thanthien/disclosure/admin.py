from django.contrib import admin

from thanthien.disclosure.models import DisclosureObligation, MessageConsent


@admin.register(DisclosureObligation)
class DisclosureObligationAdmin(admin.ModelAdmin):
    """Administrators keep the obligations: a change of the law is a new row with its own `valid_from`."""

    list_display = [
        "name",
        "code",
        "certainty",
        "min_posting_days",
        "publish_within_days",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["certainty"]
    search_fields = ["name", "code", "legal_basis"]


@admin.register(MessageConsent)
class MessageConsentAdmin(admin.ModelAdmin):
    list_display = ["household", "channel", "purpose", "given_on", "withdrawn_on"]
    list_filter = ["channel"]
    raw_id_fields = ["household"]
    readonly_fields = ["recorded_by"]

    def has_delete_permission(self, request, obj=None):
        return False  # a consent is withdrawn, never erased: the record proves what was agreed
