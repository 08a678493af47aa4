"""Which procedures of the catalogue a commune offers, and at what fee, on a day (issue #18 item 1).

`CommuneProcedure` rows are effective-dated: on a day, a commune's own row in force comes first, then the
shared row (no commune), then the catalogue itself. A commune with no row offers every procedure in use at
the catalogue's fee, as before the rows existed.
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from thanthien.core.process_cache import ProcessCache
from thanthien.procedures.models import CommuneProcedure, Procedure
from thanthien.units.models import Unit

# Every dossier received asks whether its commune offers the procedure: kept per web process, forgotten here
# at once when a row changes, in the other processes within RULES_CACHE_SECONDS.
_choices: ProcessCache[dict[int, CommuneProcedure]] = ProcessCache(
    "commune-procedures", setting="RULES_CACHE_SECONDS", default_seconds=10, watch=(CommuneProcedure,)
)


def choices_in_force(commune: Unit | None, day: date | None = None) -> dict[int, CommuneProcedure]:
    """Return, by procedure id, the commune's row in force on `day` (today by default), or the shared one."""
    day = day or timezone.localdate()
    key = (commune.pk if commune is not None else None, day)
    return dict(_choices.get_or_load(key, lambda: _read_choices(commune, day)))  # a copy: callers own it


def _read_choices(commune: Unit | None, day: date) -> dict[int, CommuneProcedure]:
    scope = Q(commune__isnull=True) if commune is None else Q(commune=commune) | Q(commune__isnull=True)
    rows = CommuneProcedure.objects.filter(scope, valid_from__lte=day).order_by("procedure_id", "-valid_from")
    own: dict[int, CommuneProcedure] = {}
    shared: dict[int, CommuneProcedure] = {}
    for row in rows:
        (own if row.commune_id else shared).setdefault(row.procedure_id, row)
    return {**shared, **own}


def offered_by(
    commune: Unit | None, procedures: QuerySet[Procedure], day: date | None = None
) -> QuerySet[Procedure]:
    """Keep the procedures the commune offers on `day` (those without a row in force are offered)."""
    not_offered = [pk for pk, row in choices_in_force(commune, day).items() if not row.offered]
    return procedures.exclude(pk__in=not_offered) if not_offered else procedures


def offers(commune: Unit, procedure: Procedure, day: date | None = None) -> bool:
    """Return True when the commune offers the procedure on `day`: no row in force, or one saying so."""
    row = choices_in_force(commune, day).get(procedure.pk)
    return row is None or row.offered


def commune_fee(procedure: Procedure, choices: dict[int, CommuneProcedure]) -> int | None:
    """Return the fee the commune charges: its own where a row in force sets one, else the catalogue's."""
    row = choices.get(procedure.pk)
    return row.fee if row is not None and row.fee is not None else procedure.fee


def with_commune_fees(
    procedures: Iterable[Procedure], commune: Unit | None, day: date | None = None
) -> list[Procedure]:
    """Return the procedures with `fee` set, in memory only, to the commune's fee (shown, never saved)."""
    choices = choices_in_force(commune, day)
    found = list(procedures)
    for procedure in found:
        procedure.fee = commune_fee(procedure, choices)
    return found
