"""Issue many letters, and fire one event's trigger, from many threads at once, each with its own connection.

Used by test_register_concurrency.py in-process (PostgreSQL, or a file-based SQLite test database), and
run as `python -m thanthien.letters.tests.concurrent_issue` on a fresh file-based SQLite database when the
test suite's own SQLite database lives in memory (shared by every thread of the process, so it cannot show
real concurrent connections).
"""

import json
import threading
from datetime import date

from django.db import connection

ISSUE_DAY = date(2026, 12, 1)


def issue_in_threads(letter_ids: list[int], leader_pk: int, threads: int) -> list[str]:
    """Issue the letters from `threads` threads started together; return the errors raised, if any."""
    from thanthien.letters import services
    from thanthien.letters.models import Letter
    from thanthien.units.models import User

    start, errors = threading.Barrier(threads), []
    shares = [letter_ids[index::threads] for index in range(threads)]

    def work(share: list[int]) -> None:
        try:
            leader = User.objects.get(pk=leader_pk)
            start.wait(timeout=30)
            for pk in share:  # one transaction per letter: as many competing transactions as letters
                services.issue_letter(Letter(pk=pk), by=leader, today=ISSUE_DAY)
        except Exception as error:  # reported to the test, which fails on any
            errors.append(repr(error))
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(share,)) for share in shares]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return errors


def draft_in_threads(commune_pk: int, threads: int) -> tuple[list[int], list[str]]:
    """Fire the same event's trigger from `threads` threads at once; return the letter ids they got back."""
    from thanthien.letters import services
    from thanthien.units.models import Unit

    start, got, errors = threading.Barrier(threads), [], []

    def work() -> None:
        try:
            commune = Unit.objects.get(pk=commune_pk)
            start.wait(timeout=30)
            letter = services.draft_letter(
                commune,
                kind="condolence",
                source_key="race:death:1",
                recipient_name="Gia đình ông Lê Văn Tám",
            )
            got.append(letter.pk)
        except Exception as error:  # reported to the test, which fails on any
            errors.append(repr(error))
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return got, errors


def scenario(letters: int, threads: int) -> dict:
    """Run both races (numbers, and one event's trigger) on the current database; return what happened."""
    from thanthien.core.models import YearlyCounter
    from thanthien.letters.models import Letter

    ids, leader_pk = make_drafts(letters)
    issue_errors = issue_in_threads(ids, leader_pk, threads)
    commune_pk = Letter.objects.get(pk=ids[0]).commune_id
    got, draft_errors = draft_in_threads(commune_pk, threads)
    return {
        "vendor": connection.vendor,
        "errors": issue_errors + draft_errors,
        "numbers": numbers_issued(),
        "last_number": YearlyCounter.objects.get(book="letters").last_number,
        "race_ids": got,
        "race_letters": Letter.objects.filter(source_key="race:death:1").count(),
    }


def make_drafts(count: int) -> tuple[list[int], int]:
    """Create a commune, its leader and `count` drafts; return the drafts' ids and the leader's id."""
    from thanthien.letters import services
    from thanthien.units.models import Membership, Role, Unit, User

    province = Unit.objects.create(
        code="38", name="Tỉnh Thanh Hóa", level="province", kind="province", path="38"
    )
    commune = Unit.objects.create(
        code="38-hc", name="Xã Hoằng Cát", level="commune", kind="commune", parent=province, path="38/38-hc"
    )
    leader = User.objects.create_user(username="chutich", password="mật-khẩu-thử-1", full_name="Lê Văn Thành")
    Membership.objects.create(user=leader, unit=commune, role=Role.LEADER)
    ids = [
        services.draft_letter(
            commune,
            kind="thanks",
            source_key=f"concurrency:{n}",
            recipient_name=f"Người dân {n}",
            fields={"contribution": "góp ý"},
        ).pk
        for n in range(count)
    ]
    return ids, leader.pk


def numbers_issued() -> list[int | None]:
    from thanthien.letters.models import Letter

    return list(Letter.objects.filter(status="issued").values_list("register_number", flat=True))


def main() -> None:
    """Migrate the (file-based SQLite) database named by DATABASE_URL, issue concurrently, print JSON."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        print(json.dumps(scenario(40, 8)))


if __name__ == "__main__":
    main()
