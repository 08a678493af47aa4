"""Survey campaigns (C5): the questionnaire, the campaign, its quota per village, and every slip recorded.

Slips arrive on paper (typed in by an official), in a spreadsheet, or from a citizen's phone. Each carries a
key chosen by its sender, so a slip sent twice (a double Enter, a resent phone form, a re-imported sheet) is
counted once. Nothing about the respondent is kept: the village and the answers only.
"""

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thanthien.core import audit, idempotency
from thanthien.core.models import AuditEvent
from thanthien.core.spreadsheets import header_key, is_blank
from thanthien.core.validation import is_number
from thanthien.ratings import permissions
from thanthien.ratings.models import (
    Answer,
    Question,
    QuestionChoice,
    Questionnaire,
    Rating,
    RatingLevel,
    SurveyCampaign,
    SurveyResponse,
    VillageQuota,
)
from thanthien.ratings.services import scale_for
from thanthien.units import queries as unit_queries
from thanthien.units.models import Unit, User

TEXT_ANSWER_MAX = 2000
QUESTION_TEXT_MAX = Question._meta.get_field("text").max_length or 500
CHOICE_LABEL_MAX = QuestionChoice._meta.get_field("label").max_length or 200
KINDS_WITH_CHOICES = frozenset({Question.Kind.SINGLE, Question.Kind.MULTIPLE})


@dataclass(frozen=True)
class QuestionSpec:
    """A question as the builder describes it, before it is written."""

    text: str
    kind: str
    choices: tuple[str, ...] = ()
    element: str = ""


@dataclass(frozen=True)
class CampaignDetails:
    title: str
    kind: str
    run_by: str
    starts_on: date
    ends_on: date
    target_rate: Decimal | None = None
    status: str = SurveyCampaign.Status.OPEN


