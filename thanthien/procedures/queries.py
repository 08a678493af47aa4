"""Reads of the procedure catalogue that every receiving path shares."""

from thanthien.core.process_cache import ProcessCache
from thanthien.procedures.models import Procedure

# Every dossier sent through the API names its procedure by code: kept per web process, forgotten here at
# once when the catalogue changes, in the other processes within RULES_CACHE_SECONDS.
_by_code: ProcessCache[Procedure | None] = ProcessCache(
    "procedures-by-code", setting="RULES_CACHE_SECONDS", default_seconds=10, watch=(Procedure,)
)


def procedure_by_code(code: str) -> Procedure | None:
    """Return the procedure with this local code, else the national portal's code (any case), else None."""
    code = code.strip()
    return _by_code.get_or_load(code, lambda: _read_by_code(code)) if code else None


def _read_by_code(code: str) -> Procedure | None:
    procedure = Procedure.objects.filter(code=code).first()
    if procedure is None:  # the national portal's code, when no local code is the same
        procedure = Procedure.objects.filter(national_code__iexact=code).order_by("pk").first()
    return procedure
