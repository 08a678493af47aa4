"""Writing, submitting and reminding of periodic reports: one transaction each, permission checked."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.notifications.services import queue_notification
from thanthien.reports import periods, permissions
from thanthien.reports.models import PeriodicReport, ReportKind, ReportSchedule
from thanthien.units import queries as unit_queries
from thanthien.units.models import Unit, User

NARRATIVE_FIELDS = ["situation", "strengths", "shortcomings", "tasks_ahead", "proposals", "recipients"]
TEXT_FIELDS = [*NARRATIVE_FIELDS, "number", "title", "signer_title", "signer_name"]


def province_of(unit: Unit) -> Unit:
    """Return the province at the top of a unit's path."""
    return Unit.objects.get(path=unit.path.split("/")[0])


def schedule_in_force(province: Unit, kind: str, day: date) -> ReportSchedule | None:
    """Return the province's own schedule of a kind in force on a day, else the default one."""
    rows = ReportSchedule.objects.filter(
        Q(unit=province) | Q(unit__isnull=True), kind=kind, valid_from__lte=day
    )
    return rows.order_by(F("unit_id").asc(nulls_last=True), "-valid_from").first()  # own before default


def due_on(commune: Unit, kind: str, year: int) -> date:
    """Return the day a commune's report of this kind is due in a year, from its province's schedule."""
    schedule = schedule_in_force(province_of(commune), kind, date(year, 12, 31))
    if schedule is None:
        raise ValidationError(_("No report schedule is in force for this province."))
    return periods.due_date(year, schedule.due_month, schedule.due_day)


def last_report(commune: Unit, before: date) -> PeriodicReport | None:
    """Return the commune's latest report of an earlier period, whose texts start the next one."""
    return (
        PeriodicReport.objects.filter(commune=commune, period_end__lt=before).order_by("-period_end").first()
    )


def default_title(kind: str, commune: Unit, year: int) -> str:
    with translation.override("vi"):
        if kind == ReportKind.SIX_MONTHLY:
            return _("Six-month results of the friendly-government model, %(year)s") % {"year": year}
        return _("Results of the friendly-government model in %(year)s") % {"year": year}


@transaction.atomic
def start_report(commune: Unit, *, kind: str, year: int, by: User) -> PeriodicReport:
    """Open the commune's report of a period, its texts offered from the last period's (idempotent)."""
    if not permissions.can_write_report(by, commune):
        raise PermissionDenied
    if kind not in ReportKind.values:
        raise ValidationError(_("Unknown kind of report: %(kind)s") % {"kind": kind})
    period = periods.period_of(kind, year, due_on(commune, kind, year))
    existing = PeriodicReport.objects.filter(
        commune=commune, kind=kind, period_start=period.start, period_end=period.end
    ).first()
    if existing is not None:
        return existing
    previous = last_report(commune, period.start)
    texts = {field: getattr(previous, field) for field in NARRATIVE_FIELDS} if previous else {}
    chairman = unit_queries.chairman(commune)
    signer = {"signer_title": previous.signer_title, "signer_name": previous.signer_name} if previous else {}
    if not signer.get("signer_name") and chairman is not None:
        signer["signer_name"] = chairman.full_name
    report = PeriodicReport.objects.create(
        commune=commune,
        kind=kind,
        period_start=period.start,
        period_end=period.end,
        due_on=period.due_on,
        title=default_title(kind, commune, year),
        **texts,
        **signer,
    )
    audit.record(AuditEvent.Action.CREATE, report, by=by, changes={"kind": kind, "year": year})
    return report


def _locked(report: PeriodicReport, by: User) -> PeriodicReport:
    report = PeriodicReport.objects.select_for_update().select_related("commune").get(pk=report.pk)
    if not permissions.can_write_report(by, report.commune):
        raise PermissionDenied
    if report.status == PeriodicReport.Status.SUBMITTED:
        raise ValidationError(_("The report has been submitted and can no longer be changed."))
    return report


