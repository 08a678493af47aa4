"""Fill a PostgreSQL database with a realistic year for the whole country, fast (COPY through psycopg 3).

    createdb -h 127.0.0.1 -U postgres h_national
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_national .venv/bin/python bench/national_data.py
    SCALE=0.02 ...   # a small run while developing (2 % of every count)
    YEARS=10 ...     # ten years, YEAR-9 … YEAR: about 30 million dossiers (each year as the one year)

It migrates, loads the 34 provinces and 3,321 communes (`thanthien units load`), then writes for the year
`YEAR` (2025): about 3 million dossiers, 1 million ratings (a third by a dossier's link), 50,000 petitions
and other feedback, spread over the communes by a seeded log-normal size (a big ward has several times a
small mountain commune's load).
Dossiers, ratings and feedback already in the database are removed first, so a second run gives the same rows.

Letters (about 200,000, all issued and numbered in each commune's register): one apology per dossier that was
postponed with an apology slip (about 45,000), and about 155,000 others: congratulations on a birth ≈ 40 %
or a marriage ≈ 20 %, condolence ≈ 20 %, thanks ≈ 15 %, New Year ≈ 5 %. Their register numbers run from 1 in
issue-date order in each commune, and the register's counters (core.YearlyCounter) are left at the last
number, so a letter issued afterwards through the app takes the next one.

    ONLY=letters ...   # rewrite the letters alone, over the dossiers already there (a minute, not ten)
"""

import json
import math
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanthien.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from thanthien.core.models import YearlyCounter  # noqa: E402
from thanthien.core.text import fold_vietnamese  # noqa: E402
from thanthien.dossiers.models import Dossier, IntakeRule  # noqa: E402
from thanthien.feedback.models import FeedbackItem  # noqa: E402
from thanthien.letters.kinds import TemplateKind  # noqa: E402
from thanthien.letters.models import Letter  # noqa: E402
from thanthien.procedures.models import Procedure  # noqa: E402
from thanthien.ratings.models import Rating, RatingScale  # noqa: E402
from thanthien.reports import summaries  # noqa: E402
from thanthien.units.models import Unit  # noqa: E402

SCALE = float(os.environ.get("SCALE", "1"))
YEAR = int(os.environ.get("YEAR", "2025"))
YEARS = int(os.environ.get("YEARS", "1"))  # the years YEAR-YEARS+1 … YEAR, each a full year
SEED = int(os.environ.get("SEED", "7"))
DOSSIERS, RATINGS, FEEDBACK = 3_000_000, 1_000_000, 55_000  # 50,000 petitions + questions and praise
LETTERS_OF_CARE = 155_000  # besides one apology per postponed dossier: about 200,000 letters in all
VN_OFFSET = timedelta(hours=7)

