"""A statement compiled once with slots gives, for every set of values, what the querysets give with those
values written in, on both databases (dates, aware times across midnight in Vietnam, path prefixes)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import CharField, Count, DateField, DateTimeField, IntegerField, Q

from conftest import make_unit
from thanthien.core.models import AuditEvent
from thanthien.core.statements import OneRowStatement, Slot, count_in_one_statement
from thanthien.units.models import Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def unit_parts(prefix, level, first_day):
    units = Unit.objects.filter(path__startswith=prefix)
    return {
        "units": (units, {"all": Count("pk"), "of_level": Count("pk", filter=Q(level=level))}),
        "valid": (Unit.objects.filter(valid_from__gte=first_day), {"since": Count("pk")}),
    }


@pytest.mark.django_db
def test_one_compiled_statement_counts_what_each_set_of_values_selects(province):
    other = make_unit("40", "Tỉnh Nghệ An", "province")
    for number in range(3):
        make_unit(f"38-{number}", f"Xã {number}", "commune", province, valid_from=date(2025, 7, 1))
    make_unit("40-1", "Xã Một", "commune", other, valid_from=date(2020, 1, 1))
    make_unit("40-2", "Thôn Hai", "village", other)
    statement = OneRowStatement(
        unit_parts(Slot("prefix", CharField()), Slot("level", CharField()), Slot("first_day", DateField()))
    )
    sql = statement.sql
    cases = [
        ("38/", "commune", date(2025, 7, 1)),
        ("40/", "village", date(2021, 1, 1)),
        ("4", "commune", date(2019, 1, 1)),
        ("99/", "commune", date(2030, 1, 1)),
    ]
    for prefix, level, first_day in cases:
        got = statement.run({"prefix": prefix, "level": level, "first_day": first_day})
        assert got == count_in_one_statement(unit_parts(prefix, level, first_day))
    assert statement.sql is sql
    assert statement.run({"prefix": "38/", "level": "commune", "first_day": date(2025, 7, 1)}) == {
        "units": {"all": 3, "of_level": 3},
        "valid": {"since": 3},
    }


@pytest.mark.django_db
def test_aware_times_are_bound_as_the_field_binds_them(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    moments = [
        datetime(2026, 1, 1, 16, 59, tzinfo=UTC),
        datetime(2026, 1, 1, 17, 0, tzinfo=UTC),
        datetime(2026, 1, 2, 16, 59, 59, tzinfo=UTC),
        datetime(2026, 1, 2, 17, 0, 1, tzinfo=UTC),
    ]
    for moment in moments:
        event = AuditEvent.objects.create(action=AuditEvent.Action.VIEW, object_repr="x")
        AuditEvent.objects.filter(pk=event.pk).update(at=moment)
    start, end = Slot("start", DateTimeField()), Slot("end", DateTimeField())
    statement = OneRowStatement(
        {"events": (AuditEvent.objects.filter(at__gte=start, at__lte=end), {"n": Count("pk")})}
    )
    # 2/1/2026 in Vietnam runs from 1/1 17:00 UTC to 2/1 16:59:59.999999 UTC.
    day = {
        "start": datetime(2026, 1, 2, tzinfo=VN),
        "end": datetime(2026, 1, 2, 23, 59, 59, 999999, tzinfo=VN),
    }
    assert statement.run(day) == {"events": {"n": 2}}
    assert statement.run({"start": moments[0], "end": moments[-1]}) == {"events": {"n": 4}}


@pytest.mark.django_db
def test_a_slot_without_a_value_is_refused_and_not_run_as_null():
    statement = OneRowStatement(
        {"units": (Unit.objects.filter(pk=Slot("unit", IntegerField())), {"n": Count("pk")})}
    )
    with pytest.raises(KeyError, match="unit"):
        statement.run({})


@pytest.mark.django_db
def test_a_long_prepared_statement_takes_its_values_in_order_and_keeps_a_written_percent_sign():
    from django.db import connection

    from thanthien.core.statements import execute_prepared

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite prepares nothing")
    padding = " ".join(f"%s AS v{number}," for number in range(600))  # more than psycopg caches
    sql = f"SELECT {padding} '100%%' AS percent, %s || '%%' AS last"

    ((*values, percent, last),) = execute_prepared(sql, [*range(600), "7"])

    assert values == list(range(600))
    assert (percent, last) == ("100%", "7%")


@pytest.mark.django_db
@pytest.mark.parametrize("prepared", [True, False])
def test_instances_of_a_compiled_statement_are_what_the_queryset_reads(prepared):
    """Every field through Django's converters (a JSON document, an aware time), the annotation beside
    them, and no row for values that select none; prepared on PostgreSQL, through `raw` elsewhere."""
    from django.db.models import BigIntegerField, F

    from thanthien.core.statements import CompiledStatement

    first = AuditEvent.objects.create(action="create", object_id="7", changes={"mức": [1, "hài lòng"]})
    AuditEvent.objects.create(action="update", object_id="8", changes={})
    rows = AuditEvent.objects.filter(pk=Slot("pk", BigIntegerField())).annotate(twice=F("pk") * 2)
    statement = CompiledStatement.of(rows, prepared=prepared)

    (read,) = statement.instances(AuditEvent, {"pk": first.pk})

    expected = AuditEvent.objects.get(pk=first.pk)
    for field in AuditEvent._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
    assert read.changes == {"mức": [1, "hài lòng"]}
    assert read.at.tzinfo is not None
    assert read.twice == first.pk * 2
    assert read._state.adding is False
    assert statement.instances(AuditEvent, {"pk": first.pk + 1000}) == []
