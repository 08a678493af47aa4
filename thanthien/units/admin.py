"""Admin for reference data of units and people; every change is audited, lists are scoped by unit."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from thanthien.core.admin import AuditedAdmin, ReadOnlyAdmin
from thanthien.core.scoping import unit_scope
from thanthien.units import services
from thanthien.units.models import (
    AccessApproval,
    CommuneProfile,
    Household,
    Membership,
    Office,
    Official,
    Unit,
    User,
)


class ScopedAdmin(AuditedAdmin):
    """Staff who are not superusers see only the rows of the units they administer."""

    unit_path_lookup = "unit__path"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(unit_scope(request.user, self.unit_path_lookup, {"administrator", "leader"}))


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    unit_path_lookup = "path"
    list_display = ["name", "code", "level", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "kind", "is_demo"]
    search_fields = ["name", "code", "slug"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["predecessors"]
    readonly_fields = ["path"]


@admin.register(CommuneProfile)
class CommuneProfileAdmin(ScopedAdmin):
    list_display = ["unit", "as_of", "households", "population", "party_cells"]
    raw_id_fields = ["unit"]


@admin.register(Office)
class OfficeAdmin(ScopedAdmin):
    list_display = ["name", "kind", "unit"]
    list_filter = ["kind"]
    raw_id_fields = ["unit"]
    search_fields = ["name"]


@admin.register(Official)
class OfficialAdmin(ScopedAdmin):
    list_display = ["full_name", "title", "unit", "office", "badge_number", "is_phone_published", "is_active"]
    list_filter = ["is_active", "is_leader", "is_phone_published"]
    search_fields = ["full_name", "badge_number"]
    raw_id_fields = ["unit", "office", "user"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Linking a login to an official goes through services (a leader's decision), except for superusers.
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else [*readonly, "user"]


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin, ReadOnlyAdmin):
    """Roles are granted and withdrawn on /units/accounts/ (services.grant_role): a role that reads
    identities waits for a leader's approval there, which a save here would skip."""

    list_display = ["user", "role", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["user", "unit"]


@admin.register(AccessApproval)
class AccessApprovalAdmin(ScopedAdmin, ReadOnlyAdmin):
    list_display = ["created_at", "kind", "user", "role", "unit", "requested_by", "status", "decided_by"]
    list_filter = ["kind", "status", "role"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, AuditedAdmin):
    """Logins, for superusers only (a staff member who may change users could make himself superuser).

    A password set here is a one-time password: the user must change it, and their sessions and API keys
    end (services.revoke_access), as with a reset on /units/accounts/.
    """

    fieldsets = (  # type: ignore[misc]  # UserAdmin declares its fieldsets
        *DjangoUserAdmin.fieldsets,
        (_("Profile"), {"fields": ("full_name", "must_change_password")}),
    )
    list_display = ["username", "full_name", "email", "is_active", "is_staff", "last_login"]
    search_fields = ["username", "full_name", "email"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # logins are locked (is_active), never deleted: the audit log points at them

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None and user.pk != request.user.pk:
                # The admin's pages are for a signed-in superuser (permissions.can_use_django_admin).
                services.require_password_change(user, by=request.user)  # type: ignore[arg-type]
        return response


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    unit_path_lookup = "village__path"
    list_display = ["head_name", "village", "address", "has_sms_consent", "is_active"]
    list_filter = ["has_sms_consent", "is_active"]
    search_fields = ["head_name", "address"]
    list_select_related = ["village"]
    autocomplete_fields = ["village"]