PROCEDURES = [
    ("BENCH-KS", "Đăng ký khai sinh", "Hộ tịch", 1),
    ("BENCH-KH", "Đăng ký kết hôn", "Hộ tịch", 1),
    ("BENCH-KT", "Đăng ký khai tử", "Hộ tịch", 1),
    ("BENCH-CT", "Chứng thực bản sao từ bản chính", "Chứng thực", 1),
    ("BENCH-CK", "Chứng thực chữ ký", "Chứng thực", 1),
    ("BENCH-HN", "Xác nhận tình trạng hôn nhân", "Hộ tịch", 3),
    ("BENCH-TC", "Trợ cấp xã hội hằng tháng", "Bảo trợ xã hội", 15),
    ("BENCH-DD", "Đăng ký biến động đất đai", "Đất đai", 10),
    ("BENCH-XD", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng", 15),
    ("BENCH-NC", "Xác nhận người có công", "Người có công", 5),
]
CHANNELS = [("online", 0.40), ("in_person", 0.57), ("post", 0.02), ("at_home", 0.01)]
LEVELS = [(4, 0.70), (3, 0.22), (2, 0.06), (1, 0.02)]
KINDS = [
    ("reflection", 0.36),
    ("recommendation", 0.27),
    ("complaint", 0.18),
    ("denunciation", 0.09),
    ("question", 0.06),
    ("praise", 0.04),
]
FEEDBACK_CHANNELS = ["suggestion_box", "hotline", "web_form", "desk", "zalo", "reception_session"]
CARE_KINDS = [
    (TemplateKind.BIRTH, 0.40),
    (TemplateKind.MARRIAGE, 0.20),
    (TemplateKind.CONDOLENCE, 0.20),
    (TemplateKind.THANKS, 0.15),
    (TemplateKind.NEW_YEAR, 0.05),
]
LETTER_SYMBOL = "UBND"


def pick(rng: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    roll, total = rng.random(), 0.0
    for value, weight in weighted:
        total += weight
        if roll < total:
            return value
    return weighted[-1][0]


def working_days(year: int) -> list[date]:
    day, days = date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def local_time(day: date, rng: random.Random) -> datetime:
    """A moment of office hours (7:30–16:30 in Vietnam) on a day, in UTC."""
    minutes = rng.randint(7 * 60 + 30, 16 * 60 + 30)
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return midnight + timedelta(minutes=minutes) - VN_OFFSET


def commune_weights(communes: list[Unit], rng: random.Random) -> list[float]:
    """Log-normal sizes normalised to a mean of 1."""
    raw = [math.exp(rng.gauss(0, 0.55)) for _commune in communes]
    mean = sum(raw) / len(raw)
    return [value / mean for value in raw]


def columns_of(model: Any, row: dict[str, Any]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields if field.attname in row]


def with_defaults(model: Any, row: dict[str, Any]) -> dict[str, Any]:
    """Fill the columns a row leaves out with the field's default, so that a column added to the model
    later does not break COPY (Django keeps defaults in Python, not in the table)."""
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in row:
            continue
        row[field.attname] = _default(field)
    return row


def _default(field: Any) -> Any:
    value = field.get_default()
    return json.dumps(value) if isinstance(value, dict | list) else value


def _value(row: dict[str, Any], column: str, defaults: dict[str, Any], fresh: dict[str, Any]) -> Any:
    if column in row:
        return row[column]
    return _default(fresh[column]) if column in fresh else defaults[column]


def copy_rows(model: Any, rows: Any) -> int:
    """COPY rows (dicts of attnames) into the model's table; return how many."""
    count, columns = 0, None
    with connection.cursor() as cursor:
        first = next(rows, None)
        if first is None:
            return 0
        given = set(first)
        columns = columns_of(model, with_defaults(model, first))
        defaults = {column: first[column] for column in columns if column not in given}
        # A callable default (a random public number) is called for each row, as the model would.
        fields = {field.attname: field for field in model._meta.concrete_fields}
        per_row = [column for column in defaults if callable(fields[column].default)]
        column_of = {field.attname: field.column for field in model._meta.concrete_fields}  # db_column kept
        sql = f"COPY {model._meta.db_table} ({', '.join(column_of[name] for name in columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            copy.write_row([first[column] for column in columns])
            count = 1
            for row in rows:
                for column in per_row:
                    value = fields[column].get_default()
                    row[column] = json.dumps(value) if isinstance(value, dict | list) else value
                copy.write_row([row[column] if column in row else defaults[column] for column in columns])
                count += 1
    return count


def procedures() -> list[Procedure]:
    made = []
    for code, name, field, days in PROCEDURES:
        procedure, _created = Procedure.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "field": field,
                "time_limit_days": days,
                "search_key": fold_vietnamese(f"{code} {name} {field}"),
            },
        )
        made.append(procedure)
    return made


def years() -> range:
    return range(YEAR - YEARS + 1, YEAR + 1)


def dossier_rows(communes: list[Unit], weights: list[float], rng: random.Random) -> Any:
    catalogue = [(procedure.pk, int(procedure.time_limit_days)) for procedure in procedures()]
    rules = list(IntakeRule.objects.order_by("valid_from"))  # read before COPY holds the connection
    for year in years():
        rule = ([rule for rule in rules if rule.valid_from <= date(year, 1, 1)] or rules)[-1]
        days = working_days(year)
        year_end = date(year, 12, 31)
        per_commune = DOSSIERS * SCALE / len(communes)
        for commune, weight in zip(communes, weights, strict=True):
            for number in range(max(1, round(per_commune * weight))):
                yield dossier_row(commune, number, rule.pk, catalogue, days, year_end, rng)


