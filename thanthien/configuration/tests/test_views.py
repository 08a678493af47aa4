"""The settings pages through the test client: who sees them, who may change which rows, the history."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_person
from thanthien.configuration.kinds import KINDS
from thanthien.core.models import AuditEvent
from thanthien.feedback.models import LegalTimeLimit
from thanthien.notifications.models import QuietHours
from thanthien.reports.models import RankingWeights
from thanthien.units.models import Role

pytestmark = pytest.mark.django_db


def later(days=30):
    return timezone.localdate() + timedelta(days=days)


def quiet_hours(unit, **extra):
    values = {"starts_at": time(21), "ends_at": time(7), "valid_from": later(-400), "basis": "Mặc định"}
    return QuietHours.objects.create(unit=unit, **{**values, **extra})


def weights(unit):
    points = {"on_time": 1, "online": 1, "satisfaction": 1, "petitions": 1, "reports": 1}
    return RankingWeights.objects.create(unit=unit, valid_from=later(-10), legal_basis="KH 1", **points)


def resolve_limit():
    return LegalTimeLimit.objects.filter(case_kind="complaint", step="resolve", instance="first").first()


def limit_post(row, **changed):
    data = {
        "days": row.days,
        "counting": row.counting,
        "repeats": row.repeats,
        "certainty": row.certainty,
        "legal_basis": "Nghị định 999/2026/NĐ-CP",
        "note": "",
        "valid_from": later().isoformat(),
    }
    return {**data, **changed}


def test_administrators_find_the_settings_in_the_menu_and_others_do_not(client, commune_admin, officer):
    client.force_login(commune_admin)
    assert reverse("configuration:index") in client.get(reverse("home")).content.decode()

    client.force_login(officer)
    assert reverse("configuration:index") not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("configuration:index")).status_code == 403
    assert client.get(reverse("configuration:list", args=["quiet-hours"])).status_code == 403


def test_every_kind_lists_its_rows(client, province_admin):
    client.force_login(province_admin)

    for slug in [kind.slug for kind in KINDS]:
        assert client.get(reverse("configuration:list", args=[slug])).status_code == 200, slug


def test_the_list_shows_the_rows_in_force_scheduled_and_past(client, province_admin):
    default = quiet_hours(None)
    quiet_hours(None, valid_from=later(-800), starts_at=time(22))
    quiet_hours(None, valid_from=later(10), starts_at=time(20))
    client.force_login(province_admin)

    response = client.get(reverse("configuration:list", args=["quiet-hours"]))

    placed = {standing: [line.row for line in lines] for standing, lines in response.context["sections"]}
    assert placed["in_force"] == [default]
    assert [row.starts_at for row in placed["future"]] == [time(20)]
    assert [row.starts_at for row in placed["past"]] == [time(22)]


def test_a_province_administrator_changes_a_time_limit_from_a_date_and_it_is_listed_in_the_history(
    client, province_admin
):
    row = resolve_limit()
    client.force_login(province_admin)
    url = reverse("configuration:new_version", args=["legal-time-limits", row.pk])

    response = client.post(url, limit_post(row, days=25))

    assert response.status_code == 302
    new = LegalTimeLimit.objects.get(case_kind="complaint", step="resolve", instance="first", days=25)
    assert new.valid_from == later()
    page = client.get(reverse("configuration:list", args=["legal-time-limits"]))
    assert [line.row for line in dict(page.context["sections"])["future"]] == [new]
    assert "30 → 25" in page.content.decode()


def test_a_change_dated_today_is_refused_on_the_page(client, province_admin):
    row = resolve_limit()
    client.force_login(province_admin)
    url = reverse("configuration:new_version", args=["legal-time-limits", row.pk])

    response = client.post(url, limit_post(row, days=25, valid_from=timezone.localdate().isoformat()))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not LegalTimeLimit.objects.filter(days=25, case_kind="complaint", step="resolve").exists()


def test_a_commune_administrator_cannot_change_the_shared_rows(client, commune_admin):
    row = resolve_limit()
    client.force_login(commune_admin)
    url = reverse("configuration:new_version", args=["legal-time-limits", row.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, limit_post(row, days=1)).status_code == 403
    assert client.get(reverse("configuration:new", args=["legal-time-limits"])).status_code == 403
    assert not LegalTimeLimit.objects.filter(days=1, step="resolve").exists()
    assert not AuditEvent.objects.filter(object_type="feedback.LegalTimeLimit").exists()


def test_a_commune_administrator_cannot_change_another_communes_rows(client, commune_admin, other_commune):
    theirs = quiet_hours(other_commune, valid_from=later(10))
    client.force_login(commune_admin)
    post = {"starts_at": "22:00", "ends_at": "06:00", "basis": "QĐ 1", "valid_from": later(20).isoformat()}

    assert (
        client.post(reverse("configuration:new_version", args=["quiet-hours", theirs.pk]), post).status_code
        == 403
    )
    assert client.post(reverse("configuration:withdraw", args=["quiet-hours", theirs.pk])).status_code == 403
    assert QuietHours.objects.filter(unit=other_commune).count() == 1
    response = client.post(
        reverse("configuration:new", args=["quiet-hours"]), {**post, "scope_unit": other_commune.pk}
    )
    assert response.status_code == 200  # the form refuses a commune that is not theirs
    assert "scope_unit" in response.context["form"].errors
    assert not AuditEvent.objects.filter(object_type="notifications.QuietHours").exists()


def test_a_commune_administrator_sets_the_communes_own_quiet_hours_and_leaves_an_audit_line(
    client, commune_admin, commune
):
    quiet_hours(None)
    client.force_login(commune_admin)
    post = {
        "scope_unit": commune.pk,
        "starts_at": "22:00",
        "ends_at": "06:00",
        "basis": "QĐ 12/QĐ-UBND",
        "valid_from": later().isoformat(),
    }

    response = client.post(reverse("configuration:new", args=["quiet-hours"]), post)

    assert response.status_code == 302
    row = QuietHours.objects.get(unit=commune)
    event = AuditEvent.objects.get(object_type="notifications.QuietHours", object_id=str(row.pk))
    assert event.actor == commune_admin
    assert event.unit_path == commune.path
    assert event.changes["starts_at"] == [None, "22:00:00"]


def test_a_commune_administrator_may_not_pick_the_shared_row_when_adding(client, commune_admin, commune):
    client.force_login(commune_admin)
    post = {"starts_at": "22:00", "ends_at": "06:00", "basis": "QĐ 12", "valid_from": later().isoformat()}

    response = client.post(reverse("configuration:new", args=["quiet-hours"]), post)

    assert response.status_code == 200
    assert not QuietHours.objects.exists()


def test_a_province_administrator_sees_only_the_rows_of_the_province_and_the_shared_ones(
    client, province_admin, province, other_province
):
    ours = weights(province)
    theirs = weights(other_province)
    client.force_login(province_admin)

    response = client.get(reverse("configuration:list", args=["ranking-weights"]))

    rows = [line.row for _standing, lines in response.context["sections"] for line in lines]
    assert ours in rows
    assert theirs not in rows
    assert {row.unit for row in rows} == {None, province}


def test_a_commune_administrator_sees_the_provinces_rows_without_changing_them(
    client, commune_admin, province
):
    weights(province)
    client.force_login(commune_admin)

    response = client.get(reverse("configuration:list", args=["ranking-weights"]))

    lines = [line for _standing, lines in response.context["sections"] for line in lines]
    assert {line.row.unit for line in lines} == {None, province}
    assert not any(line.can_change for line in lines)


def test_withdrawing_a_scheduled_version_on_the_page(client, commune_admin, commune):
    row = quiet_hours(commune, valid_from=later(10))
    client.force_login(commune_admin)

    response = client.post(reverse("configuration:withdraw", args=["quiet-hours", row.pk]))

    assert response.status_code == 302
    assert not QuietHours.objects.filter(pk=row.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(row.pk)).exists()


def test_another_roles_holder_at_the_province_cannot_change_settings(client, province):
    reviewer = make_person("thamdinh2", province, Role.REVIEWER)
    client.force_login(reviewer)

    assert client.get(reverse("configuration:list", args=["legal-time-limits"])).status_code == 403


def test_a_new_version_of_a_scale_copies_its_levels_into_the_form(client, province_admin):
    from thanthien.ratings.models import RatingScale

    scale = RatingScale.objects.filter(unit=None).order_by("-valid_from").first()
    client.force_login(province_admin)
    url = reverse("configuration:new_version", args=["rating-scales", scale.pk])
    levels = list(scale.levels.all())

    page = client.get(url)
    post = {
        "name": scale.name,
        "legal_basis": "QĐ 5/QĐ-UBND tỉnh",
        "valid_from": later().isoformat(),
        "levels-TOTAL_FORMS": "5",
        "levels-INITIAL_FORMS": str(len(levels)),
    }
    for index, level in enumerate(levels):
        post |= {
            f"levels-{index}-value": level.value,
            f"levels-{index}-label": level.label + " (mới)",
            f"levels-{index}-sentiment": level.sentiment,
        }
        if level.is_top:
            post[f"levels-{index}-is_top"] = "on"
    response = client.post(url, post)

    assert page.context["formset"].initial[0]["label"] == levels[0].label
    assert response.status_code == 302
    new = RatingScale.objects.get(unit=None, valid_from=later())
    assert [level.label for level in new.levels.all()] == [level.label + " (mới)" for level in levels]


def test_a_list_page_costs_a_fixed_number_of_queries(client, province_admin, django_assert_max_num_queries):
    from thanthien.ratings.models import RatingScale

    client.force_login(province_admin)
    client.get(reverse("configuration:list", args=["rating-scales"]))
    for day in range(5):
        RatingScale.objects.create(
            unit=None, valid_from=later(day + 1), name=f"Thang {day}", legal_basis="QĐ"
        )

    with django_assert_max_num_queries(9):  # 8, and the user's permissions the menu's national screen reads
        client.get(reverse("configuration:list", args=["rating-scales"]))


def test_a_disclosure_obligation_is_changed_with_its_places_ticked(client, province_admin):
    from thanthien.disclosure.models import DisclosureObligation

    old = DisclosureObligation.objects.get(code="budget", valid_to__isnull=True)
    client.force_login(province_admin)
    url = reverse("configuration:new_version", args=["disclosure-obligations", old.pk])
    post = {
        "name": old.name,
        "legal_basis": "Luật 10/2022/QH15",
        "certainty": "A",
        "places": ["website"],
        "min_posting_days": "60",
        "publish_within_days": "",
        "note": "",
        "valid_from": later().isoformat(),
    }

    page = client.get(url)
    response = client.post(url, post)

    assert page.context["form"]["places"].value() == old.places
    assert response.status_code == 302
    new = DisclosureObligation.objects.get(code="budget", valid_from=later())
    assert new.places == ["website"]
    assert new.min_posting_days == 60


def test_the_full_history_lists_the_changes_of_the_kind_and_an_unknown_kind_is_not_found(
    client, commune_admin, commune
):
    row = quiet_hours(commune, valid_from=later(10))
    client.force_login(commune_admin)
    client.post(reverse("configuration:withdraw", args=["quiet-hours", row.pk]))

    response = client.get(reverse("configuration:history", args=["quiet-hours"]))

    assert response.status_code == 200
    assert [event.action for event, _changes in response.context["events"]] == ["delete"]
    assert client.get(reverse("configuration:list", args=["no-such-kind"])).status_code == 404


def test_a_commune_administrator_does_not_see_the_history_of_another_communes_rows(
    client, commune_admin, province_admin, other_commune
):
    row = quiet_hours(other_commune, valid_from=later(10))
    client.force_login(province_admin)
    client.post(reverse("configuration:withdraw", args=["quiet-hours", row.pk]))
    client.force_login(commune_admin)

    response = client.get(reverse("configuration:history", args=["quiet-hours"]))

    assert response.context["events"] == []