@dataclass(frozen=True)
class CleanAnswer:
    question: Question
    level: RatingLevel | None = None
    choices: tuple[QuestionChoice, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Recorded:
    response: SurveyResponse
    replayed: bool  # the same slip was sent before: nothing new was written


@dataclass
class SlipSheet:
    """What a campaign's slips are checked against: its questions (with choices) and its scale's levels."""

    questions: list[Question]
    levels: list[RatingLevel] = field(default_factory=list)

    @classmethod
    def of(cls, campaign: SurveyCampaign) -> "SlipSheet":
        questions = list(campaign.questionnaire.questions.prefetch_related("choices"))
        return cls(questions, list(campaign.scale.levels.order_by("-value")))


# --- Questionnaires ----------------------------------------------------------------------------------------


def check_question_specs(specs: Sequence[QuestionSpec]) -> list[QuestionSpec]:
    """Return the questions tidied (spaces, empty choices dropped); raise ValidationError naming each one."""
    tidy = [_tidy_spec(spec) for spec in specs]
    if not tidy:
        raise ValidationError(_("A questionnaire needs at least one question."))
    problems = [issue for number, spec in enumerate(tidy, start=1) for issue in _spec_problems(number, spec)]
    if problems:
        raise ValidationError(problems)
    return tidy


def _tidy_spec(spec: QuestionSpec) -> QuestionSpec:
    choices = tuple(" ".join(choice.split()) for choice in spec.choices if choice.strip())
    return QuestionSpec(" ".join(spec.text.split()), spec.kind, choices, spec.element or "")


def _spec_problems(number: int, spec: QuestionSpec) -> list[str]:
    prefix = _("Question %(number)d:") % {"number": number}
    problems = []
    if not spec.text:
        problems.append(_("the question is empty."))
    elif len(spec.text) > QUESTION_TEXT_MAX:
        problems.append(_("the question is longer than %(max)d characters.") % {"max": QUESTION_TEXT_MAX})
    if spec.kind not in Question.Kind.values:
        problems.append(_("unknown kind of question."))
    if spec.kind in KINDS_WITH_CHOICES and len(spec.choices) < 2:
        problems.append(_("give at least two choices, one per line."))
    if spec.kind not in KINDS_WITH_CHOICES and spec.choices:
        problems.append(_("only a choice question has choices."))
    if len({choice.casefold() for choice in spec.choices}) != len(spec.choices):
        problems.append(_("two choices are the same."))
    if any(len(choice) > CHOICE_LABEL_MAX for choice in spec.choices):
        problems.append(_("a choice is longer than %(max)d characters.") % {"max": CHOICE_LABEL_MAX})
    if spec.element and (spec.kind != Question.Kind.SCALE or spec.element not in Rating.Element.values):
        problems.append(_("only a rating-scale question stands for a SIPAS element."))
    return [f"{prefix} {problem}" for problem in problems]


def question_specs(questionnaire: Questionnaire) -> list[QuestionSpec]:
    """Return the questionnaire's questions as specs, in order (for the builder and for comparing)."""
    return [
        QuestionSpec(q.text, q.kind, tuple(c.label for c in q.choices.all()), q.element)
        for q in questionnaire.questions.prefetch_related("choices")
    ]


def has_slips(questionnaire: Questionnaire) -> bool:
    """Return True once any campaign using the questionnaire has a slip: its questions are then fixed."""
    return SurveyResponse.objects.filter(campaign__questionnaire=questionnaire).exists()


def _write_questions(questionnaire: Questionnaire, specs: Sequence[QuestionSpec]) -> None:
    for number, spec in enumerate(specs, start=1):
        question = Question.objects.create(
            questionnaire=questionnaire, number=number, text=spec.text, kind=spec.kind, element=spec.element
        )
        QuestionChoice.objects.bulk_create(
            QuestionChoice(question=question, number=index, label=label)
            for index, label in enumerate(spec.choices, start=1)
        )


@transaction.atomic
def create_questionnaire(
    commune: Unit, *, title: str, questions: Sequence[QuestionSpec], by: User
) -> Questionnaire:
    """Create a commune's questionnaire with its questions, in order."""
    if not permissions.can_run_campaign(by, commune):
        raise PermissionDenied
    specs = check_question_specs(questions)
    questionnaire = Questionnaire.objects.create(commune=commune, title=_required_title(title))
    _write_questions(questionnaire, specs)
    audit.record(AuditEvent.Action.CREATE, questionnaire, by=by, changes={"questions": len(specs)})
    return questionnaire


@transaction.atomic
def update_questionnaire(
    questionnaire: Questionnaire, *, title: str, questions: Sequence[QuestionSpec], by: User
) -> Questionnaire:
    """Change the title and the questions; the questions are fixed once a slip was entered on them."""
    questionnaire = (
        Questionnaire.objects.select_for_update().select_related("commune").get(pk=questionnaire.pk)
    )
    if not permissions.can_run_campaign(by, questionnaire.commune):
        raise PermissionDenied
    specs = check_question_specs(questions)
    changes: dict[str, Any] = {}
    if specs != question_specs(questionnaire):
        if has_slips(questionnaire):
            raise ValidationError(_("The questions can no longer change: slips were entered on them."))
        questionnaire.questions.all().delete()
        _write_questions(questionnaire, specs)
        changes["questions"] = len(specs)
    title = _required_title(title)
    if title != questionnaire.title:
        changes["title"] = [questionnaire.title, title]
        questionnaire.title = title
        questionnaire.save(update_fields=["title", "updated_at"])
    if changes:
        audit.record(AuditEvent.Action.UPDATE, questionnaire, by=by, changes=changes)
    return questionnaire


def _required_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("The title is empty."))
    return title


# --- Campaigns and quotas ----------------------------------------------------------------------------------


def _check_details(details: CampaignDetails) -> None:
    _required_title(details.title)
    if details.ends_on < details.starts_on:
        raise ValidationError(_("The campaign cannot end before it starts."))
    if details.target_rate is not None and not 0 <= details.target_rate <= 100:
        raise ValidationError(_("The target is a percentage between 0 and 100."))
    if details.kind not in SurveyCampaign.Kind.values or details.run_by not in SurveyCampaign.RunBy.values:
        raise ValidationError(_("Unknown kind of campaign or organiser."))
    if details.status not in SurveyCampaign.Status.values:
        raise ValidationError(_("Unknown status."))