def dossier_row(
    commune: Unit, number: int, rule_id: int, catalogue: list, days: list, year_end: date, rng: random.Random
) -> dict[str, Any]:
    year = year_end.year
    procedure_id, limit = rng.choice(catalogue)
    received_day = rng.choice(days)
    received_at = local_time(received_day, rng)
    due = received_day + timedelta(days=round(limit * 1.4) + 1)
    row = {
        "created_at": received_at,
        "updated_at": received_at,
        "commune_id": commune.pk,
        "procedure_id": procedure_id,
        "intake_rule_id": rule_id,
        "code": f"{commune.code}-{year}-{number:06d}",
        "applicant_name": "Nguyễn Văn An",
        "applicant_phone": "",
        "applicant_address": "",
        "channel": pick(rng, CHANNELS),
        "received_at": received_at,
        "received_by_id": None,
        "counted_from": received_day,
        "statutory_due_on": due,
        "due_on": due,
        "ready_at": None,
        "returned_at": None,
        "timeliness": "",
        "postponement_count": 0,
        "is_imported": False,
    }
    roll = rng.random()
    if due >= year_end - timedelta(days=5) and roll < 0.6:
        row["status"] = pick(rng, [("received", 0.3), ("in_progress", 0.6), ("awaiting_supplement", 0.1)])
        return row
    if roll < 0.01:
        row["status"] = "rejected"
        return row
    timeliness = pick(rng, [("early", 0.84), ("on_time", 0.13), ("late", 0.03)])
    done = {
        "early": due - timedelta(days=rng.randint(1, max(1, limit))),
        "on_time": due,
        "late": due + timedelta(days=rng.randint(1, 6)),
    }[timeliness]
    done = max(done, received_day)
    if timeliness == "late" and rng.random() < 0.5:
        row["postponement_count"] = 1
        row["due_on"] = due + timedelta(days=7)
    ready_at = local_time(done, rng)
    row.update(ready_at=ready_at, timeliness=timeliness, status="returned", returned_at=ready_at)
    return row


def rating_rows(communes: list[Unit], weights: list[float], rng: random.Random) -> Any:
    scale = RatingScale.objects.filter(unit__isnull=True).order_by("-valid_from").first()
    levels = {level.value: level for level in scale.levels.all()}  # type: ignore[union-attr]  # ratings migration 0002
    procedure_ids = [procedure.pk for procedure in procedures()]
    per_commune = RATINGS * SCALE / len(communes)
    for year, commune, weight in each_commune_year(communes, weights):
        days = working_days(year)
        # A commune's own habit: most rate well, a few communes have a real problem.
        bias = rng.random() < 0.05
        for _number in range(max(1, round(per_commune * weight))):
            value = pick(rng, LEVELS) if not bias else pick(rng, [(4, 0.35), (3, 0.3), (2, 0.2), (1, 0.15)])
            level = levels[value]
            yield {
                "unit_id": commune.pk,
                "dossier_id": None,
                "procedure_id": rng.choice(procedure_ids),
                "official_id": None,
                "channel": "kiosk",
                "scale_id": scale.pk,  # type: ignore[union-attr]  # ratings migration 0002
                "level": value,
                "sentiment": level.sentiment,
                "is_top": level.is_top,
                "details": "{}",
                "reasons": "[]",
                "comment": "",
                "rated_at": local_time(rng.choice(days), rng),
                "entered_by_id": None,
            }


# A third of the ratings come from a dossier's link (the receipt's QR code), each of a returned dossier of
# its commune, one per dossier: the figures then count dossiers rated dissatisfied from real links.
LINK_RATINGS_SQL = """
WITH rating AS (
  SELECT id, unit_id, row_number() OVER (PARTITION BY unit_id ORDER BY id) AS n
  FROM ratings_rating WHERE id % 3 = 0
), dossier AS (
  SELECT id, commune_id, procedure_id, row_number() OVER (PARTITION BY commune_id ORDER BY id) AS n
  FROM dossiers_dossier WHERE status = 'returned'
)
UPDATE ratings_rating AS linked
SET dossier_id = dossier.id, procedure_id = dossier.procedure_id, channel = 'link'
FROM rating JOIN dossier ON dossier.commune_id = rating.unit_id AND dossier.n = rating.n
WHERE linked.id = rating.id
"""


