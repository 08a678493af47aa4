"""Named reads of dossiers that screens, the dashboard and reports share."""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from thanthien.core.predicates import Above, Always, Predicate, is_in
from thanthien.dossiers.models import Dossier, Postponement

OPEN = [Dossier.Status.RECEIVED, Dossier.Status.IN_PROGRESS, Dossier.Status.AWAITING_SUPPLEMENT]
WORKING = [Dossier.Status.RECEIVED, Dossier.Status.IN_PROGRESS]

# What the report figures count of a dossier received in a period, by where it stands now, each condition
# once: the screens below filter on them, reports.figures counts them through the ORM and the count
# triggers of reports.summaries in SQL (core.predicates renders both). The order is the order of the
# bucket columns (a change needs a new reports migration; a test says so).
COUNTED: dict[str, Predicate] = {
    "received": Always(),
    "online": is_in("channel", Dossier.Channel.ONLINE),
    "returned": is_in("status", Dossier.Status.RETURNED),
    "ready": is_in("status", Dossier.Status.READY),
    "early": is_in("timeliness", Dossier.Timeliness.EARLY),
    "on_time": is_in("timeliness", Dossier.Timeliness.ON_TIME),
    "late": is_in("timeliness", Dossier.Timeliness.LATE),
    "in_progress": is_in("status", *OPEN),
    "rejected": is_in("status", Dossier.Status.REJECTED),
    "home_service": is_in("channel", Dossier.Channel.AT_HOME),
    "postponed": Above("postponement_count", 0),
}


def received_on(dossiers: QuerySet[Dossier], day: date) -> QuerySet[Dossier]:
    return dossiers.filter(received_at__date=day)


def due_on(dossiers: QuerySet[Dossier], day: date) -> QuerySet[Dossier]:
    return dossiers.filter(status__in=WORKING, due_on=day)


def with_draft_slip(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Open dossiers whose apology slip the sweep drafted and nobody has issued yet."""
    return dossiers.filter(Exists(draft_slips().filter(dossier=OuterRef("pk"))), status__in=WORKING)


def draft_slips() -> QuerySet[Postponement]:
    """Apology slips the sweep drafted and nobody has issued yet."""
    return Postponement.objects.filter(status=Postponement.Status.DRAFT)


def late(dossiers: QuerySet[Dossier], today: date) -> QuerySet[Dossier]:
    """Open dossiers past their promised date."""
    return dossiers.filter(status__in=WORKING, due_on__lt=today)


def late_without_slip(dossiers: QuerySet[Dossier], today: date) -> QuerySet[Dossier]:
    """Open dossiers past their legal date with no apology slip issued: shown in red."""
    late = dossiers.filter(status__in=WORKING, statutory_due_on__lt=today)
    return late.exclude(COUNTED["postponed"].q())


def waiting_for_supplements(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return dossiers.filter(status=Dossier.Status.AWAITING_SUPPLEMENT)


def home_service(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return dossiers.filter(COUNTED["home_service"].q())


def search(dossiers: QuerySet[Dossier], text: str) -> QuerySet[Dossier]:
    from thanthien.core.text import fold_vietnamese

    folded = fold_vietnamese(text)
    return dossiers.filter(
        Q(code__icontains=text.strip())
        | Q(applicant_search_key__contains=folded)
        | Q(procedure__search_key__contains=folded)
    )
