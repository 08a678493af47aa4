"""Every write of letters: draft (once per event), issue with a register number, cancel, upload a template.

Dossiers and feedback cannot import this app (it depends on them): their services run hooks
(dossiers.hooks, feedback.hooks) to which apps.LettersConfig.ready registers the helpers below, so the
letter is drafted inside their transaction; this app calls nobody back. A letter's `source_key` is
unique, so an event drafts one letter however often its trigger runs, and the sweep drafts whatever a
crash left out.
"""

import logging
import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core import audit, idempotency
from thanthien.core.formatting import format_date
from thanthien.core.models import AuditEvent
from thanthien.core.numbering import next_number
from thanthien.core.phones import normalise_phone
from thanthien.dossiers.models import Dossier, Postponement
from thanthien.feedback.models import SenderIdentity
from thanthien.letters import documents, messages, permissions, rendering
from thanthien.letters.kinds import LETTER_KINDS, TemplateKind, allowed_fields
from thanthien.letters.models import Letter, LetterTemplate, PrintJob
from thanthien.notifications.services import queue_notification
from thanthien.procedures.models import Procedure
from thanthien.units.models import Household, Unit, User

# Which letter a completed civil-status registration drafts (seed 004: handed over with the certificate).
RESULT_KIND_LETTERS: dict[str, str] = {
    Procedure.ResultKind.BIRTH: TemplateKind.BIRTH,
    Procedure.ResultKind.MARRIAGE: TemplateKind.MARRIAGE,
    Procedure.ResultKind.DEATH: TemplateKind.CONDOLENCE,
}
# A dossier counts as completed when its result is ready: the letter is drafted then, so the leader can
# sign it before the citizen comes for the certificate. The sweep also takes returned dossiers.
COMPLETED = (Dossier.Status.READY, Dossier.Status.RETURNED)
# The sweep looks back this far; older events (and imported dossiers) never draft letters by themselves.
SWEEP_LOOKBACK = timedelta(days=30)
MAX_BATCH = 500
logger = logging.getLogger(__name__)


# --- Drafting -------------------------------------------------------------------------------------------
@transaction.atomic
def draft_letter(
    commune: Unit,
    *,
    kind: str,
    source_key: str,
    recipient_name: str,
    recipient_address: str = "",
    recipient_phone: str = "",
    has_sms_consent: bool = False,
    fields: dict[str, str] | None = None,
    event_label: str = "",
    dossier: Dossier | None = None,
    postponement: Postponement | None = None,
    household: Household | None = None,
    sender_identity: Any = None,
    by: User | None = None,
) -> Letter:
    """Draft one letter for one event, once: a second call with the same `source_key` returns the first.

    `by` is None when a trigger or the sweep drafts it; a person drafting needs `can_draft_letter`.
    `fields` fills the kind's own placeholders (e.g. {"contribution": "..."} for thanks); every value is
    text as it will be printed.
    """
    if by is not None and not permissions.can_draft_letter(by, commune):
        raise PermissionDenied
    _check_draft(commune, kind, source_key, recipient_name, fields or {})
    actor = by if getattr(by, "is_authenticated", False) else None
    letter, created = Letter.objects.get_or_create(
        source_key=source_key,
        defaults={
            "commune": commune,
            "kind": kind,
            "recipient_name": " ".join(recipient_name.split()),
            "recipient_address": recipient_address.strip(),
            "recipient_phone": recipient_phone.strip(),
            "has_sms_consent": has_sms_consent,
            "fields": {key: str(value) for key, value in (fields or {}).items()},
            "event_label": event_label.strip()[:255],
            "dossier": dossier,
            "postponement": postponement,
            "household": household,
            "sender_identity": sender_identity,
            "drafted_at": timezone.now(),
            "drafted_by": actor,
        },
    )
    if created:
        audit.record(AuditEvent.Action.CREATE, letter, by=by, changes={"kind": kind, "source": source_key})
    return letter


def write_letter(
    commune: Unit,
    *,
    kind: str,
    recipient_name: str,
    recipient_address: str = "",
    fields: dict[str, str] | None = None,
    event_label: str = "",
    by: User,
    client_key: str = "",
) -> Letter:
    """Draft a letter a person writes themself, about no recorded event (a thank-you to a benefactor).

    With `client_key` (the form's hidden key), the same form sent twice drafts one letter: the repeat
    returns the first (`idempotency.was_replayed` tells it); the same key for another letter is refused.
    """
    if not permissions.can_draft_letter(by, commune):
        raise PermissionDenied
    arguments: dict[str, Any] = {
        "kind": kind,
        "recipient_name": recipient_name,
        "recipient_address": recipient_address,
        "fields": fields or {},
        "event_label": event_label,
    }

    def draft() -> Letter:
        # No event to key it by: a fresh key of its own; the client key (when given) keeps it to one.
        source_key = f"staff:{by.pk}:{uuid.uuid4().hex}"
        return draft_letter(commune, source_key=source_key, by=by, **arguments)

    return idempotency.create_once(
        "letters.write",
        actor=by,
        client_key=client_key,
        content=[commune, *arguments.values()],
        create=draft,
        model=Letter,
    )