@transaction.atomic
def create_campaign(
    commune: Unit,
    *,
    details: CampaignDetails,
    questionnaire: Questionnaire | None = None,
    questions: Sequence[QuestionSpec] = (),
    by: User,
) -> SurveyCampaign:
    """Open a survey campaign on an existing questionnaire of the commune, or on new `questions`.

    Its scale is the commune's scale in force on the first day; every scale answer is read in it.
    """
    if not permissions.can_run_campaign(by, commune):
        raise PermissionDenied
    _check_details(details)
    if questionnaire is None:
        questionnaire = create_questionnaire(commune, title=details.title, questions=questions, by=by)
    elif questionnaire.commune_id != commune.pk:
        raise ValidationError(_("The questionnaire belongs to another commune."))
    campaign = SurveyCampaign.objects.create(
        commune=commune,
        questionnaire=questionnaire,
        scale=scale_for(commune, details.starts_on),
        created_by=by,
        **{**details.__dict__, "title": _required_title(details.title)},
    )
    audit.record(AuditEvent.Action.CREATE, campaign, by=by, changes=_plain_details(details))
    return campaign


@transaction.atomic
def update_campaign(
    campaign: SurveyCampaign,
    *,
    details: CampaignDetails,
    questions: Sequence[QuestionSpec] | None = None,
    by: User,
) -> SurveyCampaign:
    """Change a campaign's details and, while no slip was entered on them, its questions."""
    campaign = SurveyCampaign.objects.select_for_update().select_related("commune").get(pk=campaign.pk)
    if not permissions.can_run_campaign(by, campaign.commune):
        raise PermissionDenied
    _check_details(details)
    if questions is not None:
        questionnaire = campaign.questionnaire
        update_questionnaire(questionnaire, title=questionnaire.title, questions=questions, by=by)
    names = list(details.__dict__)
    before = {name: getattr(campaign, name) for name in names}
    for name, value in details.__dict__.items():
        setattr(campaign, name, value)
    campaign.title = _required_title(details.title)
    if not campaign.responses.exists():  # the scale follows the first day until the first slip
        campaign.scale = scale_for(campaign.commune, campaign.starts_on)
    campaign.save(update_fields=[*names, "scale", "updated_at"])
    changes = audit.diff(campaign, before, names)
    if changes:
        audit.record(AuditEvent.Action.UPDATE, campaign, by=by, changes=changes)
    return campaign


def _plain_details(details: CampaignDetails) -> dict[str, Any]:
    return {name: str(value) if value is not None else None for name, value in details.__dict__.items()}


def village_campaigns(village: Unit, day: date) -> QuerySet[SurveyCampaign]:
    """Return the campaigns open on `day` whose slips a village collects: a quota for it, or no quotas."""
    open_ones = SurveyCampaign.objects.filter(
        commune=village.parent_id, status=SurveyCampaign.Status.OPEN, starts_on__lte=day, ends_on__gte=day
    )
    return open_ones.filter(Q(quotas__village=village) | Q(quotas__isnull=True)).distinct().order_by("title")


@transaction.atomic
def set_quotas(campaign: SurveyCampaign, *, targets: Mapping[Unit, int], by: User) -> list[VillageQuota]:
    """Set how many slips to collect in each village; 0 takes a village out of the campaign.

    Villages left out of `targets` keep their quota.
    """
    campaign = SurveyCampaign.objects.select_for_update().select_related("commune").get(pk=campaign.pk)
    if not permissions.can_run_campaign(by, campaign.commune):
        raise PermissionDenied
    own = {village.pk for village in unit_queries.villages(campaign.commune)}
    for village, target in targets.items():
        if village.pk not in own:
            message = _("%(village)s is not a village of the commune.")
            raise ValidationError(message % {"village": village.name})
        if target < 0:
            raise ValidationError(_("A quota cannot be negative."))
    for village, target in targets.items():
        if target:
            VillageQuota.objects.update_or_create(
                campaign=campaign, village=village, defaults={"target": target}
            )
        else:
            VillageQuota.objects.filter(campaign=campaign, village=village).delete()
    changes = {"quotas": {village.name: target for village, target in targets.items()}}
    audit.record(AuditEvent.Action.UPDATE, campaign, by=by, changes=changes)
    return list(campaign.quotas.select_related("village"))


