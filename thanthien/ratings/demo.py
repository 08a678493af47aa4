"""Demo data for the demo commune (seed 003), made through the services as real use would make it.

- six months of ratings, so the satisfaction dashboard and a few real alerts show on the first start;
- a baseline survey campaign: 50 slips wanted per village, a few already entered.

Running either again changes nothing.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from thanthien.procedures.models import Procedure
from thanthien.ratings import services, surveys
from thanthien.ratings.models import Question, Rating, SurveyCampaign, SurveyResponse
from thanthien.units import queries as unit_queries
from thanthien.units.models import Official, Unit, User

FATHERLAND_FRONT, DESK_OFFICER = "mttq", "motcua"
SLIPS_PER_VILLAGE = 6
QUESTIONS = [
    surveys.QuestionSpec(
        "Thái độ, tác phong của cán bộ, công chức khi tiếp dân", Question.Kind.SCALE, element="official"
    ),
    surveys.QuestionSpec(
        "Thủ tục hành chính được công khai, dễ hiểu", Question.Kind.SCALE, element="procedure"
    ),
    surveys.QuestionSpec("Thời gian giải quyết hồ sơ", Question.Kind.SCALE, element="time"),
    surveys.QuestionSpec("Mức độ hài lòng chung với chính quyền xã", Question.Kind.SCALE),
    surveys.QuestionSpec(
        "Ông/bà biết đến mô hình “Chính quyền thân thiện” qua đâu?",
        Question.Kind.SINGLE,
        ("Loa truyền thanh", "Họp thôn", "Cổng thông tin của xã", "Chưa biết"),
    ),
    surveys.QuestionSpec("Góp ý để chính quyền xã phục vụ tốt hơn", Question.Kind.TEXT),
]
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


@transaction.atomic
def create_demo_survey(commune: Unit) -> int:
    """Open the demo baseline campaign (once) and enter a few slips per village; return how many slips."""
    if SurveyCampaign.objects.filter(commune=commune).exists():
        return 0
    today = timezone.localdate()
    details = surveys.CampaignDetails(
        title="Khảo sát mức độ hài lòng đầu kỳ",
        kind=SurveyCampaign.Kind.BASELINE,
        run_by=SurveyCampaign.RunBy.FATHERLAND_FRONT,
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=14),
        target_rate=Decimal("97"),  # seed 003: the commune's target
    )
    front = User.objects.get(username=FATHERLAND_FRONT)
    campaign = surveys.create_campaign(commune, details=details, questions=QUESTIONS, by=front)
    villages = list(unit_queries.villages(commune))
    surveys.set_quotas(campaign, targets=dict.fromkeys(villages, 50), by=front)
    return _enter_slips(campaign, villages, User.objects.get(username=DESK_OFFICER))


def _enter_slips(campaign: SurveyCampaign, villages: list[Unit], officer: User) -> int:
    generator = random.Random(2023)  # noqa: S311 - demo data, not security
    sheet = surveys.SlipSheet.of(campaign)
    number = 0
    for village in villages:
        for _slip in range(SLIPS_PER_VILLAGE):
            number += 1
            answers = {n: generator.choice([4, 4, 4, 3, 3, 2, 1]) for n in (1, 2, 3, 4)}
            answers[5] = generator.choice([1, 2, 2, 3, 4])
            surveys.record_survey_response(
                campaign,
                village=village,
                answers=answers,
                channel=SurveyResponse.Channel.PAPER,
                idempotency_key=f"demo-{number}",
                slip_number=number,
                by=officer,
                sheet=sheet,
            )
    return number