def link_ratings_to_dossiers() -> int:
    with connection.cursor() as cursor:
        cursor.execute(LINK_RATINGS_SQL)
        return cursor.rowcount


def each_commune_year(communes: list[Unit], weights: list[float]) -> Any:
    for year in years():
        for commune, weight in zip(communes, weights, strict=True):
            yield year, commune, weight


def feedback_rows(communes: list[Unit], weights: list[float], rng: random.Random) -> Any:
    per_commune = FEEDBACK * SCALE / len(communes)
    sequence = 0
    for year, commune, weight in each_commune_year(communes, weights):
        days = working_days(year)
        year_end = date(year, 12, 31)
        for _number in range(max(1, round(per_commune * weight))):
            sequence += 1
            kind = pick(rng, KINDS)
            received = rng.choice(days)
            resolve_due = received + timedelta(days=30)
            status = pick(
                rng, [("resolved", 0.84), ("in_progress", 0.11), ("declined", 0.03), ("transferred", 0.02)]
            )
            resolved_on = received + timedelta(days=rng.randint(3, 40)) if status == "resolved" else None
            if resolved_on and resolved_on > year_end:
                status, resolved_on = "in_progress", None
            moment = local_time(received, rng)
            yield {
                "created_at": moment,
                "updated_at": moment,
                "unit_id": commune.pk,
                "village_id": None,
                "tracking_code": f"B{sequence:011d}",
                "channel": rng.choice(FEEDBACK_CHANNELS),
                "kind": kind,
                "topic": "other",
                "instance": "first" if kind == "complaint" else "",
                "content": "Phản ánh của người dân (dữ liệu thử tải).",
                "is_anonymous": False,
                "is_signed": True,
                "contact": "",
                "status": status,
                "received_on": received,
                "received_by_id": None,
                "accepted_on": received,
                "resolved_on": resolved_on,
                "is_complex": False,
                "is_remote_area": False,
                "is_initial_handling_extended": False,
                "extensions": 0,
                "accept_due_on": received + timedelta(days=10),
                "forward_due_on": None,
                "notify_due_on": None,
                "resolve_due_on": resolve_due,
                "assignee_id": None,
                "decline_reason": "Không thuộc thẩm quyền." if status == "declined" else "",
                "decline_legal_basis": "Luật Khiếu nại 2011" if status == "declined" else "",
                "referral_body": "Thanh tra tỉnh" if status == "transferred" else "",
                "public_answer": "",
                "is_published": False,
            }


