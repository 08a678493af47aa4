"""Six months of demo ratings for the demo commune, so the satisfaction dashboard has something to show.

Made through the services, like a real kiosk, link or paper slip would, so the alerts they raise are real.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from thanthien.procedures.models import Procedure
from thanthien.ratings import services
from thanthien.ratings.models import Rating
from thanthien.units.models import Official, Unit, User

DESK_OFFICER = "motcua"
DAYS = 180
PER_DAY = 2
COMPLAINTS = [
    "Phải chờ lâu ở quầy, cán bộ không hướng dẫn rõ ràng",
    "Hẹn trả kết quả nhưng phải đi lại hai lần",
]


@transaction.atomic
def create_demo_ratings(commune: Unit, seed: int = 2023) -> int:
    """Record about 360 ratings over the last six months (once); return how many were made."""
    if Rating.objects.filter(unit=commune).exists():
        return 0
    generator = random.Random(seed)  # noqa: S311 - demo data, not security
    officials = list(Official.objects.filter(unit=commune, is_active=True).order_by("sort_order")[:4])
    procedures = list(Procedure.objects.filter(is_active=True, code__startswith="XA-").order_by("code")[:12])
    officer = User.objects.filter(username=DESK_OFFICER).first()
    start = timezone.now() - timedelta(days=DAYS)
    made = 0
    for day in range(DAYS):
        for slot in range(PER_DAY):
            level = generator.choices([4, 3, 2, 1], weights=[62, 33, 4, 1])[0]
            channel = generator.choice(["kiosk", "kiosk", "link", "paper"])
            services.record_rating(
                commune,
                level=level,
                channel=channel,
                procedure=generator.choice(procedures) if procedures else None,
                official=generator.choice(officials) if officials else None,
                details={"official": min(4, level + generator.choice([0, 0, 1])), "time": level},
                comment=generator.choice(COMPLAINTS) if level == 1 else "",
                rated_at=start + timedelta(days=day, hours=8 + 3 * slot, minutes=generator.randrange(60)),
                by=officer if channel == "paper" else None,
            )
            made += 1
    return made
