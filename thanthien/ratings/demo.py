"""A baseline survey for the demo commune (seed 003): 50 slips wanted per village, a few already entered.

Made through the services, as the Fatherland Front and the desk would; running it again changes nothing.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from thanthien.ratings import surveys
from thanthien.ratings.models import Question, SurveyCampaign, SurveyResponse
from thanthien.units.models import Unit, User

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
    villages = list(surveys.commune_villages(commune))
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
