"""Reads of the disclosure app: what the public sees, the obligations calendar and its compliance counts."""

from datetime import date, datetime

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from thanthien.core.text import fold_vietnamese
from thanthien.disclosure.calendar import Compliance, publication_state
from thanthien.disclosure.models import Announcement, DisclosureItem, MessageConsent, Posting
from thanthien.notifications.models import Notification
from thanthien.units.models import Unit

# Words a loudspeaker reader says in a minute (Vietnamese news reading, about 2 words a second).
WORDS_PER_MINUTE = 120


def public_items(commune: Unit) -> QuerySet[DisclosureItem]:
    """The items of a commune the public sees: those posted somewhere."""
    return (
        DisclosureItem.objects.filter(commune=commune, first_posted_on__isnull=False)
        .select_related("obligation")
        .order_by("-first_posted_on", "-id")
    )


def search_items(items: QuerySet[DisclosureItem], query: str) -> QuerySet[DisclosureItem]:
    """Keep the items whose title, summary or approval contain every word of `query`, diacritics or not."""
    for word in fold_vietnamese(query).split():
        items = items.filter(search_key__contains=word)
    return items


def compliance_counts(
    items: QuerySet[DisclosureItem], first: date, last: date, as_of: date
) -> dict[str, int]:
    """Of the items due to be published between two days: on time, late, overdue (not posted by `as_of`)
    and posted too briefly somewhere. `due` counts all of them (calendar.publication_state, in SQL).
    `posted` is what the board calls "disclosures this month/year": items first posted between the two
    days, whenever they were due."""
    too_brief = Posting.objects.filter(item=OuterRef("pk"), is_too_brief=True)
    posted = Q(first_posted_on__isnull=False)
    due = Q(due_on__gte=first, due_on__lte=last)
    posted_within = Q(first_posted_on__gte=first, first_posted_on__lte=last)
    counted = items.filter(due | posted_within).aggregate(
        due=Count("pk", filter=due),
        published_on_time=Count("pk", filter=due & posted & Q(first_posted_on__lte=F("due_on"))),
        late=Count("pk", filter=due & posted & Q(first_posted_on__gt=F("due_on"))),
        overdue=Count("pk", filter=due & Q(first_posted_on__isnull=True, due_on__lt=as_of)),
        too_brief=Count("pk", filter=due & Exists(too_brief)),  # type: ignore[arg-type]  # Q & Exists: a Q
        posted=Count("pk", filter=posted_within),
    )
    return {key: value or 0 for key, value in counted.items()}


def compliance(items: QuerySet[DisclosureItem], first: date, last: date, as_of: date) -> Compliance:
    return Compliance(**compliance_counts(items, first, last, as_of))


def calendar_items(commune: Unit, today: date) -> dict[str, list[DisclosureItem]]:
    """The chairman's list: items not posted yet (due, overdue) and items posted too briefly."""
    items = DisclosureItem.objects.filter(commune=commune).select_related("obligation")
    not_posted = items.filter(first_posted_on__isnull=True).order_by("due_on", "id")
    return {
        "overdue": list(not_posted.filter(due_on__lt=today)),
        "due": list(not_posted.filter(Q(due_on__gte=today) | Q(due_on__isnull=True))),
        "too_brief": list(items.filter(postings__is_too_brief=True).distinct().order_by("-approved_on")),
    }


def public_announcements(commune: Unit, now: datetime) -> QuerySet[Announcement]:
    """The announcements the public sees now: published, not expired, not cancelled."""
    return Announcement.objects.filter(commune=commune, publish_at__lte=now, cancelled_at=None).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def message_counts(announcement: Announcement) -> dict[str, int]:
    """How many messages the announcement put in the outbox, per channel."""
    rows = (
        Notification.objects.filter(dedupe_key__startswith=f"announcement:{announcement.pk}:")
        .values("channel")
        .annotate(total=Count("pk"))
    )
    return {row["channel"]: row["total"] for row in rows}


def reading_minutes(text: str) -> int:
    """Whole minutes (at least one) a loudspeaker reader needs for `text`."""
    words = len(text.split())
    return max(1, -(-words // WORDS_PER_MINUTE))


def calendar_state(item: DisclosureItem, today: date) -> str:
    """Where one item stands (calendar.publication_state)."""
    return publication_state(item.due_on, item.first_posted_on, today)


def consents_of(commune: Unit) -> QuerySet[MessageConsent]:
    """Every consent recorded for the commune's households, in force first, newest first."""
    return (
        MessageConsent.objects.filter(household__village__parent=commune)
        .select_related("household__village", "recorded_by")
        .order_by(F("withdrawn_on").desc(nulls_first=True), "-given_on", "-pk")
    )
