"""Every write of the disclosure app: publish an item, record its postings, take a question about it,
announce, record consent, and the sweep that sends announcements when their time comes."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thanthien.core import audit, idempotency
from thanthien.core.text import fold_vietnamese, in_sentence, initials
from thanthien.disclosure import calendar, permissions
from thanthien.disclosure.files import check_file
from thanthien.disclosure.models import (
    Announcement,
    Beneficiary,
    DisclosureFile,
    DisclosureItem,
    DisclosureObligation,
    ItemQuestion,
    MessageConsent,
    Place,
    Posting,
)
from thanthien.feedback import services as feedback_services
from thanthien.feedback.models import FeedbackItem
from thanthien.notifications.services import queue_notification
from thanthien.units import queries as unit_queries
from thanthien.units.models import Household, Unit, User


def obligation_in_force(code: str, day: date) -> DisclosureObligation | None:
    """Return the obligation `code` in force on `day`."""
    return (
        DisclosureObligation.objects.filter(code=code, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


def _check_villages(commune: Unit, villages: list[Unit]) -> None:
    if any(village.parent_id != commune.pk for village in villages):
        raise ValidationError(_("A chosen village is not in this commune."))


@transaction.atomic
def publish_disclosure(
    commune: Unit,
    *,
    by: User,
    obligation: DisclosureObligation,
    title: str,
    approved_on: date,
    summary: str = "",
    approval_ref: str = "",
    villages: list[Unit] | None = None,
    files: "list[UploadedFile[bytes]] | None" = None,
    beneficiaries: str = "",
) -> DisclosureItem:
    """Record an item the commune publishes, with its files and its beneficiaries (minimised: see
    `minimised_beneficiaries`); its publication day comes from the obligation in force on the approval day.
    Every file and every beneficiary line is checked first: one bad one saves nothing."""
    if not permissions.can_publish_disclosure(by, commune):
        raise PermissionDenied
    files = files or []
    types = [check_file(upload) for upload in files]
    listed = minimised_beneficiaries(commune, beneficiaries)
    villages = villages or []
    _check_villages(commune, villages)
    in_force = obligation_in_force(obligation.code, approved_on) or obligation
    item = DisclosureItem.objects.create(
        commune=commune,
        obligation=obligation,
        title=title.strip(),
        summary=summary.strip(),
        approval_ref=approval_ref.strip(),
        approved_on=approved_on,
        due_on=calendar.due_on(approved_on, in_force.publish_within_days),
        min_posting_days=in_force.min_posting_days,
        search_key=fold_vietnamese(f"{title} {summary} {approval_ref}"),
        created_by=by,
    )
    item.villages.set(villages)
    Beneficiary.objects.bulk_create(
        Beneficiary(item=item, initials=who, village=village, detail=detail, order=order)
        for order, (who, village, detail) in enumerate(listed, start=1)
    )
    for upload, content_type in zip(files, types, strict=True):
        DisclosureFile.objects.create(
            item=item,
            file=upload,
            name=(upload.name or "")[:255],
            content_type=content_type,
            size=upload.size or 0,
        )
    audit.record(
        "disclosure.publish", item, by=by, changes={"files": len(files), "beneficiaries": len(listed)}
    )
    return item


def minimised_beneficiaries(commune: Unit, text: str) -> list[tuple[str, Unit | None, str]]:
    """Read the beneficiaries typed one a line, "Full name; Village; what they receive" (village and detail
    optional), into (initials, village, detail): the full name is never stored (least personal data, PDPL
    91/2025). Every line's error is listed (line, why); an unknown village is one."""
    villages = {fold_vietnamese(v.name): v for v in commune.children.all()}
    listed, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, village_name, detail = ([part.strip() for part in line.split(";")] + ["", ""])[:3]
        who = initials(name)
        village = villages.get(fold_vietnamese(village_name)) if village_name else None
        if not who:
            errors.append(_("Beneficiaries, line %(line)d: a name is missing.") % {"line": number})
        elif village_name and village is None:
            errors.append(
                _("Beneficiaries, line %(line)d: “%(village)s” is not a village of the commune.")
                % {"line": number, "village": village_name}
            )
        listed.append((who, village, detail[:300]))
    if errors:
        raise ValidationError(errors)
    return listed