def postponed_dossiers() -> dict[int, list[tuple[int, str, date]]]:
    """The dossiers postponed with an apology slip, by commune: (id, code, the day the slip went out)."""
    by_commune: dict[int, list[tuple[int, str, date]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, commune_id, code, statutory_due_date - 1 FROM dossiers_dossier "
            "WHERE postponement_count > 0 ORDER BY id"
        )
        for pk, commune_id, code, slip_day in cursor.fetchall():
            by_commune.setdefault(commune_id, []).append((pk, code, slip_day))
    return by_commune


def letters_of(commune: Unit, count: int, apologies: list, year: int, rng: random.Random) -> list[dict]:
    """One commune's letters of the year, numbered in its register in issue-date order."""
    letters = [
        {
            "kind": TemplateKind.APOLOGY,
            "dossier_id": pk,
            "issued_on": slip_day,
            "event_label": f"Hồ sơ {code} trễ hạn",
            "source_key": f"postponement-dossier:{pk}:apology",
        }
        for pk, code, slip_day in apologies
        if slip_day.year == year
    ]
    days = working_days(year)
    for number in range(count):
        kind = pick(rng, CARE_KINDS)
        letters.append(
            {
                "kind": kind,
                "dossier_id": None,
                "issued_on": rng.choice(days),
                "event_label": "",
                "source_key": f"bench:{commune.code}:{year}:{number}",
            }
        )
    letters.sort(key=lambda letter: (letter["issued_on"], letter["source_key"]))
    for number, letter in enumerate(letters, start=1):
        issued_at = local_time(letter["issued_on"], rng)
        letter.update(
            created_at=issued_at,
            updated_at=issued_at,
            commune_id=commune.pk,
            status=Letter.Status.ISSUED,
            recipient_name="Gia đình ông Nguyễn Văn An",
            drafted_at=issued_at - timedelta(hours=2),
            year=letter["issued_on"].year,
            register_number=number,
            symbol=LETTER_SYMBOL,
            issued_at=issued_at,
            signer_name="Lê Văn Bình",
            capacity=Letter.Capacity.CHAIRMAN,
        )
    return letters


def letter_rows(communes: list[Unit], weights: list[float], rng: random.Random, last_numbers: dict) -> Any:
    """Every commune's letters of the year; `last_numbers` gets each commune's last register number."""
    apologies = postponed_dossiers()
    per_commune = LETTERS_OF_CARE * SCALE / len(communes)
    for year, commune, weight in each_commune_year(communes, weights):
        letters = letters_of(commune, round(per_commune * weight), apologies.get(commune.pk, []), year, rng)
        for letter in letters:
            if letter["year"] == year:
                last_numbers[(commune.pk, year)] = letter["register_number"]
                yield letter


def copy_letters(communes: list[Unit], weights: list[float]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Letter._meta.db_table}")
    last_numbers: dict[tuple[int, int], int] = {}
    # Its own random stream, so that ONLY=letters writes the same letters as a full run.
    copied = copy_rows(Letter, letter_rows(communes, weights, random.Random(SEED + 1), last_numbers))  # noqa: S311
    # The register's counters, after the COPY (the connection is busy while it runs).
    YearlyCounter.objects.filter(book="letters", year__in=years()).delete()
    YearlyCounter.objects.bulk_create(
        [
            YearlyCounter(book="letters", commune_id=pk, year=year, last_number=last)
            for (pk, year), last in last_numbers.items()
        ],
        batch_size=5000,
    )
    return copied


def step(name: str, action: Any) -> Any:
    started = time.monotonic()
    result = action()
    print(f"{name}: {result if result is not None else ''} ({time.monotonic() - started:.1f} s)", flush=True)
    return result


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (COPY is PostgreSQL's).")
    started = time.monotonic()
    only_letters = os.environ.get("ONLY") == "letters"
    step("migrate", lambda: call_command("migrate", verbosity=0))
    step("units load", lambda: call_command("units", "load", verbosity=0))
    communes = list(Unit.objects.filter(level=Unit.Level.COMMUNE).order_by("path"))
    rng = random.Random(SEED)  # noqa: S311 (made-up data, repeatable)
    weights = commune_weights(communes, rng)
    if not only_letters:
        tables = ", ".join(model._meta.db_table for model in (Letter, Rating, FeedbackItem, Dossier))
        with connection.cursor() as cursor:
            step("truncate", lambda: cursor.execute(f"TRUNCATE {tables} CASCADE") and None)
        # The count triggers of reports.summaries would run twice per row of COPY: off while writing, then
        # back on with one recount of every bucket (install() is idempotent).
        step("count triggers off", lambda: summaries.uninstall(connection))
        step("dossiers", lambda: copy_rows(Dossier, dossier_rows(communes, weights, rng)))
        step("ratings", lambda: copy_rows(Rating, rating_rows(communes, weights, rng)))
        step("ratings by link", link_ratings_to_dossiers)
        step("feedback", lambda: copy_rows(FeedbackItem, feedback_rows(communes, weights, rng)))
        step("count triggers on, recount", lambda: summaries.install(connection))
    step("letters", lambda: copy_letters(communes, weights))
    with connection.cursor() as cursor:
        # VACUUM sets the visibility map, so the open-dossier figures read their index only.
        step("vacuum analyze", lambda: cursor.execute("VACUUM ANALYZE") and None)
    print(
        f"communes={len(communes)} scale={SCALE} year={YEAR} years={YEARS} "
        f"total_s={time.monotonic() - started:.0f}"
    )


if __name__ == "__main__":
    main()
