"""Demo dossiers for the demo commune, so the desk shows a day's work: all made through the services."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from thanthien.core.calendars import default_calendar
from thanthien.dossiers import services
from thanthien.dossiers.models import Dossier
from thanthien.procedures.models import Procedure
from thanthien.units.models import Unit, User

DESK_OFFICER = "motcua"


@transaction.atomic
def create_demo_dossiers(commune: Unit) -> int:
    """Receive a few dossiers in the demo commune (once) and move them along; return how many were made."""
    if commune.dossiers.exists():
        return 0
    officer = User.objects.get(username=DESK_OFFICER)
    procedures = {p.code: p for p in Procedure.objects.filter(code__startswith="XA-")}
    now = timezone.localtime()
    at_home = {"channel": Dossier.Channel.AT_HOME, "address": "Thôn 3"}
    made = [
        _receive(commune, officer, procedures["XA-HT-01"], "Nguyễn Văn Minh", "0912111001"),
        _receive(commune, officer, procedures["XA-CT-01"], "Lê Thị Thu", "0912111002"),
        _receive(commune, officer, procedures["XA-HT-13"], "Trần Văn Hùng", "0912111003"),
        _receive(commune, officer, procedures["XA-HT-02"], "Phạm Thị Mai", "0912111004"),
        _receive(commune, officer, procedures["XA-BTXH-02"], "Hoàng Văn Tư", "0912111005", **at_home),
        _receive(
            commune,
            officer,
            procedures["XA-HKD-01"],
            "Đỗ Thị Hạnh",
            "0912111006",
            received_at=_at_risk_receipt(now),
        ),
    ]
    for returned in made[:2]:
        services.mark_ready(returned, by=officer)
        services.return_dossier(returned, by=officer)
    services.hand_over(made[2], by=officer, receiver_office="Công chức Tư pháp – Hộ tịch")
    services.request_supplement(
        made[3],
        by=officer,
        office="Bộ phận Một cửa",
        missing_items="Bản sao giấy xác nhận tình trạng hôn nhân",
        reason="Hồ sơ thiếu giấy tờ theo quy định",
    )
    services.sweep_at_risk_dossiers()
    return len(made)


def _receive(commune, officer, procedure, name, phone, **extra):
    address = extra.pop("address", "")
    return services.receive_dossier(
        commune,
        procedure=procedure,
        applicant_name=name,
        applicant_phone=phone,
        applicant_address=address,
        by=officer,
        **extra,
    )


def _at_risk_receipt(now: datetime) -> datetime:
    """Return a past morning whose 3-working-day dossier falls due on the next working day: it is at risk."""
    calendar = default_calendar()
    target = calendar.add_working_days(now.date(), 1)
    day = now.date()
    while calendar.add_working_days(day, 3) > target:
        day -= timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(8, 30)))
