"""The set editor page: a province administrator writes a set criterion by criterion with the same checks as
a file (refused whole, every error listed, nothing written), copies a national set as the province's own,
and another province's administrator cannot open it."""

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import make_person, make_unit
from thanthien.assessment import services
from thanthien.assessment.models import CriteriaSet
from thanthien.assessment.sets import COLUMNS, set_rows
from thanthien.assessment.tests.year import ROWS, SET, set_file
from thanthien.core.models import AuditEvent
from thanthien.units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(province):
    return make_person("qtv_tinh", province, Role.ADMINISTRATOR, "Vũ Văn Quản Trị")


def _posted(rows, **fields):
    data = {name: [] for name in COLUMNS}
    for row in rows:
        for name, value in zip(COLUMNS, row, strict=True):
            data[name].append("" if value is None else str(value))
    for name in COLUMNS:  # one blank row, as the page always offers
        data[name].append("")
    values = {k: v for k, v in SET.items() if k not in {"province"}} | {"code": "BT-2026"} | fields
    return data | {k: str(v) for k, v in values.items()}


def test_an_administrator_writes_a_set_on_the_page_with_the_files_checks(client, province, admin):
    client.force_login(admin)
    bad = [list(row) for row in ROWS]
    bad[0][5] = 4  # I.1 worth 4: group I adds up to 8, not 9
    bad[1][7] = "khong_co_chi_so"  # an unknown indicator
    bad[2][8] = ">=abc: 5"  # a rule that does not read

    with translation.override("vi"):
        refused = client.post(reverse("assessment:set_new"), _posted(bad))
        nothing_written = not CriteriaSet.objects.exists()
        saved = client.post(reverse("assessment:set_new"), _posted(ROWS))

    assert refused.context["errors"] == [
        "Dòng 1, cột rule: cho nhiều điểm hơn điểm của tiêu chí.",  # ">=95: 5" on a criterion worth 4
        "Dòng 2, cột indicator: “khong_co_chi_so” không phải số liệu hệ thống thống kê.",
        "Dòng 3, cột rule: “>=abc: 5” không đúng dạng “>=95: 5”, “else 0”, “linear 80..100”, “yes” "
        "hoặc “no”.",
        "Nhóm I: các tiêu chí cộng lại được 8 điểm, không bằng 9 điểm của nhóm.",
    ]
    assert nothing_written
    assert saved.status_code == 302
    created = CriteriaSet.objects.get(code="BT-2026")
    assert created.province == province
    assert [tuple(row) for row in set_rows(created)] == [
        tuple(float(v) if isinstance(v, int) else v for v in row) for row in ROWS
    ]
    assert AuditEvent.objects.filter(changes__step="set_edited").count() == 1


def test_a_national_set_is_copied_as_the_provinces_own_and_edited_there(client, province, admin):
    national = services.import_criteria_set(set_file(ROWS, SET | {"code": "QG-2023"}), by=None)
    client.force_login(admin)

    copy_page = client.get(reverse("assessment:set_new"), {"from": national.pk})
    national_edit = client.get(reverse("assessment:set_edit", args=[national.pk]))
    client.post(reverse("assessment:set_new"), _posted(ROWS, code="TINH-2023", name="Bộ của tỉnh"))
    own = CriteriaSet.objects.get(code="TINH-2023")
    edited = client.post(
        reverse("assessment:set_edit", args=[own.pk]), _posted(ROWS, code="TINH-2023", pass_total="15")
    )

    assert copy_page.status_code == 200 and copy_page.context["values"]["code"] == ""
    assert len([r for r in copy_page.context["rows"] if r[0][1]]) == len(ROWS)
    assert national_edit.status_code == 404  # a national set is not the province's to change
    assert edited.status_code == 302
    own.refresh_from_db()
    assert own.pass_total == 15 and own.province == province


def test_another_provinces_administrator_cannot_open_the_set(client, province, admin):
    other_province = make_unit("01", "Thành phố Hà Nội", "province")
    stranger = make_person("qtv_hn", other_province, Role.ADMINISTRATOR, "Hà Văn Khác")
    client.force_login(admin)
    client.post(reverse("assessment:set_new"), _posted(ROWS))
    own = CriteriaSet.objects.get(code="BT-2026")
    client.force_login(stranger)

    assert client.get(reverse("assessment:set_edit", args=[own.pk])).status_code == 404
    assert client.post(reverse("assessment:set_edit", args=[own.pk]), _posted(ROWS)).status_code == 404
