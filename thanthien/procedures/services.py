"""Every write to the procedure catalogue, one transaction each, checked and audited (the XLSX import's
write included; reading and checking a sheet is `spreadsheets`)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.procedures import permissions
from thanthien.procedures.cleaning import REQUIRED_FIELDS, clean_procedure_fields, procedure_search_key
from thanthien.procedures.models import Procedure
from thanthien.procedures.spreadsheets import ImportReport, check_procedure_rows, read_procedure_sheet
from thanthien.units.models import User


# --- Writing ------------------------------------------------------------------------------------------------
def _require_manager(by: User) -> None:
    if not permissions.can_manage_catalogue(by):
        raise PermissionDenied


def is_code_taken(code: str, *, other_than: int | None = None) -> bool:
    """Return True when another procedure has this code, in any letter case."""
    # Codes are matched without case: "xa-ht-01" and "XA-HT-01" would print the same on a receipt.
    taken = Procedure.objects.filter(code__iexact=code)
    if other_than is not None:
        taken = taken.exclude(pk=other_than)
    return taken.exists()


def _insert(values: dict[str, Any]) -> Procedure:
    procedure = Procedure(**values)
    procedure.search_key = procedure_search_key(procedure.code, procedure.name, procedure.field)
    procedure.save()
    return procedure


def _apply(procedure: Procedure, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the values that differ and save them with the search key; return {field: [old, new]}."""
    before = {name: getattr(procedure, name) for name in values}
    for name, value in values.items():
        setattr(procedure, name, value)
    changes = audit.diff(procedure, before, list(values))
    if changes:
        procedure.search_key = procedure_search_key(procedure.code, procedure.name, procedure.field)
        procedure.save(update_fields=[*changes, "search_key", "updated_at"])
    return changes


@transaction.atomic
def create_procedure(*, by: User, **fields: Any) -> Procedure:
    """Add a procedure to the catalogue; code, name, field and time limit are required."""
    _require_manager(by)
    missing = [name for name in REQUIRED_FIELDS if name not in fields]
    if missing:
        raise ValidationError(dict.fromkeys(missing, _("This field is required.")))
    values = clean_procedure_fields(fields)
    if is_code_taken(values["code"]):
        raise ValidationError({"code": _("A procedure with the code %(code)s already exists.") % values})
    procedure = _insert(values)
    audit.record(AuditEvent.Action.CREATE, procedure, by=by, changes={"code": procedure.code})
    return procedure


@transaction.atomic
def update_procedure(procedure: Procedure, *, by: User, **fields: Any) -> Procedure:
    """Change fields of a procedure, keeping its search key in step; a change to nothing writes nothing."""
    _require_manager(by)
    values = clean_procedure_fields(fields)
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if "code" in values and is_code_taken(values["code"], other_than=procedure.pk):
        raise ValidationError({"code": _("A procedure with the code %(code)s already exists.") % values})
    changes = _apply(procedure, values)
    if changes:
        audit.record(AuditEvent.Action.UPDATE, procedure, by=by, changes=changes)
    return procedure


# --- The XLSX sheet: writing --------------------------------------------------------------------------------
def import_procedures_xlsx(file: Any, *, by: User) -> ImportReport:
    """Create and update procedures from an XLSX sheet in one transaction, or write nothing if a row is wrong.

    The report lists each wrong row with its number (then nothing was written), the rows already as in the
    catalogue, and the procedures created and updated. Each procedure written gets its audit event.
    """
    _require_manager(by)
    rows = read_procedure_sheet(file)
    with transaction.atomic():
        # Lock the catalogue so that two imports run one after the other.
        catalogue = list(Procedure.objects.select_for_update())
        existing = {procedure.code.casefold(): procedure for procedure in catalogue}
        national = {p.national_code.casefold(): p for p in catalogue if p.national_code}
        report = check_procedure_rows(rows, existing=existing, national=national)
        if report.errors:
            return report
        for row in report.to_create:
            procedure = _insert(row.values)
            audit.record(
                AuditEvent.Action.CREATE, procedure, by=by, changes={"source": "xlsx", "row": row.line}
            )
            report.created.append(procedure)
        for row, procedure in report.to_update:
            changes = _apply(procedure, row.values)
            audit.record(
                AuditEvent.Action.UPDATE,
                procedure,
                by=by,
                changes={**changes, "source": "xlsx", "row": row.line},
            )
            report.updated.append(procedure)
    return report
