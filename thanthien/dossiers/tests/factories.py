"""Building blocks for dossier tests: procedures with Vietnamese names, dossiers received at a set time."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine

from thanthien.core.text import fold_vietnamese
from thanthien.dossiers import services
from thanthien.procedures.models import Procedure

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def make_procedure(
    code: str = "TEST-KS", name: str = "Đăng ký khai sinh (thử)", days: str = "3", **extra
) -> Procedure:
    """Return the test procedure with this code, made once (the starter catalogue uses other codes)."""
    field = extra.pop("field", "Hộ tịch")
    procedure, _created = Procedure.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "field": field,
            "search_key": fold_vietnamese(f"{code} {name} {field}"),
            "time_limit_days": Decimal(days),
            **extra,
        },
    )
    return procedure


def receive_at(moment: datetime, commune, by, procedure=None, **fields):
    """Receive a dossier with the clock set to `moment` (Vietnam time)."""
    procedure = procedure or make_procedure()
    fields.setdefault("applicant_name", "Nguyễn Văn An")
    fields.setdefault("applicant_phone", "0912 345 678")
    with time_machine.travel(moment, tick=False):
        return services.receive_dossier(commune, procedure=procedure, by=by, **fields)