@transaction.atomic
def record_posting(
    item: DisclosureItem,
    *,
    by: User,
    place: str,
    posted_on: date,
    village: Unit | None = None,
    taken_down_on: date | None = None,
) -> Posting:
    """Record that an item was posted at a place on a day (and, if known, taken down)."""
    item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
    if not permissions.can_publish_disclosure(by, item.commune):
        raise PermissionDenied
    if place == Place.CULTURE_HOUSE and village is None:
        raise ValidationError(_("Choose the village whose culture house it was posted at."))
    if village is not None:
        _check_villages(item.commune, [village])
    if taken_down_on is not None and taken_down_on < posted_on:
        raise ValidationError(_("The day taken down is before the day posted."))
    posting = Posting.objects.create(
        item=item,
        place=place,
        village=village,
        posted_on=posted_on,
        taken_down_on=taken_down_on,
        is_too_brief=calendar.is_too_brief(posted_on, taken_down_on, item.min_posting_days),
    )
    if item.first_posted_on is None or posted_on < item.first_posted_on:
        item.first_posted_on = posted_on
        item.save(update_fields=["first_posted_on", "updated_at"])
    audit.record("disclosure.post", item, by=by, changes={"place": place, "posted_on": str(posted_on)})
    return posting


@transaction.atomic
def take_down_posting(posting: Posting, *, by: User, taken_down_on: date) -> Posting:
    """Record the day a posting was taken down, and whether that was before the minimum period."""
    posting = Posting.objects.select_for_update().select_related("item__commune").get(pk=posting.pk)
    if not permissions.can_publish_disclosure(by, posting.item.commune):
        raise PermissionDenied
    if taken_down_on < posting.posted_on:
        raise ValidationError(_("The day taken down is before the day posted."))
    posting.taken_down_on = taken_down_on
    posting.is_too_brief = calendar.is_too_brief(
        posting.posted_on, taken_down_on, posting.item.min_posting_days
    )
    posting.save(update_fields=["taken_down_on", "is_too_brief", "updated_at"])
    audit.record("disclosure.take_down", posting.item, by=by, changes={"taken_down_on": str(taken_down_on)})
    return posting


@transaction.atomic
def ask_about_item(item: DisclosureItem, *, question: str, client_key: str = "") -> FeedbackItem:
    """Take a citizen's question about an item through the feedback intake, and link the two.

    No name or phone is asked: the citizen follows the answer with the feedback's tracking code.
    """
    content = _("Question about the disclosure “%(title)s”: %(question)s") % {
        "title": item.title,
        "question": question.strip(),
    }
    feedback = feedback_services.receive_feedback(
        item.commune,
        by=None,
        kind=FeedbackItem.Kind.QUESTION,
        channel=FeedbackItem.Channel.WEB_FORM,
        content=content,
        is_anonymous=True,
        client_key=client_key,
    )
    ItemQuestion.objects.get_or_create(feedback=feedback, defaults={"item": item})
    return feedback


# --- Announcements ----------------------------------------------------------------------------------------


def create_announcement(
    commune: Unit,
    *,
    by: User,
    category: str,
    title: str,
    body: str,
    publish_at: datetime,
    expires_at: datetime | None = None,
    villages: list[Unit] | None = None,
    image: "UploadedFile[bytes] | None" = None,
    client_key: str = "",
) -> Announcement:
    """Record an announcement; it goes public and out to households at `publish_at` (the sweep).

    With `client_key` (the form's hidden key), the same form sent twice records one announcement, so the
    households get it once; the same key for another announcement is refused.
    """
    if not permissions.can_publish_disclosure(by, commune):
        raise PermissionDenied
    arguments: dict[str, Any] = {
        "category": category,
        "title": title,
        "body": body,
        "publish_at": publish_at,
        "expires_at": expires_at,
        "villages": villages or [],
        "image": image,
    }
    return idempotency.create_once(
        "disclosure.announce",
        actor=by,
        client_key=client_key,
        content=[commune, *arguments.values()],  # the image by its name
        create=lambda: _create_announcement(commune, by=by, **arguments),
        model=Announcement,
    )


