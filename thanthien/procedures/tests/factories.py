"""Building blocks for catalogue tests: procedures with Vietnamese names, administrators, XLSX files."""

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_person
from thanthien.core.testing import xlsx_file
from thanthien.procedures.cleaning import procedure_search_key
from thanthien.procedures.models import Procedure
from thanthien.units.models import Role


def make_procedure(code: str = "TEST-01", name: str = "Đăng ký kết hôn", **extra) -> Procedure:
    field = extra.pop("field", "Hộ tịch")
    extra.setdefault("time_limit_days", Decimal("0"))
    return Procedure.objects.create(
        code=code, name=name, field=field, search_key=procedure_search_key(code, name, field), **extra
    )


def make_administrator(commune, username: str = "quantri"):
    """Return an administrator of the commune's province: the catalogue is the province's to keep."""
    return make_person(username, commune.parent, Role.ADMINISTRATOR, "Hoàng Quản Trị")


def xlsx(*rows) -> BytesIO:
    """Return a real XLSX file holding `rows`, the first being the header."""
    return xlsx_file(*rows)


def upload(*rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("thu-tuc.xlsx", xlsx(*rows).getvalue())
