"""Loading criteria sets, scoring a commune live, and the self-assessment's steps (each audited)."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.assessment import indicators, permissions, surveys
from thanthien.assessment.models import CriteriaSet, Criterion, CriterionEntry, CriterionGroup, SelfAssessment
from thanthien.assessment.scoring import parse_rule, passes
from thanthien.assessment.sets import SetFile, parse_set, read_set_file
from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.notifications.models import Notification
from thanthien.notifications.services import official_contact, queue_notification
from thanthien.reports.figures import figures
from thanthien.units.models import Official, Unit, User

ZERO = Decimal(0)


# --- Loading a set ------------------------------------------------------------------------------------------


def import_criteria_set(
    file: Any, *, by: User | None, province: Unit | None = None, **overrides: Any
) -> CriteriaSet:
    """Load a set from its XLSX file, all or nothing; a set with the same code is replaced whole (its groups
    and criteria), unless a self-assessment already uses it. `overrides` replace the file's set fields."""
    parsed = read_set_file(file, indicators.known_keys())
    return save_criteria_set(parsed, by=by, province=province, step="set_imported", **overrides)


def edit_criteria_set(
    rows: list[tuple[Any, ...]], values: dict[str, Any], *, by: User, province: Unit | None
) -> CriteriaSet:
    """Save a set written on the editor's page: the same checks as a file (sets.parse_set), rows numbered
    from 1 as the page shows them."""
    parsed = parse_set(rows, values, indicators.known_keys(), first_row=1)
    return save_criteria_set(parsed, by=by, province=province, step="set_edited")


@transaction.atomic
def save_criteria_set(
    parsed: SetFile, *, by: User | None, province: Unit | None, step: str, **overrides: Any
) -> CriteriaSet:
    """Write a checked set, all or nothing (see import_criteria_set)."""
    fields = {key: value for key, value in parsed.fields.items() if value not in (None, "")}
    fields |= {key: value for key, value in overrides.items() if value not in (None, "")}
    province_code = fields.pop("province", None)
    if province is None and province_code:
        province = Unit.objects.filter(code=province_code, level=Unit.Level.PROVINCE).first()
        if province is None:
            raise ValidationError(_("Province %(code)s does not exist.") % {"code": province_code})
    required = ("code", "name", "valid_from", "pass_total")
    missing = [name for name in required if fields.get(name) in (None, "")]
    if missing:
        raise ValidationError(_("The set needs: %(fields)s.") % {"fields": ", ".join(missing)})
    criteria_set = CriteriaSet.objects.filter(code=fields["code"]).first()
    if criteria_set is not None:
        if criteria_set.assessments.exists():
            raise ValidationError(
                _("Set %(code)s is already used by a self-assessment; load it under a new code.")
                % {"code": criteria_set.code}
            )
        criteria_set.groups.all().delete()
    else:
        criteria_set = CriteriaSet(code=fields["code"])
    for name in (
        "name",
        "purpose",
        "valid_from",
        "valid_to",
        "legal_basis",
        "pass_total",
        "group_floor_percent",
    ):
        setattr(
            criteria_set,
            name,
            # Plain fields of the set itself, never a relation: each has get_default().
            fields.get(name) if name in fields else CriteriaSet._meta.get_field(name).get_default(),  # type: ignore[union-attr]
        )
    criteria_set.purpose = criteria_set.purpose or CriteriaSet.Purpose.RECOGNITION
    criteria_set.legal_basis = criteria_set.legal_basis or ""
    criteria_set.province = province
    criteria_set.full_clean(exclude=["groups"])
    criteria_set.save()
    _write_groups(criteria_set, parsed)
    audit.record(
        AuditEvent.Action.CREATE,
        criteria_set,
        by=by,
        changes={"step": step, "groups": len(parsed.groups)},
    )
    return criteria_set


def _write_groups(criteria_set: CriteriaSet, parsed: SetFile) -> None:
    for group_order, row in enumerate(parsed.groups):
        group = CriterionGroup.objects.create(
            criteria_set=criteria_set, code=row.code, name=row.name, points=row.points, order=group_order
        )
        Criterion.objects.bulk_create(
            Criterion(
                group=group,
                code=c.code,
                name=c.name,
                points=c.points,
                method=c.method,
                indicator=c.indicator,
                rule=c.rule,
                evidence=c.evidence,
                order=order,
            )
            for order, c in enumerate(row.criteria)
        )


