import pytest

from conftest import make_person, make_unit
from thanthien.units.models import Role


@pytest.fixture
def province_admin(province):
    return make_person("quantri_tinh", province, Role.ADMINISTRATOR, "Đặng Quản Trị Tỉnh")


@pytest.fixture
def commune_admin(commune):
    return make_person("quantri_xa", commune, Role.ADMINISTRATOR, "Trịnh Minh Quân")


@pytest.fixture
def other_province(db):
    return make_unit("40", "Tỉnh Nghệ An", "province")
