"""Numbers that run from 1 each year in a commune's books (the letter register, the reception log), with
no gap and no duplicate: taken under the counter row's lock, in the caller's transaction."""

from typing import Any

from django.db import IntegrityError, transaction

from thanthien.core.models import YearlyCounter


def next_number(book: str, commune: Any, year: int) -> int:  # commune: a units.Unit (core imports no app)
    """Take the next number of the commune's `book` for `year`, holding its counter row locked.

    The caller's transaction keeps the lock until it commits, so two writers never get one number, and a
    write that fails rolls its number back.
    """
    counters = YearlyCounter.objects.select_for_update()
    counter = counters.filter(book=book, commune=commune, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                YearlyCounter.objects.create(book=book, commune=commune, year=year)
        except IntegrityError:
            pass  # another writer made the counter first: wait for its lock below
        counter = counters.get(book=book, commune=commune, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number
