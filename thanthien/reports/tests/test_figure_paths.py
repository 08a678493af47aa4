"""Every path that counts a figure counts it the same way, on random recorded data: the buckets the
triggers keep, the rows counted live through the ORM, the roll-up of a province and the monthly rates
(reports.predicates defines each condition once; this checks nothing drifted), and no figure is negative.

The data come from a seeded generator: dossiers, ratings and letters of three communes with random states,
times around local midnights, then random writes that bypass the services (queryset updates, deletes), as
an import or the admin may do. The whole country's figures, read from its own buckets, are compared too.
"""

import random
from datetime import date, datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection

from conftest import make_unit
from thanthien.core.predicates import DaysFrom, either, total_of
from thanthien.dossiers.models import Dossier
from thanthien.dossiers.tests.factories import local, receive_at
from thanthien.feedback.models import FeedbackItem
from thanthien.letters.kinds import LETTER_KINDS
from thanthien.letters.models import Letter
from thanthien.ratings import services as rating_services
from thanthien.ratings.models import Rating, Sentiment
from thanthien.reports import predicates
from thanthien.reports.figures import figures, on_time_rate
from thanthien.reports.models import (
    CountryLetterCount,
    DossierCount,
    RatingCount,
)
from thanthien.reports.monthly import months_between, on_time_by_month, satisfaction_by_month
from thanthien.reports.rollup import rollup

VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2026
TODAY = date(YEAR, 12, 20)
SEEDS = [3, 17, 2026]


def random_moment(rng: random.Random) -> datetime:
    """A local moment in the year, often within an hour of a local or a UTC midnight."""
    day = date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))
    hour = rng.choice([0, 6, 7, 23, rng.randrange(24)])
    return datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=VN)


def random_state(rng: random.Random) -> dict:
    status = rng.choice(Dossier.Status.values)
    return {
        "status": status,
        "channel": rng.choice(Dossier.Channel.values),
        "timeliness": rng.choice(["", *Dossier.Timeliness.values]),
        "postponement_count": rng.choice([0, 0, 1, 2]),
        "returned_at": random_moment(rng) if status == Dossier.Status.RETURNED else None,
    }


def record(rng: random.Random, communes: list, officer) -> None:
    """Dossiers (bulk inserted, as an import does) and ratings of the communes, in random states."""
    model = receive_at(local(YEAR, 1, 5), communes[0], officer)
    dossiers = []
    for number in range(rng.randrange(40, 70)):
        dossiers.append(
            Dossier(
                commune=rng.choice(communes),
                procedure_id=model.procedure_id,
                intake_rule_id=model.intake_rule_id,
                code=f"R{number:04d}",
                applicant_name="Trần Thị Bình",
                received_at=random_moment(rng),
                counted_from=model.counted_from,
                statutory_due_on=model.statutory_due_on,
                due_on=model.due_on,
                **random_state(rng),
            )
        )
    Dossier.objects.bulk_create(dossiers)
    for _ in range(rng.randrange(15, 30)):
        rating_services.record_rating(
            rng.choice(communes), level=rng.randrange(1, 5), channel="kiosk", rated_at=random_moment(rng)
        )
    Letter.objects.bulk_create(
        random_letter(rng, communes, number) for number in range(rng.randrange(20, 40))
    )
    items = (random_feedback(rng, communes, number) for number in range(rng.randrange(40, 70)))
    FeedbackItem.objects.bulk_create(items)


def random_day(rng: random.Random) -> date | None:
    """A day of the year (or none), around TODAY often enough to be overdue or not."""
    return rng.choice([None, random_moment(rng).date(), TODAY - timedelta(days=rng.randrange(-5, 5))])


def random_feedback_state(rng: random.Random) -> dict:
    status = rng.choice(FeedbackItem.Status.values)
    return {
        "status": status,
        "decline_reason": "Không thuộc thẩm quyền" if status == FeedbackItem.Status.DECLINED else "",
        "referral_body": "Thanh tra tỉnh" if status == FeedbackItem.Status.TRANSFERRED else "",
        "resolved_on": random_day(rng),
        "accept_due_on": random_day(rng),
        "resolve_due_on": random_day(rng),
    }


def random_feedback(rng: random.Random, communes: list, number: int) -> FeedbackItem:
    """A feedback item of a random kind (a complaint is never anonymous) and state, received on a random
    day, with random limits."""
    return FeedbackItem(
        unit=rng.choice(communes),
        tracking_code=f"RF{number:05d}",
        channel=FeedbackItem.Channel.values[0],
        kind=rng.choice(FeedbackItem.Kind.values),
        content="Đường liên thôn bị hỏng.",
        received_on=random_moment(rng).date(),
        **random_feedback_state(rng),
    )