def set_in_force(
    commune: Unit, year: int, purpose: str = CriteriaSet.Purpose.RECOGNITION
) -> CriteriaSet | None:
    """The set valid during the year: the commune's province's own, else a national one; the latest."""
    provinces = [code for code in commune.path.split("/")]
    valid = CriteriaSet.objects.filter(purpose=purpose, valid_from__lte=date(year, 12, 31)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1))
    )
    own = valid.filter(province__code__in=provinces).order_by("-valid_from").first()
    return own or valid.filter(province__isnull=True).order_by("-valid_from").first()


# --- Scoring ------------------------------------------------------------------------------------------------


@dataclass
class CriterionScore:
    code: str
    group: str
    name: str
    method: str
    full: Decimal
    value: Any
    points: Decimal | None  # None: a manual criterion nobody has scored yet


@dataclass
class Score:
    set_code: str
    total: Decimal
    passed: bool
    groups: dict[str, tuple[Decimal, Decimal]]  # code: (earned, of)
    criteria: dict[str, CriterionScore] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "set": self.set_code,
            "total": _number(self.total),
            "passed": self.passed,
            "groups": {code: _number(earned) for code, (earned, _full) in self.groups.items()},
            "criteria": {
                code: {"value": _number(c.value), "points": _number(c.points)}
                for code, c in self.criteria.items()
            },
        }

    def losing_most(self, count: int = 3) -> list[CriterionScore]:
        """The criteria that lose the most points (their full points less what they earn)."""
        lost = sorted(self.criteria.values(), key=lambda c: c.full - (c.points or ZERO), reverse=True)
        return [c for c in lost if c.full - (c.points or ZERO) > 0][:count]


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def year_days(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def score(
    commune: Unit,
    year: int,
    criteria_set: CriteriaSet,
    *,
    manual: dict[str, Decimal | None] | None = None,
    counted: dict[str, Any] | None = None,
    today: date | None = None,
) -> Score:
    """Score a commune's year live against a set: indicator and survey criteria from the figures (counted
    once, reports.figures), manual ones from `manual` (code: points; missing: not scored yet, 0)."""
    counted = counted if counted is not None else figures(commune, *year_days(year), today=today)
    add_survey_forms(counted, commune, year, criteria_set)
    return score_figures(counted, criteria_set, manual=manual)


def add_survey_forms(counted: dict[str, Any], commune: Unit, year: int, criteria_set: CriteriaSet) -> None:
    """Add the per-form survey rates to a commune's figures when the set scores a form and they are not
    there yet (a snapshot keeps them with the other figures)."""
    criteria = [criterion for _group, of_group in structure(criteria_set) for criterion in of_group]
    if indicators.SURVEY_FORMS not in counted and indicators.needs_survey_forms(criteria):
        counted[indicators.SURVEY_FORMS] = surveys.form_rates(commune, *year_days(year))


def structure(criteria_set: CriteriaSet) -> list[tuple[CriterionGroup, list[Criterion]]]:
    """The set's groups and criteria, read once per set instance (scoring many communes reuses them)."""
    cached = getattr(criteria_set, "_structure", None)
    if cached is None:
        groups = criteria_set.groups.prefetch_related("criteria")
        cached = [(group, list(group.criteria.all())) for group in groups]
        criteria_set._structure = cached  # type: ignore[attr-defined]  # kept on the instance, read above
    return cached


def score_figures(
    counted: dict[str, Any], criteria_set: CriteriaSet, *, manual: dict[str, Decimal | None] | None = None
) -> Score:
    """Score figures already counted (of any unit and period) against a set."""
    flat = indicators.flatten(counted)
    manual = manual or {}
    result = Score(criteria_set.code, ZERO, False, {})
    for group, criteria in structure(criteria_set):
        earned = ZERO
        for criterion in criteria:
            if criterion.method == Criterion.Method.MANUAL:
                value, points = None, manual.get(criterion.code)
                if points is not None:
                    points = min(max(Decimal(points), ZERO), criterion.points)
            else:
                value = indicators.value_of(criterion.indicator, counted, flat)
                points = parse_rule(criterion.rule).points(value, criterion.points)
            earned += points or ZERO
            result.criteria[criterion.code] = CriterionScore(
                criterion.code, group.code, criterion.name, criterion.method, criterion.points, value, points
            )
        result.groups[group.code] = (earned, group.points)
        result.total += earned
    result.passed = passes(
        result.total, result.groups, criteria_set.pass_total, criteria_set.group_floor_percent
    )
    return result


def score_assessment(assessment: SelfAssessment, *, appraised: bool = False) -> Score:
    """The live score of a self-assessment: the commune's manual points, or the reviewer's where `appraised`
    (a criterion the reviewer agreed with keeps the commune's, or the figures')."""
    entries = {entry.criterion.code: entry for entry in assessment.entries.select_related("criterion")}
    manual = {code: entry.self_points for code, entry in entries.items()}
    result = score(assessment.commune, assessment.year, assessment.criteria_set, manual=manual)
    if appraised:
        _apply_appraisal(result, entries, assessment.criteria_set)
    return result


def _apply_appraisal(result: Score, entries: dict[str, CriterionEntry], criteria_set: CriteriaSet) -> None:
    for code, entry in entries.items():
        if entry.verdict == CriterionEntry.Verdict.ADJUSTED and entry.appraised_points is not None:
            result.criteria[code].points = entry.appraised_points
    groups: dict[str, tuple[Decimal, Decimal]] = {}
    for code, (_earned, full) in result.groups.items():
        earned = sum((c.points or ZERO for c in result.criteria.values() if c.group == code), ZERO)
        groups[code] = (earned, full)
    result.groups = groups
    result.total = sum((earned for earned, _full in groups.values()), ZERO)
    result.passed = passes(result.total, groups, criteria_set.pass_total, criteria_set.group_floor_percent)


def snapshot_hash(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True, default=str).encode()).hexdigest()