def _check_draft(commune: Unit, kind: str, source_key: str, name: str, fields: dict[str, str]) -> None:
    if commune.level != Unit.Level.COMMUNE:
        raise ValidationError(_("Letters are sent by a commune."))
    if kind not in LETTER_KINDS:
        raise ValidationError(_("Unknown kind of letter: %(kind)s") % {"kind": kind})
    longest = Letter._meta.get_field("source_key").max_length
    if not source_key.strip() or len(source_key) > longest:  # type: ignore[operator]  # a CharField's is set
        raise ValidationError(_("A letter needs the key of the event it is about."))
    if not name.strip():
        raise ValidationError(_("Enter the recipient's name."))
    unknown = sorted(set(fields) - allowed_fields(kind))
    if unknown:
        raise ValidationError(
            _("Unknown fields for this letter: %(fields)s") % {"fields": ", ".join(unknown)}
        )


def draft_letter_for_dossier(dossier: Dossier) -> Letter | None:
    """Draft the congratulation or condolence letter of a completed birth, marriage or death registration.

    Return None for a dossier of any other procedure, or one imported from another system.
    """
    kind = RESULT_KIND_LETTERS.get(dossier.procedure.result_kind)
    if kind is None or dossier.is_imported:
        return None
    ready_on = timezone.localdate(dossier.ready_at) if dossier.ready_at else timezone.localdate()
    return draft_letter(
        dossier.commune,
        kind=kind,
        source_key=f"dossier:{dossier.pk}:{kind}",
        recipient_name=dossier.applicant_name,
        recipient_address=dossier.applicant_address,
        recipient_phone=dossier.applicant_phone,
        fields={
            "event_date": format_date(ready_on),
            "procedure_name": dossier.procedure.name,
            "honorific": documents.honorific(dossier.applicant_gender),
        },
        event_label=_("Dossier %(code)s") % {"code": dossier.code},
        dossier=dossier,
    )


def draft_apology_letter(postponement: Postponement) -> Letter:
    """Draft the apology letter that goes with an issued apology slip (once per slip)."""
    dossier = postponement.dossier
    return draft_letter(
        dossier.commune,
        kind=TemplateKind.APOLOGY,
        source_key=f"postponement:{postponement.pk}:apology",
        recipient_name=dossier.applicant_name,
        recipient_address=dossier.applicant_address,
        recipient_phone=dossier.applicant_phone,
        fields={
            "dossier_code": dossier.code,
            "procedure_name": dossier.procedure.name,
            "received_on": format_date(timezone.localdate(dossier.received_at)),
            "old_due_date": format_date(postponement.old_due_on),
            "new_due_date": format_date(postponement.new_due_on),
            "reason": postponement.reason,
            "honorific": documents.honorific(dossier.applicant_gender),
        },
        event_label=_("Apology slip of dossier %(code)s") % {"code": dossier.code},
        dossier=dossier,
        postponement=postponement,
    )


def draft_thanks_letter(sender: SenderIdentity) -> str:
    """Draft the thank-you letter to the sender of a useful contribution; return its reference "letter:<pk>".

    The letter names the sender only by reference to the encrypted identity: its title, the letters list,
    the audit log, batches and print jobs carry "Sender of <code>". Only an identity reader's own download
    prints the real name and address (letters.views.download, audited).
    """
    item = sender.item
    if item is None:  # a reception visitor's row: feedback runs the hook only for an item's own sender
        return ""
    code = {"code": item.tracking_code}
    letter = draft_letter(
        item.unit,
        kind="thanks",
        source_key=f"feedback:{item.pk}:thanks",
        recipient_name=str(_("Sender of %(code)s") % code),
        sender_identity=sender,
        fields={"contribution": _("sent a useful contribution (code %(code)s) to the commune") % code},
        event_label=_("Feedback %(code)s") % code,
    )
    return f"letter:{letter.pk}"


