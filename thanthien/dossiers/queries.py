"""Named reads of dossiers that screens, the dashboard and reports share."""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from thanthien.dossiers.models import Dossier, Postponement

OPEN = [Dossier.Status.RECEIVED, Dossier.Status.IN_PROGRESS, Dossier.Status.AWAITING_SUPPLEMENT]
WORKING = [Dossier.Status.RECEIVED, Dossier.Status.IN_PROGRESS]


def received_on(dossiers: QuerySet[Dossier], day: date) -> QuerySet[Dossier]:
    return dossiers.filter(received_at__date=day)


def due_on(dossiers: QuerySet[Dossier], day: date) -> QuerySet[Dossier]:
    return dossiers.filter(status__in=WORKING, due_on=day)


def with_draft_slip(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Open dossiers whose apology slip the sweep drafted and nobody has issued yet."""
    drafts = Postponement.objects.filter(dossier=OuterRef("pk"), status=Postponement.Status.DRAFT)
    return dossiers.filter(Exists(drafts), status__in=WORKING)


def late(dossiers: QuerySet[Dossier], today: date) -> QuerySet[Dossier]:
    """Open dossiers past their promised date."""
    return dossiers.filter(status__in=WORKING, due_on__lt=today)


def late_without_slip(dossiers: QuerySet[Dossier], today: date) -> QuerySet[Dossier]:
    """Open dossiers past their legal date with no apology slip issued: shown in red."""
    return dossiers.filter(status__in=WORKING, statutory_due_on__lt=today, postponement_count=0)


def waiting_for_supplements(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return dossiers.filter(status=Dossier.Status.AWAITING_SUPPLEMENT)


def home_service(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return dossiers.filter(channel=Dossier.Channel.AT_HOME)


def search(dossiers: QuerySet[Dossier], text: str) -> QuerySet[Dossier]:
    from thanthien.core.text import fold_vietnamese

    folded = fold_vietnamese(text)
    return dossiers.filter(
        Q(code__icontains=text.strip())
        | Q(applicant_search_key__contains=folded)
        | Q(procedure__search_key__contains=folded)
    )
