"""The seven Bắc Giang survey forms (PKS01–PKS07) as questionnaires of the ratings app, for one commune,
from data/pks_forms.json. Idempotent: a form whose title the commune already has is left as it is."""

import json
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction

from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.ratings import indices
from thanthien.ratings import queries as rating_queries
from thanthien.ratings.models import Answer, Question, Questionnaire
from thanthien.units.models import Unit, User

FORM_KEY_PREFIX = "survey_form."
"""A `survey` criterion names a form as `survey_form.PKS07`: scored from the satisfaction rate of the answers
to that form's campaigns started in the year (the questionnaire of that title in the commune)."""

FORMS = Path(__file__).resolve().parent / "data" / "pks_forms.json"


@cache
def survey_forms() -> list[dict[str, Any]]:
    return json.loads(FORMS.read_text(encoding="utf-8"))["forms"]


def form_keys() -> set[str]:
    """The indicator keys of the shipped forms: survey_form.PKS01 … survey_form.PKS07."""
    return {FORM_KEY_PREFIX + form["code"] for form in survey_forms()}


def form_rates(commune: Unit, first: date, last: date) -> dict[str, Decimal | None]:
    """{form code: satisfaction rate of the answers to the commune's campaigns of that form started from
    `first` to `last`}, None for a form without answers (the rate is indices.satisfaction_rate)."""
    titles = {form["title"]: form["code"] for form in survey_forms()}
    answers = Answer.objects.filter(
        response__campaign__commune=commune,
        response__campaign__starts_on__gte=first,
        response__campaign__starts_on__lte=last,
        response__campaign__questionnaire__title__in=titles,
    ).exclude(level=None)
    by_title = rating_queries.tallies_by(answers, "response__campaign__questionnaire__title")
    rates: dict[str, Decimal | None] = {code: None for code in titles.values()}
    for title, tally in by_title.items():
        rates[titles[str(title)]] = indices.satisfaction_rate(tally)
    return rates


@transaction.atomic
def install_survey_forms(commune: Unit, *, by: User | None) -> list[Questionnaire]:
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