@transaction.atomic
def draft_new_year_letters(village: Unit, *, year: int, by: User) -> list[Letter]:
    """Draft a New Year letter for every active household of a village (once per household and year)."""
    commune = village.parent
    if village.level != Unit.Level.VILLAGE or commune is None:
        raise ValidationError(_("Choose a village."))
    if not permissions.can_draft_letter(by, commune):
        raise PermissionDenied
    households = list(village.households.filter(is_active=True))
    if not households:
        raise ValidationError(_("%(village)s has no households recorded.") % {"village": village.name})
    fields = {"year": str(year), "lunar_year": documents.lunar_year_name(year)}
    return [
        draft_letter(
            commune,
            kind=TemplateKind.NEW_YEAR,
            source_key=f"household:{household.pk}:new_year:{year}",
            recipient_name=household.head_name,
            recipient_address=household.address or village.name,
            recipient_phone=household.phone,
            has_sms_consent=household.has_sms_consent,
            fields=fields,
            event_label=_("New Year %(year)s, %(village)s") % {"year": year, "village": village.name},
            household=household,
            by=by,
        )
        for household in households
    ]


@transaction.atomic
def change_draft(
    letter: Letter,
    *,
    by: User,
    recipient_name: str,
    recipient_address: str = "",
    recipient_phone: str = "",
    has_sms_consent: bool = False,
) -> Letter:
    """Correct a draft's recipient before signing, and record whether they agreed to SMS/Zalo.

    A dossier's applicant gives a phone for the dossier's messages, not for letters: the consent is asked
    and ticked here (or comes with the household).
    """
    letter = Letter.objects.select_for_update(of=("self",)).select_related("commune").get(pk=letter.pk)
    if not permissions.can_draft_letter(by, letter.commune):
        raise PermissionDenied
    if letter.status != Letter.Status.DRAFT:
        raise ValidationError(_("Only a draft can be changed."))
    if letter.sender_identity_id is not None:
        # A petition's sender stays in the encrypted identity store: nobody types them back in clear.
        raise ValidationError(_("This letter's recipient is kept secret and cannot be changed here."))
    if not recipient_name.strip():
        raise ValidationError(_("Enter the recipient's name."))
    phone = normalise_phone(recipient_phone)
    if has_sms_consent and not phone:
        raise ValidationError(_("Consent to messages needs a phone number."))
    fields = ["recipient_name", "recipient_address", "recipient_phone", "has_sms_consent"]
    before = {name: getattr(letter, name) for name in fields}
    letter.recipient_name = " ".join(recipient_name.split())
    letter.recipient_address, letter.recipient_phone = recipient_address.strip(), phone
    letter.has_sms_consent = has_sms_consent
    letter.save(update_fields=[*fields, "updated_at"])
    audit.record(AuditEvent.Action.UPDATE, letter, by=by, changes=audit.diff(letter, before, fields))
    return letter


# --- Issuing: the register ------------------------------------------------------------------------------
@transaction.atomic
def issue_letters(
    letters: Iterable[Letter], *, by: User, capacity: str = "", today: date | None = None
) -> list[Letter]:
    """Approve and sign drafts: each gets the next number of its commune's register of the year.

    All or nothing. The letters are locked first (in one ordered query), then each commune's counter row,
    in the same transaction as the numbers: two leaders issuing at once get consecutive numbers, never the
    same one, and a failure gives back its numbers (no gap). Decree 30/2020 art. 15: numbers run from 01 on
    1 January to 31 December. Citizens who agreed to it get the letter's text by SMS/Zalo.
    """
    ids = sorted({letter.pk for letter in letters})
    if not ids:
        raise ValidationError(_("No letters chosen."))
    if len(ids) > MAX_BATCH:
        raise ValidationError(_("Choose at most %(max)d letters at once.") % {"max": MAX_BATCH})
    locked = list(
        Letter.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("commune")
        .order_by("pk")
    )
    day = today or timezone.localdate()
    for letter in locked:
        _check_issue(letter, by)
    return [_issue(letter, by=by, capacity=capacity, day=day) for letter in locked]


def issue_letter(letter: Letter, *, by: User, capacity: str = "", today: date | None = None) -> Letter:
    """Approve, sign and number one draft (see `issue_letters`)."""
    return issue_letters([letter], by=by, capacity=capacity, today=today)[0]


def _check_issue(letter: Letter, by: User) -> None:
    if not permissions.can_issue_letter(by, letter):
        raise PermissionDenied
    if letter.status != Letter.Status.DRAFT:
        raise ValidationError(
            _("Letter to %(name)s was already issued or cancelled.") % {"name": letter.recipient_name}
        )