# --- Self-assessment ----------------------------------------------------------------------------------------

EDITABLE = (SelfAssessment.Status.DRAFT, SelfAssessment.Status.RETURNED)


@transaction.atomic
def start_self_assessment(commune: Unit, year: int, *, by: User) -> SelfAssessment:
    """The commune's self-assessment of the year against the set in force (the existing one if started)."""
    if not permissions.can_prepare(by, commune):
        raise PermissionDenied
    existing = SelfAssessment.objects.filter(commune=commune, year=year).first()
    if existing is not None:
        return existing
    criteria_set = set_in_force(commune, year)
    if criteria_set is None:
        raise ValidationError(_("No criteria set is in force for this commune and year."))
    assessment = SelfAssessment.objects.create(commune=commune, year=year, criteria_set=criteria_set)
    CriterionEntry.objects.bulk_create(
        CriterionEntry(assessment=assessment, criterion=criterion)
        for criterion in Criterion.objects.filter(group__criteria_set=criteria_set)
    )
    audit.record(
        AuditEvent.Action.CREATE, assessment, by=by, changes={"step": "started", "set": criteria_set.code}
    )
    return assessment


def locked(assessment: SelfAssessment) -> SelfAssessment:
    return (
        SelfAssessment.objects.select_for_update(of=("self",)).select_related("commune").get(pk=assessment.pk)
    )


def entry_of(assessment: SelfAssessment, code: str) -> CriterionEntry:
    entry = assessment.entries.select_related("criterion").filter(criterion__code=code).first()
    if entry is None:
        raise ValidationError(_("The set has no criterion %(code)s.") % {"code": code})
    return entry


