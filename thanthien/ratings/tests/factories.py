"""Survey data for the tests: villages, a Fatherland Front supervisor, a campaign built by the services."""

from datetime import date
from decimal import Decimal

from conftest import make_person, make_unit
from thanthien.ratings import surveys
from thanthien.ratings.models import Question, SurveyCampaign
from thanthien.units.models import Role, Unit, User

QUESTIONS = [
    surveys.QuestionSpec("Thái độ của cán bộ, công chức", Question.Kind.SCALE, element="official"),
    surveys.QuestionSpec("Thời gian giải quyết hồ sơ", Question.Kind.SCALE, element="time"),
    surveys.QuestionSpec("Mức độ hài lòng chung", Question.Kind.SCALE),
    surveys.QuestionSpec(
        "Ông/bà biết đến mô hình qua đâu?", Question.Kind.SINGLE, ("Loa truyền thanh", "Họp thôn")
    ),
    surveys.QuestionSpec(
        "Cần cải thiện điều gì?", Question.Kind.MULTIPLE, ("Thủ tục", "Thời gian chờ", "Thái độ")
    ),
    surveys.QuestionSpec("Góp ý khác", Question.Kind.TEXT),
]


def make_villages(commune: Unit, count: int = 3) -> list[Unit]:
    return [
        make_unit(f"{commune.code}-{n:02d}", f"Thôn {n}", "village", commune) for n in range(1, count + 1)
    ]


def make_supervisor(commune: Unit, username: str = "mttq") -> User:
    return make_person(username, commune, Role.SUPERVISOR, "Hoàng Văn Mặt Trận")


def details(**changes) -> surveys.CampaignDetails:
    fields = {
        "title": "Khảo sát đầu kỳ 2026",
        "kind": SurveyCampaign.Kind.BASELINE,
        "run_by": SurveyCampaign.RunBy.FATHERLAND_FRONT,
        "starts_on": date(2026, 3, 1),
        "ends_on": date(2026, 3, 31),
        "target_rate": Decimal("97.0"),
        **changes,
    }
    return surveys.CampaignDetails(**fields)


def make_campaign(commune: Unit, by: User, questions=QUESTIONS, **changes) -> SurveyCampaign:
    return surveys.create_campaign(commune, details=details(**changes), questions=questions, by=by)