# --- Answers: checked against the questions and the campaign's scale ---------------------------------------


def clean_answers(sheet: SlipSheet, raw: Mapping[int, Any]) -> list[CleanAnswer]:
    """Return the answers of one slip, keyed by question number; raise ValidationError listing every problem.

    A value may be typed (a level, a choice number, a list of them, a text) or written as on a paper slip or
    in a spreadsheet cell: "4", "Rất hài lòng", "1, 3", "Cán bộ nhiệt tình". A blank is no answer.
    """
    by_number = {question.number: question for question in sheet.questions}
    problems = [
        _("There is no question %(number)s on this slip.") % {"number": number}
        for number in raw
        if number not in by_number
    ]
    answers = []
    for number, question in by_number.items():
        value = raw.get(number)
        if _is_empty(value):
            continue
        try:
            answers.append(_clean_answer(question, value, sheet.levels))
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError(problems)
    if not answers:
        raise ValidationError(_("The slip has no answers."))
    return answers


def _is_empty(value: Any) -> bool:
    return is_blank(value) or value == [] or value == ()


def _clean_answer(question: Question, value: Any, levels: list[RatingLevel]) -> CleanAnswer:
    if question.kind == Question.Kind.SCALE:
        return CleanAnswer(question, level=_level_of(question, value, levels))
    if question.kind == Question.Kind.TEXT:
        text = str(value).strip()
        if len(text) > TEXT_ANSWER_MAX:
            message = _("Question %(number)d: the answer is longer than %(max)d characters.")
            raise ValidationError(message % {"number": question.number, "max": TEXT_ANSWER_MAX})
        return CleanAnswer(question, text=text)
    chosen = tuple(_choice_of(question, token) for token in _tokens(value))
    if question.kind == Question.Kind.SINGLE and len(chosen) > 1:
        raise ValidationError(_("Question %(number)d takes one choice only.") % {"number": question.number})
    return CleanAnswer(question, choices=tuple(dict.fromkeys(chosen)))


def _level_of(question: Question, value: Any, levels: list[RatingLevel]) -> RatingLevel:
    wanted = _as_number(value)
    key = header_key(value)
    for level in levels:
        if level.value == wanted or (wanted is None and header_key(level.label) == key):
            return level
    allowed = ", ".join(f"{level.value} = {level.label}" for level in levels)
    message = _("Question %(number)d: “%(value)s” is not a level of the scale (%(allowed)s).")
    raise ValidationError(message % {"number": question.number, "value": value, "allowed": allowed})


def _choice_of(question: Question, value: Any) -> QuestionChoice:
    wanted = _as_number(value)
    key = header_key(value)
    for choice in question.choices.all():
        if choice.number == wanted or (wanted is None and header_key(choice.label) == key):
            return choice
    allowed = ", ".join(f"{choice.number} = {choice.label}" for choice in question.choices.all())
    message = _("Question %(number)d: “%(value)s” is not one of its choices (%(allowed)s).")
    raise ValidationError(message % {"number": question.number, "value": value, "allowed": allowed})


def _tokens(value: Any) -> list[Any]:
    """Split "1, 3", "1 3" or "Ti vi; Loa" into single choices; a list stays a list."""
    if isinstance(value, list | tuple):
        return [item for item in value if not _is_empty(item)]
    text = str(value).strip()
    if re.fullmatch(r"[\d\s,;]+", text):
        return re.split(r"[\s,;]+", text.strip(" ,;"))
    return [token for token in (part.strip() for part in re.split(r"[;,]", text)) if token]


def _as_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    return int(text) if is_number(text) else None


# --- Recording slips ---------------------------------------------------------------------------------------