@transaction.atomic
def _create_announcement(
    commune: Unit,
    *,
    by: User,
    category: str,
    title: str,
    body: str,
    publish_at: datetime,
    expires_at: datetime | None,
    villages: list[Unit],
    image: "UploadedFile[bytes] | None",
) -> Announcement:
    if expires_at is not None and expires_at <= publish_at:
        raise ValidationError(_("The expiry is before the publication time."))
    _check_villages(commune, villages)
    announcement = Announcement.objects.create(
        commune=commune,
        category=category,
        title=title.strip(),
        body=body.strip(),
        publish_at=publish_at,
        expires_at=expires_at,
        image=image or "",
        created_by=by,
    )
    announcement.villages.set(villages)
    audit.record("announcement.create", announcement, by=by)
    return announcement


EDITABLE_FIELDS = ("category", "title", "body", "publish_at", "expires_at")


def _locked_announcement(announcement: Announcement, by: User) -> Announcement:
    announcement = Announcement.objects.select_for_update().select_related("commune").get(pk=announcement.pk)
    if not permissions.can_publish_disclosure(by, announcement.commune):
        raise PermissionDenied
    if announcement.cancelled_at is not None:
        raise ValidationError(_("The announcement was cancelled."))
    return announcement


@transaction.atomic
def edit_announcement(
    announcement: Announcement,
    *,
    by: User,
    villages: list[Unit] | None = None,
    image: Any = None,
    **fields: Any,
) -> Announcement:
    """Change an announcement before it goes out; once sent to households, it can only be cancelled."""
    announcement = _locked_announcement(announcement, by)
    if announcement.sent_at is not None:
        raise ValidationError(_("The announcement was already sent to households; cancel it instead."))
    publish_at = fields.get("publish_at", announcement.publish_at)
    expires_at = fields.get("expires_at", announcement.expires_at)
    if expires_at is not None and expires_at <= publish_at:
        raise ValidationError(_("The expiry is before the publication time."))
    before = {name: str(getattr(announcement, name)) for name in EDITABLE_FIELDS}
    for name in EDITABLE_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(announcement, name, value.strip() if isinstance(value, str) else value)
    if image:
        announcement.image = image
    announcement.save()
    if villages is not None:
        _check_villages(announcement.commune, villages)
        announcement.villages.set(villages)
    after = {name: str(getattr(announcement, name)) for name in EDITABLE_FIELDS}
    changes = {name: [before[name], after[name]] for name in EDITABLE_FIELDS if before[name] != after[name]}
    audit.record("announcement.edit", announcement, by=by, changes=changes)
    return announcement


@transaction.atomic
def cancel_announcement(announcement: Announcement, *, by: User, reason: str) -> Announcement:
    """Take an announcement off the public site now; if it has not gone out, it never will. Messages
    already sent cannot be called back (the list shows how many went)."""
    announcement = _locked_announcement(announcement, by)
    if not reason.strip():
        raise ValidationError(_("Say why the announcement is cancelled."))
    announcement.cancelled_at, announcement.cancel_reason = timezone.now(), reason.strip()[:300]
    announcement.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
    audit.record("announcement.cancel", announcement, by=by, changes={"reason": announcement.cancel_reason})
    return announcement


def new_year_greeting(commune: Unit, year: int) -> dict[str, str]:
    """The chairman's Lunar New Year greeting as a draft announcement (category, title, body) to adapt."""
    head = unit_queries.leaders(commune).first()
    signer = f"{head.title} {head.full_name}" if head else _("The Chairman of the People's Committee")
    return {
        "category": Announcement.Category.GREETING,
        "title": _("New Year greeting %(year)s from the Chairman of %(commune)s")
        % {"year": year, "commune": in_sentence(commune.name)},
        "body": _(
            "On the occasion of the Lunar New Year %(year)s, the People's Committee of %(commune)s "
            "respectfully sends to all households, the elderly, families of war invalids and martyrs, and "
            "every citizen its best wishes for health, peace and happiness. May the new year bring every "
            "family prosperity, and may we together build an ever more friendly government that serves "
            "the people.\n\n"
            "%(signer)s"
        )
        % {"year": year, "commune": in_sentence(commune.name), "signer": signer},
    }