@transaction.atomic
def fill_criterion(
    assessment: SelfAssessment, code: str, *, by: User, note: str | None = None, points: Decimal | None = None
) -> CriterionEntry:
    """The commune's note on a criterion, and its own score of a manual one (0..the criterion's points)."""
    assessment = locked(assessment)
    if not permissions.can_prepare(by, assessment.commune):
        raise PermissionDenied
    if assessment.status not in EDITABLE:
        raise ValidationError(_("The self-assessment was submitted; it can no longer be changed."))
    entry = entry_of(assessment, code)
    if points is not None:
        if entry.criterion.method != Criterion.Method.MANUAL:
            raise ValidationError(_("This criterion is scored from the records, not by hand."))
        _check_points(points, entry.criterion)
        entry.self_points = points
    if note is not None:
        entry.note = note.strip()
    entry.save()
    audit.record(
        AuditEvent.Action.UPDATE,
        assessment,
        by=by,
        changes={
            "step": "criterion_filled",
            "criterion": code,
            "points": str(points) if points is not None else None,
        },
    )
    return entry


def _check_points(points: Decimal, criterion: Criterion) -> None:
    if not ZERO <= Decimal(points) <= criterion.points:
        raise ValidationError(
            _("The score must be between 0 and %(most)s.") % {"most": _number(criterion.points)}
        )


def make_snapshot(assessment: SelfAssessment, at: Any) -> dict[str, Any]:
    """What the commune submits, frozen: the live score, notes, evidence list and the figures behind it."""
    counted = figures(assessment.commune, *year_days(assessment.year))
    entries = {
        e.criterion.code: e
        for e in assessment.entries.select_related("criterion").prefetch_related("evidence")
    }
    manual = {code: entry.self_points for code, entry in entries.items()}
    result = score(
        assessment.commune, assessment.year, assessment.criteria_set, manual=manual, counted=counted
    )
    snapshot = result.as_json() | {
        "taken_at": at.isoformat(),
        "figures": json.loads(json.dumps(counted, default=str)),
    }
    for code, entry in entries.items():
        snapshot["criteria"][code] |= {
            "note": entry.note,
            "evidence": [
                {"file": e.file_name, "sha256": e.sha256, "size": e.size} for e in entry.evidence.all()
            ],
        }
    return snapshot


@transaction.atomic
def submit_self_assessment(assessment: SelfAssessment, *, by: User) -> SelfAssessment:
    """The chairman submits: a snapshot and its hash are frozen; later records move only the live score."""
    assessment = locked(assessment)
    if not permissions.can_submit(by, assessment.commune):
        raise PermissionDenied
    if assessment.status not in EDITABLE:
        raise ValidationError(_("The self-assessment was already submitted."))
    unscored = assessment.entries.filter(criterion__method=Criterion.Method.MANUAL, self_points__isnull=True)
    if unscored.exists():
        codes = ", ".join(unscored.values_list("criterion__code", flat=True))
        raise ValidationError(_("Score every manual criterion first: %(codes)s.") % {"codes": codes})
    at = timezone.now()
    assessment.snapshot = make_snapshot(assessment, at)
    assessment.snapshot_hash = snapshot_hash(assessment.snapshot)
    assessment.status, assessment.submitted_at, assessment.submitted_by = (
        SelfAssessment.Status.SUBMITTED,
        at,
        by,
    )
    assessment.save()
    audit.record(
        AuditEvent.Action.UPDATE,
        assessment,
        by=by,
        changes={
            "step": "submitted",
            "total": assessment.snapshot["total"],
            "hash": assessment.snapshot_hash,
        },
    )
    return assessment


# --- Appraisal ----------------------------------------------------------------------------------------------


def _check_reviewing(assessment: SelfAssessment, by: User) -> None:
    if not permissions.can_appraise(by, assessment.commune):
        raise PermissionDenied
    if assessment.status != SelfAssessment.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted self-assessment is appraised."))


@transaction.atomic
def appraise_criterion(
    assessment: SelfAssessment, code: str, *, by: User, points: Decimal | None = None, reason: str = ""
) -> CriterionEntry:
    """The reviewer agrees with a criterion (no points), or sets another score with a reason."""
    assessment = locked(assessment)
    _check_reviewing(assessment, by)
    entry = entry_of(assessment, code)
    if points is None:
        entry.verdict, entry.appraised_points, entry.reason = (
            CriterionEntry.Verdict.AGREED,
            None,
            reason.strip(),
        )
    else:
        _check_points(points, entry.criterion)
        if not reason.strip():
            raise ValidationError(_("Give the reason for another score."))
        entry.verdict, entry.appraised_points, entry.reason = (
            CriterionEntry.Verdict.ADJUSTED,
            points,
            reason.strip(),
        )
    entry.save()
    audit.record(
        AuditEvent.Action.UPDATE,
        assessment,
        by=by,
        changes={
            "step": "criterion_appraised",
            "criterion": code,
            "verdict": entry.verdict,
            "points": str(points),
            "reason": entry.reason,
        },
    )
    return entry


