"""A campaign's figures: slips per village against the quota, each question's rates, the overall rate, the
SIPAS-style index, and a baseline set beside an endline. Counting is done in the database; every rate comes
from `indices` (the same arithmetic as the ratings).

- a scale question's satisfaction rate: share of its answers that count as satisfied (LAW.md §2);
- the overall rate: the same share over every scale answer of the campaign;
- the SIPAS-style index: for each element tagged on a question, the share satisfied; then their mean.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils.functional import Promise

from thanthien.core.spreadsheets import header_key
from thanthien.ratings import indices, queries
from thanthien.ratings.indices import Tally
from thanthien.ratings.models import (
    Answer,
    Question,
    QuestionChoice,
    Rating,
    SurveyCampaign,
    SurveyResponse,
    VillageQuota,
)
from thanthien.units.models import Unit

TEXTS_SHOWN = 50


@dataclass(frozen=True)
class VillageProgress:
    village: Unit
    target: int | None  # None: slips came from a village without a quota
    count: int

    @property
    def percent(self) -> Decimal | None:
        return indices.percent(self.count, self.target or 0)

    @property
    def is_done(self) -> bool:
        return self.target is not None and self.count >= self.target


@dataclass(frozen=True)
class ChoiceCount:
    choice: QuestionChoice
    count: int
    percent: Decimal | None  # of the slips that answered the question


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answered: int
    tally: Tally = field(default_factory=Tally)
    choices: list[ChoiceCount] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return indices.satisfaction_rate(self.tally)

    @property
    def very_satisfied_rate(self) -> Decimal | None:
        return indices.percent(self.tally.very_satisfied, self.tally.total)

    @property
    def average_score(self) -> Decimal | None:
        return indices.average_score(self.tally)


@dataclass(frozen=True)
class CampaignResults:
    campaign: SurveyCampaign
    progress: list[VillageProgress]
    questions: list[QuestionResult]
    overall: Tally
    sipas_by_element: dict[str, Decimal]
    sipas_index: Decimal | None

    @property
    def slips(self) -> int:
        return sum(row.count for row in self.progress)

    @property
    def target_slips(self) -> int:
        return sum(row.target or 0 for row in self.progress)

    @property
    def overall_rate(self) -> Decimal | None:
        return indices.satisfaction_rate(self.overall)

    @property
    def average_score(self) -> Decimal | None:
        return indices.average_score(self.overall)

    @property
    def sipas_elements(self) -> list[tuple[str | Promise, Decimal]]:
        """Return (element's name, % satisfied) for each element rated, for display."""
        return [(Rating.Element(element).label, rate) for element, rate in self.sipas_by_element.items()]

    @property
    def meets_target(self) -> bool | None:
        """True or False against the campaign's target; None when there is no target or no answer yet."""
        if self.campaign.target_rate is None or self.overall_rate is None:
            return None
        return self.overall_rate >= self.campaign.target_rate


def progress_by_campaign(campaigns: Iterable[SurveyCampaign]) -> dict[int, list[VillageProgress]]:
    """Return each campaign's slips per village against its quotas, in two queries for all of them."""
    ids = [campaign.pk for campaign in campaigns]
    counts: dict[tuple[int, int], int] = {}
    for campaign_id, village_id, count in (
        SurveyResponse.objects.filter(campaign__in=ids)
        .order_by()
        .values_list("campaign", "village")
        .annotate(n=Count("pk"))
    ):
        counts[(campaign_id, village_id)] = count
    rows: dict[int, list[VillageProgress]] = {pk: [] for pk in ids}
    for quota in VillageQuota.objects.filter(campaign__in=ids).select_related("village"):
        count = counts.pop((quota.campaign_id, quota.village_id), 0)
        rows[quota.campaign_id].append(VillageProgress(quota.village, quota.target, count))
    if counts:  # slips from villages without a quota
        extra = Unit.objects.in_bulk({village_id for _campaign, village_id in counts})
        for (campaign_id, village_id), count in counts.items():
            rows[campaign_id].append(VillageProgress(extra[village_id], None, count))
    for progress in rows.values():
        progress.sort(key=lambda row: row.village.name)
    return rows


def campaign_results(campaign: SurveyCampaign) -> CampaignResults:
    """Return a campaign's progress and figures, in a handful of queries whatever the number of slips."""
    answers = Answer.objects.filter(response__campaign=campaign)
    scale_answers = answers.exclude(level=None)
    tallies = queries.tallies_by(scale_answers, "question_id")
    answered = dict(answers.order_by().values_list("question").annotate(n=Count("pk")))
    chosen = dict(
        Answer.choices.through.objects.filter(answer__response__campaign=campaign)
        .order_by()
        .values_list("questionchoice")
        .annotate(n=Count("pk"))
    )
    questions = list(campaign.questionnaire.questions.prefetch_related("choices"))
    texts = _latest_texts(answers, questions)
    results = [
        _question_result(question, answered.get(question.pk, 0), tallies, chosen, texts.get(question.pk, []))
        for question in questions
    ]
    tagged = answers.exclude(question__element="").exclude(level=None)
    by_element, mean = indices.sipas_index(tagged.values_list("question__element", "sentiment"))
    return CampaignResults(
        campaign=campaign,
        progress=progress_by_campaign([campaign])[campaign.pk],
        questions=results,
        overall=queries.tally(scale_answers),
        sipas_by_element=by_element,
        sipas_index=mean,
    )


def _question_result(
    question: Question,
    answered: int,
    tallies: dict[object, Tally],
    chosen: dict[int, int],
    texts: list[str],
) -> QuestionResult:
    counts = [
        ChoiceCount(choice, chosen.get(choice.pk, 0), indices.percent(chosen.get(choice.pk, 0), answered))
        for choice in question.choices.all()
    ]
    return QuestionResult(question, answered, tallies.get(question.pk, Tally()), counts, texts)


def _latest_texts(answers: QuerySet[Answer], questions: list[Question]) -> dict[int, list[str]]:
    texts: dict[int, list[str]] = {}
    for question in questions:
        if question.kind == Question.Kind.TEXT:
            latest = answers.filter(question=question).order_by("-response__submitted_at", "-pk")
            texts[question.pk] = list(latest.values_list("text", flat=True)[:TEXTS_SHOWN])
    return texts


# --- Baseline beside endline -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparedQuestion:
    text: str
    baseline: QuestionResult | None
    endline: QuestionResult | None

    @property
    def baseline_rate(self) -> Decimal | None:
        return self.baseline.satisfaction_rate if self.baseline else None

    @property
    def endline_rate(self) -> Decimal | None:
        return self.endline.satisfaction_rate if self.endline else None

    @property
    def change(self) -> Decimal | None:
        """The change of the satisfaction rate, in percentage points (endline minus baseline)."""
        return change_in_points(self.baseline_rate, self.endline_rate)


@dataclass(frozen=True)
class Comparison:
    baseline: CampaignResults
    endline: CampaignResults
    questions: list[ComparedQuestion]

    @property
    def overall_change(self) -> Decimal | None:
        return change_in_points(self.baseline.overall_rate, self.endline.overall_rate)

    @property
    def sipas_change(self) -> Decimal | None:
        return change_in_points(self.baseline.sipas_index, self.endline.sipas_index)

    @property
    def target_rate(self) -> Decimal | None:
        """The target the endline is measured against (else the baseline's)."""
        return self.endline.campaign.target_rate or self.baseline.campaign.target_rate


def change_in_points(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    """Return after − before in percentage points; None when either is missing."""
    if before is None or after is None:
        return None
    return after - before


def compare_campaigns(baseline: SurveyCampaign, endline: SurveyCampaign) -> Comparison:
    """Set two campaigns' figures side by side, question by question (matched by their wording) and overall.

    Rating-scale questions are compared; a question asked in one campaign only is shown with one side empty.
    """
    before, after = campaign_results(baseline), campaign_results(endline)
    earlier, later = _scale_results_by_wording(before), _scale_results_by_wording(after)
    rows = [
        ComparedQuestion(result.question.text, result, later.pop(key, None))
        for key, result in earlier.items()
    ]
    rows.extend(ComparedQuestion(result.question.text, None, result) for result in later.values())
    return Comparison(before, after, rows)


def _scale_results_by_wording(results: CampaignResults) -> dict[str, QuestionResult]:
    return {
        header_key(result.question.text): result
        for result in results.questions
        if result.question.kind == Question.Kind.SCALE
    }
