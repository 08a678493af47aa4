"""Insert a row unless a unique key is already taken: one statement, no savepoint, no read first.

`get_or_create` reads, then inserts inside a savepoint (four round trips for a new row); a retry loop on a
random code opens a savepoint per try. `insert_unless_taken` sends one `INSERT … ON CONFLICT DO NOTHING
RETURNING id` (SQLite: `INSERT OR IGNORE … RETURNING id`), so a taken key leaves the caller's transaction
usable and the caller decides what a taken key means (the existing row, or another code).
"""

from typing import TypeVar

from django.db import IntegrityError, connections, router
from django.db.models import Model
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery

M = TypeVar("M", bound=Model)


def insert_unless_taken(obj: M, *, key: str) -> bool:
    """Insert `obj` and return True (its pk is set), or return False when a row has its `key` already.

    The model's `save()` is not run and no save signal is sent (as with `bulk_create`); a model that derives
    fields in `save()` does it in `derive_fields()`, which is run here. Any other refusal by the database is
    an error: `IntegrityError` when nothing was inserted and no row has that key.
    """
    derive_fields = getattr(obj, "derive_fields", None)
    if derive_fields is not None:
        derive_fields()
    model = type(obj)
    meta = model._meta
    using = router.db_for_write(model, instance=obj)
    fields = [field for field in meta.concrete_fields if not field.generated and field is not meta.auto_field]
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE)
    query.insert_values(fields, [obj])
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = [meta.pk]
    ((sql, params),) = compiler.as_sql()
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is not None:
        obj.pk = row[0]
        obj._state.adding, obj._state.db = False, using
        return True
    if not model._default_manager.using(using).filter(**{key: getattr(obj, key)}).exists():
        raise IntegrityError(f"{meta.label}: the row was refused, and no row has its {key}")
    return False
