"""The admin goes through the services: the search key stays in step and every save is audited."""

import pytest
from django.urls import reverse

from thanthien.core.models import AuditEvent
from thanthien.procedures.models import Procedure
from thanthien.procedures.tests.factories import make_procedure
from thanthien.units.models import User

FORM = {
    "code": "TEST-01",
    "name": "Đăng ký giám hộ thử",
    "field": "Hộ tịch",
    "time_limit_days": "3",
    "time_limit_unit": "working_days",
    "fee": "",
    "charge": "0",
    "fee_note": "",
    "required_papers": "Tờ khai\r\nVăn bản cử người giám hộ",
    "online_level": "partly_online",
    "result_kind": "other",
    "legal_basis": "",
    "is_active": "on",
    "forms-TOTAL_FORMS": "0",
    "forms-INITIAL_FORMS": "0",
    "forms-MIN_NUM_FORMS": "0",
    "forms-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("sieu", password="mật-khẩu-thử-1")


@pytest.mark.django_db
def test_adding_a_procedure_in_the_admin_sets_its_search_key(client, superuser):
    client.force_login(superuser)

    response = client.post(reverse("admin:procedures_procedure_add"), FORM)

    assert response.status_code == 302
    procedure = Procedure.objects.get(code="TEST-01")
    assert procedure.search_key == "test-01 dang ky giam ho thu ho tich"
    assert procedure.required_papers == "Tờ khai\nVăn bản cử người giám hộ"
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_id=str(procedure.pk)).count() == 1
    )


@pytest.mark.django_db
def test_renaming_in_the_admin_keeps_the_search_key_in_step(client, superuser):
    procedure = make_procedure("TEST-01", "Tên cũ")
    client.force_login(superuser)

    response = client.post(
        reverse("admin:procedures_procedure_change", args=[procedure.pk]),
        {**FORM, "name": "Đăng ký khai tử thử"},
    )

    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.search_key == "test-01 dang ky khai tu thu ho tich"
    assert AuditEvent.objects.get(action=AuditEvent.Action.UPDATE).changes["name"] == [
        "Tên cũ",
        "Đăng ký khai tử thử",
    ]


@pytest.mark.django_db
def test_a_time_limit_that_is_not_a_half_day_step_is_refused_on_the_form(client, superuser):
    client.force_login(superuser)

    response = client.post(reverse("admin:procedures_procedure_add"), {**FORM, "time_limit_days": "0.3"})

    assert response.status_code == 200
    assert not Procedure.objects.filter(code="TEST-01").exists()


@pytest.mark.django_db
def test_the_admin_searches_without_diacritics(client, superuser):
    client.force_login(superuser)

    response = client.get(reverse("admin:procedures_procedure_changelist"), {"q": "dang ky ket hon"})

    codes = [procedure.code for procedure in response.context["cl"].result_list]
    assert "XA-HT-02" in codes
    assert "XA-HT-01" not in codes


@pytest.mark.django_db
def test_a_code_taken_in_another_letter_case_is_refused_on_the_form(client, superuser):
    client.force_login(superuser)

    response = client.post(reverse("admin:procedures_procedure_add"), {**FORM, "code": "xa-ht-02"})

    assert response.status_code == 200
    assert "code" in response.context["adminform"].form.errors
