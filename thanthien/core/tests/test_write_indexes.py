"""The tables every public write inserts into carry no index that another one already serves.

Each index costs every insert (PostgreSQL writes an entry in each). A plain index whose columns lead
another plain index (a foreign key's own index beside (that key, a time)) is never needed for reading, so
it is pure cost on the paths the province's kiosks and rating links load.
"""

import pytest
from django.db import connection

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

PLAIN_INDEXES = """
SELECT i.relname, array(
    SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.n
)
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam
WHERE x.indrelid = %s::regclass AND am.amname = 'btree' AND NOT x.indisunique
  AND x.indpred IS NULL AND x.indexprs IS NULL
  AND NOT EXISTS (SELECT FROM pg_opclass o WHERE o.oid = ANY(x.indclass) AND o.opcname LIKE '%%pattern_ops')
"""


@pytest.mark.django_db
@pytest.mark.parametrize("model", WRITTEN_ON_EVERY_PUBLIC_WRITE, ids=lambda model: model._meta.label)
def test_no_index_of_a_hot_table_leads_another(model):
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's catalogue of indexes (SQLite is the single-machine database)")
    with connection.cursor() as cursor:
        cursor.execute(PLAIN_INDEXES, [model._meta.db_table])
        indexes = dict(cursor.fetchall())

    served = {
        name: other
        for name, columns in indexes.items()
        for other, longer in indexes.items()
        if other != name and len(longer) > len(columns) and longer[: len(columns)] == columns
    }
    assert served == {}, f"{model._meta.db_table}: indexes served by a longer one: {served}"
