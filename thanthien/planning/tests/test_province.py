"""A province's plan: its leaders give steps to communes, which see them in their task lists; nobody else."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import make_person, make_unit
from thanthien.planning import permissions, services
from thanthien.planning.models import Plan, PlanTemplate, Task
from thanthien.planning.tests.helpers import official_with_login
from thanthien.units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_leader(province):
    return make_person("lanhdao_tinh", province, Role.LEADER, "Lãnh Đạo Tỉnh")


@pytest.fixture
def province_plan(province, province_leader):
    return services.create_plan_from_template(
        PlanTemplate.objects.get(code="seed-000"),
        unit=province,
        number="88/KH-UBND",
        title="Kế hoạch triển khai mô hình chính quyền thân thiện toàn tỉnh năm 2026",
        issued_on=date(2026, 1, 10),
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 12, 31),
        by=province_leader,
    )


def test_a_province_leader_gives_a_step_to_two_communes_whose_lists_show_it(
    client, province, commune, other_commune, leader, province_leader, province_plan
):
    step = province_plan.steps.order_by("order").first()

    tasks = services.assign_step_to_communes(
        step, communes=[commune, other_commune], title="Khảo sát thực trạng", by=province_leader
    )

    assert [(t.commune, t.step, t.due_on, t.source) for t in tasks] == [
        (commune, step, step.ends_on, Task.Source.PLAN_STEP),
        (other_commune, step, step.ends_on, Task.Source.PLAN_STEP),
    ]
    mine = permissions.visible_tasks(leader).filter(step__plan=province_plan)
    assert list(mine) == [tasks[0]]  # the commune sees its task, not the neighbour's
    assert set(permissions.visible_tasks(province_leader).filter(pk__in=[t.pk for t in tasks])) == set(tasks)
    client.force_login(leader)
    page = client.get("/planning/tasks/?show=all").content.decode()
    assert "Khảo sát thực trạng" in page
    assert client.get(f"/planning/tasks/{tasks[1].pk}/").status_code == 404


def test_the_commune_assigns_and_completes_the_province_task_like_its_own(
    commune, leader, province_leader, province_plan
):
    step = province_plan.steps.order_by("order").first()
    (task,) = services.assign_step_to_communes(step, communes=[commune], by=province_leader)
    assignee = official_with_login(commune, "canbo31", "Lê Văn Ba Mốt")

    services.assign_task(task, official=assignee, by=leader)
    services.complete_task(task, on=step.ends_on, by=assignee.user)

    task.refresh_from_db()
    assert (task.status, task.official, task.done_on) == (Task.Status.DONE, assignee, step.ends_on)


def test_only_the_provinces_leaders_give_its_steps_and_only_to_its_communes(
    province, commune, leader, province_leader, province_plan
):
    step = province_plan.steps.order_by("order").first()
    elsewhere = make_unit("40", "Tỉnh Nghệ An", "province")
    foreign_commune = make_unit("40-dc", "Xã Diễn Châu", "commune", elsewhere, slug="dien-chau")

    with pytest.raises(PermissionDenied):
        services.assign_step_to_communes(step, communes=[commune], by=leader)  # a commune's leader
    with pytest.raises(PermissionDenied):
        services.assign_step_to_communes(step, communes=[foreign_commune], by=province_leader)
    with pytest.raises(PermissionDenied):
        services.assign_step_to_communes(step, communes=[province], by=province_leader)
    assert not Task.objects.filter(step=step).exclude(commune=province).exists()


def test_another_province_sees_nothing_of_the_plan_or_its_tasks(commune, province_leader, province_plan):
    step = province_plan.steps.order_by("order").first()
    (task,) = services.assign_step_to_communes(step, communes=[commune], by=province_leader)
    elsewhere = make_unit("40", "Tỉnh Nghệ An", "province")
    foreign_leader = make_person("lanhdao_nghean", elsewhere, Role.LEADER, "Lãnh Đạo Nghệ An")
    foreign_commune = make_unit("40-dc", "Xã Diễn Châu", "commune", elsewhere, slug="dien-chau")
    foreign_commune_leader = make_person("chutich_dc", foreign_commune, Role.LEADER, "Chủ Tịch Diễn Châu")

    for user in (foreign_leader, foreign_commune_leader):
        assert not permissions.visible_plans(user).exists()
        assert not permissions.visible_tasks(user).exists()
        with pytest.raises(Http404):
            permissions.get_task_for_user(user, task.pk)
        with pytest.raises(Http404):
            permissions.get_plan_for_user(user, province_plan.pk)
    assert set(permissions.visible_tasks(province_leader)) >= {task}


def test_the_province_plan_is_written_and_its_step_given_through_the_pages(
    client, province, commune, other_commune, leader, province_leader
):
    client.force_login(leader)
    assert client.get(f"/planning/plans/new/?province={province.pk}").status_code == 404
    client.force_login(province_leader)
    assert client.get(f"/planning/plans/new/?province={province.pk}").status_code == 200
    template = PlanTemplate.objects.get(code="seed-000")
    response = client.post(
        f"/planning/plans/new/?province={province.pk}",
        {
            "template": template.pk,
            "number": "89/KH-UBND",
            "title": "Kế hoạch của tỉnh",
            "issued_on": "2026-01-10",
            "starts_on": "2026-02-01",
            "ends_on": "2026-12-31",
        },
    )
    plan = Plan.objects.get(number="89/KH-UBND")
    assert response.status_code == 302 and plan.unit == province
    step = plan.steps.order_by("order").first()
    assert 'data-testid="step-to-communes"' in client.get(f"/planning/plans/{plan.pk}/").content.decode()

    client.post(
        f"/planning/plans/{plan.pk}/steps/{step.pk}/communes/",
        {"communes": [commune.pk], "title": "Tập huấn cán bộ xã", "due_on": "2026-03-31"},
    )

    (task,) = Task.objects.filter(step=step).exclude(commune=province)
    assert (task.commune, task.title, task.due_on) == (commune, "Tập huấn cán bộ xã", date(2026, 3, 31))
    client.force_login(leader)
    assert "Tập huấn cán bộ xã" in client.get("/planning/tasks/?show=all").content.decode()
    assert (
        client.get(f"/planning/plans/{plan.pk}/").status_code == 404
    )  # the plan itself stays the province's
    assert (
        client.post(
            f"/planning/plans/{plan.pk}/steps/{step.pk}/communes/", {"communes": [commune.pk]}
        ).status_code
        == 404
    )