def record_survey_response(
    campaign: SurveyCampaign,
    *,
    village: Unit,
    answers: Mapping[int, Any],
    channel: str,
    idempotency_key: str,
    slip_number: int | None = None,
    by: User | None = None,
    sheet: SlipSheet | None = None,
) -> Recorded:
    """Record one slip of a campaign once per `idempotency_key`: the same slip sent again counts once.

    A phone slip needs the campaign open on today's date; paper and spreadsheet slips are entered by the
    commune's officials while the campaign is open, and written to the audit log.
    """
    _check_channel(campaign, channel, by, village)
    sheet = sheet or SlipSheet.of(campaign)
    sent = {str(number): value for number, value in sorted(answers.items())}
    request = json.dumps(
        {"village": village.pk, "slip": slip_number, "answers": sent}, sort_keys=True, default=str
    )

    def write() -> str:
        cleaned = clean_answers(sheet, answers)
        return str(_create_response(campaign, village, cleaned, channel, idempotency_key, slip_number, by).pk)

    outcome = idempotency.run_once(
        f"survey:{campaign.pk}",
        actor=by,
        key=idempotency_key,
        fingerprint=idempotency.fingerprint_of(request),
        action=write,
    )
    return Recorded(SurveyResponse.objects.get(pk=int(outcome.result)), outcome.replayed)


def _check_channel(campaign: SurveyCampaign, channel: str, by: User | None, village: Unit) -> None:
    if channel not in SurveyResponse.Channel.values:
        raise ValidationError(pgettext("rating", "Unknown channel: %(channel)s") % {"channel": channel})
    if channel == SurveyResponse.Channel.VILLAGE:
        # Slips a village head collected, sent from the phone app (issue #20): their village only.
        if by is None or not permissions.can_enter_village_slips(by, campaign, village):
            raise PermissionDenied
        if not campaign.is_open_on(timezone.localdate()):
            raise ValidationError(_("This survey is not open at the moment."))
        return
    if channel == SurveyResponse.Channel.PHONE:
        if not campaign.is_open_on(timezone.localdate()):
            raise ValidationError(_("This survey is not open at the moment."))
        return
    if by is None or not permissions.can_enter_slips(by, campaign):
        raise PermissionDenied
    if campaign.status != SurveyCampaign.Status.OPEN:
        raise ValidationError(_("The campaign is closed: no more slips can be entered."))


def _create_response(
    campaign: SurveyCampaign,
    village: Unit,
    answers: list[CleanAnswer],
    channel: str,
    key: str,
    slip_number: int | None,
    by: User | None,
) -> SurveyResponse:
    if village.parent_id != campaign.commune_id or village.level != Unit.Level.VILLAGE:
        raise ValidationError(_("%(village)s is not a village of the commune.") % {"village": village.name})
    taken = _("Slip number %(number)d was already entered.") % {"number": slip_number or 0}
    if slip_number is not None and campaign.responses.filter(slip_number=slip_number).exists():
        raise ValidationError(taken)
    try:
        with transaction.atomic():  # two officers typing the same slip number at the same moment
            response = SurveyResponse.objects.create(
                campaign=campaign,
                village=village,
                channel=channel,
                slip_number=slip_number,
                idempotency_key=idempotency.fingerprint_of(key),  # fixed length, whatever the client sent
                submitted_at=timezone.now(),
                entered_by=by if channel != SurveyResponse.Channel.PHONE else None,
            )
    except IntegrityError as error:
        raise ValidationError(taken) from error
    _write_answers(response, answers)
    if channel != SurveyResponse.Channel.PHONE:
        changes = {"channel": channel, "village": village.name, "slip": slip_number, "answers": len(answers)}
        audit.record(AuditEvent.Action.CREATE, response, by=by, changes=changes)
    return response


def _write_answers(response: SurveyResponse, answers: list[CleanAnswer]) -> None:
    rows = Answer.objects.bulk_create(
        Answer(
            response=response,
            question=answer.question,
            level=answer.level.value if answer.level else None,
            sentiment=answer.level.sentiment if answer.level else "",
            is_top=answer.level.is_top if answer.level else False,
            text=answer.text,
        )
        for answer in answers
    )
    Answer.choices.through.objects.bulk_create(
        Answer.choices.through(answer_id=row.pk, questionchoice_id=choice.pk)
        for row, answer in zip(rows, answers, strict=True)
        for choice in answer.choices
    )
