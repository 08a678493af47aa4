"""Changing a setting from a later date: the past keeps its rule, the change is permitted and audited."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thanthien.configuration import services
from thanthien.configuration.kinds import kind_by_slug
from thanthien.core.calendars import default_calendar
from thanthien.core.models import AuditEvent, CalendarAdjustment
from thanthien.feedback.models import LegalTimeLimit
from thanthien.feedback.services import limits_on
from thanthien.notifications.models import QuietHours
from thanthien.notifications.outbox import quiet_window_for

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)
START = date(2027, 1, 1)
LIMITS = kind_by_slug("legal-time-limits")
RESOLVE = {"case_kind": "complaint", "step": "resolve", "instance": "first", "area": "normal"}


def limit_values(row, **changed):
    values = {name: getattr(row, name) for name in LIMITS.value_fields}
    return {**values, "legal_basis": "Nghị định 999/2026/NĐ-CP, điều 5", **changed}


def current_resolve_limit():
    return LegalTimeLimit.objects.filter(**RESOLVE).order_by("-valid_from").first()


def test_a_new_time_limit_applies_from_its_start_and_the_old_one_to_every_day_before(province_admin):
    base = current_resolve_limit()
    assert limits_on(START).get("complaint", "resolve", "first").days == 30

    services.add_setting_version(
        LIMITS,
        unit=None,
        key=RESOLVE,
        values=limit_values(base, days=25),
        starts_on=START,
        by=province_admin,
        base=base,
        today=TODAY,
    )

    assert limits_on(START - timedelta(days=1)).get("complaint", "resolve", "first").days == 30
    assert limits_on(TODAY).get("complaint", "resolve", "first").days == 30
    assert limits_on(START).get("complaint", "resolve", "first").days == 25
    base.refresh_from_db()
    assert base.days == 30  # the old row is never rewritten


def test_each_change_leaves_an_audit_line_with_old_and_new_values(province_admin):
    base = current_resolve_limit()

    row = services.add_setting_version(
        LIMITS,
        unit=None,
        key=RESOLVE,
        values=limit_values(base, days=25),
        starts_on=START,
        by=province_admin,
        base=base,
        today=TODAY,
    )

    event = AuditEvent.objects.get(object_type="feedback.LegalTimeLimit", object_id=str(row.pk))
    assert event.action == AuditEvent.Action.CREATE
    assert event.actor == province_admin
    assert event.changes["days"] == [30, 25]
    assert event.changes["valid_from"] == [str(base.valid_from), "2027-01-01"]


@pytest.mark.parametrize("start", [TODAY, date(2026, 1, 1)])
def test_a_change_never_starts_today_or_in_the_past(province_admin, start):
    base = current_resolve_limit()

    with pytest.raises(ValidationError):
        services.add_setting_version(
            LIMITS,
            unit=None,
            key=RESOLVE,
            values=limit_values(base, days=1),
            starts_on=start,
            by=province_admin,
            today=TODAY,
        )

    assert LegalTimeLimit.objects.filter(**RESOLVE).count() == 1


def test_a_second_version_on_the_same_day_is_refused(province_admin):
    base = current_resolve_limit()
    change = {"unit": None, "key": RESOLVE, "starts_on": START, "by": province_admin, "today": TODAY}
    services.add_setting_version(LIMITS, values=limit_values(base, days=25), **change)

    with pytest.raises(ValidationError):
        services.add_setting_version(LIMITS, values=limit_values(base, days=20), **change)


def test_a_change_without_a_legal_basis_is_refused(province_admin):
    base = current_resolve_limit()

    with pytest.raises(ValidationError):
        services.add_setting_version(
            LIMITS,
            unit=None,
            key=RESOLVE,
            values=limit_values(base, legal_basis="  "),
            starts_on=START,
            by=province_admin,
            today=TODAY,
        )


def test_a_commune_administrator_cannot_change_the_shared_rows(commune_admin):
    base = current_resolve_limit()

    with pytest.raises(PermissionDenied):
        services.add_setting_version(
            LIMITS,
            unit=None,
            key=RESOLVE,
            values=limit_values(base),
            starts_on=START,
            by=commune_admin,
            today=TODAY,
        )


def test_a_commune_administrator_sets_the_communes_own_quiet_hours_from_a_date(commune_admin, commune):
    kind = kind_by_slug("quiet-hours")
    values = {"starts_at": time(22, 0), "ends_at": time(6, 0), "basis": "Quyết định 12/QĐ-UBND xã"}

    services.add_setting_version(
        kind, unit=commune, key={}, values=values, starts_on=START, by=commune_admin, today=TODAY
    )

    assert quiet_window_for(commune.pk, START).start == time(22, 0)
    assert quiet_window_for(commune.pk, START - timedelta(days=1)).start != time(22, 0)
    assert AuditEvent.objects.get(object_type="notifications.QuietHours").unit_path == commune.path


def test_a_commune_administrator_cannot_set_another_communes_quiet_hours(commune_admin, other_commune):
    kind = kind_by_slug("quiet-hours")
    values = {"starts_at": time(22, 0), "ends_at": time(6, 0), "basis": "Quyết định 12/QĐ-UBND xã"}

    with pytest.raises(PermissionDenied):
        services.add_setting_version(
            kind, unit=other_commune, key={}, values=values, starts_on=START, by=commune_admin, today=TODAY
        )

    assert not QuietHours.objects.filter(unit=other_commune).exists()


def test_a_province_administrator_sets_a_communes_quiet_hours(province_admin, other_commune):
    kind = kind_by_slug("quiet-hours")
    values = {"starts_at": time(20, 0), "ends_at": time(7, 0), "basis": "Công văn 5/UBND tỉnh"}

    row = services.add_setting_version(
        kind, unit=other_commune, key={}, values=values, starts_on=START, by=province_admin, today=TODAY
    )

    assert row.unit == other_commune


def test_a_province_setting_cannot_be_kept_for_a_commune(province_admin, commune):
    kind = kind_by_slug("ranking-weights")
    values = {
        "on_time": 1,
        "online": 1,
        "satisfaction": 1,
        "petitions": 1,
        "reports": 1,
        "overdue_penalty": 10,
        "legal_basis": "Kế hoạch 1/KH-UBND",
    }

    with pytest.raises(ValidationError):
        services.add_setting_version(
            kind, unit=commune, key={}, values=values, starts_on=START, by=province_admin, today=TODAY
        )


def test_a_day_off_added_ahead_changes_the_working_calendar_at_once(province_admin):
    kind = kind_by_slug("calendar")
    day_off = date(2027, 2, 19)  # a Friday
    assert default_calendar().is_working_day(day_off)

    services.add_setting_version(
        kind,
        unit=None,
        key={},
        starts_on=day_off,
        by=province_admin,
        today=TODAY,
        values={"kind": "day_off", "name": "Nghỉ thêm dịp Tết", "legal_basis": "Thông báo 1/TB-BNV"},
    )

    assert not default_calendar().is_working_day(day_off)


def test_a_version_not_yet_started_can_be_withdrawn_and_that_is_audited(province_admin):
    base = current_resolve_limit()
    row = services.add_setting_version(
        LIMITS,
        unit=None,
        key=RESOLVE,
        values=limit_values(base, days=25),
        starts_on=START,
        by=province_admin,
        today=TODAY,
    )

    services.withdraw_setting_version(LIMITS, row, by=province_admin, today=TODAY)

    assert not LegalTimeLimit.objects.filter(pk=row.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_type="feedback.LegalTimeLimit").count() == 1


def test_a_version_in_force_is_never_withdrawn(province_admin):
    with pytest.raises(ValidationError):
        services.withdraw_setting_version(LIMITS, current_resolve_limit(), by=province_admin, today=TODAY)


def test_a_past_calendar_day_is_never_withdrawn(province_admin):
    day = CalendarAdjustment.objects.create(date=date(2026, 5, 2), kind="working_day", name="Làm bù")

    with pytest.raises(ValidationError):
        services.withdraw_setting_version(kind_by_slug("calendar"), day, by=province_admin, today=TODAY)


LEVELS = [
    {"value": 3, "label": "Hài lòng", "sentiment": "satisfied", "is_top": True},
    {"value": 2, "label": "Bình thường", "sentiment": "neutral", "is_top": False},
    {"value": 1, "label": "Không hài lòng", "sentiment": "dissatisfied", "is_top": False},
]


def test_a_commune_administrator_gives_the_commune_its_own_scale_from_a_date(commune_admin, commune):
    from thanthien.ratings.services import scale_for

    kind = kind_by_slug("rating-scales")
    default = scale_for(commune, TODAY)

    services.add_setting_version(
        kind,
        unit=commune,
        key={},
        values={"name": "Thang 3 mức", "legal_basis": "QĐ 3/QĐ-UBND xã"},
        starts_on=START,
        by=commune_admin,
        children=LEVELS,
        today=TODAY,
    )

    assert scale_for(commune, START - timedelta(days=1)) == default
    mine = scale_for(commune, START)
    assert [level.label for level in mine.levels.all()] == ["Hài lòng", "Bình thường", "Không hài lòng"]
    event = AuditEvent.objects.get(object_type="ratings.RatingScale")
    assert event.changes["levels"] == [None, ["3 Hài lòng", "2 Bình thường", "1 Không hài lòng"]]


@pytest.mark.parametrize(
    "levels",
    [
        LEVELS[:2],
        [{**LEVELS[0], "is_top": False}, *LEVELS[1:]],
        [LEVELS[0], {**LEVELS[1], "value": 3}, LEVELS[2]],
        [LEVELS[0], LEVELS[1], {**LEVELS[2], "sentiment": "neutral"}],
    ],
)
def test_a_scale_that_cannot_be_counted_is_refused(commune_admin, commune, levels):
    kind = kind_by_slug("rating-scales")

    with pytest.raises(ValidationError):
        services.add_setting_version(
            kind,
            unit=commune,
            key={},
            values={"name": "Thang", "legal_basis": "QĐ 3"},
            starts_on=START,
            by=commune_admin,
            children=levels,
            today=TODAY,
        )


def obligation_values(row, **changed):
    values = {name: getattr(row, name) for name in kind_by_slug("disclosure-obligations").value_fields}
    return {**values, "legal_basis": "Luật 10/2022/QH15 (sửa đổi 2026)", **changed}


def test_a_new_disclosure_obligation_ends_the_old_one_the_day_before_it_starts(province_admin):
    from thanthien.disclosure.models import DisclosureObligation
    from thanthien.disclosure.services import obligation_in_force

    kind = kind_by_slug("disclosure-obligations")
    old = DisclosureObligation.objects.filter(valid_to__isnull=True).first()

    new = services.add_setting_version(
        kind,
        unit=None,
        key={"code": old.code},
        values=obligation_values(old, min_posting_days=45),
        starts_on=START,
        by=province_admin,
        base=old,
        today=TODAY,
    )

    old.refresh_from_db()
    assert old.valid_to == START - timedelta(days=1)
    assert new.valid_to is None
    assert obligation_in_force(old.code, START - timedelta(days=1)) == old
    assert obligation_in_force(old.code, START) == new
    closing = AuditEvent.objects.get(action="update", object_id=str(old.pk))
    assert closing.changes == {"valid_to": [None, "2026-12-31"]}


def test_withdrawing_a_disclosure_obligation_gives_its_days_back_to_the_one_before(province_admin):
    from thanthien.disclosure.models import DisclosureObligation

    kind = kind_by_slug("disclosure-obligations")
    old = DisclosureObligation.objects.filter(valid_to__isnull=True).first()
    new = services.add_setting_version(
        kind,
        unit=None,
        key={"code": old.code},
        values=obligation_values(old),
        starts_on=START,
        by=province_admin,
        today=TODAY,
    )

    services.withdraw_setting_version(kind, new, by=province_admin, today=TODAY)

    old.refresh_from_db()
    assert old.valid_to is None


def test_a_version_added_before_a_scheduled_one_ends_the_day_before_it(province_admin):
    from thanthien.disclosure.models import DisclosureObligation

    kind = kind_by_slug("disclosure-obligations")
    old = DisclosureObligation.objects.filter(valid_to__isnull=True).first()
    change = {"unit": None, "key": {"code": old.code}, "by": province_admin, "today": TODAY}
    later_one = services.add_setting_version(
        kind, values=obligation_values(old), starts_on=START + timedelta(60), **change
    )

    earlier_one = services.add_setting_version(kind, values=obligation_values(old), starts_on=START, **change)

    old.refresh_from_db()
    assert old.valid_to == START - timedelta(days=1)
    assert earlier_one.valid_to == later_one.valid_from - timedelta(days=1)
    assert later_one.valid_to is None
