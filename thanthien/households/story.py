"""What the commune did with a household, gathered from the other apps (read only; no consent check here).

The link (README "Household story and consent"): a household is linked to the records made under its phones
— the household's own phone and the members' phones it names in its consent — in its own commune:
- dossiers whose applicant's phone is one of them;
- letters addressed to the household, or drafted from one of those dossiers (birth, marriage, condolence);
  never a thank-you letter to a petition's sender (it names an encrypted identity);
- feedback the commune answered by a message to one of the phones; never a denunciation nor an anonymous
  item (Law on Denunciations arts. 8(3), 56: a denouncer is never tied to a household), and never the
  content: kind, topic, date and status only;
- field visits of the commune's leaders to the household's village;
- ratings given on those dossiers: the day only, never the level, reasons or comment (ratings are anonymous);
- messages the outbox sent to the phones, except those to the person as an official or staff member and
  those about a feedback item or a letter left out above.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core.phones import normalise_phone
from thanthien.dossiers.models import Dossier
from thanthien.feedback.models import FeedbackItem
from thanthien.letters.models import Letter
from thanthien.notifications.models import Notification
from thanthien.ratings.models import Rating
from thanthien.reception.models import FieldVisit
from thanthien.units.models import Household, Unit

LIMIT = 200  # entries of each kind, newest first: a page, not an export
FEEDBACK_KEY = re.compile(r"^feedback:(\d+):(answer|transferred)$")
LETTER_KEY = re.compile(r"^letter:(\d+):")
STAFF_KEY = re.compile(
    r":(official|user):\d+$"
)  # a reminder to the person as an official, not as a household


@dataclass(frozen=True)
class Entry:
    on: date
    kind: str  # dossier, letter, feedback, visit, rating, message
    label: str
    detail: str = ""


def household_phones(household: Household, phones: list[str]) -> set[str]:
    """The household's phone and the members' phones, as the system stores phones (digits, leading 0)."""
    found = set()
    for raw in [household.phone, *phones]:
        try:
            found.add(normalise_phone(raw or ""))
        except ValidationError:
            found.add("")  # a malformed phone links nothing
    return found - {""}


def _day(moment: datetime | date | None) -> date:
    if isinstance(moment, datetime):
        return timezone.localdate(moment)
    return moment or date.min


def entries_of(household: Household, commune: Unit, phones: list[str]) -> list[Entry]:
    """Every entry of the household's story in `commune`, newest first."""
    numbers = household_phones(household, phones)
    dossiers = list(
        Dossier.objects.filter(commune=commune, applicant_phone__in=numbers)
        .select_related("procedure")
        .order_by("-received_at")[:LIMIT]
    )
    entries = [
        Entry(
            _day(d.received_at),
            "dossier",
            f"{d.code} · {d.procedure.name}",
            f"{d.applicant_name} · {d.get_status_display()}",
        )
        for d in dossiers
    ]
    letters = list(
        Letter.objects.filter(commune=commune, status=Letter.Status.ISSUED, sender_identity__isnull=True)
        .filter(Q(household=household) | Q(dossier__in=[d.pk for d in dossiers]))
        .order_by("-issued_on")[:LIMIT]
    )
    entries += [
        Entry(
            letter.issued_on,  # type: ignore[arg-type]  # an issued letter has its day
            "letter",
            letter.get_kind_display(),
            f"{letter} · {letter.event_label}".strip(" ·"),
        )
        for letter in letters
    ]
    shown_letters = {letter.pk for letter in letters}
    messages = list(
        Notification.objects.filter(
            unit=commune, recipient__in=numbers, status=Notification.Status.SENT
        ).order_by("-sent_at")[: LIMIT * 2]
    )
    answered = {int(m.group(1)) for m in (FEEDBACK_KEY.match(n.dedupe_key) for n in messages) if m}
    feedback = (
        FeedbackItem.objects.filter(pk__in=answered, unit=commune, is_anonymous=False)
        .exclude(kind=FeedbackItem.Kind.DENUNCIATION)
        .order_by("-received_on")[:LIMIT]
    )
    shown_feedback = set()
    for item in feedback:
        shown_feedback.add(item.pk)
        entries.append(
            Entry(
                item.received_on,
                "feedback",
                f"{item.get_kind_display()} · {item.get_topic_display()}",
                f"{item.tracking_code} · {item.get_status_display()}",
            )
        )
    visits = FieldVisit.objects.filter(commune=commune, village=household.village).order_by("-visited_on")[
        :LIMIT
    ]
    entries += [Entry(visit.visited_on, "visit", visit.purpose, household.village.name) for visit in visits]
    ratings = Rating.objects.filter(unit=commune, dossier__in=[d.pk for d in dossiers]).select_related(
        "dossier"
    )
    entries += [
        # Ratings of the household's dossiers (dossier__in above): each has its dossier.
        Entry(_day(rating.rated_at), "rating", _("A rating was given"), rating.dossier.code)  # type: ignore[union-attr]
        for rating in ratings.order_by("-rated_at")[:LIMIT]
    ]
    for message in messages:
        about = FEEDBACK_KEY.match(message.dedupe_key)
        letter_sent = LETTER_KEY.match(message.dedupe_key)
        if (
            STAFF_KEY.search(message.dedupe_key)
            or (about and int(about.group(1)) not in shown_feedback)
            or (letter_sent and int(letter_sent.group(1)) not in shown_letters)
        ):
            continue
        entries.append(Entry(_day(message.sent_at), "message", message.get_channel_display(), message.body))
    return sorted(entries, key=lambda entry: entry.on, reverse=True)
