"""The tables every public write inserts into carry no index that another one already serves.

Each index costs every insert (the database writes an entry in each). A plain index whose columns lead
another plain index (a foreign key's own index beside (that key, a time)) is never needed for reading, so
it is pure cost on the paths the province's kiosks and rating links load. Read from the models' declared
indexes, as the migrations make them on either database (`makemigrations --check` in CI holds the two
together): a partial index, an index on expressions or with operator classes serves only some reads, so it
neither counts as served nor as serving.
"""

import pytest
from django.db import models

from thanthien.core.models import AuditEvent, IdempotencyRecord
from thanthien.dossiers.models import Dossier, DossierEvent
from thanthien.feedback.models import FeedbackEvent, FeedbackItem
from thanthien.ratings.models import Rating

WRITTEN_ON_EVERY_PUBLIC_WRITE = [
    Rating,
    IdempotencyRecord,
    FeedbackItem,
    FeedbackEvent,
    Dossier,
    DossierEvent,
    AuditEvent,
]


def plain_indexes(model: type[models.Model]) -> dict[str, list[str]]:
    """Name → columns of the model's plain indexes: a field's own (`db_index`) and Meta's whole-table ones."""
    meta = model._meta
    found = {
        f"{field.name} (its own index)": [field.attname]
        for field in meta.local_concrete_fields
        if getattr(field, "db_index", False) and not field.unique and not field.primary_key
    }
    for index in meta.indexes:
        if index.condition is None and not index.expressions and not index.opclasses:
            found[index.name] = [_attname(model, name.lstrip("-")) for name in index.fields]
    return found


def _attname(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # an index is on concrete fields
    return field.attname


def served_by_longer(indexes: dict[str, list[str]]) -> dict[str, str]:
    """Each index whose columns lead a longer one's → that longer one."""
    return {
        name: other
        for name, columns in indexes.items()
        for other, longer in indexes.items()
        if other != name and len(longer) > len(columns) and longer[: len(columns)] == columns
    }


def test_a_foreign_keys_own_index_beside_a_longer_one_is_found():
    before = {  # a rating's indexes before ratings.0008
        "unit (its own index)": ["unit_id"],
        "official (its own index)": ["official_id"],
        "rated_at (its own index)": ["rated_at"],
        "rating_unit_time": ["unit_id", "rated_at"],
        "rating_official_latest": ["official_id", "rated_at", "id"],
    }

    assert served_by_longer(before) == {
        "unit (its own index)": "rating_unit_time",
        "official (its own index)": "rating_official_latest",
    }


@pytest.mark.parametrize("model", WRITTEN_ON_EVERY_PUBLIC_WRITE, ids=lambda model: model._meta.label)
def test_no_index_of_a_hot_table_leads_another(model):
    served = served_by_longer(plain_indexes(model))
    assert served == {}, f"{model._meta.db_table}: indexes a longer one serves"
