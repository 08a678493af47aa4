"""Admin for the procedure catalogue: saves go through the services, so the search key stays in step."""

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from thanthien.core import audit
from thanthien.core.admin import AuditedAdmin
from thanthien.core.models import AuditEvent
from thanthien.procedures import cleaning, permissions, services
from thanthien.procedures.models import CommuneProcedure, Procedure, ProcedureForm
from thanthien.procedures.search import search_procedures
from thanthien.units.models import User


class ProcedureAdminForm(forms.ModelForm):
    class Meta:
        model = Procedure
        fields = list(cleaning.EDITABLE_FIELDS)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        present = {name: cleaned[name] for name in cleaning.EDITABLE_FIELDS if name in cleaned}
        try:
            cleaned.update(cleaning.clean_procedure_fields(present))
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, messages)
        code = cleaned.get("code")
        if code and "code" not in self.errors and services.is_code_taken(code, other_than=self.instance.pk):
            self.add_error("code", _("A procedure with the code %(code)s already exists.") % {"code": code})
        return cleaned


class ProcedureFormInline(admin.TabularInline):
    model = ProcedureForm
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(AuditedAdmin):
    form = ProcedureAdminForm
    list_display = [
        "code",
        "national_code",
        "name",
        "field",
        "time_limit_days",
        "time_limit_unit",
        "online_level",
        "result_kind",
        "is_active",
    ]
    list_filter = ["is_active", "field", "time_limit_unit", "online_level", "result_kind"]
    search_fields = ["search_key"]  # searched without diacritics, see get_search_results
    readonly_fields = ["search_key"]
    inlines = [ProcedureFormInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Procedure], search_term: str
    ) -> tuple[QuerySet[Procedure], bool]:
        if not search_term.strip():
            return queryset, False
        return search_procedures(queryset, search_term), False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and permissions.can_manage_catalogue(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and permissions.can_manage_catalogue(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # dossiers refer to procedures: retire one by unticking "in use" instead

    def save_model(self, request: HttpRequest, obj: Procedure, form: Any, change: bool) -> None:
        # The services check the permission, keep the search key in step and write the audit event.
        if change:
            fields = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in cleaning.EDITABLE_FIELDS
            }
            saved = services.update_procedure(obj, by=_admin_user(request), **fields)
        else:
            fields = {
                name: form.cleaned_data[name]
                for name in cleaning.EDITABLE_FIELDS
                if name in form.cleaned_data
            }
            saved = services.create_procedure(by=_admin_user(request), **fields)
        for field in Procedure._meta.concrete_fields:  # the admin goes on with `obj` (inlines, redirect)
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding, obj._state.db = False, saved._state.db

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit.record(AuditEvent.Action.DELETE, obj, by=request.user)
            obj.delete()
        for obj in instances:
            obj.save()
        formset.save_m2m()
        for obj in formset.new_objects:
            audit.record(AuditEvent.Action.CREATE, obj, by=request.user)
        for obj, changed in formset.changed_objects:
            audit.record(AuditEvent.Action.UPDATE, obj, by=request.user, changes={"fields": changed})


@admin.register(CommuneProcedure)
class CommuneProcedureAdmin(AuditedAdmin):
    """Listed for the superuser; administrators choose on the settings pages (*Thủ tục xã thực hiện*)."""

    list_display = ["commune", "procedure", "offered", "fee", "valid_from", "legal_basis"]
    list_filter = ["offered", "valid_from"]
    autocomplete_fields = ["commune", "procedure"]


def _admin_user(request: HttpRequest) -> User:
    """The Django admin lets in an active superuser only (units.permissions.can_use_django_admin)."""
    return cast(User, request.user)