@transaction.atomic
def record_consent(
    household: Household, *, by: User, channel: str, purpose: str, given_on: date
) -> MessageConsent:
    """Record a household's consent to get announcements on a channel (PDPL 91/2025: purpose and day)."""
    if not permissions.can_publish_disclosure(by, household.village.parent):
        raise PermissionDenied
    consent = MessageConsent.objects.create(
        household=household, channel=channel, purpose=purpose, given_on=given_on, recorded_by=by
    )
    audit.record("consent.give", consent, by=by, changes={"channel": channel})
    return consent


@transaction.atomic
def withdraw_consent(consent: MessageConsent, *, by: User, withdrawn_on: date) -> MessageConsent:
    """Record that a household withdrew its consent: from that day it gets nothing more."""
    consent = (
        MessageConsent.objects.select_for_update().select_related("household__village").get(pk=consent.pk)
    )
    if not permissions.can_publish_disclosure(by, consent.household.village.parent):
        raise PermissionDenied
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    audit.record("consent.withdraw", consent, by=by)
    return consent


def consents_in_force(commune: Unit, day: date, villages: list[Unit]) -> Any:
    """The consents of the commune's (or these villages') active households given by `day`, not withdrawn."""
    consents = MessageConsent.objects.filter(
        household__village__parent=commune, household__is_active=True, given_on__lte=day
    ).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
    if villages:
        consents = consents.filter(household__village__in=villages)
    return consents.exclude(household__phone="").select_related("household")


def message_of(announcement: Announcement) -> str:
    return f"{announcement.commune.name}: {announcement.title}. {announcement.body}"[:600]


@dataclass
class SweepResult:
    announcements: int = 0
    messages: int = 0


def send_due_announcements(now: datetime | None = None) -> SweepResult:
    """Send every announcement whose time has come and that has not been sent: one message per consenting
    household and channel. Safe to run twice: a sent announcement is skipped, and each message has a key."""
    now = now or timezone.now()
    result = SweepResult()
    due = Announcement.objects.filter(sent_at__isnull=True, publish_at__lte=now, cancelled_at=None)
    for pk in due.values_list("pk", flat=True):
        result.messages += _send_announcement(pk, now)
        result.announcements += 1
    return result


@transaction.atomic
def _send_announcement(pk: int, now: datetime) -> int:
    announcement = Announcement.objects.select_for_update().select_related("commune").get(pk=pk)
    if announcement.sent_at is not None or announcement.cancelled_at is not None:
        return 0
    if announcement.expires_at is not None and announcement.expires_at <= now:
        sent = 0  # expired before it could go out: nothing is sent late
    else:
        day = timezone.localdate(now)
        body = message_of(announcement)
        sent = 0
        for consent in consents_in_force(announcement.commune, day, list(announcement.villages.all())):
            key = f"announcement:{announcement.pk}:{consent.household_id}:{consent.channel}"
            queue_notification(
                unit=announcement.commune,
                recipient=consent.household.phone,
                body=body,
                channel=consent.channel,
                dedupe_key=key,
            )
            sent += 1
    announcement.sent_at = now
    announcement.save(update_fields=["sent_at", "updated_at"])
    return sent


# --- Reminders ---------------------------------------------------------------------------------------------

REMIND_DAYS_BEFORE = 3


def reminder_text(item: DisclosureItem, state: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        if state == calendar.OVERDUE:
            text = _("Disclosure overdue: “%(title)s” was to be posted by %(day)s.")
        else:
            text = _("Disclosure due: post “%(title)s” by %(day)s.")
        return text % {"title": item.title[:80], "day": f"{item.due_on:%d/%m/%Y}"}


@transaction.atomic
def remind_due_disclosures(today: date) -> int:
    """Remind each commune's leaders of items due within a few days or overdue and still not posted: once
    per item and state (the key), so a second run the same day, or the next day, queues nothing new."""
    items = DisclosureItem.objects.filter(
        first_posted_on__isnull=True,
        due_on__isnull=False,
        due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("commune")
    queued = 0
    for item in items:
        state = calendar.publication_state(item.due_on, None, today)
        for official_id, phone in unit_queries.leader_phones(item.commune):
            queue_notification(
                unit=item.commune,
                recipient=phone,
                body=reminder_text(item, state),
                dedupe_key=f"disclosure-reminder:{item.pk}:{state}:official:{official_id}",
            )
            queued += 1
    return queued