@transaction.atomic
def return_self_assessment(assessment: SelfAssessment, *, by: User, note: str, due: date) -> SelfAssessment:
    """Back to the commune for more evidence, by a due date; the reviewer's views on criteria stay."""
    assessment = locked(assessment)
    _check_reviewing(assessment, by)
    if not note.strip():
        raise ValidationError(_("Say what more evidence is needed."))
    if due < timezone.localdate():
        raise ValidationError(_("The due date has passed."))
    assessment.status, assessment.return_note, assessment.return_due_on = (
        SelfAssessment.Status.RETURNED,
        note.strip(),
        due,
    )
    assessment.save()
    audit.record(
        AuditEvent.Action.UPDATE,
        assessment,
        by=by,
        changes={"step": "returned", "note": assessment.return_note, "due": str(due)},
    )
    _tell_the_commune_it_was_returned(assessment)
    return assessment


def _tell_the_commune_it_was_returned(assessment: SelfAssessment) -> None:
    """Through the outbox, in the same transaction: the official who submitted, and the commune's mailbox."""
    body = _(
        "The self-assessment %(year)s of %(commune)s was returned for more evidence, due %(due)s: %(note)s"
    ) % {
        "year": assessment.year,
        "commune": assessment.commune.name,
        "due": f"{assessment.return_due_on:%d/%m/%Y}",
        "note": assessment.return_note[:200],
    }
    submitter = Official.objects.filter(user=assessment.submitted_by_id, unit=assessment.commune_id).first()
    recipients = {official_contact(submitter)}
    if assessment.commune.email:
        recipients.add((Notification.Channel.EMAIL, assessment.commune.email))
    stamp = timezone.now().isoformat()
    for recipient in sorted(r for r in recipients if r is not None):
        channel, address = recipient
        queue_notification(
            unit=assessment.commune,
            channel=channel,
            recipient=address,
            body=body,
            dedupe_key=f"assessment:{assessment.pk}:returned:{stamp}:{channel}:{address}",
        )


def appraised_score(assessment: SelfAssessment) -> Score:
    """The submitted snapshot's score with the reviewer's adjustments (what approval decides on)."""
    entries = {e.criterion.code: e for e in assessment.entries.select_related("criterion")}
    snap = assessment.snapshot
    result = Score(snap["set"], ZERO, False, {})
    for group in assessment.criteria_set.groups.prefetch_related("criteria"):
        for criterion in group.criteria.all():
            frozen = snap["criteria"].get(criterion.code, {})
            points = frozen.get("points")
            result.criteria[criterion.code] = CriterionScore(
                criterion.code,
                group.code,
                criterion.name,
                criterion.method,
                criterion.points,
                frozen.get("value"),
                Decimal(str(points)) if points is not None else None,
            )
        result.groups[group.code] = (ZERO, group.points)
    _apply_appraisal(result, entries, assessment.criteria_set)
    return result


@transaction.atomic
def approve_self_assessment(assessment: SelfAssessment, *, by: User) -> SelfAssessment:
    """Approval: the appraised score against the set's pass rule gives the year's result."""
    assessment = locked(assessment)
    _check_reviewing(assessment, by)
    result = appraised_score(assessment)
    assessment.status, assessment.approved_at, assessment.approved_by = (
        SelfAssessment.Status.APPROVED,
        timezone.now(),
        by,
    )
    assessment.appraised_total, assessment.passed = result.total, result.passed
    assessment.save()
    audit.record(
        AuditEvent.Action.UPDATE,
        assessment,
        by=by,
        changes={"step": "approved", "total": str(result.total), "passed": result.passed},
    )
    return assessment