def _issue(letter: Letter, *, by: User, capacity: str, day: date) -> Letter:
    template = rendering.template_in_force(letter.commune, letter.kind, day)
    official = getattr(by, "official", None)
    capacity = capacity or documents.capacity_for_title(official.title if official else "")
    if capacity not in Letter.Capacity.values:
        raise ValidationError(_("Choose how the letter is signed."))
    letter.year, letter.register_number = day.year, _next_number(letter.commune, day.year)
    letter.status, letter.symbol, letter.template = Letter.Status.ISSUED, template.symbol, template
    letter.issued_on, letter.issued_at = day, timezone.now()
    letter.signed_by, letter.capacity = by, capacity
    letter.signer_name = official.full_name if official else (by.full_name or by.username)
    letter.save(
        update_fields=[
            "year",
            "register_number",
            "status",
            "symbol",
            "template",
            "issued_on",
            "issued_at",
            "signed_by",
            "capacity",
            "signer_name",
            "updated_at",
        ]
    )
    audit.record(
        AuditEvent.Action.UPDATE,
        letter,
        by=by,
        changes={"status": "issued", "number": letter.register_number},
    )
    if letter.has_sms_consent and letter.recipient_phone:
        queue_notification(
            unit=letter.commune,
            recipient=letter.recipient_phone,
            body=messages.sms_text(letter),
            dedupe_key=f"letter:{letter.pk}:issued",
        )
    return letter


def _next_number(commune: Unit, year: int) -> int:
    """Return the next number of the commune's letter register for `year` (Decree 30/2020 art. 15)."""
    return next_number("letters", commune, year)


@transaction.atomic
def cancel_letters(letters: Iterable[Letter], *, by: User, reason: str = "") -> list[Letter]:
    """Drop drafts that should not be sent; they stay (cancelled) so the event never drafts them again."""
    ids = sorted({letter.pk for letter in letters})
    if not ids:
        raise ValidationError(_("No letters chosen."))
    locked = list(
        Letter.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("commune")
        .order_by("pk")
    )
    for letter in locked:
        if not permissions.can_cancel_letter(by, letter):
            raise PermissionDenied
        if letter.status != Letter.Status.DRAFT:
            raise ValidationError(_("Only a draft can be cancelled."))
        letter.status, letter.cancel_reason = Letter.Status.CANCELLED, reason.strip()[:500]
        letter.save(update_fields=["status", "cancel_reason", "updated_at"])
        audit.record(AuditEvent.Action.UPDATE, letter, by=by, changes={"status": "cancelled"})
    return locked


# --- Templates ------------------------------------------------------------------------------------------
@transaction.atomic
def upload_template(
    commune: Unit,
    *,
    kind: str,
    content: bytes,
    file_name: str,
    valid_from: date,
    legal_basis: str,
    symbol: str = "",
    by: User,
) -> LetterTemplate:
    """Add a commune's own Word template of `kind`, in force from `valid_from`.

    The placeholders are checked first: with an unknown or a missing field nothing is saved and the
    template in force stays.
    """
    if not permissions.can_manage_templates(by, commune):
        raise PermissionDenied
    if kind not in TemplateKind.values:
        raise ValidationError(_("Unknown kind of letter: %(kind)s") % {"kind": kind})
    if not legal_basis.strip():
        raise ValidationError(_("Give the legal basis of the template."))
    rendering.check_template(kind, content)
    template = LetterTemplate.objects.create(
        kind=kind,
        commune=commune,
        valid_from=valid_from,
        legal_basis=legal_basis.strip(),
        symbol=symbol.strip().upper(),
        content=content,
        file_name=file_name[:200],
        uploaded_by=by,
    )
    audit.record(AuditEvent.Action.CREATE, template, by=by, changes={"kind": kind, "file": file_name})
    return template


# --- The sweep ------------------------------------------------------------------------------------------
def sweep_letters(now: Any = None) -> list[Letter]:
    """Draft the letters of recent events that have none: completed registrations, issued apology slips.

    Safe to run twice or after a crash: an event with a letter (drafted, issued or cancelled) is passed
    over, and `draft_letter` is idempotent by the event's key even when two sweeps race.
    """
    since = (now or timezone.now()) - SWEEP_LOOKBACK
    drafted: list[Letter] = []
    dossiers = (
        Dossier.objects.filter(
            status__in=COMPLETED,
            is_imported=False,
            ready_at__gte=since,
            procedure__result_kind__in=list(RESULT_KIND_LETTERS),
        )
        .exclude(letters__kind__in=list(RESULT_KIND_LETTERS.values()))
        .select_related("commune", "procedure")
    )
    for dossier in dossiers.iterator(chunk_size=200):
        letter = draft_letter_for_dossier(dossier)
        if letter is not None:
            drafted.append(letter)
    postponements = Postponement.objects.filter(
        status=Postponement.Status.ISSUED, issued_at__gte=since, letters__isnull=True
    ).select_related("dossier__commune", "dossier__procedure")
    drafted.extend(draft_apology_letter(postponement) for postponement in postponements.iterator(200))
    return drafted