@transaction.atomic
def update_report(
    report: PeriodicReport,
    *,
    by: User,
    period_start: date | None = None,
    period_end: date | None = None,
    **texts: str,
) -> PeriodicReport:
    """Save the official's texts (and, if given, the period's dates) of a draft report."""
    report = _locked(report, by)
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown part of the report: %(part)s") % {"part": ", ".join(sorted(unknown))}
        )
    start, end = period_start or report.period_start, period_end or report.period_end
    if start > end:
        raise ValidationError(_("The start date is after the end date."))
    if not (texts.get("title", report.title) or "").strip():
        raise ValidationError(_("Give the report a title."))
    changed = {field: value.strip() for field, value in texts.items()}
    for field, value in changed.items():
        setattr(report, field, value)
    report.period_start, report.period_end = start, end
    report.save(update_fields=[*changed, "period_start", "period_end", "updated_at"])
    audit.record(AuditEvent.Action.UPDATE, report, by=by, changes={"fields": sorted(changed)})
    return report


@transaction.atomic
def submit_report(report: PeriodicReport, *, by: User) -> PeriodicReport:
    """Submit the report to the province; the time is kept, so the province sees who was on time."""
    report = _locked(report, by)
    missing = [
        field for field in ("situation", "strengths", "tasks_ahead") if not getattr(report, field).strip()
    ]
    if missing:
        raise ValidationError(_("Write the situation, the strengths and the tasks ahead before submitting."))
    report.status, report.submitted_at, report.submitted_by = (
        PeriodicReport.Status.SUBMITTED,
        timezone.now(),
        by,
    )
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit.record(AuditEvent.Action.UPDATE, report, by=by, changes={"status": ["draft", "submitted"]})
    return report


def reminder_text(commune: Unit, kind: str, due: date) -> str:
    with translation.override("vi"):
        return _("%(commune)s: the %(kind)s report is due on %(due)s. Write and submit it in Thân Thiện.") % {
            "commune": commune.name,
            "kind": str(ReportKind(kind).label).lower(),
            "due": f"{due:%d/%m/%Y}",
        }


def sweep_report_reminders(today: date | None = None) -> int:
    """Remind the leaders of every commune whose report is due soon and not submitted; safe to run twice.

    Return how many reminders are due today; each is queued only once.

    The window opens `remind_days_before` days before the due day (the schedule's data); each reminder is
    queued once per commune, kind and year (the outbox's dedupe key).
    """
    today = today or timezone.localdate()
    queued = 0
    for province in Unit.objects.filter(level=Unit.Level.PROVINCE):
        for kind in ReportKind.values:
            schedule = schedule_in_force(province, kind, today)
            if schedule is None:
                continue
            due = periods.due_date(today.year, schedule.due_month, schedule.due_day)
            if not periods.needs_reminder(due, today, schedule.remind_days_before, None):
                continue
            queued += _remind_communes(province, kind, due)
    return queued


@transaction.atomic
def _remind_communes(province: Unit, kind: str, due: date) -> int:
    submitted = PeriodicReport.objects.filter(
        kind=kind, due_on=due, status=PeriodicReport.Status.SUBMITTED
    ).values("commune")
    communes = Unit.objects.within(province.path).filter(level=Unit.Level.COMMUNE).exclude(pk__in=submitted)
    queued = 0
    for commune in communes:
        for official_id, phone in unit_queries.leader_phones(commune):
            queue_notification(
                unit=commune,
                recipient=phone,
                body=reminder_text(commune, kind, due),
                dedupe_key=f"report-reminder:{commune.pk}:{kind}:{due}:official:{official_id}",
            )
            queued += 1
    return queued


def report_document(report: PeriodicReport) -> bytes:
    """Return the report as a Word document, its figures counted from the data now."""
    from thanthien.reports.documents import report_document as build

    return build(report)