def random_letter(rng: random.Random, communes: list, number: int) -> Letter:
    """A letter drafted, issued (numbered, on a random day) or cancelled, of a random kind."""
    status = rng.choice(Letter.Status.values)
    return Letter(
        commune=rng.choice(communes),
        kind=rng.choice(LETTER_KINDS),
        source_key=f"random:{number}",
        recipient_name="Lê Văn Bảy",
        drafted_at=random_moment(rng),
        status=status,
        **(issued_fields(rng, 1000 + number) if status == Letter.Status.ISSUED else {}),
    )


def issued_fields(rng: random.Random, number: int) -> dict:
    return {"year": YEAR, "register_number": number, "issued_on": random_moment(rng).date()}


def rewrite(rng: random.Random, communes: list) -> None:
    """Writes that bypass the services: move, change, delete rows (the triggers must follow each)."""
    pks = list(Dossier.objects.values_list("pk", flat=True))
    for pk in rng.sample(pks, len(pks) // 3):
        change = random_state(rng) | rng.choice(
            [{}, {"commune": rng.choice(communes)}, {"received_at": random_moment(rng)}]
        )
        Dossier.objects.filter(pk=pk).update(**change)
    Dossier.objects.filter(pk__in=rng.sample(pks, len(pks) // 10)).delete()
    rating_pks = list(Rating.objects.values_list("pk", flat=True))
    for pk in rng.sample(rating_pks, len(rating_pks) // 3):
        sentiment = rng.choice(Sentiment.values)
        Rating.objects.filter(pk=pk).update(
            sentiment=sentiment,
            is_top=sentiment == Sentiment.SATISFIED and rng.random() < 0.5,
            level=rng.choice([1, 2, 3, 4, 5, 7]),  # 5 and 7: levels of other scales
            rated_at=random_moment(rng),
            unit=rng.choice(communes),
        )
    Rating.objects.filter(pk__in=rng.sample(rating_pks, len(rating_pks) // 10)).delete()
    letter_pks = list(Letter.objects.values_list("pk", flat=True))
    for pk in rng.sample(letter_pks, len(letter_pks) // 3):
        status = rng.choice(Letter.Status.values)
        issued = issued_fields(rng, 100_000 + pk)
        if status != Letter.Status.ISSUED:
            issued = dict.fromkeys(issued)  # no number, no issue date
        moved = rng.choice([{}, {"commune": rng.choice(communes)}, {"kind": rng.choice(LETTER_KINDS)}])
        Letter.objects.filter(pk=pk).update(status=status, **issued, **moved)
    Letter.objects.filter(pk__in=rng.sample(letter_pks, len(letter_pks) // 10)).delete()
    item_pks = list(FeedbackItem.objects.values_list("pk", flat=True))
    for pk in rng.sample(item_pks, len(item_pks) // 3):
        moved = rng.choice([{}, {"unit": rng.choice(communes)}, {"received_on": random_moment(rng).date()}])
        FeedbackItem.objects.filter(pk=pk).update(**random_feedback_state(rng), **moved)
    FeedbackItem.objects.filter(pk__in=rng.sample(item_pks, len(item_pks) // 10)).delete()


def random_periods(rng: random.Random) -> list[tuple[date, date]]:
    """The year, a quarter, and two random spans (partial months at either end, or a single day)."""
    periods = [(date(YEAR, 1, 1), date(YEAR, 12, 31)), (date(YEAR, 4, 1), date(YEAR, 6, 30))]
    for _ in range(2):
        first = date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))
        last = min(first + timedelta(days=rng.choice([0, rng.randrange(120)])), date(YEAR, 12, 31))
        periods.append((first, last))
    return periods


def month_end(month: date) -> date:
    return months_between(month, month + timedelta(days=31))[1] - timedelta(days=1)


def assert_never_negative(counted: dict) -> None:
    for section in ("dossiers", "ratings", "letters"):
        for name, value in counted[section].items():
            if isinstance(value, int):
                assert value >= 0, (section, name, value)


def assert_rollup_agrees(province, communes, date_from: date, date_to: date, by_commune: dict) -> None:
    rows = {row.commune.pk: row for row in rollup(province, date_from, date_to, today=TODAY).rows}
    for commune in communes:
        row, counted = rows[commune.pk], by_commune[commune.pk]
        dossiers, ratings = counted["dossiers"], counted["ratings"]
        assert (row.received, row.online) == (dossiers["received"], dossiers["online"])
        assert row.timely == total_of(dossiers, predicates.TIMELY)
        assert row.finished == total_of(dossiers, predicates.FINISHED)
        assert row.on_time_rate == dossiers["on_time_rate"]
        assert (row.ratings, row.satisfaction_rate) == (ratings["total"], ratings["satisfaction_rate"])
        monthly = [point.value for point in on_time_by_month(commune, date_from, date_to)]
        assert row.trend == monthly


def assert_monthly_agrees(commune, date_from: date, date_to: date) -> None:
    """Each month's point of the monthly rates is the rate figures() gives for that month's part of the
    period."""
    on_time = on_time_by_month(commune, date_from, date_to)
    satisfaction = satisfaction_by_month(commune, date_from, date_to)
    for point, satisfied in zip(on_time, satisfaction, strict=True):
        part = (max(point.month, date_from), min(month_end(point.month), date_to))
        counted = figures(commune, *part, today=TODAY)
        assert point.value == on_time_rate(counted["dossiers"]), (commune, part)
        assert satisfied.value == counted["ratings"]["satisfaction_rate"], (commune, part)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_path_gives_the_same_figures_on_random_data(seed, province, commune, other_commune, officer):
    rng = random.Random(seed)  # noqa: S311 (seeded test data)
    communes = [commune, other_commune, make_unit("38-hl", "Xã Hoằng Lộc", "commune", province)]
    record(rng, communes, officer)
    rewrite(rng, communes)

    for model, counted in [
        (DossierCount, predicates.DOSSIER),
        (RatingCount, predicates.RATING),
        (CountryLetterCount, predicates.LETTER),
    ]:
        for name in counted:
            assert not model.objects.filter(**{f"{name}__lt": 0}).exists(), (model, name)
    call_command("recount_figures", "--check", stdout=StringIO())  # what the triggers kept = a recount
    for date_from, date_to in random_periods(rng):
        by_commune = {}
        for unit in [*communes, province, None]:
            kept = figures(unit, date_from, date_to, today=TODAY)
            live = figures(unit, date_from, date_to, today=TODAY, live=True)
            assert kept == live, (unit, date_from, date_to)
            assert_never_negative(kept)
            by_commune[unit.pk if unit else None] = kept
        for section in ("dossiers", "ratings", "letters", "petitions", "feedback"):  # every commune is in it
            assert by_commune[None][section] == by_commune[province.pk][section], section
        assert_rollup_agrees(province, communes, date_from, date_to, by_commune)
        whole = by_commune[province.pk]["dossiers"]
        for name in predicates.DOSSIER:
            assert whole[name] == sum(by_commune[c.pk]["dossiers"][name] for c in communes), name
    assert_monthly_agrees(rng.choice(communes), *random_periods(rng)[rng.randrange(4)])


def test_the_random_data_reach_every_count(province, commune, other_commune, officer):
    """The generator is not too narrow for the test above to mean something: every count is hit."""
    rng = random.Random(SEEDS[0])  # noqa: S311 (seeded test data)
    communes = [commune, other_commune]
    record(rng, communes, officer)
    rewrite(rng, communes)
    year = figures(province, date(YEAR, 1, 1), date(YEAR, 12, 31), today=TODAY)
    assert all(year["dossiers"][name] > 0 for name in predicates.DOSSIER)
    assert all(year["ratings"][name] > 0 for name in predicates.RATING)
    country = figures(None, date(YEAR, 1, 1), date(YEAR, 12, 31), today=TODAY)
    assert all(country["letters"][group] > 0 for group in predicates.LETTER)
    petitions = country["petitions"]
    assert all(petitions[name] > 0 for name in ("resolved", "resolved_in_time", "in_progress", "overdue"))
    assert all(petitions[name] > 0 for name in ("declined", "transferred"))
    assert petitions["average_days_to_resolve"] is not None
    assert Letter.objects.filter(status=Letter.Status.CANCELLED).exists()


@pytest.mark.parametrize("seed", SEEDS)
def test_each_feedback_condition_selects_the_same_items_in_sql_and_through_the_orm(
    seed, commune, other_commune
):
    """reports.predicates.FEEDBACK renders each condition twice (a Q for the figures, SQL for a trigger or a
    hand-built statement): on random items, both select the same ones."""
    rng = random.Random(seed)  # noqa: S311 (seeded test data)
    FeedbackItem.objects.bulk_create(random_feedback(rng, [commune, other_commune], n) for n in range(60))
    table = FeedbackItem._meta.db_table
    conditions = {
        name: condition
        for name, condition in predicates.FEEDBACK.items()
        if not isinstance(condition, DaysFrom)
    }
    assert "resolved_in_time" in conditions
    for name, condition in conditions.items():
        through_orm = set(FeedbackItem.objects.filter(condition.q()).values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT r.id FROM {table} r WHERE {condition.sql('r')}")  # noqa: S608 (constants)
            in_sql = {pk for (pk,) in cursor.fetchall()}
        assert through_orm == in_sql, name
        assert 0 < len(in_sql) < 60 or name == "received", name


def test_either_joins_only_disjoint_values_of_one_column():
    assert either(predicates.DOSSIER, predicates.TIMELY).values == ("early", "on_time")
    with pytest.raises(ValueError, match="do not split one column"):
        either(predicates.DOSSIER, ["early", "online"])
    with pytest.raises(ValueError, match="do not split one column"):
        either(predicates.DOSSIER, ["early", "early"])
    with pytest.raises(TypeError):
        either(predicates.DOSSIER, ["early", "postponed"])