# --- Print jobs: a batch made into one file in the background ------------------------------------------
PRINT_LEASE = timedelta(minutes=10)  # a job "being made" longer than this lost its worker: made again
PRINT_KEPT = timedelta(days=7)  # files are deleted after a week; the letters stay and can be printed again


@transaction.atomic
def request_print(letters: Iterable[Letter], extension: str, *, by: User) -> PrintJob:
    """Queue the letters (already scoped to `by`) to be made into one file; the worker makes it after the
    commit (`make_print_file`). The letters print in register order."""
    ordered = sorted(letters, key=lambda letter: (letter.register_number or 0, letter.pk))
    if not ordered:
        raise ValidationError(_("No letters chosen."))
    if len(ordered) > MAX_BATCH:
        raise ValidationError(_("Choose at most %(max)d letters at once.") % {"max": MAX_BATCH})
    if extension not in PrintJob.Format.values:
        raise ValidationError(_("Unknown file format."))
    if extension == PrintJob.Format.PDF and rendering.soffice_path() is None:
        raise ValidationError(_("PDF needs LibreOffice, which is not installed on the server."))
    job = PrintJob.objects.create(
        requested_by=by, letter_ids=[letter.pk for letter in ordered], format=extension
    )
    audit.record(
        AuditEvent.Action.CREATE, job, by=by, changes={"letters": job.letter_ids, "format": extension}
    )
    transaction.on_commit(lambda: _queue_print_file(job.pk))
    return job


def _queue_print_file(job_id: int) -> None:
    from thanthien.letters.tasks import make_print_file_task  # the task module imports this one

    make_print_file_task(job_id)


def make_print_file(job_id: int, today: date | None = None) -> PrintJob | None:
    """Make a waiting job's file. Safe to run twice or in two workers: the job is claimed first, and a
    second run finds it claimed or made and does nothing (returns None)."""
    now = timezone.now()
    claimed = PrintJob.objects.filter(pk=job_id, status=PrintJob.Status.QUEUED).update(
        status=PrintJob.Status.RUNNING, started_at=now, updated_at=now
    )
    if not claimed:
        return None
    job = PrintJob.objects.get(pk=job_id)
    letters = Letter.objects.filter(pk__in=job.letter_ids).select_related("commune", "template")
    by_id = {letter.pk: letter for letter in letters}
    try:
        content = rendering.batch_file(
            [by_id[pk] for pk in job.letter_ids if pk in by_id], job.format, today or timezone.localdate()
        )
    except ValidationError as error:
        return _finish_print(job, PrintJob.Status.FAILED, error=" ".join(error.messages))
    except Exception:  # a broken file or template: said on the job's page, never retried in a loop
        logger.exception("print job %s failed", job.pk)
        return _finish_print(job, PrintJob.Status.FAILED, error=_("The file could not be made."))
    return _finish_print(job, PrintJob.Status.DONE, content=content)


def _finish_print(job: PrintJob, status: str, *, content: bytes = b"", error: str = "") -> PrintJob:
    job.status, job.content, job.error, job.finished_at = status, content, error[:500], timezone.now()
    job.save(update_fields=["status", "content", "error", "finished_at", "updated_at"])
    return job


def sweep_print_jobs(now: Any = None) -> dict[str, int]:
    """Queue again the jobs whose worker was lost (being made past the lease, or waiting with no task),
    make them, and delete the files of a week ago. Safe to run twice."""
    now = now or timezone.now()
    deleted, _counts = PrintJob.objects.filter(created_at__lt=now - PRINT_KEPT).delete()
    lost = PrintJob.objects.filter(status=PrintJob.Status.RUNNING, started_at__lt=now - PRINT_LEASE)
    requeued = lost.update(status=PrintJob.Status.QUEUED, updated_at=now)
    waiting = PrintJob.objects.filter(
        status=PrintJob.Status.QUEUED, created_at__lt=now - timedelta(minutes=1)
    )
    made = sum(make_print_file(pk) is not None for pk in waiting.values_list("pk", flat=True))
    return {"deleted": deleted, "requeued": requeued, "made": made}
