"""The seven Bắc Giang survey forms (PKS01–PKS07) as questionnaires of the ratings app, for one commune,
from data/pks_forms.json. Idempotent: a form whose title the commune already has is left as it is."""

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.ratings.models import Question, Questionnaire
from thanthien.units.models import Unit

FORMS = Path(__file__).resolve().parent / "data" / "pks_forms.json"


def survey_forms() -> list[dict[str, Any]]:
    return json.loads(FORMS.read_text(encoding="utf-8"))["forms"]


@transaction.atomic
def install_survey_forms(commune: Unit, *, by: Any) -> list[Questionnaire]:
    """Create the forms the commune does not have yet; return those created."""
    existing = set(Questionnaire.objects.filter(commune=commune).values_list("title", flat=True))
    created = []
    for form in survey_forms():
        if form["title"] in existing:
            continue
        questionnaire = Questionnaire.objects.create(commune=commune, title=form["title"])
        Question.objects.bulk_create(
            Question(questionnaire=questionnaire, number=number, text=text, kind=Question.Kind.SCALE)
            for number, text in enumerate(form["questions"], start=1)
        )
        audit.record(AuditEvent.Action.CREATE, questionnaire, by=by, changes={"form": form["code"]})
        created.append(questionnaire)
    return created
